"""Bylines, date stamps, credits and datelines as Indonesian outlets print them.

Every outlet words them its own way ("Penulis: X | Editor: Y", "Rep: X/ Red: Y",
"X , Jurnalis · Rabu ...", "X - detikJatim", "Laporan Wartawan Tribunnews.com, X",
a label alone on its line with the name above or below it). Rather than one rule
per outlet, a line is cut at its separators and each part is read as a label, a
name, an outlet, or a date; the line is a credit only when every part is one of
those. Names are checked for shape, and labels never become part of a name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from briefing.ingest.stoplist import stopwords

# --- Names, outlets, labels ----------------------------------------------------------
_PARTICLE = r"(?:bin|binti|van|de|der|al|el|da|dos|von)"
_NAME_WORD = r"(?:[A-Z][\w'\u2019.-]*|[A-Z]\.)"
NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|{_PARTICLE}\b))" + "{0,5}"
_NAME_RX = re.compile(NAME)
# A site's name: a domain ("Liputan6.com", "TRIBUNNEWS.COM"), or a brand written in
# camel case ("detikJatim", "kumparanBISNIS").
DOMAIN = r"[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z]{2,}){1,2}"
BRAND = rf"(?:{DOMAIN}|[a-z]+[A-Z][A-Za-z0-9]*)"
_DOMAIN_RX = re.compile(DOMAIN)
_BRAND_RX = re.compile(BRAND)

AUTHOR_LABELS = (
    r"penulis|reporter|pewarta|wartawan|jurnalis|kontributor|koresponden|rep|writer|author"
    r"|laporan(?: wartawan| reporter| kontributor| jurnalis)?|teks|text|oleh|by|ditulis oleh"
    r"|diposting oleh|dikirim oleh|posted by|written by"
)
EDITOR_LABELS = r"editor|penyunting|redaktur|red|editing|disunting oleh|editor's"
OTHER_LABELS = (
    r"fotografer|foto|videografer|video|grafis|infografis|penerjemah|sumber|peranan|jabatan|role"
)
_ONE_LABEL = rf"(?:{AUTHOR_LABELS}|{EDITOR_LABELS}|{OTHER_LABELS})"
# "Redaktur & Reporter : X": one person in two roles.
_LABEL = rf"{_ONE_LABEL}(?:\s*(?:&|/|\bdan\b)\s*{_ONE_LABEL})?"
# A label alone ("Reporter"), or with its outlet ("Jurnalis IDN Times"): the name is on
# the line above or below. An outlet here is a domain, a brand or has an acronym in it.
_OUTLET_AFTER_LABEL = rf"(?-i:{BRAND}|(?:[A-Z][\w.]*\s)?[A-Z]{{2,}}(?:\s[A-Z][\w.]*){{0,2}})"
LABEL_ALONE = re.compile(
    rf"(?P<label>{_LABEL})(?:\s+(?P<outlet>{_OUTLET_AFTER_LABEL}))?\s*:?", re.I
)

# Words that are never names, though capitalised on a page.
NOT_NAMES = frozenset(
    """
    lihat foto video galeri tim redaksi share bagikan follow ikuti berita baca juga terkait
    home beranda login masuk daftar cari search menu terpopuler populer terkini terbaru
    tags tag topik komentar iklan advertisement editor penulis reporter pewarta wartawan
    jurnalis kontributor penyunting redaktur oleh verified terverifikasi writer author
    selengkapnya senin selasa rabu kamis jumat sabtu minggu wib wita wit diperbarui
    diterbitkan update updated published research riset news desk newsroom admin staff
    """.split()  # noqa: SIM905 - a word list reads better as text
)

# Words of job titles and institutions: they precede a name in a run of capitals
# ("Kepala Dinas ... Andi Rahman") and are never part of a byline's name
# ("Mahasiswa Agribisnis Universitas Sebelas Maret" is a writer's bio line).
TITLE_WORDS = frozenset(
    """
    kepala direktur dirut menteri wamen ketua wakil gubernur wagub bupati wabup wali kota
    walikota presiden wapres sekretaris jenderal sekjen kapolri kapolda kapolres kapolsek
    kasat kabid kasi kadis camat lurah kades pelatih analis ekonom pengamat juru bicara
    jubir manajer manager general vice president public relations head chief officer
    corporate secretary komisaris komandan panglima danrem dandim kasad plt pj plh staf
    khusus anggota senior dinas badan balai kantor pusat bidang divisi bagian unit
    universitas mahasiswa mahasiswi dosen guru institut fakultas sekolah peneliti aktivis
    pegiat alumni pengurus kementerian pemerintah
    """.split()  # noqa: SIM905 - a word list reads better as text
)

# --- Dates ---------------------------------------------------------------------------
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
    r"(?P<d>\d{1,2})(?:\s+(?P<mon>[A-Za-z]{3,9})\.?\s+|[/-](?P<m>\d{1,2})[/-])(?P<y>\d{4})"
    r"(?:[\s,|/\u00b7\u2022\-\u2013]*(?:pukul\s*)?(?P<H>\d{1,2})[:.](?P<M>\d{2})(?::\d{2})?"
    r"(?:\s*(?P<zone>WIB|WITA|WIT)\b)?)?",
    re.IGNORECASE,
)
_ISO_DATETIME = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::\d{2})?)?"
)
# Words a date stamp is made of besides the date itself.
STAMP_WORDS = re.compile(
    r"\b(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad|diperbarui|diterbitkan"
    r"|dipublikasikan|terbit|tayang|published|updated?|posted|pukul|wib|wita|wit|jam"
    r"|dibuat|modified|tanggal|waktu|on|at|pada)\b",
    re.IGNORECASE,
)
UPDATED = re.compile(r"\b(?:diperbarui|updated?|modified|terakhir diubah)\b", re.IGNORECASE)
RELATIVE_TIME = re.compile(
    r"(?:\d+|beberapa|se)\s*(?:detik|menit|jam|hari|minggu|bulan)\s*(?:yang\s*)?lalu"
    r"|(?:\d+\s*)?(?:sec|min|hour|day)s? ago",
    re.IGNORECASE,
)

# --- Captions and credits ------------------------------------------------------------
# "(Liputan6.com/Rizki)", "[Suara.com/Alfian]", "TEMPO/Aditya Nugraha", "ANTARA FOTO/A/nym.",
# "Foto: X/kumparan", "©2026 Merdeka.com/X", "Bisnis/Arief Hermawan P": a source, a slash,
# a name, closing the line.
_CREDIT_END = re.compile(
    r"(?:[(\[]\s*)?(?:©\s*\d{4}\s*)?(?:(?:foto|photo|dok|doc)\s*[.:]\s*)?"
    r"[A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*){0,3}\s?/\s?[\w.' -]{2,60}(?:/[\w. -]{1,20})?"
    r"[)\]]?\.?\s*$"
)
_CREDIT_WORDS = re.compile(
    r"[(\[]\s*(?:afp|ap(?: photo)?|reuters|antara(?: foto)?[^)\]]*|epa|getty images?[^)\]]*"
    r"|istimewa|dok(?:umentasi)?\.?[^)\]]*|doc[.:][^)\]]*|foto\s*:[^)\]]*|ilustrasi[^)\]]*"
    r"|shutterstock[^)\]]*|freepik[^)\]]*|unsplash[^)\]]*|pexels[^)\]]*|tangkapan layar[^)\]]*"
    r"|screenshot[^)\]]*|[^)\]]*\.(?:com|co\.id|id|co)(?:/[^)\]]*)?)\s*[)\]]\s*\.?\s*$",
    re.IGNORECASE,
)
CAPTION_START = re.compile(
    r"^(?:foto|photo|ilustrasi|dok\.|dokumentasi|tangkapan layar|screenshot|video)\s*[:.]\s*\S"
    r"|^(?:sumber|keterangan|kredit) (?:gambar|foto|video)\s*[:,]\s*\S",
    re.IGNORECASE,
)
# "Ilustrasi vaksinasi. Medcom.id": a short description, then the site as its credit.
_DOMAIN_CREDIT = re.compile(rf"[.!?]\s+(?:\u00a9\s*)?{DOMAIN}\.?$")
INITIALS = re.compile(
    r"\(\s*[a-z][a-z0-9]{1,4}\s*(?:/\s*[a-z][a-z0-9]{1,4}\s*){1,3}\)\.?", re.IGNORECASE
)


def caption_credit(line: str) -> bool:
    """True for a photo caption: it announces itself or ends with a photo credit."""
    if CAPTION_START.match(line):
        return True
    if len(line.split()) <= 30 and _DOMAIN_CREDIT.search(line):
        return True
    tail = line[-90:]
    if _CREDIT_WORDS.search(tail):
        return True
    m = _CREDIT_END.search(tail)
    # Digits on both sides of the slash are a date or a fraction ("(9/11)"), not a credit.
    return m is not None and not re.search(r"\d\s?/\s?\d", m[0])


@dataclass
class Credit:
    """What one byline or stamp line says."""

    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    outlet: str | None = None
    published: dt.datetime | None = None
    updated: bool = False  # the date is an update stamp, not the publication time
    label: str | None = None  # "author"/"editor": a label alone, its name on another line
    what: str = "byline"


def is_name(text: str, *, single: bool = True) -> bool:
    """A person's name as bylines print it: capitalised words, no digits, no labels."""
    text = text.strip()
    if not text or len(text) > 60 or re.search(r"\d|[@#:|/()\[\]]", text):
        return False
    words = text.split()
    if len(words) > 6 or (len(words) == 1 and not single):
        return False
    if not _NAME_RX.fullmatch(text):
        return False
    if any(w.lower().strip(".") in NOT_NAMES for w in words):
        return False
    return not (_DOMAIN_RX.fullmatch(text) or re.fullmatch(r"[a-z]+[A-Z]\w*", text))


