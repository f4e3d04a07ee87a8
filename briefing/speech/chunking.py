"""Cut spoken text into pieces Google's endpoint accepts (at most 100 characters).

gTTS splits at every punctuation mark and never merges small pieces back: a
264-character paragraph became 7 requests. Here the text is cut at sentence
ends first, then at clauses, then between words, and neighbouring pieces are
merged up to the limit. A word (and so a number, which the spoken form writes
as words) is never split, and a pause falls where a reader would take breath.
"""

from __future__ import annotations

import re

LIMIT = 100

# Where to cut, from the strongest boundary to the weakest.
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_CLAUSE = re.compile(r"(?<=[,;:])\s+")
_WORDS = re.compile(r"\s+")


def chunk_text(text: str, limit: int = LIMIT) -> list[str]:
    """Pieces of at most ``limit`` characters that, joined with spaces, give ``text``."""
    text = " ".join(text.split())
    if not text:
        return []
    return _merge(_pieces(text, limit, (_SENTENCE, _CLAUSE, _WORDS)), limit)


def _pieces(text: str, limit: int, boundaries: tuple[re.Pattern[str], ...]) -> list[str]:
    if len(text) <= limit:
        return [text]
    if not boundaries:
        # One "word" longer than the limit (no real word is): cut it, as gTTS would.
        return [text[i : i + limit] for i in range(0, len(text), limit)]
    first, *rest = boundaries
    parts = [p for p in first.split(text) if p]
    if len(parts) == 1:
        return _pieces(text, limit, tuple(rest))
    # Each part is cut further only if it is itself too long; merging happens once, above.
    return [piece for part in parts for piece in _pieces(part, limit, tuple(rest))]


def _merge(pieces: list[str], limit: int) -> list[str]:
    merged: list[str] = []
    for piece in pieces:
        if merged and len(merged[-1]) + 1 + len(piece) <= limit:
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return merged
