"""The web page in a real browser: Debian's Chromium, headless, against `briefing serve`.

.ci/run installs chromium; elsewhere the test runs when /usr/bin/chromium exists.
"""

from __future__ import annotations

import dataclasses
import json
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
from briefing.settings import changed, load_show
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
    show = changed(load_show(None), base_url=f"http://127.0.0.1:{port}/")
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
        publish_episode(out, show, _draft(n), files, load_cover(show.identity))
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


# A page of the test's own beside index.html (same origin): it shows the page in
# a 360 px frame, clicks the second chapter and the last transcript time, and
# writes what happened where --dump-dom prints it.
PROBE = """<!doctype html><html><body>
<iframe id="page" src="index.html" style="width:360px;height:900px;border:0"></iframe>
<pre id="result">waiting</pre>
<script>
document.getElementById("page").addEventListener("load", function () {
  var d = this.contentDocument, w = this.contentWindow;
  var chapter = d.querySelectorAll("ol.chapters a.seek")[1];
  var player = d.getElementById(chapter.dataset.player);
  var before = player.currentTime;
  chapter.click();
  var afterChapter = player.currentTime;
  var times = d.querySelectorAll("ol.transcript a.seek");
  times[times.length - 1].click();
  var img = d.querySelector("header img").getBoundingClientRect();
  var h1 = d.querySelector("h1").getBoundingClientRect();
  document.getElementById("result").textContent = JSON.stringify({
    before: before, chapter: afterChapter, chapterAt: parseFloat(chapter.dataset.t),
    line: player.currentTime, lineAt: parseFloat(times[times.length - 1].dataset.t),
    stayed: w.location.pathname, tracks: player.textTracks.length,
    imgBottom: img.bottom, h1Top: h1.top, h1Width: h1.width,
    pageWidth: d.documentElement.scrollWidth, frameWidth: w.innerWidth
  });
});
</script></body></html>"""


@needs_chromium
def test_chapter_and_transcript_times_seek_the_player_and_the_page_fits_a_phone(
    tmp_path: Path, google_mp3: bytes
) -> None:
    assert CHROMIUM, "chromium must be installed in CI"
    port = free_port()
    show = changed(load_show(None), base_url=f"http://127.0.0.1:{port}/")
    out = tmp_path / "public"
    files = {}
    for kind, data in (("podcast", google_mp3), ("vtt", b"WEBVTT\n\n00:00.000 --> 00:01.000\n"
                                                        b"<v Rina>Halo.\n")):  # fmt: skip
        files[kind] = tmp_path / f"src.{kind}"
        files[kind].write_bytes(data)
    files["transcript"] = tmp_path / "src.json"
    files["transcript"].write_text(json.dumps({"version": "1.0.0", "segments": [
        {"speaker": "Rina", "startTime": 0.5, "endTime": 2.0, "body": "Selamat pagi."},
        {"speaker": "Bima", "startTime": 95.25, "endTime": 99.0, "body": "Harga cabai turun."},
    ]}))  # fmt: skip
    draft = dataclasses.replace(
        _draft(25),
        title="Harga Cabai Turun di Pasar Induk",
        description="Harga Cabai Turun di Pasar Induk. Pedagang menjual lebih murah.",
        chapters=((0.0, "Pembuka"), (75.25, "Harga cabai"), (180.0, "Penutup")),
    )
    publish_episode(out, show, draft, files, load_cover(show.identity))
    (out / "probe.html").write_text(PROBE)
    with serving(out, port) as url:
        done = subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
             "--virtual-time-budget=10000", "--dump-dom", url + "probe.html"],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr[-500:]
    result = json.loads(lxml.html.fromstring(done.stdout).findtext(".//pre[@id='result']"))
    # A chapter click moves the player to the chapter, and a transcript time to its line;
    # the page stays (the links would otherwise open the MP3 at that time).
    assert result["before"] == 0
    assert result["chapter"] == result["chapterAt"] == 75.25
    assert result["line"] == result["lineAt"] == 95.25
    assert result["stayed"] == "/index.html"
    assert result["tracks"] == 1  # the VTT captions
    # At 360 px the title sits under the cover, full width, and nothing scrolls sideways.
    assert result["frameWidth"] == 360
    assert result["h1Top"] >= result["imgBottom"]
    assert result["h1Width"] > 250
    assert result["pageWidth"] <= 360
    page = lxml.html.fromstring((out / "index.html").read_text())
    (article,) = page.xpath("//article")
    assert article.findtext(".//time") == "Rabu, 25 November 2026"
    # The description without the title it repeated.
    assert article.xpath("p[not(@class)]")[0].text_content() == "Pedagang menjual lebih murah."
    # Without JavaScript the same links open the MP3 at that time.
    assert article.xpath(".//ol[@class='chapters']/li/a/@href")[1].endswith("-v1.mp3#t=75.25")
