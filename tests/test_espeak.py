"""The offline engine: espeak-ng from the wheel, speaking for every role."""

from __future__ import annotations

import io
import wave

import pytest

from briefing.errors import SynthesisError
from briefing.settings import ROLES, load_show
from briefing.speech.engine import available_engines, create_engine
from briefing.speech.espeak import EspeakEngine


def _pcm(data: bytes) -> tuple[int, int]:
    with wave.open(io.BytesIO(data)) as wav:
        return wav.getframerate(), wav.getnframes()


def test_every_role_gets_audio_from_its_own_voice() -> None:
    show = load_show(None)
    engine = EspeakEngine()
    clips = {}
    for role in ROLES:
        speech = engine.synthesize(
            "Selamat pagi, ini kabar dari Bandung.", show.role(role).voice["espeak"]
        )
        rate, frames = _pcm(speech.data)
        assert speech.format == "wav" and rate == 22050
        assert frames / rate > 1.0
        clips[role] = speech.data
    assert len(set(clips.values())) == len(ROLES)  # four distinct voices


def test_bad_voice_parameters_are_refused() -> None:
    engine = EspeakEngine()
    with pytest.raises(SynthesisError, match="not an Indonesian"):
        engine.synthesize("halo", {"voice": "en"})
    with pytest.raises(SynthesisError, match="rate"):
        engine.synthesize("halo", {"rate": 9000})
    with pytest.raises(SynthesisError, match="empty"):
        engine.synthesize("  ", {})


def test_registry_knows_both_engines() -> None:
    show = load_show(None)
    assert {"gtts", "espeak"} <= set(available_engines())
    assert create_engine("espeak", show).name == "espeak"
    with pytest.raises(SynthesisError, match="unknown speech engine 'nope'"):
        create_engine("nope", show)
