"""Golden scripts: the room written for each sample article, with a pinned date.

A change to parsing, the room or the templates shows up here as a readable
diff. After checking the diff by eye, refresh with:
``BRIEFING_UPDATE_GOLDEN=1 pytest tests/test_golden.py``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from briefing.ingest import read_article
from briefing.script.room import compose
from briefing.script.scriptfile import format_script
from briefing.settings import load_show
from tests.conftest import DATA, EXAMPLE, KOMPAS
from tests.roomcheck import room_problems

GOLDEN = Path(__file__).resolve().parent / "golden"
SHOW = load_show(None)
MORNING = dt.datetime(2026, 11, 24, 6, 0, tzinfo=SHOW.zone)

CASES = {
    "liputan6-bus-listrik": ([EXAMPLE], "full"),
    "liputan6-bus-listrik-brief": ([EXAMPLE], "brief"),
    "kompas-harga-cabai": ([KOMPAS], "full"),
    "detik-kebakaran-gudang": ([DATA / "detik_kebakaran_gudang.txt"], "full"),
    "cnn-suku-bunga": ([DATA / "cnn_suku_bunga.txt"], "full"),
    "antara-bendungan": ([DATA / "antara_bendungan.txt"], "full"),
    "edisi-tiga-kabar-brief": (
        [EXAMPLE, KOMPAS, DATA / "antara_bendungan.txt"],
        "brief",
    ),
    # A question headline, a writer who shares the host's name, "katanya", a response.
    "tribun-jalan-rusak": ([DATA / "tribun_jalan_rusak.txt"], "full"),
    # Two stories on prices, then another: the hand-off says what the first two share;
    # a labelled headline; a quotation continued over two paragraphs.
    "edisi-harga-pangan": (
        [KOMPAS, DATA / "suara_harga_beras.txt", DATA / "detik_kebakaran_gudang.txt"],
        "full",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_script(name: str) -> None:
    paths, length = CASES[name]
    articles = [read_article(p) for p in paths]
    script = compose(articles, SHOW, MORNING, length)
    assert not room_problems(script, articles)
    text = format_script(script)
    golden = GOLDEN / f"{name}.script"
    if os.environ.get("BRIEFING_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
