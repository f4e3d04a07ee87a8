"""Speech: every Line of a Script becomes a Clip, from the cache or from an engine.

Engines are tried in the show's order (``["gtts", "espeak"]`` by default). When
one can't be reached, the next takes over for the rest of the episode, with one
warning, and every Clip records which engine spoke it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from briefing.errors import EngineUnavailableError, SynthesisError
from briefing.models import Clip, Line
from briefing.settings import Show
from briefing.speech.cache import ClipCache
from briefing.speech.engine import Engine, create_engine

log = logging.getLogger(__name__)


def engine_chain(choice: str, show: Show) -> tuple[str, ...]:
    """Engine names to try, in order, for ``--engine`` ``choice``."""
    if choice == "auto":
        return show.engines
    return (choice,)


class _Chain:
    """Engines created on first use, so an engine that is never needed never loads."""

    def __init__(self, names: Sequence[str], factory: Callable[[str], Engine]) -> None:
        if not names:
            raise SynthesisError("no speech engine configured")
        self.names = list(names)
        self.factory = factory
        self.position = 0
        self._engines: dict[str, Engine] = {}

    @property
    def current(self) -> Engine:
        name = self.names[self.position]
        if name not in self._engines:
            self._engines[name] = self.factory(name)
        return self._engines[name]

    def fall_back(self, reason: Exception) -> bool:
        """Move to the next engine; False when there is none."""
        if self.position + 1 >= len(self.names):
            return False
        failed, self.position = self.names[self.position], self.position + 1
        log.warning("%s unavailable (%s); speaking with %s instead", failed, reason,
                    self.names[self.position])  # fmt: skip
        return True


def speak(
    lines: Sequence[Line],
    spoken: Sequence[str],
    show: Show,
    cache: ClipCache,
    engines: Sequence[str],
    *,
    factory: Callable[[str], Engine] | None = None,
) -> list[Clip]:
    """One Clip per Line, in order; ``spoken`` is what the engine reads for each line."""
    if len(lines) != len(spoken):
        raise SynthesisError("every line needs its spoken form")
    chain = _Chain(engines, factory or (lambda name: create_engine(name, show)))
    clips: list[Clip] = []
    for line, text in zip(lines, spoken, strict=True):
        while True:
            try:
                engine = chain.current
                params = dict(show.role(line.role).voice.get(engine.name, {}))
                key = cache.key(engine.name, engine.version(), params, text)
                path = cache.get(key)
                if path is None:
                    speech = engine.synthesize(text, params)
                    path = cache.put(key, speech.data, speech.format)
                clips.append(Clip(line=line, path=path, engine=engine.name))
                break
            except EngineUnavailableError as exc:
                if not chain.fall_back(exc):
                    raise
    return clips


def engines_used(clips: Sequence[Clip]) -> tuple[str, ...]:
    """Distinct engines in the order they first spoke."""
    return tuple(dict.fromkeys(clip.engine for clip in clips))


__all__ = ["engine_chain", "engines_used", "speak"]
