"""Hostile input, internal addresses, damaged state and races (issue 13).

Each test reproduces one attack or bad-luck event and then checks the
outcome: one ``Error:`` line at worst, a consistent tree, nothing lost.
"""

from __future__ import annotations

import asyncio
import errno
import json
import os
import signal
import socket
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from click.testing import CliRunner
from filelock import FileLock
from lxml import etree

import briefing.files
import briefing.publish
import briefing.scaffold
from briefing.cli import cli
from briefing.errors import PublishError, SourceError
from briefing.ingest import read_article
from briefing.ingest.http import AddressPolicy, Fetcher, public
from briefing.pipeline import run_lock
from briefing.publish import JOURNAL, LOCK, publish_episode
from briefing.publish.catalog import BACKUP, load_catalog
from briefing.publish.deploy import deploy
from briefing.publish.server import IDLE_SECONDS, make_app
from briefing.script.scriptfile import parse_script
from tests.fakes import free_port, serving, tree_bytes
from tests.newsroom import Newsroom, hours_before, newsroom, rss, show_toml
from tests.test_daily import DAILY
from tests.test_faults import assert_feed_sound, clips
from tests.test_publish import COVER, SHOW, _draft, _files

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "festival-kopi.txt"
SCRIPT_HEAD = """+++
title = "Festival Kopi"
slug = "festival-kopi"
date = 2026-11-22
published = 2026-11-22T06:00:00+07:00
description = "Ringkasan."
+++

## Pembuka
MODERATOR: Selamat pagi, ini kabar festival kopi di Toraja hari ini.
REPORTER: Enam puluh petani datang dari enam kecamatan.
"""


def one_error(result: Any) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output
    return str(lines[0])


def make(runner: CliRunner, out: Path, article: Path, *extra: str) -> Any:
    return runner.invoke(cli, ["make", str(article), "--out", str(out), "--engine", "espeak",
                               "--length", "brief", *extra])  # fmt: skip


def render(runner: CliRunner, out: Path, script: Path) -> Any:
    return runner.invoke(cli, ["render", str(script), "--out", str(out), "--engine", "espeak"])


# --- 1. Control characters and absurd dates ---------------------------------------------

BAD_CHARS = ["\x01", "\ufffe", "\x85", "\u202e", "\U0010ffff", "\x7f"]


@pytest.mark.parametrize("char", BAD_CHARS)
def test_control_characters_in_a_pasted_page_never_reach_the_feed(
    tmp_path: Path, char: str
) -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace("Kopi", f"Ko{char}pi")
    lines[5] = lines[5][:20] + char + lines[5][20:]
    page = tmp_path / "artikel.txt"
    page.write_text("\n".join(lines), encoding="utf-8")
    article = read_article(page)
    assert "Kopi" in article.title
    every = [article.title, *article.paragraphs, *(article.authors), article.outlet or ""]
    assert not any(char in text for text in every)


