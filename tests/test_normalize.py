"""Indonesian spoken form: what the engines are given to read."""

from __future__ import annotations

import pytest

from briefing.script.normalize import say_number, spoken_form
from briefing.script.sentences import split_sentences


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


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("USD 100 juta (Rp 1,4 triliun)", "seratus juta dolar Amerika (satu koma empat triliun rupiah)"),
        ("Rp 3.500 sekali jalan", "tiga ribu lima ratus rupiah sekali jalan"),
        ("Senin (15/02/2021)", "Senin (lima belas Februari dua ribu dua puluh satu)"),
        ("pukul 05.30 hingga 21.00 WIB",
         "pukul lima lewat tiga puluh menit hingga pukul dua puluh satu we i be"),
        ("15 Feb 2021, 18:00 WIB", "lima belas Februari dua ribu dua puluh satu, pukul delapan belas we i be"),
        ("Diterbitkan 3 Agt. 2026", "Diterbitkan tiga Agustus dua ribu dua puluh enam"),
        ("naik 4,5 persen", "naik empat koma lima persen"),
        ("turun 20%", "turun dua puluh persen"),
        ("yang ke-15", "yang kelima belas"),
        ("250 km dari Jl. Merdeka No. 5", "dua ratus lima puluh kilometer dari Jalan Merdeka nomor lima"),
        ("“Kami siap,” kata Wahyu", "Kami siap, kata Wahyu"),
        ("PT Maju & Jaya Tbk", "pe te Maju dan Jaya te be ka"),
    ],
)  # fmt: skip
def test_spoken_form(text: str, spoken: str) -> None:
    assert spoken_form(text) == spoken


def test_no_digits_survive_in_typical_copy() -> None:
    text = ("Pada Mei 2020, aplikasi ini punya 1.500 pengguna dan valuasi USD 100 juta "
            "(Rp 1,4 triliun), lalu 2 juta pengguna per 1 Februari 2021 pukul 18.00 WIB.")  # fmt: skip
    assert not any(ch.isdigit() for ch in spoken_form(text))


def test_sentences_respect_abbreviations_and_quotes() -> None:
    text = ('Ia tinggal di Jl. Merdeka No. 5 Jakarta. Prof. Andi S.H. datang pukul 18.00 WIB. '
            '"Saya senang." Katanya lagi! Dia pergi? Ya.')  # fmt: skip
    assert split_sentences(text) == [
        "Ia tinggal di Jl. Merdeka No. 5 Jakarta.",
        "Prof. Andi S.H. datang pukul 18.00 WIB.",
        '"Saya senang."',
        "Katanya lagi!",
        "Dia pergi?",
        "Ya.",
    ]
