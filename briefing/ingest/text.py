"""Find the article in a pasted news page and read it into an :class:`~briefing.models.Article`.

A producer selects a whole page in a browser and pastes it: the site's menu,
trending tags and breadcrumbs, then the headline, byline, date and photo
caption, the story with "Baca juga" links, ads and promos between its
paragraphs, then credits, tags, lists of other stories and the footer. The
reader makes no assumption about which outlet printed the page:

1. Each line is classified on its own (furniture.py): prose, headline-shaped,
   byline or date, caption, list label, or furniture.
2. The body's core is the stretch of the page where news prose outweighs
   everything else: the best-scoring run of lines (a maximum-sum segment over
   per-line weights, as in body-text extraction). It then grows over ads,
   links and boxes of other stories to every paragraph that belongs to the
   story, and stops at readers' comments, the writer's biography, or lists of
   other stories that no more of the story follows. A dateline ("Jakarta, CNN
   Indonesia --", "Makassar (ANTARA) -") marks where it starts.
3. The headline is the headline-shaped line above the body that shares the most
   words with the story and sits closest to the byline or date.
4. Header lines between the headline and the body give the subtitle, bylines,
   date and captions; credit lines after the body give the reporter and editor.

Nothing that reads as a sentence of news inside the body is dropped: a line
the reader is unsure of is kept and logged (``briefing -v``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from briefing import boundary
from briefing.boundary import clean_article
from briefing.errors import ArticleError
from briefing.ingest import furniture as f
from briefing.ingest.bylines import (
    BRAND,
    DOMAIN,
    INITIALS,
    Credit,
    is_byline_name,
    is_name,
    outlet_name,
    parse_datetime,
    read_credit,
    tidy_name,
)
from briefing.ingest.quotes import find_quotes
from briefing.ingest.stoplist import stopwords
from briefing.models import Article, Section

log = logging.getLogger(__name__)

__all__ = ["parse_datetime", "parse_text", "read_page"]

# How much each kind of line adds to or takes from a stretch of body (step 2).
# Prose counts by its length, so one long paragraph outweighs a few stray links;
# the labels of lists of other stories weigh the most, as they usually follow it.
WEIGHTS = {
    f.TITLE: -0.6,
    f.SHORT: -0.8,
    f.META: -0.4,
    f.CAPTION: -0.3,
    f.LIST: -2.5,
    f.END: -8.0,
    f.CLOSE: -8.0,
    f.LINK: -0.8,
    f.CHROME: -0.5,
}
DATELINE_BONUS = 3.0
# A headline is this close to the body, counted in lines that could compete with it.
HEADLINE_WINDOW = 60
ALT_TEXT = "the photo's alt text"
# Credits are looked for this far after the last paragraph.
TAIL_LINES = 25

# Datelines. A place is one to four capitalised words; an outlet a domain or a
# short capitalised name. "TEMPO.CO, Jakarta -", "JAKARTA, KOMPAS.com -",
# "Jakarta, CNN Indonesia --", "Makassar (ANTARA) -", "Suara.com -", "YANGON -",
# and Liputan6's "Liputan6.com, Jakarta Pemilik ..." without a dash.
_PLACE = r"(?P<place>[A-Z][\w.'\u2019]*(?:[ -][A-Z][\w.'\u2019]*){0,3})"
_DASH = r"\s*(?:--|[-\u2013\u2014])"
_SITE = r"[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z]{2,}){1,2}"
_NAMED = r"[A-Za-z][\w.]*(?:\s[A-Z][\w.]*){0,2}"
DATELINES: tuple[re.Pattern[str], ...] = (
    re.compile(rf"^(?P<outlet>{_SITE})\s*,\s*{_PLACE}{_DASH}\s*"),
    # Without the dash, the place is the shortest run before the sentence's first word.
    re.compile(rf"^(?P<outlet>{_SITE})\s*,\s*{_PLACE.replace('{0,3}', '{0,3}?')}\s+(?=[A-Z])"),
    re.compile(rf"^{_PLACE}\s*,\s*(?P<outlet>{_SITE}|{_NAMED}){_DASH}\s*"),
    re.compile(rf"^{_PLACE}\s*\((?P<outlet>[A-Za-z][\w. ]{{1,24}})\){_DASH}\s*"),
    # "KONTAN.CO.ID - JAKARTA. Sejumlah bank ...": the place in capitals after the site.
    re.compile(
        rf"^(?P<outlet>{_SITE}){_DASH}\s*(?P<place>[A-Z][A-Z'. -]*[A-Z])\s*[.,]\s+(?=[A-Z])"
    ),
    re.compile(rf"^(?P<outlet>{_SITE}){_DASH}\s+"),
    re.compile(rf"^{_PLACE}{_DASH}\s+(?=\S)"),
    # "Jakarta: Kementerian ...": a colon for the dash, the story's first word capitalised.
    re.compile(rf"^{_PLACE}:\s+(?=[A-Z])"),
)
_DAYS = re.compile(r"(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu)\b", re.I)
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+\S")
_BREADCRUMB = re.compile(r"(?:home|beranda)\s*(?:[>/\u00bb\u203a|]\s*\w.*)?", re.I)
_GLUED_CRUMBS = re.compile(r"Home(?:[A-Z][\w-]*\s?){1,4}")  # "HomeMoneyEkonomi"
_COPYRIGHT = re.compile(
    r"(?:copyright|hak cipta)?\s*(?:\u00a9|\(c\)|copyright)\s*(?:\d{4}\s*(?:-\s*\d{4}\s*)?)?"
    r"(?:pt\.?\s+)?(?P<name>[A-Za-z0-9][\w-]*(?:\.[A-Za-z]{2,}){0,2}"
    r"(?:\s(?!all\b|rights?\b)[A-Z][\w-]*(?:\.[A-Za-z]{2,}){0,2}){0,2})",
    re.I,
)


@dataclass
class _Page:
    """The page's lines with their kinds; the reader refines the kinds in context."""

    texts: list[str]
    lines: list[f.Line]
    found: dict[str, object] = field(default_factory=dict)

    def kind(self, i: int) -> str:
        return self.lines[i].kind if 0 <= i < len(self.lines) else ""

    def mark(self, i: int, kind: str, why: str) -> None:
        self.lines[i] = replace(self.lines[i], kind=kind, why=why)


