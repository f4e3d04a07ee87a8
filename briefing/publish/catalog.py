"""The catalog: the durable list of published episodes, in ``DIR/catalog.json``.

Every published output (feed, pages) is built from it alone. It is replaced
atomically, so a crash leaves the previous catalog, never half of one. Before
each replacement the catalog being replaced is copied to a hidden backup
(``.catalog.json.bak``, never served or deployed): when the catalog is
damaged anyway (a disk fault, a bad hand edit), briefing refuses to publish
over it and points at the backup.
"""

from __future__ import annotations

import json
from pathlib import Path

from briefing.errors import PublishError
from briefing.files import write_bytes
from briefing.models import Episode

FILENAME = "catalog.json"
BACKUP = ".catalog.json.bak"
FORMAT_VERSION = 1


def load_catalog(out_dir: Path) -> list[Episode]:
    path = out_dir / FILENAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise PublishError(f"cannot read the catalog {path}: {exc.strerror or exc}") from None
    try:
        return _parse(raw)
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


def _parse(raw: bytes) -> list[Episode]:
    data = json.loads(raw.decode("utf-8"))
    return [Episode.from_json(item) for item in data["episodes"]]


def save_catalog(out_dir: Path, episodes: list[Episode]) -> Path:
    path = out_dir / FILENAME
    doc = {"version": FORMAT_VERSION, "episodes": [e.to_json() for e in episodes]}
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
