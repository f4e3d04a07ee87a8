"""The Clubhouse room composer: Articles -> Script.

A moderator opens the room, brings the reporter, the analyst and the quote
voice on stage, steers each story with questions that fit what comes next,
recaps for latecomers in long episodes and closes with thanks and credits.

Python decides the structure: which paragraph is whose (talk.kind_of: the
reporter tells the lead and what happened, the analyst the background, figures
and what comes next, the quote voice the quotations), where the moderator asks
and what kind of question, and how an attribution is said before its quote. The
jinja2 templates, shipped with the package and overridable per show, write the
moderator's words around it. Every fact comes from the articles. Phrasing
varies between episodes by a choice seeded with the episode, so the same input
always gives the same script.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
from num2words import num2words
from slugify import slugify

from briefing import quotemarks
from briefing.dates import date_text
from briefing.errors import ScriptError
from briefing.ingest.quotes import LEAD_IN_VERBS, named_speaker
from briefing.length import DEFAULT_RATE, speaking_seconds
from briefing.models import Article, Script, Source
from briefing.names import LENGTHS
from briefing.script import talk
from briefing.script.normalize import spoken_form
from briefing.script.scriptfile import parse_lines
from briefing.script.sentences import split_sentences
from briefing.settings import ROLES, Room, Show

log = logging.getLogger(__name__)


BRIEF_TARGET = 85.0  # seconds of article sentences per story; the room adds ~10-20 s
BRIEF_MAX = 110.0
FULL_MAX = 15 * 60.0  # even "full" stops here, so a runaway page can't make a 10-hour show
RECAP_EVERY = 5 * 60.0  # a latecomers' recap at the next boundary after this much talk
STORY_OVERHEAD = 15.0  # the moderator's introductions and questions, per story

# Headings that announce background rather than news: these go to the analyst.
EXPLAINER = re.compile(
    r"^(?:apa|siapa|mengapa|kenapa|bagaimana|berapa|kapan|di mana|seperti apa)\b"
    r"|\b(?:sejarah|profil|latar belakang|mengenal|fakta|penjelasan|kronologi|asal[- ]usul"
    r"|tentang|arti|makna|daftar)\b",
    re.IGNORECASE,
)
# A direct quotation worth the quote voice: four words or more between quote marks.
QUOTATION = re.compile(r"[\"\u201c](?P<quote>[^\"\u201c\u201d]+?)[\"\u201d]")
MIN_QUOTE_WORDS = 4
_JOINED = re.compile(rf"[.!?][ \t]*(?:{'|'.join(ROLES)}):[ \t]")


@dataclass(frozen=True)
class _Utterance:
    role: str
    text: str
    kind: str = "say"  # "say", "lead-in" (who speaks next), "quote" or "question"
    speaker: str | None = None  # who is quoted, when the article names them

    def as_dict(self) -> dict[str, Any]:
        return {"role": self.role, "text": self.text, "kind": self.kind,
                "speaker": self.speaker}  # fmt: skip


def compose(
    articles: Sequence[Article],
    show: Show,
    when: dt.datetime,
    length: str = "full",
    *,
    story_seconds: float | None = None,
    edition: str | None = None,
    rate: float = DEFAULT_RATE,
) -> Script:
    """The script of one episode about ``articles``, aired at ``when``.

    ``story_seconds`` is the brief budget of article sentences per story (the
    daily rundown fits an edition to its target with it); ``edition`` names a
    daily edition ("pagi"), which gives the episode its title and slug; ``rate``
    is the speaking rate of the engine expected to say it (``briefing.length``).
    """
    if not articles:
        raise ScriptError("no articles to talk about")
    if length not in LENGTHS:
        raise ScriptError(f"unknown length {length!r} (lengths: {', '.join(LENGTHS)})")
    local = when.astimezone(show.zone)
    slug = edition_slug(edition) if edition else episode_slug(articles)
    cast = {role: show.role(role).name for role in ROLES}
    budget = (BRIEF_TARGET, BRIEF_MAX) if story_seconds is None else (
        story_seconds, story_seconds * BRIEF_MAX / BRIEF_TARGET)  # fmt: skip
    stories = [
        _story(a, i, length, budget, local.date(), show.zone, rate)
        for i, a in enumerate(articles, start=1)
    ]
    for before, story in itertools.pairwise(stories):
        # "Masih soal harga cabai, ...": the hand-off says what two stories share.
        story["link"] = talk.shared_topic(before["subject"], story["subject"])
    for story in stories:
        # A writer who shares a host's name is credited as the journalist they are.
        story["namesake"] = any(
            name in author.split() for author in story["authors"] for name in cast.values()
        )
    _plan_recaps(stories)
    spoken = {u["role"] for st in stories for b in st["blocks"] for u in b["utterances"]}
    context: dict[str, Any] = {
        "show": show.identity,  # {{ show.name }} in the templates, the show's own too
        "cast": cast,
        "greeting": greeting(local),
        "edition": edition or "",
        "date_text": date_text(local.date()),
        "stories": stories,
        "uses_analyst": "analyst" in spoken,
        "uses_quote": "quote" in spoken,
        # Everyone who spoke on stage, thanked in the closing.
        "on_stage": [cast[r] for r in ("reporter", "analyst", "quote") if r in spoken],
    }
    env = template_environment(show.room)
    pick, rotate = _choosers(f"{show.identity.name}|{local.date().isoformat()}|{slug}")
    env.globals["pick"] = pick
    env.globals["rotate"] = rotate
    env.filters["sentence"] = as_sentence
    env.filters["ordinal"] = ordinal_word
    env.filters["upfirst"] = lambda text: text[:1].upper() + text[1:]
    try:
        rendered = env.get_template("room.j2").render(context)
    except jinja2.TemplateError as exc:
        raise ScriptError(f"template error: {exc}") from exc
    joined = _JOINED.search(rendered)
    if joined:
        # A block tag at a line's end (with trim_blocks) swallowed the newline.
        raise ScriptError(f"templates joined two utterances on one line: {joined[0]!r}")
    lines = parse_lines(rendered.splitlines(), origin="templates")
    if edition:
        title = f"{show.identity.name} Edisi {edition.capitalize()}, {date_text(local.date())}"
    elif len(articles) == 1:
        title = talk.spoken_title(articles[0].title)
    else:
        title = f"{show.identity.name}, {date_text(local.date())}"
    return Script(
        slug=slug,
        title=title,
        description=_description(articles),
        date=local.date(),
        published=when,
        lines=tuple(lines),
        sources=tuple(s for a in articles for s in (Source.of(a), *a.also)),
        speakers=cast,
    )


def template_environment(room: Room) -> jinja2.Environment:
    """Templates from the show's folder first, then the ones shipped with briefing."""
    loaders: list[jinja2.BaseLoader] = []
    if room.templates is not None:
        loaders.append(jinja2.FileSystemLoader(str(room.templates)))
    loaders.append(jinja2.PackageLoader("briefing.script", "templates"))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # plain spoken text, never HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def as_sentence(text: str) -> str:
    """``text`` with closing punctuation, so a title can be said as a sentence."""
    text = text.strip()
    return text if re.search(r"[.!?]$", text) else text + "."