def parse_text(text: str, *, source_url: str | None = None, outlet: str | None = None) -> Article:
    """Read one pasted news page. Raises ArticleError when no article can be found.

    ``outlet`` is the site's name when the caller knows it (a feed's or page's
    own metadata): it is the credit unless the page names another.
    """
    return clean_article(read_page(clean_lines(text), source_url=source_url, outlet=outlet))


def clean_lines(text: str) -> list[str]:
    """The page's non-blank lines, normalised. Form feeds and the old file, group and
    record separators break lines; every other control character goes (U+0085
    too: in a paste it is a mangled ellipsis far more often than a line break)."""
    text = boundary.clean(re.sub(r"[\x0c\x1c-\x1e]", "\n", text))
    return [line for raw in text.splitlines() if (line := clean_line(raw))]


def clean_line(raw: str) -> str:
    """One line cleaned at the boundary (briefing.boundary: no control, zero-width or
    bidi-override characters, which carry nothing a listener should hear), with
    no-break spaces made plain and its spaces collapsed."""
    return boundary.clean_line(re.sub(r"[\u00a0\u2007\u202f]", " ", raw))


def read_page(
    texts: Sequence[str],
    *,
    title: str | None = None,
    headings: frozenset[str] = frozenset(),
    linked: frozenset[int] = frozenset(),
    authors: Sequence[str] = (),
    outlet: str | None = None,
    source_url: str | None = None,
) -> Article:
    """The article among a page's lines.

    A caller that knows more from the page's markup passes it: the title, the
    headings, the lines (by index) that are all link text, and the authors the
    page declares. The reader finds the rest.
    """
    if not texts:
        raise ArticleError("no article text found")
    page = _Page(list(texts), [_classify(t, i in linked) for i, t in enumerate(texts)])
    _mark_context(page, headings)
    start, end = _body_region(page)
    start = _body_start(page, start, end)
    title_line = _find_line(page.texts, title, start) if title else None
    if title_line is None:
        try:
            title_line = _headline(page, start, end)
        except ArticleError:
            if title is None:
                raise
            title_line = -1  # the markup's title, and no header lines to read
    header = _Header()
    _read_header(page, header, title_line, start)
    body = _Body()
    about = " ".join(
        t for t in (title, page.texts[title_line] if title_line >= 0 else "", header.lede) if t
    )
    _read_body(page, body, start, end, headings, about)
    _read_tail(page, header, start, end)
    for i in (*range(0, max(0, title_line)), *range(end, len(page.lines))):
        if page.lines[i].is_prose:
            where = "above the headline" if i < title_line else "after the story"
            log.debug("left out, %s: %r", where, page.texts[i][:80])
    if not any(paras for _, paras in body.sections):
        raise ArticleError(_no_article_message(page))
    final_title = title if title is not None else page.texts[title_line]
    people = _people([*authors, *header.authors], header.editors, body.outlet or header.outlet)
    paragraphs = [p for _, paras in body.sections for p in paras]
    return Article(
        title=_decapitalise(_tidy(final_title)),
        lede=header.lede,
        outlet=_outlet(page, header, body, outlet),
        dateline=body.dateline,
        published=header.published,
        authors=people,
        editors=tuple(_unique(header.editors)),
        captions=tuple(header.captions + body.captions),
        sections=tuple(Section(h, tuple(ps)) for h, ps in body.sections if ps),
        quotes=tuple(find_quotes(paragraphs)),
        source_url=source_url,
    )


