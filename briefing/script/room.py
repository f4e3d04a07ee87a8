"""The Clubhouse room composer: Articles -> Script.

A moderator opens the room, brings the reporter (and, for explainers, the
analyst) on stage, asks the questions, lets quotes be heard in the quote
voice, recaps for latecomers in long episodes and closes with credits.

Python decides the structure (who speaks which sentence of the article); the
jinja2 templates, shipped with the package and overridable per show, write
the moderator's words around it. Every fact comes from the articles. Phrasing
varies between episodes by a choice seeded with the episode, so the same
input always gives the same script.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
from num2words import num2words
from slugify import slugify

from briefing import quotemarks
from briefing.errors import ScriptError
from briefing.models import Article, Script, Section, Source
from briefing.script.normalize import MONTH_NAMES, spoken_form
from briefing.script.scriptfile import parse_lines
from briefing.script.sentences import split_sentences
from briefing.settings import ROLES, Show

log = logging.getLogger(__name__)

DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
LENGTHS = ("full", "brief")

# Speech rate used to plan lengths: Indonesian voices say about 15 characters of
# spoken form a second (measured: espeak-ng at rate 160, gTTS at normal speed).
CHARS_PER_SECOND = 15.0
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
    kind: str = "say"  # "say", "quote" or "question"
    speaker: str | None = None  # who is quoted, when the article names them
    prompt: bool = False  # the moderator asks for this quote first

    @property
    def seconds(self) -> float:
        return len(spoken_form(self.text)) / CHARS_PER_SECOND

    def as_dict(self) -> dict[str, Any]:
        return {"role": self.role, "text": self.text, "kind": self.kind,
                "speaker": self.speaker, "prompt": self.prompt}  # fmt: skip


def compose(
    articles: Sequence[Article],
    show: Show,
    when: dt.datetime,
    length: str = "full",
    *,
    story_seconds: float | None = None,
    edition: str | None = None,
) -> Script:
    """The script of one episode about ``articles``, aired at ``when``.

    ``story_seconds`` is the brief budget of article sentences per story (the
    daily rundown fits an edition to its target with it); ``edition`` names a
    daily edition ("pagi"), which gives the episode its title and slug.
    """
    if not articles:
        raise ScriptError("no articles to talk about")
    if length not in LENGTHS:
        raise ScriptError(f"unknown length {length!r} (lengths: {', '.join(LENGTHS)})")
    local = when.astimezone(show.zone)
    slug = f"edisi-{edition}" if edition else episode_slug(articles)
    cast = {role: show.role(role).name for role in ROLES}
    budget = (BRIEF_TARGET, BRIEF_MAX) if story_seconds is None else (
        story_seconds, story_seconds * BRIEF_MAX / BRIEF_TARGET)  # fmt: skip
    stories = [_story(a, i, length, budget) for i, a in enumerate(articles, start=1)]
    _plan_recaps(stories)
    context: dict[str, Any] = {
        "show": show,
        "cast": cast,
        "greeting": greeting(local),
        "edition": edition or "",
        "date_text": date_text(local.date()),
        "stories": stories,
        "uses_analyst": any(s["narrator"] == "analyst" for st in stories for s in st["sections"]),
        "uses_quote": any(
            u["role"] == "quote"
            for st in stories
            for u in [*st["lead"], *(u for s in st["sections"] for u in s["utterances"])]
        ),
    }
    env = template_environment(show)
    env.globals["pick"] = _picker(f"{show.name}|{local.date().isoformat()}|{slug}")
    env.filters["sentence"] = as_sentence
    env.filters["ordinal"] = ordinal_word
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
        title = f"{show.name} Edisi {edition.capitalize()}, {date_text(local.date())}"
    elif len(articles) == 1:
        title = articles[0].title
    else:
        title = f"{show.name}, {date_text(local.date())}"
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


def template_environment(show: Show) -> jinja2.Environment:
    """Templates from the show's folder first, then the ones shipped with briefing."""
    loaders: list[jinja2.BaseLoader] = []
    if show.templates is not None:
        loaders.append(jinja2.FileSystemLoader(str(show.templates)))
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


def date_text(day: dt.date) -> str:
    return f"{DAY_NAMES[day.weekday()]}, {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def episode_slug(articles: Sequence[Article]) -> str:
    """An ASCII, URL-safe name for the episode, from its first story."""
    slug = slugify(articles[0].title, max_length=60, word_boundary=True, save_order=True)
    return slug or "episode"


# --- Who says what -----------------------------------------------------------------