def ordinal_word(n: int) -> str:
    """1 -> "Pertama", 2 -> "Kedua": how a rundown counts its stories."""
    return str(num2words(n, lang="id", to="ordinal")).capitalize()


def greeting(local: dt.datetime) -> str:
    hour = local.hour
    if 4 <= hour < 11:
        return "Selamat pagi"
    if 11 <= hour < 15:
        return "Selamat siang"
    if 15 <= hour < 18:
        return "Selamat sore"
    return "Selamat malam"


def edition_slug(edition: str) -> str:
    """The slug of a daily edition's episodes ("edisi-pagi")."""
    return f"edisi-{edition}"


def episode_slug(articles: Sequence[Article]) -> str:
    """An ASCII, URL-safe name for the episode, from its first story."""
    slug = slugify(articles[0].title, max_length=60, word_boundary=True, save_order=True)
    return slug or "episode"


# --- Who says what -----------------------------------------------------------------


def _story(
    article: Article,
    index: int,
    length: str,
    budget: tuple[float, float],
    day: dt.date,
    zone: dt.tzinfo,
    rate: float = DEFAULT_RATE,
) -> dict[str, Any]:
    """What the templates know of one article: its paragraphs as blocks of talk.

    The lead goes to the reporter. Each later paragraph goes to whoever's part it is
    (talk.kind_of) and, when the speaker changes or the paragraph holds something
    new (a named source, an amount, a response...), the moderator asks for it first.
    """
    speakers = {q.text: q.speaker for q in article.quotes if q.speaker}
    blocks: list[dict[str, Any]] = []
    asked: set[str] = set()  # question kinds asked in this story
    people: list[set[str]] = []  # the people asked for, as the words of their names
    heading_questions: list[str] = []
    hand_offs = 0
    headings = 0  # headings asked about so far: each is introduced differently
    told = False
    last_person: str | None = None  # the last person named, for "Ia mengatakan:"
    seen_sections: set[int] = set()
    for k, (number, sentences) in enumerate(_paragraphs(_select(article, length, budget, rate))):
        heading = article.sections[number].heading
        first_of_section = number not in seen_sections
        seen_sections.add(number)
        explainer = bool(heading) and _is_explainer(heading or "")
        question = _question(heading) if heading and first_of_section else None
        if question:
            heading_questions.append(question)
        text = " ".join(sentences)
        kind = "lead" if k == 0 else talk.kind_of(text, day.year)
        if kind == "said" and _asked_for(named_speaker(text) or "", people):
            kind = "news"  # more of what someone already heard said: detail, not a new voice
        analyst = kind in talk.ANALYST_KINDS or (told and kind in talk.LATER_KINDS)
        narrator = "analyst" if explainer or analyst else "reporter"
        utterances = _lead_ins_first(
            [
                u
                for u in (u for s in sentences for u in _voice(s, narrator, speakers, last_person))
                if not (u.kind == "question" and _asked_already(u.text, heading_questions))
            ]
        )
        if not utterances:
            continue
        quoted = next((u.speaker for u in utterances if u.kind == "quote" and u.speaker), None)
        if quoted and blocks and not explainer and _asked_for(quoted, people):
            # More from someone already asked for: whoever told their words goes on.
            narrator = blocks[-1]["narrator"]
            utterances = [
                dataclasses.replace(u, role=narrator) if u.kind in ("say", "lead-in") else u
                for u in utterances
            ]
            kind = "news"
        # The main facts are told: the lead, then a first person heard or reported.
        told = told or any(u.kind == "quote" for u in utterances) or kind == "said"
        named = quoted or (named_speaker(text) if kind in ("said", "response") else None)
        last_person = named or last_person
        ask: dict[str, Any] | None = None
        if k == 0:
            pass  # the moderator's opening question asks for the lead
        elif heading and first_of_section:
            ask = {
                "kind": "explain" if explainer else "heading",
                "question": question,
                "n": headings,
            }
            headings += 1
        elif named and not _asked_for(named, people):
            people.append(set(named.split()))
            ask = {"kind": "response" if kind == "response" else "quote", "name": named}
        elif explainer:
            pass  # inside an explainer the analyst goes on without being asked again
        elif kind not in asked and kind not in ("news", "lead", "said") and not quoted:
            ask = {"kind": kind, "name": named}
        elif not blocks or narrator != blocks[-1]["narrator"] or len(blocks[-1]["utterances"]) >= 6:
            ask, hand_offs = {"kind": "news", "n": hand_offs}, hand_offs + 1
        if ask is not None:
            asked.add(ask["kind"])
        if ask is None and blocks and blocks[-1]["narrator"] == narrator:
            blocks[-1]["utterances"].extend(u.as_dict() for u in utterances)
            blocks[-1]["seconds"] += _seconds(utterances, rate)
            continue
        if ask is not None:
            # The moderator names whom they ask when the floor changes hands.
            before = blocks[-1]["utterances"][-1]["role"] if blocks else "moderator"
            ask["address"] = before != narrator
        blocks.append(
            {
                "narrator": narrator,
                "ask": ask,
                # A listicle's number ("3. Buruh minta 10 persen") is not said.
                "heading": re.sub(r"^\d{1,2}[.)]\s+", "", heading or "")
                if first_of_section and k
                else "",
                "utterances": [u.as_dict() for u in utterances],
                "seconds": _seconds(utterances, rate),
                "recap": None,
            }
        )
    published = article.published.astimezone(zone).date() if article.published else None
    subject = talk.subject_of(article.title)
    return {
        "index": index,
        "title": article.title,
        "spoken_title": talk.spoken_title(article.title),
        "subject": subject,
        "outlet": article.outlet,
        "dateline": article.dateline,
        # When the article is from another day, the room says when it was reported, so
        # its "kemarin" and "Sabtu lalu" are heard against that day.
        "reported": date_text(published) if published and published != day else "",
        "authors": list(article.authors),
        # Other outlets that reported the same story, credited in the closing.
        "also": [s.outlet for s in article.also if s.outlet and s.outlet != article.outlet],
        "follows": _follows(article.follows, day, zone),
        "blocks": blocks,
        "link": None,
        "recap": None,
    }