# --- Step 1: lines in context -----------------------------------------------------------


def _classify(text: str, linked: bool = False) -> f.Line:
    if _GLUED_CRUMBS.fullmatch(text) or _BREADCRUMB.fullmatch(text):
        return f.Line(text, f.CHROME, "breadcrumb", len(text.split()))
    line = f.classify(text)
    if linked and line.kind in (f.PROSE, f.TITLE, f.SHORT):
        # On a web page, a line that is all link text leads elsewhere: a menu item,
        # a tag, another story's headline or teaser.
        return replace(line, kind=f.LINK, why="a link on the page")
    return line


def _mark_context(page: _Page, headings: frozenset[str]) -> None:
    """Refine kinds with what the neighbours say: headlines listed under a label are
    links, the short line above a caption is its alt text, a caption's credit on the
    next line, a summary box's bullets, a list's items under the sentence that
    introduces it, a caption credited on the line below it."""
    n = len(page.lines)
    for i in range(n):
        kind = page.kind(i)
        if kind in (f.LIST, f.END):
            # Headlines listed under "Baca Juga" or "Berita Terkait" are links.
            j = i + 1
            while j < n and page.kind(j) in (f.TITLE, f.SHORT, f.LINK, f.CHROME):
                if page.kind(j) == f.TITLE and page.texts[j] not in headings:
                    page.mark(j, f.LINK, f"a link listed under {page.texts[i]!r}")
                j += 1
        elif (
            kind in (f.TITLE, f.SHORT)
            and page.kind(i + 1) == f.CAPTION
            # Alt texts are a few words ("Fogging DBD"); a longer line there is a headline.
            and page.lines[i].words <= 6
            and not f.ends_sentence(page.texts[i])
        ):
            page.mark(i, f.CHROME, ALT_TEXT)
        if kind == f.CAPTION and page.kind(i + 1) in (f.TITLE, f.SHORT):
            nxt = page.texts[i + 1]
            if nxt.lower().startswith(("foto", "photo")) or nxt in page.texts[i]:
                page.mark(i + 1, f.CHROME, "the photo's credit")
        if kind == f.SUMMARY:
            _mark_summary(page, i)
        if kind == f.PROSE and page.texts[i].endswith(":"):
            _mark_items(page, i)
        if kind == f.CAPTION and page.lines[i].words <= 6 and "/" in page.texts[i]:
            _mark_caption_above_credit(page, i)


def _mark_summary(page: _Page, label: int) -> None:
    """The bullets under "Ringkasan" or "Intinya sih...": one sentence each, no dateline.
    They restate the story, so they are furniture; the lead below them is not."""
    for j in range(label + 1, min(len(page.lines), label + 9)):
        line, text = page.lines[j], page.texts[j]
        one_sentence = not re.search(r"[.!?]\s+\S", text)
        if not line.is_prose or line.words > 30 or not one_sentence or _dateline(text):
            break
        page.mark(j, f.CHROME, "a bullet of the summary box")


def _mark_items(page: _Page, intro: int) -> None:
    """The short lines under a sentence that ends with a colon are its list's items:
    the story's own content, said after the sentence that introduces them."""
    for j in range(intro + 1, min(len(page.lines), intro + 21)):
        line = page.lines[j]
        if line.kind not in (f.TITLE, f.SHORT) or line.words > 25:
            break
        page.mark(j, f.ITEM, "an item of the list above")


def _mark_caption_above_credit(page: _Page, credit: int) -> None:
    """A bare credit ("KOMPAS/FAJAR RAMADHAN") under a sentence makes that sentence the
    photo's caption, unless a paragraph stands right above it: then it may be news,
    and news is never dropped."""
    above = credit - 1
    if above < 0 or not page.lines[above].is_prose or page.lines[above].words > 40:
        return
    before = next((j for j in range(above - 1, -1, -1) if page.kind(j) != f.CHROME), None)
    if before is None or not page.lines[before].is_prose:
        page.mark(above, f.CAPTION, "the photo's caption, credited below it")


# --- Step 2: the body -------------------------------------------------------------------


def _weight(page: _Page, i: int) -> float:
    line = page.lines[i]
    if line.kind == f.PROSE:
        weight = 1.0 + min(line.words, 60) / 12
        if _dateline(page.texts[i]) and line.words >= 8:
            weight += DATELINE_BONUS
        return weight
    if _dateline_alone(page.texts[i]):
        return DATELINE_BONUS
    return WEIGHTS.get(line.kind, -0.5)


