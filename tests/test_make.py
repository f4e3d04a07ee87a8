"""`briefing make` end to end: article in, decodable MP3 and a parsable feed out."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import feedparser
import podcastparser
import pytest
from click.testing import CliRunner

from briefing.audio.assets import default_assets
from briefing.cli import cli
from briefing.ffmpeg import SAMPLE_RATE, decode_pcm
from tests.conftest import EXAMPLE, KOMPAS, cli_runner


def _make(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, ["make", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as wav:
        return wav.getnframes() / wav.getframerate()


def _rms(pcm: bytes) -> float:
    import array

    samples = array.array("h", pcm)
    return (sum(s * s for s in samples[::50]) / max(1, len(samples[::50]))) ** 0.5


@pytest.mark.slow
def test_make_with_espeak_publishes_a_decodable_episode_and_feed(
    runner: CliRunner, tmp_path: Path, _isolated_cache: Path
) -> None:
    out = tmp_path / "public"
    code, stdout, stderr = _make(
        runner, str(EXAMPLE), "--engine", "espeak", "--out", str(out), "--date", "2026-11-24"
    )
    assert code == 0, stderr
    mp3s = sorted((out / "episodes").glob("*.mp3"))
    assert [p.name for p in mp3s] == [
        "2026-11-24-pemkot-bandung-uji-coba-bus-listrik-gratis-di-tiga-koridor-v1.alexa.mp3",
        "2026-11-24-pemkot-bandung-uji-coba-bus-listrik-gratis-di-tiga-koridor-v1.mp3",
    ]
    mp3 = mp3s[1]
    lines = stdout.splitlines()
    assert lines[0].startswith(f"Episode: {mp3} (") and lines[0].endswith(", espeak)")
    assert lines[1] == f"Feed:    {out / 'feed.xml'}"

    # The MP3 decodes, is real sound, and lasts as long as the speech plus the
    # jingles, the bed's lead-in and tail, the stingers and the pauses: nothing
    # dropped, nothing padded.
    pcm = decode_pcm(mp3)
    decoded = len(pcm) / 2 / SAMPLE_RATE
    clips = sorted(_isolated_cache.rglob("*.wav"))
    speech = sum(_wav_seconds(c) for c in clips)
    assets = default_assets()
    jingles = _wav_seconds(assets.intro) + _wav_seconds(assets.outro)
    stingers = 2 * _wav_seconds(assets.stinger)  # story, then the close
    gaps = len(clips) - 1
    assert speech > 60
    assert speech + jingles + stingers + 0.25 * gaps <= decoded + 0.1
    assert decoded <= speech + jingles + stingers + 0.5 * gaps + 6.0
    assert _rms(pcm) > 500

    from mutagen.mp3 import MP3

    info = MP3(mp3)
    assert (info.info.sample_rate, info.info.channels, info.info.bitrate) == (44100, 1, 96000)
    assert info.tags.version == (2, 3, 0)
    assert str(info.tags["TIT2"]).startswith("Pemkot Bandung Uji Coba")
    assert (str(info.tags["TPE1"]), str(info.tags["TALB"])) == (
        "Redaksi Ruang Kabar",
        "Ruang Kabar",
    )
    assert info.tags.getall("APIC")[0].mime == "image/png"

    catalog = json.loads((out / "catalog.json").read_text())
    (episode,) = catalog["episodes"]
    assert abs(episode["duration"] - decoded) < 0.1
    assert episode["engines"] == ["espeak"]

    feed_xml = (out / "feed.xml").read_bytes()
    parsed = feedparser.parse(feed_xml)
    assert not parsed.bozo, parsed.get("bozo_exception")
    (entry,) = parsed.entries
    assert entry.title.startswith("Pemkot Bandung Uji Coba Bus Listrik")
    (enclosure,) = entry.enclosures
    assert int(enclosure.length) == mp3.stat().st_size
    assert enclosure.type == "audio/mpeg"
    assert enclosure.href == f"http://127.0.0.1:8000/episodes/{mp3.name}"

    pod = podcastparser.parse("http://127.0.0.1:8000/feed.xml", (out / "feed.xml").open("rb"))
    (pod_episode,) = pod["episodes"]
    assert pod_episode["enclosures"][0]["file_size"] == mp3.stat().st_size
    assert pod_episode["total_time"] == round(decoded)
    assert pod_episode["guid"] == episode["guid"]
    # Chapters inline (Podlove), for apps like gPodder that fetch no chapters file:
    # the same starts (podcastparser keeps whole seconds) and titles as the JSON file.
    (chapter_file,) = (out / "episodes").glob("*.chapters.json")
    written = json.loads(chapter_file.read_text())["chapters"]
    assert len(written) >= 3
    assert [(c["start"], c["title"]) for c in pod_episode["chapters"]] == [
        (int(c["startTime"]), c["title"]) for c in written
    ]


@pytest.mark.slow
def test_a_second_article_adds_an_episode_and_the_feed_keeps_both(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    for article in (EXAMPLE, KOMPAS):
        code, _, stderr = _make(
            runner, str(article), "--engine", "espeak", "--out", str(out), "--date", "2026-11-24"
        )
        assert code == 0, stderr
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert len(parsed.entries) == 2
    guids = {e.id for e in parsed.entries}
    assert len(guids) == 2
    for entry in parsed.entries:
        (enclosure,) = entry.enclosures
        file = out / "episodes" / enclosure.href.rsplit("/", 1)[1]
        assert file.stat().st_size == int(enclosure.length)


@pytest.mark.slow
def test_remaking_an_episode_keeps_its_guid_under_a_new_file_name(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    args = [str(EXAMPLE), "--engine", "espeak", "--out", str(out), "--date", "2026-11-24"]
    assert _make(runner, *args)[0] == 0
    first = json.loads((out / "catalog.json").read_text())["episodes"][0]
    assert _make(runner, *args)[0] == 0
    (second,) = json.loads((out / "catalog.json").read_text())["episodes"]
    assert second["guid"] == first["guid"]
    # A new version is a new URL: a podcast app never sees a file change under it...
    assert second["file"] != first["file"] and second["version"] == first["version"] + 1
    assert len(feedparser.parse((out / "feed.xml").read_bytes()).entries) == 1
    # ...and the superseded files go once the feed no longer names them: nothing dangles.
    on_disk = sorted(p.name for p in (out / "episodes").iterdir())
    assert on_disk == sorted([second["file"], *second["extras"].values()])


@pytest.mark.slow
def test_json_output_describes_the_published_episode(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "public"
    code, stdout, stderr = _make(runner, str(KOMPAS), "--engine", "espeak", "--out", str(out),
                                 "--json")  # fmt: skip
    assert code == 0, stderr
    data = json.loads(stdout)
    assert Path(data["episode"]).stat().st_size == data["size"]
    assert Path(data["feed"]) == out / "feed.xml"
    assert data["engines"] == ["espeak"]
    assert data["title"] == "Harga Cabai Rawit di Pasar Induk Kramat Jati Turun 20 Persen"
    assert data["duration"] > 30


@pytest.mark.slow
def test_auto_falls_back_to_espeak_with_one_warning_when_google_is_unreachable(
    runner: CliRunner, tmp_path: Path, google_down: object, fast_show: Path
) -> None:
    out = tmp_path / "public"
    code, stdout, stderr = _make(runner, str(KOMPAS), "--out", str(out), "--json",
                                 "--show", str(fast_show))  # fmt: skip
    assert code == 0, stderr
    warnings = [line for line in stderr.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == 1
    assert "gtts unavailable" in warnings[0] and "espeak" in warnings[0]
    assert json.loads(stdout)["engines"] == ["espeak"]


@pytest.mark.slow
def test_auto_speaks_with_google_when_it_answers(
    runner: CliRunner, tmp_path: Path, google_ok: object, fast_show: Path
) -> None:
    out = tmp_path / "public"
    code, stdout, stderr = _make(runner, str(KOMPAS), "--out", str(out), "--json",
                                 "--show", str(fast_show))  # fmt: skip
    assert code == 0, stderr
    assert "Warning" not in stderr
    data = json.loads(stdout)
    assert data["engines"] == ["gtts"]
    assert len(decode_pcm(Path(data["episode"]))) > 0


def _snapshot(folder: Path) -> dict[str, str]:
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        if p.is_file()
        else "/"
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture(scope="module")
def published_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One episode made for the module's tests to copy (making one takes seconds)."""
    out = tmp_path_factory.mktemp("published") / "public"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFING_CACHE_DIR", str(out.parent / "clip-cache"))
        code, _, stderr = _make(cli_runner(), str(EXAMPLE), "--engine", "espeak", "--out", str(out))
    assert code == 0, stderr
    return out


