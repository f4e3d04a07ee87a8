"""The offline engine: espeak-ng from the wheel, speaking for every role."""

from __future__ import annotations

import io
import itertools
import wave

import pytest

from briefing.errors import SynthesisError
from briefing.settings import ROLES, load_show
from briefing.speech.engine import available_engines, create_engine
from briefing.speech.espeak import EspeakEngine
from scripts.pitch import median_f0


def _pcm(data: bytes) -> tuple[int, int]:
    with wave.open(io.BytesIO(data)) as wav:
        return wav.getframerate(), wav.getnframes()


def test_every_role_speaks_at_a_measurably_different_pitch() -> None:
    show = load_show(None)
    engine = EspeakEngine()
    pitch = {}
    for role in ROLES:
        text = "Selamat pagi, ini kabar dari Bandung tentang bus listrik gratis."
        speech = engine.synthesize(text, show.role(role).voice["espeak"])
        rate, frames = _pcm(speech.data)
        assert speech.format == "wav" and rate == 22050
        assert frames / rate > 1.0
        with wave.open(io.BytesIO(speech.data)) as wav:
            pitch[role] = median_f0(wav.readframes(wav.getnframes()), rate)
    ordered = sorted(pitch.values())
    # Any two roles at least 2.4 semitones apart (15%): easy to tell apart by ear.
    assert all(high / low >= 1.15 for low, high in itertools.pairwise(ordered)), pitch
    # The female moderator and quote reader sit above the male reporter and analyst.
    assert min(pitch["moderator"], pitch["quote"]) > max(pitch["reporter"], pitch["analyst"])


def test_bad_voice_parameters_are_refused() -> None:
    engine = EspeakEngine()
    with pytest.raises(SynthesisError, match="not an Indonesian"):
        engine.synthesize("halo", {"voice": "en"})
    with pytest.raises(SynthesisError, match="rate"):
        engine.synthesize("halo", {"rate": 9000})
    with pytest.raises(SynthesisError, match="empty"):
        engine.synthesize("  ", {})
    with pytest.raises(SynthesisError, match="gap must be a whole number from 0 to 50"):
        engine.synthesize("halo", {"gap": 60})


def test_the_word_gap_parts_the_words() -> None:
    """``gap`` adds a pause between words (10 ms a unit): twelve words, eleven gaps."""
    engine = EspeakEngine()
    text = "Pemerintah kota mulai menguji bus listrik gratis di tiga koridor pada Senin pagi"
    rate, plain = _pcm(engine.synthesize(text, {"voice": "id+m3"}).data)
    _, parted = _pcm(engine.synthesize(text, {"voice": "id+m3", "gap": 10}).data)
    added = (parted - plain) / rate
    assert 11 * 0.05 < added < 11 * 0.2, added


def test_registry_knows_both_engines() -> None:
    show = load_show(None)
    assert {"gtts", "espeak"} <= set(available_engines())
    assert create_engine("espeak", show).name == "espeak"
    with pytest.raises(SynthesisError, match="unknown speech engine 'nope'"):
        create_engine("nope", show)
