"""What a paragraph is for, and how the room says it: the rules behind the conversation.

The room gives each paragraph of an article to the speaker whose part it is:
the reporter tells what happened, the analyst the background, the figures and
what comes next, the quote voice the quotations. The moderator's question
before a paragraph fits what the paragraph holds (an amount, a response, a
consequence, a place or a time). Everything here reads the article's own words;
nothing adds a fact. The jinja2 templates write the questions' words.
"""

from __future__ import annotations

import re

from briefing.dates import MONTH_NAMES
from briefing.ingest.quotes import ATTRIBUTION, named_speaker
from briefing.ingest.quotes import LEAD_IN_VERBS as REPORTED_SPEECH
from briefing.ingest.rundown import STOPWORDS

# Paragraph openings that announce background, history or data ("Sebelumnya, ...").
_CONTEXT_OPENINGS = re.compile(
    r"^(?:Sebelumnya|Sementara itu|Berdasarkan data|Sebagai informasi|Diketahui|Untuk diketahui"
    r"|Seperti diketahui|Menurut catatan|Menurut data|Dalam catatan|Data|Sebagai gambaran"
    r"|Adapun|Selama ini|Sepanjang|Sejak|Tahun lalu|Pada tahun|Secara keseluruhan"
    r"|Hingga kini|Hingga saat ini|Sampai saat ini|Catatan|Riwayat)\b"
)
# Figures: amounts of money and shares, or several counts with a measure.
_MONEY = re.compile(r"(?:Rp|US\$|USD|\$)\s?\d|\d\s?(?:%|persen\b)", re.IGNORECASE)
_COUNT = re.compile(
    r"\d[\d.,]*\s(?:ton|unit|orang|jiwa|kilogram|kg|km|hektare|ha|juta|miliar|triliun"
    r"|ribu|rumah|kendaraan|kasus|warga|penumpang|peserta|liter|meter)\b",
    re.IGNORECASE,
)
# Someone's words reported without quotation marks: a source the moderator asks for.
_SAID = re.compile(rf"\b(?:{REPORTED_SPEECH}|mengaku|Menurut)\b")
_NEXT = re.compile(
    r"\b(?:akan|rencananya|direncanakan|ke depan|selanjutnya|masih menyelidiki|masih mendalami"
    r"|diharapkan|ditargetkan|targetnya|bakal|dijadwalkan|berencana)\b"
)
_RESPONSE = re.compile(
    r"\b(?:menanggapi|tanggapan|merespons|respons|membantah|bantahan|dikonfirmasi"
    r"|mengonfirmasi|menepis|mengklarifikasi|klarifikasi)\b",
    re.IGNORECASE,
)
_CONSEQUENCE = re.compile(
    r"\b(?:akibat|akibatnya|dampak|dampaknya|berdampak|imbas|imbasnya|sehingga|menyebabkan"
    r"|mengakibatkan|membuat)\b",
    re.IGNORECASE,
)
_WHEN = re.compile(
    r"^(?:Pada|Sekitar pukul|Pukul|Sejak|Hingga)\s|^(?:Senin|Selasa|Rabu|Kamis|Jumat|Sabtu"
    r"|Minggu)\b"
)
_WHERE = re.compile(r"^(?:Di|Lokasi|Tempat)\s+[A-Z]|^Di\s+(?:kawasan|lokasi|sekitar)\b")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")

# What the analyst takes; the reporter keeps the rest. Once the main facts are told
# (the lead and a first voice), the analyst also takes what follows, bar responses.
ANALYST_KINDS = frozenset({"context", "figures", "next"})
LATER_KINDS = frozenset({"news", "consequence", "when", "where", "said"})


def kind_of(paragraph: str, year: int) -> str:
    """What a paragraph after the lead mostly does, from its cues."""
    if _RESPONSE.search(paragraph) or (
        paragraph.startswith("Sementara itu") and _SAID.search(paragraph)
    ):
        return "response"  # "Sementara itu, Kementerian menyatakan ...": the other side
    sentences = re.split(r"(?<=[.!?])\s+", paragraph)
    if any(_CONTEXT_OPENINGS.match(s) for s in sentences) or any(
        int(y) < year for y in _YEAR.findall(paragraph)
    ):
        return "context"
    if _SAID.search(paragraph) and named_speaker(paragraph):
        return "said"
    if _MONEY.search(paragraph) or len(_COUNT.findall(paragraph)) >= 2 or _counts(paragraph) >= 2:
        return "figures"
    if _CONSEQUENCE.search(paragraph):
        return "consequence"
    if _NEXT.search(paragraph):
        return "next"
    if _WHEN.match(paragraph):
        return "when"
    if _WHERE.match(paragraph):
        return "where"
    return "news"


