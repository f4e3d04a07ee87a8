"""The podcast feed: RSS 2.0 with the iTunes and Podcasting 2.0 namespaces, built with feedgen.

feedgen's own podcast extension covers most iTunes tags, but writes
``itunes:explicit`` only as yes/no/clean where Apple now wants true/false, and
knows nothing of ``itunes:episodeType`` or of the ``podcast:`` namespace. Small
feedgen extensions here add what it lacks, the way feedgen intends extensions
to work: one for the extra iTunes tags, one for Podcasting 2.0 (guid, locked,
person, transcript, chapters), one for Podlove Simple Chapters (the chapters
inline, for clients that fetch no chapters file). Show notes go into the item description (and
content:encoded) as CDATA HTML: the story list with source links and credits.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem
from lxml import etree

from briefing import __version__
from briefing.models import Episode
from briefing.names import FEED_FILE
from briefing.settings import Publishing, Show

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
# Podlove Simple Chapters: chapters inline, for clients that read no chapters file
# (gPodder's podcastparser, among others).
PSC_NS = "http://podlove.org/simple-chapters"
# podcast:guid is a UUIDv5 of the feed URL (no scheme, no trailing slash) in this namespace.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def _itunes(parent: Any, tag: str, value: bool | str | None) -> None:
    """Append ``<itunes:tag>`` when there is a value; booleans as Apple's true/false."""
    if value is not None:
        text = str(value).lower() if isinstance(value, bool) else value
        xml_elem(f"{{{ITUNES_NS}}}{tag}", parent).text = text


class ItunesExtras(BaseExtension):  # type: ignore[misc]
    """Channel tags feedgen 1.0 gets wrong or lacks: explicit true/false, itunes:type."""

    def __init__(self) -> None:
        self.explicit: bool | None = None
        self.show_type: str | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"itunes": ITUNES_NS}

    def extend_rss(self, feed: Any) -> Any:
        _itunes(feed[0], "explicit", self.explicit)
        _itunes(feed[0], "type", self.show_type)
        return feed


class ItunesEntryExtras(BaseEntryExtension):  # type: ignore[misc]
    """Item tags: explicit true/false, itunes:episodeType, season and episode numbers,
    and the show notes as CDATA HTML."""

    def __init__(self) -> None:
        self.explicit: bool | None = None
        self.episode_type: str | None = None
        self.season: int | None = None
        self.number: int | None = None
        self.notes_html: str | None = None

    def extend_rss(self, item: Any) -> Any:
        _itunes(item, "explicit", self.explicit)
        _itunes(item, "episodeType", self.episode_type)
        _itunes(item, "season", str(self.season) if self.season else None)
        _itunes(item, "episode", str(self.number) if self.number else None)
        if self.notes_html:
            description = item.find("description")
            if description is None:
                description = xml_elem("description", item)
            description.text = etree.CDATA(self.notes_html)
            xml_elem(f"{{{CONTENT_NS}}}encoded", item).text = etree.CDATA(self.notes_html)
        return item


class PodcastExtras(BaseExtension):  # type: ignore[misc]
    """Podcasting 2.0 channel tags: podcast:guid, podcast:locked, podcast:person."""

    def __init__(self) -> None:
        self.guid: str | None = None
        self.locked: tuple[bool, str] | None = None  # (locked, owner e-mail)
        self.people: list[tuple[str, str]] = []  # (name, role)

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS}

    def extend_rss(self, feed: Any) -> Any:
        channel = feed[0]
        if self.guid:
            xml_elem(f"{{{PODCAST_NS}}}guid", channel).text = self.guid
        if self.locked:
            locked = xml_elem(f"{{{PODCAST_NS}}}locked", channel, owner=self.locked[1])
            locked.text = "yes" if self.locked[0] else "no"
        _people(channel, self.people)
        return feed


class PodcastEntryExtras(BaseEntryExtension):  # type: ignore[misc]
    """Podcasting 2.0 item tags: podcast:transcript, podcast:chapters, podcast:person."""

    def __init__(self) -> None:
        self.transcripts: list[dict[str, str]] = []
        self.chapters: str | None = None
        self.people: list[tuple[str, str]] = []

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS}

    def extend_rss(self, item: Any) -> Any:
        for attributes in self.transcripts:
            xml_elem(f"{{{PODCAST_NS}}}transcript", item, **attributes)
        if self.chapters:
            xml_elem(f"{{{PODCAST_NS}}}chapters", item, url=self.chapters,
                     type="application/json+chapters")  # fmt: skip
        _people(item, self.people)
        return item


class PodloveChapters(BaseExtension):  # type: ignore[misc]
    """Declares the psc: namespace on the channel, once."""

    def extend_ns(self) -> dict[str, str]:
        return {"psc": PSC_NS}


class PodloveChaptersEntry(BaseEntryExtension):  # type: ignore[misc]
    """``<psc:chapters version="1.2">`` with one ``<psc:chapter start title>`` a chapter."""

    def __init__(self) -> None:
        self.chapters: Sequence[tuple[float, str]] = ()

    def extend_rss(self, item: Any) -> Any:
        if self.chapters:
            chapters = xml_elem(f"{{{PSC_NS}}}chapters", item, version="1.2")
            for start, title in self.chapters:
                xml_elem(f"{{{PSC_NS}}}chapter", chapters, start=_npt(start), title=title)
        return item