def _follows(earlier: Source | None, day: dt.date, zone: dt.tzinfo) -> dict[str, str] | None:
    """What the moderator says of the story an update follows: its subject, and when
    the room told it ("tadi", "kemarin", or the day)."""
    if earlier is None:
        return None
    aired = earlier.published.astimezone(zone).date() if earlier.published else None
    if aired == day:
        when = "tadi"
    elif aired == day - dt.timedelta(days=1):
        when = "kemarin"
    else:
        when = f"pada {date_text(aired)}" if aired else "sebelumnya"
    return {"subject": talk.subject_of(earlier.title), "when": when}


def _seconds(utterances: Iterable[_Utterance], rate: float) -> float:
    return sum(speaking_seconds(spoken_form(u.text), rate) for u in utterances)


def _asked_for(name: str, people: list[set[str]]) -> bool:
    # "Joko" after "Joko Susilo" is the same person: one name's words within the other's.
    return _within_either(set(name.split()), people)


def _within_either(words: set[str], known: Iterable[set[str]]) -> bool:
    """Whether ``words`` and one of the ``known`` sets hold one within the other."""
    return any(words <= other or other <= words for other in known)


def _paragraphs(chosen: list[tuple[int, int, str]]) -> list[tuple[int, list[str]]]:
    """The chosen sentences grouped back into their paragraphs: (section, sentences)."""
    out: list[tuple[int, list[str]]] = []
    last = None
    for section, paragraph, sentence in chosen:
        if paragraph != last:
            out.append((section, []))
            last = paragraph
        out[-1][1].append(sentence)
    return out


