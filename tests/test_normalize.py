"""Indonesian spoken form: what the engines are given to read."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.cli import cli
from briefing.script.normalize import Lexicon, say_number, spoken_form
from briefing.script.sentences import split_sentences

# (written, spoken): the spoken form must be exactly this, and carry no digit or symbol.
CASES = [
    # Telephone and emergency numbers: dialled digit by digit, in their written groups.
    (
        "Hubungi 0812-3456-7890.",
        "Hubungi nol delapan satu dua, tiga empat lima enam, tujuh delapan sembilan nol.",
    ),
    (
        "telepon (021) 345 6789",
        "telepon nol dua satu, tiga empat lima, enam tujuh delapan sembilan",
    ),
    (
        "+62 812 3456 7890",
        "plus enam dua, delapan satu dua, tiga empat lima enam, tujuh delapan sembilan nol",
    ),
    ("Nomor darurat 112", "Nomor darurat satu satu dua"),
    ("hubungi 110 atau 112.", "hubungi satu satu nol atau satu satu dua."),
    ("(112)", "satu satu dua"),
    ("ada 112 orang", "ada seratus dua belas orang"),
    ("ada 112.000 orang", "ada seratus dua belas ribu orang"),
    ("call center 14045", "call center satu empat nol empat lima"),
    # Web addresses, domains and e-mail.
    ("kemenkeu.go.id", "kemenkeu titik go titik i de"),
    ("buka www.kompas.com sekarang", "buka we we we titik kompas titik kom sekarang"),
    ("surel humas@kemenkes.go.id", "surel humas et kemenkes titik go titik i de"),
    ("https://bmkg.go.id/gempa", "be em ka ge titik go titik i de garis miring gempa"),
    ("Liputan6.com melaporkan", "Liputan enam titik kom melaporkan"),
    ("TRIBUNNEWS.COM, Jakarta", "tribun nyus titik kom, Jakarta"),
    ("(detik.com)", "detik titik kom"),
    ("Kompas.com.", "Kompas titik kom."),
    # Roman numerals after a name: regnal and ordinal.
    ("Sultan Hamengkubuwono X", "Sultan Hamengkubuwono kesepuluh"),
    ("Paus Leo XIV", "Paus Leo keempat belas"),
    ("Yohanes Paulus II.", "Yohanes Paulus kedua."),
    ("Perang Dunia II", "Perang Dunia kedua"),
    ("Perang Dunia I berakhir", "Perang Dunia pertama berakhir"),
    ("Kodam IV Diponegoro", "Kodam empat Diponegoro"),
    ("Pelita VI dimulai", "Pelita enam dimulai"),
    # Signs: plus-minus, times, minus, temperature.
    ("naik ±2 meter", "naik plus minus dua meter"),
    ("3x lipat", "tiga kali lipat"),
    ("2 \u00d7 3", "dua kali tiga"),
    ("suhu -5°C", "suhu minus lima derajat Celsius"),
    ("turun -2,5 persen", "turun minus dua koma lima persen"),
    # Models and codes.
    ("Boeing 737-800", "Boeing tujuh tiga tujuh delapan ratus"),
    ("Airbus A320-200", "Airbus a tiga dua nol dua ratus"),
    ("RT 05/RW 03", "er te lima, er we tiga"),
    ("jaringan 5G", "jaringan lima ge"),
    # Decades and fractions.
    ("tahun 1990-an", "tahun seribu sembilan ratus sembilan puluhan"),
    ("3/4 warga", "tiga perempat warga"),
    ("1/3 wilayah", "sepertiga wilayah"),
    ("2/3 anggota", "dua pertiga anggota"),
    # Mentions and hashtags: the word for them is said once.
    ("akun @kemenkes_ri", "akun kemenkes ri"),
    ("tagar #SaveRajaAmpat", "tagar Save Raja Ampat"),
    ("lewat @bnpb_indonesia", "lewat akun bnpb indonesia"),
    # One reading whatever the case.
    ("COVID-19 dan Covid-19", "kovid sembilan belas dan kovid sembilan belas"),
    # Numbers: Indonesian separators, English-style copy, plain.
    ("1.500 pengguna", "seribu lima ratus pengguna"),
    ("1.250.000 orang", "satu juta dua ratus lima puluh ribu orang"),
    ("naik 1,4 kali", "naik satu koma empat kali"),
    ("skor 2,75", "skor dua koma tujuh lima"),
    ("sebanyak 24 unit", "sebanyak dua puluh empat unit"),
    ("ada 0 kasus", "ada nol kasus"),
    ("1,250,000 barrels", "satu juta dua ratus lima puluh ribu barrels"),
    ("rata-rata 2.5 poin", "rata-rata dua koma lima poin"),
    ("2 juta pengguna", "dua juta pengguna"),
    ("11 pemain", "sebelas pemain"),
    # Currency.
    ("Rp 3.500", "tiga ribu lima ratus rupiah"),
    ("Rp1,4 triliun", "satu koma empat triliun rupiah"),
    ("Rp 41,6 juta per hari", "empat puluh satu koma enam juta rupiah per hari"),
    ("Rp 5.000,- per kg", "lima ribu rupiah per kilogram"),
    ("Rp 3,2 M", "tiga koma dua miliar rupiah"),
    ("USD 100 juta", "seratus juta dolar a es"),
    ("US$ 1 miliar", "satu miliar dolar a es"),
    ("mencapai USD 1 miliar.", "mencapai satu miliar dolar a es."),
    ("$2.5 juta", "dua koma lima juta dolar a es"),
    ("US$ 1,500,000.50", "satu juta lima ratus ribu koma lima nol dolar a es"),
    ("EUR 20", "dua puluh euro"),
    ("SGD 1.000", "seribu dolar Singapura"),
    # Percent.
    ("turun 20%", "turun dua puluh persen"),
    ("naik 4,5 persen", "naik empat koma lima persen"),
    ("sekitar 3-4%", "sekitar tiga sampai empat persen"),
    ("inflasi 2,1 %", "inflasi dua koma satu persen"),
    # Dates and weekdays.
    ("pada 15/02/2021", "pada lima belas Februari dua ribu dua puluh satu"),
    ("tanggal 2/10/2020", "tanggal dua Oktober dua ribu dua puluh"),
    ("15 Feb 2021", "lima belas Februari dua ribu dua puluh satu"),
    ("3 Agt. 2026", "tiga Agustus dua ribu dua puluh enam"),
    ("1 Februari 2021", "satu Februari dua ribu dua puluh satu"),
    ("Senin (15/02/2021)", "Senin, lima belas Februari dua ribu dua puluh satu"),
    ("Rabu (11/11) lalu", "Rabu, sebelas November, lalu"),
    ("Jumat (9/1/26) pagi", "Jumat, sembilan Januari dua ribu dua puluh enam, pagi"),
    # Times, ranges of times, zones.
    ("pukul 18.00", "pukul delapan belas"),
    ("pukul 05.30 WIB", "pukul lima lewat tiga puluh menit we i be"),
    ("18:00 WIB", "pukul delapan belas we i be"),
    ("jam 7.15 WITA", "jam tujuh lewat lima belas menit wita"),
    ("10.00 WIT", "pukul sepuluh we i te"),
    ("buka 13.00-17.00", "buka pukul tiga belas sampai tujuh belas"),
    ("pukul 08.00 - 12.30 WIB", "pukul delapan sampai dua belas lewat tiga puluh menit we i be"),
    ("hingga 21.00", "hingga pukul dua puluh satu"),
    # Ordinals, years, ranges.
    ("ke-3", "ketiga"),
    ("abad ke-21", "abad kedua puluh satu"),
    ("yang ke-15", "yang kelima belas"),
    ("tahun 1998", "tahun seribu sembilan ratus sembilan puluh delapan"),
    ("pada 2026", "pada dua ribu dua puluh enam"),
    ("3-4 hari", "tiga sampai empat hari"),
    ("menang 2-1", "menang dua satu"),
    ("periode 2020-2021", "periode dua ribu dua puluh sampai dua ribu dua puluh satu"),
    # Units.
    ("80 km/jam", "delapan puluh kilometer per jam"),
    ("suhu 32°C", "suhu tiga puluh dua derajat Celsius"),
    ("5kg beras", "lima kilogram beras"),
    ("jarak 250 km", "jarak dua ratus lima puluh kilometer"),
    ("tinggi 3 m", "tinggi tiga meter"),
    ("lahan 200 m²", "lahan dua ratus meter persegi"),
    ("50 MW listrik", "lima puluh megawatt listrik"),
    ("12 ha sawah", "dua belas hektare sawah"),
    ("gempa 5,1 SR", "gempa lima koma satu skala Richter"),
    # Abbreviations.
    ("di Jl. Merdeka No. 5", "di Jalan Merdeka nomor lima"),
    ("buah, sayur, dll.", "buah, sayur, dan lain-lain."),
    ("sepatu, tas, dsb.", "sepatu, tas, dan sebagainya."),
    ("PT Maju Jaya Tbk.", "pe te Maju Jaya te be ka."),
    ("Prof. Andi", "Profesor Andi"),
    ("dr. Siti", "dokter Siti"),
    # Ages.
    ("Siti (52) warga", "Siti, lima puluh dua tahun, warga"),
    ("tersangka AS (30)", "tersangka a es, tiga puluh tahun"),
    # Hashtags, mentions, tokens.
    ("tagar #SaveKPK ramai", "tagar Save ka pe ka ramai"),
    ("akun @elonmusk", "akun elonmusk"),
    ("kasus Covid-19", "kasus kovid sembilan belas"),
    ("KTT G20", "ka te te ge dua puluh"),
    ("jaringan 5G", "jaringan lima ge"),
    ("H-1 Lebaran", "ha satu Lebaran"),
    # Acronyms and names.
    ("CEO Tesla", "si i o Tesla"),
    ("BMKG dan DPRD", "be em ka ge dan de pe er de"),
    ("dana APBD", "dana a pe be de"),
    ("aplikasi Clubhouse", "aplikasi klab haus"),
    ("di App Store", "di ep stor"),
    # Symbols and quotes.
    ("“Kami siap,” kata Wahyu", "Kami siap, kata Wahyu"),
    ("A & B", "a dan be"),
    ("1½ jam", "satu setengah jam"),
    ("harga (naik) lagi", "harga, naik, lagi"),
    ("Bandung—Jakarta", "Bandung, Jakarta"),
    # Numbers people dial, in sentences and brackets.
    ("112 adalah nomor darurat.", "satu satu dua adalah nomor darurat."),
    ("(Hubungi 112.)", "Hubungi satu satu dua"),
    (
        '"Telepon 0812-3456-7890," katanya.',
        "Telepon nol delapan satu dua, tiga empat lima enam, tujuh delapan sembilan nol, katanya.",
    ),
    ("Call center 1500-123 siap.", "Call center satu lima nol nol, satu dua tiga siap."),
    ("Tel. (022) 1234567", "telepon nol dua dua, satu dua tiga empat lima enam tujuh"),
    (
        "NIK 3273012345678901",
        "en i ka tiga dua tujuh tiga nol satu dua tiga empat lima enam tujuh delapan sembilan nol satu",
    ),
    ("kode pos 40115", "kode pos empat nol satu satu lima"),
    # Addresses and outlets with domains; the agency is not the word "antara".
    (
        "Kunjungi https://www.bmkg.go.id/cuaca.",
        "Kunjungi we we we titik be em ka ge titik go titik i de garis miring cuaca.",
    ),
    ("Surel: redaksi@contoh.co.id!", "Surel: redaksi et contoh titik ko titik i de!"),
    ("(sumber: Kemenkes.go.id)", "sumber: Kemenkes titik go titik i de"),
    ("CNNIndonesia.com melaporkan", "Si en en indonesia titik kom melaporkan"),
    ("detikcom melaporkan", "detik kom melaporkan"),
    ("jpnn.com", "je pe en en titik kom"),
    ("Jakarta (ANTARA) - Hujan deras.", "Jakarta, kantor berita Antara, Hujan deras."),
    ("Menurut ANTARA, antara lain", "Menurut kantor berita Antara, antara lain"),
    # Roman numerals: regnal and centuries are ordinals, bodies and grades are counted.
    (
        "Sri Sultan Hamengku Buwono X (77) hadir.",
        "Sri Sultan Hamengku Buwono kesepuluh, tujuh puluh tujuh, hadir.",
    ),
    ("Ratu Elizabeth II.", "Ratu Elizabeth kedua."),
    ("(Paus Leo XIV)", "Paus Leo keempat belas"),
    ("abad XXI", "abad kedua puluh satu"),
    ("Komisi III DPR", "Komisi tiga de pe er"),
    ("Golongan III/a", "Golongan tiga a"),
    ("Kodam III/Siliwangi", "Kodam tiga Siliwangi"),
    ("Yonif 330/Kostrad", "Yonif tiga ratus tiga puluh Kostrad"),
    ("kuartal III 2025", "kuartal ketiga dua ribu dua puluh lima"),
    # Signs in context.
    ("Suhu (-3°C) turun.", "Suhu, minus tiga derajat Celsius, turun."),
    ("-3°C di Dieng", "minus tiga derajat Celsius di Dieng"),
    ("Harga naik 2x.", "Harga naik dua kali."),
    ("turun -0,5%", "turun minus nol koma lima persen"),
    ("±5%", "plus minus lima persen"),
    # Models, versions and codes.
    ("Apple merilis iPhone 15 Pro.", "Apple merilis ai fon lima belas Pro."),
    ("iPhone 16e", "ai fon enam belas e"),
    ("Airbus A320neo", "Airbus a tiga dua nol neo"),
    ("Boeing 737 MAX 8.", "Boeing tujuh tiga tujuh maks delapan."),
    ("Web 3.0", "Web tiga titik nol"),
    ("versi 2.1.4", "versi dua titik satu titik empat"),
    ("RT 01/RW 02, RT 3/RW 4.", "er te satu, er we dua, er te tiga, er we empat."),
    ("Tol Cipali KM 102.", "Tol Cipali kilometer seratus dua."),
    ("Pesawat ATR 72-600 mendarat", "Pesawat a te er tujuh dua enam ratus mendarat"),
    # Approximations, ratios, scores and seasons.
    ("Sekitar 10.000-an orang", "Sekitar sepuluh ribuan orang"),
    ("Tahun 80-an", "Tahun delapan puluhan"),
    ("Nilai 9,5/10", "Nilai sembilan koma lima per sepuluh"),
    ("menang 3-1 atas Persija", "menang tiga satu atas Persija"),
    ("Skor 21-19", "Skor dua puluh satu sembilan belas"),
    ('"Kita menang 2-1!" seru pelatih.', "Kita menang dua satu! seru pelatih."),
    ("mengalahkan Persija 2-0", "mengalahkan Persija dua nol"),
    ("musim 2024/2025", "musim dua ribu dua puluh empat dua ribu dua puluh lima"),
    ("tahun ajaran 2025/26", "tahun ajaran dua ribu dua puluh lima dua ribu dua puluh enam"),
    ("24/7", "dua puluh empat per tujuh"),
    # Laws and dates written other ways.
    ("UU No. 11/2008", "u u nomor sebelas tahun dua ribu delapan"),
    ("Pasal 27 ayat (3)", "Pasal dua puluh tujuh ayat tiga"),
    ("pada 17/8", "pada tujuh belas Agustus"),
    ("Ia lahir 17-8-1945.", "Ia lahir tujuh belas Agustus seribu sembilan ratus empat puluh lima."),
    ("tanggal 2026-11-25", "tanggal dua puluh lima November dua ribu dua puluh enam"),
    # Times in lists, shortened, and zones in any case.
    ("Jam 07.00, 08.00, dan 09.00.", "Jam tujuh, pukul delapan, dan pukul sembilan."),
    ("pk. 10.00 WIB", "pukul sepuluh we i be"),
    ("pukul 10.00 wib", "pukul sepuluh we i be"),
    ("11.00 Wita", "pukul sebelas wita"),
    # Mentions, hashtags and case.
    ("#DirgahayuRI80", "tagar Dirgahayu er i delapan puluh"),
    ("@kemenkes_ri, @jokowi.", "akun kemenkes ri, akun jokowi."),
    ("covid-19", "kovid sembilan belas"),
    # Initials, degrees and abbreviations.
    ("B.J. Habibie", "be je Habibie"),
    ("M. Yusuf datang", "em Yusuf datang"),
    ("Ph.D.", "pe ha de."),
    ("S.Pd., M.Pd.", "es pe de, em pe de."),
    ("PT. KAI (Persero)", "pe te ka a i, Persero"),
    ("Vol. 2", "volume dua"),
    ("Th. 2025", "tahun dua ribu dua puluh lima"),
    ("1 s/d 5", "satu sampai dengan lima"),
    # Slashes and bars.
    ("Jurnalis: Siti | Editor: Budi", "Jurnalis: Siti, Editor: Budi"),
    ("dan/atau", "dan atau"),
    ("pria/wanita", "pria atau wanita"),
    ("10 meter/detik", "sepuluh meter per detik"),
    ("Rp 15.000/kg", "lima belas ribu rupiah per kilogram"),
    ("Rp 50 ribu/orang", "lima puluh ribu rupiah per orang"),
    ("US$1.5 billion", "satu koma lima miliar dolar a es"),
    # Capitals: spelled when no word can be made of them, read when one can.
    ("saham BBRI dan BBCA", "saham be be er i dan be be ce a"),
    ("Ketua Umum PSSI", "Ketua Umum pe es es i"),
    ("kepala BRIN", "kepala BRIN"),
    ("Persib vs Persija.", "Persib lawan Persija."),
    ("Gempa M 5,6 mengguncang", "Gempa magnitudo lima koma enam mengguncang"),
]

LETTER = r"[^\W\d_]"


def unsayable(spoken: str) -> list[str]:
    """What an engine would read that is not a word: the README's guarantee, checked."""
    found = [
        f"character {ch!r}"
        for ch in spoken
        if not re.fullmatch(LETTER, ch) and ch not in " .,?!;:'-"
    ]
    checks = {
        "punctuation inside a word": r"[.,?!;:](?=\S)",
        "hyphen or apostrophe not between letters": rf"(?<!{LETTER})['-]|['-](?!{LETTER})",
        "space before punctuation": r"\s[.,?!;:]",
        "punctuation first": r"^[.,?!;:]",
        "spacing": r"^\s|\s$|\s\s",
    }
    return found + [name for name, pattern in checks.items() if re.search(pattern, spoken)]


