"""Lay clips, jingles, the music bed and pauses on one timeline, in linear time.

Every piece is brought to one format (16-bit mono, 44.1 kHz) and appended to a
raw PCM file as it comes, so time grows with the episode's length and memory
stays at a few clips whatever the length. The start and end of every Line and
chapter are known to the sample.

Sound design: the intro jingle; a music bed under the moderator's opening,
ducked about 15 dB while anyone speaks (mixed with pydub, the one short stretch
that needs mixing); a stinger between chapters; pauses chosen by what changes
between two lines; the outro jingle.
"""

from __future__ import annotations

import itertools
import math
import wave
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing.errors import AudioError
from briefing.ffmpeg import (
    SAMPLE_RATE,
    audio_segment,
    decode_many,
    decode_pcm,
    plain_wav,
    resample_each,
)
from briefing.models import Chapter, Clip, Line, Master, Progress, Timing, no_progress


@dataclass(frozen=True)
class Pauses:
    """Silence, in seconds, chosen by what changes between two lines."""

    same_speaker: float = 0.25  # the next sentence
    new_speaker: float = 0.50
    around_stinger: float = 0.45  # before and after the stinger between chapters
    bed_lead: float = 1.2  # bed alone before the first words
    bed_tail: float = 1.5  # and after the opening's last words


@dataclass(frozen=True)
class Assets:
    intro: Path
    outro: Path
    bed: Path
    stinger: Path


BED_LEVEL_DB = -12.0  # the bed alone, under the jingle's level
DUCK_DB = -15.0  # and further down while someone speaks
DUCK_RAMP_MS = 300
DUCK_MERGE_MS = 1500  # gaps shorter than this don't bring the bed back up
MIN_CLIP_SECONDS = 0.1
DECODE_BATCH = 32  # clips decoded together (a few ffmpeg processes per batch)
DECODE_WORKERS = 2  # batches decoded at once, ahead of the writer
# The bed plays under the opening's first lines only: mixing happens in memory,
# and a script whose first chapter runs an hour must not hold an hour there.
BED_MAX_LINES = 12


def _silence(seconds: float, rate: int) -> bytes:
    return bytes(2 * round(seconds * rate))


def _clipped_runs(pcm: bytes) -> int:
    # Three full-scale samples in a row are a flat top: audio that was clipped.
    # bytes.count runs at C speed, so this costs nothing next to decoding.
    return sum(pcm.count(run) for run in (b"\xff\x7f" * 3, b"\x00\x80" * 3, b"\x01\x80" * 3))


class _Writer:
    """Appends PCM to the master file and knows where it is, in samples."""

    def __init__(self, path: Path, listener: Callable[[bytes], None] | None) -> None:
        self.file = path.open("wb")
        self.listener = listener
        self.position = 0
        self.clipped = 0

    def write(self, pcm: bytes) -> tuple[int, int]:
        start = self.position
        self.file.write(pcm)
        if self.listener is not None:
            self.listener(pcm)
        self.position += len(pcm) // 2
        self.clipped += _clipped_runs(pcm)
        return start, self.position


def _asset(path: Path, rate: int) -> bytes:
    """A jingle's PCM: read straight from a plain WAV at the timeline's rate."""
    plain = plain_wav(path)
    return plain[0] if plain is not None and plain[1] == rate else decode_pcm(path, rate)


def _decode_batch(clips: Sequence[Clip], rate: int) -> list[bytes]:
    """The clips' PCM at ``rate``, with as few ffmpeg processes as the formats allow:
    plain WAVs are read here and resampled together, one process per source rate,
    and everything else is decoded by one process."""
    pcm: dict[int, bytes] = {}
    by_rate: dict[int, list[tuple[int, bytes]]] = {}
    others = []
    for i, clip in enumerate(clips):
        plain = plain_wav(clip.path)
        if plain is None:
            others.append(i)
        elif plain[1] == rate:
            pcm[i] = plain[0]
        else:
            by_rate.setdefault(plain[1], []).append((i, plain[0]))
    for clip_rate, found in by_rate.items():
        resampled = resample_each([data for _, data in found], clip_rate, rate)
        pcm.update(zip([i for i, _ in found], resampled, strict=True))
    if others:
        pcm.update(zip(others, _decode_files([clips[i] for i in others], rate), strict=True))
    return [pcm[i] for i in range(len(clips))]


