"""The editable script format: lossless round trip, errors that name the line, and
`briefing script` / `briefing render` from the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from briefing.cli import cli
from briefing.errors import ScriptError
from briefing.ingest import read_article
from briefing.script.room import compose
from briefing.script.scriptfile import format_script, parse_script
from briefing.settings import load_show
from tests.conftest import DATA, EXAMPLE, KOMPAS

SHOW = load_show(None)
MORNING = dt.datetime(2026, 11, 24, 6, 0, tzinfo=SHOW.zone)
SAMPLES = [EXAMPLE, KOMPAS, *sorted(DATA.glob("*.txt"))]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_script_parse_script_is_lossless(path: Path) -> None:
    script = compose([read_article(path)], SHOW, MORNING)
    text = format_script(script)
    again = parse_script(text)
    assert again == script
    assert format_script(again) == text


def test_multi_story_brief_script_round_trips() -> None:
    script = compose([read_article(p) for p in SAMPLES[:3]], SHOW, MORNING, "brief")
    assert parse_script(format_script(script)) == script


def test_the_format_is_readable() -> None:
    text = format_script(compose([read_article(KOMPAS)], SHOW, MORNING))
    lines = text.splitlines()
    assert lines[0] == "+++"
    assert 'title = "Harga Cabai Rawit di Pasar Induk Kramat Jati Turun 20 Persen"' in lines
    assert "date = 2026-11-24" in lines
    assert "## Pembuka" in lines and "## Penutup" in lines
    assert any(line.startswith("MODERATOR: Selamat pagi") for line in lines)
    assert any(line.startswith("QUOTE: Panen raya di Temanggung") for line in lines)


GOOD_HEAD = """+++
title = "Judul"
slug = "judul"
date = 2026-11-24
published = 2026-11-24T06:00:00+07:00
+++
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD_HEAD + "## Pembuka\nHOST: Halo semua.\n", "s.txt:8: unknown role 'HOST'"),
        (GOOD_HEAD + "MODERATOR: Halo semua.\n", "s.txt:7: an utterance before the first '## chapter' marker"),
        (GOOD_HEAD + "## Pembuka\nMODERATOR Halo semua.\n", "s.txt:8: expected 'ROLE: text' or '## chapter'"),
        (GOOD_HEAD + "## Pembuka\nREPORTER:   \n", "s.txt:8: REPORTER has nothing to say"),
        (GOOD_HEAD + "## Pembuka\nREPORTER: -- ...\n", "s.txt:8: REPORTER has nothing to say"),
        (GOOD_HEAD + "##\nREPORTER: Halo.\n", "s.txt:7: a chapter marker needs a title"),
        (GOOD_HEAD + "\n# hanya komentar\n", "s.txt: the script has no utterances"),
        ("## Pembuka\nMODERATOR: Halo.\n", "s.txt:1: the script must start with '+++' front matter"),
        ("+++\ntitle = 'x'\n## Pembuka\n", "s.txt:1: the front matter is not closed"),
        ("+++\ntitle = \n+++\n## A\nMODERATOR: Halo.\n", "s.txt: front matter (lines 2-2)"),
        (GOOD_HEAD.replace('slug = "judul"', 'slug = "Judul Besar"') + "## A\nMODERATOR: Halo.\n",
         "'slug' must be lower-case ASCII"),
        (GOOD_HEAD.replace('title = "Judul"\n', "") + "## A\nMODERATOR: Halo.\n", "missing 'title'"),
        (GOOD_HEAD.replace("+07:00", "") + "## A\nMODERATOR: Halo.\n", "'published' needs a UTC offset"),
        (GOOD_HEAD.replace("+07:00\n", "+07:00\ncolour = 1\n") + "## A\nMODERATOR: Halo.\n",
         "s.txt: front matter: unknown key(s): colour"),
        ("", "s.txt: the script file is empty"),
    ],
)  # fmt: skip
def test_malformed_scripts_name_the_line(text: str, message: str) -> None:
    with pytest.raises(ScriptError) as caught:
        parse_script(text, origin="s.txt")
    assert message in str(caught.value)


