"""The edge engine through edge-tts's real websocket code; only the service is a
stand-in (tests/edge_service.py), on 127.0.0.1, speaking the protocol with real
MP3 speech, word boundaries, 429s, 5xx, drops, cut-off and empty answers."""

from __future__ import annotations

import collections
import datetime as dt
import itertools
import json
import logging
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing import ffmpeg
from briefing.cli import cli
from briefing.errors import EngineUnavailableError, SynthesisError
from briefing.ingest import read_article
from briefing.models import Line
from briefing.pipeline import spoken_lines
from briefing.script.room import compose
from briefing.settings import ROLES, Show, changed, load_show
from briefing.speech import speak
from briefing.speech.cache import ClipCache
from briefing.speech.edge import VOICES, EdgeEngine
from briefing.speech.engine import Engine, create_engine
from briefing.speech.online import RateLimiter, RetryPolicy
from tests.conftest import EXAMPLE, ROOT
from tests.edge_service import edge_service

SHOW = load_show(None)
MORNING = dt.datetime(2026, 11, 24, 6, tzinfo=dt.timezone(dt.timedelta(hours=7)))
TEXT = "Selamat pagi, ini kabar dari Bandung tentang bus listrik gratis di tiga koridor."


class CountingLimiter(RateLimiter):
    def __init__(self) -> None:
        super().__init__(1000.0)
        self.acquired = 0
        self._count = threading.Lock()

    def acquire(self) -> None:
        with self._count:
            self.acquired += 1
        super().acquire()


def _engine(url: str, **kwargs: object) -> tuple[EdgeEngine, list[float]]:
    """An engine on the stand-in whose backoff sleeps are recorded, not slept."""
    slept: list[float] = []
    defaults: dict[str, object] = {
        "timeout": 5.0, "rate": 1000.0, "sleep": slept.append, "endpoint": url,
        "retry": RetryPolicy(tries=4, base=0.5, cap=8),
    }  # fmt: skip
    return EdgeEngine(**(defaults | kwargs)), slept  # type: ignore[arg-type]


def _seconds(mp3: bytes) -> float:
    return len(ffmpeg.decode_pcm(mp3, rate=16_000)) / 2 / 16_000


def test_a_role_is_spoken_with_its_voice_rate_and_pitch() -> None:
    with edge_service() as service:
        engine, slept = _engine(service.url)
        reporter = SHOW.role("reporter").voice["edge"]
        speech = engine.synthesize(TEXT, reporter)
    (asked,) = service.requests
    assert asked.voice == "Microsoft Server Speech Text to Speech Voice (id-ID, ArdiNeural)"
    assert (asked.rate, asked.pitch) == ("+5%", "+0Hz")
    assert asked.text == TEXT and asked.word_boundaries
    # The handshake carries what the real service checks.
    assert {"TrustedClientToken", "ConnectionId", "Sec-MS-GEC"} <= set(asked.query)
    assert speech.format == "mp3" and 3.0 < _seconds(speech.data) < 10.0
    assert slept == []


def test_throttling_and_server_errors_are_retried_with_backoff() -> None:
    with edge_service(["429", "503", "429"]) as service:
        engine, slept = _engine(service.url)
        speech = engine.synthesize(TEXT, {})
    assert service.connections == 4 and len(service.requests) == 1
    assert len(slept) == 3 and slept[0] < slept[2]  # backing off, not hammering
    assert _seconds(speech.data) > 3.0


@pytest.mark.parametrize("fault", ["drop", "cut", "empty"])
def test_a_broken_answer_is_retried_never_kept(fault: str, tmp_path: Path) -> None:
    """A stream that drops part-way, audio that stops before the last word announced,
    or no audio: each is asked again, and the clip kept is the whole one."""
    with edge_service() as service:
        whole = _engine(service.url)[0].synthesize(TEXT, {}).data
    with edge_service([fault]) as service:
        engine, slept = _engine(service.url)
        speech = engine.synthesize(TEXT, {})
    assert service.connections == 2 and len(slept) == 1
    assert speech.data == whole


def test_a_service_that_never_answers_times_out_and_is_asked_again() -> None:
    with edge_service(["stall"]) as service:
        engine, slept = _engine(service.url, timeout=1.0)
        speech = engine.synthesize(TEXT, {})
    assert service.connections == 2 and len(slept) == 1
    assert _seconds(speech.data) > 3.0


