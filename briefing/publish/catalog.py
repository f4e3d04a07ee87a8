"""The catalog: the durable list of published episodes, in ``DIR/catalog.json``.

Every published output (feed, pages) is built from it alone. It is replaced
atomically, so a crash leaves the previous catalog, never half of one. Before
each replacement the catalog being replaced is copied to a hidden backup
(``.catalog.json.bak``, never served or deployed): when the catalog is
damaged anyway (a disk fault, a bad hand edit), briefing refuses to publish
over it and points at the backup.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import uuid
from pathlib import Path
from typing import Any

import msgspec

from briefing import boundary
from briefing.errors import PublishError
from briefing.files import write_bytes
from briefing.models import Episode

FILENAME = "catalog.json"
BACKUP = ".catalog.json.bak"
FORMAT_VERSION = 1


def load_catalog(out_dir: Path, skip: str | None = None) -> list[Episode]:
    """The catalog's episodes, each checked (see ``entry``); ``skip`` leaves one entry
    unread, so a bad entry can still be removed."""
    path = out_dir / FILENAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise PublishError(f"cannot read the catalog {path}: {exc.strerror or exc}") from None
    try:
        return _parse(raw, skip)
    except EntryError as exc:
        raise PublishError(
            f"the catalog {path} has a bad {exc}; fix or delete that entry by hand, or run "
            "`briefing episodes remove ID`; nothing was changed"
        ) from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        backup = out_dir / BACKUP
        fix = (
            f"the last good one is {backup}: check it, then copy it over {path}"
            if backup.is_file()
            else "restore it from a copy, or move it away to start a new catalog"
        )
        raise PublishError(
            f"the catalog {path} is damaged ({type(exc).__name__}: {exc}); nothing was "
            f"changed. {fix}"
        ) from None


def _parse(raw: bytes, skip: str | None = None) -> list[Episode]:
    data = json.loads(raw.decode("utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("episodes"), list):
        raise ValueError("no list of episodes")
    episodes = []
    for number, item in enumerate(data["episodes"], start=1):
        if skip is not None and isinstance(item, dict) and item.get("id") == skip:
            continue
        episodes.append(entry(item, number))
    ids = [e.id for e in episodes]
    twice = next((i for i in ids if ids.count(i) > 1), None)
    if twice is not None:
        raise ValueError(f"episode {twice} is listed twice")
    return episodes


class EntryError(ValueError):
    """One catalog entry is unusable; the message names it."""


def entry(item: Any, number: int) -> Episode:
    """One catalog entry, checked: the catalog may have travelled (a gh-pages branch,
    a copy from another machine), so nothing in it is trusted.

    Its texts are cleaned, then msgspec reads it into the Episode record, whose
    field types say what each value must be (plain file names inside
    ``episodes/``, finite numbers, time stamps with an offset, lengths); dates
    must be in range and links plain web links. Raises EntryError naming the entry.
    """
    name = f"entry {number}"
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        name += f" ({boundary.clean_line(item['id'])[:80]})"
    try:
        episode = msgspec.convert(_cleaned(item), Episode)
        for key, when in (("date", episode.date), ("published", episode.published),
                          *(("sources.published", t) for t in _source_times(episode))):  # fmt: skip
            boundary.check_date(when, key, EntryError)
    except msgspec.ValidationError as exc:
        raise EntryError(f"{name}: {_said(str(exc))}") from None
    except EntryError as exc:
        raise EntryError(f"{name}: {exc}") from None
    # A link listeners may follow is a web link or nothing (not javascript:).
    sources = tuple(dataclasses.replace(s, url=boundary.clean_url(s.url)) for s in episode.sources)
    return dataclasses.replace(episode, sources=sources)


def _said(problem: str) -> str:
    """msgspec's account of a bad value, in the catalog's terms: "Expected `int` >= 0
    at `size`", and a file name's pattern said in words."""
    problem = problem.replace(" - at `$.", " at `").replace(" - at `$`", "")
    return re.sub(r"`str` matching regex '[^']*'", "a plain file name inside episodes/ "
                  "(no folders, no '..', not hidden)", problem)  # fmt: skip


def _cleaned(value: Any) -> Any:
    """``value`` with every text (keys too) cleaned of control and invisible characters,
    and null fields left out: null means unknown ("authors": null in older catalogs),
    which is what a missing field means too."""
    if isinstance(value, str):
        return boundary.clean(value).strip()
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    if isinstance(value, dict):
        return {
            _cleaned(k) if isinstance(k, str) else k: _cleaned(v)
            for k, v in value.items()
            if v is not None
        }
    return value


def _source_times(episode: Episode) -> list[dt.datetime]:
    return [s.published for s in episode.sources if s.published is not None]


def pinned_guid(out_dir: Path) -> str | None:
    """The feed's podcast:guid as the catalog pinned it the first time the feed was
    built (None before that). It never changes after, whatever the base URL becomes:
    podcast apps and indexes follow a show by it."""
    try:
        data = json.loads((out_dir / FILENAME).read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return None  # load_catalog says what is wrong with the file
    feed = data.get("feed") if isinstance(data, dict) else None
    guid = feed.get("guid") if isinstance(feed, dict) else None
    if guid is None:
        return None
    try:
        return str(uuid.UUID(str(guid)))
    except ValueError:
        raise PublishError(
            f"the catalog {out_dir / FILENAME} pins the feed guid {str(guid)[:60]!r}, which is "
            "not a UUID; fix it by hand (podcast apps know the show by it)"
        ) from None


def save_catalog(out_dir: Path, episodes: list[Episode], guid: str | None = None) -> Path:
    """Write the catalog; ``guid`` pins the feed's podcast:guid in it."""
    path = out_dir / FILENAME
    doc: dict[str, Any] = {"version": FORMAT_VERSION}
    if guid is not None:
        doc["feed"] = {"guid": guid}
    doc["episodes"] = [msgspec.to_builtins(e) for e in episodes]
    data = (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    try:
        previous = path.read_bytes()
    except FileNotFoundError:
        previous = None
    if previous is not None and previous != data:
        try:
            _parse(previous)
        except (ValueError, KeyError, TypeError, AttributeError):
            pass  # never let a damaged catalog replace the last good backup
        else:
            write_bytes(out_dir / BACKUP, previous)
    write_bytes(path, data)
    return path


def upsert(episodes: list[Episode], episode: Episode) -> list[Episode]:
    """The catalog with ``episode`` replacing any earlier version of it, newest first."""
    kept = [e for e in episodes if e.id != episode.id]
    kept.append(episode)
    return sorted(kept, key=lambda e: (e.published, e.id), reverse=True)
