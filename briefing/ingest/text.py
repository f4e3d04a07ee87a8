"""Parse news pages pasted as plain text into an :class:`~briefing.models.Article`.

Pasted pages from Indonesian outlets share one shape: the title first, then a
subtitle, byline and date lines, photo captions, a dateline opening the body,
paragraphs (one per line), sub-headings, and a tail of page furniture. The
outlet-specific wording lives in the pattern tables below, not in code paths
per outlet, so a new layout is usually a new table row.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from briefing.errors import ArticleError
from briefing.models import Article, Quote, Section


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Lines that are never part of the story, wherever they appear.
FURNITURE: tuple[re.Pattern[str], ...] = tuple(
    _rx(p)
    for p in (
        r"saksikan video.*",
        r"simak (juga )?video.*",
        r"baca (juga|pula)\s*:?.*",
        r"lanjutkan membaca.*",
        r"loading\.*",
        r"advertisement",
        r"scroll to continue with content",
        r"lihat foto",
        r"(ikuti|gabung|join).*(telegram|whatsapp|google news|saluran).*",
        r"simak breaking news.*",
        r".*\b(newsletter|berlangganan)\b.*",
        r"(copyright|hak cipta|©).*",
        r"home\s*[>/\u00bb\u203a].*",
        r"\(\s*[a-z]{2,5}\s*/\s*[a-z]{2,5}\s*\)",
        r"[\s\u00a0]*",
    )
)
# Breadcrumbs pasted without separators ("HomeTeknoTech News") only show as
# capitalised words glued to "Home", so this one is case-sensitive.
BREADCRUMB = re.compile(r"Home(?:[A-Z][\w-]*\s?){1,4}")

# The article ends where these begin: lists of other stories follow them.
STOP: tuple[re.Pattern[str], ...] = tuple(
    _rx(p)
    for p in (
        r"populer",
        r"berita terkini( selengkapnya)?",
        r"berita terkait",
        r"artikel terkait",
        r"terpopuler",
        r"rekomendasi untuk anda",
    )
)

# Outlets that sign datelines and bylines without a domain name.
OUTLET_NAMES = (
    r"CNN Indonesia", r"CNBC Indonesia", r"ANTARA", r"IDN Times", r"Republika", r"VIVA",
    r"detik\w*", r"kumparan\w*", r"Tribun\w*",
)  # fmt: skip

# Openings of the first paragraph: "Liputan6.com, Jakarta -", "JAKARTA, KOMPAS.com -",
# "Jakarta (ANTARA) -", "Jakarta, CNN Indonesia --", "Jakarta -". Named groups give the
# outlet and the place.
_PLACE = r"(?P<place>[A-Z][A-Za-z.'\- ]{1,40}?)"
_OUTLET = rf"(?P<outlet>[A-Za-z0-9]+(?:\.[A-Za-z]{{2,}})+|{'|'.join(OUTLET_NAMES)})"
_DASH = r"\s*(?:--|[-\u2013\u2014])"
DATELINES: tuple[re.Pattern[str], ...] = (
    re.compile(rf"^{_OUTLET},\s*{_PLACE}(?:{_DASH}|\s+(?=[A-Z]))\s*"),
    re.compile(rf"^{_PLACE},\s*{_OUTLET}{_DASH}\s*", re.IGNORECASE),
    re.compile(rf"^{_PLACE}\s*\((?P<outlet>[A-Za-z][\w. ]{{1,20}})\){_DASH}\s*"),
    re.compile(rf"^(?P<place>[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?){_DASH}\s+"),
)

# Byline and editing lines. Group "name" is a person, or an outlet for "oleh X.com".
# A person's name: capitalised words (particles like "bin" allowed), or an outlet's
# domain. Anything looser turns sentences that start "Penulis ..." into bylines.
_WORD = r"[A-Z][\w.'\u2019-]*"
_NAME = rf"(?P<name>{_WORD}(?:\s+(?:{_WORD}|bin|binti|van|de|al|el)){{0,5}})"
# Labels match in any case ("Penulis", "PENULIS"); names must be capitalised. A label
# needs a colon or a separator ("Penulis: X", "X - Penulis"), so that a headline or
# sub-heading such as "Wartawan Senior Meninggal Dunia" is never taken for a byline.
AUTHOR_LINES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        rf"(?i:oleh)\s*:?\s*{_NAME}(?:\s+(?i:diperbarui|diterbitkan|dipublikasikan)\b.*)?",
        rf"(?i:penulis|reporter|pewarta|wartawan|kontributor|laporan)\s*:\s*{_NAME}",
        rf"{_NAME}\s*[-|]\s*(?i:penulis|reporter|kontributor)",
        # detik: "Rina Kurnia - detikNews"
        rf"{_NAME}\s+[-|]\s+{_OUTLET}",
    )
)
EDITOR_LINES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        rf"(?i:editor|penyunting|redaktur)\s*:\s*{_NAME}",
        rf"{_NAME}\s*[-|]\s*(?i:editor)",
    )
)
# Words that mark a line as the page's date stamp rather than a sentence.
DATE_WORDS = _rx(r"\b(?:diperbarui|diterbitkan|dipublikasikan|terbit|published|updated)\b")
# How a bare date stamp starts: a weekday, a digit, or "Kompas.com -". A headline that
# merely mentions a date ("Libur 25 Desember 2026 ...") starts otherwise.
DATE_STAMP = _rx(
    r"^(?:(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu)\b|\d|[\w.]+\.(?:com|co|id)\s*[-\u2013])"
)
# Credits at the end of photo captions: "(AFP)", "(Doc: Liputan6.com)", "(KOMPAS.com/NUR AINI)".
CAPTION_CREDIT = _rx(
    r"\((?:afp|ap|reuters|antara[^)]*|doc[.:][^)]*|dok[.:][^)]*|foto[:][^)]*|istimewa|"
    r"ilustrasi[^)]*|shutterstock[^)]*|[^)]*\.com/[^)]*|[^)]*\.(?:com|id|co\.id))\)\s*$"
)
# Captions that announce themselves: "Foto: ...", "Ilustrasi. ...".
CAPTION_START = _rx(r"^(?:foto|ilustrasi|dok\.|dokumentasi)\s*[:.]\s*\S")
EDITOR_INITIALS = re.compile(r"\s*\(\s*[a-z]{2,5}\s*/\s*[a-z]{2,5}\s*\)\s*$", re.IGNORECASE)
QUOTE = re.compile(r"[\"\u201c\u201d]([^\"\u201c\u201d]{12,}?)[\"\u201c\u201d]")
SPEECH_VERBS = (
    r"(?:kata|ujar|ucap|tutur|jelas|ungkap|imbuh|tambah|terang|tegas|sebut|papar)(?:nya)?"
)
# "Dedi Kurniadi mengatakan, "..."": the speaker named before the quote.
LEAD_IN_VERBS = (
    r"(?:mengatakan|menyatakan|menegaskan|menjelaskan|mengungkapkan|menuturkan|menyebut|berkata)"
)
QUOTE_LEAD_IN = re.compile(
    rf"(?P<name>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){{0,3}})\s+{LEAD_IN_VERBS}\s*[,:]?\s*$"
)
QUOTE_SPEAKER = re.compile(
    rf"^[,.]?\s*{SPEECH_VERBS}\s+(?P<name>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){{0,3}})"
)

MONTHS = {
    "jan": 1, "januari": 1, "january": 1,
    "feb": 2, "februari": 2, "pebruari": 2, "february": 2,
    "mar": 3, "maret": 3, "march": 3,
    "apr": 4, "april": 4,
    "mei": 5, "may": 5,
    "jun": 6, "juni": 6, "june": 6,
    "jul": 7, "juli": 7, "july": 7,
    "agu": 8, "agt": 8, "ags": 8, "agustus": 8, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9,
    "okt": 10, "oktober": 10, "oct": 10, "october": 10,
    "nov": 11, "nopember": 11, "november": 11,
    "des": 12, "desember": 12, "dec": 12, "december": 12,
}  # fmt: skip
ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
_DATETIME = re.compile(
    r"(?P<d>\d{1,2})(?:\s+(?P<mon>[A-Za-z]{3,9})\.?\s+|/(?P<m>\d{1,2})/)(?P<y>\d{4})"
    r"(?:\s*,?\s*(?:pukul\s*)?(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:\s*(?P<zone>WIB|WITA|WIT)\b)?)?",
    re.IGNORECASE,
)

_TERMINAL = re.compile(r"[.!?\"\u201d)]\s*$")


@dataclass
class _Builder:
    """Mutable state while walking a page; frozen into an Article at the end."""

    title: str = ""
    lede: str | None = None
    outlet: str | None = None
    dateline: str | None = None
    published: dt.datetime | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    sections: list[tuple[str | None, list[str]]] = field(default_factory=list)
    # The first three DATELINES plus, for a page whose site name we know, "PLACE, Site -".
    datelines: tuple[re.Pattern[str], ...] = DATELINES[:3]

    def add_person(self, bucket: list[str], name: str) -> None:
        name = _undouble(name.strip(" ,;|-"))
        if not name or re.fullmatch(r"[\w.-]+\.(?:com|id|co\.id)", name, re.IGNORECASE):
            # "oleh Liputan6.com" names the outlet, not a person.
            if name and self.outlet is None:
                self.outlet = name
            return
        if name not in bucket:
            bucket.append(name)


def parse_text(text: str, *, source_url: str | None = None, outlet: str | None = None) -> Article:
    """Parse one pasted news page. Raises ArticleError when no story can be found.

    ``outlet`` is the site's name when the caller knows it (a feed's or page's
    own metadata): it is the credit unless the text names another, and it
    opens datelines ("SEMARANG, Warta Harian -") like the outlets listed here.
    """
    lines = _clean_lines(text)
    if not lines:
        raise ArticleError("no article text found")
    b = _Builder(outlet=outlet)
    if outlet:
        b.datelines += (
            re.compile(rf"^{_PLACE},\s*(?P<outlet>{re.escape(outlet)}){_DASH}\s*", re.IGNORECASE),
        )
    rest = _take_title(b, lines)
    body_start = _find_body_start(rest, b.datelines)
    _read_header(b, rest[:body_start])
    _read_body(b, rest[body_start:])
    if not any(paras for _, paras in b.sections):
        raise ArticleError("no article body found after the title")
    quotes = tuple(_quotes(p for _, paras in b.sections for p in paras))
    return Article(
        title=_tidy(b.title),
        lede=b.lede,
        outlet=b.outlet,
        dateline=b.dateline,
        published=b.published,
        authors=tuple(b.authors),
        editors=tuple(b.editors),
        captions=tuple(b.captions),
        sections=tuple(Section(h, tuple(ps)) for h, ps in b.sections if ps),
        quotes=quotes,
        source_url=source_url,
    )


def _take_title(b: _Builder, lines: list[str]) -> list[str]:
    """Set the title from the first headline-like line; return the lines after it.

    Pages often open with a site label ("detikNews", "CNN Indonesia") or a date
    stamp before the headline: labels are dropped, date stamps kept as metadata.
    """
    for i, line in enumerate(lines[:8]):
        if _read_meta(b, line, in_header=True) or _is_caption(line):
            continue
        if len(line.split()) < 3 or _is_outlet_name(line):
            continue  # a site label or section name
        if (_dateline(line) and _is_paragraph(line)) or len(line.split()) > 30:
            break  # the body already: the page has no headline
        b.title = line
        return lines[i + 1 :]
    raise ArticleError("no headline found: the first line should be the article's title")


def _is_outlet_name(line: str) -> bool:
    return bool(re.fullmatch(_OUTLET, line, re.IGNORECASE))


def _is_caption(line: str) -> bool:
    return bool(CAPTION_CREDIT.search(line) or CAPTION_START.match(line))


def _dateline(line: str) -> re.Match[str] | None:
    for pattern in DATELINES:
        m = pattern.match(line)
        if m:
            return m
    return None


def _clean_lines(text: str) -> list[str]:
    """Non-blank lines, normalised, with furniture removed and the page tail cut."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u200b", "")
    out: list[str] = []
    for raw in text.splitlines():
        line = re.sub(r"[ \t]+", " ", raw).strip()
        if not line:
            continue
        if any(p.fullmatch(line) for p in STOP):
            break
        if BREADCRUMB.fullmatch(line) or any(p.fullmatch(line) for p in FURNITURE):
            continue
        out.append(line)
    return out