def _asked_already(question: str, asked: list[str]) -> bool:
    """An article's own question that repeats one the moderator asked ("Lantas, apa itu X?")."""
    core = _question_words(question)
    return bool(core) and _within_either(core, (_question_words(a) for a in asked))


def _question_words(question: str) -> set[str]:
    return {w for w in re.findall(r"\w+", question.lower()) if w not in _FILLERS}


_FILLERS = frozenset("lantas lalu jadi sebenarnya sih kok nah terus kemudian".split())  # noqa: SIM905


def _is_explainer(heading: str) -> bool:
    return "?" in heading or bool(EXPLAINER.search(heading))


def _question(heading: str) -> str | None:
    """The question a heading asks ("Apa Itu Clubhouse? Dipakai ..." -> "Apa Itu Clubhouse?")."""
    m = re.match(r"^(.*?\?)", heading)
    return m[1].strip() if m else None


def _voice(
    sentence: str, narrator: str, speakers: dict[str, str], known: str | None = None
) -> list[_Utterance]:
    """A sentence as utterances: direct quotes go to the quote voice, the rest to the narrator.

    The words are the article's own. The quotation marks (which the change of voice
    now marks) are dropped, and an attribution after a quote ("kata Eva.") is said
    before it instead ("Eva mengatakan:"), so no line is only an attribution.
    """
    out: list[_Utterance] = []
    position = 0
    for m in QUOTATION.finditer(sentence):
        quote = m["quote"].strip()
        if len(quote.split()) < MIN_QUOTE_WORDS:
            continue
        before = sentence[position : m.start()].strip()
        if _has_words(before):
            _narrate(out, before, narrator, known)
        spoken_quote = re.sub(r"[,;:]$", ".", quote)
        if not re.search(r"[.!?]$", spoken_quote):
            spoken_quote += "."  # the sentence's own full stop stood outside the quote marks
        speaker = _speaker_of(quote, speakers)
        # One line a sentence, as the narrators have: the quote voice says them all.
        out.extend(
            _Utterance("quote", part, "quote", speaker) for part in split_sentences(spoken_quote)
        )
        position = m.end()
    rest = sentence[position:].strip()
    if _has_words(rest):
        if not out and _is_question(rest):
            out.append(_Utterance("moderator", _unquoted(rest), "question"))
        else:
            _narrate(out, rest, narrator, known)
    return out


