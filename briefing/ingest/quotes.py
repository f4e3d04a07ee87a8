"""Direct quotations in an article's paragraphs, each found whole, with its speaker.

Indonesian copy quotes the way English copy does: a quotation may run over
several sentences; over several paragraphs, where each continued paragraph
opens with a quotation mark and only the last one closes; or around its own
attribution ("..., kata Eva. "..."). Marks are curly or straight. Each of
those is one quote here. The speaker is named after the quote ("kata Eva"),
before it ("Eva mengatakan, "...", "Menurut Eva, "...") or by a pronoun
("ujarnya") that refers to the person the paragraph introduced.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from briefing import quotemarks
from briefing.ingest.bylines import NAME, TITLE_WORDS, is_name
from briefing.models import Quote
from briefing.quotemarks import CLOSERS, OPENERS

SPEECH_VERBS = (
    r"(?:kata|ujar|ucap|tutur|jelas|ungkap|imbuh|tambah|terang|tegas|sebut|papar|lanjut"
    r"|pungkas|tandas|sambung|timpal|seru|akui|klaim|nilai|kata dia|ujar dia)"
)
LEAD_IN_VERBS = (
    r"(?:mengatakan|menyatakan|menegaskan|menjelaskan|mengungkapkan|menuturkan|menyebut(?:kan)?"
    r"|berkata|menambahkan|mengakui|menilai|mengingatkan|meminta|berujar|bertutur|menekankan"
    r"|memaparkan|menerangkan|mengimbau)"
)
_AFTER = re.compile(rf"^\s*[,.]?\s*(?:{SPEECH_VERBS})(?P<nya>nya)?\b\s*(?P<rest>.*)", re.S)
# Only an attribution (", kata Eva." or "ujarnya"), between quotes or after one; its
# groups say who spoke, for the room's lead-ins.
ATTRIBUTION = re.compile(
    rf"^\s*[,.]?\s*(?P<verb>{SPEECH_VERBS})(?P<nya>nya)?\b[\s,]*"
    rf"(?P<rest>[^{OPENERS}{CLOSERS}]*?)[\s,.;:]*$"
)
_BEFORE = re.compile(rf"(?P<name>{NAME})\s*,?\s+(?:{LEAD_IN_VERBS})\s*[,:]?\s*$")
_MENURUT = re.compile(rf"(?:^|[.!?]\s+)(?:Menurut|Kata)\s+(?P<name>{NAME})\s*,\s*")
# "Direktur X, Theresia Marbun, mengatakan ...": the person in apposition to a title.
_APPOSITION = re.compile(rf",\s*(?P<name>{NAME})\s*,\s+(?:[a-z]|{LEAD_IN_VERBS})")
_SUBJECT = re.compile(rf"(?P<name>{NAME})\s+(?:{LEAD_IN_VERBS})\b")
MIN_WORDS = 3


@dataclass(frozen=True)
class _Span:
    paragraph: int
    start: int  # index of the opening mark
    end: int  # index of the closing mark, or the paragraph's length when left open
    closed: bool


def find_quotes(paragraphs: Sequence[str]) -> list[Quote]:
    """The quotations in ``paragraphs``, in order, each whole, with its speaker if named."""
    quotes: list[Quote] = []
    last_speaker: str | None = None
    last_paragraph = -2
    for group in _quote_groups(paragraphs):
        parts = [paragraphs[s.paragraph][s.start + 1 : s.end] for s in group]
        text = _join(parts)
        if len(text.split()) < MIN_WORDS:
            continue
        speaker = _speaker(paragraphs, group) or None
        if speaker is None and (
            _pronoun_after(paragraphs, group)
            # A paragraph that is only a quotation, right after someone's quote: theirs.
            or (group[0].paragraph == last_paragraph + 1 and _quote_only(paragraphs, group))
        ):
            speaker = last_speaker
        quotes.append(Quote(text=text, speaker=speaker))
        last_speaker = speaker or last_speaker
        last_paragraph = group[-1].paragraph
    return quotes


def _quote_only(paragraphs: Sequence[str], group: list[_Span]) -> bool:
    first, last = group[0], group[-1]
    before = paragraphs[first.paragraph][: first.start]
    after = paragraphs[last.paragraph][last.end + 1 :]
    return not before.strip() and not re.search(r"\w", after)


def _quote_groups(paragraphs: Sequence[str]) -> Iterator[list[_Span]]:
    """Spans grouped into quotations: continued over paragraphs, or around an attribution."""
    group: list[_Span] = []
    for index, paragraph in enumerate(paragraphs):
        for found in quotemarks.spans(paragraph):
            span = _Span(index, found.start, found.end, found.closed)
            if group and _continues(paragraphs, group[-1], span):
                group.append(span)
            else:
                if group and group[-1].closed:
                    yield group
                group = [span]
    if group and group[-1].closed:
        yield group


def _continues(paragraphs: Sequence[str], previous: _Span, span: _Span) -> bool:
    if not previous.closed:
        # Left open at the end of its paragraph: the next paragraph must reopen at once.
        return (
            span.paragraph == previous.paragraph + 1
            and not paragraphs[span.paragraph][: span.start].strip()
        )
    if span.paragraph != previous.paragraph:
        return False
    # '"A," kata Eva. "B."': only an attribution between two quotes in one paragraph.
    between = paragraphs[span.paragraph][previous.end + 1 : span.start]
    return bool(ATTRIBUTION.match(between))


def _join(parts: Sequence[str]) -> str:
    out: list[str] = []
    for i, part in enumerate(parts):
        part = re.sub(r"\s+", " ", part).strip()
        last = i == len(parts) - 1
        part = part.rstrip(",;:") if last else re.sub(r"[,;:]$", ".", part)
        if not last and not re.search(r"[.!?\u2026]$", part):
            part += "."
        if part:
            out.append(part)
    return " ".join(out).strip()


def _speaker(paragraphs: Sequence[str], group: list[_Span]) -> str | None:
    # Named after any of its parts: '"...," kata Eva.'
    for span in group:
        if not span.closed:
            continue
        after = paragraphs[span.paragraph][span.end + 1 :]
        m = _AFTER.match(after)
        if m is None:
            continue
        if m["nya"] or re.match(r"(?:dia|ia|beliau)\b", m["rest"]):
            return _subject(paragraphs, span.paragraph, span.start)
        name = _name_after_verb(m["rest"])
        if name:
            return name
    first = group[0]
    before = paragraphs[first.paragraph][: first.start]
    m = _BEFORE.search(before)
    if m:
        return _person(m["name"])
    return None


def _pronoun_after(paragraphs: Sequence[str], group: list[_Span]) -> bool:
    last = group[-1]
    if not last.closed:
        return False
    m = _AFTER.match(paragraphs[last.paragraph][last.end + 1 :])
    return bool(m and m["nya"])


def _name_after_verb(rest: str) -> str | None:
    """The speaker named after the verb: 'Eva di Jakarta' -> 'Eva'; 'Kepala Damkar
    Tangerang, Agus Salim, kepada wartawan' and 'ketua panitia, Yohanis Tandi, di sela
    acara' -> the person in apposition to the title."""
    chunks = [c.strip() for c in rest.split(",")[:4]]
    names: list[str] = []
    for number, chunk in enumerate(chunks):
        m = re.match(NAME, chunk)
        if m is None:
            if number == 0 and re.match(r"[a-z][\w-]*(?:\s+[\w-]+){0,5}$", chunk):
                continue  # a title in lower case before the name
            break
        names.append(m[0].rstrip("."))
        if m.end() < len(chunk):
            break  # the name ran into other words: "Eva di Jakarta"
    names = [n for n in names if is_name(n)]
    if not names:
        return None
    return _person(names[-1])


