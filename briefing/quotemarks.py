"""Where quotations open and close in Indonesian copy, for the reader and the room alike.

Marks are curly (“ ”) or straight ("), and a straight mark opens or closes by
its place. A quotation that runs over several paragraphs opens each of them
and closes only in the last, as in English copy.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

OPENERS = '\u201c"\u201e'
CLOSERS = '\u201d"'


@dataclass(frozen=True)
class Span:
    """One quotation in one paragraph: the indexes of its marks."""

    start: int  # the opening mark
    end: int  # the closing mark, or the paragraph's length when left open
    closed: bool


def spans(paragraph: str) -> Iterator[Span]:
    """The quotations in a paragraph, in order; the last may be left open at its end."""
    start: int | None = None
    for i, ch in enumerate(paragraph):
        if start is None and ch in OPENERS:
            start = i
        elif start is not None and ch in CLOSERS:
            yield Span(start, i, True)
            start = None
        elif start is not None and ch in OPENERS:
            start = i  # a stray opener: the quotation starts again here
    if start is not None:
        yield Span(start, len(paragraph), False)


def balance(paragraphs: Sequence[str]) -> list[str]:
    """The paragraphs with each continued quotation closed where its paragraph ends,
    so that every paragraph's quotations can be read on their own. A quotation is
    continued when its paragraph leaves it open and the next one reopens it."""
    out = []
    for index, paragraph in enumerate(paragraphs):
        left_open = next((s for s in spans(paragraph) if not s.closed), None)
        following = paragraphs[index + 1].lstrip()[:1] if index + 1 < len(paragraphs) else ""
        if left_open is not None and following and following in OPENERS:
            paragraph += "\u201d" if paragraph[left_open.start] == "\u201c" else '"'
        out.append(paragraph)
    return out
