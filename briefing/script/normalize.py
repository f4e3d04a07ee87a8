"""Write Indonesian news text the way it is said, for the speech engines.

Engines read raw copy badly: espeak-ng says "Rp" as "er pe", "15/02/2021" with
"garis miring" and "18.00" with "titik". This module turns amounts, numbers,
dates, times, units, ages, ordinals, ranges, hashtags and acronyms into words,
following Indonesian conventions: ``.`` groups thousands (1.500) and ``,`` is
the decimal mark (1,4). Words for numbers come from num2words; parsing the
written forms is ours.

The rules run in a fixed order (specific forms before bare numbers), and a
final guard makes sure no digit or symbol reaches an engine. A pronunciation
lexicon (built in, extended per show) fixes names and acronyms first.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable, Mapping
from functools import cache
from importlib.resources import files

from num2words import num2words

from briefing.dates import MONTH_NAMES

WEEKDAYS = r"(?:Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu|Ahad)"
_MONTH_ABBREVIATIONS = {name[:3].lower(): name for name in MONTH_NAMES} | {
    "agt": "Agustus", "ags": "Agustus", "sept": "September", "okt": "Oktober",
    "des": "Desember", "peb": "Februari", "nop": "November",
}  # fmt: skip

SCALES = {"ribu": "ribu", "rb": "ribu", "juta": "juta", "jt": "juta", "miliar": "miliar",
          "milyar": "miliar", "m": "miliar", "triliun": "triliun", "t": "triliun",
          "thousand": "ribu", "million": "juta", "mn": "juta", "billion": "miliar",
          "bn": "miliar", "trillion": "triliun"}  # fmt: skip
CURRENCIES = {
    "rp": "rupiah", "idr": "rupiah",
    "usd": "dolar AS", "us$": "dolar AS", "$": "dolar AS",
    "eur": "euro", "€": "euro", "sgd": "dolar Singapura", "s$": "dolar Singapura",
    "aud": "dolar Australia", "a$": "dolar Australia", "jpy": "yen", "¥": "yen",
    "cny": "yuan", "rmb": "yuan", "gbp": "pound sterling", "£": "pound sterling",
    "rm": "ringgit", "myr": "ringgit",
}  # fmt: skip
UNITS = {
    "km/jam": "kilometer per jam", "km/j": "kilometer per jam", "km/h": "kilometer per jam",
    "km²": "kilometer persegi", "km2": "kilometer persegi", "m²": "meter persegi",
    "m2": "meter persegi", "m³": "meter kubik", "m3": "meter kubik", "km": "kilometer",
    "cm": "sentimeter", "mm": "milimeter", "m": "meter", "kg": "kilogram", "gr": "gram",
    "g": "gram", "mg": "miligram", "ha": "hektare", "mw": "megawatt", "kw": "kilowatt",
    "kwh": "kilowatt jam", "gw": "gigawatt", "ml": "mililiter", "gb": "gigabita",
    "mb": "megabita", "tb": "terabita", "°c": "derajat Celsius", "ºc": "derajat Celsius",
    "°": "derajat", "mph": "mil per jam", "sr": "skala Richter",
}  # fmt: skip
# Letter names as Indonesians spell acronyms: BMKG -> "be em ka ge".
LETTERS = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "a be ce de e ef ge ha i je ka el em en o pe ki er es te u ve we eks ye zet".split(),  # noqa: SIM905
        strict=True,
    )
)
FRACTIONS = {"\u00bd": "setengah", "\u00bc": "seperempat", "\u00be": "tiga perempat"}

# A written number: Indonesian grouping (1.250.000,50), plain (2026) or a decimal (1,4).
_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
# English-style copy: 1,250,000.50 (two or more comma groups, or groups and a dot decimal).
_EN_NUM = r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|\d{1,3}(?:,\d{3})+\.\d+"


def say_number(written: str) -> str:
    """Words for a number written the Indonesian way: '1.250.000,50', '1,4', '2026'."""
    integer, _, fraction = written.partition(",")
    integer = integer.replace(".", "") or "0"
    words = str(num2words(int(integer), lang="id"))
    if fraction:
        # Decimals are read digit by digit: 1,45 -> "satu koma empat lima".
        words += " koma " + " ".join(str(num2words(int(d), lang="id")) for d in fraction)
    return words


def _say_english(written: str) -> str:
    integer, _, fraction = written.partition(".")
    return say_number(integer.replace(",", "") + ("," + fraction if fraction else ""))


def _amount(m: re.Match[str]) -> str:
    num = m["num"]
    english = re.fullmatch(_EN_NUM, num) or re.fullmatch(r"\d+\.\d{1,2}", num)
    return _say_english(num) if english else say_number(num)


def _money(m: re.Match[str]) -> str:
    currency = CURRENCIES[m["cur"].lower()]
    scale = SCALES.get((m["scale"] or "").lower().rstrip("."), "")
    return " ".join(w for w in (_amount(m), scale, currency) if w)


def _day_month(day: str, month: int, year: str | None) -> str | None:
    d = int(day)
    if not (1 <= d <= 31 and 1 <= month <= 12):
        return None
    spoken = f"{say_number(str(d))} {MONTH_NAMES[month - 1]}"
    if year:
        spoken += " " + say_number(year if len(year) == 4 else "20" + year)
    return spoken


def _numeric_date(m: re.Match[str]) -> str:
    return _day_month(m["d"], int(m["m"]), m["y"]) or m[0]


def _weekday_date(m: re.Match[str]) -> str:
    # "Senin (15/2/2021)" is said "Senin, lima belas Februari dua ribu dua puluh satu".
    date = _day_month(m["d"], int(m["m"]), m["y"])
    return f"{m['day']}, {date}," if date else m[0]


def _written_date(m: re.Match[str]) -> str:
    month = _MONTH_ABBREVIATIONS.get(m["mon"].lower().rstrip("."))
    if month is None:
        return m[0]
    return f"{say_number(m['d'])} {month} {say_number(m['y'])}"


def _clock(hour: str, minute: str) -> str:
    spoken = say_number(str(int(hour)))
    if int(minute):
        spoken += f" lewat {say_number(str(int(minute)))} menit"
    return spoken


def _time_word(word: str | None) -> str:
    # "pk" is how copy shortens "pukul"; a time said without a word gets one.
    if not word:
        return "pukul"
    return word[0] + "ukul" if word[:2].lower() == "pk" else word


def _time(m: re.Match[str]) -> str:
    return f"{_time_word(m['word'])} {_clock(m['h'], m['mi'])}"


def _time_range(m: re.Match[str]) -> str:
    return f"{_time_word(m['word'])} {_clock(m['h1'], m['m1'])} sampai {_clock(m['h2'], m['m2'])}"


def _ordinal(m: re.Match[str]) -> str:
    return str(num2words(int(m["n"]), lang="id", to="ordinal"))


def _percent(m: re.Match[str]) -> str:
    return f"{_amount(m)} persen"


def _unit(m: re.Match[str]) -> str:
    return f"{_amount(m)} {_UNIT_FORMS[m['unit']]}"


def _number_range(m: re.Match[str]) -> str:
    # Only an upward pair is a range ("3-4 hari"); "2-1" is a score, said "dua satu".
    joiner = " sampai " if int(m["b"]) > int(m["a"]) else " "
    return say_number(m["a"]) + joiner + say_number(m["b"])


def _age(m: re.Match[str]) -> str:
    return f"{m['name']}, {say_number(m['age'])} tahun,"


def _english_decimal(m: re.Match[str]) -> str:
    return say_number(f"{m['a']},{m['b']}")


def _english_number(m: re.Match[str]) -> str:
    return _say_english(m[0])


def _plain_number(m: re.Match[str]) -> str:
    return say_number(m[0])


def _hashtag(m: re.Match[str]) -> str:
    # "#SaveKPK" -> "tagar Save KPK": split camel case so the words can be read.
    words = re.sub(r"(?<=[a-z])(?=[A-Z0-9])|(?<=[0-9])(?=[A-Za-z])", " ", m["tag"])
    return "tagar " + words.replace("_", " ")


def _mention(m: re.Match[str]) -> str:
    return "akun " + m["handle"].replace("_", " ")


def spell(word: str) -> str:
    """A word said letter by letter, the Indonesian way: "BMKG" -> "be em ka ge"."""
    return " ".join(LETTERS[ch.upper()] for ch in word)


def _spell(m: re.Match[str]) -> str:
    return spell(m[0])


DIGITS = "nol satu dua tiga empat lima enam tujuh delapan sembilan".split()  # noqa: SIM905
# Domain labels said as a newsreader says them; other labels are read as words.
DOMAIN_WORDS = {"com": "kom", "id": "i de", "co": "ko", "go": "go", "ac": "a ce", "or": "o er",
                "org": "o er ge", "net": "net", "www": "we we we", "sch": "es ce ha",
                "mil": "mil", "gov": "gov", "edu": "edu", "io": "i o", "tv": "ti vi",
                "my": "em ye", "sg": "es ge", "uk": "yu ke", "info": "info", "news": "nyus",
                "web": "web", "desa": "desa", "biz": "bis"}  # fmt: skip
# Outlets' domain names read as their newsreaders say them ("tribunnews" -> "tribun nyus");
# other labels are read as words.
OUTLETS = {
    "liputan6": "liputan enam", "detikcom": "detik kom", "tribunnews": "tribun nyus",
    "cnnindonesia": "si en en indonesia", "cnbcindonesia": "si en bi si indonesia",
    "antaranews": "antara nyus", "okezone": "oke zon", "sindonews": "sindo nyus",
    "idntimes": "ai di en taims", "mediaindonesia": "media indonesia",
    "beritasatu": "berita satu", "inews": "ai nyus", "metrotvnews": "metro ti vi nyus",
    "jawapos": "jawa pos", "thejakartapost": "de jakarta pos", "voaindonesia": "vi o e indonesia",
    "bbc": "bi bi si", "kompastv": "kompas ti vi", "tvonenews": "ti vi wan nyus",
    "pikiran-rakyat": "pikiran rakyat", "rri": "er er i", "tvri": "te ve er i",
    "cnn": "si en en",
}  # fmt: skip
_TLD = r"(?:com|id|net|org|co|go|ac|or|sch|web|mil|gov|edu|io|tv|my|sg|uk|info|news|biz|desa)"
# Numbers people dial: said digit by digit, never as amounts.
_EMERGENCY = r"(?:110|112|113|115|118|119|129|1500[-\s]?\d{3}|14\d{3})"
# Words that make a bare emergency number a number to dial, wherever they stand.
_DIALLING = re.compile(r"(?i:darurat|hubungi|telepon|nomor|panggilan|layanan|call center|hotline)")
# Roman numerals II to XXXIX (and X, V) after a name: "Hamengkubuwono X", "Paulus II".
_ROMAN = r"X{0,3}(?:IX|IV|V?I{0,3})"
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def _digits(written: str) -> str:
    return " ".join(DIGITS[int(d)] for d in written if d.isdigit())


def _phone(m: re.Match[str]) -> str:
    # Groups as written ("0812-3456-7890"), each read digit by digit, with a pause between.
    groups = [g for g in re.split(r"[\s.-]+", m["number"].replace("(", "").replace(")", " ")) if g]
    spoken = ", ".join(_digits(g) for g in groups)
    return ("plus " + spoken) if m["number"].startswith("+") else spoken


def _dialled(number: str) -> str:
    # Each written group digit by digit, with a pause between groups: "1500-123".
    return ", ".join(_digits(group) for group in re.split(r"[-\s]+", number) if group)


def _emergency(m: re.Match[str]) -> str:
    return f"{m['word']} {_dialled(m['number'])}"


def _domain_label(label: str) -> str:
    lower = label.lower()
    if lower in DOMAIN_WORDS:
        return DOMAIN_WORDS[lower]
    if lower in OUTLETS:
        return OUTLETS[lower]
    if re.fullmatch(r"[b-df-hj-np-tv-z]{1,6}", lower):
        # No vowel, no word: an agency's initials ("bmkg.go.id"), spelled.
        return spell(lower)
    # A label in mixed case says where its words are ("CNNIndonesia" -> "CNN Indonesia",
    # spelled later like any acronym); one in capitals (TRIBUNNEWS) is only shouting.
    word = label if label != label.upper() else lower
    parts = re.findall(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[^\W\d_A-Z]+|[A-Z]+|\d+", word)
    return " ".join(say_number(p) if p.isdigit() else p for p in parts)


def _domain(m: re.Match[str]) -> str:
    host = m["host"]
    # An outlet's own name keeps its capital: "Liputan6.com" -> "Liputan enam titik kom".
    labels = host.split(".")
    said = [_domain_label(label) for label in labels]
    if labels[0][:1].isupper() and not labels[0].isupper():
        said[0] = said[0][:1].upper() + said[0][1:]
    path = m["path"] or ""
    words = " titik ".join(said)
    if path.strip("/"):
        words += " garis miring " + " garis miring ".join(
            _domain_label(p) for p in path.strip("/").split("/") if p
        )
    return words


def _email(m: re.Match[str]) -> str:
    user = " titik ".join(_domain_label(p) for p in re.split(r"[._]", m["user"]) if p)
    host = " titik ".join(_domain_label(p) for p in m["host"].split("."))
    return f"{user} et {host}"


def _roman(m: re.Match[str]) -> str:
    return f"{m['name']} {num2words(_roman_value(m['roman']), lang='id', to='ordinal')}"


def _fraction(m: re.Match[str]) -> str:
    a, b = int(m["a"]), int(m["b"])
    below = "perempat" if b == 4 else "per" + str(num2words(b, lang="id"))
    return ("se" + below) if a == 1 else f"{num2words(a, lang='id')} {below}"


def _roman_value(roman: str) -> int:
    value, previous = 0, 0
    for ch in reversed(roman):
        number = _ROMAN_VALUES[ch]
        value += -number if number < previous else number
        previous = max(previous, number)
    return value


def _unit_name(m: re.Match[str]) -> str:
    # "Kodam III/Siliwangi", "Yonif 330/Kostrad": a unit's number is a cardinal, and
    # the slash only joins it to the unit's name.
    number = m["number"]
    if number.isalpha():
        said = str(num2words(_roman_value(number), lang="id"))
    else:
        # Leading zeros mark a code ("Kodim 0618/Kota Bandung"), read digit by digit.
        said = _digits(number) if number.startswith("0") else say_number(number)
    return f"{m['name']} {said} {m['rest']}"


def _score(m: re.Match[str]) -> str:
    # A result is two numbers side by side ("menang dua satu"), never a range.
    return f"{m['ctx']} {say_number(m['a'])} {say_number(m['b'])}"


def _season(m: re.Match[str]) -> str:
    # "2024/2025" or "2024/25": two consecutive years, said one after the other.
    first, second = m["a"], m["b"]
    if len(second) == 2:
        second = first[:2] + second
    if int(second) != int(first) + 1:
        return m[0]
    return f"{say_number(first)} {say_number(second)}"


def _version(m: re.Match[str]) -> str:
    # Versions are read with "titik": "Web 3.0" -> "Web tiga titik nol".
    return f"{m['word']} " + " titik ".join(say_number(p) for p in m["v"].split("."))


def _dotted(m: re.Match[str]) -> str:
    # Degrees and initials written with dots ("S.Pd.", "Ph.D", "B.J."): each single
    # capital is a letter name, a vowel-less part is spelled, a syllable is read.
    said: list[str] = []
    for part in filter(None, m[0].split(".")):
        if re.fullmatch(r"[A-Z]|[B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]+", part):
            said.append(spell(part))
        else:
            said.append(part.lower())
    words = " ".join(said)
    # A final dot at the very end also closes the sentence: keep one.
    return words + "." if m[0].endswith(".") and m.end() == len(m.string) else words


_CUR = r"(?P<cur>Rp|IDR|USD|US\$|S\$|A\$|\$|EUR|€|SGD|AUD|JPY|¥|CNY|RMB|GBP|£|RM|MYR)"
_SCALE = (
    r"(?:\s*(?P<scale>ribu|rb|juta|jt|miliar|milyar|triliun|M|T|thousand|million|billion|"
    r"trillion|mn|bn)\b)?"
)
# Amounts also take English decimals ("$2.5 juta"); "1.500" stays Indonesian grouping.
_AMOUNT = rf"(?P<num>{_EN_NUM}|\d+\.\d{{1,2}}(?![\d.])|{_NUM})"
# Written forms of each unit. Case matters for one-letter units ("5G" is a network,
# "5 g" a weight), so capitalised variants exist only for longer units (KM, Kg, kWh).
_UNIT_FORMS = {
    form: spoken
    for unit, spoken in UNITS.items()
    for form in {unit, *((unit.upper(), unit.capitalize()) if len(unit) > 1 else ())}
} | {
    "kWh": "kilowatt jam",
    "MW": "megawatt",
    "GW": "gigawatt",
    "kW": "kilowatt",
    "°C": "derajat Celsius",
}
_UNIT_NAMES = "|".join(re.escape(u) for u in sorted(_UNIT_FORMS, key=len, reverse=True))
# Words after which "18.00" is a time of day, not an English decimal.
_TIME_WORDS = r"(?P<word>pukul|jam|Pukul|Jam|pk\.?|Pk\.?)"
_CONTEXT_TIME = r"(?:hingga|sampai|mulai|sejak|antara|dan|atau|pada)"

# Words a slash means "per" before: measures of time, people and goods.
_PER_WORDS = (
    "detik|menit|jam|hari|minggu|pekan|bulan|tahun|orang|kapita|jiwa|liter|ekor|unit|lembar|"
    "buah|porsi|ton|batang|malam|kamar|rumah|keluarga|hektare|meter|kilometer|kilogram|gram|"
    "kilowatt|megawatt|kwintal|kuintal|karung|kotak|botol|bungkus|paket|sesi|kali"
)

Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]

# Order matters: specific forms first, bare numbers last.
RULES: tuple[Rule, ...] = (
    (re.compile(r"\s?[\u00bd\u00bc\u00be]"), lambda m: " " + FRACTIONS[m[0].strip()]),
    # Addresses before anything reads their parts: e-mail, web links, bare domains.
    (
        re.compile(
            r"(?<![\w.@])(?P<user>[A-Za-z0-9][\w.+-]*)@(?P<host>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)"
        ),
        _email,
    ),
    (
        re.compile(
            rf"(?:https?://)?(?P<host>(?:[A-Za-z0-9-]+\.)+(?i:{_TLD}))(?![\w-])(?P<path>/[\w/-]*)?"
        ),
        _domain,
    ),
    # Identity, account and postal numbers are read digit by digit, like anything
    # of nine digits or more written without grouping dots (no one counts to a NIK).
    (
        re.compile(
            r"\b(?P<ctx>(?i:kode pos|NIK|NIP|NPWP|NISN|NRP|nomor rekening|rekening|nomor induk|"
            r"PIN|OTP|nomor polisi|nopol))(?P<sep>\s?:?\s)(?P<number>\d{4,})\b"
        ),
        lambda m: f"{m['ctx']}{m['sep']}{_digits(m['number'])}",
    ),
    (re.compile(r"(?<![\d.,])\d{9,}(?![\d,]|\.\d)"), lambda m: _digits(m[0])),
    # Telephone numbers: a leading 0 or +62 and at least nine digits in groups.
    (
        re.compile(
            r"(?<![\w+])(?P<number>(?:\+62|\(0\d{1,3}\)|0\d{1,4})(?:[\s.-]?\d{2,5}){1,4})(?![\w-])"
        ),
        lambda m: _phone(m) if sum(c.isdigit() for c in m[0]) >= 9 else m[0],
    ),
    (
        re.compile(
            rf"\b(?P<word>(?i:hubungi|nomor|telepon|telp\.?|layanan|darurat|hotline|"
            rf"call center|panggilan))\s+(?P<number>{_EMERGENCY})\b"
        ),
        _emergency,
    ),
    # A bare emergency number is dialled, not counted, unless a noun follows ("112 orang").
    (
        re.compile(rf"(?<![\w.,])(?P<number>{_EMERGENCY})(?!\w|[.,]\d)(?P<noun>\s+[a-z])?"),
        lambda m: (
            _dialled(m["number"]) + (m["noun"] or "")
            if not m["noun"] or _DIALLING.search(m.string)
            else m[0]
        ),
    ),
    # A mention or hashtag after the word for it: the word is not said twice.
    (re.compile(r"\b(?i:tagar)\s+#"), lambda m: "#"),
    (re.compile(r"\b(?i:akun)\s+@"), lambda m: "@"),
    (re.compile(r"#(?P<tag>\w+)"), _hashtag),
    (re.compile(r"(?<![\w.])@(?P<handle>\w+)"), _mention),
    # An age after a name, before Roman numerals read the name's end ("Buwono X (77)").
    (re.compile(r"(?P<name>\b[A-Z][\w'-]+)\s\((?P<age>\d{1,3})\)"), _age),
    # A neighbourhood: "RT 05/RW 03" is "RT lima, RW tiga".
    (
        re.compile(r"\bRT\s?0*(?P<rt>\d{1,3})\s?/\s?RW\s?0*(?P<rw>\d{1,3})\b"),
        lambda m: f"RT {say_number(m['rt'])}, RW {say_number(m['rw'])}",
    ),
    # A military or police unit's number joined to its name: "Kodam III/Siliwangi".
    (
        re.compile(
            rf"(?P<name>\b[A-Z][A-Za-z]+)\s(?P<number>(?=[IVX\d])(?:{_ROMAN}|\d{{1,4}}))"
            r"/(?P<rest>[A-Z]\w*)"
        ),
        _unit_name,
    ),
    # Bodies, grades and parts are counted ("Komisi III" is "Komisi tiga"); centuries and
    # quarters are ordinals ("abad XXI", "kuartal III").
    (
        re.compile(
            r"\b(?P<name>(?i:komisi|kodam|pangdam|kodaeral|koarmada|lantamal|pelita|repelita|"
            r"golongan|tingkat|kelas|jilid|bab|zona|wilayah|dapil|sesi|tahap|semester|"
            rf"gelombang|level|grup|pos))\s(?P<number>{_ROMAN})(?<=[IVX])\b"
            r"(?:/(?P<sub>[a-e])\b)?(?![-/])"
        ),
        # A civil servant's grade has a letter too: "golongan III/a" -> "golongan tiga a".
        lambda m: " ".join(
            w for w in (m["name"], num2words(_roman_value(m["number"]), lang="id"), m["sub"]) if w
        ),
    ),
    (
        re.compile(rf"\b(?P<name>(?i:abad|kuartal|triwulan))\s(?P<roman>{_ROMAN})(?<=[IVX])\b"),
        _roman,
    ),
    # Regnal and ordinal Roman numerals after a capitalised name.
    (
        re.compile(rf"(?P<name>\b[A-Z][a-z]+)\s(?P<roman>(?!I\b){_ROMAN})(?![\w-])(?<=[IVX])"),
        _roman,
    ),
    (re.compile(r"\b(?P<name>Dunia)\s(?P<roman>I)\b"), _roman),
    # Aircraft types: the family digit by digit, then the series ("Boeing 737-800").
    (
        re.compile(
            r"\b(?P<make>Boeing|Airbus A|ATR|Embraer E?|Bombardier CRJ)\s?"
            r"(?P<a>\d{2,3})(?:-(?P<b>\d{2,3}))?(?=\b|[a-zA-Z])"
        ),
        # A variant written on ("A320neo") is a word of its own.
        lambda m: (
            " ".join(w for w in (m["make"], _digits(m["a"]), m["b"] and say_number(m["b"])) if w)
            + " "
        ),
    ),
    # Signs before numbers: plus-minus, times, a minus sign.
    (re.compile(r"\s*±\s*"), lambda m: " plus minus "),
    (re.compile("(?<=\\d)\\s?[x\u00d7]\\s?(?=[a-z]|\\d|[^\\w]|$)"), lambda m: " kali "),
    (re.compile("\\s*\u00d7\\s*"), lambda m: " kali "),
    (re.compile(r"(?<![\w.,-])[-\u2212](?=\d)"), lambda m: "minus "),
    # Approximate counts and decades: "1990-an", "10.000-an" ("sepuluh ribuan").
    (re.compile(rf"(?<![\d.,])(?P<n>{_NUM})-an\b"), lambda m: say_number(m["n"]) + "an"),
    # An earthquake's magnitude as the agencies write it: "M 5,6", "M5.6".
    (re.compile(r"\b(?:M|Mw)\s?(?=\d{1,2}[,.]\d\b)"), lambda m: "magnitudo "),
    # A kilometre post on a toll road: "KM 102" is "kilometer seratus dua".
    (re.compile(r"\b(?:KM|Km)\s?(?=\d)"), lambda m: "kilometer "),
    # A clause of a law: "ayat (3)", "huruf (a)" are said without the brackets.
    (
        re.compile(r"\b(?P<w>(?i:ayat|huruf|angka|butir|poin))\s\((?P<x>\d{1,3}|[a-z])\)"),
        lambda m: f"{m['w']} {m['x']}",
    ),
    # Seasons and school years: "2024/2025", "2024/25".
    (re.compile(r"\b(?P<a>(?:19|20)\d{2})/(?P<b>(?:19|20)\d{2}|\d{2})\b"), _season),
    # A numbered regulation: "UU No. 11/2008" is "nomor sebelas tahun dua ribu delapan".
    (
        re.compile(r"(?<![\d/.,])(?P<n>\d{1,3})/(?P<y>(?:19|20)\d{2})(?![\d/])"),
        lambda m: f"{say_number(m['n'])} tahun {say_number(m['y'])}",
    ),
    # A day and month without a year, where the sentence says it is a date.
    (
        re.compile(
            r"\b(?P<ctx>(?i:pada|tanggal|tgl\.?|sejak|hingga|sampai|mulai|sebelum|setelah|"
            r"jelang|menjelang))\s(?P<d>\d{1,2})/(?P<m>\d{1,2})(?![\d/])"
        ),
        lambda m: f"{m['ctx']} {_day_month(m['d'], int(m['m']), None) or m[0]}",
    ),
    # Simple fractions: "3/4" (never inside a decimal, as in "9,5/10").
    (
        re.compile(r"(?<![\d/.,])(?P<a>[1-9])/(?P<b>[2-9]|10)(?![\d/])"),
        lambda m: _fraction(m) if int(m["a"]) < int(m["b"]) else m[0],
    ),
    # Versions are read with "titik": "Web 3.0", "versi 2.1.4", "v5.2".
    (
        re.compile(
            r"\b(?P<word>(?i:versi|web|android|ios|windows|bluetooth|usb|wi-fi|http)|v)"
            r"\s?(?P<v>\d+(?:\.\d+)+)\b"
        ),
        lambda m: _version(m) if m["word"] != "v" else _version(m).removeprefix("v "),
    ),
    # Results of a match: two numbers side by side after a word that says so.
    (
        re.compile(
            r"\b(?P<ctx>(?i:skor|menang|kalah|imbang|unggul|tertinggal|takluk|tumbang|berakhir|"
            r"hasil akhir|keunggulan|membalas|dibekuk|dikalahkan|mengalahkan [A-Z]\w+))"
            r"\s(?P<a>\d{1,3})\s?[-\u2013]\s?(?P<b>\d{1,3})\b"
        ),
        _score,
    ),
    (re.compile(r"\b[sS]/[dD]\b"), lambda m: "sampai dengan"),
    (re.compile(rf"{_CUR}\.?\s?{_AMOUNT}{_SCALE}(?:,-)?", re.IGNORECASE), _money),
    # A price per unit: "Rp 15.000/kg" is "... per kilogram".
    (
        re.compile(rf"(?<=\w)\s?/\s?(?P<unit>{_UNIT_NAMES})(?![\w])"),
        lambda m: f" per {_UNIT_FORMS[m['unit']]}",
    ),
    (
        re.compile(
            rf"\b(?P<day>{WEEKDAYS})\s*\((?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})"
            r"(?:/(?P<y>\d{4}|\d{2}))?\)"
        ),
        _weekday_date,
    ),
    (re.compile(r"\b(?P<d>\d{1,2})([/-])(?P<m>\d{1,2})\2(?P<y>\d{4}|\d{2})\b"), _numeric_date),
    (re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"), _numeric_date),
    (re.compile(r"\b(?P<d>\d{1,2}) (?P<mon>[A-Z][a-z]{2,3}\.?) (?P<y>\d{4})\b"), _written_date),
    (
        re.compile(
            rf"(?:\b{_TIME_WORDS}\s+)?\b(?P<h1>[01]?\d|2[0-4])[.:](?P<m1>[0-5]\d)\s*[-\u2013]\s*"
            r"(?P<h2>[01]?\d|2[0-4])[.:](?P<m2>[0-5]\d)\b"
        ),
        _time_range,
    ),
    (re.compile(rf"\b{_TIME_WORDS}\s+(?P<h>[01]?\d|2[0-4])[.:](?P<mi>[0-5]\d)\b"), _time),
    (
        re.compile(
            r"(?<![\d.,])(?P<word>)(?P<h>[01]?\d|2[0-4])[.:](?P<mi>[0-5]\d)(?=\s*(?:WIB|WITA|WIT)\b)"
        ),
        _time,
    ),
    (re.compile(r"(?<![\d.,])(?P<word>)(?P<h>[01]?\d|2[0-4]):(?P<mi>[0-5]\d)(?![\d:])"), _time),
    # "10.00" on its own is a time: Indonesian copy writes a decimal with a comma.
    (re.compile(r"(?<![\d.,])(?P<word>)(?P<h>[01]?\d|2[0-4])\.(?P<mi>00)(?!\d|[.,]\d)"), _time),
    (
        re.compile(rf"\b(?P<ctx>{_CONTEXT_TIME}) (?P<h>[01]?\d|2[0-4])\.(?P<mi>[0-5]0)(?![\d,.])"),
        lambda m: f"{m['ctx']} pukul {_clock(m['h'], m['mi'])}",
    ),
    (re.compile(r"\bke-?\s?(?P<n>\d{1,4})\b", re.IGNORECASE), _ordinal),
    # Letters and digits in one token are said apart: Covid-19, G20, 5G, H-1.
    (re.compile(r"(?<=[A-Za-z])-?(?=\d)|(?<=\d)(?=[A-Za-z])"), lambda m: " "),
    (re.compile(r"\b(?P<a>\d{1,4})\s?[-\u2013]\s?(?P<b>\d{1,4})\b"), _number_range),
    (re.compile(rf"{_AMOUNT}\s?(?:%|persen\b)"), _percent),
    (re.compile(rf"(?<![\w.,]){_AMOUNT}\s?(?P<unit>{_UNIT_NAMES})(?![\w])"), _unit),
    (
        re.compile(rf"\bper (?P<unit>{_UNIT_NAMES})(?![\w])"),
        lambda m: f"per {_UNIT_FORMS[m['unit']]}",
    ),
    (re.compile(rf"\b(?:{_EN_NUM})\b"), _english_number),
    # Any other number over a number is a ratio: "24/7", "9,5/10".
    (re.compile(r"(?<=\d)\s?/\s?(?=\d)"), lambda m: " per "),
    # English-style decimals that slipped into Indonesian copy: 2.5 (never 3 digits).
    (re.compile(r"\b(?P<a>\d+)\.(?P<b>\d{1,2})\b"), _english_decimal),
    (re.compile(rf"(?:{_NUM})"), _plain_number),
)

# Written abbreviations read out in full. Case matters: "dr." is a physician, "Dr." a doctorate.
ABBREVIATIONS: dict[str, str] = dict((
        ("Jl.", "Jalan"), ("Jln.", "Jalan"), ("No.", "nomor"), ("Tbk.", "te be ka"),
        ("dll.", "dan lain-lain"), ("dsb.", "dan sebagainya"), ("dst.", "dan seterusnya"),
        ("dkk.", "dan kawan-kawan"), ("Prof.", "Profesor"), ("Dr.", "Doktor"), ("dr.", "dokter"),
        ("Yth.", "yang terhormat"), ("a.n.", "atas nama"), ("H.", "Haji"), ("Hj.", "Hajah"),
        ("Kab.", "Kabupaten"), ("Kec.", "Kecamatan"), ("Kel.", "Kelurahan"), ("Sdr.", "Saudara"),
        ("Bpk.", "Bapak"), ("tsb.", "tersebut"), ("yg", "yang"), ("dgn", "dengan"),
        ("S.H.", "es ha"), ("S.E.", "es e"), ("M.Si.", "em si"), ("Ir.", "Insinyur"),
        ("Vol.", "volume"), ("Hal.", "halaman"), ("hlm.", "halaman"), ("Telp.", "telepon"),
        ("Gg.", "Gang"), ("Kp.", "Kampung"), ("Ds.", "Desa"), ("Prov.", "Provinsi"),
        ("Ny.", "Nyonya"), ("Tn.", "Tuan"), ("Kol.", "Kolonel"), ("Jend.", "Jenderal"),
        ("drg.", "dokter gigi"), ("a.l.", "antara lain"), ("s.d.", "sampai dengan"),
        ("Sdri.", "Saudari"), ("Kec", "Kecamatan"), ("Kab", "Kabupaten"), ("Th.", "tahun"),
        ("Thn.", "tahun"), ("Tel.", "telepon"), ("PT.", "pe te"), ("CV.", "ce ve"),
        ("vs", "lawan"), ("vs.", "lawan"), ("VS", "lawan"),
))  # fmt: skip
# One pattern for them all, longest first ("Sdri." before "Sdr."): a word on its own.
_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(re.escape(short) for short in sorted(ABBREVIATIONS, key=len, reverse=True))
    + r")(?=[\s,;:)]|$)"
)


def _abbreviation(m: re.Match[str]) -> str:
    # An abbreviation's dot at the very end also closes the sentence: keep one.
    full = ABBREVIATIONS[m[0]]
    return full + "." if m.end() == len(m.string) and m[0].endswith(".") else full


SYMBOLS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\s*&\s*"), " dan "),
    (re.compile(r"\s*%"), " persen"),
    (re.compile(r"\s*\+\s*"), " plus "),
    (re.compile(r"\s*=\s*"), " sama dengan "),
    # Between words a slash is "per" before a measure of time or count ("meter/detik"),
    # and otherwise a choice ("dan/atau", "pria/wanita").
    (re.compile(rf"(?<=\w)\s?/\s?(?=(?:{_PER_WORDS})\b)"), " per "),
    (re.compile(r"(?<=\bdan)/(?=atau\b)"), " "),
    (re.compile(r"(?<=\w)\s?/\s?(?=\w)"), " atau "),
    (re.compile(r"\s*[()\[\]|\u2022\u00b7]\s*"), ", "),
    (re.compile(r"[\u201c\u201d\u201e\u00ab\u00bb\"`]"), ""),
    (re.compile(r"[\u2018\u2019]"), "'"),
    (re.compile(r"\s*[\u2013\u2014]\s*|\s+-\s+|\s*--\s*"), ", "),
    (re.compile(r"\u2026|\.{3,}"), "."),
    # Whatever is not a letter, a space or plain punctuation is not read at all.
    (re.compile(r"[^\w\s.,?!;:'-]|_"), " "),
    # The last guard: punctuation belongs at a word's end and a hyphen or apostrophe
    # between letters ("anak-anak", "Jum'at"); anywhere else an engine would say it.
    (re.compile(r"(?<=\w)[.:](?=\w)"), " "),
    (re.compile(r"(?<![^\W\d_])['-]+|['-]+(?![^\W\d_])"), " "),
    (re.compile(r"\s+([.,?!;:])"), r"\1"),
    (re.compile(r"([,;:])(?:\s*[,;:])+"), r"\1"),
    (re.compile(r"[,;:]+\s*([.?!])"), r"\1"),
    (re.compile(r"\.+(?=[,;:])|(?<=[.?!])[.,;:?!]+"), ""),
    (re.compile(r"([.,;:!?])(?=\w)"), r"\1 "),
    (re.compile(r"^[\s.,?!;:]+|[\s,;:]+$"), ""),
    (re.compile(r"\s+"), " "),
)

# Degrees and initials with dots ("S.Pd.", "Ph.D", "B.J. Habibie"), and one initial
# before a name ("M. Yusuf"), are said as letters without the dots.
_DOTTED = re.compile(r"(?<![\w.])[A-Z][A-Za-z]{0,2}\.(?:[A-Z][A-Za-z]{0,2}\.?)+(?!\w)")
_INITIAL = re.compile(r"(?<![\w.])(?P<letter>[A-Z])\.(?=\s[A-Z][a-z])")

# Acronyms said letter by letter: two or three capitals, single capitals standing
# alone ("Blok B", "G 20"), and four to six capitals that cannot be said as a word.
_ACRONYM = re.compile(r"\b[A-Z]{1,6}\b")
_CONSONANTS = "[B-DF-HJ-NP-TV-Z]"
# Consonant pairs an Indonesian word may begin or end with ("BRIN", "TRANS", "BANK").
_ONSETS = {"BR", "BL", "DR", "FL", "FR", "GL", "GR", "KL", "KR", "KH", "NY", "NG", "PL",
           "PR", "SK", "SP", "ST", "SW", "SY", "TR"}  # fmt: skip
_CODAS = {"NG", "NK", "NS", "RS", "RT"}


def _spelled(word: str) -> bool:
    if len(word) <= 3:
        return True
    if not re.search("[AEIOU]", word) or re.search(_CONSONANTS * 3, word):
        return True  # BMKG, UMKM
    start, end = word[:2], word[-2:]
    # BBRI, PSSI, BPOM, KPAI start as no word does; BUMN ends as none does.
    return bool(
        (re.fullmatch(_CONSONANTS * 2, start) and start not in _ONSETS)
        or (re.fullmatch(_CONSONANTS * 2, end) and end not in _CODAS)
    )


def _acronym(m: re.Match[str]) -> str:
    return _spell(m) if _spelled(m[0]) else m[0]


@cache
def default_lexicon() -> dict[str, str]:
    """The built-in pronunciation lexicon shipped as briefing/script/lexicon.toml."""
    text = files("briefing.script").joinpath("lexicon.toml").read_text(encoding="utf-8")
    return {str(k): str(v) for k, v in tomllib.loads(text).items()}


class Lexicon:
    """Whole-word, case-sensitive replacements: the built-in entries plus a show's own.

    Entries with digits ("G20") must see the raw text, before numbers are said;
    the others apply after the rules, so that capitalised names still guide
    them ("Siti (52)" is an age) and acronyms the rules write ("dolar AS") count.
    """

    def __init__(self, entries: Mapping[str, str] | None = None) -> None:
        given = default_lexicon() | dict(entries or {})
        # One reading whatever the case: "COVID" and "covid" are read as the entry for
        # "Covid". Entries in capitals stay as they are: "ANTARA" the agency is not
        # "antara", the word for "between".
        cased = {
            variant: said
            for w, said in given.items()
            if len(w) >= 3 and not w.isupper() and not re.search(r"\d", w)
            for variant in (w.upper(), w.lower(), w[:1].upper() + w[1:])
        }
        self.entries = cased | given
        numeric = [w for w in self.entries if re.search(r"\d", w)]
        words = [w for w in self.entries if not re.search(r"\d", w)]
        self._numeric = self._pattern(numeric)
        self._words = self._pattern(words)

    @staticmethod
    def _pattern(words: list[str]) -> re.Pattern[str] | None:
        if not words:
            return None
        # Longest first, so "App Store" wins over "App".
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        return re.compile(rf"(?<![\w@#])(?:{alternatives})(?!\w)")

    def _apply(self, pattern: re.Pattern[str] | None, text: str) -> str:
        return pattern.sub(lambda m: self.entries[m[0]], text) if pattern else text

    def before_rules(self, text: str) -> str:
        return self._apply(self._numeric, text)

    def after_rules(self, text: str) -> str:
        return self._apply(self._words, text)


@cache
def _default_lexicon_object() -> Lexicon:
    return Lexicon()


def spoken_former(entries: Mapping[str, str]) -> Callable[[str], str]:
    """What an engine reads for a written text, with a show's own lexicon ``entries``."""
    lexicon = Lexicon(entries)
    return lambda text: spoken_form(text, lexicon)


def spoken_form(text: str, lexicon: Lexicon | None = None) -> str:
    """``text`` rewritten for the ear: no digits or symbols are left for an engine."""
    lexicon = lexicon or _default_lexicon_object()
    # One code point per accented letter, so "é" is a letter and not "e" and a mark.
    text = lexicon.before_rules(unicodedata.normalize("NFC", text))
    for pattern, replace in RULES:
        text = pattern.sub(replace, text)
    text = _ABBREVIATION.sub(_abbreviation, text)
    text = _DOTTED.sub(_dotted, text)
    text = _INITIAL.sub(lambda m: spell(m["letter"]), text)
    text = lexicon.after_rules(text)
    text = _ACRONYM.sub(_acronym, text)
    # Superscripts and other numeric signs ("²") pass for word characters; drop them.
    text = "".join(" " if unicodedata.category(ch)[0] == "N" else ch for ch in text)
    for pattern, replacement in SYMBOLS:
        text = pattern.sub(replacement, text)
    return text
