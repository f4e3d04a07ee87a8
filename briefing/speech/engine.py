"""The speech-engine seam: the Engine protocol and the registry that finds engines.

Engines are looked up by name in the ``briefing.engines`` entry-point group, the
built-in ones too (pyproject.toml declares them), so adding an engine is one
entry point, for briefing as for a third-party package. Each names a factory
that takes the Show and returns an Engine; ``BaseEngine`` gives the optional
capabilities their defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from typing import Any, Protocol, runtime_checkable

from briefing.errors import EngineUnavailableError, SynthesisError
from briefing.length import DEFAULT_RATE
from briefing.settings import Show

ENTRY_POINT_GROUP = "briefing.engines"
BUILTIN_MODULES = "briefing.speech."


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
    # How fast it speaks, in characters of spoken form a second: the planned
    # lengths and the quality gate's expectation (briefing.length) use it.
    chars_per_second: float

    def version(self) -> str: ...

    def synthesize(self, text: str, params: Mapping[str, Any]) -> Speech: ...

    def available(self) -> str | None:
        """Why it can't speak right now, or None when it can."""

    def voices(self) -> tuple[str, ...]:
        """The voices a role's parameters can name, for `briefing voices`."""


class BaseEngine:
    """The optional capabilities' defaults, for an engine (or plugin) to inherit: the
    common speaking rate, always available, no named voices."""

    chars_per_second: float = DEFAULT_RATE

    def available(self) -> str | None:
        return None

    def voices(self) -> tuple[str, ...]:
        return ()


EngineFactory = Callable[[Show], Engine]


@dataclass(frozen=True)
class EngineInfo:
    """What `briefing voices` shows of one engine."""

    name: str
    version: str
    problem: str | None  # why it can't speak now; None when it can
    voices: tuple[str, ...]


def describe_engines(show: Show) -> list[EngineInfo]:
    """Every registered engine, whether it can speak now, and its voices."""
    infos = []
    for name in sorted(available_engines()):
        try:
            engine = create_engine(name, show)
        except SynthesisError as exc:
            infos.append(EngineInfo(name, "?", str(exc), ()))
            continue
        infos.append(EngineInfo(name, engine.version(), engine.available(), engine.voices()))
    return infos


def available_engines() -> dict[str, EntryPoint]:
    """Every installed engine's entry point, by name. A plugin that takes a built-in
    engine's name does not replace it."""
    found: dict[str, EntryPoint] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name not in found or ep.value.startswith(BUILTIN_MODULES):
            found[ep.name] = ep
    return found


def create_engine(name: str, show: Show) -> Engine:
    """The engine ``name``, made for ``show``. Its module is imported only now, so an
    engine's heavy imports stay out of runs that don't use it."""
    found = available_engines()
    if name not in found:
        known = ", ".join(sorted(found)) or "none: briefing is not installed"
        raise SynthesisError(f"unknown speech engine {name!r} (known: {known})")
    try:
        factory: EngineFactory = found[name].load()
    except Exception as exc:  # a broken plugin must not take the others down
        raise SynthesisError(f"engine plugin {name!r} failed to load: {exc}") from exc
    engine = factory(show)
    if not isinstance(engine, Engine):
        missing = [m for m in ("name", "chars_per_second", "version", "synthesize", "available",
                               "voices") if not hasattr(engine, m)]  # fmt: skip
        raise EngineUnavailableError(
            f"engine {name!r} does not implement the Engine interface (missing: "
            f"{', '.join(missing)}); a plugin can inherit briefing.speech.engine.BaseEngine"
        )
    return engine
