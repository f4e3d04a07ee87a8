"""Write Indonesian news text the way it is said, for the speech engines.

Engines read raw copy badly: espeak-ng says "Rp" as "er pe", "15/02/2021" with
"garis miring" and "18.00" with "titik". This module turns amounts, numbers,
dates, times and a few symbols into words, following Indonesian conventions:
``.`` groups thousands (1.500), ``,`` is the decimal mark (1,4).
Words come from num2words; parsing the written forms is ours.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from num2words import num2words

MONTH_NAMES = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip

SCALES = {"ribu": "ribu", "rb": "ribu", "juta": "juta", "jt": "juta", "miliar": "miliar",
          "milyar": "miliar", "m": "miliar", "triliun": "triliun", "t": "triliun"}  # fmt: skip
CURRENCIES = {
    "rp": "rupiah",
    "usd": "dolar Amerika",
    "us$": "dolar Amerika",
    "$": "dolar Amerika",
    "eur": "euro",
    "€": "euro",
    "sgd": "dolar Singapura",
    "jpy": "yen",
    "cny": "yuan",
    "rm": "ringgit",
}
UNITS = {"km": "kilometer", "kg": "kilogram", "m2": "meter persegi", "km2": "kilometer persegi",
         "ha": "hektare", "mw": "megawatt", "kwh": "kilowatt jam", "cm": "sentimeter",
         "mm": "milimeter", "ml": "mililiter", "gb": "gigabita", "mb": "megabita"}  # fmt: skip
ZONE_WORDS = {"WIB": "we i be", "WITA": "wita", "WIT": "we i te"}

# A written number: Indonesian grouping (1.250.000,50), plain (2026) or a decimal (1,4).
_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"


def say_number(written: str) -> str:
    """Words for a number written the Indonesian way: '1.250.000,50', '1,4', '2026'."""
    integer, _, fraction = written.partition(",")
    integer = integer.replace(".", "")
    words = num2words(int(integer), lang="id")
    if fraction:
        # Decimals are read digit by digit: 1,45 -> "satu koma empat lima".
        words += " koma " + " ".join(num2words(int(d), lang="id") for d in fraction)
    return str(words)


def _money(m: re.Match[str]) -> str:
    currency = CURRENCIES[m["cur"].lower()]
    scale = SCALES.get((m["scale"] or "").lower().rstrip("."), "")
    return " ".join(w for w in (say_number(m["num"]), scale, currency) if w)


def _date(m: re.Match[str]) -> str:
    day, month, year = int(m["d"]), int(m["m"]), m["y"]
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return m[0]
    if len(year) == 2:
        year = "20" + year
    return f"{say_number(str(day))} {MONTH_NAMES[month - 1]} {say_number(year)}"


_MONTH_ABBREVIATIONS = {name[:3].lower(): name for name in MONTH_NAMES} | {
    "agt": "Agustus", "ags": "Agustus", "sept": "September", "okt": "Oktober", "des": "Desember",
}  # fmt: skip


def _written_date(m: re.Match[str]) -> str:
    month = _MONTH_ABBREVIATIONS.get(m["mon"].lower().rstrip("."))
    if month is None:
        return m[0]
    return f"{say_number(m['d'])} {month} {say_number(m['y'])}"


def _clock(hour: str, minute: str) -> str:
    h, mi = int(hour), int(minute)
    if h > 24 or mi > 59:
        return f"{hour}.{minute}"
    spoken = f"pukul {say_number(str(h))}"
    if mi:
        spoken += f" lewat {say_number(str(mi))} menit"
    return spoken


def _time(m: re.Match[str]) -> str:
    spoken = _clock(m["h"], m["mi"])
    if m["zone"]:
        spoken += " " + ZONE_WORDS[m["zone"].upper()]
    return spoken


def _time_after_word(m: re.Match[str]) -> str:
    # "pukul 05.30" already says "pukul"; don't say it twice.
    return _clock(m["h"], m["mi"])


def _ordinal(m: re.Match[str]) -> str:
    return str(num2words(int(m["n"]), lang="id", to="ordinal"))


def _percent(m: re.Match[str]) -> str:
    return f"{say_number(m['num'])} persen"


def _unit(m: re.Match[str]) -> str:
    return f"{say_number(m['num'])} {UNITS[m['unit'].lower()]}"


def _english_decimal(m: re.Match[str]) -> str:
    return say_number(f"{m['a']},{m['b']}")


def _plain_number(m: re.Match[str]) -> str:
    return say_number(m[0])


_CUR = r"(?P<cur>Rp|USD|US\$|\$|EUR|€|SGD|JPY|CNY|RM)"
_SCALE = r"(?:\s*(?P<scale>ribu|rb|juta|jt|miliar|milyar|triliun|M|T)\b\.?)?"

# Order matters: specific forms first, bare numbers last.
RULES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(rf"{_CUR}\.?\s?(?P<num>{_NUM}){_SCALE}", re.IGNORECASE), _money),
    (re.compile(r"\b(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}|\d{2})\b"), _date),
    (re.compile(r"\b(?P<d>\d{1,2}) (?P<mon>[A-Z][a-z]{2,3}\.?) (?P<y>\d{4})\b"), _written_date),
    (
        re.compile(r"\b(?:pukul|jam)\s+(?P<h>\d{1,2})[.:](?P<mi>\d{2})\b", re.IGNORECASE),
        lambda m: _time_after_word(m),
    ),
    (re.compile(r"\b(?P<h>\d{1,2})[.:](?P<mi>\d{2})\s*(?P<zone>WIB|WITA|WIT)\b"), _time),
    (re.compile(r"\b(?P<h>\d{1,2}):(?P<mi>\d{2})(?P<zone>)\b"), _time),
    (re.compile(r"\bke-?(?P<n>\d{1,3})\b", re.IGNORECASE), _ordinal),
    (re.compile(rf"(?P<num>{_NUM})\s?(?:%|persen\b)"), _percent),
    (re.compile(rf"\b(?P<num>{_NUM})\s?(?P<unit>{'|'.join(UNITS)})\b", re.IGNORECASE), _unit),
    # English-style decimals that slipped into Indonesian copy: 2.5 (never 3 digits).
    (re.compile(r"\b(?P<a>\d+)\.(?P<b>\d{1,2})\b"), _english_decimal),
    (re.compile(rf"\b(?:{_NUM})\b"), _plain_number),
)

# Written abbreviations read out in full. Case matters: "dr." is a physician, "Dr." a doctorate.
ABBREVIATIONS = tuple(
    (re.compile(rf"(?<![\w.]){re.escape(short)}(?=\s|$)"), full)
    for short, full in (
        ("Jl.", "Jalan"), ("Jln.", "Jalan"), ("No.", "nomor"), ("Tbk.", "te be ka"),
        ("Tbk", "te be ka"), ("dll.", "dan lain-lain"), ("dsb.", "dan sebagainya"),
        ("dst.", "dan seterusnya"), ("dkk.", "dan kawan-kawan"), ("Prof.", "Profesor"),
        ("Dr.", "Doktor"), ("dr.", "dokter"), ("Yth.", "yang terhormat"), ("a.n.", "atas nama"),
        ("H.", "Haji"), ("Hj.", "Hajah"), ("Kab.", "Kabupaten"), ("Kec.", "Kecamatan"),
        ("PT", "pe te"), ("Rp", "rupiah"),
    )
)  # fmt: skip

SYMBOLS = (
    (re.compile(r"\s*&\s*"), " dan "),
    (re.compile(r"(?<=\w)/(?=\w)"), " atau "),
    (re.compile(r"[\u201c\u201d\u201e\"]"), ""),
    (re.compile(r"[*_#|~^<>{}\[\]]"), " "),
    (re.compile(r"\s+"), " "),
)


def spoken_form(text: str) -> str:
    """``text`` rewritten for the ear: numbers, money, dates and times as words."""
    for pattern, replace in RULES:
        text = pattern.sub(replace, text)
    for pattern, full in ABBREVIATIONS:
        text = pattern.sub(full, text)
    for pattern, replacement in SYMBOLS:
        text = pattern.sub(replacement, text)
    return text.strip()
