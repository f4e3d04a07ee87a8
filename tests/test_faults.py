"""Faults a producer's unattended runs meet: Ctrl-C, a full disk, a 429 storm, a damaged catalog.

Whatever happens, the feed stays valid, every item points at a file that is
there, earlier episodes are untouched, and a rerun finishes from the cache.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import pytest
import responses
from click.testing import CliRunner

from briefing.cli import cli
from briefing.publish import JOURNAL
from briefing.speech.gtts import GTTSEngine
from briefing.speech.online import RetryPolicy
from tests.conftest import GOOGLE_HOST, GTTS_URL
from tests.fakes import tree_bytes

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parent.parent
FIRST = ROOT / "examples" / "festival-kopi.txt"
SECOND = ROOT / "examples" / "bus-listrik-bandung.txt"
THIRD = ROOT / "examples" / "timnas-u20.txt"


def make(runner: CliRunner, out: Path, article: Path, *extra: str) -> Any:
    return runner.invoke(cli, ["make", str(article), "--out", str(out), "--engine", "espeak",
                               "--length", "brief", *extra])  # fmt: skip


def assert_feed_sound(out: Path) -> feedparser.FeedParserDict:
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    for entry in feed.entries:
        for enclosure in entry.enclosures:
            path = out / "episodes" / enclosure.href.rsplit("/", 1)[1]
            assert path.is_file(), f"{enclosure.href} points at a missing file"
            assert int(enclosure.length) == path.stat().st_size
    return feed


def clips(cache: Path) -> int:
    return sum(1 for p in cache.rglob("*") if p.is_file() and not p.name.startswith("."))


@pytest.mark.slow
def test_a_damaged_catalog_stops_the_run_and_the_backup_is_kept(
    runner: CliRunner, tmp_path: Path, _isolated_cache: Path
) -> None:
    out = tmp_path / "public"
    assert make(runner, out, FIRST).exit_code == 0
    after_first = (out / "catalog.json").read_bytes()
    assert make(runner, out, SECOND).exit_code == 0
    assert (out / ".catalog.json.bak").read_bytes() == after_first
    (out / "catalog.json").write_bytes(b'{"version": 1, "episodes": [{"id": ')
    before, cached = tree_bytes(out), clips(_isolated_cache)

    result = make(runner, out, THIRD)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: the catalog ")
    assert "is damaged" in lines[0] and ".catalog.json.bak" in lines[0]
    assert tree_bytes(out) == before  # nothing written, the backup untouched
    assert clips(_isolated_cache) == cached  # it stopped before any synthesis
    assert len(assert_feed_sound(out).entries) == 2

    # The way out the message gives: copy the backup over, then publish again.
    (out / "catalog.json").write_bytes((out / ".catalog.json.bak").read_bytes())
    assert runner.invoke(cli, ["publish", "--out", str(out)]).exit_code == 0
    assert len(assert_feed_sound(out).entries) == 1


def test_a_catalog_that_is_not_utf8_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "public"
    out.mkdir()
    (out / "catalog.json").write_bytes(b"\xff\xfe\x00garbage")
    result = runner.invoke(cli, ["episodes", "list", "--out", str(out)])
    assert result.exit_code == 1
    assert "is damaged (UnicodeDecodeError" in result.stderr
    assert "move it away to start a new catalog" in result.stderr


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real file system of 16 MB (tmpfs), to fill up: mounting needs root, as CI is."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    if made.returncode != 0:
        pytest.skip(f"a small file system needs root to mount: {made.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.slow
def test_a_full_disk_leaves_no_item_without_its_file(
    runner: CliRunner, tmp_path: Path, small_disk: Path
) -> None:
    """The published folder's disk fills up while the second episode's MP3 is written:
    a real ENOSPC from the file system, not a patched function."""
    out = small_disk / "public"
    assert make(runner, out, FIRST).exit_code == 0
    before = tree_bytes(out)
    # Leave room for the feed, pages and catalog to be rewritten, not for an MP3.
    free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
    ballast = small_disk / "ballast"
    with ballast.open("wb") as fh:
        fh.write(bytes(free - 400_000))
    result = make(runner, out, SECOND)
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert (out / "feed.xml").read_bytes() == before["feed.xml"]
    assert (out / "catalog.json").read_bytes() == before["catalog.json"]
    assert len(assert_feed_sound(out).entries) == 1
    assert tree_bytes(out) == before  # not a temporary file or a new file left behind
    # Once there is room again, the same command publishes.
    ballast.unlink()
    assert make(runner, out, SECOND).exit_code == 0
    assert len(assert_feed_sound(out).entries) == 2


@pytest.mark.slow
def test_sigint_while_publishing_then_a_rerun(
    runner: CliRunner, tmp_path: Path, _isolated_cache: Path
) -> None:
    """A real SIGINT the moment the publishing transaction begins (its journal
    appears): listeners still see the folder as it was, and a rerun publishes
    with every clip from the cache."""
    out = tmp_path / "public"
    assert make(runner, out, FIRST).exit_code == 0
    # The second episode's clips are cached, so the run reaches publishing in seconds.
    assert make(runner, tmp_path / "warm", SECOND).exit_code == 0
    first_mp3 = {k: v for k, v in tree_bytes(out).items() if k.startswith("episodes/")}
    journal = out / JOURNAL
    command = [sys.executable, "-m", "briefing", "make", str(SECOND), "--out", str(out),
               "--engine", "espeak"]  # fmt: skip
    env = {**os.environ, "BRIEFING_CACHE_DIR": str(_isolated_cache)}
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not journal.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.0002)
    assert journal.exists(), "the run ended before it began publishing"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode != 0, "the signal came after the transaction committed"
    assert b"Traceback" not in stderr
    assert not journal.exists()  # the transaction was undone, not left half-way
    assert len(assert_feed_sound(out).entries) == 1  # the feed before the interruption
    assert {k: v for k, v in tree_bytes(out).items() if k.startswith("episodes/")} == first_mp3

    cached = clips(_isolated_cache)
    again = make(runner, out, SECOND)
    assert again.exit_code == 0, again.output
    assert clips(_isolated_cache) == cached  # every clip came from the cache
    assert len(assert_feed_sound(out).entries) == 2


@pytest.mark.slow
def test_sigint_during_synthesis_then_a_rerun_uses_the_cache(
    runner: CliRunner, tmp_path: Path, _isolated_cache: Path
) -> None:
    out = tmp_path / "public"
    assert make(runner, out, FIRST).exit_code == 0
    before = tree_bytes(out)
    started = clips(_isolated_cache)
    command = [sys.executable, "-m", "briefing", "make", str(SECOND), "--out", str(out),
               "--engine", "espeak"]  # fmt: skip
    env = {**os.environ, "BRIEFING_CACHE_DIR": str(_isolated_cache)}
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while clips(_isolated_cache) < started + 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the run ended before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode != 0
    assert b"Traceback" not in stderr
    assert tree_bytes(out) == before  # feed, catalog, page and the first episode untouched
    assert_feed_sound(out)

    kept = {p: p.stat().st_mtime_ns for p in _isolated_cache.rglob("*") if p.is_file()}
    assert len(kept) >= started + 3
    again = make(runner, out, SECOND, "--length", "full")
    assert again.exit_code == 0, again.output
    # The clips made before the interruption were reused, not made again.
    assert all(p.stat().st_mtime_ns == mtime for p, mtime in kept.items())
    assert clips(_isolated_cache) > len(kept)  # and the rest were made
    assert len(assert_feed_sound(out).entries) == 2


@pytest.mark.slow
def test_a_429_storm_over_an_episode_falls_back_without_hammering(
    runner: CliRunner, tmp_path: Path, fast_show: Path
) -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add(responses.HEAD, GOOGLE_HOST, status=200)  # the host answers; synthesis is 429
        mock.add(responses.POST, GTTS_URL, status=429, headers={"Retry-After": "0"})
        result = runner.invoke(cli, ["make", str(SECOND), "--out", str(tmp_path / "public"),
                                     "--show", str(fast_show), "--json"])  # fmt: skip
        storm = sum(call.request.method == "POST" for call in mock.calls)  # not the HEAD
    assert result.exit_code == 0, result.output
    assert "gtts unavailable (Google TTS failed after 5 tries: 429" in result.stderr
    assert "espeak speaks the whole episode instead" in result.stderr
    # The first line to exhaust its tries stops the other workers' series too: at most
    # one series per worker (4 x 5 tries), never one per line of the episode.
    assert 5 <= storm <= 4 * 5


def test_a_429_storm_backs_off_instead_of_hammering(google_mp3: bytes) -> None:
    slept: list[float] = []
    engine = GTTSEngine(retry=RetryPolicy(tries=5, base=0.5, cap=8), sleep=slept.append)
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, GTTS_URL, status=429)
        with pytest.raises(Exception, match="failed after 5 tries: 429"):
            engine.synthesize("Banjir rob kembali menggenangi kawasan pelabuhan.", {})
        assert len(mock.calls) == 5
    # Each wait at least half of an exponentially growing ceiling: 0.5, 1, 2, 4 s.
    assert len(slept) == 4
    for delay, ceiling in zip(slept, (0.5, 1.0, 2.0, 4.0), strict=True):
        assert ceiling / 2 <= delay <= ceiling
    assert sum(slept) >= 3.75
