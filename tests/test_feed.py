"""The feed's contract with podcast apps, checked with XPath (parsers hide some tags)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from lxml import etree

from briefing.models import Episode
from briefing.publish import episode_guid
from briefing.publish.feed import build_feed
from briefing.settings import load_show

NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd", "atom": "http://www.w3.org/2005/Atom"}
SHOW = load_show(None)


def _episode(n: int, published: dt.datetime) -> Episode:
    return Episode(
        id=f"2026-11-2{n}-kabar-{n}",
        guid=episode_guid(SHOW, f"2026-11-2{n}-kabar-{n}"),
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
    explicit = dataclasses.replace(SHOW, explicit=True)
    root = etree.fromstring(build_feed(explicit, [episode], "cover.jpg"))
    assert root.xpath("channel/itunes:explicit/text()", namespaces=NS) == ["true"]
    assert root.xpath("channel/itunes:image/@href", namespaces=NS)[0].endswith("/cover.jpg")


def test_guid_is_stable_and_independent_of_the_file() -> None:
    assert episode_guid(SHOW, "2026-11-24-x") == episode_guid(SHOW, "2026-11-24-x")
    assert episode_guid(SHOW, "2026-11-24-x") != episode_guid(SHOW, "2026-11-24-y")


def test_generated_cover_is_a_square_png_apple_accepts(tmp_path: Path) -> None:
    from PIL import Image

    from briefing.publish.cover import load_cover

    cover = load_cover(SHOW)
    path = tmp_path / cover.filename
    path.write_bytes(cover.data)
    with Image.open(path) as img:
        assert (img.format, img.size) == ("PNG", (3000, 3000))
    assert cover.filename == "cover.png"
