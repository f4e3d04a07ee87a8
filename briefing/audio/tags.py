"""ID3v2.3 tags for the episode MP3 (v2.3 because Apple's tools read it most reliably)."""

from __future__ import annotations

from pathlib import Path

from mutagen.id3 import APIC, COMM, ID3, TALB, TCON, TDRC, TIT2, TLAN, TPE1, ID3NoHeaderError

from briefing.errors import AudioError
from briefing.models import Script
from briefing.settings import Show


def write_tags(
    path: Path, script: Script, show: Show, cover: bytes | None, cover_mime: str = "image/png"
) -> None:
    try:
        tags = ID3(str(path))
    except ID3NoHeaderError:
        tags = ID3()
    tags.add(TIT2(encoding=3, text=script.title))
    tags.add(TPE1(encoding=3, text=show.author))
    tags.add(TALB(encoding=3, text=show.name))
    tags.add(TDRC(encoding=3, text=script.date.isoformat()))
    tags.add(TLAN(encoding=3, text="ind"))  # ISO 639-2 for Indonesian
    tags.add(TCON(encoding=3, text="Podcast"))
    tags.add(COMM(encoding=3, lang="ind", desc="", text=script.description))
    if cover:
        tags.add(APIC(encoding=3, mime=cover_mime, type=3, desc="Cover", data=cover))
    try:
        tags.save(str(path), v2_version=3)
    except OSError as exc:
        raise AudioError(f"cannot write tags to {path}: {exc}") from exc