@pytest.mark.parametrize(("written", "spoken"), CASES, ids=[c[0] for c in CASES])
def test_spoken_form(written: str, spoken: str) -> None:
    out = spoken_form(written)
    assert out == spoken
    assert not unsayable(out), out


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("1.500", "seribu lima ratus"),
        ("1.250.000,50", "satu juta dua ratus lima puluh ribu koma lima nol"),
        ("1,4", "satu koma empat"),
        ("2026", "dua ribu dua puluh enam"),
    ],
)
def test_numbers_use_indonesian_separators(written: str, spoken: str) -> None:
    assert say_number(written) == spoken


def test_no_digits_or_symbols_survive_in_real_copy() -> None:
    text = (
        "Pada Mei 2020, aplikasi ini punya 1.500 pengguna dan valuasi USD 100 juta "
        "(Rp 1,4 triliun), lalu 2 juta pengguna per 1 Februari 2021 pukul 18.00 WIB. "
        "Harga naik 12% [data BPS] <sumber> * ~ ^ | € £ ¥ § © ® ™ ² ³ ¼ № 7/8 3+4=7 100°"
    )
    out = spoken_form(text)
    assert not unsayable(out), out


def test_a_show_lexicon_adds_and_overrides_entries() -> None:
    lexicon = Lexicon({"Kremlin": "kremlin", "CEO": "chief executive officer", "G20": "ji twenti"})
    assert spoken_form("CEO di Kremlin", lexicon) == "chief executive officer di kremlin"
    assert spoken_form("KTT G20", lexicon) == "ka te te ji twenti"
    assert spoken_form("aplikasi Clubhouse", lexicon) == "aplikasi klab haus"  # built-in kept