def _story(
    article: Article, index: int, length: str, budget: tuple[float, float]
) -> dict[str, Any]:
    """What the templates know of one article: its lead, then its headed sections."""
    speakers = {q.text: q.speaker for q in article.quotes if q.speaker}
    chosen = _select(article, length, budget)
    lead: list[_Utterance] = []
    headed: list[tuple[Section, str, list[_Utterance]]] = []
    for number, section in enumerate(article.sections):
        narrator = "analyst" if section.heading and _is_explainer(section.heading) else "reporter"
        utterances = [
            u for n, text in chosen if n == number for u in _voice(text, narrator, speakers)
        ]
        if not utterances:
            continue
        if section.heading is None and not headed:
            lead.extend(utterances)
        else:
            headed.append((section, narrator, utterances))
    _prompt_first_named_quote([lead, *(u for _, _, u in headed)])
    sections = [
        {
            "heading": section.heading or "",
            "question": _question(section.heading or ""),
            "narrator": narrator,
            "utterances": [u.as_dict() for u in utterances],
            "seconds": sum(u.seconds for u in utterances),
            "recap": None,
        }
        for section, narrator, utterances in headed
    ]
    return {
        "index": index,
        "title": article.title,
        "outlet": article.outlet,
        "dateline": article.dateline,
        "authors": list(article.authors),
        # Other outlets that reported the same story, credited in the closing.
        "also": [s.outlet for s in article.also if s.outlet and s.outlet != article.outlet],
        "lead": [u.as_dict() for u in lead],
        "lead_seconds": sum(u.seconds for u in lead),
        "sections": sections,
        "recap": None,
    }


def _prompt_first_named_quote(groups: list[list[_Utterance]]) -> None:
    """Let the moderator ask for the story's first quote whose speaker the article names,
    when the quote opens its sentence (so the question leads straight into it)."""
    for group in groups:
        for i, u in enumerate(group):
            if (
                u.kind == "quote"
                and u.speaker
                and (
                    i == 0
                    or group[i - 1].kind != "say"
                    or group[i - 1].text.endswith((".", "?", "!"))
                )
            ):
                group[i] = dataclasses.replace(u, prompt=True)
                return


def _is_explainer(heading: str) -> bool:
    return "?" in heading or bool(EXPLAINER.search(heading))


def _question(heading: str) -> str | None:
    """The question a heading asks ("Apa Itu Clubhouse? Dipakai ..." -> "Apa Itu Clubhouse?")."""
    m = re.match(r"^(.*?\?)", heading)
    return m[1].strip() if m else None


def _voice(sentence: str, narrator: str, speakers: dict[str, str]) -> list[_Utterance]:
    """A sentence as utterances: direct quotes go to the quote voice, the rest to the narrator.

    The words are the article's own; only the quotation marks around a quote
    (which the change of voice now marks) and dangling punctuation are dropped.
    """
    out: list[_Utterance] = []
    position = 0
    for m in QUOTATION.finditer(sentence):
        quote = m["quote"].strip()
        if len(quote.split()) < MIN_QUOTE_WORDS:
            continue
        before = sentence[position : m.start()].strip()
        if _has_words(before):
            out.append(_Utterance(narrator, before))
        spoken_quote = re.sub(r"[,;:]$", ".", quote)
        if not re.search(r"[.!?]$", spoken_quote):
            spoken_quote += "."  # the sentence's own full stop stood outside the quote marks
        speaker = _speaker_of(quote, speakers)
        out.append(_Utterance("quote", spoken_quote, "quote", speaker))
        position = m.end()
    rest = sentence[position:].strip()
    if _has_words(rest):
        kind = "question" if not out and _is_question(rest) else "say"
        out.append(_Utterance("moderator" if kind == "question" else narrator, rest, kind))
    return out


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
    article: Article, length: str, budget: tuple[float, float] = (BRIEF_TARGET, BRIEF_MAX)
) -> list[tuple[int, str]]:
    """(section number, sentence) pairs to voice, in article order, within the length budget."""
    # A quotation continued over paragraphs is closed where each paragraph ends, so
    # each part is voiced as the quote it is.
    balanced = iter(quotemarks.balance(article.paragraphs))
    sentences = [
        (number, s)
        for number, section in enumerate(article.sections)
        for _ in section.paragraphs
        for s in split_sentences(next(balanced))
    ]
    seconds = [len(spoken_form(s)) / CHARS_PER_SECOND for _, s in sentences]
    if length == "full":
        left, kept = FULL_MAX, list[tuple[int, str]]()
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
        key=lambda i: (-_informativeness(sentences[i][1], i), i),
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
    """Mark where the moderator recaps for latecomers: at a story or section boundary,
    once the talk since the last recap passes RECAP_EVERY. A recap carries the titles
    of the stories already told."""
    since = 0.0
    for number, story in enumerate(stories):
        told = [s["title"] for s in stories[:number]]
        if told and since >= RECAP_EVERY:
            story["recap"], since = told, 0.0
        since += STORY_OVERHEAD + story["lead_seconds"]
        for section in story["sections"]:
            if since >= RECAP_EVERY:
                section["recap"], since = told, 0.0
            since += section["seconds"]


def _description(articles: Sequence[Article]) -> str:
    parts = []
    for a in articles:
        summary = a.lede or (a.paragraphs[0] if a.paragraphs else "")
        parts.append(f"{as_sentence(a.title)} {summary}".strip())
    return "\n\n".join(parts)


def _picker(seed: str) -> Any:
    def pick(key: str, options: Sequence[str]) -> str:
        if not options:
            raise ScriptError(f"pick({key!r}) was given no options")
        digest = hashlib.sha256(f"{seed}|{key}".encode()).digest()
        return options[int.from_bytes(digest[:4], "big") % len(options)]

    return pick
