"""The catalog: the durable list of published episodes, in ``DIR/catalog.json``.

Every published output (feed, pages) is built from it alone. It is replaced
atomically, so a crash leaves the previous catalog, never half of one.
"""

from __future__ import annotations

import json
from pathlib import Path

from briefing.errors import PublishError
from briefing.files import write_bytes
from briefing.models import Episode

FILENAME = "catalog.json"
FORMAT_VERSION = 1


def load_catalog(out_dir: Path) -> list[Episode]:
    path = out_dir / FILENAME
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise PublishError(f"cannot read the catalog {path}: {exc}") from exc
    try:
        data = json.loads(raw)
        return [Episode.from_json(item) for item in data["episodes"]]
    except (ValueError, KeyError, TypeError) as exc:
        raise PublishError(f"the catalog {path} is damaged: {exc}") from exc


def save_catalog(out_dir: Path, episodes: list[Episode]) -> Path:
    path = out_dir / FILENAME
    doc = {"version": FORMAT_VERSION, "episodes": [e.to_json() for e in episodes]}
    write_bytes(path, (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return path


def upsert(episodes: list[Episode], episode: Episode) -> list[Episode]:
    """The catalog with ``episode`` replacing any earlier version of it, newest first."""
    kept = [e for e in episodes if e.id != episode.id]
    kept.append(episode)
    return sorted(kept, key=lambda e: (e.published, e.id), reverse=True)