def tidy_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,;|-\u2013\u00b7")
    words = name.split()
    if len(words) > 2 and words[0][:1].isupper() and words[-1][:1].isupper():
        # "Catur waskito Edy": a name typed with a lower-case word inside it.
        particles = re.compile(rf"{_PARTICLE}", re.I)
        words[1:-1] = [w if particles.fullmatch(w) else w[:1].upper() + w[1:] for w in words[1:-1]]
        name = " ".join(words)
    m = re.fullmatch(r"(.+?)\s*\1", name)  # pasted twice and glued: "Nur AiniNur Aini"
    if m:
        name = m[1]
    if name.isupper() and len(name) > 3:
        name = name.title()
    return name


def outlet_name(raw: str) -> str:
    """A site's name as listeners know it: "KOMPAS.com" -> "Kompas.com"."""
    raw = raw.strip(" .,-")
    if _DOMAIN_RX.fullmatch(raw) and (raw.isupper() or raw.islower() or raw[0].isupper()):
        name, _, tld = raw.partition(".")
        if name.isupper() or name.islower():
            name = name.capitalize()
        return f"{name}.{tld.lower()}"
    return raw


def _names(text: str) -> list[str] | None:
    """One or more names joined by "dan", "&" or commas; None if any part is not a name."""
    parts = [
        # "X dan Penulis: X": a label inside the list is not part of the name.
        tidy_name(re.sub(rf"^(?:{_LABEL})\s*[:.]\s*", "", p, flags=re.I))
        for p in re.split(r"\s*(?:,|&|;|\bdan\b|\band\b)\s*", text)
        if p.strip()
    ]
    if not parts or not all(is_byline_name(p) for p in parts):
        return None
    return parts


