"""Choosing an edition's stories: fresh, not yet aired, each story once.

The same event reaches the sources from several outlets under different
headlines ("Banjir Rendam Tiga Kecamatan di Semarang", "Ribuan Warga
Semarang Mengungsi akibat Banjir"). Stories are compared by the words of
their headline and lede as overlapping character 4-grams of content words,
which tolerates Indonesian affixes (rendam / terendam, mengungsi /
pengungsi) without a stemmer. Duplicates become one story told from the
fullest report and credited to every outlet.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from briefing.ingest.sources import Item
from briefing.models import Article

# Function words carry no news; dropping them keeps "di Semarang" and "ke Semarang" alike.
_STOPWORDS = """
    yang dan di ke dari untuk dengan pada dalam oleh atau ini itu akan sudah telah juga
    tidak belum masih ada para sebagai karena agar saat kata ujar hingga sampai bagi
    tersebut serta namun tetapi bahwa jadi lebih sangat sejak usai kini hari
"""
STOPWORDS = frozenset(_STOPWORDS.split())
SHINGLE = 4
# Measured on the samples (tests/test_sources.py): two outlets' ledes of one event
# share about 0.65 of their 4-grams while their headlines may share under 0.2, or
# their headlines share about 0.5 and ledes 0.33; different stories on one topic
# or city (two market-price stories, two Semarang stories) stay near 0.3 on one of
# the two and lower on the other.
LEDE_SAME = 0.5
TITLE_SAME = 0.4
LEDE_SUPPORT = 0.25  # a lede this close backs a same-looking headline
MEAN_SAME = 0.45
TITLE_ALONE = 0.6  # without ledes to compare, headlines must agree more
MIN_LEDE_GRAMS = 25  # a shorter lede is contained in too much by chance


@dataclass(frozen=True)
class Story:
    """One event for the edition: the items that report it, fullest first."""

    items: tuple[Item, ...]

    @property
    def lead(self) -> Item:
        return self.items[0]

    @property
    def newest(self) -> dt.datetime | None:
        times = [i.published for i in self.items if i.published]
        return max(times) if times else None

    @property
    def outlets(self) -> tuple[str, ...]:
        seen: list[str] = []
        for item in self.items:
            name = item.outlet or item.source
            if name not in seen:
                seen.append(name)
        return tuple(seen)


def story_keys(title: str, url: str | None) -> set[str]:
    """How a story is recognised as already aired: its link, or its headline."""
    keys = {"title:" + " ".join(_words(title))}
    if url:
        keys.add("url:" + normal_url(url))
    return keys


def normal_url(url: str) -> str:
    """``url`` without its fragment and tracking parameters, host in lower case."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query) if not k.lower().startswith("utm_")]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/",
                       urlencode(query), ""))  # fmt: skip


def similarity(a: Item, b: Item) -> tuple[float, float | None]:
    """How alike two items' headlines and ledes are, each from 0 to 1; the ledes'
    figure is None when one is too short to say."""
    ledes = shingles(_lede(a.summary)), shingles(_lede(b.summary))
    lede = _overlap(*ledes) if min(map(len, ledes)) >= MIN_LEDE_GRAMS else None
    return _overlap(shingles(a.title), shingles(b.title)), lede


def same_story(a: Item, b: Item) -> bool:
    title, lede = similarity(a, b)
    if lede is None:
        return title >= TITLE_ALONE
    return (
        lede >= LEDE_SAME
        or (title >= TITLE_SAME and lede >= LEDE_SUPPORT)
        or (title + lede) / 2 >= MEAN_SAME
    )


def group_stories(items: Sequence[Item]) -> list[Story]:
    """``items`` (newest first) grouped into stories, newest first.

    Each item joins the first story holding an item it matches; within a story
    the item with the most text to tell leads.
    """
    groups: list[list[Item]] = []
    for item in items:
        home = next((g for g in groups if any(same_story(item, other) for other in g)), None)
        if home is None:
            groups.append([item])
        else:
            home.append(item)
    return [Story(tuple(sorted(g, key=_fullness, reverse=True))) for g in groups]


def fresh(
    items: Iterable[Item],
    aired: set[str],
    start: dt.datetime,
    end: dt.datetime,
    recent: Sequence[Item] = (),
) -> tuple[list[Item], list[Item], list[Item], list[tuple[Item, list[Item]]]]:
    """Sort ``items`` for an edition airing at ``end``: the new ones (published in
    [start, end] or undated, newest first); those aired before (their link or
    headline was told); those out of the window; and echoes, each with the
    ``recent`` reports it is the same story as (``same_story``). ``recent`` are
    reports earlier editions told (their ``source`` names the episode): an echo is
    another outlet's report of an aired event, or its next development, which the
    caller tells apart by reading it."""
    kept: list[Item] = []
    aired_items: list[Item] = []
    stale: list[Item] = []
    echoes: list[tuple[Item, list[Item]]] = []
    for item in items:
        if story_keys(item.title, item.url) & aired:
            aired_items.append(item)
        elif item.published is not None and not start <= item.published <= end:
            stale.append(item)
        elif matches := [r for r in recent if same_story(item, r)]:
            echoes.append((item, matches))
        else:
            kept.append(item)
    kept.sort(key=lambda i: i.published or end, reverse=True)
    return kept, aired_items, stale, echoes


# What a report is worth telling from, once its page is read: its text, and more
# for each quotation (a voice for the room) and each figure (a fact to ask about).
QUOTE_WORTH = 150  # characters: about a sentence
FIGURE_WORTH = 50
FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


def richness(article: Article) -> int:
    """How much a read report holds: the fullest text, the most quotes and figures."""
    text = " ".join(article.paragraphs)
    return len(text) + QUOTE_WORTH * len(article.quotes) + FIGURE_WORTH * len(figures(text))


def figures(text: str) -> set[str]:
    """The numbers ``text`` states, with 1.200 and 1,200 as one."""
    return {figure_key(m[0]) for m in FIGURE.finditer(text)}


def figure_key(figure: str) -> str:
    return re.sub(r"[.,]", "", figure)


def _fullness(item: Item) -> tuple[int, int]:
    text = item.article.paragraphs if item.article else ()
    return (1 if item.article or item.url or item.content else 0,
            sum(len(p) for p in text) or len(item.content or "") or len(item.summary))  # fmt: skip


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", text.lower())
    text = re.sub(r"(?<=\d)[.,](?=\d)", "", text)  # 1.200 and 1,200 are one number
    return [w for w in re.findall(r"\w+", text) if w not in STOPWORDS]


def _lede(summary: str) -> str:
    return " ".join(summary.split()[:45])


def shingles(text: str) -> set[str]:
    """The character 4-grams of ``text``'s content words (short words whole)."""
    grams: set[str] = set()
    for word in _words(text):
        if len(word) <= SHINGLE:
            grams.add(word)
        else:
            grams.update(word[i : i + SHINGLE] for i in range(len(word) - SHINGLE + 1))
    return grams


def _overlap(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
