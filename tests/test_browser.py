"""The web page in a real browser: Debian's Chromium, headless, against `briefing serve`.

.ci/run installs chromium; elsewhere the test runs when /usr/bin/chromium exists.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import lxml.html
import pytest
import requests

from briefing import ffmpeg
from briefing.publish import publish_episode
from briefing.publish.cover import load_cover
from briefing.settings import load_show
from tests.fakes import free_port, serving
from tests.test_publish import _draft

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Without these, Chromium reaches for Google's services at start-up; tests stay on loopback.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="Debian's chromium is not installed (.ci/run installs it)",
)


@pytest.fixture
def site(tmp_path: Path, google_mp3: bytes) -> Iterator[str]:
    """Three published episodes whose MP3s are real audio, served on 127.0.0.1."""
    port = free_port()
    show = dataclasses.replace(load_show(None), base_url=f"http://127.0.0.1:{port}/")
    out = tmp_path / "public"
    for n in (1, 2, 3):
        files = {}
        for kind, data in (("podcast", google_mp3), ("alexa", google_mp3)):
            files[kind] = tmp_path / f"{n}-{kind}.mp3"
            files[kind].write_bytes(data)
        chapters = tmp_path / f"{n}.json"
        chapters.write_text(
            '{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Pembuka"}]}'
        )
        files["chapters"] = chapters
        publish_episode(out, show, _draft(n), files, load_cover(show))
    with serving(out, port) as url:
        yield url


@needs_chromium
def test_the_page_loads_in_chromium_and_every_player_source_is_audio(
    site: str, tmp_path: Path
) -> None:
    assert CHROMIUM, "chromium must be installed in CI"
    done = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", site],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-500:]
    page = lxml.html.fromstring(done.stdout)
    assert page.findtext(".//h1") == "Ruang Kabar"
    episodes = page.xpath("//article[@class='episode']")
    assert [e.findtext("h2") for e in episodes] == ["Kabar 3", "Kabar 2", "Kabar 1"]
    sources = page.xpath("//audio/@src")
    assert len(sources) == 3
    for source in sources:
        answer = requests.get(urljoin(site, source), headers={"Range": "bytes=0-"}, timeout=5)
        assert answer.status_code == 206 and answer.headers["Content-Type"] == "audio/mpeg"
        assert len(ffmpeg.decode_pcm(answer.content)) > 0  # it really is audio
    assert page.xpath("//ol[@class='chapters']/li")  # chapters, without JavaScript
    (cover,) = page.xpath("//header/img/@src")
    image = requests.get(urljoin(site, cover), timeout=5)
    assert image.status_code == 200 and image.headers["Content-Type"] == "image/png"