def is_byline_name(text: str) -> bool:
    """A name a byline credits: no job title or institution in it, and not one common
    word ("Tentang" of "Tentang Penulis"), though a quote's "kata Menteri" may be."""
    words = text.lower().split()
    if any(w in TITLE_WORDS for w in words):
        return False
    return is_name(text) and not (len(words) == 1 and words[0] in stopwords())


# A team byline: "Tim detikcom", "Tim Redaksi", "Tim Liputan6.com".
_TEAM = re.compile(r"(?i:tim)\s+[\w.]+(?:\s[\w.]+)?")
_SEPARATORS = re.compile(r"\s*(?:\||\u00b7|\u2022|\s[-\u2013\u2014]\s|\s/\s?|/\s)\s*")
_AUTHOR_RX = re.compile(rf"^(?:{AUTHOR_LABELS})$", re.I)
_EDITOR_RX = re.compile(rf"^(?:{EDITOR_LABELS})$", re.I)
_OTHER_RX = re.compile(rf"^(?:{OTHER_LABELS})$", re.I)


def _role(label: str) -> str | None:
    label = re.sub(r"\s+", " ", label.strip().lower())
    parts = re.split(r"\s*(?:&|/|\bdan\b)\s*", label)
    if len(parts) > 1:
        # A writer who also edited is credited as the writer.
        roles = {_role(p) for p in parts}
        return "author" if "author" in roles else next(iter(roles - {None}), None)
    if _EDITOR_RX.match(label):
        return "editor"
    if _AUTHOR_RX.match(label) or label.startswith("laporan"):
        return "author"
    if _OTHER_RX.match(label):
        return "other"
    return None


