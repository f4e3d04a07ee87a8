"""The values that flow between stages: Article -> Script -> Clips -> Master -> Episode.

Plain dataclasses with no behaviour beyond small derived helpers, so every
stage can be tested by building its input by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# How far a long stage has got: (done, total). Only the CLI draws it.
Progress = Callable[[int, int], None]


def no_progress(done: int, total: int) -> None:
    """The Progress of a caller that shows none."""


@dataclass(frozen=True)
class Quote:
    """A direct quotation found in an article, with its speaker when the text names one."""

    text: str
    speaker: str | None = None


@dataclass(frozen=True)
class Section:
    """A run of body paragraphs, under a sub-heading except for the first one."""

    heading: str | None
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Article:
    """One news article, reduced to what the room needs to talk about it."""

    title: str
    sections: tuple[Section, ...]
    lede: str | None = None
    outlet: str | None = None
    dateline: str | None = None
    published: dt.datetime | None = None
    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()
    source_url: str | None = None
    # The same story as other outlets reported it: credited beside this one.
    also: tuple[Source, ...] = ()
    # The story an earlier edition told, when this report runs as its update (its
    # title, and ``published`` when it aired); the article then holds only what is new.
    follows: Source | None = None

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(p for s in self.sections for p in s.paragraphs)


MAX_LEDE = 600  # characters of a source's opening kept to recognise its story later


@dataclass(frozen=True)
class Source:
    """Where a story came from, for credits, show notes and the catalog."""

    title: str
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    published: dt.datetime | None = None
    # The report's opening words: later editions recognise the event by them (kept
    # in the catalog, not in script files).
    lede: str = ""

    @classmethod
    def of(cls, article: Article) -> Source:
        lede = article.lede or (article.paragraphs[0] if article.paragraphs else "")
        return cls(article.title, article.outlet, article.authors, article.source_url,
                   article.published, " ".join(lede.split())[:MAX_LEDE])  # fmt: skip

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "outlet": self.outlet,
            "authors": list(self.authors),
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            **({"lede": self.lede} if self.lede else {}),
        }


def episode_id(day: dt.date, slug: str) -> str:
    """An episode's id in the catalog: the day it airs and its slug, which a daily
    run computes before its script exists to find an edition already out."""
    return f"{day.isoformat()}-{slug}"


@dataclass(frozen=True)
class Line:
    """One utterance in the room, in the article's own written words.

    What an engine reads (numbers, dates and acronyms said out) is derived from
    ``text`` just before speech, so an edited script never carries stale forms.
    """

    role: str
    text: str
    chapter: str


@dataclass(frozen=True)
class Script:
    """An episode's words, in order, with the metadata the feed needs."""

    slug: str
    title: str
    description: str
    date: dt.date
    published: dt.datetime  # when the episode airs
    lines: tuple[Line, ...]
    sources: tuple[Source, ...] = ()
    speakers: dict[str, str] = field(default_factory=dict)  # role -> display name

    @property
    def chapters(self) -> tuple[str, ...]:
        seen: list[str] = []
        for line in self.lines:
            if not seen or seen[-1] != line.chapter:
                seen.append(line.chapter)
        return tuple(seen)


@dataclass(frozen=True)
class Clip:
    """The audio of one Line, as a file on disk, and which engine spoke it."""

    line: Line
    path: Path
    engine: str


@dataclass(frozen=True)
class Timing:
    """Where a Line sits in the finished episode, in seconds."""

    line: Line
    start: float
    end: float


@dataclass(frozen=True)
class Chapter:
    """A chapter of the finished episode, in seconds."""

    title: str
    start: float
    end: float


@dataclass(frozen=True)
class Master:
    """The assembled episode: raw 16-bit mono PCM in a file (an hour is 300 MB, so it
    stays on disk), with the exact position of every Line and chapter."""

    path: Path
    rate: int
    samples: int
    timings: tuple[Timing, ...]
    chapters: tuple[Chapter, ...]
    clipped_runs: int = 0  # runs of 3+ full-scale samples: flat-topped, clipped audio

    @property
    def duration(self) -> float:
        return self.samples / self.rate


@dataclass(frozen=True)
class Episode:
    """The durable record of one published episode, as kept in the catalog."""

    id: str
    guid: str
    version: int
    title: str
    description: str
    date: dt.date
    published: dt.datetime
    file: str
    size: int
    duration: float
    engines: tuple[str, ...]
    sources: tuple[dict[str, Any], ...]
    # Which engine spoke which lines: (engine, first line, last line), in order.
    engine_runs: tuple[tuple[str, int, int], ...] = ()
    # Files published beside the MP3, by kind: alexa, vtt, srt, transcript, chapters.
    extras: dict[str, str] = field(default_factory=dict)
    speakers: dict[str, str] = field(default_factory=dict)  # role -> name, who spoke
    number: int = 0  # episode number in the show, given once, never reused
    # (start in seconds, title) of each chapter, for feeds that carry them inline
    chapters: tuple[tuple[float, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "guid": self.guid,
            "version": self.version,
            "title": self.title,
            "description": self.description,
            "date": self.date.isoformat(),
            "published": self.published.isoformat(),
            "file": self.file,
            "size": self.size,
            "duration": round(self.duration, 3),
            "engines": list(self.engines),
            "engine_runs": [list(run) for run in self.engine_runs],
            "extras": dict(self.extras),
            "speakers": dict(self.speakers),
            "number": self.number,
            "chapters": [[round(start, 3), title] for start, title in self.chapters],
            "sources": [dict(s) for s in self.sources],
        }
