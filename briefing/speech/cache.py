"""A content-addressed, on-disk cache of synthesized clips.

The key covers the engine, its version, the voice parameters and the spoken
text, so a re-render reuses every clip that would sound the same, and a run
that failed halfway resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from briefing.errors import SynthesisError
from briefing.files import write_bytes


class ClipCache:
    """Clips stored as ``<root>/<k[:2]>/<key>.<format>``, written atomically."""

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

    def get(self, key: str) -> Path | None:
        folder = self.root / key[:2]
        for path in folder.glob(f"{key}.*") if folder.is_dir() else ():
            if path.suffix != ".tmp" and path.stat().st_size > 0:
                return path
        return None

    def put(self, key: str, data: bytes, fmt: str) -> Path:
        folder = self.root / key[:2]
        target = folder / f"{key}.{fmt}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_bytes(target, data)
        except OSError as exc:
            raise SynthesisError(f"cannot write the clip cache at {self.root}: {exc}") from exc
        return target