def _read_part(part: str, credit: Credit, *, lenient: bool) -> bool:
    """Read one separated part of a credit line into ``credit``; False if it is none."""
    part = part.strip(" ,.")
    if not part:
        return True
    if _DOMAIN_RX.fullmatch(part) or re.fullmatch(r"[a-z]+[A-Z][A-Za-z0-9]*", part):
        credit.outlet = credit.outlet or outlet_name(part)
        return True
    if _TEAM.fullmatch(part):
        return True  # "Tim detikcom", "Tim Redaksi": the newsroom, no person to credit
    # "Laporan Wartawan Tribunnews.com, Reza Pahlevi"
    m = re.fullmatch(
        rf"(?i:laporan\s+(?:wartawan|reporter|kontributor|jurnalis))\s+({BRAND}|[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)\s*,\s*(.+)",
        part,
    )
    if m and (names := _names(m[2])):
        credit.outlet = credit.outlet or outlet_name(m[1])
        credit.authors += names
        return True
    # "Penulis: X", "Editor : Y", "oleh X", and without a colon "Penulis X" when lenient
    # BBC closes its labels with a comma: "Penulis, Nurul Fitria".
    m = re.fullmatch(rf"(?P<label>{_LABEL})\b\s*(?P<colon>[:.,])?\s*(?P<rest>.+)", part, re.I)
    if m and (m["colon"] or lenient or m["label"].lower() in ("oleh", "by")):
        role = _role(m["label"])
        rest = m["rest"]
        if role == "other":
            # "Fotografer: X", "Peranan, Wartawan BBC News Indonesia": credits nobody we
            # name, but may name the outlet.
            alone = LABEL_ALONE.fullmatch(rest)
            if alone and alone["outlet"]:
                credit.outlet = credit.outlet or outlet_name(alone["outlet"])
            return True
        outlet = re.fullmatch(rf"(.+?)\s*[-\u2013]\s*({BRAND})", rest)
        if outlet:
            rest = outlet[1]
        if role and (names := _names(rest)):
            if outlet:
                credit.outlet = credit.outlet or outlet_name(outlet[2])
            if role == "author":
                credit.authors += names
            elif role == "editor":
                credit.editors += names
            return True
    # "Andika Pratama , Jurnalis", "Nur Aini - Penulis", "Santi Permatasari Jurnalis IDN Times"
    m = re.fullmatch(
        rf"(?P<name>.+?)\s*[,\-\u2013]?\s*\b(?P<label>{_LABEL})(?:\s+(?P<outlet>{_OUTLET_AFTER_LABEL}))?",
        part,
        re.I,
    )
    if m and (names := _names(m["name"])) and (role := _role(m["label"])) in ("author", "editor"):
        (credit.authors if role == "author" else credit.editors).extend(names)
        if m["outlet"]:
            credit.outlet = credit.outlet or outlet_name(m["outlet"])
        return True
    # "Yunita Sari Dewi - detikJatim"
    m = re.fullmatch(rf"(?P<name>.+?)\s+[-\u2013|]\s+(?P<outlet>{BRAND})", part)
    if m and (names := _names(m["name"])):
        credit.authors += names
        credit.outlet = credit.outlet or outlet_name(m["outlet"])
        return True
    if lenient and (names := _names(part)):
        credit.authors += names
        return True
    return False


