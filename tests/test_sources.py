"""Reading sources: news pages through trafilatura, and telling one event from another."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from briefing.cli import cli
from briefing.ingest import read_article
from briefing.ingest.html import parse_html
from briefing.ingest.rundown import group_stories, normal_url, similarity, story_keys
from briefing.ingest.sources import Item
from briefing.models import Article
from tests.newsroom import hours_before, page_from_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted([*(ROOT / "examples").glob("*.txt"), *(ROOT / "tests" / "data").glob("*.txt")])


def item_of(article: Article, source: str = "x") -> Item:
    return Item(source, article.title, article.lede or article.paragraphs[0], article=article)


def warta(name: str) -> Article:
    return parse_html(page_from_file(name, hours_before(2)), url=f"https://warta.example/{name}")


def test_a_news_page_is_read_without_its_furniture() -> None:
    article = warta("warta-rob-tanjung-emas.html")
    assert article.title == (
        "Rob Setinggi 40 Sentimeter Rendam Pelabuhan Tanjung Emas, Truk Kontainer Tertahan"
    )
    assert article.outlet == "Warta Harian"
    assert article.dateline == "Semarang"
    assert article.authors == ("Galih Prasetyo",)
    assert article.published == dt.datetime(
        2026, 11, 25, 4, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))
    )
    assert article.paragraphs[0].startswith("Air laut pasang kembali masuk")
    assert [s.heading for s in article.sections] == [None, "Pasang Diperkirakan Berlanjut"]
    text = " ".join(article.paragraphs)
    for furniture in ("Baca juga", "ADVERTISEMENT", "Terpopuler", "hak cipta", "Beranda", "Tag:"):
        assert furniture.lower() not in text.lower(), furniture
    assert [q.speaker for q in article.quotes] == ["Slamet"]


def test_a_saved_page_makes_a_script(runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "bawang.html"
    page.write_text(page_from_file("warta-harga-bawang.html", hours_before(6)), encoding="utf-8")
    result = runner.invoke(cli, ["script", str(page), "--date", "2026-11-25"])
    assert result.exit_code == 0, result.output
    assert "Dari Semarang, Warta Harian melaporkan." in result.stdout
    assert "QUOTE: Pembeli sekarang mengurangi belanja" in result.stdout
    assert "<" not in result.stdout


def test_a_page_in_another_charset_is_decoded() -> None:
    page = page_from_file("warta-harga-bawang.html", hours_before(6))
    latin = page.replace('charset="utf-8"', 'charset="windows-1252"').replace("Sumiati", "Sumiatí")
    article = parse_html(latin.encode("cp1252"))
    assert any("Sumiatí" in p for p in article.paragraphs)


def test_one_event_from_two_outlets_is_one_story() -> None:
    flood = item_of(read_article(ROOT / "examples" / "banjir-semarang.txt"), "Kabar Nusantara")
    retold = item_of(warta("warta-rob-tanjung-emas.html"), "Warta Harian")
    onions = item_of(warta("warta-harga-bawang.html"), "Warta Harian")
    stories = group_stories([retold, onions, flood])
    assert len(stories) == 2
    together = next(s for s in stories if len(s.items) == 2)
    assert set(together.items) == {flood, retold}
    assert together.lead is flood  # the fuller report tells it
    title, lede = similarity(flood, onions)  # same city, different news
    assert title < 0.3 and lede is not None and lede < 0.3


def test_different_stories_are_never_merged() -> None:
    items = [item_of(read_article(path)) for path in SAMPLES]
    items += [item_of(warta("warta-harga-bawang.html"))]
    assert len(group_stories(items)) == len(items)


def test_aired_keys_ignore_tracking_and_case() -> None:
    a = story_keys("Harga Cabai Turun", "https://Kabar.example/berita/1?utm_source=x#atas")
    b = story_keys("harga  cabai turun!", "https://kabar.example/berita/1")
    assert a == b
    assert (
        normal_url("https://kabar.example/a?id=3&utm_medium=rss") == "https://kabar.example/a?id=3"
    )


def test_a_retelling_with_its_own_headline_joins_the_story() -> None:
    kai = item_of(read_article(ROOT / "examples" / "harga-tiket-kereta.txt"), "Kabar Nusantara")
    retold = Item(
        "Warta Harian",
        "Diskon 20 Persen Tiket Kereta Jarak Jauh Berlaku Selama Libur Natal dan Tahun Baru",
        "KAI memangkas harga tiket kereta jarak jauh sebesar 20 persen untuk perjalanan "
        "20 Desember 2026 sampai 4 Januari 2027. Potongan berlaku bagi 250.000 kursi kelas "
        "eksekutif dan bisnis.",
    )
    headline_only = Item("Kabar Kota", "KAI Beri Potongan Harga Tiket 20 Persen Akhir Tahun", "")
    stories = group_stories([kai, retold, headline_only])
    assert len(stories) == 1 and stories[0].lead is kai