def _body_region(page: _Page) -> tuple[int, int]:
    """[start, end) of the article's body.

    The core is the best-scoring stretch of lines. Its edges then grow over links,
    ads and headings to every paragraph that belongs to the story: a score alone
    would give up the last paragraphs behind a box of links. The body ends at
    readers' comments or the writer's biography, at a list of other stories that
    no more of the story follows, or where headlines run on without news.
    """
    best, best_span = 0.0, (0, 0)
    total, start = 0.0, 0
    for i in range(len(page.lines)):
        if total <= 0:
            total, start = 0.0, i
        total += _weight(page, i)
        if total > best:
            best, best_span = total, (start, i + 1)
    start, end = best_span
    if not any(page.lines[i].is_prose for i in range(start, end)):
        raise ArticleError(_no_article_message(page))
    start, end = _grow_back(page, start), _grow_on(page, end)
    # Trailing furniture inside the stretch belongs to the tail.
    while end > start and not _is_text(page, end - 1):
        end -= 1
    return start, end


def _is_text(page: _Page, i: int) -> bool:
    """Prose, or a line that lost its full stop but reads as a sentence of news."""
    line = page.lines[i]
    if line.is_prose or line.kind == f.ITEM:
        return True
    # Headlines of other stories are in Title Case; a paragraph is not.
    return (
        line.kind == f.TITLE
        and line.words >= 12
        and f.capitalised_share(line.text) < 0.5
        and f.stop_density(line.text) >= 0.2
    )


# Lines that stand between paragraphs of one story without ending it.
_INSIDE = (f.CHROME, f.META, f.CAPTION)
# How many headline-shaped lines in a row end the story (a list of other stories).
MAX_GAP = 5


def _grow_on(page: _Page, end: int) -> int:
    gap, i = 0, end
    while i < len(page.lines):
        kind = page.kind(i)
        if kind == f.CLOSE:
            break
        if kind == f.END:
            # A box of other stories inside the story, or the lists after it.
            resume = _after_list(page, i)
            if not _story_resumes(page, resume, end):
                break
            i, gap = resume, 0
            continue
        if _is_text(page, i):
            end, gap = i + 1, 0
        elif kind not in _INSIDE:
            gap += 1
            if gap > MAX_GAP:
                break
        i += 1
    return end


def _after_list(page: _Page, label: int) -> int:
    """The first line after a list label and the headlines listed under it."""
    j = label + 1
    while j < len(page.lines) and page.kind(j) in (
        f.TITLE,
        f.SHORT,
        f.LINK,
        f.CHROME,
        f.LIST,
        f.END,
    ):
        j += 1
    return j


def _story_resumes(page: _Page, j: int, end: int) -> bool:
    """After a list of other stories, the story goes on if what follows is more of it:
    paragraphs about the story's subject, several in a row, or one closed by the
    story's credits or by the end of the paste. A teaser under each headline of a
    list is one line at a time."""
    run = []
    while j < len(page.lines) and (_is_text(page, j) or page.kind(j) in (f.CHROME, f.CAPTION)):
        if _is_text(page, j):
            run.append(j)
        j += 1
    if not run:
        return False
    credit = page.kind(j) == f.META and page.lines[j].why != "date stamp"
    last = j >= len(page.lines)  # the paste ends with it: the producer selected to here
    if len(run) < 2 and not credit and not last:
        return False
    story = " ".join(page.texts[k] for k in range(max(0, end - 8), end) if page.lines[k].is_prose)
    words = _content_words(" ".join(page.texts[k] for k in run))
    return len(words & _content_words(story)) >= 2


def _grow_back(page: _Page, start: int) -> int:
    """Back to the lead: over links and headings between paragraphs, never past the
    byline or date stamp, nor past a headline with no paragraph above it."""
    gap = 0
    for i in range(start - 1, -1, -1):
        kind = page.kind(i)
        if kind in (f.META, f.END, f.CLOSE):
            break
        if page.lines[i].is_prose:
            if _dateline(page.texts[i]):
                return i
            start, gap = i, 0
        elif kind == f.TITLE:
            above = next((j for j in range(i - 1, -1, -1) if page.kind(j) not in _INSIDE), None)
            if above is None or not page.lines[above].is_prose:
                break
            gap += 1
        elif kind not in _INSIDE:
            gap += 1
            if gap > MAX_GAP:
                break
    return start


