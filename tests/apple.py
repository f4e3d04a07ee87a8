"""Our own checks of Apple Podcasts' feed rules, on a published folder.

Apple publishes no validator we can run offline, so these encode its documented
requirements (and recommendations) as far as a feed and its files can show them.
"""

from __future__ import annotations

import email.utils
from pathlib import Path
from urllib.parse import unquote, urlparse

from lxml import etree
from PIL import Image

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
NS = {"itunes": ITUNES, "content": "http://purl.org/rss/1.0/modules/content/"}
# Apple's category list has "News" with "Daily News" among its subcategories (case matters).
CATEGORIES = {"News": {"Daily News", "Politics", "Business News", "Tech News", "Sports News",
                       "News Commentary", "Entertainment News"}}  # fmt: skip


def apple_problems(out: Path) -> list[str]:
    """What in ``out``'s feed Apple would refuse or flag; empty when it passes."""
    problems: list[str] = []
    root = etree.parse(str(out / "feed.xml")).getroot()
    if root.tag != "rss" or root.get("version") != "2.0":
        problems.append("not RSS 2.0")
    if root.nsmap.get("itunes") != ITUNES:
        problems.append("itunes namespace missing")
    channel = root.find("channel")
    text = lambda node, path: (node.findtext(path, namespaces=NS) or "").strip()  # noqa: E731

    for required in ("title", "description", "language", "link"):
        if not text(channel, required):
            problems.append(f"channel {required} missing")
    if len(text(channel, "description").encode()) > 4000:
        problems.append("channel description over 4000 bytes")
    if text(channel, "itunes:explicit") not in ("true", "false"):
        problems.append("channel itunes:explicit must be true or false")
    if text(channel, "itunes:type") not in ("episodic", "serial"):
        problems.append("itunes:type must be episodic or serial")
    if not text(channel, "itunes:author"):
        problems.append("itunes:author missing")
    if "@" not in text(channel, "itunes:owner/itunes:email"):
        problems.append("itunes:owner email missing")
    categories = channel.findall("itunes:category", NS)
    if not categories:
        problems.append("itunes:category missing")
    for category in categories:
        main = category.get("text")
        subs = {c.get("text") for c in category.findall("itunes:category", NS)}
        if main not in CATEGORIES or not subs <= CATEGORIES[main]:
            problems.append(f"itunes:category {main} > {subs} not in Apple's list")

    image = channel.find("itunes:image", NS)
    href = image.get("href", "") if image is not None else ""
    local = out / unquote(urlparse(href).path).lstrip("/").split("/")[-1] if href else None
    if not href or not href.lower().endswith((".jpg", ".png")):
        problems.append("itunes:image must be a .jpg or .png URL")
    elif local is None or not local.is_file():
        problems.append(f"itunes:image {href} is not in the published folder")
    else:
        with Image.open(local) as img:
            kind, (w, h) = img.format, img.size
        if (kind == "PNG") != href.lower().endswith(".png") or kind not in ("PNG", "JPEG"):
            problems.append(f"itunes:image extension does not match its {kind} bytes")
        if w != h or not 1400 <= w <= 3000:
            problems.append(f"itunes:image is {w}x{h}, not square 1400-3000 px")

    guids: set[str] = set()
    for item in channel.findall("item"):
        title = text(item, "title") or "(untitled)"
        if not text(item, "title"):
            problems.append("item without title")
        enclosure = item.find("enclosure")
        if enclosure is None:
            problems.append(f"{title}: no enclosure")
            continue
        url = enclosure.get("url", "")
        if not url.isascii() or urlparse(url).scheme not in ("http", "https"):
            problems.append(f"{title}: enclosure URL must be ASCII http(s)")
        if enclosure.get("type") != "audio/mpeg" or not url.endswith(".mp3"):
            problems.append(f"{title}: enclosure must be audio/mpeg .mp3")
        file = out / "episodes" / unquote(url.rsplit("/", 1)[-1])
        if not file.is_file() or int(enclosure.get("length", "0")) != file.stat().st_size:
            problems.append(f"{title}: enclosure length is not the file's size in bytes")
        guid = text(item, "guid")
        if not guid or guid in guids:
            problems.append(f"{title}: guid missing or not unique")
        guids.add(guid)
        try:
            email.utils.parsedate_to_datetime(text(item, "pubDate"))
        except (TypeError, ValueError):
            problems.append(f"{title}: pubDate is not RFC 2822")
        if not text(item, "itunes:duration").isdigit():
            problems.append(f"{title}: itunes:duration must be whole seconds")
        if text(item, "itunes:explicit") not in ("true", "false"):
            problems.append(f"{title}: itunes:explicit must be true or false")
        if text(item, "itunes:episodeType") not in ("full", "trailer", "bonus"):
            problems.append(f"{title}: itunes:episodeType must be full, trailer or bonus")
        if not text(item, "description"):
            problems.append(f"{title}: description missing")
    return problems
