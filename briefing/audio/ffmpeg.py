"""Find ffmpeg and run it: a system ffmpeg on PATH if present, else the imageio-ffmpeg wheel's.

The wheel ships a static ffmpeg but no ffprobe, so nothing here (or in the
way pydub is used) may need ffprobe: every decode names its input format or
lets ffmpeg sniff it, and always asks for raw PCM out.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import warnings
from pathlib import Path
from typing import Any

from briefing.errors import AudioError

SAMPLE_RATE = 44_100


@functools.cache
def ffmpeg_path() -> str:
    found = shutil.which("ffmpeg")
    if found:
        return found
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError) as exc:
        raise AudioError("ffmpeg not found: install ffmpeg or the imageio-ffmpeg package") from exc


def run(args: list[str], *, stdin: bytes | None = None) -> bytes:
    """Run ffmpeg with ``args`` and return its standard output."""
    cmd = [ffmpeg_path(), "-hide_banner", "-nostdin", "-loglevel", "error", *args]
    try:
        done = subprocess.run(cmd, input=stdin, capture_output=True, check=False)
    except OSError as exc:
        raise AudioError(f"cannot run ffmpeg ({cmd[0]}): {exc}") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise AudioError(
            f"ffmpeg failed: {detail[-1] if detail else 'exit ' + str(done.returncode)}"
        )
    return done.stdout


def decode_pcm(path: Path, rate: int = SAMPLE_RATE) -> bytes:
    """The audio in ``path`` as 16-bit little-endian mono PCM at ``rate`` Hz."""
    return run(["-i", str(path), "-vn", "-f", "s16le", "-acodec", "pcm_s16le",
                "-ac", "1", "-ar", str(rate), "pipe:1"])  # fmt: skip


def audio_segment() -> Any:
    """pydub's AudioSegment class, pointed at our ffmpeg."""
    with warnings.catch_warnings():
        # pydub warns at import when ffmpeg is not on PATH; we tell it where ours is.
        warnings.simplefilter("ignore", RuntimeWarning)
        from pydub import AudioSegment
    AudioSegment.converter = ffmpeg_path()
    return AudioSegment
