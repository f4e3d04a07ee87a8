"""Whole pages as producers paste them, from 14 outlets' layouts: the reader finds the
article among the menus, links, promos and footers.

Each ``tests/data/pages/NAME.txt`` is a page selected whole in a browser (menu to
footer), written for this project in the layout its outlet uses; ``NAME.html`` is a
saved page. Beside each, ``NAME.toml`` holds what a careful reader takes from it,
written by hand: headline, outlet, dateline, bylines, date, headings, every news
paragraph and every quote. Pages marked ``held_out`` were written after the reader,
in layouts it had never seen, to try it as an unknown outlet would.

Each page is read three ways: whole, pasted from the headline down, and selected
from the headline to the story's last paragraph. The room written from it is a
golden script (refresh with ``BRIEFING_UPDATE_GOLDEN=1``, after reading the diff).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from briefing.errors import ArticleError
from briefing.ingest import read_article
from briefing.ingest.text import clean_lines, parse_datetime, parse_text
from briefing.models import Article
from briefing.script.room import compose
from briefing.script.scriptfile import format_script
from briefing.settings import load_show
from tests.roomcheck import room_problems

PAGES = Path(__file__).resolve().parent / "data" / "pages"
GOLDEN = Path(__file__).resolve().parent / "golden" / "pages"
NAMES = sorted(p.stem for p in PAGES.glob("*.txt"))
SAVED = sorted(p.stem for p in PAGES.glob("*.html"))
SHOW = load_show(None)
MORNING = dt.datetime(2026, 11, 25, 6, 0, tzinfo=SHOW.zone)


def expected(name: str) -> dict[str, Any]:
    return tomllib.loads((PAGES / f"{name}.toml").read_text(encoding="utf-8"))


def whole(name: str) -> str:
    return (PAGES / f"{name}.txt").read_text(encoding="utf-8")


def from_headline(name: str) -> str:
    """The page pasted from its headline down: the last line equal to the title before
    the story (a title may also stand in a breadcrumb or a list higher up)."""
    lines = whole(name).splitlines()
    first = _first_paragraph_line(name, lines)
    title = expected(name)["title"]
    start = max(i for i, line in enumerate(lines[:first]) if line.strip() == title)
    return "\n".join(lines[start:])


def headline_to_story_end(name: str) -> str:
    """The tight selection: from the headline to the end of the last news paragraph."""
    lines = from_headline(name).splitlines()
    last_paragraph = expected(name)["paragraphs"][-1]
    end = max(i for i, line in enumerate(lines) if last_paragraph in line)
    return "\n".join(lines[: end + 1])


def _first_paragraph_line(name: str, lines: list[str]) -> int:
    first = expected(name)["paragraphs"][0]
    return next(i for i, line in enumerate(lines) if first in line)


def check(article: Article, want: dict[str, Any], *, credits: bool = True) -> None:
    assert article.title == want["title"]
    assert list(article.paragraphs) == want["paragraphs"]
    assert [s.heading for s in article.sections if s.heading] == want["headings"]
    assert article.dateline == want.get("dateline")
    assert article.published == dt.datetime.fromisoformat(want["published"])
    if "lede" in want:
        assert article.lede == want["lede"]
    assert [[q.speaker, q.text] for q in article.quotes] == want["quotes"]
    if credits:
        assert article.outlet == want["outlet"]
        assert list(article.authors) == want["authors"]
        assert list(article.editors) == want["editors"]


@pytest.mark.parametrize("name", NAMES)
def test_whole_page(name: str) -> None:
    check(parse_text(whole(name)), expected(name))


@pytest.mark.parametrize("name", NAMES)
def test_pasted_from_the_headline(name: str) -> None:
    check(parse_text(from_headline(name)), expected(name))


@pytest.mark.parametrize("name", NAMES)
def test_headline_to_the_last_paragraph(name: str) -> None:
    # Credits printed after the story (and a footer's copyright) are not in this selection.
    check(parse_text(headline_to_story_end(name)), expected(name), credits=False)


def test_the_corpus_covers_the_outlets_the_issue_names() -> None:
    outlets = {name.split("-")[0] for name in NAMES}
    assert outlets >= {"tempo", "cnn", "detik", "kompas", "liputan6", "tribun", "kumparan",
                       "okezone", "suara", "republika", "bisnis", "antara", "idntimes",
                       "merdeka"}  # fmt: skip


def script_of(text: str) -> str:
    return format_script(compose([parse_text(text)], SHOW, MORNING, "full"))


@pytest.mark.parametrize("name", NAMES)
def test_golden_script(name: str) -> None:
    article = parse_text(whole(name))
    assert not room_problems(compose([article], SHOW, MORNING, "full"), [article])
    text = script_of(whole(name))
    golden = GOLDEN / f"{name}.script"
    if os.environ.get("BRIEFING_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
    assert script_of(from_headline(name)) == text


@pytest.mark.parametrize("name", NAMES)
def test_no_furniture_is_spoken(name: str) -> None:
    """No line of the page outside the story (menus, links, promos, captions, credits,
    other stories' headlines) is said in the room, whole or in part."""
    want = expected(name)
    # The outlet and the byline are credited.
    story = [
        want["title"],
        *want["paragraphs"],
        *want["headings"],
        *want["authors"],
        want["outlet"],
    ]
    script = compose([parse_text(whole(name))], SHOW, MORNING, "full")
    spoken = "\n".join(line.text for line in script.lines)
    for line in clean_lines(whole(name)):
        if len(line.split()) < 3 or any(line in part for part in story):
            continue
        if len(line.split()) <= 6 and parse_datetime(line):
            continue  # a date stamp: the episode's own date is said in the greeting
        if any(part in line for part in story):
            continue  # the dateline's line holds the first paragraph
        assert line not in spoken, f"furniture spoken: {line!r}"


@pytest.mark.parametrize("name", NAMES)
def test_quotes_are_said_whole_in_the_quote_voice(name: str) -> None:
    """A quotation over several sentences, or continued into the next paragraph, is
    said by the quote voice: no other voice reads a quotation mark."""
    script = compose([parse_text(whole(name))], SHOW, MORNING, "full")
    for line in script.lines:
        if line.role != "quote":
            assert not set(line.text) & set('"\u201c\u201d'), line
    said = " ".join(line.text for line in script.lines if line.role == "quote")
    for _, quote in expected(name)["quotes"]:
        for sentence in quote.split(". "):
            assert sentence.rstrip(".") in said


@pytest.mark.parametrize("name", SAVED)
def test_saved_page(name: str) -> None:
    article = read_article(PAGES / f"{name}.html")
    check(article, expected(name))
    text = format_script(compose([article], SHOW, MORNING, "full"))
    golden = GOLDEN / f"{name}.script"
    if os.environ.get("BRIEFING_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["kompas-tarif-krl", "okezone-timnas-putri", "tempo-bulog-gabah"])
def test_how_the_paste_was_made_does_not_matter(name: str) -> None:
    """Browsers and editors paste with or without blank lines, CRLF, tabs, no-break spaces."""
    text = whole(name)
    variants = [
        "\n".join(line for line in text.splitlines() if line.strip()),
        text.replace("\n", "\r\n"),
        text.replace("\n", "\n\n\n").replace(" ", "\u00a0", 40),
        "\n".join("\t" + line + "  " for line in text.splitlines()),
    ]
    for variant in variants:
        check(parse_text(variant), expected(name))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Beranda\nNasional\nEkonomi\nOlahraga\nTentang Kami\nKontak\n", "none of its 6 lines"),
        ("Berita Terkait\nHarga Cabai Naik Lagi\nIHSG Menguat Tipis\n", "none of its 3 lines"),
        ("Sebuah kalimat saja yang berdiri sendiri di halaman ini tanpa judul.\n", "no headline"),
    ],
)
def test_a_paste_with_no_article_says_what_it_found(text: str, found: str) -> None:
    with pytest.raises(ArticleError, match=found) as caught:
        parse_text(text)
    assert "\n" not in str(caught.value)
    assert "expected" in str(caught.value)