def _narrate(out: list[_Utterance], text: str, narrator: str, known: str | None) -> None:
    """Add the narrator's words, moving an attribution before the quotes it names."""
    if out and out[-1].kind == "quote" and talk.is_attribution(text):
        said = talk.lead_in(text, out[-1].speaker, known)
        if said:
            out.append(_Utterance(narrator, said, "lead-in"))
        return
    # "Eva mengatakan," before a quote: a colon, as the quote voice takes over.
    text = re.sub(rf"\b({LEAD_IN_VERBS})\s*,$", r"\1:", text.strip())
    text = _unquoted(text)
    if _has_words(text):
        out.append(_Utterance(narrator, text))


def _lead_ins_first(utterances: list[_Utterance]) -> list[_Utterance]:
    """Each lead-in ("Eva mengatakan:") moved before the run of quotes it names, which
    may span sentences and, for a quotation continued over paragraphs, paragraphs."""
    out: list[_Utterance] = []
    for u in utterances:
        if u.kind == "lead-in":
            first = len(out)
            while first and out[first - 1].kind == "quote":
                first -= 1
            out.insert(first, u)
        else:
            out.append(u)
    return out


def _unquoted(text: str) -> str:
    """Narration without quotation marks: a short quoted phrase is said as plain words."""
    text = re.sub(f"[{quotemarks.OPENERS}{quotemarks.CLOSERS}]", "", text)
    return re.sub(r"\s+([,.;:!?])", r"\1", re.sub(r"\s+", " ", text)).strip(" ,")


def _speaker_of(fragment: str, speakers: dict[str, str]) -> str | None:
    """Who says a voiced quotation: the article's quote it is (part of)."""
    key = fragment.strip().rstrip(",.;:!?\u2026 ")
    if not key:
        return None
    return next((who for text, who in speakers.items() if key in text), None)


def _has_words(text: str) -> bool:
    return bool(re.search(r"\w", text))


def _is_question(sentence: str) -> bool:
    # "Lantas, apa itu Clubhouse?": the article's own rhetorical question, asked by the host.
    return sentence.endswith("?") and len(sentence.split()) <= 12


