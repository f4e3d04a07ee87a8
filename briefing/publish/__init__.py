"""Publish: put an encoded episode into the published tree and rebuild the feed.

Order matters for listeners: the MP3 lands first under a new name, then the
feed, page and Alexa feed point to it, then the catalog records it (the commit
point). A failure at any step is undone, or finished by the next command (see
``_transaction``): every earlier episode and the previous feed stay intact,
and no feed item ever points at a file that is not there.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import tempfile
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from briefing.errors import PublishError
from briefing.files import copy_file, write_bytes
from briefing.models import Episode
from briefing.names import FEED_FILE
from briefing.publish.catalog import FILENAME as CATALOG
from briefing.publish.catalog import entry, load_catalog, pinned_guid, save_catalog, upsert
from briefing.publish.cover import Cover
from briefing.publish.feed import build_feed, podcast_guid
from briefing.publish.flash import flash_json, flash_problem
from briefing.publish.site import render_site
from briefing.settings import Publishing, Show

log = logging.getLogger(__name__)

EPISODES = "episodes"
FEED = FEED_FILE
LOCK = ".briefing.lock"
JOURNAL = ".publishing.json"  # a change under way (see _transaction)
SITE = "index.html"
FLASH = "flash.json"


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
def locked(out_dir: Path, create: bool = True) -> Iterator[None]:
    """Hold the published tree while it changes or is read for upload: two commands
    must never interleave catalog and feed writes, nor upload half of a change."""
    if create:
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
    out_dir: Path, show: Show, draft: Episode, files: Mapping[str, Path], cover: Cover
) -> Published:
    """Publish ``files`` (the ``podcast`` MP3 and its companions) as ``draft`` into
    ``out_dir``: the episode the stages made (``Episode.made``), which publishing
    gives its guid, version, number and file names.

    A re-made episode gets a new version: new file names, the same guid. The
    previous version's files and episodes past the show's ``keep_last`` are
    deleted only after the feed and catalog stop naming them.
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
        _reconcile(out_dir, show, catalog, cover)
        earlier = next((e for e in catalog if e.id == draft.id), None)
        version = earlier.version + 1 if earlier else 1
        # Never replace a file at a URL a podcast app may have fetched: a new version
        # is a new file name, and the guid stays so apps update the item in place.
        while any((episodes_dir / f"{draft.id}-v{version}{s}").exists() for s in SUFFIXES.values()):
            version += 1
        names = {kind: f"{draft.id}-v{version}{SUFFIXES[kind]}" for kind in files}
        episode = dataclasses.replace(
            draft,
            guid=earlier.guid if earlier else episode_guid(show.publishing, draft.id),
            version=version,
            file=names["podcast"],
            size=files["podcast"].stat().st_size,
            extras={kind: name for kind, name in names.items() if kind != "podcast"},
            number=earlier.number if earlier else max((e.number for e in catalog), default=0) + 1,
        )
        kept, dropped = retain(upsert(catalog, episode), show.publishing.keep_last)
        if episode in dropped:
            log.warning("%s is older than the newest %d episodes kept (keep_last); "
                        "retention removed it at once", episode.id,
                        show.publishing.keep_last)  # fmt: skip

        def copy() -> None:
            for kind, source in files.items():
                copy_file(source, episodes_dir / names[kind])

        feed = _transaction(out_dir, show, cover, catalog, kept, list(names.values()), copy)
    _say_flash_problem(show, kept)
    return Published(episode=episode, mp3=episodes_dir / episode.file, feed=feed)


def _say_flash_problem(show: Show, kept: list[Episode]) -> None:
    problem = flash_problem(show, kept)
    if problem:
        log.warning("%s", problem)


@dataclass(frozen=True)
class Removed:
    id: str
    files: tuple[str, ...]


def remove_episode(out_dir: Path, show: Show, episode_id: str, cover: Cover) -> Removed:
    """Take an episode out of the catalog and feed, then delete its files.

    The entry is looked up before the rest of the catalog is checked, so an
    entry the checks refuse (a NaN length, a far-future date) can still be
    removed, as long as its file names stay inside ``episodes/``.
    """
    with locked(out_dir):
        others = load_catalog(out_dir, skip=episode_id)
        found = _raw_entry(out_dir, episode_id)
        if found is None:
            raise PublishError(f"no episode {episode_id!r} in {out_dir / CATALOG}")
        gone, names = found
        _reconcile(out_dir, show, others, cover)
        if gone is not None:
            _transaction(out_dir, show, cover, [*others, gone], others)
        else:  # never in a feed (no feed could be built with it): only its files go
            _transaction(out_dir, show, cover, others, others, removing=names)
    return Removed(episode_id, tuple(names))


