"""Hostile and broken input: each case gets a clear error or sane output, never a
traceback and never a broken feed. The text parser and the normalizer are fuzzed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from briefing.cli import cli
from briefing.errors import ArticleError
from briefing.ingest.text import parse_text
from briefing.script.normalize import spoken_form
from tests.newsroom import EDITION_DAY, hours_before, newsroom, page_from_file, rss, show_toml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "banjir-semarang.txt"
HOSTILE = '<script>alert("x")</script> Banjir & "Rob" ]]> <![CDATA[ <b>Semarang</b> \u202e'


def test_html_passed_as_text_is_read_as_a_page(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "disalin.txt"
    article.write_text(page_from_file("warta-harga-bawang.html", hours_before(3)))
    result = runner.invoke(cli, ["script", str(article), "--date", EDITION_DAY])
    assert result.exit_code == 0, result.stderr
    assert 'title = "Harga Bawang Merah di Pasar Johar Semarang Naik Rp 8.000 per Kilogram"' in (
        result.stdout
    )
    assert "<" not in result.stdout


def test_hostile_titles_are_escaped_everywhere(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = EXAMPLE.read_text().splitlines()
    text[0] = HOSTILE
    article = tmp_path / "artikel.txt"
    article.write_text("\n".join(text))
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "rahasia-jangan-bocor-123")
    out = tmp_path / "public"
    result = runner.invoke(cli, ["make", str(article), "--out", str(out), "--engine", "espeak",
                                 "--length", "brief"])  # fmt: skip
    assert result.exit_code == 0, result.stderr

    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo
    assert "<script>" in feed.entries[0].title  # the title survives as text...
    etree.fromstring((out / "feed.xml").read_bytes())  # ...in a feed that stays XML
    page = (out / "index.html").read_text()
    assert "<script>" not in page and "&lt;script&gt;" in page  # and escaped on the page
    assert "<b>Semarang" not in page

    # Nothing published names the machine it was made on, or a secret from its env.
    leaks = [str(tmp_path), str(Path.home()) + "/", "rahasia-jangan", str(ROOT)]
    for path in out.rglob("*"):
        if path.is_file() and not path.name.startswith(".") and path.name != "catalog.json":
            data = path.read_bytes()
            for leak in leaks:
                assert leak.encode() not in data, (path.name, leak)


@pytest.mark.parametrize("title", ["../../../etc/passwd", "..\\..\\windows", "....//....//x", "/"])
def test_path_traversal_in_titles_stays_inside_episodes(title: str) -> None:
    from briefing.models import Article, Section
    from briefing.script.room import episode_slug

    slug = episode_slug([Article(title, (Section(None, ("Isi.",)),))])
    assert slug and "/" not in slug and "\\" not in slug and ".." not in slug


@pytest.mark.parametrize("slug", ["../luar", "a/b", "..", "UPPER", "spasi di tengah", ""])
def test_path_traversal_in_a_script_slug_is_refused(
    runner: CliRunner, tmp_path: Path, slug: str
) -> None:
    script = tmp_path / "e.script"
    made = runner.invoke(cli, ["script", str(EXAMPLE), "-o", str(script)])
    assert made.exit_code == 0
    text = script.read_text()
    start = text.index('slug = "')
    end = text.index('"', start + 8)
    script.write_text(text[:start] + f'slug = "{slug}"' + text[end + 1 :])
    result = runner.invoke(cli, ["render", str(script), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "slug" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists() and not (tmp_path / "luar").exists()


@pytest.mark.parametrize("day", ["1800-01-01", "9999-12-31"])
def test_absurd_dates_for_a_daily_edition(runner: CliRunner, tmp_path: Path, day: str) -> None:
    show = tmp_path / "show.toml"
    show.write_text('[[sources]]\nfolder = "."\n')
    result = runner.invoke(cli, ["daily", "--show", str(show), "--date", day,
                                 "--out", str(tmp_path / "o")])  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: --date {day} is out of range")


def test_a_feed_of_ten_thousand_items(runner: CliRunner, tmp_path: Path) -> None:
    with newsroom() as room:
        items = [
            (f"Berita nomor {i}", f"{room.base}hilang/{i}.html", hours_before(i / 100),
             "Ringkasan singkat.")
            for i in range(10_000)
        ]  # fmt: skip
        room.add("/besar.xml", rss("Kabar Besar", room.base, items), "application/rss+xml")
        show = tmp_path / "show.toml"
        toml = show_toml(room.base).replace("kota/rss.xml", "besar.xml")
        show.write_text(toml)
        result = runner.invoke(cli, ["daily", "--show", str(show), "--out", str(tmp_path / "o"),
                                     "--date", EDITION_DAY, "--edition", "pagi", "--dry-run"])  # fmt: skip
        asked = [p for p, _ in room.log if p.startswith("/hilang/")]
    assert result.exit_code == 0, result.stderr
    assert "Edition: 2026-11-25-edisi-pagi" in result.stdout
    # Only the newest items are considered: a huge feed doesn't mean thousands of fetches.
    assert 0 < len(asked) <= 30


# --- Fuzzing ----------------------------------------------------------------------------

NEWSY = st.lists(
    st.one_of(
        st.text(min_size=0, max_size=120),
        st.sampled_from([
            "Liputan6.com, Jakarta - ", "JAKARTA, KOMPAS.com - ", "Jakarta (ANTARA) - ",
            "Penulis: ", "Editor: ", "Baca juga: ", "Rabu, 18 Nov 2026 09:40 WIB",
            '"Kutipan panjang yang diucapkan narasumber,"', " kata Budi.", "Apa itu?",
            "(abc/xyz)", "Rp 1.250.000,50", "12/11/2026, 07:15 WIB", "\u201c", "\u201d",
        ]),
    ),
    max_size=25,
).map("\n".join)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NEWSY)
def test_the_text_parser_returns_an_article_or_an_article_error(text: str) -> None:
    try:
        article = parse_text(text)
    except ArticleError:
        return
    assert article.title.strip()
    assert all(p.strip() for p in article.paragraphs)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_the_normalizer_always_gives_sayable_text(text: str) -> None:
    spoken = spoken_form(text)
    assert not any(ch.isdigit() for ch in spoken)
    assert "\n" not in spoken


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=10**15),
    st.sampled_from(["Rp {:,}", "{:,} persen", "US$ {:,}", "{:,} km", "{}/11/2026", "pukul {}"]),
)
def test_the_normalizer_says_every_number(number: int, form: str) -> None:
    text = form.format(number).replace(",", ".")
    spoken = spoken_form(text)
    assert spoken.strip() and not any(ch.isdigit() for ch in spoken)


def test_fuzz_dates_stay_readable() -> None:
    # A bound on the time zone math the parser relies on, not a fuzz: every day of a year.
    from briefing.ingest.text import parse_datetime

    day = dt.date(2026, 1, 1)
    while day.year == 2026:
        stamp = f"{day.day}/{day.month}/{day.year}, 07:15 WIB"
        parsed = parse_datetime(stamp)
        assert parsed is not None and parsed.date() == day
        day += dt.timedelta(days=1)


HTMLISH = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(["<p>", "</p>", "<h1>", "</h1>", "<h2>Sub judul</h2>", "<script>",
                         "<html>", "<body>", "<!--", "-->", "<![CDATA[", "&amp;", "&#0;",
                         "<meta charset='koi8-r'>", "<article>", "Isi berita yang cukup panjang."]),
    ),
    max_size=40,
).map("".join)  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(HTMLISH)
def test_the_page_reader_returns_an_article_or_an_article_error(html: str) -> None:
    from briefing.ingest.html import parse_html

    for document in (html, html.encode("utf-8", "surrogatepass")):
        try:
            article = parse_html(document)
        except ArticleError:
            continue
        assert article.title.strip() and article.paragraphs
