"""Indonesian spoken form: what the engines are given to read."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

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
    ("https://bmkg.go.id/gempa", "bmkg titik go titik i de garis miring gempa"),
    ("Liputan6.com melaporkan", "Liputan enam titik kom melaporkan"),
    ("TRIBUNNEWS.COM, Jakarta", "tribunnews titik kom, Jakarta"),
    ("(detik.com)", "detik titik kom"),
    ("Kompas.com.", "Kompas titik kom."),
    # Roman numerals after a name: regnal and ordinal.
    ("Sultan Hamengkubuwono X", "Sultan Hamengkubuwono kesepuluh"),
    ("Paus Leo XIV", "Paus Leo keempat belas"),
    ("Yohanes Paulus II.", "Yohanes Paulus kedua."),
    ("Perang Dunia II", "Perang Dunia kedua"),
    ("Perang Dunia I berakhir", "Perang Dunia pertama berakhir"),
    ("Kodam IV Diponegoro", "Kodam keempat Diponegoro"),
    ("Pelita VI dimulai", "Pelita keenam dimulai"),
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
]

ENGINE_SAFE = re.compile(r"[^\W\d_]|[\s.,?!;:'-]")


@pytest.mark.parametrize(("written", "spoken"), CASES, ids=[c[0] for c in CASES])
def test_spoken_form(written: str, spoken: str) -> None:
    out = spoken_form(written)
    assert out == spoken
    assert all(ENGINE_SAFE.fullmatch(ch) for ch in out), out


def test_the_table_is_large() -> None:
    assert len(CASES) >= 60


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
    assert all(ENGINE_SAFE.fullmatch(ch) for ch in out), out
    assert not re.search(r"\d", out)


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
