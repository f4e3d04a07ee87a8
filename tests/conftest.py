"""Shared fixtures: sample articles, an isolated clip cache, a CLI runner, and a
faked Google endpoint that serves real MP3 audio through gTTS's own code."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import responses
from click.testing import CliRunner

from tests.fakes import batchexecute_body, google_like_mp3, tone_wav

# Test modules import these from here too.
__all__ = ["batchexecute_body", "tone_wav"]

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
EXAMPLE = ROOT / "examples" / "bus-listrik-bandung.txt"
KOMPAS = DATA / "kompas_harga_cabai.txt"

# gTTS posts every chunk here; any tld (co.id, com, ...).
GTTS_URL = re.compile(
    r"https://translate\.google\.[a-z.]+/_/TranslateWebserverUi/data/batchexecute"
)
# The engine's quick look before an episode (GTTSEngine.available) asks for this.
GOOGLE_HOST = re.compile(r"https://translate\.google\.[a-z.]+/")


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own clip cache, so no test reuses another's audio."""
    cache = tmp_path / "clip-cache"
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(cache))
    return cache


def cli_runner() -> CliRunner:
    """A CliRunner that keeps stderr apart from stdout, with any click 8."""
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        return CliRunner()


@pytest.fixture
def runner() -> CliRunner:
    return cli_runner()


@pytest.fixture
def fast_show(tmp_path: Path) -> Path:
    """A show that speaks with Google first, whose gTTS retries and rate limit don't
    make tests wait (test_edge.py covers the edge engine in front of it)."""
    path = tmp_path / "fast-show.toml"
    path.write_text(
        '[speech]\nengines = ["gtts", "espeak"]\ngtts_backoff = 0.001\ngtts_rate = 100\n'
    )
    return path


@pytest.fixture(scope="session")
def google_mp3() -> bytes:
    return google_like_mp3()


@pytest.fixture
def google_ok(google_mp3: bytes) -> Iterator[responses.RequestsMock]:
    """Google reachable: every gTTS request gets real audio back."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add(responses.HEAD, GOOGLE_HOST, status=200)
        mock.add(responses.POST, GTTS_URL, body=batchexecute_body(google_mp3), status=200)
        yield mock


@pytest.fixture
def google_down() -> Iterator[responses.RequestsMock]:
    """Google unreachable: every request fails to connect."""
    import requests

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add(responses.HEAD, GOOGLE_HOST, body=requests.ConnectionError("no route to host"))
        mock.add(responses.POST, GTTS_URL, body=requests.ConnectionError("no route to host"))
        yield mock


LOOPBACK = ("127.0.0.1", "::1", "localhost")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never leave the machine: any lookup or connection beyond loopback fails."""
    import socket

    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        inet = self.family in (socket.AF_INET, socket.AF_INET6)
        if inet and isinstance(address, tuple) and address[0] not in LOOPBACK:
            raise OSError(f"test tried to reach the network: {address!r}")
        real_connect(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in LOOPBACK:
            raise OSError(f"test tried to resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