def republish(out_dir: Path, show: Show, cover: Cover) -> Path:
    """Rebuild everything listeners read from the catalog alone (after settings changed),
    finishing whatever an interrupted run left half done."""
    if not (out_dir / CATALOG).is_file():
        raise PublishError(f"nothing to publish: no {CATALOG} in {out_dir}")
    with locked(out_dir):
        catalog = load_catalog(out_dir)
        _reconcile(out_dir, show, catalog, cover)
        kept, _ = retain(catalog, show.publishing.keep_last)
        feed = _transaction(out_dir, show, cover, catalog, kept)
    _say_flash_problem(show, kept)
    return feed


def bring_in_line(out_dir: Path, show: Show, cover: Cover) -> bool:
    """Finish an interrupted run, if one left the folder half changed (the daily run
    calls this when it finds its edition already published). True when it did."""
    if not (out_dir / JOURNAL).exists():
        return False
    with locked(out_dir):
        return _reconcile(out_dir, show, load_catalog(out_dir), cover)


def interrupted(out_dir: Path) -> bool:
    """Whether a run was cut short while changing ``out_dir`` (see ``_transaction``)."""
    return (out_dir / JOURNAL).exists()


def retain(catalog: list[Episode], keep_last: int) -> tuple[list[Episode], list[Episode]]:
    """The newest ``keep_last`` episodes (all when 0), and the ones retention drops."""
    ordered = sorted(catalog, key=lambda e: (e.published, e.id), reverse=True)
    if keep_last <= 0:
        return ordered, []
    return ordered[:keep_last], ordered[keep_last:]


def episode_files(episode: Episode) -> list[str]:
    return [episode.file, *episode.extras.values()]


# --- One change at a time, finished or undone ------------------------------------------
#
# Every change to the tree runs as a transaction: a journal (JOURNAL, hidden, never
# served or deployed) names the files it adds and removes; the new episode files and
# everything listeners read are written next; the catalog is written last and is the
# commit point; then superseded files are deleted and the journal goes. A failure
# undoes what it can at once. Whatever is left (a kill, a full disk) is finished by the
# next command that takes the lock: files the catalog doesn't name are deleted, and
# the feed, page and flash.json are rebuilt from the catalog. So "already published"
# always means the listeners' files say so too.


def _transaction(
    out_dir: Path,
    show: Show,
    cover: Cover,
    before: list[Episode],
    after: list[Episode],
    adding: Sequence[str] = (),
    copy: Callable[[], None] | None = None,
    removing: Sequence[str] = (),
) -> Path:
    """Change the tree from the ``before`` catalog to ``after``; ``copy`` puts the
    files named ``adding`` in place first, and files named ``removing`` go at the
    end with those ``after`` no longer names. Returns the feed's path."""
    old = {name for e in before for name in episode_files(e)}
    new = {name for e in after for name in episode_files(e)}
    journal = {
        "add": sorted(set(adding) | (new - old)),
        "remove": sorted((old - new) | set(removing)),
    }
    try:
        write_bytes(out_dir / JOURNAL, json.dumps(journal).encode("utf-8"))
        if copy is not None:
            copy()
        guid = feed_guid(out_dir, show)  # read from the catalog once for both
        feed = write_outputs(out_dir, show, after, cover, guid)
        save_catalog(out_dir, after, guid)  # the commit point
    except BaseException as exc:
        _undo(out_dir, show, before, cover)
        if isinstance(exc, OSError):
            raise PublishError(f"cannot publish into {out_dir}: {exc.strerror or exc}") from None
        raise
    try:
        _finish(out_dir, after)
    except OSError as exc:  # committed: what is left is only files no one names
        log.warning("could not delete old files in %s (%s); the next run will", out_dir, exc)
    return feed


def _undo(out_dir: Path, show: Show, before: list[Episode], cover: Cover) -> None:
    # The catalog is written last, so it is still the one before: put the listeners'
    # files back in line with it and delete the new files. Best effort: a full disk
    # may refuse this too, and a second Ctrl-C may cut it short; then the journal
    # stays, and the next command finishes the job.
    try:
        write_outputs(out_dir, show, before, cover)
        _finish(out_dir, before)
        _remove_temporaries(out_dir)  # a write the interruption cut short
    except (OSError, PublishError) as exc:
        log.warning("could not undo the interrupted change in %s (%s); the next briefing "
                    "command there finishes it", out_dir, exc)  # fmt: skip
    except KeyboardInterrupt:
        log.warning("the undo in %s was interrupted; the next briefing command there "
                    "finishes it", out_dir)  # fmt: skip