@pytest.mark.slow
def test_a_control_character_in_a_title_publishes_a_clean_episode_and_feed(
    runner: CliRunner, tmp_path: Path
) -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    lines[0] = "\x01" + lines[0] + "\ufffe\U0001fffe"
    page = tmp_path / "artikel.html"
    body = "".join(f"<p>{line}</p>" for line in lines[1:])
    page.write_text(f"<html><head><title>{lines[0]}</title></head><body><h1>{lines[0]}</h1>"
                    f"{body}</body></html>", encoding="utf-8")  # fmt: skip
    out = tmp_path / "public"
    result = make(runner, out, page)
    assert result.exit_code == 0, result.output
    etree.fromstring((out / "feed.xml").read_bytes())  # still XML
    catalog = (out / "catalog.json").read_text(encoding="utf-8")
    assert "\\u0001" not in catalog and "\\ufffe" not in catalog
    assert runner.invoke(cli, ["publish", "--out", str(out)]).exit_code == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('title = "Festival Kopi"', 'title = "Festival\x01 Kopi"'), ":2:18: a control or invisible"),
        (('title = "Festival Kopi"', 'title = "Festival\\u0001Kopi"'), "title holds a control"),
        (("REPORTER: Enam", "REPORTER: En\ufffeam"), ":11:13: a control or invisible"),
        (('description = "Ringkasan."', 'description = "\\uFFFE"'), "description holds a control"),
        (("published = 2026-11-22T06:00:00+07:00", "published = 9999-12-31T23:00:00-07:00"),
         "'published' 9999-12-31T23:00:00-07:00 is out of range"),
        (("date = 2026-11-22", "date = 0001-01-01"), "'date' 0001-01-01 is out of range"),
        (("date = 2026-11-22", "date = 2026-11-22T06:00:00"), "'date' must be a day like"),
        (('slug = "festival-kopi"', f'slug = "{"-".join(["kopi"] * 46)}"'),
         "'slug' is 229 characters; at most 100"),
        (('title = "Festival Kopi"', f'title = "{"Kopi " * 80}"'), "'title' is 399 characters"),
    ],
)  # fmt: skip
def test_a_hostile_script_file_is_one_error_and_nothing_is_spoken(
    runner: CliRunner, tmp_path: Path, _isolated_cache: Path, change: tuple[str, str], message: str
) -> None:
    script = tmp_path / "naskah.txt"
    text = SCRIPT_HEAD.replace(*change)
    assert text != SCRIPT_HEAD
    script.write_text(text, encoding="utf-8")
    out = tmp_path / "public"
    line = one_error(render(runner, out, script))
    assert message in line
    assert not out.exists() and clips(_isolated_cache) == 0  # refused before any work


def test_one_author_written_as_text_is_one_author(tmp_path: Path) -> None:
    text = SCRIPT_HEAD.replace("+++\n\n", '\n[[sources]]\ntitle = "Festival"\n'
                               'authors = "Yusuf Palinggi"\n+++\n\n', 1)  # fmt: skip
    (source,) = parse_script(text).sources
    assert source.authors == ("Yusuf Palinggi",)


def test_a_settings_file_with_a_control_character_is_refused(
    runner: CliRunner, tmp_path: Path
) -> None:
    show = tmp_path / "show.toml"
    show.write_text('[show]\nname = "Kabar\\u0007 Pagi"\n', encoding="utf-8")
    assert "show.name holds a control" in one_error(
        runner.invoke(cli, ["make", str(EXAMPLE), "--show", str(show)])
    )


# --- 6 and 9. The catalog is untrusted -------------------------------------------------


def _two_episodes(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    publish_episode(out, SHOW, _draft(1), _files(tmp_path, 1), COVER)
    publish_episode(out, SHOW, _draft(2), _files(tmp_path, 2), COVER)
    return out


def _catalog_with(out: Path, **changes: Any) -> None:
    """Edit the newest entry of ``out``'s catalog, as a travelling copy might."""
    doc = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    doc["episodes"][0].update(changes)
    (out / "catalog.json").write_text(json.dumps(doc), encoding="utf-8")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"file": "../../rahasia.txt"}, "Expected a plain file name inside episodes/ (no folders, "
                                        "no '..', not hidden) at `file`"),
        ({"extras": {"chapters": "../../rahasia.txt"}}, "a plain file name inside episodes/ "
                                                        "(no folders, no '..', not hidden) at `extras"),
        ({"file": ".briefing.lock"}, "Expected a plain file name inside episodes/"),
        ({"duration": float("nan")}, "Expected `float` >= 0.0 at `duration`"),
        ({"duration": float("inf")}, "Expected `float` <= 86400.0 at `duration`"),
        ({"size": -1}, "Expected `int` >= 0 at `size`"),
        ({"date": "2026-11-22T06:00:00"}, "Invalid RFC3339 encoded date at `date`"),
        ({"published": "9999-12-31T23:00:00-07:00"}, "published 9999-12-31T23:00:00-07:00 is out"),
        ({"published": "2026-11-22T06:00:00"}, "Expected `datetime` with a timezone component at "
                                               "`published`"),
        ({"version": True}, "Expected `int`, got `bool` at `version`"),
    ],
)  # fmt: skip
@pytest.mark.slow
def test_a_bad_catalog_entry_is_one_error_naming_it_and_nothing_leaves_the_folder(
    runner: CliRunner, tmp_path: Path, changes: dict[str, Any], message: str
) -> None:
    out = _two_episodes(tmp_path)
    secret = tmp_path / "rahasia.txt"
    secret.write_text('{"chapters": [{"title": "RAHASIA", "startTime": 0}]}')
    _catalog_with(out, **changes)
    before = tree_bytes(out)
    for command in (
        ["publish"],
        ["episodes", "list"],
        ["episodes", "remove", "2026-11-01-kabar-1"],
    ):
        line = one_error(runner.invoke(cli, [*command, "--out", str(out)]))
        assert "entry 1 (2026-11-02-kabar-2)" in line and message in line, line
    assert tree_bytes(out) == before and secret.is_file()
    assert b"RAHASIA" not in (out / "index.html").read_bytes()


