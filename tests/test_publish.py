"""Publishing: the catalog, versions, retention, removal, rebuilds and the lock.

Most cases publish small stand-in files straight through the publish stage, so
they run fast; one goes through the CLI."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from pathlib import Path

import feedparser
import msgspec
import pytest
from click.testing import CliRunner
from filelock import FileLock

from briefing.cli import cli
from briefing.errors import PublishError
from briefing.models import Episode, Source
from briefing.publish import LOCK, publish_episode, remove_episode, republish
from briefing.publish.catalog import entry as catalog_entry
from briefing.publish.catalog import load_catalog
from briefing.publish.cover import load_cover
from briefing.settings import changed, load_show

SHOW = load_show(None)
COVER = load_cover(SHOW.identity)


def _draft(n: int) -> Episode:
    """An episode as the stages make it (Episode.made): publishing gives the rest."""
    return Episode(
        id=f"2026-11-{n:02d}-kabar-{n}",
        guid="",
        version=0,
        file="",
        size=0,
        title=f"Kabar {n}",
        description="Ringkasan.",
        date=dt.date(2026, 11, n),
        published=dt.datetime(2026, 11, n, 6, tzinfo=SHOW.zone),
        duration=60.0 + n,
        engines=("espeak",),
        sources=(Source(f"Kabar {n}", "Contoh.com"),),
        engine_runs=(("espeak", 0, 9),),
    )


def _files(tmp: Path, n: int) -> dict[str, Path]:
    files = {}
    for kind in ("podcast", "alexa", "vtt", "chapters"):
        path = tmp / f"src-{n}-{kind}"
        path.write_bytes(f"{kind} {n}".encode() * 50)
        files[kind] = path
    return files


def _assert_nothing_dangles(out: Path) -> None:
    catalog = load_catalog(out)
    named = {name for e in catalog for name in [e.file, *e.extras.values()]}
    on_disk = {p.name for p in (out / "episodes").iterdir()}
    assert named == on_disk  # no item without its file, no file without its item
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert {e.id for e in feed.entries} == {e.guid for e in catalog}
    for entry in feed.entries:
        assert entry.enclosures[0].href.rsplit("/", 1)[1] in on_disk


def test_catalog_records_round_trip(tmp_path: Path) -> None:
    draft = dataclasses.replace(_draft(1), chapters=((0.0, "Pembuka"), (12.345, "Kabar satu")))
    published = publish_episode(tmp_path / "out", SHOW, draft, _files(tmp_path, 1), COVER)
    assert published.episode.chapters == draft.chapters
    (again,) = load_catalog(tmp_path / "out")
    assert again == published.episode
    assert catalog_entry(json.loads(json.dumps(msgspec.to_builtins(again))), 1) == again


def test_retention_keeps_the_newest_and_deletes_the_rest(tmp_path: Path) -> None:
    out, show = tmp_path / "out", changed(SHOW, keep_last=2)
    for n in (1, 2, 3):
        publish_episode(out, show, _draft(n), _files(tmp_path, n), COVER)
    assert [e.id for e in load_catalog(out)] == ["2026-11-03-kabar-3", "2026-11-02-kabar-2"]
    _assert_nothing_dangles(out)
    assert len(list((out / "episodes").iterdir())) == 2 * 4


def test_an_episode_older_than_the_retention_window_is_dropped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out, show = tmp_path / "out", changed(SHOW, keep_last=2)
    for n in (5, 6):
        publish_episode(out, show, _draft(n), _files(tmp_path, n), COVER)
    with caplog.at_level("WARNING", logger="briefing"):
        publish_episode(out, show, _draft(1), _files(tmp_path, 1), COVER)
    assert "2026-11-01-kabar-1 is older than the newest 2 episodes kept" in caplog.text
    assert [e.id for e in load_catalog(out)] == ["2026-11-06-kabar-6", "2026-11-05-kabar-5"]
    _assert_nothing_dangles(out)


def test_a_new_version_replaces_the_old_files_and_keeps_the_guid(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = publish_episode(out, SHOW, _draft(1), _files(tmp_path, 1), COVER).episode
    second = publish_episode(out, SHOW, _draft(1), _files(tmp_path, 1), COVER).episode
    assert (second.guid, second.version) == (first.guid, 2)
    assert second.file.endswith("-v2.mp3") and not (out / "episodes" / first.file).exists()
    _assert_nothing_dangles(out)


def test_remove_takes_the_item_out_then_the_files(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "out"
    for n in (1, 2):
        publish_episode(out, SHOW, _draft(n), _files(tmp_path, n), COVER)
    result = runner.invoke(cli, ["episodes", "remove", "2026-11-01-kabar-1", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Removed 2026-11-01-kabar-1 (4 files)\n"
    _assert_nothing_dangles(out)
    listed = runner.invoke(cli, ["episodes", "list", "--out", str(out)])
    assert listed.stdout.splitlines()[-1] == f"1 episode in {out}"
    assert listed.stdout.startswith("2026-11-02-kabar-2  v1  1:02  espeak  Kabar 2")
    missing = runner.invoke(cli, ["episodes", "remove", "2026-11-09-tidak-ada", "--out", str(out)])
    assert missing.exit_code == 1
    assert missing.stderr == f"Error: no episode '2026-11-09-tidak-ada' in {out / 'catalog.json'}\n"


def test_publish_rebuilds_the_outputs_from_the_catalog_alone(
    tmp_path: Path, runner: CliRunner
) -> None:
    out = tmp_path / "out"
    publish_episode(out, SHOW, _draft(1), _files(tmp_path, 1), COVER)
    (out / "feed.xml").unlink()
    show = tmp_path / "show.toml"
    show.write_text('[show]\nname = "Kabar Baru"\nbase_url = "https://kabar.example.id/"\n')
    result = runner.invoke(cli, ["publish", "--out", str(out), "--show", str(show)])
    assert result.exit_code == 0, result.stderr
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert feed.feed.title == "Kabar Baru"
    assert feed.entries[0].enclosures[0].href.startswith("https://kabar.example.id/episodes/")
    empty = runner.invoke(cli, ["publish", "--out", str(tmp_path / "kosong")])
    assert empty.exit_code == 1 and "nothing to publish" in empty.stderr


def test_a_second_run_at_the_same_time_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with (
        FileLock(out / LOCK),
        pytest.raises(PublishError, match="another briefing run is publishing"),
    ):
        publish_episode(out, SHOW, _draft(1), _files(tmp_path, 1), COVER)
    assert not (out / "catalog.json").exists()
    with FileLock(out / LOCK), pytest.raises(PublishError, match="another briefing run"):
        remove_episode(out, SHOW, "x", COVER)
    publish_episode(out, SHOW, _draft(1), _files(tmp_path, 1), COVER)  # free again
    with FileLock(out / LOCK), pytest.raises(PublishError, match="another briefing run"):
        republish(out, SHOW, COVER)


def test_flash_json_follows_amazons_feed_format(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for n in range(1, 8):
        publish_episode(out, SHOW, _draft(n), _files(tmp_path, n), COVER)
    long = dataclasses.replace(_draft(9), duration=900.0)  # over Amazon's 10 minutes
    publish_episode(out, SHOW, long, _files(tmp_path, 9), COVER)
    items = json.loads((out / "flash.json").read_text())
    assert [i["titleText"] for i in items] == [
        "Kabar 7",
        "Kabar 6",
        "Kabar 5",
        "Kabar 4",
        "Kabar 3",
    ]
    first = items[0]
    assert set(first) == {
        "uid",
        "updateDate",
        "titleText",
        "mainText",
        "streamUrl",
        "redirectionUrl",
    }
    assert first["uid"].startswith("urn:uuid:")
    assert first["updateDate"] == "2026-11-06T23:00:00.0Z"  # 06:00 WIB, in UTC
    assert first["streamUrl"] == "http://127.0.0.1:8000/episodes/2026-11-07-kabar-7-v1.alexa.mp3"
    assert first["redirectionUrl"] == "http://127.0.0.1:8000/#2026-11-07-kabar-7"


def test_the_web_page_lists_episodes_and_escapes_article_text(tmp_path: Path) -> None:
    out = tmp_path / "out"
    hostile = dataclasses.replace(
        _draft(1),
        title='<script>alert("x")</script> Kabar & Berita',
        description="Isi <img src=x onerror=alert(1)> biasa.",
        sources=(Source("<b>Sumber</b>", "A&B", url="javascript:alert(1)"),),
    )
    publish_episode(out, SHOW, hostile, _files(tmp_path, 1), COVER)
    publish_episode(out, SHOW, _draft(2), _files(tmp_path, 2), COVER)
    html = (out / "index.html").read_text()
    # One script element, the page's own seek handler; the article's is text.
    assert html.count("<script>") == 1 and 'alert("x")' not in html
    assert "<img src=x" not in html and "<b>Sumber</b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Kabar &amp; Berita" in html
    assert html.count('<article id="') == 2
    assert (
        '<audio id="player-2026-11-02-kabar-2" controls preload="none" '
        'src="episodes/2026-11-02-kabar-2-v1.mp3">'
    ) in html
    assert '<track kind="captions" src="episodes/2026-11-02-kabar-2-v1.vtt" srclang="id"' in html
    assert '<time datetime="2026-11-02T06:00:00+07:00">Senin, 2 November 2026</time>' in html
    assert 'href="podcast://127.0.0.1:8000/feed.xml"' in html
    assert "javascript:" not in html  # a source link that is not http(s) is shown as text
    notes = (out / "feed.xml").read_text()
    assert "javascript:" not in notes


@pytest.mark.parametrize(
    ("base_url", "alexa", "said"),
    [
        ("http://127.0.0.1:8000/", True, None),  # the local preview: nothing published yet
        ("http://localhost:8000/", True, None),
        ("https://kabar.example.id/podcast/", True, None),
        ("http://kabar.example.id/podcast/", True, "Alexa plays only HTTPS stream URLs"),
        ("http://kabar.example.id/podcast/", False, None),  # no Alexa rendition asked for
    ],
)
def test_publishing_says_when_alexa_cannot_play_flash_json(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, base_url: str, alexa: bool, said: str | None
) -> None:
    show = changed(SHOW, base_url=base_url, alexa=alexa)
    with caplog.at_level(logging.WARNING, logger="briefing"):
        publish_episode(tmp_path / "out", show, _draft(1), _files(tmp_path, 1), COVER)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    if said is None:
        assert warnings == []
    else:
        (warning,) = warnings
        assert said in warning and base_url in warning
    # republish (after a settings change) says the same
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="briefing"):
        republish(tmp_path / "out", show, COVER)
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == (said is not None)


def test_publishing_says_when_no_episode_qualifies_for_flash_json(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    files = _files(tmp_path, 1)
    del files["alexa"]  # left out (too long, or refused by its gate)
    with caplog.at_level(logging.WARNING, logger="briefing"):
        publish_episode(tmp_path / "out", SHOW, _draft(1), files, COVER)
    (warning,) = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warning.startswith("flash.json is empty: no episode has an Alexa rendition")
    assert json.loads((tmp_path / "out" / "flash.json").read_text()) == []


def test_the_feed_identity_is_pinned_and_survives_a_move(tmp_path: Path) -> None:
    """podcast:guid is fixed the first time the feed is built: a new base URL (the
    show moved host) leaves it as it was, and the old feed can point at the new one."""
    import podcastparser
    from lxml import etree

    from briefing.publish.feed import podcast_guid

    out = tmp_path / "out"
    old = changed(SHOW, base_url="https://lama.example.id/podcast/")
    publish_episode(out, old, _draft(1), _files(tmp_path, 1), COVER)
    first = podcast_guid("https://lama.example.id/podcast/feed.xml")
    assert json.loads((out / "catalog.json").read_text())["feed"] == {"guid": first}

    def channel_guid() -> str:
        channel = etree.fromstring((out / "feed.xml").read_bytes()).find("channel")
        return str(channel.findtext("{https://podcastindex.org/namespace/1.0}guid"))

    assert channel_guid() == first
    moved = changed(old, base_url="https://baru.example.id/siaran/",
                                new_feed_url="https://baru.example.id/siaran/feed.xml")  # fmt: skip
    publish_episode(out, moved, _draft(2), _files(tmp_path, 2), COVER)
    republish(out, moved, COVER)
    assert channel_guid() == first != podcast_guid("https://baru.example.id/siaran/feed.xml")
    parsed = podcastparser.parse("https://lama.example.id/podcast/feed.xml",
                                 (out / "feed.xml").open("rb"))  # fmt: skip
    assert parsed["new_url"] == "https://baru.example.id/siaran/feed.xml"
    assert {e["enclosures"][0]["url"].split("/episodes/")[0] for e in parsed["episodes"]} == {
        "https://baru.example.id/siaran"
    }
    # A show moved to a new folder (no catalog) keeps its guid by naming it.
    fresh = tmp_path / "fresh"
    named = changed(moved, podcast_guid=first)
    publish_episode(fresh, named, _draft(3), _files(tmp_path, 3), COVER)
    assert json.loads((fresh / "catalog.json").read_text())["feed"] == {"guid": first}


def test_a_pinned_guid_that_is_not_a_uuid_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    publish_episode(out, SHOW, _draft(1), _files(tmp_path, 1), COVER)
    doc = json.loads((out / "catalog.json").read_text())
    doc["feed"]["guid"] = "not-a-uuid"
    (out / "catalog.json").write_text(json.dumps(doc))
    before = (out / "feed.xml").read_bytes()
    with pytest.raises(PublishError, match="pins the feed guid 'not-a-uuid', which is not a UUID"):
        republish(out, SHOW, COVER)
    assert (out / "feed.xml").read_bytes() == before


def test_page_notes_drop_only_a_title_the_description_repeats() -> None:
    from briefing.publish.site import notes

    one = dataclasses.replace(_draft(1), title="Harga Cabai Turun", description="")
    episode = publish_like(one, "Harga cabai turun! Pedagang menjual lebih murah.\n\nKedua.")
    assert notes(episode) == ["Pedagang menjual lebih murah.", "Kedua."]
    # An edition's title names the show and the day: its story summaries all stay.
    edition = publish_like(dataclasses.replace(one, title="Ruang Kabar, Rabu, 25 November 2026"),
                           "Harga Cabai Turun. Pedagang menjual lebih murah.")  # fmt: skip
    assert notes(edition) == ["Harga Cabai Turun. Pedagang menjual lebih murah."]
    only_title = publish_like(one, "Harga Cabai Turun.")
    assert notes(only_title) == []


def publish_like(draft: Episode, description: str) -> Episode:
    return Episode(id=draft.id, guid="g", version=1, title=draft.title, description=description,
                   date=draft.date, published=draft.published, file="x.mp3", size=1,
                   duration=draft.duration, engines=draft.engines, sources=())  # fmt: skip
