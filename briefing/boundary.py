"""Everything from outside is checked here once, so nothing downstream meets it raw.

Pages, feeds, script files, show files and catalogs (which travel between
machines) may carry characters no listener hears and no XML document may hold:
C0 and C1 controls, Unicode non-characters (U+FFFE, U+FDD0...), lone
surrogates, and invisible format characters that reorder or hide text (bidi
overrides, zero-width marks). Text a machine wrote (pages, feeds, catalogs) is
cleaned; text a producer wrote by hand (scripts, show files) is refused with
the place of the character, so the producer can see what they pasted.

Dates are range-checked here too: a year-9999 stamp overflows every time zone
conversion the feed makes, so it never gets past the boundary.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable

from briefing.errors import BriefingError
from briefing.models import (
    MAX_LEDE,
    MAX_NAME,
    MAX_TITLE,
    Article,
    Quote,
    Section,
    Source,
)

# Controls but tab, newline and carriage return (layout); DEL and the C1 block;
# surrogates (only reachable through escapes); every non-character.
_FORBIDDEN_CHARS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17))
)
# Invisible format characters: bidi embeddings, overrides and isolates (they can make
# text read differently from how it shows), zero-width marks, soft hyphens, and a
# byte-order mark inside the text.
_INVISIBLE_CHARS = "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_BAD = re.compile(f"[{_FORBIDDEN_CHARS}{_INVISIBLE_CHARS}]")

EARLIEST = dt.date(1990, 1, 1)  # older than any news a show airs
AHEAD = dt.timedelta(days=366)  # an edition may be dated up to a year ahead, no more

MAX_SLUG = 100  # characters: the episode's file names (slug + date + version) stay < 255 bytes


def clean(text: str) -> str:
    """``text`` in NFC without forbidden or invisible characters (layout kept)."""
    return unicodedata.normalize("NFC", _BAD.sub("", text))


def clean_line(text: str) -> str:
    """``text`` cleaned, on one line, its spaces collapsed."""
    return " ".join(clean(text).split())


def has_bad_character(text: str) -> bool:
    """Whether ``text`` holds a character ``clean`` removes."""
    return _BAD.search(text) is not None


def refuse_bad_characters(text: str, where: str, error: type[BriefingError]) -> None:
    """Raise ``error`` naming the line and column of the first bad character in ``text``."""
    found = _BAD.search(text)
    if found is None:
        return
    offset, code = found.start(), f"U+{ord(found.group()):04X}"
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    raise error(f"{where}:{line}:{column}: a control or invisible character ({code}); "
                "delete it and save the file again")  # fmt: skip


def refuse_in_values(data: object, where: str, error: type[BriefingError], path: str = "") -> None:
    """Raise ``error`` for the first key or text in parsed TOML holding a bad character
    (TOML escapes like ``\\u0001`` get past a check of the file's raw text)."""
    if isinstance(data, dict):
        for key, value in data.items():
            inner = f"{path}.{key}" if path else str(key)
            refuse_in_values(str(key), where, error, inner)
            refuse_in_values(value, where, error, inner)
    elif isinstance(data, list):
        for number, value in enumerate(data, start=1):
            refuse_in_values(value, where, error, f"{path}[{number}]")
    elif isinstance(data, str) and (found := _BAD.search(data)):
        raise error(f"{where}: {path} holds a control or invisible character "
                    f"(U+{ord(found.group()):04X})")  # fmt: skip


def latest(now: dt.datetime | None = None) -> dt.date:
    return (now or dt.datetime.now(dt.UTC)).date() + AHEAD


def in_range(value: dt.date, now: dt.datetime | None = None) -> bool:
    """Whether a date (or datetime) is one a news show can carry."""
    day = value.date() if isinstance(value, dt.datetime) else value
    return EARLIEST <= day <= latest(now)


def check_date(value: dt.date, where: str, error: type[Exception]) -> None:
    if not in_range(value):
        raise error(f"{where} {value.isoformat()} is out of range "
                    f"({EARLIEST.isoformat()} to {latest().isoformat()})")  # fmt: skip


def sane_time(value: dt.datetime | None) -> dt.datetime | None:
    """A machine-written time stamp, or None when it is out of range (unknown beats wrong)."""
    return value if value is not None and in_range(value) else None


def finite(value: float) -> bool:
    return math.isfinite(value)


def clean_article(article: Article) -> Article:
    """The article with every text cleaned and an out-of-range date dropped."""
    line: Callable[[str], str] = clean_line
    return dataclasses.replace(
        article,
        title=line(article.title)[:MAX_TITLE],
        lede=line(article.lede) if article.lede else article.lede,
        sections=tuple(
            Section(
                line(s.heading) if s.heading else s.heading,
                tuple(p for p in map(line, s.paragraphs) if p),
            )
            for s in article.sections
        ),
        outlet=_name(article.outlet),
        dateline=line(article.dateline) if article.dateline else article.dateline,
        published=sane_time(article.published),
        authors=tuple(n for n in map(_name, article.authors) if n),
        editors=tuple(n for n in map(_name, article.editors) if n),
        captions=tuple(c for c in map(line, article.captions) if c),
        quotes=tuple(Quote(line(q.text), _name(q.speaker)) for q in article.quotes),
        source_url=clean_url(article.source_url),
        also=tuple(clean_source(s) for s in article.also),
    )


def clean_source(source: Source) -> Source:
    return Source(clean_line(source.title)[:MAX_TITLE], _name(source.outlet),
                  tuple(n for n in map(_name, source.authors) if n),
                  clean_url(source.url), sane_time(source.published),
                  clean_line(source.lede)[:MAX_LEDE])  # fmt: skip


def clean_url(url: str | None) -> str | None:
    """A web link as text a feed can carry, or None: no spaces, controls or other schemes."""
    if not url:
        return None
    url = clean(url).strip()
    return url if re.fullmatch(r"https?://[^\s<>\"]+", url, re.IGNORECASE) else None


def _name(name: str | None) -> str | None:
    return (clean_line(name)[:MAX_NAME] or None) if name else None
