"""News web pages: the article extracted with trafilatura, then read like pasted text.

trafilatura finds the story among menus, related links and footers and reads
the page's metadata (site name, author, publication time). Its text, with
headings kept, goes through the same parser as a pasted page, so datelines,
quotes, captions and furniture lines are handled one way for every input.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import replace
from zoneinfo import ZoneInfo

import trafilatura
from trafilatura.settings import Document

from briefing.errors import ArticleError
from briefing.ingest.text import parse_text
from briefing.models import Article

log = logging.getLogger(__name__)

# Publication time with its offset, where the page gives one (htmldate's options).
_DATE_OPTIONS = {"original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}


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
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_formatting=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=_DATE_OPTIONS,
        )
    except Exception as exc:  # trafilatura raises assorted lxml and value errors
        raise ArticleError(f"cannot read the page: {type(exc).__name__}") from None
    if not isinstance(doc, Document) or not (doc.text or "").strip():
        raise ArticleError("no article found on the page")
    title = _plain(doc.title or "")
    body = [_plain(line) for line in (doc.text or "").splitlines()]
    if body and title and body[0].lstrip("# ").strip() == title:
        body = body[1:]  # the page's own h1 repeats the title
    lines = [title, *_byline(doc.author), *(line.lstrip("#").strip() for line in body)]
    article = parse_text("\n".join(lines), source_url=url, outlet=outlet or doc.sitename)
    if article.published is None and doc.date:
        article = _with_date(article, doc.date)
    return article


def _plain(line: str) -> str:
    # Markdown emphasis from include_formatting: the words stay, the marks go.
    return re.sub(r"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1", r"\2", line).strip()


def _byline(author: str | None) -> list[str]:
    # trafilatura joins several authors with "; ". The byline is kept only when it
    # reads as names: the text parser decides, as for a pasted page.
    if not author:
        return []
    return [f"Penulis: {name.strip()}" for name in author.split(";") if name.strip()][:4]


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