def _decode_files(clips: Sequence[Clip], rate: int) -> list[bytes]:
    try:
        return decode_many([clip.path for clip in clips], rate)
    except AudioError:
        pass
    # One bad file fails the whole batch: decode one by one to name it.
    decoded = []
    for clip in clips:
        try:
            decoded.append(decode_pcm(clip.path, rate))
        except AudioError as exc:
            line = clip.line
            raise AudioError(f"cannot decode the clip for {line.role}: {line.text[:50]!r} "
                             f"({clip.path.name}): {exc}") from None  # fmt: skip
    return decoded


def _decoded(clips: Sequence[Clip], rate: int) -> Iterator[tuple[Clip, bytes]]:
    """Each clip's PCM, in order. Clips are decoded in batches (a few ffmpeg
    processes each, see _decode_batch), two batches at a time on the two cores,
    while the writer takes the previous one: memory holds at most a few batches."""
    batches = [clips[i : i + DECODE_BATCH] for i in range(0, len(clips), DECODE_BATCH)]
    with ThreadPoolExecutor(max_workers=DECODE_WORKERS) as pool:
        window: deque[tuple[Sequence[Clip], Future[list[bytes]]]] = deque()
        for batch in batches:
            window.append((batch, pool.submit(_decode_batch, batch, rate)))
            if len(window) > DECODE_WORKERS:
                done, future = window.popleft()
                yield from zip(done, future.result(), strict=True)
        while window:
            done, future = window.popleft()
            yield from zip(done, future.result(), strict=True)


def _gap(previous: Line, line: Line, pauses: Pauses) -> float:
    """The pause between two lines of one chapter: a breath, or a change of speaker."""
    return pauses.same_speaker if line.role == previous.role else pauses.new_speaker


def _wav_seconds(path: Path) -> float:
    try:
        with wave.open(str(path), "rb") as wav:
            return wav.getnframes() / wav.getframerate()
    except (OSError, wave.Error, EOFError) as exc:
        raise AudioError(f"cannot read {path.name}: {exc}") from None


def planned_seconds(
    lines: Sequence[Line], speech: Sequence[float], assets: Assets, pauses: Pauses = Pauses()
) -> float:
    """How long assemble() will make an episode whose lines last ``speech`` seconds:
    the same jingles, pauses and stingers, without making any audio. Daily
    editions are fitted to their target length with this."""
    total = sum(_wav_seconds(p) for p in (assets.intro, assets.outro)) + sum(speech)
    total += pauses.bed_lead + pauses.bed_tail + pauses.new_speaker
    stinger = _wav_seconds(assets.stinger)
    for previous, line in itertools.pairwise(lines):
        if line.chapter != previous.chapter:
            total += stinger + 2 * pauses.around_stinger
        else:
            total += _gap(previous, line, pauses)
    return total


def _check(clip: Clip, pcm: bytes, rate: int) -> None:
    if len(pcm) < 2 * rate * MIN_CLIP_SECONDS:
        raise AudioError(
            f"the clip for {clip.line.role}: {clip.line.text[:50]!r} is empty or too short "
            f"({clip.engine}, {clip.path.name})"
        )


def assemble(
    clips: Sequence[Clip],
    assets: Assets,
    workdir: Path,
    pauses: Pauses = Pauses(),
    rate: int = SAMPLE_RATE,
    progress: Progress = no_progress,
    listener: Callable[[bytes], None] | None = None,
) -> Master:
    """The episode's timeline, written to ``workdir/master.raw``; ``listener`` hears
    every piece as it is written (the loudness analysis runs alongside)."""
    if not clips:
        raise AudioError("nothing to assemble: no clips")
    out = _Writer(workdir / "master.raw", listener)
    timings: list[Timing] = []
    chapter_starts: list[tuple[str, int]] = []
    try:
        out.write(_asset(assets.intro, rate))
        decoded = _decoded(clips, rate)
        first_chapter = clips[0].line.chapter
        opening_end = next(
            (i for i, c in enumerate(clips) if c.line.chapter != first_chapter), len(clips)
        )
        opening = clips[: min(opening_end, BED_MAX_LINES)]
        chapter_starts.append((first_chapter, 0))
        _opening_under_bed(out, [next(decoded) for _ in opening], assets, pauses, rate, timings)
        stinger = _asset(assets.stinger, rate)
        previous = opening[-1]
        for clip, pcm in decoded:
            _check(clip, pcm, rate)
            if clip.line.chapter != previous.line.chapter:
                out.write(_silence(pauses.around_stinger, rate))
                start, _ = out.write(stinger)
                chapter_starts.append((clip.line.chapter, start))
                out.write(_silence(pauses.around_stinger, rate))
            else:
                out.write(_silence(_gap(previous.line, clip.line, pauses), rate))
            start, end = out.write(pcm)
            timings.append(Timing(clip.line, start / rate, end / rate))
            previous = clip
            progress(len(timings), len(clips))
        out.write(_silence(pauses.new_speaker, rate))
        out.write(_asset(assets.outro, rate))
    finally:
        out.file.close()
    ends = [start for _, start in chapter_starts[1:]] + [out.position]
    chapters = tuple(
        Chapter(title, start / rate, end / rate)
        for (title, start), end in zip(chapter_starts, ends, strict=True)
    )
    return Master(workdir / "master.raw", rate, out.position, tuple(timings), chapters,
                  out.clipped)  # fmt: skip


