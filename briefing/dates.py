"""Indonesian calendar names and the long date listeners read and hear
("Rabu, 25 November 2026"), shared by the script (titles, the opening) and the
web page, and by the reader of spoken dates."""

from __future__ import annotations

import datetime as dt

DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")  # Monday first
MONTH_NAMES = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip


def date_text(day: dt.date) -> str:
    """``day`` as Indonesian writes it in full: "Rabu, 25 November 2026"."""
    return f"{DAY_NAMES[day.weekday()]}, {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