def _select(
    article: Article,
    length: str,
    budget: tuple[float, float] = (BRIEF_TARGET, BRIEF_MAX),
    rate: float = DEFAULT_RATE,
) -> list[tuple[int, int, str]]:
    """(section, paragraph, sentence) to voice, in article order, within the length budget."""
    # A quotation continued over paragraphs is closed where each paragraph ends, so
    # each part is voiced as the quote it is.
    balanced = quotemarks.balance(article.paragraphs)
    # A quotation continued into the next paragraph makes the two one paragraph of talk.
    groups = list(range(len(balanced)))
    for i in reversed(range(len(balanced) - 1)):
        if balanced[i] != article.paragraphs[i]:
            groups[i] = groups[i + 1]
    numbers = [n for n, section in enumerate(article.sections) for _ in section.paragraphs]
    sentences = [
        (number, groups[i], s)
        for i, (number, text) in enumerate(zip(numbers, balanced, strict=True))
        for s in split_sentences(text)
    ]
    seconds = [speaking_seconds(spoken_form(s), rate) for _, _, s in sentences]
    if length == "full":
        left, kept = FULL_MAX, list[tuple[int, int, str]]()
        for item, secs in zip(sentences, seconds, strict=True):
            if left - secs < 0 and kept:
                log.warning("%r is too long to read in full; stopping at %d min",
                            article.title[:50], FULL_MAX // 60)  # fmt: skip
                break
            kept.append(item)
            left -= secs
        return kept
    # Brief: the lead (first two sentences), then the most informative of the
    # rest until the target, always told in the article's order.
    target, most = budget
    keep = set(range(min(2, len(sentences))))
    total = sum(seconds[i] for i in keep)
    ranked = sorted(
        (i for i in range(len(sentences)) if i not in keep),
        key=lambda i: (-_informativeness(sentences[i][2], i), i),
    )
    for i in ranked:
        if total >= target:
            break
        if total + seconds[i] <= most:
            keep.add(i)
            total += seconds[i]
    return [sentences[i] for i in sorted(keep)]


def _informativeness(sentence: str, position: int) -> float:
    """How much news a sentence carries: figures, names, quotes; earlier is better."""
    words = sentence.split()
    figures = len(re.findall(r"\d+(?:[.,]\d+)*", sentence))
    names = sum(1 for w in words[1:] if w[:1].isupper())
    quoted = 1 if QUOTATION.search(sentence) else 0
    rhetorical = 2 if _is_question(sentence) else 0
    return (
        2.0 * figures
        + names
        + 1.5 * quoted
        - rhetorical
        - 0.15 * position
        + min(len(words), 25) / 25
    )


def _plan_recaps(stories: list[dict[str, Any]]) -> None:
    """Mark where the moderator recaps for latecomers: at a story or block boundary,
    once the talk since the last recap passes RECAP_EVERY. A recap names the stories
    already told by their subjects."""
    since = 0.0
    for number, story in enumerate(stories):
        told = [s["subject"] for s in stories[:number]]
        if told and since >= RECAP_EVERY:
            story["recap"], since = told, 0.0
        since += STORY_OVERHEAD
        for k, block in enumerate(story["blocks"]):
            if k and since >= RECAP_EVERY:
                block["recap"], since = told, 0.0
            since += block["seconds"]


def _description(articles: Sequence[Article]) -> str:
    parts = []
    for a in articles:
        summary = a.lede or (a.paragraphs[0] if a.paragraphs else "")
        parts.append(f"{as_sentence(a.title)} {summary}".strip())
    return "\n\n".join(parts)


def _choosers(seed: str) -> tuple[Any, Any]:
    """The templates' pick(key, options), one option chosen by the episode's seed, and
    rotate(key, options, n), the n-th option from that seeded start, so that the
    questions of one kind asked in one story are all different."""

    def choose(name: str, key: str, options: Sequence[str], n: int) -> str:
        if not options:
            raise ScriptError(f"{name}({key!r}) was given no options")
        digest = hashlib.sha256(f"{seed}|{key}".encode()).digest()
        return options[(int.from_bytes(digest[:4], "big") + n) % len(options)]

    def pick(key: str, options: Sequence[str]) -> str:
        return choose("pick", key, options, 0)

    def rotate(key: str, options: Sequence[str], n: int) -> str:
        return choose("rotate", key, options, n)

    return pick, rotate