@pytest.fixture
def published(published_once: Path, tmp_path: Path) -> Path:
    """A folder of the test's own that already holds one published episode."""
    out = tmp_path / "public"
    shutil.copytree(published_once, out)
    return out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "Error: article not found: {path}"),
        (b"", "Error: {path}: the file is empty"),
        (b"  \n\t\n ", "Error: {path}: the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "Error: {path}: binary file, not a text article"),
        (b"Judul berita tanpa isi apa pun\n", "Error: {path}: no article found: its one line is not a sentence of news (expected a headline, then paragraphs of news)"),
        (b"Beranda\nNasional\nEkonomi\nLogin\n", "Error: {path}: no article found: none of its 4 lines reads as a sentence of news (expected a headline, then paragraphs of news)"),
        (b"Isi berita tanpa judul di atasnya sama sekali.\n", "Error: {path}: no headline found above the story that starts 'Isi berita tanpa judul di atasnya sama sekali.': expected the title on its own line above the byline, date or first paragraph"),
        ("Harga cabai turun di pasar induk\n\nPedagang menjual cabai rawit lebih murah.".encode("latin-1") + b" \xe9\xe8",
         "Error: {path}: not UTF-8 text (invalid byte at offset 76); save the article as UTF-8"),
        (b"Judul berita yang sangat panjang\n\n" + b"Isi berita yang berulang. " * 200_000,
         "Error: {path}: too large for an article (over 2,000,000 bytes)"),
    ],
)  # fmt: skip
@pytest.mark.slow
def test_bad_articles_fail_with_one_line_and_leave_the_folder_unchanged(
    runner: CliRunner, tmp_path: Path, published: Path, content: bytes | None, message: str
) -> None:
    article = tmp_path / "artikel.txt"
    if content is not None:
        article.write_bytes(content)
    before = _snapshot(published)
    code, stdout, stderr = _make(
        runner, str(article), "--engine", "espeak", "--out", str(published)
    )
    assert code == 1
    assert stdout == ""
    assert stderr == message.format(path=article) + "\n"
    assert _snapshot(published) == before