def _body_start(page: _Page, start: int, end: int) -> int:
    """Where the story starts: its dateline, or the first paragraph after the header."""
    for i in range(max(0, start - 3), min(end, start + 12)):
        text = page.texts[i]
        if _dateline_alone(text):
            return i
        if page.lines[i].is_prose and page.lines[i].words >= 8 and _dateline(text):
            return i
    # A subtitle, summary bullets or a caption may open the stretch: the body starts
    # after the last byline or date stamp among the first lines.
    last_meta = None
    for i in range(start, min(end, start + 12)):
        if page.kind(i) == f.META:
            last_meta = i
    if last_meta is not None:
        prose_before = sum(1 for i in range(start, last_meta) if page.lines[i].is_prose)
        if prose_before <= 4:
            for i in range(last_meta + 1, end):
                if page.lines[i].is_prose:
                    return i
    return start


def _dateline(text: str) -> re.Match[str] | None:
    for pattern in DATELINES:
        m = pattern.match(text)
        if m and not _DAYS.match(m["place"] if "place" in m.groupdict() and m["place"] else ""):
            return m
    return None


def _dateline_alone(text: str) -> bool:
    """A dateline on its own line ("Jakarta, CNN Indonesia --"), the lead below it."""
    m = _dateline(text)
    if m is None or text[m.end() :].strip():
        return False
    return re.search(r"(?:--|[-\u2013\u2014])\s*$", text) is not None


# --- Step 3: the headline ---------------------------------------------------------------

_CONTENT = re.compile(r"[^\W\d_]{4,}")


def _content_words(text: str) -> set[str]:
    stop = stopwords()
    return {w for w in (m.lower() for m in _CONTENT.findall(text)) if w not in stop or len(w) > 6}


def _overlap(candidate: str, story: str) -> float:
    words = _content_words(candidate)
    if not words:
        return 0.0
    return sum(1 for w in words if w in story) / len(words)


def _headline(page: _Page, start: int, end: int) -> int:
    """Index of the headline: above the body, sharing its words, next to its byline."""
    lead = range(start, min(end, start + 12))
    story = " ".join(page.texts[i] for i in lead if page.lines[i].is_prose).lower()
    best, best_score = -1, float("-inf")
    competing = 0
    lo = max(0, start - HEADLINE_WINDOW)
    for i in range(start - 1, lo - 1, -1):
        line = page.lines[i]
        candidate = (
            line.kind in (f.TITLE, f.LINK)
            or line.why == ALT_TEXT
            or (line.kind == f.PROSE and line.words <= 30 and not _dateline(page.texts[i]))
        )
        if candidate and 3 <= line.words <= 40:
            score = _headline_score(page, i, start, story, competing)
            if score > best_score:
                best, best_score = i, score
        if line.kind in (f.TITLE, f.LINK, f.PROSE, f.LIST, f.END):
            competing += 1
    if best < 0 or best_score < 0.5:
        raise ArticleError(_no_headline_message(page, start))
    return best


def _headline_score(page: _Page, i: int, start: int, story: str, competing: int) -> float:
    line = page.lines[i]
    overlap = _overlap(page.texts[i], story)
    # The byline, date or caption follow a headline, perhaps after one subtitle.
    follows = [page.kind(j) for j in range(i + 1, min(start + 1, i + 6))]
    meta_next = any(k in (f.META, f.CAPTION) for k in follows[:3]) or i + 1 == start
    # The byline and date stand below the headline; summary bullets stand below them.
    byline_below = any(page.kind(j) == f.META for j in range(i + 1, start))
    score = 2.0 * overlap + (1.0 if meta_next else 0.0) - 0.15 * max(0, competing - 1)
    score += 1.0 if byline_below else 0.0
    if f.ends_sentence(page.texts[i]) and not page.texts[i].endswith(("?", "!")):
        score -= 1.0  # headlines rarely end with a full stop
    if line.why == ALT_TEXT:
        score -= 0.5  # a short headline can stand right above the photo, like alt text
    if line.kind == f.LINK:
        score -= 0.75  # listed under "Terpopuler" or "Baca juga": usually another story
    if line.kind == f.PROSE:
        score -= 0.5  # a sentence more often than a headline
    if 5 <= line.words <= 25:
        score += 0.3
    return score


def _find_line(texts: Sequence[str], title: str, before: int) -> int | None:
    """The last line above the body that is the title, compared without case and
    punctuation (a page's og:title and its h1 differ in such details)."""
    want = _letters(title)
    hits = [i for i, t in enumerate(texts[:before]) if _letters(t) == want]
    return hits[-1] if hits else None