def _finish(out_dir: Path, catalog: list[Episode]) -> None:
    """Delete what the journal names and the catalog doesn't, then the journal."""
    named = {name for e in catalog for name in episode_files(e)}
    for name in sorted(_journal_names(out_dir) - named):
        (out_dir / EPISODES / name).unlink(missing_ok=True)
    (out_dir / JOURNAL).unlink(missing_ok=True)


def _reconcile(out_dir: Path, show: Show, catalog: list[Episode], cover: Cover) -> bool:
    """Finish what an interrupted run left (see above). True when there was something."""
    _remove_temporaries(out_dir)
    if not (out_dir / JOURNAL).exists():
        return False
    log.warning("an earlier run into %s was interrupted; finishing it from the catalog", out_dir)
    try:
        write_outputs(out_dir, show, catalog, cover)
        _finish(out_dir, catalog)
    except OSError as exc:
        raise PublishError(f"cannot repair {out_dir}: {exc.strerror or exc}") from None
    return True


def _journal_names(out_dir: Path) -> set[str]:
    try:
        data = json.loads((out_dir / JOURNAL).read_bytes())
        names = [*data["add"], *data["remove"]]
    except (OSError, ValueError, KeyError, TypeError):
        return set()  # unreadable: the outputs are still rebuilt, no file is deleted
    return {n for n in names if isinstance(n, str) and _stays_inside(n)}


def _remove_temporaries(out_dir: Path) -> None:
    # Files a killed write left (files.write_bytes names them .NAME.HEX.tmp). Only
    # the lock holder writes here, and it holds the lock now.
    for folder in (out_dir, out_dir / EPISODES):
        for path in folder.glob(".*.tmp") if folder.is_dir() else ():
            if re.fullmatch(r"\..+\.[0-9a-f]{12}\.tmp", path.name):
                path.unlink(missing_ok=True)


def _raw_entry(out_dir: Path, episode_id: str) -> tuple[Episode | None, list[str]] | None:
    """The catalog entry with ``episode_id`` (None when it fails the checks) and its file
    names; None when there is no such entry. Unsafe file names are an error."""
    try:
        data = json.loads((out_dir / CATALOG).read_bytes())
        items = [i for i in data["episodes"] if isinstance(i, dict) and i.get("id") == episode_id]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not items:
        return None
    try:
        episode = entry(items[0], 1)
        return episode, episode_files(episode)
    except ValueError as exc:
        problem = str(exc).split(": ", 1)[-1]
    extras = items[0].get("extras") or {}
    names = [items[0].get("file"), *(extras.values() if isinstance(extras, dict) else [None])]
    if all(isinstance(n, str) and _stays_inside(n) for n in names):
        return None, [str(n) for n in names]
    raise PublishError(f"cannot remove {episode_id}: {problem}; edit {out_dir / CATALOG} by hand")


def _stays_inside(name: str) -> bool:
    # Looser than the catalog's FileName, so entries an older version wrote (a ':' from a time in
    # the id) can still be removed; strict where it matters: one name in one folder.
    return 0 < len(name) <= 255 and not name.startswith(".") and not set(name) & {"/", "\\", "\0"}


def write_outputs(
    out_dir: Path, show: Show, catalog: list[Episode], cover: Cover, guid: str | None = None
) -> Path:
    """Rebuild everything listeners read (cover, web page, Alexa feed, podcast feed) from
    the catalog. The podcast feed goes last: once it changes, the rest is in place.
    Files already as they should be are left alone (and keep their dates)."""
    _write_if_changed(out_dir / cover.filename, cover.data)
    _write_if_changed(out_dir / SITE, render_site(show, catalog, cover.filename, out_dir))
    _write_if_changed(out_dir / FLASH, flash_json(show, catalog))
    feed_path = out_dir / FEED
    guid = guid or feed_guid(out_dir, show)
    _write_if_changed(feed_path, build_feed(show, catalog, cover.filename, guid))
    return feed_path


def feed_guid(out_dir: Path, show: Show) -> str:
    """The feed's podcast:guid: the show's own when it names one, else the one the
    catalog pinned, else (a new show) the spec's UUIDv5 of today's feed URL, which
    the catalog then pins."""
    publishing = show.publishing
    return (publishing.podcast_guid or pinned_guid(out_dir)
            or podcast_guid(publishing.base_url + FEED))  # fmt: skip


def _write_if_changed(path: Path, data: bytes) -> None:
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    write_bytes(path, data)


def episode_guid(publishing: Publishing, episode_id: str) -> str:
    """A guid that never changes for this episode, whatever its file is called later."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{publishing.base_url}episodes/{episode_id}"))


__all__ = [
    "Published",
    "Removed",
    "bring_in_line",
    "check_writable",
    "episode_guid",
    "interrupted",
    "publish_episode",
    "remove_episode",
    "republish",
]