_NUMBER = re.compile(rf"(?<![\d/])\d[\d.,]*(?![\d/])(?!\s+(?:{'|'.join(MONTH_NAMES)})\b)")


def _counts(paragraph: str) -> int:
    # Numbers that count something: not years, not the day of a date.
    return sum(1 for m in _NUMBER.finditer(paragraph) if not _YEAR.fullmatch(m[0].rstrip(".,")))


# --- Attribution -----------------------------------------------------------------------

# "kata" and its kin after a quote, as the verb a narrator says before one.
LEAD_IN = {
    "kata": "mengatakan", "ujar": "mengatakan", "ucap": "mengatakan", "tutur": "menuturkan",
    "jelas": "menjelaskan", "ungkap": "mengungkapkan", "imbuh": "menambahkan",
    "tambah": "menambahkan", "terang": "menerangkan", "tegas": "menegaskan",
    "sebut": "menyebutkan", "papar": "memaparkan", "lanjut": "melanjutkan",
    "pungkas": "menambahkan", "tandas": "menandaskan", "sambung": "menambahkan",
    "timpal": "menimpali", "seru": "berseru", "akui": "mengakui", "klaim": "mengklaim",
    "nilai": "menilai", "kata dia": "mengatakan", "ujar dia": "mengatakan",
}  # fmt: skip
LEAD_IN_FORMS = frozenset(LEAD_IN.values())
# Where the speaker's name ends and the circumstances begin: "Eva | kepada wartawan".
_CIRCUMSTANCE = re.compile(
    r"(?:,\s*|\s+)(?=(?:kepada|saat|ketika|di|dalam|pada|seusai|usai|dikutip|melalui|lewat"
    r"|kemarin|Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu)\b)"
)


def _circumstance(rest: str) -> re.Match[str] | None:
    """Where the circumstances begin, outside a relative clause about the speaker: in
    "Sri, penumpang yang bekerja di Jakarta Pusat" the place is where she works, not
    where she spoke. The clause ends at a comma ("Sri, warga yang tinggal di Depok,
    kepada wartawan")."""
    for cut in _CIRCUMSTANCE.finditer(rest):
        if not re.search(r"\byang\b[^,]*$", rest[: cut.end()]):
            return cut
    return None


def is_attribution(text: str) -> bool:
    """A narration that only says who spoke: ", kata Eva." or "ujarnya"."""
    return bool(ATTRIBUTION.match(text))


def lead_in(attribution: str, speaker: str | None, known: str | None = None) -> str | None:
    """The attribution after a quote turned into the narrator's words before it:
    "kata Kepala Damkar, Agus Salim, kepada wartawan." -> "Kepala Damkar, Agus Salim,
    mengatakan kepada wartawan:"; "ujarnya." -> "Agus Salim mengatakan:"."""
    m = ATTRIBUTION.match(attribution)
    if m is None:
        return None
    verb = LEAD_IN[re.sub(r"\s+", " ", m["verb"])]
    rest = m["rest"].strip()
    pronoun = re.match(r"(?:dia|ia|beliau)\b\s*", rest)
    if m["nya"] or pronoun or m["verb"].endswith(" dia"):
        # "katanya", "kata dia": the person the article was quoting, or "Ia".
        who, tail = speaker or "Ia", rest[pronoun.end() :] if pronoun else rest
    else:
        cut = _circumstance(rest)
        who, tail = (rest[: cut.start()], rest[cut.end() :]) if cut else (rest, "")
        who = who.strip(" ,")
        if not who:
            return None
        # A title in apposition keeps its closing comma: "Kepala Damkar, Agus Salim,".
        if "," in who:
            who += ","
    tail = tail.strip(" ,")
    # Whoever the narrator named a moment ago is "Ia" now, not their title again.
    if known and set((speaker or who).split()) & set(known.split()):
        who = "Ia"
    said = " ".join(w for w in (who, verb, tail) if w) + ":"
    return said[:1].upper() + said[1:]  # "analis X, Hendra, ..." opens its own line


# --- Titles -------------------------------------------------------------------------------

