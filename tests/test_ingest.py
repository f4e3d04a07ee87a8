"""Pasted news pages -> Article: metadata found, page furniture gone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefing.errors import ArticleError
from briefing.ingest import decode_article, read_article
from briefing.ingest.text import parse_datetime, parse_text
from tests.conftest import DATA, EXAMPLE, KOMPAS

WIB = dt.timezone(dt.timedelta(hours=7))


def test_liputan6_layout() -> None:
    a = read_article(EXAMPLE)
    assert a.title == "Pemkot Bandung Uji Coba Bus Listrik Gratis di Tiga Koridor Mulai Senin"
    assert a.lede is not None and a.lede.startswith("Warga bisa naik bus listrik tanpa biaya")
    assert (a.outlet, a.dateline) == ("Liputan6.com", "Bandung")
    # "Diterbitkan 14:05", not the update stamp ("diperbarui 14:30") above it.
    assert a.published == dt.datetime(2026, 11, 9, 14, 5, tzinfo=WIB)
    assert a.authors == ("Dewi Lestari",)
    assert len(a.captions) == 2 and all("(Liputan6.com/Rizki Hidayat)" in c for c in a.captions)
    first, second = a.sections
    assert first.heading is None
    assert first.paragraphs[0].startswith("Pemerintah Kota Bandung mulai menguji coba")
    assert second.heading == "Berapa Tarif Setelah Masa Uji Coba?"
    assert second.paragraphs[-1].startswith("Data Dinas Perhubungan mencatat")
    body = " ".join(a.paragraphs)
    for furniture in ("Saksikan Video", "Lanjutkan Membaca", "Loading", "POPULER",
                      "Reporter:", "Halte bus listrik", "Bus listrik Bandung"):  # fmt: skip
        assert furniture not in body
    assert [(q.speaker, q.text[:20]) for q in a.quotes] == [
        ("Wahyu", "Kami ingin tahu bera"),
        ("Retno", "Kalau tarifnya di at"),
    ]


def test_kompas_layout() -> None:
    a = read_article(KOMPAS)
    assert a.title == "Harga Cabai Rawit di Pasar Induk Kramat Jati Turun 20 Persen"
    assert (a.outlet, a.dateline) == ("Kompas.com", "Jakarta")
    assert a.published == dt.datetime(2026, 11, 12, 7, 15, tzinfo=WIB)
    assert a.authors == ("Nur Aini",)  # pasted twice, glued: "Nur AiniNur Aini"
    assert [s.heading for s in a.sections] == [None, "Pedagang Masih Menahan Stok"]
    assert a.paragraphs[0].startswith("Harga cabai rawit merah di Pasar Induk")
    body = "\n".join(a.paragraphs)
    for furniture in ("ADVERTISEMENT", "SCROLL TO CONTINUE", "Baca juga", "(nur/dim)",
                      "Copyright", "WhatsApp Channel", "HomeMoney", "Lihat Foto"):  # fmt: skip
        assert furniture not in body
    assert a.paragraphs[-1].endswith("ucap Siti.")


def test_antara_and_plain_datelines() -> None:
    body = ("Pemerintah menambah kuota pupuk bersubsidi sebanyak dua juta ton untuk musim tanam "
            "tahun depan, kata menteri pertanian di Jakarta.")  # fmt: skip
    antara = parse_text(f"Kuota Pupuk Ditambah\n\nJakarta (ANTARA) - {body}\n")
    assert (antara.outlet, antara.dateline) == ("ANTARA", "Jakarta")
    assert antara.paragraphs[0].startswith("Pemerintah menambah")
    plain = parse_text(f"Kuota Pupuk Ditambah\n\nJakarta - {body}\n")
    assert plain.dateline == "Jakarta" and plain.outlet is None
    assert plain.paragraphs[0].startswith("Pemerintah menambah")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Diterbitkan 15 Feb 2021, 18:00 WIB", dt.datetime(2021, 2, 15, 18, 0, tzinfo=WIB)),
        ("Kompas.com - 02/10/2020, 09.30 WITA",
         dt.datetime(2020, 10, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))),
        ("Senin, 3 Agustus 2026 07:05 WIT",
         dt.datetime(2026, 8, 3, 7, 5, tzinfo=dt.timezone(dt.timedelta(hours=9)))),
        ("tanpa tanggal", None),
        ("31 Feb 2021", None),
    ],
)  # fmt: skip
def test_dates_with_zones(text: str, expected: dt.datetime | None) -> None:
    assert parse_datetime(text) == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\n \n", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        ("Judul\n\nIsi berita.".encode("latin-1") + b"\xe9\xe8", "not UTF-8"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "XML"),
    ],
)
def test_files_that_are_not_articles(data: bytes, message: str) -> None:
    with pytest.raises(ArticleError, match=message):
        decode_article(data)


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + EXAMPLE.read_bytes())
    assert read_article(path).title.startswith("Pemkot Bandung")


def test_detik_layout_with_site_label_before_the_headline() -> None:
    a = read_article(DATA / "detik_kebakaran_gudang.txt")
    assert a.title == "Kebakaran Gudang Kayu di Tangerang, 12 Unit Damkar Dikerahkan"
    assert (a.outlet, a.dateline, a.authors) == ("detikNews", "Tangerang", ("Rina Kurnia",))
    assert a.published == dt.datetime(2026, 11, 10, 21, 15, tzinfo=WIB)
    assert a.captions[0].startswith("Foto: Petugas pemadam")
    assert a.paragraphs[0].startswith("Sebuah gudang kayu")
    assert a.paragraphs[-1] == "Polisi masih menyelidiki penyebab kebakaran."
    assert "Baca juga" not in " ".join(a.paragraphs)


def test_cnn_layout_with_date_before_headline_and_dateline_on_its_own_line() -> None:
    a = read_article(DATA / "cnn_suku_bunga.txt")
    assert a.title == "Bank Indonesia Tahan Suku Bunga Acuan di 5,75 Persen"
    assert (a.outlet, a.dateline) == ("CNN Indonesia", "Jakarta")
    assert a.published == dt.datetime(2026, 11, 11, 10, 20, tzinfo=WIB)
    assert [s.heading for s in a.sections] == [None]
    assert a.paragraphs[0].startswith("Bank Indonesia (BI) memutuskan")
    assert len(a.paragraphs) == 3


def test_a_headline_that_mentions_a_date_is_still_the_headline() -> None:
    a = parse_text(
        "Jadwal Libur 25 Desember 2026 dan Cuti Bersama Akhir Tahun\n"
        "Jakarta - Pemerintah menetapkan cuti bersama pada 26 Desember 2026 untuk melengkapi "
        "libur Natal, sehingga pegawai mendapat libur panjang.\n"
    )
    assert a.title == "Jadwal Libur 25 Desember 2026 dan Cuti Bersama Akhir Tahun"
    assert a.published is None


def test_a_headline_with_a_dash_is_not_a_dateline() -> None:
    a = parse_text(
        "Jokowi - Prabowo Bertemu di Istana Bogor\n"
        "Bogor - Presiden ketujuh dan presiden kedelapan bertemu di Istana Bogor pada Sabtu "
        "pagi untuk membahas sejumlah agenda kebangsaan.\n"
    )
    assert a.title == "Jokowi - Prabowo Bertemu di Istana Bogor"
    assert a.dateline == "Bogor"


def test_body_sentences_that_start_like_bylines_stay_in_the_body() -> None:
    a = parse_text(
        "Buku Sejarah Kota Diluncurkan\n"
        "Jakarta - Penerbit lokal merilis buku sejarah kota yang ditulis selama lima tahun.\n"
        "Penulis Andi Wijaya meluncurkan buku barunya di Jakarta.\n"
        "Reporter kami melaporkan dari lokasi peluncuran.\n"
        "Reporter: Dewi Lestari\n"
    )
    assert a.authors == ("Dewi Lestari",)
    assert a.paragraphs[1:] == (
        "Penulis Andi Wijaya meluncurkan buku barunya di Jakarta.",
        "Reporter kami melaporkan dari lokasi peluncuran.",
    )


def test_several_bylines_on_one_line() -> None:
    a = parse_text(
        "Pasar Murah Digelar di Alun-alun Kota\n"
        "Penulis: Andi Saputra | Editor: Budi Santoso\n"
        "Bogor - Pemerintah kota menggelar pasar murah di alun-alun selama tiga hari berturut-turut.\n"
        "Warga bisa membeli beras dan minyak goreng dengan harga lebih rendah dari pasar biasa.\n"
    )
    assert (a.authors, a.editors) == (("Andi Saputra",), ("Budi Santoso",))
    assert len(a.paragraphs) == 2


def test_a_page_without_headline_is_refused() -> None:
    with pytest.raises(ArticleError, match="no headline"):
        parse_text(
            "TEMPO.CO, Jakarta - Kementerian Kesehatan mencatat 1.240 kasus demam berdarah "
            "sepanjang Oktober 2026, turun 18 persen dibanding bulan sebelumnya.\n"
        )


def test_quote_speakers_named_after_or_before_the_quote() -> None:
    a = parse_text(
        "Warga Menunggu Bantuan\n"
        "Garut - Ratusan warga korban banjir masih menunggu bantuan logistik di posko pengungsian.\n"
        'Dedi Kurniadi mengatakan, "Bantuan tahap kedua akan tiba besok pagi di posko."\n'
        '"Kami sudah menyiapkan dapur umum untuk seribu orang," ujar Lina Marlina.\n'
        '"Relawan dari tiga kecamatan juga sudah datang membantu."\n'
        "Hujan deras masih mengguyur Garut hingga Rabu sore.\n"
        '"Ini kutipan tanpa nama yang cukup panjang untuk dicatat."\n'
    )
    assert [(q.speaker, q.text.split()[0]) for q in a.quotes] == [
        ("Dedi Kurniadi", "Bantuan"),
        ("Lina Marlina", "Kami"),
        # A paragraph that is only a quote, right after Lina's: still Lina (a writer
        # names the speaker when the speaker changes).
        ("Lina Marlina", "Relawan"),
        # After the narration, an unattributed quote has no speaker.
        (None, "Ini"),
    ]


def test_promos_breadcrumbs_and_initials_are_furniture() -> None:
    a = parse_text(
        "HomeTeknoTech News\n"
        "Aplikasi Obrolan Suara Makin Populer\n"
        "Jakarta - Aplikasi obrolan suara makin populer di kalangan pengguna ponsel di kota besar.\n"
        "Ikuti berita terkini dari kami di Telegram, klik tautan ini.\n"
        "Daftarkan email Anda untuk newsletter harian kami.\n"
        "Gabung saluran WhatsApp kami untuk kabar tercepat.\n"
        "Pengguna aplikasi itu naik dua kali lipat dalam sebulan terakhir menurut data perusahaan. (abc/xyz)\n"
        "Copyright © 2026 Media Contoh. All rights reserved.\n"
    )
    assert a.title == "Aplikasi Obrolan Suara Makin Populer"
    assert a.paragraphs == (
        "Aplikasi obrolan suara makin populer di kalangan pengguna ponsel di kota besar.",
        "Pengguna aplikasi itu naik dua kali lipat dalam sebulan terakhir menurut data perusahaan.",
    )