def _letters(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


# --- Step 4: header, body, tail ---------------------------------------------------------


@dataclass
class _Header:
    lede: str | None = None
    outlet: str | None = None
    brand: str | None = None  # a site label beside the byline ("kumparanBISNIS")
    published: dt.datetime | None = None
    published_is_update: bool = False
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)

    def take(self, credit: Credit, *, date: bool = True) -> None:
        self.authors += credit.authors
        self.editors += credit.editors
        if credit.outlet and self.outlet is None:
            self.outlet = credit.outlet
        if date and credit.published is not None:
            better = self.published is None or (self.published_is_update and not credit.updated)
            if better:
                self.published, self.published_is_update = credit.published, credit.updated


@dataclass
class _Body:
    dateline: str | None = None
    outlet: str | None = None
    captions: list[str] = field(default_factory=list)
    sections: list[tuple[str | None, list[str]]] = field(default_factory=list)


def _read_header(page: _Page, header: _Header, title_line: int, start: int) -> None:
    """Subtitle, bylines, date and captions between the headline and the body (and
    a date stamp or byline printed just above the headline)."""
    above = range(max(0, title_line - 3), max(0, title_line))
    for i in above:
        if page.kind(i) == f.META:
            credit = read_credit(page.texts[i])
            if credit is not None:
                header.take(credit)
    lo = title_line + 1 if title_line >= 0 else start
    seen_meta = False
    used: set[int] = set()
    for i in range(lo, start):
        text, kind = page.texts[i], page.kind(i)
        if kind == f.CAPTION:
            header.captions.append(text)
            continue
        readable = kind in (f.META, f.TITLE, f.SHORT)
        credit = read_credit(text, lenient=True) if readable else None
        if credit is not None and credit.label:
            _take_label(page, header, i, credit, used)
            seen_meta = True
            continue
        if credit is not None and i not in used:
            if _names_only(credit, text) and not _near_meta(page, i):
                continue  # a capitalised line far from any byline is not one
            header.take(credit)
            seen_meta = True
            continue
        if kind in (f.SHORT, f.TITLE) and re.fullmatch(BRAND, text) and header.brand is None:
            header.brand = outlet_name(text)
            continue
        if kind == f.PROSE and not seen_meta and header.lede is None and page.lines[i].words >= 6:
            header.lede = _tidy(text)
            continue
        if i not in used:
            log.debug("header: dropped %s: %r", page.lines[i].why or kind, text[:80])


def _names_only(credit: Credit, text: str) -> bool:
    return not credit.published and not credit.outlet and ":" not in text and "|" not in text


def _near_meta(page: _Page, i: int) -> bool:
    return any(page.kind(j) == f.META for j in (i - 1, i + 1, i + 2))


def _take_label(page: _Page, header: _Header, i: int, credit: Credit, used: set[int]) -> None:
    """Credit the name beside a label alone on its line: below it ("Reporter" /
    "Rahmat Fauzan"), or above it ("Nur Aini" / "Penulis"). ``used`` keeps a name
    line from being read twice."""
    header.take(credit, date=False)  # a label may name the outlet ("Jurnalis IDN Times")
    for j in (i + 1, i - 1):
        if 0 <= j < len(page.texts) and j not in used and is_byline_name(tidy_name(page.texts[j])):
            used.add(j)
            (header.authors if credit.label == "author" else header.editors).append(
                tidy_name(page.texts[j])
            )
            return


def _read_body(
    page: _Page, body: _Body, start: int, end: int, headings: frozenset[str], about: str
) -> None:
    """The paragraphs and headings of the story; ``about`` is its headline and subtitle."""
    story = " ".join(page.texts[i] for i in range(start, end) if page.lines[i].is_prose).lower()
    story += " " + about.lower()
    heading: str | None = None
    paragraphs: list[str] = []
    for i in range(start, end):
        line, text = page.lines[i], page.texts[i]
        if i == start and _dateline_alone(text):
            _take_dateline(page, body, text)
            continue
        if line.kind == f.ITEM and paragraphs and paragraphs[-1].endswith((":", ";")):
            item = _tidy(re.sub(r"^\s*(?:\d{1,2}[.)]|[-*\u2022\u00b7])\s*", "", text)).rstrip(".;,")
            paragraphs[-1] = f"{paragraphs[-1]} {item};"
            continue
        if paragraphs and paragraphs[-1].endswith(";"):
            paragraphs[-1] = paragraphs[-1][:-1] + "."  # the list is over
        if _is_text(page, i):
            if not body.sections and not paragraphs and body.dateline is None:
                text = _strip_dateline(page, body, text)
            # An embedded tweet's picture link is not part of what it says.
            text = re.sub(r"\s*\bpic\.twitter\.com/\S+", "", text)
            # Editors' initials and pasted markdown marks close some paragraphs.
            text = _tidy(
                re.sub(rf"\s*(?:{INITIALS.pattern})\s*$", "", text.rstrip("*_~ "), flags=re.I)
            )
            if _unsure(line):
                log.info("kept a line that may not be news (%s): %r", _doubt(line), text[:80])
            if text:
                paragraphs.append(text)
            continue
        if line.kind == f.CAPTION:
            body.captions.append(text)
            continue
        if _is_heading(page, i, end, story, headings):
            if paragraphs or heading is not None:
                body.sections.append((heading, paragraphs))
            heading, paragraphs = _decapitalise(_tidy(text)), []
            continue
        if line.kind == f.META:
            continue  # read with the tail
        log.debug("dropped %s: %r", line.why or line.kind, text[:80])
    if paragraphs and paragraphs[-1].endswith(";"):
        paragraphs[-1] = paragraphs[-1][:-1] + "."
    if paragraphs:
        body.sections.append((heading, paragraphs))


