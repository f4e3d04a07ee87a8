"""The podcast feed: RSS 2.0 with the iTunes namespace, built with feedgen.

feedgen's own podcast extension covers most iTunes tags, but writes
``itunes:explicit`` only as yes/no/clean where Apple now wants true/false, and
knows nothing of ``itunes:episodeType``. A small feedgen extension in this
module adds what it lacks, the way feedgen intends extensions to work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from briefing import __version__
from briefing.models import Episode
from briefing.settings import Show

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"


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
    """Item tags: explicit true/false and itunes:episodeType."""

    def __init__(self) -> None:
        self.explicit: bool | None = None
        self.episode_type: str | None = None

    def extend_rss(self, item: Any) -> Any:
        _itunes(item, "explicit", self.explicit)
        _itunes(item, "episodeType", self.episode_type)
        return item


def episode_url(show: Show, episode: Episode) -> str:
    return show.base_url + "episodes/" + quote(episode.file)


def build_feed(show: Show, episodes: Sequence[Episode], cover_name: str) -> bytes:
    """The RSS document for ``episodes`` (any order; written newest first)."""
    feed_url = show.base_url + "feed.xml"
    cover_url = show.base_url + cover_name
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("extras", ItunesExtras, ItunesEntryExtras)
    fg.title(show.name)
    fg.description(show.description)
    # feedgen takes the RSS <link> from the last link given: the site, not the feed.
    fg.link(href=feed_url, rel="self")
    fg.link(href=show.base_url, rel="alternate")
    fg.language(show.language)
    fg.generator(f"briefing {__version__}")
    fg.image(url=cover_url, title=show.name, link=show.base_url)
    fg.podcast.itunes_author(show.author)
    fg.podcast.itunes_owner(name=show.author, email=show.email)
    fg.podcast.itunes_image(cover_url)
    fg.podcast.itunes_category(show.category, show.subcategory)
    fg.extras.explicit = show.explicit
    fg.extras.show_type = "episodic"

    ordered = sorted(episodes, key=lambda e: (e.published, e.id), reverse=True)
    # Pin the build date to the newest episode so the same catalog gives the same bytes.
    fg.lastBuildDate(ordered[0].published if ordered else dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    for episode in ordered:
        entry = fg.add_entry(order="append")
        entry.title(episode.title)
        entry.description(episode.description)
        entry.guid(episode.guid, permalink=False)
        entry.pubDate(episode.published)
        entry.link(href=f"{show.base_url}#{episode.id}")
        entry.enclosure(episode_url(show, episode), str(episode.size), "audio/mpeg")
        entry.podcast.itunes_duration(round(episode.duration))
        entry.extras.explicit = show.explicit
        entry.extras.episode_type = "full"
    return bytes(fg.rss_str(pretty=True, xml_declaration=True, encoding="UTF-8"))
