"""Saved news web pages: rendered to text as a browser lays them out, then read like a paste.

A producer who saves a page instead of pasting it should get the same article,
so the page is rendered to lines of text with inscriptis (block elements on
lines of their own, as a browser's select-all copies them) and read by the same
reader as a pasted page. The markup adds what text can't show:

- which lines are all link text: menus, tag lists and other stories' headlines;
- which lines are the page's own headings;
- the page's metadata (title, author, site name, publication time), read with
  trafilatura. Only dates declared in the markup are used: guessing a date from
  the text is the reader's job, and a wrong guess would misdate the story.

When a page renders into something the reader can't use, trafilatura's own
extraction of the main text is read instead.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import re
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

import trafilatura
from inscriptis import Inscriptis
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.model.config import ParserConfig
from lxml.html import HtmlElement
from trafilatura.settings import Document
from trafilatura.utils import load_html

from briefing.boundary import clean_article
from briefing.errors import ArticleError
from briefing.ingest.text import clean_line, read_page
from briefing.models import Article

log = logging.getLogger(__name__)

# Only what the page declares in its markup (meta tags, JSON-LD, <time>), with its offset.
_DATE_OPTIONS = {
    "original_date": True,
    "extensive_search": False,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}
_RENDER = ParserConfig(
    css=CSS_PROFILES["strict"],
    annotation_rules={
        "a": ["link"],
        "h1": ["heading"],
        "h2": ["heading"],
        "h3": ["heading"],
        "h4": ["heading"],
        "li": ["item"],
    },
)
_BULLET = re.compile(r"^\s*(?:[*\u2022\u00b7+-]|\d{1,2}\.)\s+")
# A line with this share of its letters inside links is a link, not prose.
LINKED = 0.6


def looks_like_html(text: str) -> bool:
    # An optional XML declaration (XHTML) and comments, then the document's first tag.
    opening = r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype html|<html|<head|<body)"
    return bool(re.match(opening, text[:4096], re.I | re.S))


def parse_html(html: str | bytes, *, url: str | None = None, outlet: str | None = None) -> Article:
    """The article on a news page. ``outlet`` overrides the page's own site name.

    Bytes are decoded by trafilatura, which reads the page's declared charset
    and guesses when there is none (old outlets still serve windows-1252).
    """
    if isinstance(html, bytes) and b"\x00" in html[:8192]:
        raise ArticleError("binary file, not a web page")
    try:
        tree = load_html(html)
        if tree is None:
            raise ArticleError("no article found on the page")
        meta = trafilatura.extract_metadata(
            copy.deepcopy(tree), default_url=url, date_config=_DATE_OPTIONS
        )
    except ArticleError:
        raise
    except Exception as exc:  # trafilatura and lxml raise assorted errors on broken markup
        raise ArticleError(f"cannot read the page: {type(exc).__name__}") from None
    hints = _Hints(
        title=_plain(meta.title) if meta.title else None,
        authors=_authors(meta.author),
        outlet=outlet or meta.sitename or meta.hostname,
        url=url,
    )
    try:
        texts, headings, linked = _render(copy.deepcopy(tree))
        article = hints.read(texts, headings, linked)
    except ArticleError as rendered_error:
        log.info("the rendered page gave no article (%s); trying its main text", rendered_error)
        article = _main_text(tree, hints, rendered_error)
    if article.published is None and meta.date:
        article = _with_date(article, meta.date)
    return clean_article(article)


@dataclass(frozen=True)
class _Hints:
    """What the page's markup says about its article."""

    title: str | None
    authors: tuple[str, ...]
    outlet: str | None
    url: str | None

    def read(
        self, texts: list[str], headings: frozenset[str], linked: frozenset[int] = frozenset()
    ) -> Article:
        return read_page(
            texts,
            title=self.title,
            headings=headings,
            linked=linked,
            authors=self.authors,
            outlet=self.outlet,
            source_url=self.url,
        )


def _render(tree: HtmlElement) -> tuple[list[str], frozenset[str], frozenset[int]]:
    """The page's lines as a browser shows them, its headings, and the lines that are links."""
    for node in tree.xpath("//script|//style|//noscript|//template|//svg|//iframe"):
        node.drop_tree()
    try:
        parser = Inscriptis(tree, _RENDER)
        text = parser.get_text()
        annotations = parser.get_annotations()
    except Exception as exc:  # inscriptis on markup it can't lay out
        raise ArticleError(f"cannot lay out the page: {type(exc).__name__}") from None
    spans: dict[str, list[tuple[int, int]]] = {"link": [], "heading": [], "item": []}
    for a in annotations:
        spans.setdefault(a.metadata, []).append((a.start, a.end))
    texts: list[str] = []
    headings: set[str] = set()
    linked: set[int] = set()
    offset = 0
    for raw in text.split("\n"):
        start, end = offset, offset + len(raw)
        offset = end + 1
        if _covered(spans["item"], start, end) > 0:
            raw = _BULLET.sub("", raw)
        line = clean_line(raw)
        if not line:
            continue
        if _covered(spans["heading"], start, end) >= 0.9:
            headings.add(line)
        if _covered(spans["link"], start, end) >= LINKED:
            linked.add(len(texts))
        texts.append(line)
    return texts, frozenset(headings), frozenset(linked)


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> float:
    """Share of the non-blank characters of [start, end) inside the spans."""
    width = end - start
    if width <= 0:
        return 0.0
    inside = sum(max(0, min(end, b) - max(start, a)) for a, b in spans)
    return min(1.0, inside / width)


def _main_text(tree: HtmlElement, hints: _Hints, error: ArticleError) -> Article:
    doc = trafilatura.bare_extraction(
        copy.deepcopy(tree), include_formatting=True, include_comments=False, include_tables=False
    )
    if not isinstance(doc, Document) or not (doc.text or "").strip():
        raise error
    texts, headings = [], set()
    for raw in (doc.text or "").splitlines():
        line = clean_line(_plain(raw.lstrip("#")))
        if not line:
            continue
        if raw.startswith("#"):
            headings.add(line)
        texts.append(line)
    return hints.read(texts, frozenset(headings))


def _plain(line: str) -> str:
    # Markdown emphasis from include_formatting: the words stay, the marks go.
    return re.sub(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1", r"\2", line).strip()


def _authors(author: str | None) -> tuple[str, ...]:
    # trafilatura joins several authors with "; ".
    if not author:
        return ()
    return tuple(name.strip() for name in author.split(";") if name.strip())[:4]


def _with_date(article: Article, stamp: str) -> Article:
    try:
        published = dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        try:
            # A day without a time: the start of that day in western Indonesia,
            # where most outlets publish, so it still sorts among dated stories.
            day = dt.datetime.strptime(stamp[:10], "%Y-%m-%d")
        except ValueError:
            log.debug("unreadable page date %r", stamp)
            return article
        published = day.replace(tzinfo=ZoneInfo("Asia/Jakarta"))
    return replace(article, published=published)
