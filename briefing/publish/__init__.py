"""Publish: put an encoded episode into the published tree and rebuild the feed.

Order matters for listeners: the MP3 lands first under a new name, then the
catalog records it, then the feed points to it. A failure at any step leaves
every earlier episode and the previous feed intact, and no feed item ever
points at a file that is not there.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.errors import PublishError
from briefing.files import copy_file, write_bytes
from briefing.models import Episode
from briefing.publish.catalog import load_catalog, save_catalog, upsert
from briefing.publish.cover import Cover
from briefing.publish.feed import build_feed
from briefing.settings import Show

EPISODES = "episodes"
FEED = "feed.xml"


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


def publish_episode(
    out_dir: Path, show: Show, draft: Draft, files: Mapping[str, Path], cover: Cover
) -> Published:
    """Publish ``files`` (the ``podcast`` MP3 and its companions) as ``draft`` into ``out_dir``.

    A re-made episode gets a new version: new file names, the same guid.
    """
    if "podcast" not in files or not set(files) <= set(SUFFIXES):
        raise PublishError(f"cannot publish files of kinds {sorted(files)}")
    episodes_dir = out_dir / EPISODES
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
        try:
            copy_file(source, episodes_dir / names[kind])
        except OSError as exc:
            raise PublishError(
                f"cannot write {episodes_dir / names[kind]}: {exc.strerror or exc}"
            ) from None
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
    )
    catalog = upsert(catalog, episode)
    try:
        save_catalog(out_dir, catalog)
        feed = write_outputs(out_dir, show, catalog, cover)
    except OSError as exc:
        raise PublishError(f"cannot publish into {out_dir}: {exc.strerror or exc}") from None
    return Published(episode=episode, mp3=target, feed=feed)


def write_outputs(out_dir: Path, show: Show, catalog: list[Episode], cover: Cover) -> Path:
    """Rebuild everything listeners read (cover, feed) from the catalog."""
    cover_path = out_dir / cover.filename
    if not cover_path.is_file() or cover_path.read_bytes() != cover.data:
        write_bytes(cover_path, cover.data)
    feed_path = out_dir / FEED
    write_bytes(feed_path, build_feed(show, catalog, cover.filename))
    return feed_path


def episode_guid(show: Show, episode_id: str) -> str:
    """A guid that never changes for this episode, whatever its file is called later."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{show.base_url}episodes/{episode_id}"))


__all__ = ["Draft", "Published", "check_writable", "episode_guid", "publish_episode"]
