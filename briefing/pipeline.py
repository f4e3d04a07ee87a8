"""The stages wired together: ingest -> script -> speech -> audio -> publish.

The CLI builds the settings and calls one function here; each stage is a plain
function from one model to the next, and none of them knows about the others.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

from briefing.audio.assets import default_assets
from briefing.audio.master import encode_mp3
from briefing.audio.mix import assemble
from briefing.audio.tags import write_tags
from briefing.errors import SettingsError
from briefing.ingest import read_article
from briefing.models import Article, Episode, Script
from briefing.publish import Draft, check_writable, publish_episode
from briefing.publish.cover import load_cover
from briefing.script.room import compose
from briefing.settings import RunOptions, Show
from briefing.speech import engine_chain, engines_used, speak
from briefing.speech.cache import ClipCache

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MakeResult:
    episode: Episode
    mp3: Path
    feed: Path
    script: Script


def default_cache_dir() -> Path:
    return Path(user_cache_dir("briefing")) / "clips"


def air_time(show: Show, day: dt.date | None, now: dt.datetime | None = None) -> dt.datetime:
    """When the episode goes out: now, or the show's publish time on a pinned day."""
    current = (now or dt.datetime.now(dt.UTC)).astimezone(show.zone).replace(microsecond=0)
    if day is None:
        return current
    earliest, latest = dt.date(2000, 1, 1), current.date() + dt.timedelta(days=366)
    if not earliest <= day <= latest:
        raise SettingsError(f"--date {day} is out of range ({earliest} to {latest})")
    return dt.datetime.combine(day, show.publish_time, tzinfo=show.zone)


def make(paths: Sequence[Path], show: Show, options: RunOptions) -> MakeResult:
    """One episode from the article files at ``paths``, published into ``options.out_dir``."""
    # Read every article and check the cover and destination before the slow stages run.
    articles = [read_article(path) for path in paths]
    cover = load_cover(show)
    check_writable(options.out_dir)
    when = air_time(show, options.date)
    script = compose(articles, show, when)
    log.info("script: %d lines in %d chapters", len(script.lines), len(script.chapters))

    cache = ClipCache(options.cache_dir or default_cache_dir())
    clips = speak(script, show, cache, engine_chain(options.engine, show))
    master = assemble(clips, default_assets())
    with tempfile.TemporaryDirectory(prefix="briefing-") as tmp:
        mp3 = encode_mp3(master, Path(tmp) / "episode.mp3")
        write_tags(mp3, script, show, cover.data, cover.mime)
        draft = Draft(
            id=f"{script.date.isoformat()}-{script.slug}",
            title=script.title,
            description=script.description,
            date=script.date,
            published=when,
            duration=master.duration,
            engines=engines_used(clips),
            sources=tuple(_source(a) for a in articles),
        )
        published = publish_episode(options.out_dir, show, draft, mp3, cover)
    return MakeResult(published.episode, published.mp3, published.feed, script)


def _source(article: Article) -> dict[str, Any]:
    return {
        "title": article.title,
        "outlet": article.outlet,
        "authors": list(article.authors),
        "url": article.source_url,
        "published": article.published.isoformat() if article.published else None,
    }
