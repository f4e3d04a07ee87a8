"""A small news site for daily-edition tests, served on 127.0.0.1.

Two outlets publish feeds: Kabar Nusantara (RSS 2.0) and Warta Harian
(Atom). Their article pages are HTML: Warta Harian's are written by hand in
tests/data/daily/, Kabar Nusantara's are laid out here from the sample
articles in examples/ (our own texts). The server answers conditional GETs
(ETag, Last-Modified -> 304), logs every request and can be told to fail.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import html
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from briefing.ingest import read_article

ROOT = Path(__file__).resolve().parent.parent
DAILY = Path(__file__).resolve().parent / "data" / "daily"
WIB = dt.timezone(dt.timedelta(hours=7))
# The edition the tests make: 25 November 2026, pagi (06:00 WIB).
EDITION_DAY = "2026-11-25"
AIRS = dt.datetime(2026, 11, 25, 6, 0, tzinfo=WIB)


@dataclass
class Resource:
    body: bytes
    content_type: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class Newsroom:
    resources: dict[str, Resource] = field(default_factory=dict)
    failing: dict[str, int] = field(default_factory=dict)  # path -> status to answer
    delays: dict[str, float] = field(default_factory=dict)  # path -> seconds before answering
    redirects: dict[str, str] = field(default_factory=dict)  # path -> Location (302)
    trickle: dict[str, float] = field(default_factory=dict)  # path -> seconds between bytes
    raw_headers: dict[str, list[str]] = field(default_factory=dict)  # path -> header lines
    log: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    base: str = ""

    def add(self, path: str, body: str, content_type: str, *, validators: bool = True) -> None:
        data = body.encode("utf-8")
        etag = f'"{hashlib.sha1(data).hexdigest()[:16]}"' if validators else None
        modified = email.utils.format_datetime(AIRS - dt.timedelta(hours=1), usegmt=False)
        self.resources[path] = Resource(data, content_type, etag, modified if validators else None)

    def requests_to(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.log if p == path]


def page_from_example(name: str, outlet: str, published: dt.datetime) -> str:
    """One of examples/*.txt as the outlet's article page: menus, byline, body, footer."""
    article = read_article(ROOT / "examples" / name)
    body: list[str] = []
    for number, section in enumerate(article.sections):
        if section.heading:
            body.append(f"<h2>{html.escape(section.heading)}</h2>")
        for i, paragraph in enumerate(section.paragraphs):
            text = html.escape(paragraph, quote=False)
            if number == 0 and i == 0:
                place = (article.dateline or "Jakarta").upper()
                text = f"<strong>{place}, {html.escape(outlet)}</strong> - {text}"
            body.append(f"<p>{text}</p>")
            if number == 0 and i == 1:
                body.append('<p class="baca-juga">Baca juga: <a href="/x">Berita lain</a></p>')
    author = article.authors[0] if article.authors else "Tim Redaksi"
    title = html.escape(article.title)
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>{title} - {html.escape(outlet)}</title>
<meta property="og:site_name" content="{html.escape(outlet)}">
<meta name="author" content="{html.escape(author)}">
<meta property="article:published_time" content="{published.isoformat()}">
</head><body>
<header><nav><a href="/">Beranda</a> <a href="/news">Berita</a> <a href="/bisnis">Bisnis</a>
<a href="/bola">Bola</a></nav></header>
<main><article><h1>{title}</h1><div class="author">{html.escape(author)}</div>
{chr(10).join(body)}
</article>
<aside><h3>Berita Terkini</h3><ul><li><a href="/y">Kabar lain hari ini</a></li></ul></aside></main>
<footer>Copyright 2026 {html.escape(outlet)}. All rights reserved.</footer>
</body></html>
"""


def page_from_file(name: str, published: dt.datetime) -> str:
    return (DAILY / name).read_text(encoding="utf-8").replace("{published}", published.isoformat())


def rss(title: str, link: str, items: list[tuple[str, str, dt.datetime, str]]) -> str:
    entries = "\n".join(
        f"""<item><title>{html.escape(t)}</title><link>{html.escape(u)}</link>
<guid isPermaLink="true">{html.escape(u)}</guid>
<pubDate>{email.utils.format_datetime(when)}</pubDate>
<description>{html.escape(d)}</description></item>"""
        for t, u, when, d in items
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>{html.escape(title)}</title><link>{link}</link>
<description>Berita terbaru</description><language>id</language>
{entries}
</channel></rss>
"""


def atom(title: str, link: str, items: list[tuple[str, str, dt.datetime, str]]) -> str:
    entries = "\n".join(
        f"""<entry><title>{html.escape(t)}</title><link rel="alternate" href="{html.escape(u)}"/>
<id>{html.escape(u)}</id><updated>{when.isoformat()}</updated><published>{when.isoformat()}</published>
<summary type="html">{html.escape("<p>" + html.escape(d) + "</p>")}</summary></entry>"""
        for t, u, when, d in items
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{html.escape(title)}</title>
<link href="{link}"/><id>{link}</id><updated>{AIRS.isoformat()}</updated>
{entries}
</feed>
"""


def hours_before(hours: float) -> dt.datetime:
    return AIRS - dt.timedelta(hours=hours)


def fill(room: Newsroom, base: str) -> None:
    """The two outlets' feeds and pages, with links under ``base``."""
    room.base = base
    nusantara = [
        ("banjir-semarang.txt", "/nusantara/banjir-rob-semarang.html", 3),
        ("harga-tiket-kereta.txt", "/nusantara/diskon-tiket-kai.html", 5),
        ("festival-kopi.txt", "/nusantara/festival-kopi-toraja.html", 20),
    ]
    items = []
    for example, path, age in nusantara:
        article = read_article(ROOT / "examples" / example)
        room.add(path, page_from_example(example, "Kabar Nusantara", hours_before(age)),
                 "text/html; charset=utf-8")  # fmt: skip
        items.append((article.title, base + path.lstrip("/"), hours_before(age),
                      article.lede or article.paragraphs[0]))  # fmt: skip
    # An item whose page is gone, with a one-line description: not enough to tell.
    items.append(("Jembatan Gantung di Lebak Putus Diterjang Arus Sungai",
                  base + "nusantara/jembatan-lebak.html", hours_before(4),
                  "Warga kini menyeberang dengan rakit."))  # fmt: skip
    room.add("/nusantara/rss.xml", rss("Kabar Nusantara - Berita Terkini", base, items),
             "application/rss+xml; charset=utf-8")  # fmt: skip

    warta = [
        ("warta-rob-tanjung-emas.html", "/warta/rob-tanjung-emas.html", 2,
         "Air laut pasang kembali masuk ke kawasan Pelabuhan Tanjung Emas, Semarang. Genangan "
         "rob setinggi sekitar 40 sentimeter menutup jalan menuju terminal peti kemas."),
        ("warta-harga-bawang.html", "/warta/harga-bawang-johar.html", 6,
         "Harga bawang merah di Pasar Johar, Semarang, naik dari Rp 32.000 menjadi Rp 40.000 "
         "per kilogram dalam sepekan terakhir."),
    ]  # fmt: skip
    entries = []
    for name, path, age, summary in warta:
        page = page_from_file(name, hours_before(age))
        room.add(path, page, "text/html; charset=utf-8")
        title = page.split("<h1", 1)[1].split(">", 1)[1].split("</h1>", 1)[0]
        entries.append((html.unescape(title), base + path.lstrip("/"), hours_before(age), summary))
    pasar = read_article(ROOT / "examples" / "pasar-saham.txt")
    room.add("/warta/ihsg.html", page_from_example("pasar-saham.txt", "Warta Harian",
             hours_before(8)), "text/html; charset=utf-8")  # fmt: skip
    entries.append((pasar.title, base + "warta/ihsg.html", hours_before(8), pasar.lede or ""))
    room.add("/warta/atom.xml", atom("Warta Harian", base, entries), "application/atom+xml")


@contextmanager
def newsroom() -> Iterator[Newsroom]:
    """The site on 127.0.0.1 (a free port) until the block ends; room.base is its URL."""
    room = Newsroom()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            room.log.append((path, dict(self.headers.items())))
            time.sleep(room.delays.get(path, 0.0))
            if path in room.failing:
                self.send_error(room.failing[path])
                return
            if path in room.redirects:
                self.send_response(302)
                self.send_header("Location", room.redirects[path])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            resource = room.resources.get(path)
            if resource is None:
                self.send_error(404)
                return
            matches = resource.etag and self.headers.get("If-None-Match") == resource.etag
            unchanged = (
                not self.headers.get("If-None-Match")
                and resource.last_modified
                and self.headers.get("If-Modified-Since") == resource.last_modified
            )
            if matches or unchanged:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", resource.content_type)
            self.send_header("Content-Length", str(len(resource.body)))
            if resource.etag:
                self.send_header("ETag", resource.etag)
            if resource.last_modified:
                self.send_header("Last-Modified", resource.last_modified)
            for line in room.raw_headers.get(path, []):
                self._headers_buffer.append(line.encode("latin-1") + b"\r\n")  # type: ignore[attr-defined]
            self.end_headers()
            if path in room.trickle:
                try:
                    for byte in resource.body:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(room.trickle[path])
                except OSError:
                    pass  # the client gave up, as it should
                return
            self.wfile.write(resource.body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # the test reads room.log instead

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fill(room, f"http://127.0.0.1:{server.server_port}/")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield room
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def show_toml(base: str, extra: str = "") -> str:
    return f"""
[show]
name = "Kabar Pagi Uji"
base_url = "http://127.0.0.1:8000/"

[daily]
target_minutes = 4
max_stories = 6

[[sources]]
name = "Kabar Nusantara"
feed = "{base}nusantara/rss.xml"

[[sources]]
name = "Warta Harian"
feed = "{base}warta/atom.xml"

[[sources]]
name = "Kabar Kota"
feed = "{base}kota/rss.xml"
{extra}
"""
