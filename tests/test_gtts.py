"""The gtts engine through gTTS's real request and parsing code; only HTTP is faked.

`responses` serves Google's batchexecute framing around a real MP3 (MPEG-2
layer III, 24 kHz, mono, 32 kbps), with 429s, 5xx, timeouts and latency.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
import requests
import responses
from click.testing import CliRunner
from gtts import gTTS

from briefing import ffmpeg
from briefing.cli import cli
from briefing.errors import EngineUnavailableError, SynthesisError
from briefing.ingest import read_article
from briefing.models import Line
from briefing.pipeline import spoken_lines
from briefing.script.room import compose
from briefing.settings import changed, load_show
from briefing.speech import speak
from briefing.speech.cache import ClipCache
from briefing.speech.chunking import chunk_text
from briefing.speech.gtts import GTTSEngine
from briefing.speech.online import RateLimiter, RetryPolicy
from scripts.pitch import median_f0
from tests.conftest import DATA, EXAMPLE, GOOGLE_HOST, GTTS_URL, KOMPAS, batchexecute_body

SHOW = load_show(None)
TEXT = (
    "Pemerintah Kota Bandung mulai menguji coba layanan bus listrik gratis di tiga koridor "
    "pada hari Senin. Uji coba berlangsung selama satu bulan dan melayani penumpang setiap hari."
)


def _engine(**kwargs: object) -> tuple[GTTSEngine, list[float]]:
    """An engine whose backoff sleeps are recorded instead of slept."""
    slept: list[float] = []
    defaults: dict[str, object] = {"rate": 1000.0, "sleep": slept.append}
    engine = GTTSEngine(**(defaults | kwargs))  # type: ignore[arg-type]
    return engine, slept


def _chunk_sent(request: requests.PreparedRequest) -> str:
    form = urllib.parse.parse_qs(str(request.body))
    rpc = json.loads(form["f.req"][0])
    return str(json.loads(rpc[0][0][1])[0])


# --- chunking ---------------------------------------------------------------------


def _spoken_stories() -> list[list[str]]:
    """The spoken lines of each sample story."""
    paths = sorted({EXAMPLE, KOMPAS, *DATA.glob("*.txt")})
    morning = dt.datetime(2026, 11, 24, 6, tzinfo=SHOW.zone)
    return [spoken_lines(compose([read_article(p)], SHOW, morning), SHOW) for p in paths]


def _spoken_samples() -> list[str]:
    return [line for story in _spoken_stories() for line in story]


def test_chunks_fit_never_split_words_and_keep_every_word() -> None:
    for text in _spoken_samples():
        chunks = chunk_text(text)
        assert all(0 < len(c) <= 100 for c in chunks)
        assert " ".join(chunks) == " ".join(text.split())
        words = set(text.split())
        assert all(word in words for c in chunks for word in c.split())


def test_chunks_prefer_sentence_then_clause_boundaries() -> None:
    text = ("Satu kalimat pendek. " * 3 + "Kalimat berikutnya jauh lebih panjang, dengan anak "
            "kalimat yang memisahkan bagian bagiannya, supaya pemotongan terjadi di koma.")  # fmt: skip
    chunks = chunk_text(text)
    assert chunks[0].endswith(".")
    assert all(c.endswith((".", ",")) for c in chunks[:-1])


def _gtts_requests(text: str) -> int:
    return len(gTTS(text, lang="id")._tokenize(text))


def test_fewer_requests_than_gtts_own_tokenizer() -> None:
    stories = _spoken_stories()
    ours = sum(len(chunk_text(line)) for story in stories for line in story)
    # The naive way hands gTTS a whole story; it cuts at every comma and never merges.
    naive = sum(_gtts_requests(" ".join(story)) for story in stories)
    assert ours <= 0.7 * naive, (ours, naive)
    # Line by line, where a short line is one request either way, ours is never worse.
    for line in (line for story in stories for line in story):
        assert len(chunk_text(line)) <= _gtts_requests(line), line


def test_a_monster_word_is_still_cut_to_fit() -> None:
    assert [len(c) for c in chunk_text("a" * 250)] == [100, 100, 50]


# --- one engine, many kinds of answers ---------------------------------------------


def test_one_request_per_chunk_in_indonesian_with_a_timeout(
    google_ok: responses.RequestsMock, google_mp3: bytes
) -> None:
    engine, _ = _engine(timeout=7.5)
    speech = engine.synthesize(TEXT, {"tld": "co.id"})
    chunks = chunk_text(TEXT)
    assert speech.format == "mp3"
    assert speech.data == google_mp3 * len(chunks)
    assert [_chunk_sent(c.request) for c in google_ok.calls] == chunks
    for call in google_ok.calls:
        assert call.request.url.startswith("https://translate.google.co.id/")
        assert call.request.req_kwargs["timeout"] == 7.5
        assert '\\"id\\"' in urllib.parse.parse_qs(str(call.request.body))["f.req"][0]


def test_429_then_success_is_retried_after_backing_off(google_mp3: bytes) -> None:
    engine, slept = _engine(retry=RetryPolicy(tries=4, base=0.5))
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, GTTS_URL, status=429, headers={"Retry-After": "2"})
        mock.add(responses.POST, GTTS_URL, body=batchexecute_body(google_mp3))
        assert engine.synthesize("Halo semua.", {}).data == google_mp3
        assert len(mock.calls) == 2
    assert len(slept) == 1 and slept[0] >= 2.0  # Retry-After honoured


def test_500_forever_is_a_clear_error_after_n_tries() -> None:
    engine, slept = _engine(retry=RetryPolicy(tries=4, base=0.5, cap=8))
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, GTTS_URL, status=500)
        with pytest.raises(EngineUnavailableError, match=r"failed after 4 tries: 500"):
            engine.synthesize("Halo semua.", {})
        assert len(mock.calls) == 4
    # Exponential backoff with jitter: each delay within [d/2, d] for d = 0.5, 1, 2.
    assert len(slept) == 3
    for delay, ceiling in zip(slept, (0.5, 1.0, 2.0), strict=True):
        assert ceiling / 2 <= delay <= ceiling


def test_timeouts_and_connection_errors_are_retried_then_unavailable() -> None:
    for error in (requests.ReadTimeout("slow"), requests.ConnectionError("refused")):
        engine, slept = _engine(retry=RetryPolicy(tries=3, base=0.1))
        with responses.RequestsMock() as mock:
            mock.add(responses.POST, GTTS_URL, body=error)
            with pytest.raises(EngineUnavailableError, match="failed after 3 tries"):
                engine.synthesize("Halo semua.", {})
            assert len(mock.calls) == 3 and len(slept) == 2


def test_403_is_not_retried() -> None:
    engine, slept = _engine()
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, GTTS_URL, status=403)
        with pytest.raises(EngineUnavailableError, match="refused the request: 403"):
            engine.synthesize("Halo semua.", {})
        assert len(mock.calls) == 1 and slept == []


def test_a_200_without_audio_is_an_error_not_an_empty_clip() -> None:
    engine, _ = _engine()
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, GTTS_URL, body="<html>consent</html>", status=200)
        with pytest.raises(EngineUnavailableError, match="without audio"):
            engine.synthesize("Halo semua.", {})


def test_a_malformed_rpc_is_not_taken_for_audio(google_mp3: bytes) -> None:
    engine, _ = _engine()
    body = batchexecute_body(google_mp3).replace('[\\"', "[")
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, GTTS_URL, body=body, status=200)
        with pytest.raises(EngineUnavailableError):
            engine.synthesize("Halo semua.", {})


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(SynthesisError, match="empty"):
        GTTSEngine().synthesize("   ", {})
    with pytest.raises(SynthesisError, match="timeout"):
        GTTSEngine(timeout=0)
    with pytest.raises(SynthesisError, match="pitch"):
        GTTSEngine().synthesize("halo", {"pitch": 40})


def test_the_rate_limiter_spaces_acquisitions_evenly() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)

    limiter = RateLimiter(4.0, clock=lambda: now[0], sleep=sleep)
    for _ in range(5):
        limiter.acquire()
    assert slept == pytest.approx([0.25, 0.5, 0.75, 1.0])


# --- role voices ---------------------------------------------------------------------


def test_roles_sound_different_through_pitch_and_tempo(
    google_ok: object, google_mp3: bytes
) -> None:
    engine, _ = _engine()
    base_f0 = median_f0(ffmpeg.decode_pcm(google_mp3, rate=16_000), 16_000)
    base_seconds = len(ffmpeg.decode_pcm(google_mp3, rate=16_000)) / 32_000
    measured = {}
    for role in ("moderator", "reporter", "analyst", "quote"):
        params = SHOW.role(role).voice["gtts"]
        speech = engine.synthesize("Halo semua.", params)
        pcm = ffmpeg.decode_pcm(speech.data, rate=16_000)
        measured[role] = (median_f0(pcm, 16_000), len(pcm) / 32_000)
        expected_ratio = 2 ** (params["pitch"] / 12)
        assert measured[role][0] == pytest.approx(base_f0 * expected_ratio, rel=0.12), role
        assert measured[role][1] == pytest.approx(base_seconds / params["tempo"], rel=0.1), role
    pitches = sorted(f0 for f0, _ in measured.values())
    # Every two roles at least a semitone and a half apart.
    assert all(b / a > 2 ** (1.5 / 12) for a, b in itertools.pairwise(pitches))


# --- the speech stage over gTTS: pool, limits, failures, resume ------------------------


def _lines(n: int) -> list[Line]:
    return [Line("reporter", f"Kalimat nomor {i} dibacakan.", "Bab") for i in range(n)]


def _fast_show(**changes: object) -> object:
    return changed(SHOW, gtts_backoff=0.001, gtts_rate=100.0, **changes)  # type: ignore[arg-type]


def test_500_forever_keeps_finished_clips_and_a_rerun_resumes(
    tmp_path: Path, google_mp3: bytes
) -> None:
    lines = _lines(6)
    spoken = [
        f"kalimat nomor {w} dibacakan" for w in ["satu", "dua", "tiga", "empat", "lima", "enam"]
    ]
    show = _fast_show(gtts_tries=3, workers=2)
    cache = ClipCache(tmp_path)

    def answer(request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        if "empat" in _chunk_sent(request):
            return 500, {}, "upstream error"
        return 200, {}, batchexecute_body(google_mp3)

    with responses.RequestsMock() as mock:
        mock.add_callback(responses.POST, GTTS_URL, callback=answer)
        with pytest.raises(EngineUnavailableError, match="failed after 3 tries: 500"):
            speak(lines, spoken, show, cache, ["gtts"])  # type: ignore[arg-type]
    kept = cache.stats()["gtts"].clips
    assert 1 <= kept <= 5  # the line that failed is not there; finished ones are

    with responses.RequestsMock() as mock:
        mock.add(responses.POST, GTTS_URL, body=batchexecute_body(google_mp3))
        clips = speak(lines, spoken, show, cache, ["gtts"])  # type: ignore[arg-type]
        assert len(mock.calls) == 6 - kept  # only the missing clips are asked for
    assert [c.engine for c in clips.clips] == ["gtts"] * 6 and not clips.passed_over


def test_the_pool_and_the_rate_limit_are_honoured(tmp_path: Path, google_mp3: bytes) -> None:
    lines = _lines(16)
    spoken = [f"kalimat ke {i} dari enam belas" for i in "abcdefghijklmnop"]
    show = changed(SHOW, workers=3, gtts_rate=40.0)
    lock = threading.Lock()
    in_flight, peak, stamps = [0], [0], []

    def answer(request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        with lock:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
            stamps.append(time.monotonic())
        time.sleep(0.1)  # Google's latency
        with lock:
            in_flight[0] -= 1
        return 200, {}, batchexecute_body(google_mp3)

    with responses.RequestsMock() as mock:
        mock.add_callback(responses.POST, GTTS_URL, callback=answer)
        speak(lines, spoken, show, ClipCache(tmp_path), ["gtts"])
    assert peak[0] == 3  # parallel, but never more than the pool
    # Requests never come faster than the rate allows: the k-th arrives no sooner
    # than k intervals after the first. (Each arrival is stamped by a thread the
    # machine may wake a little late, so one gap alone can look short: the
    # schedule as a whole is what the limiter promises.)
    stamps.sort()
    assert all(t - stamps[0] >= k / 40 - 0.015 for k, t in enumerate(stamps))


@pytest.mark.slow
def test_strict_fails_where_auto_falls_back(
    runner: CliRunner, tmp_path: Path, google_down: object, fast_show: Path
) -> None:
    out = tmp_path / "public"
    args = ["make", str(KOMPAS), "--out", str(out), "--show", str(fast_show)]
    result = runner.invoke(cli, [*args, "--strict"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Google TTS failed after 5 tries: Failed to connect")
    assert not out.exists()
    result = runner.invoke(cli, [*args, "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["engines"] == ["espeak"]


@pytest.mark.slow
def test_a_mid_episode_outage_hands_the_whole_episode_to_the_next_engine(
    runner: CliRunner, tmp_path: Path, google_mp3: bytes, fast_show: Path
) -> None:
    """Google fails after 8 requests: espeak speaks every line, so no role changes
    voice part-way; one warning says so, and the catalog records why."""
    served = [0]
    lock = threading.Lock()

    def answer(request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        with lock:
            served[0] += 1
            if served[0] > 8:
                return 503, {}, "down"
        return 200, {}, batchexecute_body(google_mp3)

    fast_show.write_text(fast_show.read_text() + "workers = 1\ngtts_tries = 2\n")
    out = tmp_path / "public"
    with responses.RequestsMock() as mock:
        mock.add(responses.HEAD, GOOGLE_HOST, status=200)
        mock.add_callback(responses.POST, GTTS_URL, callback=answer)
        result = runner.invoke(
            cli, ["make", str(KOMPAS), "--out", str(out), "--show", str(fast_show)]
        )
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("Warning:") == 1
    assert "Warning: gtts unavailable (Google TTS failed after 2 tries: 503" in result.stderr
    (episode,) = json.loads((out / "catalog.json").read_text())["episodes"]
    assert episode["engines"] == ["espeak"]
    (run,) = episode["engine_runs"]  # one engine from the first line to the last
    assert run[:2] == ["espeak", 0]
    assert [name for name, _ in episode["passed_over"]] == ["gtts"]
