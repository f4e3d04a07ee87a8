"""Publish: put an encoded episode into the published tree and rebuild the feed.

Order matters for listeners: the MP3 lands first under a new name, then the
catalog records it, then the feed points to it. A failure at any step leaves
every earlier episode and the previous feed intact, and no feed item ever
points at a file that is not there.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from briefing.errors import PublishError
from briefing.files import copy_file, write_bytes
from briefing.models import Episode
from briefing.publish.catalog import FILENAME as CATALOG
from briefing.publish.catalog import load_catalog, save_catalog, upsert
from briefing.publish.cover import Cover
from briefing.publish.feed import build_feed
from briefing.publish.flash import flash_json
from briefing.publish.site import render_site
from briefing.settings import Show

log = logging.getLogger(__name__)

EPISODES = "episodes"
FEED = "feed.xml"
LOCK = ".briefing.lock"
SITE = "index.html"
FLASH = "flash.json"


@dataclass(frozen=True)
class Draft:
    """What the earlier stages know about a new episode before it is published."""

    id: str
    title: str
    description: str
    date: dt.date
    published: dt.datetime
    duration: float
    engines: tuple[str, ...]
    sources: tuple[dict[str, Any], ...]
    engine_runs: tuple[tuple[str, int, int], ...] = ()
    speakers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Published:
    episode: Episode
    mp3: Path
    feed: Path


def check_writable(out_dir: Path) -> None:
    """Fail early, before any synthesis, when ``out_dir`` can't be written.

    Nothing is created: the nearest existing folder is probed with a temporary
    file that is removed at once.
    """
    probe = out_dir
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if not probe.is_dir():
        raise PublishError(f"cannot publish into {out_dir}: {probe} is not a directory")
    try:
        with tempfile.TemporaryFile(dir=probe):
            pass
    except OSError as exc:
        raise PublishError(f"cannot write to {out_dir}: {exc.strerror or exc}") from None


# How each kind of file is named after the episode's versioned base name.
SUFFIXES = {
    "podcast": ".mp3",
    "alexa": ".alexa.mp3",
    "vtt": ".vtt",
    "srt": ".srt",
    "transcript": ".transcript.json",
    "chapters": ".chapters.json",
}


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold the published tree for one run: two runs must never interleave catalog writes."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PublishError(f"cannot create {out_dir}: {exc.strerror or exc}") from None
    lock = FileLock(out_dir / LOCK, timeout=0)
    try:
        with lock:
            yield
    except Timeout:
        raise PublishError(
            f"another briefing run is publishing into {out_dir}; try again when it ends"
        ) from None


def publish_episode(
    out_dir: Path, show: Show, draft: Draft, files: Mapping[str, Path], cover: Cover
) -> Published:
    """Publish ``files`` (the ``podcast`` MP3 and its companions) as ``draft`` into ``out_dir``.

    A re-made episode gets a new version: new file names, the same guid. The
    previous version's files and episodes past the show's ``keep_last`` are
    deleted only after the feed stops pointing at them.
    """
    if "podcast" not in files or not set(files) <= set(SUFFIXES):
        raise PublishError(f"cannot publish files of kinds {sorted(files)}")
    episodes_dir = out_dir / EPISODES
    with locked(out_dir):
        try:
            episodes_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise PublishError(f"cannot create {episodes_dir}: {exc.strerror or exc}") from None
        catalog = load_catalog(out_dir)
        earlier = next((e for e in catalog if e.id == draft.id), None)
        version = earlier.version + 1 if earlier else 1
        # Never replace a file at a URL a podcast app may have fetched: a new version
        # is a new file name, and the guid stays so apps update the item in place.
        while any((episodes_dir / f"{draft.id}-v{version}{s}").exists() for s in SUFFIXES.values()):
            version += 1
        names = {kind: f"{draft.id}-v{version}{SUFFIXES[kind]}" for kind in files}
        for kind, source in files.items():
            target = episodes_dir / names[kind]
            try:
                copy_file(source, target)
            except OSError as exc:
                raise PublishError(f"cannot write {target}: {exc.strerror or exc}") from None
        name = names.pop("podcast")
        target = episodes_dir / name
        episode = Episode(
            id=draft.id,
            guid=earlier.guid if earlier else episode_guid(show, draft.id),
            version=version,
            title=draft.title,
            description=draft.description,
            date=draft.date,
            published=draft.published,
            file=name,
            size=target.stat().st_size,
            duration=draft.duration,
            engines=draft.engines,
            sources=draft.sources,
            engine_runs=draft.engine_runs,
            extras=names,
            speakers=dict(draft.speakers),
            number=earlier.number if earlier else max((e.number for e in catalog), default=0) + 1,
        )
        catalog = upsert(catalog, episode)
        kept, dropped = retain(catalog, show.keep_last)
        if episode in dropped:
            log.warning("%s is older than the newest %d episodes kept (keep_last); "
                        "retention removed it at once", episode.id, show.keep_last)  # fmt: skip
        feed = _commit(out_dir, show, kept, cover)
        _delete_files(out_dir, [*dropped, *([earlier] if earlier else [])])
    return Published(episode=episode, mp3=target, feed=feed)


def remove_episode(out_dir: Path, show: Show, episode_id: str, cover: Cover) -> Episode:
    """Take an episode out of the catalog and feed, then delete its files."""
    with locked(out_dir):
        catalog = load_catalog(out_dir)
        gone = next((e for e in catalog if e.id == episode_id), None)
        if gone is None:
            raise PublishError(f"no episode {episode_id!r} in {out_dir / CATALOG}")
        _commit(out_dir, show, [e for e in catalog if e.id != episode_id], cover)
        _delete_files(out_dir, [gone])
    return gone


def republish(out_dir: Path, show: Show, cover: Cover) -> Path:
    """Rebuild everything listeners read from the catalog alone (after settings changed)."""
    if not (out_dir / CATALOG).is_file():
        raise PublishError(f"nothing to publish: no {CATALOG} in {out_dir}")
    with locked(out_dir):
        kept, dropped = retain(load_catalog(out_dir), show.keep_last)
        feed = _commit(out_dir, show, kept, cover)
        _delete_files(out_dir, dropped)
    return feed


def retain(catalog: list[Episode], keep_last: int) -> tuple[list[Episode], list[Episode]]:
    """The newest ``keep_last`` episodes (all when 0), and the ones retention drops."""
    ordered = sorted(catalog, key=lambda e: (e.published, e.id), reverse=True)
    if keep_last <= 0:
        return ordered, []
    return ordered[:keep_last], ordered[keep_last:]


def episode_files(episode: Episode) -> list[str]:
    return [episode.file, *episode.extras.values()]


def _commit(out_dir: Path, show: Show, catalog: list[Episode], cover: Cover) -> Path:
    try:
        save_catalog(out_dir, catalog)
        return write_outputs(out_dir, show, catalog, cover)
    except OSError as exc:
        raise PublishError(f"cannot publish into {out_dir}: {exc.strerror or exc}") from None


def _delete_files(out_dir: Path, episodes: list[Episode]) -> None:
    # Runs after the feed and catalog stop naming these files, so a failure here can
    # leave an orphan file, never an item pointing at a missing one.
    for episode in episodes:
        for name in episode_files(episode):
            (out_dir / EPISODES / name).unlink(missing_ok=True)


def write_outputs(out_dir: Path, show: Show, catalog: list[Episode], cover: Cover) -> Path:
    """Rebuild everything listeners read (cover, web page, Alexa feed, podcast feed) from
    the catalog. The podcast feed goes last: once it changes, the rest is in place."""
    cover_path = out_dir / cover.filename
    if not cover_path.is_file() or cover_path.read_bytes() != cover.data:
        write_bytes(cover_path, cover.data)
    write_bytes(out_dir / SITE, render_site(show, catalog, cover.filename, out_dir))
    write_bytes(out_dir / FLASH, flash_json(show, catalog))
    feed_path = out_dir / FEED
    write_bytes(feed_path, build_feed(show, catalog, cover.filename))
    return feed_path


def episode_guid(show: Show, episode_id: str) -> str:
    """A guid that never changes for this episode, whatever its file is called later."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{show.base_url}episodes/{episode_id}"))


__all__ = [
    "Draft",
    "Published",
    "check_writable",
    "episode_guid",
    "publish_episode",
    "remove_episode",
    "republish",
]