def _person(run: str) -> str:
    """The person in a run of capitalised words. A long run is a title and then a name
    ('Kepala Dinas Lingkungan Hidup Sulawesi Selatan Andi Rahman' -> 'Andi Rahman'); a
    run with no name after its title ('Vice President Public Relations KAI') is the
    title, which is how the article names the speaker."""
    words = run.split()
    if len(words) <= 3:
        return run
    tail: list[str] = []
    for word in reversed(words):
        if word.lower() in TITLE_WORDS or (word.isupper() and len(word) > 1):
            break
        tail.insert(0, word)
    if not tail:
        return run
    if 3 <= len(tail) < len(words) and words[-len(tail) - 1].lower() in _INSTITUTIONS:
        tail = tail[1:]  # "Kementerian Kesehatan Maria Lestari": the ministry's name first
    return " ".join(tail[-2:]) if len(tail) > 3 else " ".join(tail)


# Title words that a name of their own follows ("Kementerian Kesehatan", "Dinas Sosial").
_INSTITUTIONS = frozenset(
    """kementerian dinas badan balai kantor pusat bidang divisi bagian unit universitas
    institut fakultas sekolah""".split()  # noqa: SIM905 - a word list reads better as text
)


def _subject(paragraphs: Sequence[str], index: int, before: int) -> str | None:
    """The person a paragraph (or the one before it) introduced, for 'ujarnya'."""
    for text in (paragraphs[index][:before], paragraphs[index - 1] if index else ""):
        found = _names_speaking(text)
        if found:
            return _person(max(found)[1])
    return None


def _names_speaking(text: str) -> list[tuple[int, str]]:
    """Where ``text`` names someone as speaking ("Menurut Eva", "Kepala X, Eva,", "Eva
    mengatakan"), as (position, name)."""
    return [
        (m.start(), m["name"])
        for rx in (_MENURUT, _APPOSITION, _SUBJECT)
        for m in rx.finditer(text)
        if is_name(m["name"])
    ]


def named_speaker(text: str) -> str | None:
    """The person a sentence reports as speaking without quotation marks: "Menurut Eva,
    ...", "Kepala Damkar, Agus Salim, mengatakan ..." or "Eva menyebut ..."."""
    found = [(at, name) for at, name in _names_speaking(text) if name.lower() not in _PRONOUNS]
    return _person(min(found)[1]) if found else None


_PRONOUNS = frozenset("ia dia beliau mereka kami kita saya".split())  # noqa: SIM905
