"""The room: who says what, in which order, from which facts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from pathlib import Path

import pytest

from briefing.errors import ScriptError
from briefing.ingest import read_article
from briefing.ingest.text import parse_text
from briefing.length import DEFAULT_RATE as CHARS_PER_SECOND
from briefing.models import Article, Script
from briefing.pipeline import spoken_lines
from briefing.script.normalize import spoken_form
from briefing.script.room import BRIEF_MAX, FULL_MAX, compose, greeting
from briefing.settings import Show, changed, load_show
from briefing.speech import speak
from briefing.speech.cache import ClipCache
from briefing.speech.engine import BaseEngine, Speech
from tests.conftest import DATA, EXAMPLE, KOMPAS, tone_wav
from tests.roomcheck import room_problems

SHOW = load_show(None)
MORNING = dt.datetime(2026, 11, 24, 6, 0, tzinfo=SHOW.zone)
ANTARA = DATA / "antara_bendungan.txt"
DETIK = DATA / "detik_kebakaran_gudang.txt"
CNN = DATA / "cnn_suku_bunga.txt"
TRIBUN = DATA / "tribun_jalan_rusak.txt"
SUARA = DATA / "suara_harga_beras.txt"
ROOT = DATA.parent.parent
# Every article the repository holds, in every outlet's layout: each room keeps the rules.
ROOM_ARTICLES = sorted(
    [*(ROOT / "examples").glob("*.txt"), *DATA.glob("*.txt"), *(DATA / "pages").glob("*.txt"),
     *(DATA / "pages").glob("*.html")]
)  # fmt: skip


def _story_lines(script: Script, title: str) -> list[tuple[str, str]]:
    return [(line.role, line.text) for line in script.lines if line.chapter == title]


def test_the_room_opens_tells_explains_and_closes() -> None:
    article = read_article(EXAMPLE)
    script = compose([article], SHOW, MORNING)
    assert script.chapters == ("Pembuka", article.title, "Penutup")
    first, *_, last = script.lines
    assert first.role == "moderator"
    assert first.text.startswith("Selamat pagi, ") and "Ruang Kabar" in first.text
    assert "Selasa, 24 November 2026" in first.text
    assert "Bima" in script.lines[1].text and "Dimas" in script.lines[1].text  # who is on stage
    assert last.role == "moderator" and "Rina" in last.text
    assert {line.role for line in script.lines} == {"moderator", "reporter", "analyst", "quote"}
    # The question heading becomes the moderator's question, answered by the analyst.
    roles = [line.role for line in script.lines]
    question = next(
        line for line in script.lines if "Berapa Tarif Setelah Masa Uji Coba?" in line.text
    )
    assert question.role == "moderator" and "Dimas" in question.text  # the analyst
    assert roles[script.lines.index(question) + 1] == "analyst"
    credits = [line.text for line in script.lines if line.chapter == "Penutup"]
    assert any("Liputan6.com" in t and "Dewi Lestari" in t for t in credits)


def test_quotes_are_read_by_the_quote_voice_with_attribution() -> None:
    script = compose([read_article(EXAMPLE)], SHOW, MORNING)
    lines = [(line.role, line.text) for line in script.lines]
    quote = (
        "quote",
        "Kami ingin tahu berapa banyak warga yang benar-benar mau beralih dari kendaraan pribadi ke angkutan umum.",
    )
    i = lines.index(quote)
    # The moderator asks for the named speaker; the narrator says who speaks, then the
    # quote voice says it ("kata Wahyu di ..." after the quote becomes a lead-in).
    asked = next(j for j in range(i - 1, 0, -1) if lines[j][0] == "moderator")
    assert "Wahyu" in lines[asked][1]
    # Wahyu was named a moment ago, so the lead-in says "Ia".
    assert lines[i - 1] == ("reporter", "Ia mengatakan di Balai Kota Bandung, Senin (9/11/2026):")
    assert lines[i + 1][0] != "reporter" or not lines[i + 1][1].startswith("kata")
    # A quote inside an analyst section keeps the analyst as narrator.
    j = lines.index(
        ("quote", "Kalau tarifnya di atas ongkos parkir, orang akan kembali naik motor.")
    )
    assert lines[j - 1] == ("analyst", "Ia mengatakan:")  # Retno, named just before


def test_quote_after_a_lead_in_keeps_the_narration_before_it() -> None:
    article = parse_text(
        "Kepala Desa Menanggapi Banjir\n"
        "Garut - Banjir merendam puluhan rumah di Desa Sukaraja sejak Selasa malam akibat hujan deras.\n"
        'Kepala desa mengatakan, "Warga sudah kami ungsikan ke balai desa sejak tadi pagi."\n'
    )
    lines = [(line.role, line.text) for line in compose([article], SHOW, MORNING).lines]
    i = lines.index(("reporter", "Kepala desa mengatakan:"))
    assert lines[i + 1] == ("quote", "Warga sudah kami ungsikan ke balai desa sejak tadi pagi.")


def test_a_quote_that_ends_the_sentence_keeps_the_full_stop() -> None:
    article = parse_text(
        "Menteri Mengirim Pesan\n"
        "Jakarta - Menteri mengirim pesan singkat kepada para petani di Sumedang pada Senin pagi.\n"
        "Pesan itu berbunyi \u201cKami akan terus mendampingi petani sampai panen berikutnya\u201d.\n"
    )
    lines = [(line.role, line.text) for line in compose([article], SHOW, MORNING).lines]
    assert ("quote", "Kami akan terus mendampingi petani sampai panen berikutnya.") in lines
    assert any(
        role in ("reporter", "analyst") and text == "Pesan itu berbunyi" for role, text in lines
    )


def test_short_scare_quotes_stay_with_the_narrator() -> None:
    article = parse_text(
        "Tren Kerja Jarak Jauh\n"
        'Jakarta - Banyak perusahaan kini menerapkan kerja "hybrid" bagi karyawan kantor di kota besar.\n'
    )
    lines = compose([article], SHOW, MORNING).lines
    assert not any(line.role == "quote" for line in lines)
    # Said as plain words: no narrator reads a quotation mark.
    assert any("kerja hybrid bagi" in line.text for line in lines)


def test_explainer_headings_go_to_the_analyst_and_news_headings_to_the_reporter() -> None:
    article = parse_text(
        "Harga Beras Naik di Pasar Tradisional\n"
        "Bogor - Harga beras medium di pasar tradisional Bogor naik menjadi Rp 14.000 per kilogram pekan ini.\n"
        "Sejarah Harga Beras di Bogor\n"
        "Lima tahun lalu, harga beras medium di Bogor masih berada di kisaran Rp 10.000 per kilogram.\n"
        "Pedagang Mengeluhkan Pasokan\n"
        "Para pedagang mengeluhkan pasokan dari penggilingan yang berkurang sejak awal bulan ini.\n"
        "Lantas, apa penyebabnya?\n"
        "Menurut pedagang, musim kemarau membuat hasil panen di sejumlah daerah menurun cukup tajam.\n"
    )
    script = compose([article], SHOW, MORNING)
    lines = [(line.role, line.text) for line in script.lines]
    history = lines.index(
        (
            "analyst",
            "Lima tahun lalu, harga beras medium di Bogor masih berada di kisaran Rp 10.000 per kilogram.",
        )
    )
    assert (
        lines[history - 1][0] == "moderator"
        and "Sejarah Harga Beras di Bogor" in lines[history - 1][1]
    )
    supply = lines.index(
        (
            "reporter",
            "Para pedagang mengeluhkan pasokan dari penggilingan yang berkurang sejak awal bulan ini.",
        )
    )
    assert (
        lines[supply - 1][0] == "moderator"
        and "Pedagang Mengeluhkan Pasokan" in lines[supply - 1][1]
    )


def test_the_articles_own_question_is_asked_by_the_moderator() -> None:
    script = compose([read_article(ANTARA)], SHOW, MORNING)
    lines = [(line.role, line.text) for line in script.lines]
    assert (
        "moderator",
        "Mengapa Bendungan Penting bagi Petani? Dimas, bisa jelaskan?",
    ) in lines or any(
        role == "moderator" and text.startswith("Mengapa Bendungan Penting bagi Petani? Dimas,")
        for role, text in lines
    )
    seed_like = parse_text(
        "Mengenal Aplikasi Baru\n"
        "Jakarta - Aplikasi obrolan suara itu mendadak populer di kalangan pengguna internet pekan ini.\n"
        "Lantas, apa itu aplikasi tersebut? Aplikasi itu adalah jejaring sosial berbasis obrolan suara.\n"
    )
    lines = [(line.role, line.text) for line in compose([seed_like], SHOW, MORNING).lines]
    i = lines.index(("moderator", "Lantas, apa itu aplikasi tersebut?"))
    assert lines[i + 1] == (
        "reporter",
        "Aplikasi itu adalah jejaring sosial berbasis obrolan suara.",
    )


def test_reporter_analyst_and_quote_only_say_what_the_article_says() -> None:
    for path in ROOM_ARTICLES:
        article = read_article(path)
        script = compose([article], SHOW, MORNING)
        assert not room_problems(script, [article]), path.name


def test_same_input_same_script_and_phrasing_varies_by_episode() -> None:
    articles = [read_article(EXAMPLE)]
    assert compose(articles, SHOW, MORNING) == compose(articles, SHOW, MORNING)
    openings = {
        compose(articles, SHOW, MORNING + dt.timedelta(days=d)).lines[0].text.split(", ")[1]
        for d in range(12)
    }
    assert len(openings) > 1


def _article_seconds(script: Script, title: str) -> float:
    said = [
        t
        for role, t in _story_lines(script, title)
        if role != "moderator" and not t.startswith("Dari ")
    ]
    return sum(len(spoken_form(t)) for t in said) / CHARS_PER_SECOND


@pytest.mark.parametrize("path", [EXAMPLE, ANTARA, KOMPAS], ids=lambda p: p.name)
def test_brief_keeps_the_lead_and_fits_60_to_120_seconds(path: Path) -> None:
    article = read_article(path)
    full = compose([article], SHOW, MORNING, "full")
    brief = compose([article], SHOW, MORNING, "brief")
    full_lines = [line for line in full.lines if line.role != "moderator"]
    brief_lines = [line for line in brief.lines if line.role != "moderator"]
    assert len(brief_lines) <= len(full_lines)
    # The lead is always there, and the order is the article's.
    assert brief_lines[:3] == full_lines[:3]
    positions = [full_lines.index(line) for line in brief_lines]
    assert positions == sorted(positions)
    seconds = _article_seconds(brief, article.title)
    story = (
        sum(len(spoken_form(t)) for _, t in _story_lines(brief, article.title)) / CHARS_PER_SECOND
    )
    assert seconds <= BRIEF_MAX
    assert 60 <= story <= 120 or _article_seconds(full, article.title) < 60


def test_brief_prefers_informative_sentences() -> None:
    filler = "Suasana di lokasi terlihat seperti biasa dan warga beraktivitas seperti hari-hari sebelumnya."
    figures = (
        "Pemerintah menyalurkan bantuan Rp 2,5 miliar kepada 1.200 keluarga di 14 desa pada Selasa."
    )
    body = "\n".join([filler] * 30 + [figures] + [filler] * 30)
    article = parse_text(
        f"Bantuan Banjir Disalurkan\nJakarta - Banjir merendam ribuan rumah di pinggiran kota sejak Senin.\n{body}\n"
    )
    texts = [line.text for line in compose([article], SHOW, MORNING, "brief").lines]
    assert figures in texts
    assert texts.count(filler) < 20


def test_long_episodes_recap_for_latecomers() -> None:
    articles = [read_article(p) for p in (EXAMPLE, KOMPAS, ANTARA, DETIK, CNN)]
    script = compose(articles, SHOW, MORNING)
    recaps = [line for line in script.lines if "baru" in line.text and line.role == "moderator"
              and line.chapter != "Penutup"]  # fmt: skip
    assert recaps, "a 5-story episode gets a recap before its last stories"
    recap = recaps[0]
    chapter_index = script.chapters.index(recap.chapter)
    assert "Pemkot Bandung Uji Coba Bus Listrik Gratis" in recap.text  # the subject
    assert articles[0].title not in recap.text  # not the headline again
    assert chapter_index >= 2  # not before the first story
    assert any("baru bergabung" in line.text for line in script.lines if line.chapter == "Penutup")


def test_a_huge_article_gives_a_bounded_script(caplog: pytest.LogCaptureFixture) -> None:
    paragraph = ("Pemerintah daerah terus memantau perkembangan harga kebutuhan pokok di pasar "
                 "tradisional dan modern setiap hari kerja sepanjang tahun ini. ")  # fmt: skip
    text = "Laporan Panjang Pemantauan Harga\n" + "\n".join(
        f"Paragraf {i}. {paragraph * 3}" for i in range(3000)
    )
    assert len(text.encode()) > 1_000_000
    article = parse_text(text)
    with caplog.at_level(logging.WARNING, logger="briefing"):
        script = compose([article], SHOW, MORNING)
    seconds = sum(len(spoken_form(line.text)) for line in script.lines) / CHARS_PER_SECOND
    assert seconds <= FULL_MAX + 120
    assert "too long to read in full" in caplog.text


def test_engines_get_the_spoken_form_and_scripts_keep_the_written_words(tmp_path: Path) -> None:
    script = compose([read_article(KOMPAS)], SHOW, MORNING)
    heard: list[str] = []

    class Recorder(BaseEngine):
        name = "recorder"

        def version(self) -> str:
            return "1"

        def synthesize(self, text: str, params: object) -> Speech:
            heard.append(text)
            return Speech(tone_wav(), "wav")

    speak(script.lines, spoken_lines(script, SHOW), SHOW, ClipCache(tmp_path), ["recorder"],
          factory=lambda name: Recorder())  # fmt: skip
    assert len(heard) == len(script.lines)
    assert not any(re.search(r"\d|Rp|%", text) for text in heard)
    price = next(i for i, line in enumerate(script.lines) if "Rp 40.000" in line.text)
    assert "empat puluh ribu rupiah" in heard[price]


@pytest.mark.parametrize(("hour", "word"), [(5, "pagi"), (12, "siang"), (16, "sore"), (20, "malam"),
                                            (2, "malam")])  # fmt: skip
def test_greeting_by_time_of_day(hour: int, word: str) -> None:
    assert greeting(MORNING.replace(hour=hour)) == f"Selamat {word}"


def test_greeting_uses_the_shows_time_zone() -> None:
    utc_midnight = dt.datetime(2026, 11, 24, 0, 0, tzinfo=dt.UTC)  # 07:00 in Jakarta
    script = compose([read_article(KOMPAS)], SHOW, utc_midnight)
    assert script.lines[0].text.startswith("Selamat pagi")


def test_show_templates_override_the_shipped_ones(tmp_path: Path) -> None:
    (tmp_path / "closing.j2").write_text(
        "## Penutup\nmoderator: Demikian {{ show.name }}. Salam, {{ cast.moderator }}.\n"
    )
    show = changed(SHOW, templates=tmp_path)
    script = compose([read_article(KOMPAS)], show, MORNING)
    assert script.lines[-1].text == "Demikian Ruang Kabar. Salam, Rina."


def test_templates_that_join_two_utterances_are_refused(tmp_path: Path) -> None:
    (tmp_path / "closing.j2").write_text(
        "## Penutup\nmoderator: Terima kasih.{% if true %} Sampai jumpa.{% endif %}\n"
        "moderator: Salam.\n"
    )
    show = changed(SHOW, templates=tmp_path)
    with pytest.raises(ScriptError, match="joined two utterances"):
        compose([read_article(KOMPAS)], show, MORNING)


def test_templates_are_strict(tmp_path: Path) -> None:
    (tmp_path / "closing.j2").write_text("## Penutup\nmoderator: {{ no_such_thing }}\n")
    show = changed(SHOW, templates=tmp_path)
    with pytest.raises(ScriptError, match="no_such_thing"):
        compose([read_article(KOMPAS)], show, MORNING)


def test_two_articles_make_one_room_with_a_chapter_each() -> None:
    a, b = read_article(EXAMPLE), read_article(KOMPAS)
    script = compose([a, b], SHOW, MORNING)
    assert script.chapters == ("Pembuka", a.title, b.title, "Penutup")
    assert script.title == "Ruang Kabar, Selasa, 24 November 2026"
    recap = [line.text for line in script.lines if "baru bergabung" in line.text]
    assert recap and "Pemkot Bandung Uji Coba Bus Listrik Gratis" in recap[-1]
    assert "Harga Cabai Rawit di Pasar Induk Kramat Jati;" not in recap[-1]


def test_slug_is_ascii_and_url_safe() -> None:
    script = compose([read_article(EXAMPLE)], SHOW, MORNING)
    assert re.fullmatch(r"[a-z0-9-]+", script.slug)
    assert len(script.slug) <= 60


def test_show_is_a_frozen_value() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        SHOW.identity = None  # type: ignore[misc]
    assert isinstance(SHOW, Show) and isinstance(read_article(EXAMPLE), Article)


# --- A room, not a reading ---------------------------------------------------------


def test_every_room_keeps_the_rules_with_several_stories() -> None:
    # Three stories at a time over every article in the repository, in outlets' layouts.
    articles = [read_article(p) for p in ROOM_ARTICLES]
    for start in range(0, len(articles), 3):
        group = articles[start : start + 3]
        script = compose(group, SHOW, MORNING)
        assert not room_problems(script, group), [a.title for a in group]


def test_the_checker_catches_what_the_room_must_not_do() -> None:
    # The rules mean something only if a room that breaks them is caught.
    article = read_article(DETIK)
    script = compose([article], SHOW, MORNING)
    chapter = article.title
    broken = [
        dataclasses.replace(line, text="kata Agus Salim kepada wartawan.")
        if line.role == "reporter" and line.text.endswith(":")
        else line
        for line in script.lines
    ]
    assert room_problems(dataclasses.replace(script, lines=tuple(broken)), [article])
    quoted = [
        dataclasses.replace(line, text='Ia berkata "api sudah padam".')
        if line.role == "analyst"
        else line
        for line in script.lines
    ]
    assert room_problems(dataclasses.replace(script, lines=tuple(quoted)), [article])
    monologue = tuple(
        dataclasses.replace(line, role="reporter")
        if line.chapter == chapter and line.role in ("analyst", "quote")
        else line
        for line in script.lines
    )
    assert room_problems(dataclasses.replace(script, lines=monologue), [article])


def test_attribution_is_said_before_the_quote_it_names() -> None:
    lines = [
        (line.role, line.text) for line in compose([read_article(TRIBUN)], SHOW, MORNING).lines
    ]
    first = lines.index(("reporter", "Ujang Sopandi, Ketua RW 07 Cipadung, mengatakan Sabtu lalu:"))
    assert lines[first + 1][0] == "quote"
    # "katanya." after the second quote: the narrator says "Ia mengatakan:" before it.
    second = lines.index(("quote", "Kalau malam, lampu jalan juga mati."))
    assert lines[second - 1] == ("reporter", "Ia mengatakan:")
    assert not any(text in ("katanya.", "kata Ujang.") for _, text in lines)


def test_a_quotation_continued_over_paragraphs_is_one_run_for_the_quote_voice() -> None:
    lines = [(line.role, line.text) for line in compose([read_article(SUARA)], SHOW, MORNING).lines]
    i = lines.index(("quote", "Biasanya masuk 3.000 ton sehari."))
    assert lines[i - 1][1].startswith("Haryono") and lines[i - 1][1].endswith(":")
    assert [role for role, _ in lines[i : i + 3]] == ["quote", "quote", "quote"]
    assert lines[i + 2] == ("quote", "Pembeli dari warung juga mulai mengurangi belanja.")


def test_questions_fit_what_the_next_paragraph_holds() -> None:
    lines = [
        (line.role, line.text) for line in compose([read_article(TRIBUN)], SHOW, MORNING).lines
    ]
    asked = {text: lines[i + 1] for i, (role, text) in enumerate(lines[:-1]) if role == "moderator"}
    # A response from another party is asked for by name.
    response = asked["Bima, bagaimana tanggapan Asep Kurnia?"]
    assert response[1].startswith("Menanggapi keluhan itu")
    # Background before the analyst's "Sebelumnya, ...".
    context = next(q for q, after in asked.items() if after[1].startswith("Sebelumnya"))
    assert context.rstrip("?").endswith(
        ("latar belakangnya", "situasi sebelumnya", "soal latarnya")
    )
    # An amount.
    figures = next(q for q, after in asked.items() if "Rp 48 miliar" in after[1])
    assert "angka" in figures or "jumlah" in figures
    questions = [q for q in asked if "?" in q]
    assert len(questions) == len(set(questions))


def test_a_question_headline_stays_a_question_and_the_close_names_the_subject() -> None:
    script = compose([read_article(TRIBUN)], SHOW, MORNING)
    texts = [line.text for line in script.lines]
    assert any(t.endswith("Laporan Warga Soal Jalan Rusak di Cibiru Tak Direspons?") for t in texts)
    closing = [line.text for line in script.lines if line.chapter == "Penutup"]
    assert closing[0] == "Itu tadi kabar tentang Laporan Warga Soal Jalan Rusak di Cibiru."


def test_a_labelled_headline_is_read_without_its_label() -> None:
    script = compose([read_article(SUARA)], SHOW, MORNING)
    assert "INFOGRAFIS" not in "\n".join(line.text for line in script.lines)
    assert script.title.startswith("Harga Beras Medium di Pasar Cipinang Naik Lagi")
    assert script.chapters[1].startswith("Harga Beras Medium")


def test_an_article_from_another_day_is_anchored_to_the_day_it_was_reported() -> None:
    article = read_article(TRIBUN)  # published Saturday 21 November, says "Sabtu lalu"
    lines = compose([article], SHOW, MORNING).lines
    assert lines[4].text == "Dari Bandung, Tribunjabar.id melaporkan pada Sabtu, 21 November 2026."
    same_day = dt.datetime(2026, 11, 21, 18, 0, tzinfo=SHOW.zone)
    texts = [line.text for line in compose([article], SHOW, same_day).lines]
    assert "Dari Bandung, Tribunjabar.id melaporkan." in texts


def test_everyone_on_stage_is_thanked_and_a_namesake_writer_is_not_the_host() -> None:
    script = compose([read_article(TRIBUN)], SHOW, MORNING)
    closing = [line.text for line in script.lines if line.chapter == "Penutup"]
    assert "Terima kasih, Bima, Dimas, dan Sari." in closing
    # The writer shares the moderator's name: credited as a journalist, the host says her role.
    assert any("ditulis oleh jurnalis Rina Marlina" in t for t in closing)
    assert closing[-1].startswith("Saya Rina, moderator Anda.")


def test_a_hand_off_says_what_two_stories_share() -> None:
    a, b = read_article(KOMPAS), read_article(SUARA)
    script = compose([a, b, read_article(DETIK)], SHOW, MORNING)
    intro = next(line.text for line in script.lines if line.chapter == script.chapters[2])
    assert re.match(r"(?:Masih soal|Masih seputar|Tetap soal) harga pasar, ", intro)
    third = next(line.text for line in script.lines if line.chapter == script.chapters[3])
    assert not third.startswith(("Masih", "Tetap"))


def test_the_articles_own_question_is_not_asked_twice() -> None:
    article = parse_text(
        "Aplikasi Obrolan Suara Mendadak Populer\n"
        "Jakarta - Aplikasi obrolan suara itu mendadak populer di kalangan pengguna internet pekan ini.\n"
        "Apa Itu Aplikasi Tersebut?\n"
        "Lantas, apa itu aplikasi tersebut? Aplikasi itu adalah jejaring sosial berbasis obrolan suara.\n"
    )
    texts = [line.text for line in compose([article], SHOW, MORNING).lines]
    asked = [t for t in texts if "apa itu aplikasi tersebut?" in t.lower()]
    assert len(asked) == 1 and asked[0].startswith("Apa Itu Aplikasi Tersebut?")


@pytest.mark.parametrize(
    ("attribution", "said"),
    [
        # The place in a relative clause is where the speaker works, not where they spoke.
        ("kata Sri Handayani, penumpang asal Cilebut yang bekerja di Jakarta Pusat.",
         "Sri Handayani, penumpang asal Cilebut yang bekerja di Jakarta Pusat, mengatakan:"),
        # The clause ends at its comma: what follows is the circumstance again.
        ("kata Eva, warga yang tinggal di Depok, kepada wartawan.",
         "Eva, warga yang tinggal di Depok, mengatakan kepada wartawan:"),
        ("kata Kepala Damkar, Agus Salim, kepada wartawan.",
         "Kepala Damkar, Agus Salim, mengatakan kepada wartawan:"),
    ],
)  # fmt: skip
def test_an_attribution_becomes_the_narrators_lead_in(attribution: str, said: str) -> None:
    from briefing.script.talk import lead_in

    assert lead_in(attribution, None) == said
