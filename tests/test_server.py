"""`briefing serve`: a real server on 127.0.0.1, as podcast apps and browsers use it."""

from __future__ import annotations

import io
import socket
from collections.abc import Iterator
from pathlib import Path

import feedparser
import podcastparser
import pytest
import requests

from briefing.publish import publish_episode
from briefing.publish.cover import load_cover
from briefing.settings import changed, load_show
from tests.fakes import free_port, serving
from tests.test_publish import _draft, _files


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A published folder with two episodes, served on 127.0.0.1; base_url points at it."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    show = changed(load_show(None), base_url=base)
    out = tmp_path / "public"
    for n in (1, 2):
        publish_episode(out, show, _draft(n), _files(tmp_path, n), load_cover(show.identity))
    (tmp_path / "secret.txt").write_text("outside the folder")
    (out / "episodes" / "escape.mp3").symlink_to(tmp_path / "secret.txt")
    (out / "episodes" / "records.json").symlink_to(out / "catalog.json")

    with serving(out, port):
        yield base, out


def test_a_podcast_client_subscribes_and_downloads(served: tuple[str, Path]) -> None:
    base, _ = served
    feed = requests.get(base + "feed.xml", timeout=5)
    assert feed.status_code == 200
    assert feed.headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    parsed = feedparser.parse(feed.content)
    assert not parsed.bozo and len(parsed.entries) == 2
    pod = podcastparser.parse(base + "feed.xml", io.BytesIO(feed.content))
    for episode in pod["episodes"]:
        (enclosure,) = episode["enclosures"]
        head = requests.head(enclosure["url"], timeout=5)
        assert head.status_code == 200
        assert head.headers["Content-Type"] == "audio/mpeg"
        assert int(head.headers["Content-Length"]) == enclosure["file_size"]
        assert head.headers["Accept-Ranges"] == "bytes"
        whole = requests.get(enclosure["url"], timeout=5).content
        assert len(whole) == enclosure["file_size"]


def test_byte_ranges_as_apple_requests_them(served: tuple[str, Path]) -> None:
    base, out = served
    url = base + "episodes/2026-11-01-kabar-1-v1.mp3"
    size = (out / "episodes" / "2026-11-01-kabar-1-v1.mp3").stat().st_size
    first = requests.get(url, headers={"Range": "bytes=0-1"}, timeout=5)
    assert first.status_code == 206
    assert first.headers["Content-Range"] == f"bytes 0-1/{size}"
    assert first.content == (out / "episodes" / "2026-11-01-kabar-1-v1.mp3").read_bytes()[:2]
    tail = requests.get(url, headers={"Range": "bytes=-10"}, timeout=5)
    assert tail.status_code == 206 and len(tail.content) == 10
    beyond = requests.get(url, headers={"Range": f"bytes={size + 10}-"}, timeout=5)
    assert beyond.status_code == 416


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("episodes/2026-11-01-kabar-1-v1.vtt", "text/vtt; charset=utf-8"),
        ("episodes/2026-11-01-kabar-1-v1.chapters.json", "application/json; charset=utf-8"),
        ("flash.json", "application/json; charset=utf-8"),
        ("", "text/html; charset=utf-8"),
        ("cover.png", "image/png"),
    ],
)
@pytest.mark.slow
def test_types_and_cors(served: tuple[str, Path], path: str, kind: str) -> None:
    base, _ = served
    answer = requests.get(base + path, timeout=5)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == kind
    assert answer.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/episodes/..%2f..%2fsecret.txt",
        "/episodes/%2e%2e/%2e%2e/secret.txt",
        "/episodes/escape.mp3",  # a symlink out of the folder
        "/episodes/",  # no listing
        "/.briefing.lock",
        # What deploy keeps local stays local here too: the catalog, however named.
        "/catalog.json",
        "/catalog%2Ejson",
        "/episodes/../catalog.json",
        "/episodes/records.json",  # a symlink to it
        "/episodes/..\\..\\secret.txt",
        "/nothing-here.mp3",
    ],
)
@pytest.mark.slow
def test_nothing_outside_the_folder_and_no_listing(served: tuple[str, Path], path: str) -> None:
    base, _ = served
    with socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1].strip("/")))) as conn:
        # Raw HTTP, so the client library can't normalise the path first.
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        reply = b""
        while chunk := conn.recv(65536):
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 404"), reply[:80]
    assert b"outside the folder" not in reply


