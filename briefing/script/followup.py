"""What a later report adds to a story an earlier edition told.

A developing story comes back: the day after a fire the police name suspects,
the day after a new timetable the first day's figures are in. Another outlet's
report of the same event has new words but the same facts. The two are told
apart sentence by sentence. A sentence is new when most of its content words
(as character 4-grams, like the rundown's story matching, which tolerates
Indonesian affixes) are not in what was told. A report is an update when enough
of it is new: several new sentences, or fewer that bring a new figure or a new
quotation. The update keeps only its new sentences, so the room tells what
happened since and not the story again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from briefing.ingest.rundown import FIGURE, figure_key, figures, shingles
from briefing.models import Article, Section
from briefing.script.sentences import split_sentences

# Below this share of its 4-grams found in what was told, a sentence is new. A
# retelling ("Perjalanan tambahan dilayani empat rangkaian kereta baru" after
# "Tambahan perjalanan itu memakai empat rangkaian kereta baru") keeps about 0.7;
# a new fact about the same event (the first day's passenger count) under 0.4.
NEW_BELOW = 0.5
# A sentence that states a figure the story did not is new unless nearly all its
# words were told: "98.000 penumpang naik dari Stasiun Bogor" shares half its
# 4-grams with the first report, and is the news of the day after.
NEW_WITH_FIGURE_BELOW = 0.75
MIN_NEW = 3  # new sentences that make an update by themselves
MIN_NEW_WITH_FACT = 2  # or this many, when they bring a new figure or quotation
MIN_GRAMS = 5  # a shorter sentence ("Ia menambahkan.") is not judged, nor kept alone


@dataclass(frozen=True)
class News:
    """The part of a report that is new since a story was told."""

    article: Article  # the report with only its new sentences
    sentences: int  # how many are new
    figures: tuple[str, ...]  # numbers the told story did not state
    quotes: int  # quotations it did not carry

    @property
    def substantial(self) -> bool:
        """Enough to run the report as an update rather than leave it out."""
        brings_fact = bool(self.figures) or self.quotes > 0
        return self.sentences >= MIN_NEW or (self.sentences >= MIN_NEW_WITH_FACT and brings_fact)

    def describe(self) -> str:
        parts = [f"{self.sentences} new sentence{'s' if self.sentences != 1 else ''}"]
        if self.figures:
            parts.append("figures " + ", ".join(self.figures[:4]))
        if self.quotes:
            parts.append(f"{self.quotes} new quote{'s' if self.quotes != 1 else ''}")
        return ", ".join(parts)


def told_sentences(article: Article) -> list[str]:
    """What a story told from ``article`` made known: every sentence of the report,
    kept to compare later reports with (the facts the edition had, whether or not
    the brief budget read them all out)."""
    return [s for p in article.paragraphs for s in split_sentences(p)]


def news_since(article: Article, told: Sequence[str]) -> News:
    """``article`` reduced to the sentences ``told`` does not already hold."""
    known = set().union(*(shingles(s) for s in told)) if told else set()
    known_figures = set().union(*(figures(s) for s in told)) if told else set()
    sections: list[Section] = []
    new: list[str] = []
    for section in article.sections:
        kept_paragraphs = []
        for paragraph in section.paragraphs:
            fresh = [s for s in split_sentences(paragraph) if _is_new(s, known, known_figures)]
            if fresh:
                kept_paragraphs.append(" ".join(fresh))
                new.extend(fresh)
        if kept_paragraphs:
            # The first kept paragraph opens the update as its lead: no heading above it.
            heading = section.heading if sections else None
            sections.append(Section(heading, tuple(kept_paragraphs)))
    text = " ".join(new)
    quotes = tuple(q for q in article.quotes if q.text in text)
    new_figures = dict.fromkeys(
        m[0] for m in FIGURE.finditer(text) if figure_key(m[0]) not in known_figures
    )
    reduced = dataclasses.replace(article, sections=tuple(sections), quotes=quotes)
    substantive = sum(1 for s in new if len(shingles(s)) >= MIN_GRAMS)
    return News(reduced, substantive, tuple(new_figures), len(quotes))


def _is_new(sentence: str, known: set[str], known_figures: set[str]) -> bool:
    grams = shingles(sentence)
    if not grams:
        return False
    told = len(grams & known) / len(grams)
    return told < NEW_BELOW or (
        told < NEW_WITH_FIGURE_BELOW and bool(figures(sentence) - known_figures)
    )
