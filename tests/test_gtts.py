"""The gtts engine through gTTS's real request and parsing code; only HTTP is faked."""

from __future__ import annotations

import urllib.parse

import pytest
import requests
import responses
from gtts import gTTS

from briefing.audio import ffmpeg
from briefing.errors import EngineUnavailableError, SynthesisError
from briefing.speech.gtts import GTTSEngine
from tests.conftest import GTTS_URL, batchexecute_body

TEXT = (
    "Pemerintah Kota Bandung mulai menguji coba layanan bus listrik gratis di tiga koridor "
    "pada hari Senin. Uji coba berlangsung selama satu bulan dan melayani penumpang setiap hari."
)


def _decoded_seconds(mp3: bytes, tmp_path: object) -> float:
    from pathlib import Path

    path = Path(str(tmp_path)) / "clip.mp3"
    path.write_bytes(mp3)
    return len(ffmpeg.decode_pcm(path)) / 2 / ffmpeg.SAMPLE_RATE


def test_speaks_indonesian_with_a_timeout_and_returns_the_served_audio(
    google_ok: responses.RequestsMock, google_mp3: bytes, tmp_path: object
) -> None:
    speech = GTTSEngine(timeout=7.5).synthesize(TEXT, {"tld": "co.id"})
    assert speech.format == "mp3"
    calls = google_ok.calls
    # gTTS splits at 100 characters: one request, one served MP3, per chunk.
    expected_chunks = len(gTTS(TEXT, lang="id")._tokenize(TEXT))
    assert len(calls) == expected_chunks >= 2
    assert speech.data == google_mp3 * expected_chunks
    for call in calls:
        assert call.request.url.startswith("https://translate.google.co.id/")
        assert call.request.req_kwargs["timeout"] == 7.5
        form = urllib.parse.parse_qs(call.request.body)
        assert '\\"id\\"' in form["f.req"][0]  # the language travels inside the RPC
    one = _decoded_seconds(google_mp3, tmp_path)
    assert _decoded_seconds(speech.data, tmp_path) == pytest.approx(one * expected_chunks, abs=0.2)


def test_a_200_without_audio_is_an_error_not_an_empty_clip() -> None:
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, GTTS_URL, body="<html>consent</html>", status=200)
        with pytest.raises(EngineUnavailableError, match="without audio"):
            GTTSEngine().synthesize("Halo semua.", {})


@pytest.mark.parametrize(("status", "text"), [(500, "500"), (429, "429"), (403, "403")])
def test_http_errors_mean_google_is_unavailable(status: int, text: str) -> None:
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, GTTS_URL, body="error", status=status)
        with pytest.raises(EngineUnavailableError, match=text):
            GTTSEngine().synthesize("Halo semua.", {})


def test_timeouts_and_refused_connections_are_unavailable() -> None:
    for error in (requests.ReadTimeout("slow"), requests.ConnectionError("refused")):
        with responses.RequestsMock() as mock:
            mock.add(responses.POST, GTTS_URL, body=error)
            with pytest.raises(EngineUnavailableError, match="Failed to connect"):
                GTTSEngine().synthesize("Halo semua.", {})


def test_payload_is_parsed_only_when_shaped_like_googles(google_mp3: bytes) -> None:
    # A malformed RPC (audio marker present, array missing) must not pass as audio.
    body = batchexecute_body(google_mp3).replace('[\\"', "[")
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, GTTS_URL, body=body, status=200)
        with pytest.raises(EngineUnavailableError):
            GTTSEngine().synthesize("Halo semua.", {})


def test_empty_text_and_bad_timeout_are_refused() -> None:
    with pytest.raises(SynthesisError, match="empty"):
        GTTSEngine().synthesize("   ", {})
    with pytest.raises(SynthesisError, match="timeout"):
        GTTSEngine(timeout=0)