def test_comments_and_blank_lines_are_ignored() -> None:
    script = parse_script(
        GOOD_HEAD + "\n# catatan produser\n## Pembuka\n\nMODERATOR:  Halo   semua.\n"
    )
    (line,) = script.lines
    assert (line.role, line.text, line.chapter) == ("moderator", "Halo semua.", "Pembuka")


@pytest.mark.slow
def test_script_command_writes_a_file_that_render_publishes(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "edisi.script"
    result = runner.invoke(cli, ["script", str(KOMPAS), "--date", "2026-11-24", "-o", str(path)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"Script:  {path}\n"
    text = path.read_text(encoding="utf-8")
    # A producer edits a line and the title, then renders.
    edited = text.replace('title = "Harga Cabai', 'title = "Diedit: Harga Cabai', 1).replace(
        "MODERATOR: Saya Rina", "MODERATOR: Saya Rina, dan pagi ini saya siap", 1
    )
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    out = tmp_path / "public"
    result = runner.invoke(
        cli, ["render", str(path), "--engine", "espeak", "--out", str(out), "--json"]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"].startswith("Diedit: Harga Cabai")
    (entry,) = feedparser.parse((out / "feed.xml").read_bytes()).entries
    assert entry.title.startswith("Diedit: Harga Cabai")
    assert entry.published == "Tue, 24 Nov 2026 06:00:00 +0700"
    catalog = json.loads((out / "catalog.json").read_text())
    assert catalog["episodes"][0]["sources"][0]["outlet"] == "Kompas.com"


def test_script_command_prints_to_stdout(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["script", str(EXAMPLE), "--date", "2026-11-24", "--length", "brief"]
    )
    assert result.exit_code == 0, result.stderr
    assert parse_script(result.stdout).title.startswith("Pemkot Bandung")


def test_render_reports_a_malformed_script_by_line(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "rusak.script"
    path.write_text(GOOD_HEAD + "## Pembuka\nMODERATOR: Halo.\nPENYIAR: Selamat pagi.\n")
    out = tmp_path / "public"
    result = runner.invoke(cli, ["render", str(path), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {path}:9: unknown role 'PENYIAR' (roles: MODERATOR, REPORTER, ANALYST, QUOTE)\n"
    )
    assert not out.exists()


def test_render_of_a_missing_file(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["render", str(tmp_path / "tidak-ada.script")])
    assert result.exit_code == 1
    assert result.stderr == f"Error: script not found: {tmp_path / 'tidak-ada.script'}\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"POPULER\nBerita Terkini Selengkapnya\n", "none of its 2 lines reads as a sentence of news"),
        (b"ADVERTISEMENT\nSCROLL TO CONTINUE WITH CONTENT\nBaca juga: Berita lain\nLoading\n", "none of its 4 lines"),
        (b"Judul Berita Tanpa Isi Sama Sekali\nSaksikan Video Pilihan di Bawah Ini\n", "none of its 2 lines"),
    ],
)  # fmt: skip
def test_pages_of_only_furniture_are_clear_errors(
    runner: CliRunner, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "halaman.txt"
    path.write_bytes(content)
    result = runner.invoke(cli, ["script", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.slow
def test_a_1mb_article_gives_a_bounded_script_not_a_traceback(
    runner: CliRunner, tmp_path: Path
) -> None:
    sentence = "Petugas mencatat harga cabai, bawang dan beras di pasar setiap pagi hari kerja. "
    body = "\n".join(f"Jakarta - {sentence * 4}" if i == 0 else sentence * 4 for i in range(3300))
    path = tmp_path / "besar.txt"
    path.write_text(f"Laporan Harian Harga Pangan di Jakarta\n{body}\n", encoding="utf-8")
    assert path.stat().st_size > 1_000_000
    result = runner.invoke(cli, ["script", str(path)])
    assert result.exit_code == 0
    assert "too long to read in full" in result.stderr
    script = parse_script(result.stdout)
    assert len(script.lines) < 800