def _is_paragraph(line: str) -> bool:
    return len(line.split()) >= 12 and bool(_TERMINAL.search(line))


def _find_body_start(lines: list[str], datelines: Sequence[re.Pattern[str]]) -> int:
    """Index of the first body paragraph: the dateline if there is one."""
    head = lines[:15]
    for i, line in enumerate(head):
        m = next((m for p in datelines if (m := p.match(line))), None)
        # A dateline opens the body, whether the text follows on its line or the next.
        if m and (len(line.split()) >= 8 or not line[m.end() :].strip()):
            return i

    # Without a dateline, the header is bylines, date stamps, captions and their
    # alt text, with at most one subtitle directly above them; the body is what follows.
    def headerish(j: int) -> bool:
        if j >= len(lines):
            return False
        line = lines[j]
        alt_text = len(line.split()) <= 6 and j + 1 < len(lines) and _is_caption(lines[j + 1])
        return bool(
            _meta_kind(line, in_header=True)
            or _is_caption(line)
            or line.lower() in _LABELS
            or alt_text
        )

    subtitle_seen = False
    for i in range(len(lines)):
        if headerish(i):
            continue
        if not subtitle_seen and headerish(i + 1):
            subtitle_seen = True
            continue
        return i
    return len(lines)


_LABELS = {"penulis", "editor", "reporter", "pewarta", "penyunting"}