def test_a_bad_entry_can_be_removed_without_touching_files_outside(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = _two_episodes(tmp_path)
    _catalog_with(out, duration=float("nan"))
    result = runner.invoke(cli, ["episodes", "remove", "2026-11-02-kabar-2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert [e.id for e in load_catalog(out)] == ["2026-11-01-kabar-1"]
    assert len(assert_feed_sound(out).entries) == 1

    # An entry whose path leads outside can't be removed by the command: it says so.
    publish_episode(out, SHOW, _draft(3), _files(tmp_path, 3), COVER)
    victim = tmp_path / "victim.txt"
    victim.write_text("milik orang lain")
    _catalog_with(out, file="../../victim.txt")
    line = one_error(runner.invoke(cli, ["episodes", "remove", "2026-11-03-kabar-3", "--out",
                                         str(out)]))  # fmt: skip
    assert "cannot remove 2026-11-03-kabar-3" in line and "edit" in line
    assert victim.read_text() == "milik orang lain"


def test_an_entry_an_older_version_wrote_with_a_time_in_its_id_can_be_removed(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The old bug: a script `date` with a time became the id and the file names."""
    out = _two_episodes(tmp_path)
    doc = json.loads((out / "catalog.json").read_text(encoding="utf-8"))
    item = doc["episodes"][0]
    legacy = "2026-11-02T06:00:00-kabar-2"
    for name in [item["file"], *item["extras"].values()]:
        (out / "episodes" / name).rename(out / "episodes" / name.replace(item["id"], legacy))
    item.update(id=legacy, date="2026-11-02T06:00:00", file=item["file"].replace(item["id"], legacy),
                extras={k: v.replace(item["id"], legacy) for k, v in item["extras"].items()})  # fmt: skip
    (out / "catalog.json").write_text(json.dumps(doc), encoding="utf-8")
    assert legacy in one_error(runner.invoke(cli, ["publish", "--out", str(out)]))
    result = runner.invoke(cli, ["episodes", "remove", legacy, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert not any(legacy in p.name for p in (out / "episodes").iterdir())
    assert runner.invoke(cli, ["publish", "--out", str(out)]).exit_code == 0
    assert len(assert_feed_sound(out).entries) == 1


def test_null_authors_and_dirty_text_in_a_catalog_are_read_clean(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    publish_episode(out, SHOW, _draft(1), _files(tmp_path, 1), COVER)
    _catalog_with(out, title="Kabar\x01 Satu\ufffe",
                  sources=[{"title": "Sumber", "outlet": None, "authors": None}])  # fmt: skip
    result = runner.invoke(cli, ["publish", "--out", str(out)])
    assert result.exit_code == 0, result.output
    feed = assert_feed_sound(out)
    assert feed.entries[0].title == "Kabar Satu"


# --- 3 and 9. Publishing is one transaction ---------------------------------------------


def _os_refuses(monkeypatch: pytest.MonkeyPatch, name_end: str, error: BaseException) -> None:
    """The file system refusing to put a file whose name ends in ``name_end`` in place:
    the fault enters at the OS call every atomic write makes (os.replace), so the
    code under test is briefing's own, unchanged."""
    real = os.replace

    def replace(source: Any, target: Any, *args: Any, **kwargs: Any) -> None:
        if os.fspath(target).endswith(name_end):
            raise error
        real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize("refused", ["catalog.json", ".vtt"])
def test_a_full_disk_while_publishing_leaves_the_old_tree_and_no_orphan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refused: str
) -> None:
    """The catalog write (the commit point) failing, or a companion file failing after
    the MP3 was copied: either way the tree is as before, with no orphan MP3 and no
    temporary file."""
    out = tmp_path / "out"
    publish_episode(out, SHOW, _draft(1), _files(tmp_path, 1), COVER)
    before = tree_bytes(out)
    _os_refuses(monkeypatch, refused, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    with pytest.raises(PublishError, match="No space left on device"):
        publish_episode(out, SHOW, _draft(2), _files(tmp_path, 2), COVER)
    monkeypatch.undo()
    after = tree_bytes(out)
    # The catalog's backup may now exist: it is the catalog, written before the refusal.
    assert after.pop(BACKUP, after["catalog.json"]) == after["catalog.json"]
    assert after == before  # feed, page, flash.json back; new files gone
    assert not (out / JOURNAL).exists()
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def _killed_at_the_catalog(out: Path, tmp_path: Path) -> int:
    """Publish edition 2 in a forked child that SIGKILLs itself as it renames the new
    catalog into place: a real kill, at a known point, with no clean-up run."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            real = os.replace

            def replace(source: Any, target: Any, *args: Any, **kwargs: Any) -> None:
                if os.fspath(target).endswith("catalog.json"):
                    os.kill(os.getpid(), signal.SIGKILL)
                real(source, target, *args, **kwargs)

            os.replace = replace  # type: ignore[assignment]
            publish_episode(out, SHOW, _draft(2), _files(tmp_path, 2), COVER)
        finally:
            os._exit(3)  # reached only if the kill never came
    return os.waitpid(pid, 0)[1]


def test_a_kill_between_the_feed_and_the_catalog_is_finished_by_the_rerun(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    publish_episode(out, SHOW, _draft(1), _files(tmp_path, 1), COVER)
    status = _killed_at_the_catalog(out, tmp_path)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert (out / JOURNAL).exists()
    assert [e.id for e in load_catalog(out)] == ["2026-11-01-kabar-1"]
    orphans = {p.name for p in (out / "episodes").iterdir()} - {"2026-11-01-kabar-1-v1.mp3",
               "2026-11-01-kabar-1-v1.alexa.mp3", "2026-11-01-kabar-1-v1.vtt",
               "2026-11-01-kabar-1-v1.chapters.json"}  # fmt: skip
    assert orphans  # the new files are there, named by nothing

    # Any later command (here: publish) brings the tree in line with the catalog.
    briefing.publish.republish(out, SHOW, COVER)
    assert not (out / JOURNAL).exists()
    assert {p.name for p in (out / "episodes").iterdir()} & orphans == set()
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert len(assert_feed_sound(out).entries) == 1
    # And the edition, made again, is published.
    publish_episode(out, SHOW, _draft(2), _files(tmp_path, 2), COVER)
    assert len(assert_feed_sound(out).entries) == 2


@pytest.mark.slow
def test_an_already_published_edition_repairs_a_feed_left_behind(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The issue's case: a catalog holding the edition and a feed that doesn't. The
    rerun said "nothing to do" and the edition never aired; now the rerun repairs it."""
    with newsroom() as room:
        first = _daily(runner, tmp_path, room)
        assert first.exit_code == 0, first.output
        out = tmp_path / "public"
        good = tree_bytes(out)
        # An interrupted later change: the feed, page and Alexa feed went back a day.
        for name in ("feed.xml", "index.html", "flash.json"):
            (out / name).write_bytes(b"stale")
        (out / JOURNAL).write_text('{"add": [], "remove": []}')
        again = _daily(runner, tmp_path, room)
    assert again.exit_code == 0, again.output
    assert "Already published" in again.stdout
    assert "interrupted" in again.stderr
    for name in ("feed.xml", "index.html", "flash.json"):
        assert (out / name).read_bytes() == good[name]
    assert not (out / JOURNAL).exists()


def _daily(runner: CliRunner, tmp_path: Path, room: Newsroom, *args: str, extra: str = "") -> Any:
    show = tmp_path / "show.toml"
    show.write_text(show_toml(room.base, extra))
    return runner.invoke(cli, ["daily", "--show", str(show), "--out", str(tmp_path / "public"),
                               "--engine", "espeak", "--max-stories", "1", *DAILY, *args])  # fmt: skip


# --- 9. Concurrent runs -----------------------------------------------------------------


def test_a_second_run_is_refused_before_any_synthesis(
    runner: CliRunner, tmp_path: Path, _isolated_cache: Path
) -> None:
    out = tmp_path / "public"
    with run_lock(out):
        line = one_error(make(runner, out, EXAMPLE))
    assert "another briefing run (make, render or daily) is producing into" in line
    assert clips(_isolated_cache) == 0


# --- 7. deploy ----------------------------------------------------------------------------


class _Bucket:
    """An S3 client that records the order of uploads (boto3's interface, in memory)."""

    def __init__(self) -> None:
        self.order: list[str] = []

    def get_paginator(self, name: str) -> Any:
        class Pages:
            def paginate(self, **kwargs: Any) -> list[dict[str, Any]]:
                return [{"Contents": []}]

        return Pages()

    def put_object(self, **kwargs: Any) -> None:
        self.order.append(kwargs["Key"])


def test_deploy_waits_for_no_one_and_uploads_nothing_during_a_publish(tmp_path: Path) -> None:
    out = tmp_path / "out"
    publish_episode(out, SHOW, _draft(1), _files(tmp_path, 1), COVER)
    bucket = _Bucket()
    with FileLock(out / LOCK), pytest.raises(PublishError, match="another briefing run"):
        deploy(out, "s3://podcast/show", client=bucket)
    assert bucket.order == []

    (out / JOURNAL).write_text("{}")
    with pytest.raises(PublishError, match="interrupted"):
        deploy(out, "s3://podcast/show", client=bucket)
    (out / JOURNAL).unlink()

    (out / "episodes" / "2026-11-01-kabar-1-v1.vtt").unlink()
    with pytest.raises(PublishError, match="missing from"):
        deploy(out, "s3://podcast/show", client=bucket)
    assert bucket.order == []


def test_deploy_sends_the_listeners_files_after_everything_they_name(tmp_path: Path) -> None:
    out = tmp_path / "out"
    publish_episode(out, SHOW, _draft(1), _files(tmp_path, 1), COVER)
    bucket = _Bucket()
    deploy(out, "s3://podcast/show", client=bucket)
    names = [key.removeprefix("show/") for key in bucket.order]
    assert names[-3:] == ["index.html", "flash.json", "feed.xml"]
    assert all(n.startswith("episodes/") or n == "cover.png" for n in names[:-3])


# --- 2. Server-side request forgery -------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "ok"),
    [("93.184.216.34", True), ("2606:4700::1111", True), ("127.0.0.1", False),
     ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.1.1", False),
     ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("::1", False),
     ("fe80::1%eth0", False), ("fd00::1", False), ("::ffff:127.0.0.1", False),
     ("::ffff:10.0.0.1", False), ("224.0.0.1", False), ("ff02::1", False),
     ("240.0.0.1", False), ("not an address", False)],
)  # fmt: skip
def test_only_public_addresses_count_as_public(address: str, ok: bool) -> None:
    assert public(address) is ok


def _leaky_feed(room: Newsroom, links: list[str]) -> None:
    items = [(f"Kabar internal nomor {n}", link, hours_before(1 + n),
              "Ringkasan singkat.") for n, link in enumerate(links)]  # fmt: skip
    room.add("/bocor/rss.xml", rss("Kabar Bocor", room.base, items), "application/rss+xml")


INTERNAL_PAGE = ("<html><head><title>Panel Admin Router</title></head><body><h1>Panel Admin "
                 "Router Internal Kantor</h1>" + "<p>Kata sandi admin router kantor ini adalah "
                 "rahasia-internal-42 dan tidak boleh disiarkan kepada siapa pun.</p>" * 6
                 + "</body></html>")  # fmt: skip


@pytest.mark.parametrize("route", ["link", "redirect", "alias"])
@pytest.mark.slow
def test_a_feed_cannot_make_daily_read_an_internal_service(
    runner: CliRunner, tmp_path: Path, route: str
) -> None:
    with newsroom() as room, newsroom() as internal:
        internal.add("/admin", INTERNAL_PAGE, "text/html")
        target = internal.base + "admin"
        if route == "redirect":  # a public-looking link on the source redirects inside
            room.redirects["/lompat"] = target
            target = room.base + "lompat"
        elif route == "alias":  # the same service by another name for the loopback address
            target = target.replace("127.0.0.1", "localhost")
        _leaky_feed(room, [target])
        extra = f'[[sources]]\nname = "Kabar Bocor"\nfeed = "{room.base}bocor/rss.xml"\n'
        result = _daily(runner, tmp_path, room, "--dry-run", "--json", extra=extra)
        assert result.exit_code == 0, result.output
        titles = [s["title"] for s in json.loads(result.stdout)["stories"]]
        assert not any("internal" in t for t in titles)
        assert internal.requests_to("/admin") == []  # never even asked
        assert "private or local address" in result.stderr


def test_a_show_may_allow_private_addresses_explicitly(runner: CliRunner, tmp_path: Path) -> None:
    with newsroom() as room, newsroom() as internal:
        internal.add("/admin", INTERNAL_PAGE, "text/html")
        _leaky_feed(room, [internal.base + "admin"])
        extra = f'[[sources]]\nname = "Kabar Bocor"\nfeed = "{room.base}bocor/rss.xml"\n'
        show = tmp_path / "show.toml"
        text = show_toml(room.base, extra).replace("[daily]\n",
                                                   "[daily]\nallow_private_addresses = true\n")  # fmt: skip
        show.write_text(text)
        result = runner.invoke(cli, ["daily", "--show", str(show), "--out", str(tmp_path / "p"),
                                     "--max-stories", "6", *DAILY, "--dry-run", "--json"])  # fmt: skip
        assert result.exit_code == 0, result.output
        assert len(internal.requests_to("/admin")) == 1


def test_the_socket_refuses_a_name_that_turns_private_after_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: public when checked, loopback when connecting."""
    import briefing.ingest.http as http

    with newsroom() as room:
        answers = iter([["93.184.216.34"]])

        def rebinding(host: str, port: int) -> list[str]:
            return next(answers, None) or ["127.0.0.1"]  # the second answer: loopback

        monkeypatch.setattr(http, "_resolve", rebinding)
        fetcher = Fetcher(tmp_path / "http", policy=AddressPolicy())
        with pytest.raises(SourceError, match="private or local"):
            fetcher.get(room.base.replace("127.0.0.1", "berita.example") + "warta/atom.xml")
        assert room.log == []


def test_a_redirect_to_another_scheme_is_not_followed(tmp_path: Path) -> None:
    with newsroom() as room:
        room.redirects["/ke-file"] = "file:///etc/passwd"
        fetcher = Fetcher(tmp_path / "http", policy=AddressPolicy.for_sources([room.base]))
        with pytest.raises(SourceError, match="not a web address"):
            fetcher.get(room.base + "ke-file")


# --- 8 and 9. Deadlines, kept copies, User-Agent -----------------------------------------


@pytest.mark.slow
def test_a_trickling_feed_stops_at_the_source_deadline(runner: CliRunner, tmp_path: Path) -> None:
    with newsroom() as room:
        room.trickle["/kota/rss.xml"] = 0.05  # a byte every 50 ms: minutes for the feed
        room.add("/kota/rss.xml", rss("Kabar Kota", room.base, [("Judul", room.base + "x",
                 hours_before(1), "Ringkasan " * 400)]), "application/rss+xml")  # fmt: skip
        show = tmp_path / "show.toml"
        show.write_text(show_toml(room.base).replace("[daily]\n", "[daily]\nsource_deadline = 1\n"))
        result = runner.invoke(cli, ["daily", "--show", str(show), "--out", str(tmp_path / "p"),
                                     *DAILY, "--dry-run", "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    failures = json.loads(result.stdout)["failures"]
    assert any(f.startswith("Kabar Kota: out of time (deadline: 1 s for one source)")
               for f in failures), failures  # fmt: skip


def test_the_run_deadline_bounds_all_fetching(tmp_path: Path) -> None:
    with newsroom() as room:
        room.delays["/warta/atom.xml"] = 0.6
        fetcher = Fetcher(tmp_path / "http", policy=AddressPolicy.for_sources([room.base]),
                          run_seconds=0.5)  # fmt: skip
        with pytest.raises(SourceError, match=r"deadline: 0\.5 s for the run's fetching"):
            fetcher.get(room.base + "warta/atom.xml")
        with pytest.raises(SourceError, match="out of time"):
            fetcher.get(room.base + "nusantara/rss.xml")  # not even asked
        assert room.requests_to("/nusantara/rss.xml") == []


def test_a_damaged_kept_copy_is_fetched_again_and_a_folded_etag_is_not_sent_back(
    tmp_path: Path,
) -> None:
    with newsroom() as room:
        policy = AddressPolicy.for_sources([room.base])
        fetcher = Fetcher(tmp_path / "http", policy=policy)
        first = fetcher.get(room.base + "warta/atom.xml")
        (body,) = (tmp_path / "http").glob("*.body")
        body.write_bytes(first.body[: len(first.body) // 2])  # cut short on disk
        again = fetcher.get(room.base + "warta/atom.xml")
        assert again.body == first.body and again.fresh
        assert "If-None-Match" not in room.requests_to("/warta/atom.xml")[-1]

        # An obs-folded ETag arrives with a CR LF inside: it must never be sent back.
        room.resources["/nusantara/rss.xml"].etag = None
        room.resources["/nusantara/rss.xml"].last_modified = None
        room.raw_headers["/nusantara/rss.xml"] = ['ETag: "abc', ' def"']
        for _ in range(3):
            assert fetcher.get(room.base + "nusantara/rss.xml").fresh
        asked = room.requests_to("/nusantara/rss.xml")
        assert all("\r" not in v and "\n" not in v for h in asked for v in h.values())
        assert all(h["User-Agent"].startswith("briefing/") for h in asked)


# --- 4. The clip cache verifies what it returns ------------------------------------------


@pytest.mark.slow
def test_a_cut_short_cached_clip_is_synthesized_again(
    runner: CliRunner, tmp_path: Path, _isolated_cache: Path
) -> None:
    first = make(runner, tmp_path / "a", EXAMPLE, "--json")
    assert first.exit_code == 0, first.output
    clip_files = sorted(p for p in _isolated_cache.rglob("*.wav"))
    victim = clip_files[len(clip_files) // 2]
    victim.write_bytes(victim.read_bytes()[: victim.stat().st_size // 3])
    second = make(runner, tmp_path / "b", EXAMPLE, "--json")
    assert second.exit_code == 0, second.output
    assert "is damaged" in second.stderr and "synthesized again" in second.stderr
    made = [json.loads(r.stdout)["duration"] for r in (first, second)]
    assert made[0] == pytest.approx(made[1], abs=0.05)  # the whole line is spoken again
    assert len(list(_isolated_cache.rglob("*.wav"))) == len(clip_files)


# --- 9. serve, init -----------------------------------------------------------------------


def test_serve_answers_416_to_a_zero_suffix_range_and_closes_idle_connections(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import requests

    (tmp_path / "episodes").mkdir()
    (tmp_path / "episodes" / "a.mp3").write_bytes(os.urandom(1000))
    with serving(tmp_path, free_port()) as base:
        url = base + "episodes/a.mp3"
        zero = requests.get(url, headers={"Range": "bytes=-0"}, timeout=5)
        assert zero.status_code == 416 and zero.headers["Content-Range"] == "bytes */1000"
        several = requests.get(url, headers={"Range": "bytes=0-1,5-6"}, timeout=5)
        assert several.status_code == 200 and len(several.content) == 1000
    # `briefing serve` closes idle connections after IDLE_SECONDS...
    asked: dict[str, Any] = {}
    monkeypatch.setattr(web, "run_app", lambda app, **kw: asked.update(kw))
    runner = CliRunner()
    (tmp_path / "feed.xml").write_text("<rss/>")
    runner.invoke(cli, ["serve", "--out", str(tmp_path)])
    assert asked["keepalive_timeout"] == IDLE_SECONDS <= 15
    # ...and a silent connection is closed when that time is up.
    loop = asyncio.new_event_loop()
    app_runner = web.AppRunner(make_app(tmp_path), keepalive_timeout=0.5)
    loop.run_until_complete(app_runner.setup())
    port = free_port()
    loop.run_until_complete(web.TCPSite(app_runner, "127.0.0.1", port).start())
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as silent:
            started = time.monotonic()
            assert silent.recv(1) == b""  # closed by the server, well before our timeout
            assert time.monotonic() - started < 9
    finally:
        asyncio.run_coroutine_threadsafe(app_runner.cleanup(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)


def test_a_failed_init_leaves_nothing_behind(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fourth file of the new show is refused, as a full disk refuses it.
    real = os.replace
    written: list[str] = []

    def replace(source: Any, target: Any, *args: Any, **kwargs: Any) -> None:
        if len(written) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(os.fspath(target))
        real(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    folder = tmp_path / "kabar"
    assert "No space left" in one_error(runner.invoke(cli, ["init", str(folder)]))
    assert list(tmp_path.iterdir()) == []  # no show folder, no hidden draft
    monkeypatch.undo()
    assert runner.invoke(cli, ["init", str(folder)]).exit_code == 0
    assert (folder / "show.toml").is_file()
    assert folder.stat().st_mode & 0o055  # not mkdtemp's private mode: a web server reads it


def test_feed_item_times_out_of_range_are_dropped(tmp_path: Path) -> None:
    from briefing.ingest.sources import _entry_time

    assert _entry_time({"published_parsed": time.struct_time((9999, 12, 31, 0, 0, 0, 0, 1, 0))}) \
        is None  # fmt: skip
    page = tmp_path / "a.html"
    page.write_text('<html><head><meta property="article:published_time" '
                    'content="9999-12-31T10:00:00+07:00"></head><body><h1>Judul Berita Yang '
                    'Panjang Sekali</h1>' + "<p>Isi berita yang cukup panjang untuk dibaca "
                    "oleh pembaca setia kami semua.</p>" * 5 + "</body></html>")  # fmt: skip
    assert read_article(page).published is None
