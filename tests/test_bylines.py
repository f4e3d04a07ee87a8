"""Bylines, stamps and credits in the forms Indonesian outlets print them."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing.ingest.bylines import caption_credit, outlet_name, read_credit
from briefing.ingest.text import parse_text

WIB = dt.timezone(dt.timedelta(hours=7))


@pytest.mark.parametrize(
    ("line", "authors", "editors", "outlet"),
    [
        ("Penulis: Nadia Putri Larasati", ["Nadia Putri Larasati"], [], None),
        ("Penulis: Andi Saputra | Editor: Budi Santoso", ["Andi Saputra"], ["Budi Santoso"], None),
        ("Rep: Fuji Lestari/ Red: Muhammad Hafil", ["Fuji Lestari"], ["Muhammad Hafil"], None),
        ("Penulis : Annisa Fadilah - Bisnis.com", ["Annisa Fadilah"], [], "Bisnis.com"),
        ("Yunita Sari Dewi - detikJatim", ["Yunita Sari Dewi"], [], "detikJatim"),
        ("Laporan Wartawan Tribunnews.com, Reza Pahlevi", ["Reza Pahlevi"], [], "Tribunnews.com"),
        ("Oleh : Yulia Kartika, Bayu Nugraha", ["Yulia Kartika", "Bayu Nugraha"], [], None),
        ("oleh Rina dan Dewi Lestari", ["Rina", "Dewi Lestari"], [], None),
        ("Redaktur & Reporter : Dedi Sofian", ["Dedi Sofian"], [], None),
        ("Reporter : Rendi Kurniawan | Editor : Dedi Rahmadi", ["Rendi Kurniawan"], ["Dedi Rahmadi"], None),
        ("PEWARTA: NUR HIDAYATI", ["Nur Hidayati"], [], None),
        ("Editor: Lia Hutagalung", [], ["Lia Hutagalung"], None),
        ("(Ramdani Bur)", [], ["Ramdani Bur"], None),
    ],
)  # fmt: skip
def test_byline_forms(
    line: str, authors: list[str], editors: list[str], outlet: str | None
) -> None:
    credit = read_credit(line)
    assert credit is not None
    assert (credit.authors, credit.editors, credit.outlet) == (authors, editors, outlet)


@pytest.mark.parametrize(
    ("line", "when", "updated"),
    [
        ("Andika Pratama , Jurnalis · Selasa 24 November 2026 21:35 WIB",
         dt.datetime(2026, 11, 24, 21, 35, tzinfo=WIB), False),
        ("oleh Anisa diperbarui 24 Nov 2026, 20:10 WIB", dt.datetime(2026, 11, 24, 20, 10, tzinfo=WIB), True),
        ("Rabu, 25 November 2026 | 16:12", dt.datetime(2026, 11, 25, 16, 12, tzinfo=WIB), False),
        ("Rabu, 25 November 2026 / 14:05 WIB", dt.datetime(2026, 11, 25, 14, 5, tzinfo=WIB), False),
        ("Kompas.com - 24/11/2026, 09:15 WIB", dt.datetime(2026, 11, 24, 9, 15, tzinfo=WIB), False),
        ("Rabu, 25 November 2026 \u2013 10:45 WIB", dt.datetime(2026, 11, 25, 10, 45, tzinfo=WIB), False),
    ],
)  # fmt: skip
def test_bylines_with_dates(line: str, when: dt.datetime, updated: bool) -> None:
    credit = read_credit(line)
    assert credit is not None
    assert credit.published == when and credit.updated is updated


@pytest.mark.parametrize(
    "line",
    [
        "Penulis Muda Raih Penghargaan Sastra",  # a headline: no colon, no second label
        "Wartawan Senior Meninggal Dunia",
        "Harga Cabai Naik Jelang Natal 2026",
        "Pemerintah menambah kuota pupuk pada 25 November 2026 untuk musim tanam tahun depan.",
        "Jawa Timur | Jawa Tengah | Bali",  # a menu: names only in a page's header count
    ],
)
def test_lines_that_are_not_bylines(line: str) -> None:
    assert read_credit(line) is None


@pytest.mark.parametrize(
    ("line", "outlet"), [("Tim Redaksi", None), ("Tim detikcom - detikFinance", "detikFinance")]
)
def test_a_team_byline_credits_nobody_but_may_name_the_outlet(
    line: str, outlet: str | None
) -> None:
    credit = read_credit(line)
    assert credit is not None
    assert (credit.authors, credit.editors, credit.outlet) == ([], [], outlet)


def test_labels_on_their_own_lines_either_side_of_the_name() -> None:
    body = (
        "Jakarta - Pemerintah menambah kuota pupuk bersubsidi sebanyak dua juta ton untuk "
        "musim tanam tahun depan, kata pejabat kementerian di Jakarta.\n"
    )
    above = parse_text(
        f"Kuota Pupuk Ditambah Dua Juta Ton\nReporter\nRahmat Fauzan\nEditor\nSri Wulandari\n{body}"
    )
    assert (above.authors, above.editors) == (("Rahmat Fauzan",), ("Sri Wulandari",))
    below = parse_text(f"Kuota Pupuk Ditambah Dua Juta Ton\nNur Aini\nPenulis\nLihat Foto\n{body}")
    assert (below.authors, below.editors) == (("Nur Aini",), ())


def test_a_label_inside_a_list_of_names_is_not_a_name() -> None:
    a = parse_text(
        "Kuota Pupuk Ditambah Dua Juta Ton\n"
        "Oleh Nadia Putri Larasati dan Penulis: Nadia Putri Larasati\n"
        "Jakarta - Pemerintah menambah kuota pupuk bersubsidi sebanyak dua juta ton untuk "
        "musim tanam tahun depan, kata pejabat kementerian di Jakarta.\n"
    )
    assert a.authors == ("Nadia Putri Larasati",)


def test_no_author_twice_and_the_editor_is_not_the_writer() -> None:
    a = parse_text(
        "Kuota Pupuk Ditambah Dua Juta Ton\n"
        "Oleh Nadia Putri Larasati\n"
        "Penulis: Nadia Putri Larasati | Editor: Hendra Gunawan\n"
        "Jakarta - Pemerintah menambah kuota pupuk bersubsidi sebanyak dua juta ton untuk "
        "musim tanam tahun depan, kata pejabat kementerian di Jakarta.\n"
        "Reporter: Nadia Putri Larasati\n"
        "Editor: Hendra Gunawan\n"
    )
    assert a.authors == ("Nadia Putri Larasati",)
    assert a.editors == ("Hendra Gunawan",)


def test_the_outlet_from_the_dateline_or_the_footer() -> None:
    body = (
        "Pemerintah menambah kuota pupuk bersubsidi sebanyak dua juta ton untuk musim "
        "tanam tahun depan, kata pejabat kementerian di Jakarta."
    )
    assert parse_text(f"Kuota Pupuk Ditambah\nSuara.com - {body}\n").outlet == "Suara.com"
    assert (
        parse_text(f"Kuota Pupuk Ditambah\nJAKARTA, KOMPAS.com - {body}\n").outlet == "Kompas.com"
    )
    footer = f"Kuota Pupuk Ditambah\nJAKARTA - {body}\nCopyright © 2026 Warta Harian. All rights reserved.\n"
    assert parse_text(footer).outlet == "Warta Harian"
    assert outlet_name("TRIBUNNEWS.COM") == "Tribunnews.com"
    assert outlet_name("REPUBLIKA.CO.ID") == "Republika.co.id"


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        ("Petani memanen padi di Karawang, 12 November 2026. TEMPO/Aditya Nugraha", True),
        ("Ilustrasi pemudik di terminal. [Suara.com/Alfian Winanto]", True),
        ("Relawan menanam mangrove di Untia. ANTARA FOTO/Arnas Padda/nym.", True),
        ("Pesawat di Bandara Soekarno-Hatta. Foto: Aditia Noviansyah/kumparan", True),
        ("Para pemain merayakan gol. (Foto: PSSI)", True),
        ("Hasilnya diumumkan Senin (23/11/2026).", False),
        ("Dua pertiga warga, atau 2/3 dari total, memilih pulang.", False),
    ],
)
def test_photo_captions(line: str, caption: bool) -> None:
    assert caption_credit(line) is caption
