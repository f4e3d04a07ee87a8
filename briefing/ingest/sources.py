"""A show's sources for daily editions: RSS/Atom feeds, web pages and local folders.

Reading happens in two steps, so a morning run downloads only what it airs:
``read_source`` lists a source's candidate stories (Items: title, link,
time, the feed's summary), and ``load_article`` reads the full article of
an Item the rundown picked. Feeds are parsed with feedparser, pages with
trafilatura (briefing.ingest.html), folders with the pasted-text parser.

A source that fails raises SourceError; the caller reports it and goes on.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path
from typing import Any

import feedparser
import lxml.html

from briefing import boundary
from briefing.errors import ArticleError, SourceError
from briefing.ingest import read_article
from briefing.ingest.html import parse_html
from briefing.ingest.http import Fetcher
from briefing.models import MAX_TITLE, Article
from briefing.settings import NewsSource

log = logging.getLogger(__name__)

FOLDER_SUFFIXES = (".txt", ".html", ".htm")
# A feed's own text stands in for a missing page only when it is a real paragraph.
MIN_FALLBACK_WORDS = 25


@dataclass(frozen=True)
class Item:
    """One candidate story from a source, before its article is read."""

    source: str  # the source's name in the show
    title: str
    summary: str  # the lede as plain text: the feed's description, or the article's
    url: str | None = None
    published: dt.datetime | None = None
    outlet: str | None = None
    content: str | None = None  # full HTML text, when the feed carries it (content:encoded)
    article: Article | None = None  # already read (folder and page sources)


def read_source(source: NewsSource, fetcher: Fetcher) -> list[Item]:
    """The source's stories, newest first (at most ``source.max_items``)."""
    if source.kind == "feed":
        items = _feed_items(source, fetcher)
    elif source.kind == "page":
        items = [_page_item(source, fetcher)]
    else:
        items = _folder_items(source)
    items.sort(key=lambda i: i.published or dt.datetime.min.replace(tzinfo=dt.UTC), reverse=True)
    return items[: source.max_items]


def load_article(item: Item, fetcher: Fetcher) -> Article:
    """The full article behind ``item``: its page, or the feed's own text when the
    page can't be had. Raises SourceError when neither gives a story."""
    if item.article is not None:
        return item.article
    problem = "the item has no web link"
    if item.url:
        try:
            page = fetcher.get(item.url)
            return _dated(parse_html(page.body, url=page.url, outlet=item.outlet), item)
        except ArticleError as exc:  # SourceError included: HTTP status, timeout
            problem = f"page {item.url}: {exc}"
    fallback = item.content or (
        item.summary if len(item.summary.split()) >= MIN_FALLBACK_WORDS else None
    )
    if fallback:
        log.warning("%s: %s; using the text in the feed", item.source, problem)
        text = f"<html><body><h1>{escape(item.title)}</h1>{_as_html(fallback)}</body></html>"
        try:
            return _dated(parse_html(text, url=item.url, outlet=item.outlet), item)
        except ArticleError as exc:
            problem += f"; the feed's text: {exc}"
    if not fallback:
        problem += "; the feed's own text is too short to tell it"
    raise SourceError(f"{item.title[:60]!r} left out: {problem}")


# --- Feeds ---------------------------------------------------------------------------


def _feed_items(source: NewsSource, fetcher: Fetcher) -> list[Item]:
    fetched = fetcher.get(source.location)
    parsed = feedparser.parse(fetched.body, response_headers={"content-location": fetched.url})
    outlet = source.outlet or _outlet_from_title(parsed.feed.get("title", ""))
    items = []
    for entry in parsed.entries:
        title = _plain(entry.get("title", ""))[:MAX_TITLE]
        if not title:
            continue
        content = next((c.get("value") for c in entry.get("content", []) if c.get("value")), None)
        content = boundary.clean(content) if isinstance(content, str) else None
        items.append(
            Item(
                source=source.name,
                title=title,
                summary=_plain(entry.get("summary", "")),
                url=_http_link(entry.get("link")),
                published=_entry_time(entry),
                outlet=outlet,
                content=content,
            )
        )
    if not items:
        # A feed cut short still parses as far as it goes: fail only when nothing is usable.
        problem = parsed.get("bozo_exception")
        reason = f": {_one_line(problem)}" if problem else " (no items with a title)"
        raise SourceError(f"not a readable RSS or Atom feed{reason}")
    return items


def _outlet_from_title(title: str) -> str | None:
    # "Warta Harian - Berita Terkini" credits "Warta Harian".
    name = re.split(r"\s+[-|\u2013\u2014:]\s+", _plain(title), maxsplit=1)[0].strip()
    return name or None


def _entry_time(entry: Any) -> dt.datetime | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not stamp:
        return None
    try:
        when = dt.datetime.fromtimestamp(calendar.timegm(stamp), dt.UTC)
    except (OverflowError, ValueError, OSError):
        return None
    return boundary.sane_time(when)


def _http_link(link: Any) -> str | None:
    # Only web links are followed: a feed can't make us read file:// or other schemes.
    return boundary.clean_url(link) if isinstance(link, str) else None


# --- Pages and folders ---------------------------------------------------------------


def _page_item(source: NewsSource, fetcher: Fetcher) -> Item:
    page = fetcher.get(source.location)
    try:
        article = parse_html(page.body, url=page.url, outlet=source.outlet)
    except ArticleError as exc:
        raise SourceError(str(exc)) from None
    return _item_of(source, article, article.published)


def _folder_items(source: NewsSource) -> list[Item]:
    folder = Path(source.location)
    if not folder.is_dir():
        raise SourceError(f"folder not found: {folder}")
    try:
        files = [p for p in folder.iterdir() if p.suffix.lower() in FOLDER_SUFFIXES and p.is_file()]
    except OSError as exc:
        raise SourceError(f"cannot read {folder}: {exc.strerror or exc}") from None
    # Newest files first, and only as many as can be used: a folder may hold years.
    files.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    items = []
    for path in files[: source.max_items]:
        try:
            article = read_article(path, outlet=source.outlet)
        except ArticleError as exc:
            log.warning("%s: %s", source.name, exc)
            continue
        mtime = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
        items.append(_item_of(source, article, article.published or mtime))
    return items


def _item_of(source: NewsSource, article: Article, published: dt.datetime | None) -> Item:
    lede = article.lede or (article.paragraphs[0] if article.paragraphs else "")
    return Item(
        source=source.name,
        title=article.title,
        summary=lede,
        url=article.source_url,
        published=published,
        outlet=article.outlet,
        article=article,
    )


def _dated(article: Article, item: Item) -> Article:
    """The article, with the feed's time and outlet where the page gave none."""
    return replace(
        article,
        published=article.published or item.published,
        outlet=article.outlet or item.outlet,
    )


# --- Text helpers --------------------------------------------------------------------


def _plain(html: str) -> str:
    """Feed text (often HTML) as one line of plain text, cleaned at the boundary."""
    if not isinstance(html, str):
        return ""
    html = boundary.clean(html)
    if "<" in html:
        try:
            html = lxml.html.fromstring(html).text_content()
        except (ValueError, lxml.etree.ParserError):
            html = re.sub(r"<[^>]+>", " ", html)
    return boundary.clean_line(html)


def _as_html(text: str) -> str:
    if "<" in text:
        return text
    return "".join(f"<p>{escape(p)}</p>" for p in re.split(r"\n\s*\n", text) if p.strip())


def _one_line(exc: object) -> str:
    return " ".join(str(exc).split())[:160]
