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


@pytest.mark.slow
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
    # ...and escaped on the page, whose one script element is its own seek handler
    assert page.count("<script>") == 1 and "&lt;script&gt;" in page
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


@pytest.mark.slow
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


# --- Fuzzing script files and catalogs: they travel between machines and hands ----------

ANY_VALUE = st.one_of(
    st.text(max_size=40),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates().map(dt.date.isoformat),
    st.datetimes(timezones=st.sampled_from([dt.UTC, None])).map(dt.datetime.isoformat),
    st.sampled_from(["../../x", "a/b", ".hidden", "ok-v1.mp3", "", "\x01", "\ufffe"]),
)
JSONISH = st.recursive(ANY_VALUE, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)  # fmt: skip
FIELDS = ["id", "guid", "version", "title", "description", "date", "published", "file", "size",
          "duration", "engines", "sources", "engine_runs", "extras", "speakers", "number",
          "chapters"]  # fmt: skip
GOOD_ENTRY = {
    "id": "2026-11-22-kabar", "guid": "9b1d", "version": 1, "title": "Kabar",
    "description": "Ringkasan.", "date": "2026-11-22", "published": "2026-11-22T06:00:00+07:00",
    "file": "2026-11-22-kabar-v1.mp3", "size": 1000, "duration": 61.5, "engines": ["espeak"],
    "sources": [{"title": "Sumber", "outlet": "Contoh", "authors": ["Rina"], "url": None,
                 "published": None}],
    "engine_runs": [["espeak", 0, 3]], "extras": {"vtt": "2026-11-22-kabar-v1.vtt"},
    "speakers": {"moderator": "Rina"}, "number": 1,
    "chapters": [[0.0, "Pembuka"], [12.5, "Kabar satu"]],
}  # fmt: skip


STAMP = st.datetimes(timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=7))]))
# Values a travelling catalog may plausibly hold, beside any JSON at all.
PLAUSIBLE = {
    "title": st.text(min_size=1, max_size=400),
    "description": st.text(max_size=100),
    "duration": st.floats(min_value=-1, max_value=1e6),
    "size": st.integers(min_value=-1, max_value=10**12),
    "date": st.dates().map(dt.date.isoformat),
    "published": STAMP.map(dt.datetime.isoformat),
    "speakers": st.dictionaries(st.text(max_size=5), st.text(max_size=130), max_size=2),
    "chapters": st.lists(st.tuples(st.floats(min_value=-1, max_value=1e6), st.text(max_size=20))
                         .map(list), max_size=3),
    "sources": st.lists(st.fixed_dictionaries({"title": st.text(max_size=30)}, optional={
        "authors": st.one_of(st.none(), st.lists(st.text(max_size=10), max_size=2)),
        "url": st.one_of(st.none(), st.text(max_size=20), st.just("https://contoh.id/a b"),
                         st.just("javascript:alert(1)"), st.just("https://contoh.id/x")),
        "outlet": st.one_of(st.none(), st.text(max_size=10)),
        "published": st.one_of(st.none(), STAMP.map(dt.datetime.isoformat)),
    }), max_size=2),
}  # fmt: skip
CHANGES = st.lists(st.sampled_from(FIELDS), max_size=2, unique=True).flatmap(
    lambda keys: st.fixed_dictionaries(
        {k: st.one_of(PLAUSIBLE[k], JSONISH) if k in PLAUSIBLE else JSONISH for k in keys}
    )
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CHANGES, st.sampled_from([True, True, True, False]))
@pytest.mark.slow
def test_a_catalog_loads_checked_or_is_one_publish_error(changes: dict, whole: bool) -> None:
    """Any catalog either loads, and then every file listeners read can be built from it,
    or is refused with a PublishError; never a traceback."""
    import json
    import tempfile

    from briefing.errors import PublishError
    from briefing.publish import write_outputs
    from briefing.publish.catalog import load_catalog
    from briefing.publish.cover import load_cover
    from briefing.settings import load_show

    item: object = {**GOOD_ENTRY, **changes} if whole else changes
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        (out / "catalog.json").write_text(json.dumps({"version": 1, "episodes": [item]}))
        try:
            catalog = load_catalog(out)
        except PublishError as exc:
            assert "\n" not in str(exc)
            return
        show = load_show(None)
        feed = write_outputs(out, show, catalog, load_cover(show.identity))
        etree.fromstring(feed.read_bytes())
        for episode in catalog:
            for name in [episode.file, *episode.extras.values()]:
                assert "/" not in name and not name.startswith(".") and ".." not in name


SCRIPT_VALUE = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=7))])),
    st.lists(st.text(max_size=10), max_size=3),
    st.sampled_from(["../x", "kabar-pagi", "x" * 150, "\x07", "\ufdd0", "2026-11-22"]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.fixed_dictionaries(
        {},
        optional={
            key: SCRIPT_VALUE for key in ("title", "slug", "date", "published", "description")
        }
        | {
            "speakers": st.dictionaries(st.sampled_from(["moderator", "x"]), SCRIPT_VALUE),
            "sources": st.lists(
                st.dictionaries(
                    st.sampled_from(["title", "authors", "url", "published", "outlet"]),
                    SCRIPT_VALUE,
                ),
                max_size=2,
            ),
        },
    ),
    st.lists(
        st.tuples(
            st.sampled_from(["MODERATOR", "REPORTER", "quote", "NOBODY", "##"]),
            st.text(max_size=40),
        ),
        max_size=6,
    ),
)
def test_a_script_file_reads_clean_or_is_one_script_error(meta: dict, body: list) -> None:
    """Any script file gives a Script that writes back to itself and holds nothing a feed
    can't carry, or a ScriptError; never a traceback."""
    import tomli_w

    from briefing.boundary import has_bad_character, in_range
    from briefing.errors import ScriptError
    from briefing.script.scriptfile import format_script, parse_script

    base = {"title": "Kabar", "slug": "kabar", "date": dt.date(2026, 11, 22),
            "published": dt.datetime(2026, 11, 22, 6, tzinfo=dt.UTC)}  # fmt: skip
    lines = ["## Pembuka", "MODERATOR: Selamat pagi semuanya."]
    lines += [f"{role}: {text}" if role != "##" else f"## {text}" for role, text in body]
    text = f"+++\n{tomli_w.dumps({**base, **meta})}+++\n" + "\n".join(lines) + "\n"
    try:
        script = parse_script(text)
    except ScriptError as exc:
        assert "\n" not in str(exc)
        return
    assert parse_script(format_script(script)) == script
    assert in_range(script.date) and in_range(script.published)
    texts = [script.title, script.description, *(line.text for line in script.lines),
             *(s.title for s in script.sources), *script.speakers.values()]  # fmt: skip
    assert not any(has_bad_character(t) for t in texts)
    assert len(script.slug) <= 100