def _npt(seconds: float) -> str:
    """A chapter start as Podlove writes it (Normal Play Time): HH:MM:SS.mmm."""
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def _people(parent: Any, people: list[tuple[str, str]]) -> None:
    for name, role in people:
        xml_elem(f"{{{PODCAST_NS}}}person", parent, role=role, group="cast").text = name


def podcast_guid(feed_url: str) -> str:
    """The Podcasting 2.0 guid: UUIDv5 of the feed URL without scheme and trailing slashes."""
    bare = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", feed_url).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


# How each published transcript is announced: (extras kind, MIME type, rel).
TRANSCRIPTS = (
    ("vtt", "text/vtt", "captions"),
    ("srt", "application/x-subrip", None),
    ("transcript", "application/json", None),
)


def web_url(url: object) -> str | None:
    """``url`` when it is an http(s) link; escaping alone can't make javascript: safe."""
    text = str(url or "")
    return text if re.match(r"https?://[^\s\"'<>]+$", text) else None


def show_notes(episode: Episode) -> str:
    """The episode's notes as HTML: its summary, then each story with source and credits."""
    parts = [f"<p>{html.escape(p)}</p>" for p in episode.description.split("\n\n") if p.strip()]
    items = []
    for source in episode.sources:
        title = html.escape(source.title)
        url = web_url(source.url)
        label = f'<a href="{html.escape(str(url), quote=True)}">{title}</a>' if url else title
        credit = ", ".join(html.escape(x) for x in [source.outlet, *source.authors] if x)
        items.append(f"<li>{label}{' (' + credit + ')' if credit else ''}</li>")
    if items:
        parts.append("<p>Sumber:</p><ul>" + "".join(items) + "</ul>")
    return "".join(parts)


def episode_url(publishing: Publishing, episode: Episode, name: str | None = None) -> str:
    """The public URL of the episode's MP3 (or of one of its companion files)."""
    return publishing.base_url + "episodes/" + quote(name or episode.file)


def build_feed(
    show: Show, episodes: Sequence[Episode], cover_name: str, guid: str | None = None
) -> bytes:
    """The RSS document for ``episodes`` (any order; written newest first); ``guid``:
    the feed's pinned podcast:guid (by default, the one its URL gives)."""
    feed_url = show.publishing.base_url + FEED_FILE
    cover_url = show.publishing.base_url + cover_name
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("extras", ItunesExtras, ItunesEntryExtras)
    fg.register_extension("p20", PodcastExtras, PodcastEntryExtras)
    fg.register_extension("psc", PodloveChapters, PodloveChaptersEntry)
    fg.title(show.identity.name)
    fg.description(show.identity.description)
    # feedgen takes the RSS <link> from the last link given: the site, not the feed.
    fg.link(href=feed_url, rel="self")
    fg.link(href=show.publishing.base_url, rel="alternate")
    fg.language(show.identity.language)
    fg.generator(f"briefing {__version__}")
    fg.image(url=cover_url, title=show.identity.name, link=show.publishing.base_url)
    fg.podcast.itunes_author(show.identity.author)
    fg.podcast.itunes_owner(name=show.identity.author, email=show.identity.email)
    fg.podcast.itunes_image(cover_url)
    fg.podcast.itunes_category(show.identity.category, show.identity.subcategory)
    fg.extras.explicit = show.identity.explicit
    fg.extras.show_type = "episodic"
    fg.p20.guid = guid or podcast_guid(feed_url)
    if show.publishing.new_feed_url:  # the show moved: apps that follow this tag resubscribe there
        fg.podcast.itunes_new_feed_url(show.publishing.new_feed_url)
    fg.p20.locked = (show.publishing.locked, show.identity.email)
    fg.p20.people = [(show.role("moderator").name, "host")]

    ordered = sorted(episodes, key=lambda e: (e.published, e.id), reverse=True)
    # Pin the build date to the newest episode so the same catalog gives the same bytes.
    fg.lastBuildDate(ordered[0].published if ordered else dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    for episode in ordered:
        entry = fg.add_entry(order="append")
        entry.title(episode.title)
        entry.description(episode.description)
        entry.guid(episode.guid, permalink=False)
        entry.pubDate(episode.published)
        entry.link(href=f"{show.publishing.base_url}#{episode.id}")
        entry.enclosure(episode_url(show.publishing, episode), str(episode.size), "audio/mpeg")
        entry.podcast.itunes_duration(round(episode.duration))
        entry.extras.explicit = show.identity.explicit
        entry.extras.episode_type = "full"
        entry.extras.notes_html = show_notes(episode)
        if show.publishing.numbered:
            entry.extras.number = episode.number or None
            entry.extras.season = show.publishing.season or None
        for kind, mime, rel in TRANSCRIPTS:
            if kind in episode.extras:
                attributes = {"url": episode_url(show.publishing, episode, episode.extras[kind]),
                              "type": mime, "language": show.identity.language}  # fmt: skip
                if rel:
                    attributes["rel"] = rel
                entry.p20.transcripts.append(attributes)
        if "chapters" in episode.extras:
            entry.p20.chapters = episode_url(show.publishing, episode, episode.extras["chapters"])
        entry.psc.chapters = episode.chapters
        entry.p20.people = [
            (name, "host" if role == "moderator" else "guest")
            for role, name in episode.speakers.items()
        ]
    return bytes(fg.rss_str(pretty=True, xml_declaration=True, encoding="UTF-8"))
