"""Lay clips, jingles and pauses on one PCM timeline, in linear time.

Every piece is brought to one format (16-bit mono, 44.1 kHz) and the raw bytes
are joined once, so the cost grows with the episode's length, not its square,
and the start and end of every Line are known to the sample.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import AudioError
from briefing.ffmpeg import SAMPLE_RATE, decode_pcm
from briefing.models import Clip, Master, Timing


@dataclass(frozen=True)
class Pauses:
    """Silence, in seconds, chosen by what changes between two lines."""

    same_speaker: float = 0.30
    new_speaker: float = 0.55
    new_chapter: float = 0.90
    around_jingle: float = 0.40


@dataclass(frozen=True)
class Assets:
    intro: Path
    outro: Path


def _silence(seconds: float, rate: int) -> bytes:
    return bytes(2 * round(seconds * rate))


def assemble(
    clips: Sequence[Clip], assets: Assets, pauses: Pauses = Pauses(), rate: int = SAMPLE_RATE
) -> Master:
    """The episode's timeline: intro, the clips with pauses between them, outro."""
    if not clips:
        raise AudioError("nothing to assemble: no clips")
    parts: list[bytes] = []
    position = 0  # in bytes; two per sample

    def add(chunk: bytes) -> None:
        nonlocal position
        parts.append(chunk)
        position += len(chunk)

    add(decode_pcm(assets.intro, rate))
    add(_silence(pauses.around_jingle, rate))
    timings: list[Timing] = []
    previous: Clip | None = None
    for clip in clips:
        if previous is not None:
            if previous.line.chapter != clip.line.chapter:
                gap = pauses.new_chapter
            elif previous.line.role != clip.line.role:
                gap = pauses.new_speaker
            else:
                gap = pauses.same_speaker
            add(_silence(gap, rate))
        pcm = decode_pcm(clip.path, rate)
        if len(pcm) < rate // 10 * 2:
            raise AudioError(
                f"the clip for {clip.line.role}: {clip.line.text[:50]!r} is empty or too short "
                f"({clip.engine}, {clip.path.name})"
            )
        start = position
        add(pcm)
        timings.append(Timing(clip.line, start / 2 / rate, position / 2 / rate))
        previous = clip
    add(_silence(pauses.around_jingle, rate))
    add(decode_pcm(assets.outro, rate))
    return Master(pcm=b"".join(parts), rate=rate, timings=tuple(timings))