# Labels outlets put before a headline: not part of what the story is about.
_LABEL = re.compile(
    r"^\s*(?:\[[^\]]{1,25}\]|(?:VIDEO|FOTO|INFOGRAFIS|Infografis|Video|Foto|Breaking News"
    r"|BREAKING|Cek Fakta|CEK FAKTA|HOAKS|Hoaks|Update|UPDATE|Live|LIVE|Eksklusif|EKSKLUSIF"
    r"|Opini|Analisis)\b\s*[:|\-\u2013\u2014]?)\s*"
)
_QUESTION_OPENING = re.compile(
    r"^(?:Apa itu|Apa|Siapa|Mengapa|Kenapa|Bagaimana|Berapa|Kapan|Di mana|Seperti apa)\s+",
    re.IGNORECASE,
)
# Headline words that begin the predicate: what comes before them is the subject.
# Only verbs that say what befell the subject: an actor's verb ("Menteri Resmikan
# Bendungan") keeps its object, since the actor alone is not what the story is about.
_TITLE_VERBS = frozenset(
    """naik turun tewas resmi capai jadi kembali masih mulai bakal akan sudah belum tak tidak
    siap segera hanya kini bisa harus tembus anjlok melonjak terbakar surut rampung selesai
    hilang meningkat menurun menguat melemah berakhir terancam terendam ambruk longsor
    meledak meninggal terguling terbalik tertabrak tenggelam terseret tertimbun terjebak
    terputus""".split()  # noqa: SIM905
)
_CLAUSE_WORDS = frozenset(
    """yang untuk agar karena setelah usai demi meski supaya saat ketika jelang menjelang
    selama""".split()  # noqa: SIM905
)
_PREPOSITIONS = frozenset("di ke dari untuk pada dan atau dengan oleh".split())  # noqa: SIM905


def spoken_title(title: str) -> str:
    """A headline as the moderator reads it: without the outlet's label ("VIDEO:")."""
    return _LABEL.sub("", title).strip() or title.strip()


def subject_of(title: str) -> str:
    """What a story is about, named in recaps: the headline's subject, not the headline.

    "Kebakaran Gudang Kayu di Tangerang, 12 Unit Damkar Dikerahkan" -> "Kebakaran
    Gudang Kayu di Tangerang"; "Harga Cabai di Kramat Jati Turun 20 Persen" ->
    "Harga Cabai di Kramat Jati"; "Apa Itu Clubhouse?" -> "Clubhouse".
    """
    # "Viral Video Bus Terguling ...": what went viral is the subject.
    title = re.sub(
        r"^(?:Viral|VIRAL)(?:\s+(?:Video|Foto))?,?\s+(?=\S+\s+\S+)", "", spoken_title(title)
    )
    clauses = [c.strip() for c in re.split(r"[,:;?!]\s+|\s+[-\u2013\u2014|]\s+|[?!]$", title)]
    clauses = [c for c in clauses if c]
    if not clauses:
        return title
    # A question headline names its subject after the question word ("Apa Itu X?").
    first = re.sub(r"^itu\s+", "", _QUESTION_OPENING.sub("", clauses[0]), flags=re.IGNORECASE)
    if not first.strip() and len(clauses) > 1:
        first = clauses[1]
    # "Dikira Aman, Jembatan Putus": a clause that opens with a verb sets the scene.
    elif len(clauses) > 1 and first.split()[0].lower().startswith("di") and len(first) > 6:
        first = clauses[-1]
    words = first.split()
    for i, word in enumerate(words):
        bare = word.strip("\"'\u201c\u201d").lower()
        # Passive verbs too ("Dikerahkan", "Ditutup"): the subject is what they befell.
        verbal = bare in _TITLE_VERBS or (len(bare) >= 6 and bare.startswith("di"))
        # One word is enough of a subject only when it is an acronym ("IHSG").
        enough = i >= 2 or (i == 1 and words[0].isupper())
        if enough and verbal and words[i - 1].lower() not in _PREPOSITIONS:
            return " ".join(words[:i]).rstrip(",")
    # A long subject ends before a relative or purpose clause ("... yang Tercemar")
    # and loses its closing place or figure ("... di Tiga Koridor").
    clause = next((i for i, w in enumerate(words) if i >= 4 and w.lower() in _CLAUSE_WORDS), None)
    if clause is not None:
        words = words[:clause]
    where = next(
        (i for i in range(len(words) - 1, 2, -1) if words[i].lower() in ("di", "ke", "dari")),
        None,
    )
    if len(words) >= 6 and where is not None:
        return " ".join(words[:where]).rstrip(",")
    return " ".join(words).rstrip(",.")


def topic_words(text: str) -> list[str]:
    """The content words of a headline or lede, in order, for linking one story to the next."""
    return [
        w
        for w in re.findall(r"[^\W\d_]+", text.lower())
        if w not in STOPWORDS and w not in _PREPOSITIONS and len(w) > 3
    ]


def shared_topic(previous: str, current: str) -> str | None:
    """The words two consecutive stories' subjects share ("harga cabai"), or None."""
    before = set(topic_words(previous))
    shared = [w for w in topic_words(current) if w in before]
    return " ".join(dict.fromkeys(shared)) if shared else None