def _unsure(line: f.Line) -> bool:
    return not line.is_prose or line.words < 6 or f.stop_density(line.text) < 0.15


def _doubt(line: f.Line) -> str:
    if not line.is_prose:
        return "no full stop"
    if line.words < 6:
        return "very short"
    return "few Indonesian function words"


def _is_heading(page: _Page, i: int, end: int, story: str, headings: frozenset[str]) -> bool:
    """A sub-heading of this article: one headline-shaped line, followed by a paragraph,
    about what the article is about. Not a link to another story, not a menu item."""
    line, text = page.lines[i], page.texts[i]
    if text in headings and page.kind(i) not in (f.LIST, f.END, f.LINK, f.CHROME):
        return True
    if line.kind != f.TITLE or line.words > 16:
        return False
    if line.words < 2 and not _NUMBERED.match(text):
        return False
    if re.search(r"\.\s+\S", _NUMBERED.sub("", text)):
        # Two sentences: a caption or a teaser. ("Apa Itu Clubhouse? Dipakai Elon Musk"
        # is a heading: a question may lead one.)
        return False
    nxt = next((j for j in range(i + 1, end) if page.kind(j) not in (f.CAPTION, f.CHROME)), None)
    if nxt is None or not page.lines[nxt].is_prose:
        return False
    previous = page.lines[i - 1] if i > 0 else None
    if previous is not None and (
        previous.kind in (f.TITLE, f.LIST, f.SHORT)
        or previous.why.startswith("a link listed under")
    ):
        # The last of a list of headlines, or the title under an embed's label
        # ("Databoks", "Grafik"), not a heading.
        return False
    if any(w in story for w in _content_words(text)):
        return True
    # A short line between two paragraphs heads the second, whatever its words.
    above = next(
        (j for j in range(i - 1, -1, -1) if page.kind(j) not in (f.CAPTION, f.CHROME)), None
    )
    return line.words <= 6 and above is not None and page.lines[above].is_prose


def _read_tail(page: _Page, header: _Header, start: int, end: int) -> None:
    """Credits printed in or after the story: "Pewarta: X", "Editor: Y", "(Name)".

    Liputan6 prints "Reporter: X" before a second page of the story, so credits
    count from the body's start to the first list of other stories after it.
    """
    used: set[int] = set()
    for i in range(start, min(len(page.lines), end + TAIL_LINES)):
        kind = page.kind(i)
        if i >= end and kind in (f.END, f.CLOSE):
            break
        if kind != f.META or i in used:
            continue
        credit = read_credit(page.texts[i])
        if credit is None:
            continue
        if credit.label:
            _take_label(page, header, i, credit, used)
        else:
            header.take(credit, date=False)
    # The footer's copyright names the site when nothing else does.
    for text in page.texts[end:]:
        m = _COPYRIGHT.match(text)
        if m and re.search(r"\u00a9|copyright|\(c\)", text, re.I):
            page.found.setdefault("copyright", m["name"].strip(" .-"))


def _take_dateline(page: _Page, body: _Body, text: str) -> None:
    m = _dateline(text)
    if m is None:
        return
    place = (m.groupdict().get("place") or "").strip()
    outlet = m.groupdict().get("outlet")
    if place and not outlet and _simple(place) in _site_names(page):
        # "VIVA -", "PIKIRAN RAKYAT -": the site's own name opens the story, not a place.
        outlet, place = place.title() if place.isupper() and " " in place else place, ""
    if place:
        body.dateline = place.title() if place.isupper() else place
    if outlet:
        body.outlet = outlet_name(outlet.strip())


def _strip_dateline(page: _Page, body: _Body, text: str) -> str:
    m = _dateline(text)
    if m is None:
        return text
    _take_dateline(page, body, text)
    return text[m.end() :].strip()


def _simple(name: str) -> str:
    """A site's name compared loosely: "VIVA.co.id", "VIVA" and "viva" are one."""
    name = re.sub(r"\.(?:co\.id|com|co|id|net|org|tv)$", "", name.strip().lower())
    return re.sub(r"[^a-z0-9]", "", name)