def _opening_under_bed(
    out: _Writer,
    decoded: list[tuple[Clip, bytes]],
    assets: Assets,
    pauses: Pauses,
    rate: int,
    timings: list[Timing],
) -> None:
    """The first chapter's lines with the music bed under them, ducked while they speak."""
    parts: list[bytes] = [_silence(pauses.bed_lead, rate)]
    spans: list[tuple[int, int]] = []  # speech, in samples from the region's start
    position = len(parts[0]) // 2
    previous: Clip | None = None
    for clip, pcm in decoded:
        _check(clip, pcm, rate)
        if previous is not None:
            parts.append(_silence(_gap(previous.line, clip.line, pauses), rate))
            position += len(parts[-1]) // 2
        spans.append((position, position + len(pcm) // 2))
        parts.append(pcm)
        position += len(pcm) // 2
        previous = clip
    parts.append(_silence(pauses.bed_tail, rate))
    speech = b"".join(parts)
    mixed = _mix_bed(speech, spans, assets.bed, rate)
    offset, _ = out.write(mixed)
    for (clip, _), (start, end) in zip(decoded, spans, strict=True):
        timings.append(Timing(clip.line, (offset + start) / rate, (offset + end) / rate))


def _ramp(piece: Any, from_db: float, to_db: float) -> Any:
    """A gain ramp across the whole piece (pydub divides by its length: skip empty ones)."""
    if len(piece) == 0:
        return piece
    return piece.fade(from_gain=from_db, to_gain=to_db, start=0, end=len(piece))


def _mix_bed(speech: bytes, spans: list[tuple[int, int]], bed_path: Path, rate: int) -> bytes:
    """``speech`` over the bed, looped to length, faded in and out, ducked under speech."""
    segment = audio_segment()
    voice = segment(data=speech, sample_width=2, frame_rate=rate, channels=1)
    bed = segment(data=_asset(bed_path, rate), sample_width=2, frame_rate=rate, channels=1)
    loops = math.ceil(len(voice) / len(bed))
    bed = (bed * loops)[: len(voice)] + BED_LEVEL_DB
    blocks: list[tuple[int, int]] = []  # speech spans merged across short gaps, in ms
    for start, end in spans:
        s, e = start * 1000 // rate, end * 1000 // rate
        if blocks and s - blocks[-1][1] < DUCK_MERGE_MS:
            blocks[-1] = (blocks[-1][0], e)
        else:
            blocks.append((s, e))
    pieces = []
    position = 0
    for s, e in blocks:
        down = max(position, s - DUCK_RAMP_MS)
        up = min(len(bed), e + DUCK_RAMP_MS)
        pieces += [
            bed[position:down],
            _ramp(bed[down:s], 0, DUCK_DB),
            bed[s:e] + DUCK_DB,
            _ramp(bed[e:up], DUCK_DB, 0),
        ]
        position = up
    pieces.append(bed[position:])
    bed_pcm = b"".join(p.raw_data for p in pieces)  # one join, no quadratic +=
    bed = segment(data=bed_pcm, sample_width=2, frame_rate=rate, channels=1)
    bed = bed.fade_in(800).fade_out(1200)
    return bytes(voice.overlay(bed).raw_data)