def test_a_bad_article_among_good_ones_publishes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "fresh"
    missing = tmp_path / "hilang.txt"
    code, _, stderr = _make(runner, str(EXAMPLE), str(missing), "--out", str(out))
    assert code == 1
    assert stderr == f"Error: article not found: {missing}\n"
    assert not out.exists()


def test_unwritable_out_fails_before_any_work(runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for out in (blocker, blocker / "public"):
        code, stdout, stderr = _make(runner, str(EXAMPLE), "--engine", "espeak", "--out", str(out))
        assert code == 1
        assert stdout == ""
        assert stderr.startswith("Error: cannot publish into ") and stderr.count("\n") == 1
        assert "is not a directory" in stderr
        assert blocker.read_text() == "not a folder"


def test_verbose_shows_the_traceback(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["-v", "make", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1
    assert "Traceback" in result.stderr
    assert result.stderr.rstrip().endswith(f"Error: article not found: {tmp_path / 'nope.txt'}")


def test_bad_date_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["make", str(EXAMPLE), "--date", "24-11-2026"])
    assert result.exit_code == 2
    assert "Invalid value for '--date'" in result.stderr


def test_absurd_date_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["make", str(EXAMPLE), "--date", "1800-01-01",
                                 "--out", str(tmp_path / "o")])  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --date 1800-01-01 is out of range")
    assert not (tmp_path / "o").exists()


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "briefing", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "Usage: briefing" in done.stdout
    assert "make" in done.stdout


@pytest.mark.slow
def test_show_file_overrides_the_built_in_show(runner: CliRunner, tmp_path: Path) -> None:
    from tests.conftest import ROOT

    out = tmp_path / "public"
    show = ROOT / "feeds" / "kabar-sore.toml"
    code, _, stderr = _make(runner, str(KOMPAS), "--engine", "espeak", "--out", str(out),
                            "--show", str(show), "--date", "2026-11-24")  # fmt: skip
    assert code == 0, stderr
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert parsed.feed.title == "Kabar Sore Nusantara"
    (entry,) = parsed.entries
    assert entry.enclosures[0].href.startswith("https://kabarsore.example.id/podcast/episodes/")
    # 17:00 in the show's zone (WITA, UTC+8).
    assert entry.published == "Tue, 24 Nov 2026 17:00:00 +0800"


def test_bad_show_file_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "show.toml"
    bad.write_text("[show]\nname = 3\n")
    result = runner.invoke(cli, ["make", str(KOMPAS), "--show", str(bad)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {bad}: show.name must be a str\n"


def test_a_bad_cover_fails_before_any_work(runner: CliRunner, tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (1400, 1000), "white").save(tmp_path / "cover.png")
    show = tmp_path / "show.toml"
    show.write_text('[show]\ncover = "cover.png"\n')
    out = tmp_path / "public"
    result = runner.invoke(cli, ["make", str(KOMPAS), "--show", str(show), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cover {tmp_path / 'cover.png'} must be square, 1400-3000 px (found 1400x1000)\n"
    )
    assert not out.exists()


@pytest.mark.slow
def test_a_given_jpeg_cover_is_published_with_a_matching_name(
    runner: CliRunner, tmp_path: Path
) -> None:
    from PIL import Image

    Image.new("RGB", (1400, 1400), "navy").save(tmp_path / "art.jpg", "JPEG")
    show = tmp_path / "show.toml"
    show.write_text('[show]\ncover = "art.jpg"\n')
    out = tmp_path / "public"
    code, _, stderr = _make(runner, str(KOMPAS), "--engine", "espeak", "--show", str(show),
                            "--out", str(out))  # fmt: skip
    assert code == 0, stderr
    assert (out / "cover.jpg").read_bytes() == (tmp_path / "art.jpg").read_bytes()
    assert b'href="http://127.0.0.1:8000/cover.jpg"' in (out / "feed.xml").read_bytes()
    from mutagen.id3 import ID3

    (mp3,) = (out / "episodes").glob("*-v1.mp3")
    apic = ID3(mp3).getall("APIC")[0]
    assert apic.mime == "image/jpeg" and apic.data == (tmp_path / "art.jpg").read_bytes()


def _episode_files(out: Path) -> list[str]:
    return sorted(p.name.split("-v1")[1] for p in (out / "episodes").iterdir())


@pytest.mark.slow
def test_a_secondary_rendition_that_fails_its_gate_never_stops_the_podcast(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing import pipeline
    from briefing.audio.master import ALEXA, check_quality
    from briefing.errors import AudioError

    def strict_on_alexa(measurement, rendition, master, predicted):  # type: ignore[no-untyped-def]
        if rendition is ALEXA:
            raise AudioError("quality gate refused the alexa rendition: loudness -15.1 LUFS "
                             "misses -14 +-1")  # fmt: skip
        check_quality(measurement, rendition, master, predicted)

    monkeypatch.setattr(pipeline, "check_quality", strict_on_alexa)
    out = tmp_path / "public"
    code, stdout, stderr = _make(runner, str(KOMPAS), "--engine", "espeak", "--out", str(out))
    assert code == 0, stderr
    assert stderr == (
        "Warning: the Alexa rendition is left out: quality gate refused the alexa rendition: "
        "loudness -15.1 LUFS misses -14 +-1\n"
        "Warning: flash.json is empty: no episode has an Alexa rendition of 10 s to 10 minutes "
        "([audio] alexa = false turns it off)\n"
    )
    assert stdout.startswith("Episode: ")
    assert ".alexa.mp3" not in _episode_files(out)
    assert json.loads((out / "flash.json").read_text()) == []
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert len(feed.entries) == 1


@pytest.mark.slow
def test_the_alexa_rendition_is_a_show_setting_and_long_episodes_skip_it(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    show = tmp_path / "show.toml"
    show.write_text("[audio]\nalexa = false\n")
    off = tmp_path / "off"
    code, _, stderr = _make(
        runner, str(KOMPAS), "--engine", "espeak", "--out", str(off), "--show", str(show)
    )
    assert code == 0 and stderr == ""
    assert _episode_files(off) == [".chapters.json", ".mp3", ".srt", ".transcript.json", ".vtt"]
    # Over Alexa's ten minutes (lowered here to one, for a short test episode).
    from briefing import pipeline

    monkeypatch.setattr(pipeline, "ALEXA_LONGEST", 60.0)
    long = tmp_path / "long"
    code, _, stderr = _make(runner, str(KOMPAS), "--engine", "espeak", "--out", str(long))
    assert code == 0
    first, second = stderr.splitlines()
    assert first.startswith("Warning: no Alexa rendition: the episode lasts ")
    assert first.endswith(", and Alexa plays at most 10 minutes")
    assert second.startswith("Warning: flash.json is empty: no episode has an Alexa rendition")
    assert ".alexa.mp3" not in _episode_files(long)