@pytest.mark.slow
def test_two_runs_pass_apples_rules_and_a_client_gets_both_through_serve(
    tmp_path: Path, runner: object
) -> None:
    """What issue 6 must show, end to end with real episodes."""
    from click.testing import CliRunner

    from briefing.cli import cli
    from tests.apple import apple_problems
    from tests.conftest import EXAMPLE, KOMPAS

    port = free_port()
    show = tmp_path / "show.toml"
    show.write_text(f'[show]\nbase_url = "http://127.0.0.1:{port}/"\n')
    out = tmp_path / "public"
    cli_runner = CliRunner()
    for article, day in ((EXAMPLE, "2026-11-23"), (KOMPAS, "2026-11-24")):
        result = cli_runner.invoke(cli, ["make", str(article), "--engine", "espeak", "--out",
                                         str(out), "--date", day, "--show", str(show)])  # fmt: skip
        assert result.exit_code == 0, result.output
    assert apple_problems(out) == []

    with serving(out, port):
        feed = requests.get(f"http://127.0.0.1:{port}/feed.xml", timeout=5).content
        pod = podcastparser.parse(f"http://127.0.0.1:{port}/feed.xml", io.BytesIO(feed))
        assert len(pod["episodes"]) == 2
        for episode in pod["episodes"]:
            (enclosure,) = episode["enclosures"]
            part = requests.get(enclosure["url"], headers={"Range": "bytes=0-3"}, timeout=5)
            assert part.status_code == 206 and part.content[:3] in (b"ID3", b"\xff\xfb\x90"[:3])


def test_the_apple_checks_catch_real_problems(tmp_path: Path) -> None:
    from tests.apple import apple_problems

    out = tmp_path / "public"
    show = load_show(None)
    publish_episode(out, show, _draft(1), _files(tmp_path, 1), load_cover(show.identity))
    assert apple_problems(out) == []
    feed = (out / "feed.xml").read_text()
    broken = (feed.replace("<itunes:explicit>false</itunes:explicit>", "<itunes:explicit>no</itunes:explicit>", 1)
              .replace('text="Daily News"', 'text="daily news"'))  # fmt: skip
    (out / "feed.xml").write_text(broken)
    (out / "episodes" / "2026-11-01-kabar-1-v1.mp3").write_bytes(b"changed")
    problems = apple_problems(out)
    assert "channel itunes:explicit must be true or false" in problems
    assert any("not in Apple's list" in p for p in problems)
    assert any("enclosure length is not the file's size" in p for p in problems)


def test_serve_says_in_one_line_what_stops_it(tmp_path: Path) -> None:
    """No feed to serve, or an address already taken: one line and exit code 1."""
    from click.testing import CliRunner

    from briefing.cli import cli

    runner = CliRunner()
    empty = runner.invoke(cli, ["serve", "--out", str(tmp_path)])
    assert empty.exit_code == 1
    assert empty.output.strip() == f"Error: nothing to serve: no feed.xml in {tmp_path}"
    show = load_show(None)
    publish_episode(tmp_path, show, _draft(1), _files(tmp_path, 1), load_cover(show.identity))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = runner.invoke(cli, ["serve", "--out", str(tmp_path), "--port", str(port)])
    assert busy.exit_code == 1
    assert busy.output.splitlines()[-1].startswith(f"Error: cannot serve on 127.0.0.1:{port}: ")
