"""Ingest: turn what a producer hands us (pasted pages, saved web pages, sources) into Articles."""

from __future__ import annotations

import re
from pathlib import Path

from briefing.errors import ArticleError
from briefing.files import read_input
from briefing.ingest.html import looks_like_html, parse_html
from briefing.ingest.text import parse_text
from briefing.models import Article

# Big enough for any real article, small enough that a wrong file fails fast.
MAX_ARTICLE_BYTES = 2_000_000


def read_article(path: Path, outlet: str | None = None) -> Article:
    """Read and parse one article file (pasted text or a saved web page), with errors
    that name the file."""
    data = read_input(path, "article", ArticleError, limit=MAX_ARTICLE_BYTES)
    try:
        text = decode_article(data)
        if looks_like_html(text):
            return parse_html(text, outlet=outlet)
        return parse_text(text, outlet=outlet)
    except ArticleError as exc:
        raise ArticleError(f"{path}: {exc}") from None


def decode_article(data: bytes) -> str:
    """The text of an article file, refusing what is not a UTF-8 text article."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(f"too large for an article (over {MAX_ARTICLE_BYTES:,} bytes)")
    if not data.strip():
        raise ArticleError("the file is empty")
    if b"\x00" in data[:8192]:
        raise ArticleError("binary file, not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            f"not UTF-8 text (invalid byte at offset {exc.start}); save the article as UTF-8"
        ) from None
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > 8:
        raise ArticleError("binary file, not a text article")
    if re.match(r"\s*(<\?xml|<rss|<feed|<rdf)", text, re.IGNORECASE) and not looks_like_html(text):
        raise ArticleError(
            "this is XML (a feed?), not an article; list feeds as [[sources]] for briefing daily"
        )
    return text


__all__ = ["decode_article", "read_article"]
