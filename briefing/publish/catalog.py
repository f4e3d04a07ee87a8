"""The catalog: the durable list of published episodes, in ``DIR/catalog.json``.

Every published output (feed, pages) is built from it alone. It is replaced
atomically, so a crash leaves the previous catalog, never half of one. Before
each replacement the catalog being replaced is copied to a hidden backup
(``.catalog.json.bak``, never served or deployed): when the catalog is
damaged anyway (a disk fault, a bad hand edit), briefing refuses to publish
over it and points at the backup.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import uuid
from pathlib import Path
from typing import Any

from briefing import boundary
from briefing.errors import PublishError
from briefing.files import write_bytes
from briefing.models import MAX_LEDE, Episode

FILENAME = "catalog.json"
BACKUP = ".catalog.json.bak"
FORMAT_VERSION = 1
SAFE_NAME = r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}"  # a published file's name
MAX_SECONDS = 24 * 3600.0  # no episode is longer than a day


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

    Paths must be plain file names inside ``episodes/``, numbers finite, dates in
    range, texts clean. Raises EntryError naming the entry.
    """
    name = f"entry {number}"
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        name += f" ({boundary.clean_line(item['id'])[:80]})"
    try:
        return _episode(item)
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError) as exc:
        if isinstance(exc, EntryError):
            problem = str(exc)
        elif isinstance(exc, KeyError):
            problem = f"{exc} is missing"
        else:
            problem = f"{type(exc).__name__}: {exc}"
        raise EntryError(f"{name}: {problem}") from None


def _episode(item: Any) -> Episode:
    if not isinstance(item, dict):
        raise EntryError("not a JSON object")
    extras = item.get("extras") or {}
    speakers = item.get("speakers") or {}
    if not isinstance(extras, dict) or not isinstance(speakers, dict):
        raise EntryError("extras and speakers must be objects")
    return Episode(
        id=_file_name(item["id"], "id"),
        guid=_text(item["guid"], "guid", 300, empty=False),
        version=_count(item["version"], "version", 1),
        title=_text(item["title"], "title", boundary.MAX_TITLE, empty=False),
        description=_text(item["description"], "description", 4 * boundary.MAX_DESCRIPTION),
        date=_day(item["date"]),
        published=_time(item["published"], "published"),
        file=_file_name(item["file"], "file"),
        size=_count(item["size"], "size", 0),
        duration=_seconds(item["duration"]),
        engines=tuple(_text(e, "engines", 40, empty=False) for e in _list(item["engines"])),
        sources=tuple(_source(s) for s in _list(item["sources"])),
        engine_runs=tuple(_run(run) for run in _list(item.get("engine_runs") or [])),
        extras={
            _text(k, "extras", 40, empty=False): _file_name(v, f"extras.{k}")
            for k, v in extras.items()
        },
        speakers={
            _text(k, "speakers", 40, empty=False): _text(v, "speakers", boundary.MAX_NAME)
            for k, v in speakers.items()
        },
        number=_count(item.get("number", 0), "number", 0),
        chapters=tuple(_chapter(c) for c in _list(item.get("chapters") or [])[:MAX_CHAPTERS]),
    )


def _chapter(value: Any) -> tuple[float, str]:
    if not isinstance(value, list) or len(value) != 2:
        raise EntryError("a chapter must be [start, title]")
    return _seconds(value[0], "chapter start"), _text(value[1], "chapters", boundary.MAX_TITLE,
                                                       empty=False)  # fmt: skip


def _file_name(value: Any, key: str) -> str:
    # A plain name in one folder: no separators, no "..", nothing hidden.
    if not isinstance(value, str) or not re.fullmatch(SAFE_NAME, value) \
            or ".." in value:  # fmt: skip
        what = "a plain name" if key == "id" else "a file name inside episodes/"
        raise EntryError(f"{key} {str(value)[:60]!r} is not {what}")
    return value


def _text(value: Any, key: str, limit: int, empty: bool = True) -> str:
    if not isinstance(value, str):
        raise EntryError(f"{key} must be text")
    text = boundary.clean(value).strip()
    if not text and not empty:
        raise EntryError(f"{key} is empty")
    return text[:limit]


def _count(value: Any, key: str, low: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value < 2**53:
        raise EntryError(f"{key} must be a whole number from {low}")
    return value


MAX_CHAPTERS = 200  # an edition has one a story: more is not a catalog briefing wrote


def _seconds(value: Any, key: str = "duration") -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) \
            or not math.isfinite(value) or not 0 <= value <= MAX_SECONDS:  # fmt: skip
        what = "length" if key == "duration" else "time"
        raise EntryError(f"{key} {value!r} is not a {what} in seconds")
    return float(value)


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise EntryError(f"expected a list, not {type(value).__name__}")
    return value


def _day(value: Any) -> dt.date:
    if not isinstance(value, str) or len(value) != 10:
        raise EntryError(f"date {str(value)[:40]!r} is not a day like 2026-11-22")
    day = dt.date.fromisoformat(value)
    boundary.check_date(day, "date", EntryError)
    return day


def _time(value: Any, key: str) -> dt.datetime:
    if not isinstance(value, str):
        raise EntryError(f"{key} must be a time stamp")
    when = dt.datetime.fromisoformat(value)
    if when.tzinfo is None:
        raise EntryError(f"{key} {value!r} has no UTC offset")
    boundary.check_date(when, key, EntryError)
    return when


def _run(value: Any) -> tuple[str, int, int]:
    engine, first, last = _list(value)
    return _text(engine, "engine_runs", 40), _count(first, "engine_runs", 0), \
        _count(last, "engine_runs", 0)  # fmt: skip


def _source(value: Any) -> dict[str, Any]:
    """A source credit as the feed and page read it, its texts clean; null means unknown."""
    if not isinstance(value, dict):
        raise EntryError("a source must be an object")
    checked: dict[str, Any] = {
        "title": _text(value.get("title") or "", "sources.title", boundary.MAX_TITLE)
    }
    if value.get("outlet") is not None:
        checked["outlet"] = _text(value["outlet"], "sources.outlet", boundary.MAX_NAME) or None
    if "authors" in value:
        authors = _list(value["authors"] or [])  # null: no author known
        checked["authors"] = [_text(a, "sources.authors", boundary.MAX_NAME) for a in authors]
    if "url" in value:
        url = value["url"]
        checked["url"] = boundary.clean_url(url) if isinstance(url, str) else None
    if "published" in value:
        stamp = value["published"]
        checked["published"] = _time(stamp, "sources.published").isoformat() if stamp else None
    if value.get("lede"):
        checked["lede"] = _text(value["lede"], "sources.lede", MAX_LEDE)
    return checked


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
    doc["episodes"] = [e.to_json() for e in episodes]
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