def _meta_kind(line: str, *, in_header: bool) -> str | None:
    words = len(line.split())
    if words > 16:
        return None
    stamp = in_header and words <= 8 and DATE_STAMP.match(line)
    if _DATETIME.search(line) and (DATE_WORDS.search(line) or stamp):
        return "date"
    if any(p.fullmatch(line) for p in EDITOR_LINES):
        return "editor"
    if any(p.fullmatch(line) for p in AUTHOR_LINES):
        return "author"
    return None


def _read_meta(b: _Builder, line: str, *, in_header: bool) -> bool:
    parts = [p.strip() for p in line.split("|")]
    if len(parts) > 1 and all(parts) and all(_meta_kind(p, in_header=in_header) for p in parts):
        # Several bylines on one line: "Penulis: Andi Saputra | Editor: Budi Santoso".
        for part in parts:
            _read_meta(b, part, in_header=in_header)
        return True
    kind = _meta_kind(line, in_header=in_header)
    if kind is None:
        return False
    if kind == "date":
        when = parse_datetime(line)
        if when is not None and b.published is None:
            b.published = when
        m = AUTHOR_LINES[0].fullmatch(line)
        if m:
            b.add_person(b.authors, m["name"])
        outlet = re.match(r"([A-Za-z0-9]+\.(?:com|id|co\.id))\s*[-\u2013]", line)
        if outlet and b.outlet is None:
            b.outlet = _outlet_name(outlet[1])
        return True
    patterns = EDITOR_LINES if kind == "editor" else AUTHOR_LINES
    for p in patterns:
        m = p.fullmatch(line)
        if m:
            b.add_person(b.editors if kind == "editor" else b.authors, m["name"])
            if m.groupdict().get("outlet") and b.outlet is None:
                b.outlet = _outlet_name(m["outlet"])
            break
    return True


