"""Find ffmpeg and run it: a system ffmpeg on PATH if present, else the imageio-ffmpeg wheel's.

Shared by the speech stage (validating clips, shaping voices) and the audio
stage (decoding, encoding). The wheel ships a static ffmpeg but no ffprobe, so
nothing here (or in the way pydub is used) may need ffprobe: every decode lets
ffmpeg sniff its input and always asks for raw PCM out.
"""

from __future__ import annotations

import array
import functools
import math
import re
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


def run_for_log(args: list[str]) -> str:
    """Run ffmpeg for what it reports (filters like ebur128 log to stderr) and return that."""
    cmd = [ffmpeg_path(), "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info", *args]
    try:
        done = subprocess.run(cmd, capture_output=True, check=False)
    except OSError as exc:
        raise AudioError(f"cannot run ffmpeg ({cmd[0]}): {exc}") from exc
    log = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        lines = log.strip().splitlines()
        raise AudioError(f"ffmpeg failed: {lines[-1] if lines else 'exit ' + str(done.returncode)}")
    return log


def decode_pcm(source: Path | bytes, rate: int = SAMPLE_RATE) -> bytes:
    """The audio in ``source`` (a file, or encoded bytes) as 16-bit mono PCM at ``rate`` Hz."""
    stdin = source if isinstance(source, bytes) else None
    where = "pipe:0" if stdin is not None else str(source)
    return run(["-i", where, "-vn", "-f", "s16le", "-acodec", "pcm_s16le",
                "-ac", "1", "-ar", str(rate), "pipe:1"], stdin=stdin)  # fmt: skip


def level_dbfs(pcm: bytes) -> float:
    """RMS level of 16-bit PCM in dBFS (-inf for digital silence)."""
    samples = array.array("h", pcm[: len(pcm) // 2 * 2])
    if not samples:
        return -math.inf
    mean_square = sum(s * s for s in samples) / len(samples)
    return 10 * math.log10(mean_square / 32768**2) if mean_square else -math.inf


@functools.cache
def filters() -> frozenset[str]:
    """The audio filters this ffmpeg build has (system builds differ from the wheel's)."""
    listing = run(["-filters"]).decode("utf-8", "replace")
    return frozenset(re.findall(r"^\s*[.A-Z|]{2,3}\s+(\w+)\s", listing, re.MULTILINE))


def shift_voice(data: bytes, semitones: float, tempo: float, rate: int = 24_000) -> bytes:
    """``data`` (any format ffmpeg reads) with pitch moved by ``semitones`` and speed by
    ``tempo``, as 16-bit mono WAV. ``rate`` is the input's sample rate (gTTS: 24 kHz).

    Formants move with the pitch on purpose: a lower pitch then also sounds like a
    bigger speaker, which is what makes one synthetic voice pass for several.
    """
    ratio = 2 ** (semitones / 12)
    if "rubberband" in filters():
        chain = f"rubberband=pitch={ratio:.5f}:tempo={tempo:.5f}"
    else:
        # Resampling shifts pitch and speed together; atempo then restores the speed.
        chain = f"asetrate=r={rate}*{ratio:.5f},aresample={rate},atempo={tempo / ratio:.5f}"
    return run(["-i", "pipe:0", "-af", chain, "-ac", "1", "-c:a", "pcm_s16le", "-f", "wav",
                "pipe:1"], stdin=data)  # fmt: skip


def audio_segment() -> Any:
    """pydub's AudioSegment class, pointed at our ffmpeg."""
    with warnings.catch_warnings():
        # pydub warns at import when ffmpeg is not on PATH; we tell it where ours is.
        warnings.simplefilter("ignore", RuntimeWarning)
        from pydub import AudioSegment
    AudioSegment.converter = ffmpeg_path()
    return AudioSegment
