"""What a line of a pasted news page is: news prose, a headline, a byline, or furniture.

A producer pastes whole pages, so most lines are page chrome: menus, share
buttons, "Baca juga" links, captions, promos, tags and footers. Each line is
classified by what it is, not by which outlet printed it:

- its shape: length, closing punctuation, capitals, runs of one-word lines;
- how Indonesian it reads: the density of function words from jusText's
  Indonesian stoplist (prose has many, menus and names almost none);
- a small vocabulary for what is unambiguous wherever it appears (share and
  copy-link buttons, read-time stamps, embedded-media markers, pagination,
  promos for news channels, lists of other stories, copyright lines).

The page reader (text.py) then weighs the kinds in context to find where the
article is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.ingest.bylines import INITIALS, caption_credit, meta_of
from briefing.ingest.stoplist import stopwords

# --- Kinds ----------------------------------------------------------------------------
PROSE = "prose"  # sentences: a news paragraph, a subtitle, or a promo we failed to spot
TITLE = "title"  # headline-shaped: the headline, a sub-heading, a link, a menu phrase
SHORT = "short"  # one or two words without a sentence: menu items, labels, icons
META = "meta"  # byline, date stamp, editor's credit
CAPTION = "caption"  # a photo caption with its credit
LIST = "list"  # the label of a list of other stories ("Berita Terkait", "Baca Juga")
LINK = "link"  # a link to another story on its own line ("Baca juga: ...")
CHROME = "chrome"  # page furniture from the vocabulary below
END = "end"  # lists of other stories and tags: after the story, or a box inside it
CLOSE = "close"  # what only follows a story: readers' comments, the writer's biography
ITEM = "item"  # an item of a list the story introduces ("Berikut syaratnya:")
SUMMARY = "summary"  # the label of a box of summary bullets ("Ringkasan", "Intinya sih...")


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# Labels of story lists. A label alone starts a list; with text after it, the line
# is itself a link to another story. The END labels come only after an article.
_LINK_LABEL = (
    r"baca( juga| pula| lainnya| lagi| berikutnya| selanjutnya)?|lihat( juga)?|simak( juga)?"
    r"|pilihan editor|editor'?s? pick|rekomendasi( untuk anda| artikel| lain)?"
    r"|artikel menarik( lainnya)?|berita menarik( lainnya)?|jangan lewatkan|tonton( juga)?"
    r"|read also|also read"
)
_END_LABEL = (
    r"berita terkait|artikel terkait|konten terkait|topik terkait|topik( pilihan)?|tags?|tagar"
    r"|berita (?:terkini|terbaru|populer|terpopuler|lainnya|pilihan|selengkapnya)(?: lainnya)?"
    r"|berita \w+ lainnya|terpopuler|populer|terkini( lainnya)?|terbaru|trending( now)?"
    r"|most popular|latest news|pilihan redaksi|baca tentang|lihat lainnya"
    r"|lainnya dari \w+|(?:lainnya|more) (?:di|dari|from) .+|\w+ network"
    r"|related(?: posts?| articles?| stories| news)?|you may also like"
)
# Readers' comments, the writer's biography and reply forms follow the story and
# never stand inside it: the story ends there, whatever comes after.
_CLOSE_LABEL = (
    r"\d*\s*komentar(?: pembaca)?(?:\s*\(\d+\))?|(?:tulis|tinggalkan|beri(?:kan)?|lihat|kirim)"
    r" komentar|\d+\s*comments?|comments|(?:tentang|profil|biodata) penulis|about the author"
    r"|leave a (?:reply|comment)\b.*"
)
LIST_LABEL = re.compile(rf"(?:{_LINK_LABEL}|{_END_LABEL})\s*[:.]?", re.IGNORECASE)
END_LABEL = re.compile(rf"(?:{_END_LABEL})\s*[:.]?", re.IGNORECASE)
CLOSE_LABEL = re.compile(rf"(?:{_CLOSE_LABEL})\s*[:.]?", re.IGNORECASE)
LINK_LINE = re.compile(rf"(?:{_LINK_LABEL})\s*:\s*\S.*|(?:{_LINK_LABEL})\s+(?:juga|pula)\b.*", re.I)

# Labels of a summary box: its bullets restate the story, so they are not read.
SUMMARY_LABEL = re.compile(
    r"(?:ringkasan(?: berita| artikel)?|rangkuman|intinya(?: sih)?|poin(?:-poin)? penting|sekilas"
    r"|highlights?|key points|in brief|tl;?dr|baca \d+ detik)\W*",
    re.IGNORECASE,
)

# Unambiguous furniture, matched against the whole line.
CHROME_LINES = _rx(
    # advertising and "read on" prompts
    r"advertisement|iklan|ads?|sponsored|konten (?:iklan|sponsor|bersponsor|premium)",
    r"scroll (?:to|untuk|ke bawah)\b.*|gulir (?:ke bawah|untuk)\b.*",
    r"(?:lanjut(?:kan)?|terus) (?:membaca|baca)\b.*|(?:like )?loading\W*|memuat\W*",
    r"like this\W*|skip to (?:main )?content|search for\W*",
    r"baca berita dengan sedikit iklan.*|(?:nikmati|dapatkan akses) .*(?:premium|berlangganan).*",
    # share, copy-link, font size, listen, comments, reactions, read time
    r"(?:bagikan|share|sebarkan)(?: (?:ke|to|artikel|berita|this))?(?: ini)?\s*:?",
    r"(?:salin|copy|kopi) (?:tautan|link|url)\b.*|(?:url|link|tautan) (?:telah |sudah )?"
    r"(?:tercopy|disalin|dicopy|copied)\b.*|link copied",
    r"ukuran (?:font|huruf|teks)\b.*|font\s*:?.*|a\s*[-+]?\s*a\s*[-+]?\s*a?",
    r"(?:dengarkan|putar|play) (?:berita|artikel|audio)\b.*|mode (?:gelap|baca)",
    r"\d*\s*tanggapan(?:\s*\(\d+\))?|disclaimer\s*:.*|(?:halaman|page)\s*:\s*(?:\d+\s*)+",
    r"(?:baca|waktu baca|durasi baca|dibaca(?: normal)?|read)\s*:?\s*\d+\s*"
    r"(?:detik|menit|min(?:ute)?s?)\b.*",
    r"lewati\b.*|skip\b.*",
    r"(?:artikel|konten|berita) ini (?:khusus|hanya) (?:untuk|bagi) (?:pelanggan|member|anggota)"
    r"\b.*|(?:berlangganan|login|masuk) untuk membaca\b.*",
    r"\d+\s*(?:menit|min) (?:membaca|baca|read)",
    r"like|suka|comment|follow|ikuti|unfollow|perbesar|zoom|tutup|close|kembali|back",
    r"terverifikasi|verified|konten dari pengguna|tim redaksi|redaksi",
    # pagination
    r"(?:baca )?halaman (?:selanjutnya|berikutnya|sebelumnya)\b.*|(?:halaman|page)\s*\d+"
    r"(?:\s*(?:/|dari|of)\s*\d+)?|(?:\d+\s*){1,12}(?:selanjutnya|next|berikutnya|[>\u00bb\u203a])?"
    r"|selanjutnya|sebelumnya|berikutnya|next|prev(?:ious)?|[<>\u00ab\u00bb\u2039\u203a]+",
    r"(?:tampilkan|lihat|baca) (?:semua|selengkapnya)\b.*|baca artikel selengkapnya"
    r"|selengkapnya|load more|muat lebih banyak|show all",
    # embedded media
    r"\[[^\]]{1,80}\]|\(\s*embed\s*\)|video pilihan\b.*|(?:saksikan|simak|tonton) video\b.*",
    r"view this post on instagram|lihat postingan ini di instagram|a post shared by .*"
    r"|sebuah kiriman dibagikan oleh .*|postingan (?:yang )?dibagikan oleh .*",
    r"pic\.twitter\.com/\S+|.*\(@\w+\)\s*\w+ \d{1,2},? \d{4}",
    # credits of syndication and sources, legal lines
    r"artikel ini (?:telah |sudah )?(?:tayang|terbit|dimuat|diterbitkan|dipublikasikan)\b.*",
    r"(?:sumber|source)\s*:\s*\S.{0,60}",
    r"(?:copyright|hak cipta|©|\(c\)).*|.*\ball rights? reserved\b.*",
    r"dilarang (?:keras )?(?:mengambil|mengutip|menyalin|memperbanyak|mereproduksi)\b.*",
    # "... tanggung jawab penulis dan tidak mewakili pandangan redaksi": a user post's notice.
    r".{0,160}\btidak (?:mewakili|mencerminkan) (?:pandangan|sikap|kebijakan) redaksi\b.*",
)

# The vocabulary in the order it is tried, each against the whole line in lower case.
VOCABULARY: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (SUMMARY_LABEL, SUMMARY, "a summary box's label"),
    (CLOSE_LABEL, CLOSE, "the story's end: comments or the writer's biography"),
    (END_LABEL, END, "list of other stories"),
    (LIST_LABEL, LIST, "list of other stories"),
    (LINK_LINE, LINK, "link to another story"),
    (CHROME_LINES, CHROME, "page furniture"),
)

# Promotions for the outlet's channels: an imperative and a channel in one line.
PROMO_VERB = re.compile(
    r"^(?:simak|ikuti|follow|dapatkan|gabung|bergabung|mari bergabung|join|klik|unduh|download"
    r"|install|yuk|ayo|jangan lewatkan|jangan lupa|pastikan|cek|kunjungi|update|baca berita"
    r"|baca artikel|tonton|saksikan|dengarkan|pantau|langganan|berlangganan|subscribe|daftar)"
    r"(?:lah|kan|kanlah)?\b",
    re.IGNORECASE,
)
PROMO_CHANNEL = re.compile(
    r"\b(?:google news|whatsapp|wa channel|saluran|channel|telegram|instagram|youtube|tiktok"
    r"|facebook|twitter|newsletter|notifikasi|aplikasi|app store|play store|klik di ?sini"
    r"|klik link|tautan berikut|link berikut|di sini|premium|breaking news|update berita)\b",
    re.IGNORECASE,
)

# Names of share targets: a line made of these alone is a share bar.
SHARE_WORDS = frozenset(
    """
    facebook twitter x whatsapp wa telegram line email e-mail linkedin pinterest instagram
    youtube tiktok threads copy link salin url share bagikan ke to via messenger
    """.split()  # noqa: SIM905 - a word list reads better as text
)

# An icon's name pasted as text: "verified-green", "sosmed-whatsapp-white", "ic_share".
ICON_NAME = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)+")
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
_TERMINAL = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$|[\"\u201d]$")
_QUESTION = re.compile(r"[?!][\"'\u201d\u2019)]*$")


@dataclass(frozen=True)
class Line:
    """One non-blank line of a page with what the classifier made of it."""

    text: str
    kind: str
    why: str = ""  # the reason, shown with -v
    words: int = 0

    @property
    def is_prose(self) -> bool:
        return self.kind == PROSE


def words_of(text: str) -> list[str]:
    return _WORD.findall(text)


def stop_density(text: str) -> float:
    """Share of words that are Indonesian function words (0 for a menu, ~0.4 for prose)."""
    words = [w.lower() for w in words_of(text)]
    if not words:
        return 0.0
    stop = stopwords()
    return sum(1 for w in words if w in stop) / len(words)


def capitalised_share(text: str) -> float:
    """Share of words of four letters or more that start with a capital (Title Case ~1)."""
    long = [w for w in words_of(text) if len(w) >= 4 and w[0].isalpha()]
    if not long:
        return 0.0
    return sum(1 for w in long if w[0].isupper()) / len(long)


def ends_sentence(text: str) -> bool:
    # Markdown marks pasted with the text ("... enam gardu.**") don't hide the full stop.
    return bool(_TERMINAL.search(text.rstrip("*_~ ")))


def classify(text: str) -> Line:
    """The kind of one line, judged on its own; the reader adds context."""
    words = words_of(text)
    n = len(words)
    low = text.lower().strip()
    if not words:
        return Line(text, SHORT, "no words", 0)
    for pattern, kind, why in VOCABULARY:
        if pattern.fullmatch(low):
            return Line(text, kind, why, n)
    if n <= 40 and PROMO_VERB.match(low) and PROMO_CHANNEL.search(low):
        return Line(text, CHROME, "promotion for the outlet's channels", n)
    if n <= 8 and all(w.lower() in SHARE_WORDS for w in words):
        return Line(text, CHROME, "share buttons", n)
    if " " not in low and ICON_NAME.fullmatch(low):
        return Line(text, CHROME, "an icon's name", n)
    if text.lstrip().startswith("#") and n <= 6:
        return Line(text, CHROME, "hashtag", n)
    # A caption first: "Foto: Petugas ..." is a caption, not a photographer's credit.
    if caption_credit(text):
        return Line(text, CAPTION, "photo caption", n)
    meta = meta_of(text)
    if meta is not None:
        return Line(text, META, meta, n)
    # Editors' initials may close the last paragraph: "... perusahaan. (abc/xyz)".
    if _sentence_like(re.sub(rf"\s*{INITIALS.pattern}\s*$", "", text, flags=re.I), n):
        return Line(text, PROSE, "", n)
    if n <= 2:
        return Line(text, SHORT, "one or two words", n)
    if n <= 30 and len(text) <= 250:
        return Line(text, TITLE, "", n)
    return Line(text, PROSE, "long line", n)


def _sentence_like(text: str, n: int) -> bool:
    # Two words with a full stop ("Evakuasi berlanjut.") are a sentence; one is a label.
    if n < 2 or (n == 2 and not ends_sentence(text)):
        return False
    if _QUESTION.search(text):
        # "Berapa Tarif Setelah Uji Coba?" is a heading; "Lantas, apa itu Clubhouse?" a sentence.
        return capitalised_share(text) < 0.6 or n > 16
    if text.endswith(":") and n >= 4:
        # "Berikut syarat yang harus dipenuhi pendaftar:": a sentence introducing a list.
        return stop_density(text) >= 0.15 or capitalised_share(text) < 0.6
    if not ends_sentence(text):
        return n > 30
    # A line in another language, or a list of names, ends with a full stop too; a
    # sentence of news may have few function words, but it is not in Title Case.
    return n < 8 or stop_density(text) >= 0.08 or capitalised_share(text) < 0.8