def _read_header(b: _Builder, lines: list[str]) -> None:
    previous: str | None = None
    for line in lines:
        low = line.lower().rstrip(":")
        if low in _LABELS and previous is not None:
            # Kompas puts the label after the name: "Nur Aini" / "Penulis".
            bucket = b.editors if low in ("editor", "penyunting") else b.authors
            b.add_person(bucket, previous)
        elif _read_meta(b, line, in_header=True):
            pass
        elif _is_caption(line):
            b.captions.append(line)
        elif b.lede is None and len(line.split()) >= 8 and not b.published:
            b.lede = line
        previous = line
    # A short name line followed by its label was consumed above; a lone short line
    # before a caption is the photo's alt text and is dropped with the rest.


def _read_body(b: _Builder, lines: list[str]) -> None:
    content: list[str] = []
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if _read_meta(b, line, in_header=False):
            continue
        if _is_caption(line) and len(line.split()) <= 40:
            b.captions.append(line)
        elif _is_caption(nxt) and len(line.split()) <= 6:
            pass  # the photo's alt text, right above its caption
        else:
            content.append(line)

    heading: str | None = None
    paragraphs: list[str] = []
    for i, line in enumerate(content):
        if _is_heading(line, content[i + 1] if i + 1 < len(content) else None):
            if paragraphs or heading is not None:
                b.sections.append((heading, paragraphs))
            heading, paragraphs = _tidy(line), []
            continue
        text = EDITOR_INITIALS.sub("", line)
        if not b.sections and not paragraphs:
            text = _strip_dateline(b, text)
        if text:
            paragraphs.append(_tidy(text))
    if paragraphs:
        b.sections.append((heading, paragraphs))


