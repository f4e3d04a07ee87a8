"""The speech-engine seam: the Engine protocol and the registry that finds engines.

Engines are looked up by name in the ``briefing.engines`` entry-point group, so
a third-party package can add one without touching briefing. Each entry point
names a factory that takes the Show and returns an Engine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any, Protocol, runtime_checkable

from briefing.errors import EngineUnavailableError, SynthesisError
from briefing.settings import Show

ENTRY_POINT_GROUP = "briefing.engines"


@dataclass(frozen=True)
class Speech:
    """Encoded audio an engine produced, and its container format ("mp3", "wav")."""

    data: bytes
    format: str


@runtime_checkable
class Engine(Protocol):
    """Something that turns Indonesian text into speech.

    ``synthesize`` raises EngineUnavailableError when the engine cannot work at
    all right now (no network, no library), so the next engine in the chain may
    take over, and SynthesisError when this one text failed.
    """

    name: str

    def version(self) -> str: ...

    def synthesize(self, text: str, params: Mapping[str, Any]) -> Speech: ...


EngineFactory = Callable[[Show], Engine]


@dataclass(frozen=True)
class EngineInfo:
    """What `briefing voices` shows of one engine."""

    name: str
    version: str
    problem: str | None  # why it can't speak now; None when it can
    voices: tuple[str, ...]


def describe_engines(show: Show) -> list[EngineInfo]:
    """Every registered engine, whether it can speak now, and its voices.

    ``available()`` and ``voices()`` are optional for plugins: without them an
    engine is assumed available with unnamed voices.
    """
    infos = []
    for name, factory in sorted(available_engines().items()):
        try:
            engine = factory(show)
        except SynthesisError as exc:
            infos.append(EngineInfo(name, "?", str(exc), ()))
            continue
        check = getattr(engine, "available", None)
        problem = check() if callable(check) else None
        listing = getattr(engine, "voices", None)
        voices = tuple(listing()) if callable(listing) else ()
        infos.append(EngineInfo(name, engine.version(), problem, voices))
    return infos


def _builtin() -> dict[str, EngineFactory]:
    # Importing lazily keeps an engine's heavy imports out of runs that don't use it.
    from briefing.speech import espeak, gtts

    return {"gtts": gtts.create, "espeak": espeak.create}


def available_engines() -> dict[str, EngineFactory]:
    """Engine factories by name: the built-in ones, plus any installed plugins."""
    found = _builtin()
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in found:
            continue  # the built-ins' own entry points, or a plugin shadowing one
        try:
            found[ep.name] = ep.load()
        except Exception as exc:  # a broken plugin must not take the built-ins down
            raise SynthesisError(f"engine plugin {ep.name!r} failed to load: {exc}") from exc
    return found


def create_engine(name: str, show: Show) -> Engine:
    factories = available_engines()
    if name not in factories:
        known = ", ".join(sorted(factories))
        raise SynthesisError(f"unknown speech engine {name!r} (known: {known})")
    engine = factories[name](show)
    if not isinstance(engine, Engine):
        raise EngineUnavailableError(f"engine {name!r} does not implement the Engine interface")
    return engine