def test_a_refusal_is_not_retried() -> None:
    with edge_service(["400"]) as service:
        engine, slept = _engine(service.url)
        with pytest.raises(EngineUnavailableError, match="refused the request: HTTP 400"):
            engine.synthesize(TEXT, {})
    assert service.connections == 1 and slept == []


def test_a_closed_port_is_retried_then_said_plainly() -> None:
    with edge_service() as service:
        port = service.port  # closed once the block ends
    engine, slept = _engine(f"ws://127.0.0.1:{port}/edge/v1?x=1")
    with pytest.raises(
        EngineUnavailableError, match=f"4 tries: cannot connect to 127.0.0.1:{port}"
    ):
        engine.synthesize(TEXT, {})
    assert len(slept) == 3


def test_a_storm_gives_up_once_for_every_thread() -> None:
    """The first clip to use up its tries stops the others' series too."""
    with edge_service(["503"] * 100) as service:
        limiter = CountingLimiter()
        engine, _ = _engine(service.url, limiter=limiter)
        errors: list[Exception] = []

        def one() -> None:
            try:
                engine.synthesize(TEXT, {})
            except EngineUnavailableError as exc:
                errors.append(exc)

        threads = [threading.Thread(target=one) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert len(errors) == 4
    assert any("failed after 4 tries: HTTP 503" in str(e) for e in errors)
    assert 4 <= service.connections <= 4 * 4
    assert limiter.acquired == service.connections  # every request passed the shared limit


def test_voice_parameters_are_checked_before_any_request() -> None:
    engine = EdgeEngine(endpoint="ws://127.0.0.1:9/")
    for params, problem in [
        ({"voice": "en-US-AriaNeural"}, "is not one of"),
        ({"rate": 150}, "rate must be a whole number from -50 to 100"),
        ({"pitch": 2.5}, "pitch must be a whole number from -50 to 50"),
    ]:
        with pytest.raises(SynthesisError, match=problem):
            engine.synthesize(TEXT, params)


def test_availability_is_a_quick_connection_check() -> None:
    with edge_service() as service:
        assert EdgeEngine(endpoint=service.url).available() is None
        port = service.port
    assert "cannot be reached" in (EdgeEngine(endpoint=f"ws://127.0.0.1:{port}/").available() or "")
    # The public service, from a test: refused by the network guard, said plainly.
    assert "cannot be reached" in (EdgeEngine().available() or "")


# --- roles and voices -------------------------------------------------------------


def _voice(show: Show, role: str) -> tuple[str, int, int]:
    params = show.role(role).voice["edge"]
    return (str(params["voice"]), int(params["rate"]), int(params["pitch"]))


def test_adjacent_speakers_never_sound_the_same() -> None:
    """Over the bundled examples' scripts: each change of speaker is a change of voice,
    rate or pitch, and the moderator's two most frequent partners have the other voice."""
    partners: collections.Counter[tuple[str, str]] = collections.Counter()
    for path in sorted((ROOT / "examples").glob("*.txt")):
        script = compose([read_article(path)], SHOW, MORNING)
        for a, b in itertools.pairwise(line.role for line in script.lines):
            if a != b:
                partners[tuple(sorted((a, b)))] += 1  # type: ignore[index]
                assert _voice(SHOW, a) != _voice(SHOW, b), (a, b)
    assert {_voice(SHOW, r)[0] for r in ROLES} == set(VOICES)
    moderator = SHOW.role("moderator").voice["edge"]["voice"]
    top = [pair for pair, _ in partners.most_common() if "moderator" in pair][:2]
    for pair in top:
        other = next(r for r in pair if r != "moderator")
        assert SHOW.role(other).voice["edge"]["voice"] != moderator, pair


# --- one voice per role for the whole episode ---------------------------------------


class Recording:
    """Engines made by create_engine, counting the lines each really synthesized."""

    def __init__(self, show: Show) -> None:
        self.show = show
        self.made: collections.Counter[str] = collections.Counter()

    def __call__(self, name: str) -> Engine:
        engine = create_engine(name, self.show)
        real = engine.synthesize

        def synthesize(text: str, params: object) -> object:
            speech = real(text, params)  # type: ignore[arg-type]
            self.made[name] += 1
            return speech

        engine.synthesize = synthesize  # type: ignore[method-assign, assignment]
        return engine


def _lines() -> tuple[list[Line], list[str]]:
    script = compose([read_article(EXAMPLE)], SHOW, MORNING)
    lines = list(script.lines[:12])
    return lines, spoken_lines(script, SHOW)[:12]


def test_an_engine_failing_part_way_hands_the_whole_episode_over(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    lines, spoken = _lines()
    cache = ClipCache(tmp_path / "cache")
    with edge_service(["ok"] * 5 + ["503"] * 200) as service:
        show = changed(SHOW, edge_endpoint=service.url, edge_tries=2, edge_backoff=0.001,
                       workers=1)  # fmt: skip
        recording = Recording(show)
        with caplog.at_level(logging.WARNING):
            voiced = speak(lines, spoken, show, cache, ["edge", "espeak"], factory=recording)
    assert {clip.engine for clip in voiced.clips} == {"espeak"}  # every role, one engine
    assert [name for name, _ in voiced.passed_over] == ["edge"]
    assert "HTTP 503" in voiced.passed_over[0][1]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and warnings[0].endswith("espeak speaks the whole episode instead")
    assert cache.stats()["edge"].clips == 5  # what edge finished is kept for next time

    # Edge is back: it speaks it all, and only the 7 lines it had not made are asked for.
    with edge_service() as service:
        show = changed(show, edge_endpoint=service.url)
        recording = Recording(show)
        voiced = speak(lines, spoken, show, cache, ["edge", "espeak"], factory=recording)
    assert {clip.engine for clip in voiced.clips} == {"edge"} and not voiced.passed_over
    assert recording.made == {"edge": 7} and service.connections == 7


def test_the_next_engine_reuses_its_cached_clips(tmp_path: Path) -> None:
    lines, spoken = _lines()
    cache = ClipCache(tmp_path / "cache")
    speak(lines[:4], spoken[:4], SHOW, cache, ["espeak"])  # an earlier, partial run
    with edge_service(["400"]) as service:
        show = changed(SHOW, edge_endpoint=service.url)
        recording = Recording(show)
        voiced = speak(lines, spoken, show, cache, ["edge", "espeak"], factory=recording)
    assert {clip.engine for clip in voiced.clips} == {"espeak"}
    assert recording.made["espeak"] == 8  # the first 4 came from the cache


def test_strict_mode_fails_instead_of_changing_engine(tmp_path: Path) -> None:
    lines, spoken = _lines()
    with edge_service(["400"]) as service:
        show = changed(SHOW, edge_endpoint=service.url)
        with pytest.raises(EngineUnavailableError, match="HTTP 400"):
            speak(lines, spoken, show, ClipCache(tmp_path), ["edge", "espeak"], strict=True)


@pytest.mark.slow
def test_make_speaks_with_edge_and_records_a_fallback(runner: CliRunner, tmp_path: Path) -> None:
    """The command a producer runs: the default engine order, the neural voices when
    the service answers, and a whole-episode fallback the catalog records."""
    show = tmp_path / "show.toml"
    out = tmp_path / "public"
    with edge_service() as service:
        show.write_text(f'[speech]\nedge_endpoint = "{service.url}"\n')
        result = runner.invoke(cli, ["make", str(EXAMPLE), "--out", str(out), "--show",
                                     str(show), "--date", "2026-11-20", "--json"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Warning" not in result.stderr
    assert json.loads(result.stdout)["engines"] == ["edge"]
    voices = {r.voice.split(", ")[1].rstrip(")") for r in service.requests}
    assert voices == {"GadisNeural", "ArdiNeural"}

    with edge_service(["ok"] * 6 + ["503"] * 500) as service:
        show.write_text(f'[speech]\nedge_endpoint = "{service.url}"\nedge_tries = 2\n'
                        "edge_backoff = 0.001\nengines = [\"edge\", \"espeak\"]\n")  # fmt: skip
        result = runner.invoke(cli, ["make", str(ROOT / "examples" / "festival-kopi.txt"),
                                     "--out", str(out), "--show", str(show),
                                     "--date", "2026-11-21"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("Warning:") == 1
    assert "espeak speaks the whole episode instead" in result.stderr
    newest = json.loads((out / "catalog.json").read_text())["episodes"][0]
    assert newest["engines"] == ["espeak"] and len(newest["engine_runs"]) == 1
    assert newest["passed_over"][0][0] == "edge" and "HTTP 503" in newest["passed_over"][0][1]