def _credit_sources(caption: str) -> set[str]:
    """The names in a caption's closing credit ("... Sumedang. /Pikiran Rakyat/Ahmad",
    "(Liputan6.com/Herman)", "Foto: X/kumparan"): a site and a photographer, in either
    order. Only the credit after the caption's last sentence counts."""
    tail = re.split(r"[.!?]\s|[(\[]", caption)[-1]
    if "/" not in tail:
        return set()
    tail = re.sub(r"^\s*(?:\u00a9\s*\d{4}|foto|photo|dok|doc)\s*[.:]?\s*", "", tail, flags=re.I)
    return {_simple(part) for part in tail.split("/") if 0 < len(part.split()) <= 3}


def _site_names(page: _Page) -> set[str]:
    """Names the page gives its site: labels at its top, brands, the copyright holder,
    and the source of its own photos' credits ("Foto: VIVA/Andri")."""
    if "sites" not in page.found:
        names = {_simple(t) for t in page.texts[:3] if len(t.split()) <= 4}
        names |= {_simple(t) for t in page.texts[:40] if re.fullmatch(BRAND, t)}
        for i, line in enumerate(page.lines):
            if line.kind == f.CAPTION:
                names |= _credit_sources(page.texts[i])
        for text in page.texts:
            m = _COPYRIGHT.match(text)
            if m and re.search(r"\u00a9|copyright|\(c\)", text, re.I):
                words = m["name"].split()
                names |= {_simple(" ".join(words[:k])) for k in range(1, len(words) + 1)}
        page.found["sites"] = names - {""}
    sites = page.found["sites"]
    assert isinstance(sites, set)
    return sites


def _outlet(page: _Page, header: _Header, body: _Body, hint: str | None) -> str | None:
    top = next((t for t in page.texts[:3] if re.fullmatch(BRAND, t)), None)
    found = (
        body.outlet,
        header.outlet,
        hint,
        header.brand,
        top,
        _domain_in_furniture(page),
        page.found.get("copyright"),
    )
    for candidate in found:
        if isinstance(candidate, str) and candidate:
            return outlet_name(candidate) if re.fullmatch(BRAND, candidate) else candidate
    return None


def _domain_in_furniture(page: _Page) -> str | None:
    """The site's domain as its own furniture names it ("pelanggan Kompas.id", "©
    suara.com"), outside links: a company's name in a copyright line is not the site's."""
    for line in page.lines:
        if line.kind not in (f.CHROME, f.END):
            continue
        bare = re.sub(r"\S*(?:https?:|www\.|/)\S*", " ", line.text)
        m = re.search(rf"(?<![\w.@]){DOMAIN}(?!\w|\.\w)", bare)
        if m:
            return m[0]
    return None


def _people(authors: Sequence[str], editors: Sequence[str], outlet: str | None) -> tuple[str, ...]:
    """Authors once each; never the editor, never the outlet itself."""
    editors_low = {e.lower() for e in editors}
    out = []
    for name in _unique(tidy_name(a) for a in authors):
        low = name.lower()
        if low in editors_low or (outlet and low == outlet.lower()) or not is_name(name):
            continue
        out.append(name)
    return tuple(out)


def _unique(items: Iterable[str]) -> list[str]:
    """Each name once, whatever its case, in the order first met."""
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(item.lower(), item)
    return [v for k, v in seen.items() if k]


def _decapitalise(text: str) -> str:
    """An all-capitals headline in Title Case, so that engines read words, not letters.
    Short words that are not Indonesian words stay in capitals: they are acronyms
    ("DPR", "BBM")."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 12 or any(c.islower() for c in letters):
        return text

    def word(m: re.Match[str]) -> str:
        w = m[0]
        if len(w) <= 3 and w.lower() not in stopwords():
            return w
        return w.capitalize()

    return re.sub(r"[^\W\d_]+", word, text)


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- Errors ------------------------------------------------------------------------------


def _no_article_message(page: _Page) -> str:
    n = len(page.lines)
    prose = sum(1 for line in page.lines if line.is_prose)
    if n == 1:
        found = "its one line is not a sentence of news"
    elif prose == 0:
        found = f"none of its {n} lines reads as a sentence of news"
    else:
        found = f"only {prose} of its {n} lines read as sentences, and they form no story"
    return f"no article found: {found} (expected a headline, then paragraphs of news)"


def _no_headline_message(page: _Page, start: int) -> str:
    first = page.texts[start][:50]
    return (
        f"no headline found above the story that starts {first!r}: expected the title "
        "on its own line above the byline, date or first paragraph"
    )
