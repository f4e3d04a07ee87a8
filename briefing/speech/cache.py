"""A content-addressed, on-disk cache of synthesized clips.

The key covers the engine, its version, the voice parameters and the spoken
text, so a re-render reuses every clip that would sound the same, and a run
that failed halfway resumes where it stopped. Clips live under their engine's
folder so they can be counted and cleared per engine.

A clip's file name records its length and checksum when it was written
(``<root>/<engine>/<k[:2]>/<key>.<bytes>.<sha256[:16]>.<format>``), and every
hit is verified against them: a clip cut short by a full disk elsewhere, a
bad copy or a disk fault is thrown out and synthesized again, never spoken
as it is. Clips of the older layout (``<key>.<format>``, no checksum) are
treated the same way.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.errors import SynthesisError
from briefing.files import write_bytes

log = logging.getLogger(__name__)

# <key>.<bytes>.<sha256[:16]>.<format>
_NAME = re.compile(r"[0-9a-f]{64}\.(?P<size>\d+)\.(?P<digest>[0-9a-f]{16})\.[a-z0-9]+")


def _intact(path: Path) -> bool:
    m = _NAME.fullmatch(path.name)
    assert m is not None
    try:
        if path.stat().st_size != int(m["size"]) or not int(m["size"]):
            return False
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16] == m["digest"]
    except OSError:
        return False


@dataclass(frozen=True)
class CacheStats:
    clips: int
    size: int  # bytes


class ClipCache:
    def __init__(self, root: Path) -> None:
        self.root = root

    @staticmethod
    def key(engine: str, version: str, params: Mapping[str, Any], text: str) -> str:
        blob = json.dumps(
            {"engine": engine, "version": version, "params": params, "text": text},
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def _folder(self, engine: str, key: str) -> Path:
        if not re.fullmatch(r"[a-z0-9_-]+", engine):
            raise SynthesisError(f"engine name {engine!r} can't name a cache folder")
        return self.root / engine / key[:2]

    def get(self, engine: str, key: str) -> Path | None:
        """The clip cached under ``key``, verified; None (and the file gone) otherwise."""
        folder = self._folder(engine, key)
        for path in folder.glob(f"{key}.*") if folder.is_dir() else ():
            if _NAME.fullmatch(path.name) is None:
                # The older layout recorded no checksum: made again once, quietly.
                log.debug("cached clip %s has no checksum; it is synthesized again", path.name)
            elif _intact(path):
                return path
            else:
                log.warning("cached clip %s is damaged (its length or checksum is not what "
                            "was written); it is synthesized again", path.name)  # fmt: skip
            with contextlib.suppress(OSError):
                path.unlink()
        return None

    def put(self, engine: str, key: str, data: bytes, fmt: str) -> Path:
        folder = self._folder(engine, key)
        digest = hashlib.sha256(data).hexdigest()[:16]
        target = folder / f"{key}.{len(data)}.{digest}.{fmt}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_bytes(target, data)
        except OSError as exc:
            raise SynthesisError(f"cannot write the clip cache at {self.root}: {exc}") from exc
        return target

    def stats(self) -> dict[str, CacheStats]:
        """Clips and bytes per engine."""
        out: dict[str, CacheStats] = {}
        if not self.root.is_dir():
            return out
        for engine_dir in sorted(p for p in self.root.iterdir() if p.is_dir()):
            files = [
                p for p in engine_dir.glob("*/*") if p.is_file() and not p.name.startswith(".")
            ]
            if files:  # folders of older layouts hold no <engine>/<xx>/<clip> files
                out[engine_dir.name] = CacheStats(len(files), sum(p.stat().st_size for p in files))
        return out

    def clear(self, engine: str | None = None) -> CacheStats:
        """Remove every clip (of one engine, if named); returns what was removed."""
        try:
            return self._clear(engine)
        except OSError as exc:
            raise SynthesisError(f"cannot clear {self.root}: {exc.strerror or exc}") from None

    def _clear(self, engine: str | None) -> CacheStats:
        stats = self.stats()
        if engine is None:
            removed = CacheStats(sum(s.clips for s in stats.values()),
                                 sum(s.size for s in stats.values()))  # fmt: skip
            if self.root.is_dir():
                shutil.rmtree(self.root)  # everything, stray files of older layouts too
            return removed
        if engine in stats:
            shutil.rmtree(self.root / engine)
            return stats[engine]
        return CacheStats(0, 0)
