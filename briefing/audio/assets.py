"""Locate the show's sound assets (jingles), shipped inside the wheel as ``briefing/_audio``.

In a source checkout they sit in the top-level ``audio/`` folder instead,
where ``scripts/make_jingles.py`` writes them.
"""

from __future__ import annotations

from pathlib import Path

from briefing.audio.mix import Assets
from briefing.errors import AudioError

_PACKAGE = Path(__file__).resolve().parent.parent


def asset_dir() -> Path:
    for candidate in (_PACKAGE / "_audio", _PACKAGE.parent / "audio"):
        if (candidate / "intro.wav").is_file():
            return candidate
    raise AudioError("the show's jingles are missing; run scripts/make_jingles.py")


def default_assets() -> Assets:
    folder = asset_dir()
    return Assets(
        intro=folder / "intro.wav",
        outro=folder / "outro.wav",
        bed=folder / "bed.wav",
        stinger=folder / "stinger.wav",
    )