def _is_heading(line: str, nxt: str | None) -> bool:
    """A short line without closing punctuation, followed by a real paragraph."""
    if nxt is None or len(line.split()) > 14 or _dateline(line):
        return False
    if line.endswith((".", ",", ";", ":", '"', "\u201d")):
        return False
    return _is_paragraph(nxt)


def _strip_dateline(b: _Builder, text: str) -> str:
    m = next((m for p in b.datelines[3:] if (m := p.match(text))), None) or _dateline(text)
    if m is None:
        return text
    place = m["place"].strip()
    b.dateline = place.title() if place.isupper() else place
    outlet = m.groupdict().get("outlet")
    if outlet:
        b.outlet = _outlet_name(outlet)
    return text[m.end() :].strip()


def _outlet_name(raw: str) -> str:
    known = {"kompas.com": "Kompas.com", "liputan6.com": "Liputan6.com", "antara": "ANTARA",
             "tempo.co": "Tempo.co"}  # fmt: skip
    return known.get(raw.lower(), raw)


def _quotes(paragraphs: Iterable[str]) -> Iterable[Quote]:
    for para in paragraphs:
        for m in QUOTE.finditer(para):
            text = m[1].strip().rstrip(",")
            if len(text.split()) < 3:
                continue
            speaker = QUOTE_SPEAKER.match(para[m.end() :]) or QUOTE_LEAD_IN.search(
                para[: m.start()]
            )
            name = speaker["name"].rstrip(".,") if speaker else None
            yield Quote(text=text, speaker=name)


def parse_datetime(text: str) -> dt.datetime | None:
    """The first date (and time, and zone) written in ``text``, or None.

    Without a zone the time is taken as WIB, the zone Indonesian outlets date in.
    """
    for m in _DATETIME.finditer(text):
        if m["mon"]:
            month = MONTHS.get(m["mon"].lower().rstrip("."))
            if month is None:
                continue
        else:
            month = int(m["m"])
        try:
            day = dt.date(int(m["y"]), month, int(m["d"]))
        except ValueError:
            continue
        hour, minute = (int(m["H"]), int(m["M"])) if m["H"] else (0, 0)
        if hour > 23 or minute > 59:
            hour, minute = 0, 0
        zone = ZoneInfo(ZONES[(m["zone"] or "WIB").upper()])
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)
    return None


def _undouble(name: str) -> str:
    """'Andi SaputraAndi Saputra' -> 'Andi Saputra' (pages paste the byline twice)."""
    m = re.fullmatch(r"(.+?)\s*\1", name)
    return m[1] if m else name


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
