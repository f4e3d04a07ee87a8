"""A third-party engine, as a plugin package would ship one (used by test_engines.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from briefing.settings import Show
from briefing.speech.engine import BaseEngine, Speech
from tests.fakes import tone_wav


class ToneEngine(BaseEngine):
    name = "tone"

    def version(self) -> str:
        return "tone 1"

    def synthesize(self, text: str, params: Mapping[str, Any]) -> Speech:
        # About as long as a voice would take to say the text (15 characters a second).
        return Speech(tone_wav(0.2 + len(text) / 15, float(params.get("freq", 220))), "wav")


def create(show: Show) -> ToneEngine:
    return ToneEngine()


class OldEngine:
    """A plugin written before engines declared their rate, availability and voices."""

    name = "old"

    def version(self) -> str:
        return "old 1"

    def synthesize(self, text: str, params: Mapping[str, Any]) -> Speech:
        return Speech(tone_wav(0.5), "wav")


def create_old(show: Show) -> OldEngine:
    return OldEngine()