def test_briefing_script_on_a_menu_only_paste_is_one_line_and_exit_1(tmp_path: Path) -> None:
    page = tmp_path / "menu.txt"
    page.write_text("Beranda\nNasional\nEkonomi\nOlahraga\nLogin\nCopyright 2026 Contoh\n")
    result = CliRunner().invoke(cli, ["script", str(page)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "no article found" in lines[0]


def test_dash_v_shows_what_was_dropped_and_what_was_kept_unsure(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        whole("detik-banjir-lumajang").replace(
            "Ia menambahkan, tidak ada korban jiwa",
            "Evakuasi berlanjut.\n\nIa menambahkan, tidak ada korban jiwa",
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["-v", "script", str(page)])
    assert result.exit_code == 0, result.output
    assert "kept a line that may not be news (very short): 'Evakuasi berlanjut.'" in result.output
    assert "dropped a link listed under 'Baca juga:': 'Semeru Kembali Erupsi" in result.output
    assert re.search(r"^(?:REPORTER|ANALYST): Evakuasi berlanjut\.$", result.output, re.M)


def test_what_follows_a_story_is_not_read() -> None:
    """Pagination, an investment disclaimer, the writer's biography and readers'
    comments come after the story on some sites; none of it is news."""
    a = parse_text(
        "Beranda\nEkonomi\n"
        "Harga Minyak Dunia Naik Tiga Persen Usai OPEC Pangkas Produksi\n"
        "Diposting oleh Rudi Hartanto\n"
        "Rabu, 25 November 2026 10:00 WIB\n"
        "Jakarta - Harga minyak mentah dunia naik tiga persen pada perdagangan Rabu setelah "
        "OPEC memutuskan memangkas produksi sebesar satu juta barel per hari mulai Januari.\n"
        "Pemerintah belum memutuskan apakah harga bahan bakar nonsubsidi akan disesuaikan.\n"
        "Halaman: 1 2 3\n"
        "Disclaimer: Artikel ini bukan ajakan untuk membeli atau menjual saham. Keputusan "
        "investasi sepenuhnya ada di tangan pembaca.\n"
        "Tentang Penulis\n"
        "Rudi Hartanto adalah wartawan ekonomi yang telah meliput sektor energi selama "
        "sepuluh tahun di berbagai media nasional.\n"
        "12 Komentar\n"
        "Budi: Wah harga bensin bakal naik lagi, rakyat kecil makin susah saja hidupnya.\n"
    )
    assert a.authors == ("Rudi Hartanto",)
    assert [p[:30] for p in a.paragraphs] == [
        "Harga minyak mentah dunia naik",
        "Pemerintah belum memutuskan ap",
    ]


def test_an_all_capitals_headline_is_said_as_words() -> None:
    a = parse_text(
        "HARGA BBM NAIK, DPR MINTA PEMERINTAH JELASKAN ALASANNYA\n"
        "Senin, 23 November 2026 08:00 WIB\n"
        "Jakarta - Pemerintah menaikkan harga bahan bakar minyak nonsubsidi mulai Selasa "
        "dengan alasan harga minyak dunia yang terus naik sejak awal bulan.\n"
    )
    assert a.title == "Harga BBM Naik, DPR Minta Pemerintah Jelaskan Alasannya"


def test_a_list_the_story_introduces_is_read_with_its_sentence() -> None:
    a = parse_text(
        "Pendaftaran Beasiswa Kota Depok 2027 Dibuka, Ini Syaratnya\n"
        "Rabu, 25 November 2026 10:00 WIB\n"
        "Depok - Pemerintah Kota Depok membuka pendaftaran beasiswa pendidikan tinggi untuk "
        "1.500 mahasiswa asal Depok mulai 1 Desember 2026.\n"
        "Berikut syarat yang harus dipenuhi pendaftar:\n"
        "1. Warga Depok yang dibuktikan dengan KTP\n"
        "2. Terdaftar sebagai mahasiswa aktif\n"
        "3. Indeks prestasi kumulatif minimal 3,00\n"
        "Pendaftaran dilakukan secara daring hingga 31 Desember 2026.\n"
    )
    assert a.paragraphs[1] == (
        "Berikut syarat yang harus dipenuhi pendaftar: Warga Depok yang dibuktikan dengan KTP; "
        "Terdaftar sebagai mahasiswa aktif; Indeks prestasi kumulatif minimal 3,00."
    )
    assert a.paragraphs[2].startswith("Pendaftaran dilakukan")


def test_a_heading_may_ask_a_question_and_go_on() -> None:
    a = parse_text(
        "Aplikasi Obrolan Suara Makin Ramai Dipakai Warga\n"
        "Jakarta - Aplikasi obrolan suara makin ramai dipakai warga kota besar untuk rapat, "
        "kelas daring, dan diskusi komunitas sepanjang tahun ini.\n"
        "Apa Itu Aplikasi Obrolan Suara? Dipakai Komunitas dan Langsung Populer\n"
        "Aplikasi obrolan suara adalah jejaring sosial berbasis percakapan suara yang hanya "
        "bisa diikuti lewat undangan pengguna lain.\n"
    )
    assert [s.heading for s in a.sections] == [
        None,
        "Apa Itu Aplikasi Obrolan Suara? Dipakai Komunitas dan Langsung Populer",
    ]