def read_credit(line: str, *, lenient: bool = False) -> Credit | None:
    """The byline, date stamp or credit a line is, or None.

    ``lenient`` is for lines in the header, between the headline and the body,
    where a bare name or "Penulis X" without a colon can only be a byline.
    """
    text = re.sub(r"\s+", " ", line).strip()
    words = text.split()
    if not words or len(words) > 20:
        return None
    if INITIALS.fullmatch(text):
        return Credit(what="editor's initials")
    m = re.fullmatch(rf"\(\s*({NAME})\s*\)", text)
    if m and is_name(m[1]) and len(m[1].split()) >= 2:
        return Credit(editors=[tidy_name(m[1])], what="editor's credit")
    m = LABEL_ALONE.fullmatch(text)
    if m and (role := _role(m["label"])) in ("author", "editor"):
        credit = Credit(label=role, what="byline label")
        if m["outlet"]:
            credit.outlet = outlet_name(m["outlet"])
        return credit
    labelled_headline = re.match(rf"(?:{OTHER_LABELS})\s*:\s*(?P<rest>.+)", text, re.I)
    if labelled_headline and len(labelled_headline["rest"].split()) > 6:
        return None  # "INFOGRAFIS: Harga Beras ... Naik Lagi": a headline with its label
    credit = Credit()
    rest = text
    date = parse_datetime(text)
    if date is not None or RELATIVE_TIME.search(text):
        span = _date_span(text)
        if span is None and not RELATIVE_TIME.search(text):
            return None
        if span is not None:
            rest = text[: span[0]] + " | " + text[span[1] :]
        else:
            rest = RELATIVE_TIME.sub(" | ", text)
        credit.published = date
        credit.updated = bool(UPDATED.search(text))
        credit.what = "date stamp"
        # What remains around the date: stamp words, a byline, an outlet.
        rest = STAMP_WORDS.sub(" ", rest)
        if len(rest.split()) > 10:
            return None
    # "oleh X diperbarui ...", "Rep: X/ Red: Y", "Penulis: X | Editor: Y"
    parts = [p for p in _SEPARATORS.split(rest) if p and p.strip(" ,.|")]
    if not parts:
        return credit if credit.published or credit.what == "date stamp" else None
    labelled = sum(
        1
        for p in parts
        if re.match(rf"(?:{_LABEL})\b", p.strip(), re.I) or _TEAM.fullmatch(p.strip(" ,."))
    )
    branded = any(_BRAND_RX.fullmatch(p.strip(" ,.")) for p in parts)
    # Two labelled parts, or a name beside the outlet's brand, are a byline anywhere.
    loose = lenient or labelled >= 2 or (branded and len(parts) == 2)
    if lenient and len(parts) == 2 and all(_names(p) for p in parts) and not labelled:
        # "Dimas Prasetyo | Rina Marlina" under a headline: the writer, then the editor.
        credit.authors += _names(parts[0]) or []
        credit.editors += _names(parts[1]) or []
        return credit
    for part in parts:
        if not _read_part(part, credit, lenient=loose):
            return None
    if not (credit.authors or credit.editors or credit.outlet or credit.published):
        return credit if labelled else None  # "Fotografer: X": a credit, of nobody we name
    if credit.what != "date stamp" and not labelled and not (credit.authors or credit.editors):
        return None  # a bare site name is a label, not a credit
    return credit


def meta_of(line: str) -> str | None:
    """What kind of credit a line is ("date stamp", "byline", ...), judged out of context."""
    credit = read_credit(line)
    return credit.what if credit is not None else None


def _date_span(text: str) -> tuple[int, int] | None:
    m = _DATETIME.search(text) or _ISO_DATETIME.search(text)
    return (m.start(), m.end()) if m else None


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
        when = _combine(int(m["y"]), month, int(m["d"]), m["H"], m["M"], m["zone"])
        if when is not None:
            return when
    for m in _ISO_DATETIME.finditer(text):
        when = _combine(int(m["y"]), int(m["m"]), int(m["d"]), m["H"], m["M"], None)
        if when is not None:
            return when
    return None


def _combine(
    year: int, month: int, day_: int, hour: str | None, minute: str | None, zone: str | None
) -> dt.datetime | None:
    try:
        day = dt.date(year, month, day_)
    except ValueError:
        return None
    h, mi = (int(hour), int(minute)) if hour and minute else (0, 0)
    if h > 23 or mi > 59:
        h, mi = 0, 0
    return dt.datetime.combine(day, dt.time(h, mi), tzinfo=ZoneInfo(ZONES[(zone or "WIB").upper()]))
