"""The feed's contract with podcast apps, checked with XPath (parsers hide some tags)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from lxml import etree

from briefing.models import Episode, Source
from briefing.publish import episode_guid
from briefing.publish.feed import build_feed, podcast_guid
from briefing.settings import changed, load_show

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "atom": "http://www.w3.org/2005/Atom",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
SHOW = load_show(None)


def _episode(n: int, published: dt.datetime) -> Episode:
    return Episode(
        id=f"2026-11-2{n}-kabar-{n}",
        guid=episode_guid(SHOW.publishing, f"2026-11-2{n}-kabar-{n}"),
        version=1,
        title=f'Kabar <{n}> & "kutipan"',
        description="Ringkasan.",
        date=published.date(),
        published=published,
        file=f"2026-11-2{n}-kabar-{n}-v1.mp3",
        size=1000 + n,
        duration=61.6,
        engines=("espeak",),
        sources=(),
    )


def test_channel_and_items_carry_what_apple_requires() -> None:
    first = _episode(1, dt.datetime(2026, 11, 21, 6, tzinfo=SHOW.zone))
    second = _episode(2, dt.datetime(2026, 11, 22, 6, tzinfo=SHOW.zone))
    root = etree.fromstring(build_feed(SHOW, [first, second], "cover.png"))
    channel = root.find("channel")
    assert root.get("version") == "2.0"
    assert channel.findtext("title") == "Ruang Kabar"
    assert channel.findtext("link") == "http://127.0.0.1:8000/"
    assert channel.findtext("language") == "id"
    assert channel.findtext("description")
    assert channel.xpath("atom:link[@rel='self']/@href", namespaces=NS) == [
        "http://127.0.0.1:8000/feed.xml"
    ]
    assert channel.xpath("itunes:image/@href", namespaces=NS) == ["http://127.0.0.1:8000/cover.png"]
    assert channel.xpath("itunes:category/@text", namespaces=NS) == ["News"]
    assert channel.xpath("itunes:category/itunes:category/@text", namespaces=NS) == ["Daily News"]
    assert channel.xpath("itunes:explicit/text()", namespaces=NS) == ["false"]
    assert channel.xpath("itunes:author/text()", namespaces=NS) == ["Redaksi Ruang Kabar"]
    assert channel.xpath("itunes:owner/itunes:email/text()", namespaces=NS) == [
        "redaksi@example.org"
    ]
    assert channel.xpath("itunes:type/text()", namespaces=NS) == ["episodic"]

    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == [
        'Kabar <2> & "kutipan"',
        'Kabar <1> & "kutipan"',
    ]
    item = items[0]
    assert item.find("guid").get("isPermaLink") == "false"
    assert item.findtext("guid") == second.guid
    assert item.findtext("pubDate") == "Sun, 22 Nov 2026 06:00:00 +0700"
    enclosure = item.find("enclosure")
    assert enclosure.attrib == {
        "url": "http://127.0.0.1:8000/episodes/2026-11-22-kabar-2-v1.mp3",
        "length": "1002",
        "type": "audio/mpeg",
    }
    assert item.xpath("itunes:duration/text()", namespaces=NS) == ["62"]
    assert item.xpath("itunes:explicit/text()", namespaces=NS) == ["false"]
    assert item.xpath("itunes:episodeType/text()", namespaces=NS) == ["full"]


def test_same_catalog_same_bytes_and_explicit_follows_the_show() -> None:
    episode = _episode(3, dt.datetime(2026, 11, 23, 6, tzinfo=SHOW.zone))
    assert build_feed(SHOW, [episode], "cover.png") == build_feed(SHOW, [episode], "cover.png")
    explicit = changed(SHOW, explicit=True)
    root = etree.fromstring(build_feed(explicit, [episode], "cover.jpg"))
    assert root.xpath("channel/itunes:explicit/text()", namespaces=NS) == ["true"]
    assert root.xpath("channel/itunes:image/@href", namespaces=NS)[0].endswith("/cover.jpg")


def test_guid_is_stable_and_independent_of_the_file() -> None:
    assert episode_guid(SHOW.publishing, "2026-11-24-x") == episode_guid(
        SHOW.publishing, "2026-11-24-x"
    )
    assert episode_guid(SHOW.publishing, "2026-11-24-x") != episode_guid(
        SHOW.publishing, "2026-11-24-y"
    )


def test_generated_cover_is_a_square_png_apple_accepts(tmp_path: Path) -> None:
    from PIL import Image

    from briefing.publish.cover import load_cover

    cover = load_cover(SHOW.identity)
    path = tmp_path / cover.filename
    path.write_bytes(cover.data)
    with Image.open(path) as img:
        assert (img.format, img.size) == ("PNG", (3000, 3000))
    assert cover.filename == "cover.png"


def _full_episode(n: int) -> Episode:
    base = f"2026-11-2{n}-kabar-{n}-v1"
    return dataclasses.replace(
        _episode(n, dt.datetime(2026, 11, 20 + n, 6, tzinfo=SHOW.zone)),
        description="Ringkasan <penting> & singkat.",
        sources=(
            Source("Judul Asli", "Contoh.com", ("Dewi",), "https://contoh.com/berita?a=1&b=2"),
        ),
        extras={
            "vtt": f"{base}.vtt",
            "srt": f"{base}.srt",
            "transcript": f"{base}.transcript.json",
            "chapters": f"{base}.chapters.json",
        },
        speakers={"moderator": "Rina", "reporter": "Bima", "quote": "Dimas"},
        number=7,
    )


def test_podcasting_2_0_tags() -> None:
    root = etree.fromstring(build_feed(SHOW, [_full_episode(1)], "cover.png"))
    channel = root.find("channel")
    assert channel.xpath("podcast:guid/text()", namespaces=NS) == [
        podcast_guid("http://127.0.0.1:8000/feed.xml")
    ]
    (locked,) = channel.xpath("podcast:locked", namespaces=NS)
    assert (locked.text, locked.get("owner")) == ("yes", "redaksi@example.org")
    assert channel.xpath("podcast:person[@role='host']/text()", namespaces=NS) == ["Rina"]
    item = channel.find("item")
    transcripts = item.xpath("podcast:transcript", namespaces=NS)
    assert [(t.get("type"), t.get("rel"), t.get("language")) for t in transcripts] == [
        ("text/vtt", "captions", "id"), ("application/x-subrip", None, "id"),
        ("application/json", None, "id"),
    ]  # fmt: skip
    assert transcripts[0].get("url") == "http://127.0.0.1:8000/episodes/2026-11-21-kabar-1-v1.vtt"
    (chapters,) = item.xpath("podcast:chapters", namespaces=NS)
    assert chapters.get("type") == "application/json+chapters"
    assert chapters.get("url").endswith("-v1.chapters.json")
    people = {(p.text, p.get("role")) for p in item.xpath("podcast:person", namespaces=NS)}
    assert people == {("Rina", "host"), ("Bima", "guest"), ("Dimas", "guest")}


def test_the_podcast_guid_follows_the_spec_example() -> None:
    assert podcast_guid("https://podnews.net/rss") == "9b024349-ccf0-5f69-a609-6b82873eab3c"
    assert podcast_guid("podnews.net/rss/") == "9b024349-ccf0-5f69-a609-6b82873eab3c"


def test_show_notes_are_cdata_html_with_escaped_text_and_source_links() -> None:
    xml = build_feed(SHOW, [_full_episode(1)], "cover.png")
    assert b"<description><![CDATA[<p>Ringkasan &lt;penting&gt; &amp; singkat.</p>" in xml
    root = etree.fromstring(xml)
    notes = root.xpath("channel/item/content:encoded/text()", namespaces=NS)[0]
    assert (
        '<a href="https://contoh.com/berita?a=1&amp;b=2">Judul Asli</a> (Contoh.com, Dewi)' in notes
    )


def test_episode_numbers_only_when_the_show_numbers_them() -> None:
    plain = etree.fromstring(build_feed(SHOW, [_full_episode(1)], "cover.png"))
    assert plain.xpath("channel/item/itunes:episode", namespaces=NS) == []
    numbered = changed(SHOW, numbered=True, season=2)
    root = etree.fromstring(build_feed(numbered, [_full_episode(1)], "cover.png"))
    assert root.xpath("channel/item/itunes:episode/text()", namespaces=NS) == ["7"]
    assert root.xpath("channel/item/itunes:season/text()", namespaces=NS) == ["2"]


@pytest.mark.parametrize(
    ("size", "fmt", "name", "message"),
    [
        ((1400, 1400), "PNG", "art.jpg", "holds a PNG image: name it .png"),
        ((1000, 1000), "PNG", "art.png", "1400-3000 px"),
        ((1400, 1500), "JPEG", "art.jpg", "must be square"),
        ((3200, 3200), "PNG", "art.png", "1400-3000 px"),
        ((1400, 1400), "GIF", "art.gif", "must be a PNG or JPEG"),
    ],
)
def test_a_given_cover_is_checked(tmp_path: Path, size: tuple[int, int], fmt: str,
                                  name: str, message: str) -> None:  # fmt: skip
    from PIL import Image

    from briefing.errors import PublishError
    from briefing.publish.cover import load_cover

    Image.new("RGB", size, "navy").save(tmp_path / name, fmt)
    with pytest.raises(PublishError, match=re.escape(message)):
        load_cover(changed(SHOW, cover=tmp_path / name).identity)


def test_chapters_inline_as_podlove_simple_chapters() -> None:
    import podcastparser

    chapters = (
        (0.0, "Pembuka"),
        (75.25, "Banjir rob di Semarang"),
        (3725.5, 'Harga "cabai" & beras'),
    )
    episode = dataclasses.replace(
        _episode(1, dt.datetime(2026, 11, 21, 6, tzinfo=SHOW.zone)), chapters=chapters
    )
    data = build_feed(SHOW, [episode], "cover.png")
    item = etree.fromstring(data).find("channel/item")
    psc = {"psc": "http://podlove.org/simple-chapters"}
    assert item.xpath("psc:chapters/@version", namespaces=psc) == ["1.2"]
    assert item.xpath("psc:chapters/psc:chapter/@start", namespaces=psc) == [
        "00:00:00.000", "00:01:15.250", "01:02:05.500"
    ]  # fmt: skip
    parsed = podcastparser.parse("http://127.0.0.1:8000/feed.xml", io.BytesIO(data))
    # podcastparser keeps whole seconds
    assert [(c["start"], c["title"]) for c in parsed["episodes"][0]["chapters"]] == [
        (0, "Pembuka"), (75, "Banjir rob di Semarang"), (3725, 'Harga "cabai" & beras')
    ]  # fmt: skip
    # No chapters known (an episode from an older catalog): no empty element.
    bare = etree.fromstring(build_feed(SHOW, [_episode(2, episode.published)], "cover.png"))
    assert bare.xpath("//psc:chapters", namespaces=psc) == []