def test_sentences_respect_abbreviations_and_quotes() -> None:
    text = (
        "Ia tinggal di Jl. Merdeka No. 5 Jakarta. Prof. Andi S.H. datang pukul 18.00 WIB. "
        '"Saya senang." Katanya lagi! Dia pergi? Ya.'
    )
    assert split_sentences(text) == [
        "Ia tinggal di Jl. Merdeka No. 5 Jakarta.",
        "Prof. Andi S.H. datang pukul 18.00 WIB.",
        '"Saya senang."',
        "Katanya lagi!",
        "Dia pergi?",
        "Ya.",
    ]


def test_normalize_command_reads_argument_or_stdin(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["normalize", "Rp 3.500 pada 15/02/2021"])
    assert result.exit_code == 0
    assert (
        result.stdout
        == "tiga ribu lima ratus rupiah pada lima belas Februari dua ribu dua puluh satu\n"
    )
    result = runner.invoke(cli, ["normalize"], input="naik 20%\nCEO Tesla\n")
    assert result.exit_code == 0
    assert result.stdout == "naik dua puluh persen\nsi i o Tesla\n"


def test_normalize_command_uses_the_show_lexicon(runner: CliRunner, tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    (folder / "lexicon.toml").write_text('"Kremlin" = "kremlin istana"\n')
    (folder / "show.toml").write_text('[show]\nlexicon = "lexicon.toml"\n')
    result = runner.invoke(cli, ["normalize", "--show", str(folder / "show.toml"), "di Kremlin"])
    assert result.exit_code == 0
    assert result.stdout == "di kremlin istana\n"


# Property-based: text built from what news copy is made of (words, numbers in every
# written form, codes, addresses, signs, brackets) and from arbitrary characters.
_WORDS = [
    "harga", "naik", "Jakarta", "Presiden", "BMKG", "Covid", "iPhone", "pukul", "Rp", "USD",
    "skor", "menang", "ke", "abad", "Kodam", "Dunia", "RT", "RW", "KM", "No.", "Jl.", "ayat",
    "tagar", "akun", "pada", "versi", "kode pos", "NIK", "X", "II", "XIV", "I", "s", "d", "x",
    "WIB", "dan", "atau", "an", "Boeing", "A", "M.", "S.Pd.", "B.J.", "Ph.D", "www", "com",
]  # fmt: skip
_SIGNS = list("±\u00d7-\u2212\u2013—/\\%&+=()[]{}<>@#$€£¥°²³½¼…\"'“”\u2018\u2019*~^|_:;.,!?·•§©®™№")
_NUMBERS = st.one_of(
    st.integers(0, 10**12).map(str),
    st.integers(0, 10**12).map(lambda n: f"{n:,}".replace(",", ".")),
    st.integers(0, 10**9).map(lambda n: f"{n:,}"),
    st.tuples(st.integers(0, 999), st.integers(0, 99)).map(lambda t: f"{t[0]},{t[1]}"),
    st.tuples(st.integers(0, 999), st.integers(0, 99)).map(lambda t: f"{t[0]}.{t[1]}"),
    st.from_regex(r"\A(0\d{2,4}|\+62 ?\d{3})[- .]?\d{3,4}[- .]?\d{3,4}\Z"),
    st.from_regex(r"\A\d{1,2}[.:]\d{2}([-\u2013]\d{1,2}[.:]\d{2})?\Z"),
    st.from_regex(r"\A\d{1,4}[-/]\d{1,2}([-/]\d{2,4})?\Z"),
    st.from_regex(r"\A[A-Za-z]{1,4}-?\d{1,4}[A-Za-z]{0,3}\Z"),
    st.from_regex(r"\A\d{1,4}[-x\u00d7/]\d{1,4}(-an)?\Z"),
    st.from_regex(r"\A[a-zA-Z0-9]{1,8}(\.[a-z0-9]{1,6}){1,3}(/[a-z0-9-]{1,5})?\Z"),
    st.from_regex(r"\A[a-z0-9._]{1,6}@[a-z0-9]{1,6}\.(go\.id|com|co\.id)\Z"),
    st.from_regex(r"\A[#@][A-Za-z0-9_]{1,10}\Z"),
    st.from_regex(r"\A[IVX]{1,5}(/[a-zA-Z]{1,4})?\Z"),
)
_TOKENS = st.one_of(st.sampled_from(_WORDS), _NUMBERS, st.sampled_from(_SIGNS), st.text(max_size=3))
_JOINS = st.sampled_from(["", " ", " ", " ", ", ", ". ", "-", "/", "\n", " (", ") ", ": "])
NEWS_TEXT = st.lists(st.tuples(_TOKENS, _JOINS), max_size=12).map(
    lambda parts: "".join(token + join for token, join in parts)
)


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(NEWS_TEXT)
@pytest.mark.slow
def test_no_digit_or_symbol_reaches_an_engine(text: str) -> None:
    spoken = spoken_form(text)
    assert not unsayable(spoken), (text, spoken)


@settings(max_examples=1500, deadline=None)
@given(st.text(max_size=80))
def test_arbitrary_text_is_sayable_too(text: str) -> None:
    spoken = spoken_form(text)
    assert not unsayable(spoken), (text, spoken)


def test_the_checker_catches_what_it_guards_against() -> None:
    # The property means something only if the checker fails on unsayable text.
    for bad in ("dua 2", "kemenkes.go", "a - b", "-minus", "harga!, naik", " awal", "a  b", "10%"):
        assert unsayable(bad), bad
    assert not unsayable("Jum'at, anak-anak pulang: dua ribu. Ya? Ya!")


def _unstressed(ipa: str) -> str:
    return ipa.replace("\u02c8", "").replace("\u02cc", "")


def test_espeak_hears_domains_and_terms_the_indonesian_way() -> None:
    from briefing.speech.espeak import EspeakEngine

    engine = EspeakEngine()
    for written, heard in (("Liputan6.com", "kom"), ("Kompas.com", "kom"), ("COVID", "kovid")):
        # Raw, espeak reads the Latin "c" as Indonesian "c" ("tʃom", "tʃovid").
        assert "tʃo" in _unstressed(engine.phonemes(written)), written
        ours = _unstressed(engine.phonemes(spoken_form(written)))
        assert heard in ours.split() and "tʃ" not in ours, (written, ours)


def test_normalize_batch_streams_lines_and_can_show_both_sides(runner: CliRunner) -> None:
    lines = [f"Harga naik {n}% pada {n % 28 + 1}/11/2026 pukul 10.00 WIB" for n in range(3000)]
    result = runner.invoke(cli, ["normalize"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.stderr
    out = result.stdout.splitlines()
    assert len(out) == 3000
    assert (
        out[7]
        == "Harga naik tujuh persen pada delapan November dua ribu dua puluh enam pukul sepuluh we i be"
    )
    assert not any(unsayable(line) for line in out)
    result = runner.invoke(cli, ["normalize", "--tsv"], input="naik 5%\tkata\n\nRp 3.500\n")
    assert (
        result.stdout
        == "naik 5% kata\tnaik lima persen kata\n\t\nRp 3.500\ttiga ribu lima ratus rupiah\n"
    )


def test_normalize_names_a_line_that_is_not_text(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["normalize"], input=b"naik 5%\nharga \xff\xfe naik\n")
    assert result.exit_code == 1
    assert result.stderr == "Error: standard input line 2 is not UTF-8 text\n"


def test_normalize_shows_what_espeak_will_say(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["normalize", "--ipa", "Kompas.com"])
    assert result.exit_code == 0, result.stderr
    spoken, ipa = result.stdout.rstrip("\n").split("\t")
    assert spoken == "Kompas titik kom"
    assert _unstressed(ipa) == "kompas titik kom"
