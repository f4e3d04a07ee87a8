"""The values that flow between stages: Article -> Script -> Clips -> Master -> Episode.

Plain dataclasses with no behaviour beyond small derived helpers, so every
stage can be tested by building its input by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from msgspec import Meta

from briefing.length import DEFAULT_RATE

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
MAX_TITLE = 300  # characters: Apple shows about 100, a pasted headline is never 300
MAX_NAME = 120  # characters: a speaker's, author's or outlet's name
MAX_DESCRIPTION = 4000  # bytes: Apple's limit for a description
MAX_URL = 2000  # characters: longer links break clients
MAX_EPISODE_SECONDS = 24 * 3600.0  # no episode is longer than a day


@dataclass(frozen=True)
class Source:
    """Where a story came from, for credits, show notes and the catalog."""

    title: Annotated[str, Meta(max_length=MAX_TITLE)] = ""
    outlet: Annotated[str, Meta(max_length=MAX_NAME)] | None = None
    authors: tuple[Annotated[str, Meta(max_length=MAX_NAME)], ...] = ()
    url: Annotated[str, Meta(max_length=MAX_URL)] | None = None
    published: Annotated[dt.datetime, Meta(tz=True)] | None = None
    # The report's opening words: later editions recognise the event by them (kept
    # in the catalog and script files).
    lede: Annotated[str, Meta(max_length=MAX_LEDE)] = ""

    @classmethod
    def of(cls, article: Article) -> Source:
        lede = article.lede or (article.paragraphs[0] if article.paragraphs else "")
        return cls(article.title, article.outlet, article.authors, article.source_url,
                   article.published, " ".join(lede.split())[:MAX_LEDE])  # fmt: skip


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
class Spoken:
    """Every line's clip, all from one engine (so no role changes voice part-way), the
    engines passed over before it: (engine, why it could not speak), and the speaking
    engine's rate (characters a second, as briefing.length counts them)."""

    clips: tuple[Clip, ...]
    passed_over: tuple[tuple[str, str], ...] = ()
    chars_per_second: float = DEFAULT_RATE


def engines_used(clips: Sequence[Clip]) -> tuple[str, ...]:
    """Distinct engines in the order they first spoke."""
    return tuple(dict.fromkeys(clip.engine for clip in clips))


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


# The catalog's field types: what a record read back (perhaps from another machine)
# must be. msgspec checks them when the catalog is read (briefing.publish.catalog).
FileName = Annotated[str, Meta(pattern=r"^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")]
Label = Annotated[str, Meta(min_length=1, max_length=40)]  # an engine, role or file kind
Count = Annotated[int, Meta(ge=0, lt=2**53)]
Seconds = Annotated[float, Meta(ge=0, le=MAX_EPISODE_SECONDS)]
Title = Annotated[str, Meta(min_length=1, max_length=MAX_TITLE)]
MAX_REASON = 300  # why an engine was passed over, as the catalog keeps it
MAX_CHAPTERS = 200  # an edition has one a story: more is not a catalog briefing wrote


@dataclass(frozen=True)
class Episode:
    """The durable record of one published episode, as kept in the catalog.

    The one record of an episode: built from what the stages made (``made``),
    completed by publishing (guid, version, files), written to the catalog and
    read back by msgspec from these field types, and read by the feed, the page
    and the Alexa feed. A new per-episode field is added here and used where it
    is shown.
    """

    id: FileName
    guid: Annotated[str, Meta(min_length=1, max_length=300)]
    version: Annotated[int, Meta(ge=1, lt=2**53)]
    title: Title
    description: Annotated[str, Meta(max_length=4 * MAX_DESCRIPTION)]
    date: dt.date
    published: Annotated[dt.datetime, Meta(tz=True)]
    file: FileName
    size: Count
    duration: Seconds
    engines: tuple[Label, ...]
    sources: tuple[Source, ...] = ()
    # Which engine spoke which lines: (engine, first line, last line), in order.
    engine_runs: tuple[tuple[Label, Count, Count], ...] = ()
    # Files published beside the MP3, by kind: alexa, vtt, srt, transcript, chapters.
    extras: dict[Label, FileName] = field(default_factory=dict)
    speakers: dict[Label, Annotated[str, Meta(max_length=MAX_NAME)]] = field(default_factory=dict)
    number: Count = 0  # episode number in the show, given once, never reused
    # (start in seconds, title) of each chapter, for feeds that carry them inline
    chapters: Annotated[tuple[tuple[Seconds, Title], ...], Meta(max_length=MAX_CHAPTERS)] = ()
    # Engines that could not speak it, and why, before the one that did.
    passed_over: tuple[tuple[Label, Annotated[str, Meta(max_length=MAX_REASON)]], ...] = ()

    @classmethod
    def made(cls, script: Script, master: Master, spoken: Spoken) -> Episode:
        """The episode the stages made, before publishing gives it its guid, version,
        number and files."""
        clips = spoken.clips
        runs: list[tuple[str, int, int]] = []
        for i, clip in enumerate(clips):
            if runs and runs[-1][0] == clip.engine:
                runs[-1] = (clip.engine, runs[-1][1], i)
            else:
                runs.append((clip.engine, i, i))
        return cls(
            id=episode_id(script.date, script.slug),
            guid="",
            version=0,
            title=script.title,
            description=script.description,
            date=script.date,
            published=script.published,
            file="",
            size=0,
            duration=round(master.duration, 3),
            engines=engines_used(clips),
            sources=script.sources,
            engine_runs=tuple(runs),
            speakers={
                role: name
                for role, name in script.speakers.items()
                if any(line.role == role for line in script.lines)
            },
            # As the catalog keeps them: the outputs built now and rebuilt later agree.
            chapters=tuple((round(c.start, 3), c.title) for c in master.chapters),
            passed_over=tuple((name, why[:MAX_REASON]) for name, why in spoken.passed_over),
        )
