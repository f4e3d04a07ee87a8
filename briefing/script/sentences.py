"""Split Indonesian news text into sentences.

No sentence splitter ships Indonesian rules, so this is a small regex splitter
that knows the abbreviations Indonesian copy is full of (Jl., No., Tbk., dll.).
A quotation stays in one piece, so that one voice says it whole.
"""

from __future__ import annotations

import re

from briefing import quotemarks
from briefing.script.normalize import ABBREVIATIONS as SPOKEN_ABBREVIATIONS

# Lower-cased, without the final dot. A period after one of these ends no sentence:
# every dotted abbreviation the normalizer reads out, and these.
ABBREVIATIONS = frozenset(
    """
    jl jln no nomor tbk dll dsb dst dkk prof dr drs dra ir h hj kh s.h s.e s.pd s.kom
    m.si m.m m.a m.h ph.d a.n u.p a.l yth bpk sdr sdri ny tn pt cv kab kec kel ds
    kol letjen mayjen brigjen jend laksda marsda kompol akbp akp ipda iptu aiptu bripka
    rp us st mt vs hlm tel telp no.rek kg km mr mrs ms
    """.split()  # noqa: SIM905 - a word list reads better as text
) | {short.lower().removesuffix(".") for short in SPOKEN_ABBREVIATIONS if short.endswith(".")}

# Candidate boundaries: closing punctuation, optional closing quotes or brackets,
# whitespace, then something that can start a sentence.
_BOUNDARY = re.compile(
    r"(?P<end>[.!?\u2026]+)(?P<close>[\"'\u201d\u2019)\]]*)\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])"
)
_LAST_WORD = re.compile(r"(\S+)$")


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, in order, without losing any character but spaces."""
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return []
    sentences: list[str] = []
    start = 0
    # A quotation is said whole, in one voice, however many sentences it has.
    quoted = [(q.start, q.end) for q in quotemarks.spans(text) if q.closed]
    for m in _BOUNDARY.finditer(text):
        if m["end"] == "." and not m["close"] and _is_abbreviation(text[start : m.start()]):
            continue
        if any(a < m.start() and m.end("close") <= b for a, b in quoted):
            continue
        sentences.append(text[start : m.end("close")].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _is_abbreviation(before: str) -> bool:
    m = _LAST_WORD.search(before)
    if not m:
        return False
    word = m[1].lstrip("(\"'\u201c").lower()
    # Single initials ("A. Rahman") and dotted abbreviations ("S.H") never end a sentence.
    return word in ABBREVIATIONS or len(word) == 1 or bool(re.fullmatch(r"(?:\w\.)+\w", word))
