"""Speech: every Line of a Script becomes a Clip, from the cache or from an engine.

Engines are tried in the show's order (``["edge", "gtts", "espeak"]`` by
default). Clips are made by a bounded pool of threads; every new clip is
decoded and checked before it is cached. One engine speaks the whole episode,
so no role changes voice part-way: when an engine can't be reached (its quick
``available`` check says so, or it fails part-way), the next speaks every line,
reusing the clips it has in the cache, with one warning (or, in strict mode,
the run fails); the Spoken result names the engines passed over, and why.
Clips finished before a failure stay in the cache, so a later run with that
engine resumes where this one stopped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from typing import Any

from briefing import ffmpeg
from briefing.errors import AudioError, BriefingError, EngineUnavailableError, SynthesisError
from briefing.length import DEFAULT_RATE, speaking_seconds
from briefing.models import Clip, Line, Progress, Spoken, no_progress
from briefing.settings import Show, Speaking
from briefing.speech.cache import ClipCache
from briefing.speech.engine import Engine, Speech, create_engine

log = logging.getLogger(__name__)

MIN_CLIP_SECONDS = 0.1
SILENT_DBFS = -55.0  # quieter than this over a whole clip is no speech at all


def engine_chain(choice: str, speech: Speaking) -> tuple[str, ...]:
    """Engine names to try, in order, for ``--engine`` ``choice``."""
    if choice == "auto":
        return speech.engines
    return (choice,)


class _Chain:
    """Engines created on first use, so an engine that is never needed never loads."""

    def __init__(self, names: Sequence[str], factory: Callable[[str], Engine]) -> None:
        if not names:
            raise SynthesisError("no speech engine configured")
        self.names = list(names)
        self.factory = factory
        self.position = 0

    @property
    def name(self) -> str:
        return self.names[self.position]

    @property
    def last(self) -> bool:
        return self.position + 1 >= len(self.names)

    def current(self) -> Engine:
        return self.factory(self.name)


def _decode(speech: Speech) -> tuple[bytes, int]:
    """16-bit mono PCM and its rate; plain WAV is read directly, the rest by ffmpeg."""
    if speech.format == "wav" and (plain := ffmpeg.plain_wav(speech.data)) is not None:
        return plain
    return ffmpeg.decode_pcm(speech.data, rate=16_000), 16_000


def validate(speech: Speech, engine: str, text: str) -> None:
    """Decode a new clip and refuse it when it is not real speech."""
    try:
        pcm, rate = _decode(speech)
    except AudioError as exc:
        raise EngineUnavailableError(f"{engine} sent audio that does not decode: {exc}") from exc
    seconds = len(pcm) / 2 / rate
    if seconds < MIN_CLIP_SECONDS:
        raise EngineUnavailableError(f"{engine} sent {seconds:.2f} s of audio for {text[:40]!r}")
    if ffmpeg.level_dbfs(pcm) < SILENT_DBFS:
        raise EngineUnavailableError(f"{engine} sent silence for {text[:40]!r}")


def speak(
    lines: Sequence[Line],
    spoken: Sequence[str],
    show: Show,
    cache: ClipCache,
    engines: Sequence[str],
    *,
    strict: bool = False,
    factory: Callable[[str], Engine] | None = None,
    progress: Progress = no_progress,
) -> Spoken:
    """One Clip per Line, in order, all from the first engine in ``engines`` that can
    speak them all; ``spoken`` is what the engine reads for each line."""
    if len(lines) != len(spoken):
        raise SynthesisError("every line needs its spoken form")
    chain = _Chain(engines, factory or (lambda name: create_engine(name, show)))
    passed_over: list[tuple[str, str]] = []
    while True:
        try:
            engine = chain.current()
            # A quick look before the first request: an engine that can't be reached
            # at all is passed over at once, not after a series of retries. The last
            # engine is always tried, so its own error is what the user reads.
            problem = None if strict or chain.last else engine.available()
            if problem is not None:
                raise EngineUnavailableError(problem)
            clips = _speak_with(engine, lines, spoken, show, cache, progress)
        except EngineUnavailableError as exc:
            if strict or chain.last:
                raise
            passed_over.append((chain.name, str(exc)))
            chain.position += 1
            continue
        if passed_over:
            reasons = "; ".join(f"{name} unavailable ({why})" for name, why in passed_over)
            log.warning("%s; %s speaks the whole episode instead", reasons, chain.name)
        return Spoken(clips, tuple(passed_over), engine.chars_per_second)


def _speak_with(
    engine: Engine,
    lines: Sequence[Line],
    spoken: Sequence[str],
    show: Show,
    cache: ClipCache,
    progress: Progress,
) -> tuple[Clip, ...]:
    """Every line's clip from ``engine``: cache hits first, then a thread pool."""
    clips: list[Clip | None] = [None] * len(lines)

    def report() -> None:
        progress(sum(1 for c in clips if c is not None), len(clips))

    version = engine.version()
    todo: list[tuple[int, str, dict[str, Any]]] = []
    for i in range(len(lines)):
        params = dict(show.role(lines[i].role).voice.get(engine.name, {}))
        key = cache.key(engine.name, version, params, spoken[i])
        path = cache.get(engine.name, key)
        if path is not None:
            clips[i] = Clip(line=lines[i], path=path, engine=engine.name)
        else:
            todo.append((i, key, params))
    report()
    if not todo:
        return tuple(clip for clip in clips if clip is not None)

    def one(i: int, key: str, params: dict[str, Any]) -> None:
        speech = engine.synthesize(spoken[i], params)
        validate(speech, engine.name, spoken[i])
        path = cache.put(engine.name, key, speech.data, speech.format)
        clips[i] = Clip(line=lines[i], path=path, engine=engine.name)
        report()

    with ThreadPoolExecutor(max_workers=show.speech.workers, thread_name_prefix="speak") as pool:
        futures = [pool.submit(one, *job) for job in todo]
        try:
            done, _ = wait(futures, return_when=FIRST_EXCEPTION)
        except BaseException:
            # Ctrl-C: drop the queued lines so the pool's exit waits only for the
            # few in flight (they finish and are cached for the rerun).
            for future in futures:
                future.cancel()
            raise
        failed = next((f for f in done if f.exception() is not None), None)
        if failed is not None:
            # Stop handing out new lines; the ones in flight finish (and are cached).
            for future in futures:
                future.cancel()
            exc = failed.exception()
            assert exc is not None
            raise exc
    return tuple(clip for clip in clips if clip is not None)


def planning_rate(engines: Sequence[str], show: Show) -> float:
    """The speaking rate to plan an episode's length with: the first engine's, the one
    meant to speak it (the common rate when it can't even be made)."""
    try:
        return create_engine(engines[0], show).chars_per_second
    except BriefingError:
        return DEFAULT_RATE


def expected_seconds(voiced: Spoken, spoken: Sequence[str]) -> float:
    """How long the words take to say at the rate of the engine that spoke them."""
    return sum(speaking_seconds(text, voiced.chars_per_second) for text in spoken)


__all__ = [
    "engine_chain",
    "expected_seconds",
    "planning_rate",
    "speak",
    "validate",
]
