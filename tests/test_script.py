"""The room: who says what, in which order, from which facts."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from briefing.errors import ScriptError
from briefing.ingest import read_article
from briefing.script.room import compose, greeting
from briefing.settings import Show, load_show
from tests.conftest import EXAMPLE, KOMPAS

SHOW = load_show(None)
MORNING = dt.datetime(2026, 11, 24, 6, 0, tzinfo=SHOW.zone)


def test_the_room_opens_tells_explains_and_closes() -> None:
    article = read_article(EXAMPLE)
    script = compose([article], SHOW, MORNING)
    assert script.chapters == ("Pembuka", article.title, "Penutup")
    first, *_, last = script.lines
    assert first.role == "moderator"
    assert first.text.startswith("Selamat pagi, ") and "Ruang Kabar" in first.text
    assert "Selasa, 24 November 2026" in first.text
    assert last.role == "moderator" and "Rina" in last.text
    roles = [line.role for line in script.lines]
    # The reporter tells the story; the question heading goes to the analyst.
    assert "reporter" in roles and "analyst" in roles
    question = next(
        line for line in script.lines if "Berapa Tarif Setelah Masa Uji Coba?" in line.text
    )
    assert question.role == "moderator" and "Sari" in question.text
    assert roles[script.lines.index(question) + 1] == "analyst"
    credits = [line.text for line in script.lines if line.chapter == "Penutup"]
    assert any("Liputan6.com" in t and "Dewi Lestari" in t for t in credits)


def test_reporter_and_analyst_only_say_what_the_article_says() -> None:
    article = read_article(EXAMPLE)
    script = compose([article], SHOW, MORNING)
    body = " ".join(article.paragraphs)
    for line in script.lines:
        if line.role == "analyst" or (
            line.role == "reporter" and not line.text.startswith("Dari ")
        ):
            assert line.text in body, line.text


def test_same_input_same_script_and_phrasing_varies_by_episode() -> None:
    articles = [read_article(EXAMPLE)]
    assert compose(articles, SHOW, MORNING) == compose(articles, SHOW, MORNING)
    openings = {
        compose(articles, SHOW, MORNING + dt.timedelta(days=d)).lines[0].text.split(", ")[1]
        for d in range(12)
    }
    assert len(openings) > 1


def test_spoken_form_is_what_engines_read() -> None:
    script = compose([read_article(KOMPAS)], SHOW, MORNING)
    price = next(line for line in script.lines if "Rp 40.000" in line.text)
    assert "empat puluh ribu rupiah" in price.spoken and "Rp" not in price.spoken


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
    show = dataclasses.replace(SHOW, templates=tmp_path)
    script = compose([read_article(KOMPAS)], show, MORNING)
    assert script.lines[-1].text == "Demikian Ruang Kabar. Salam, Rina."


def test_templates_are_strict(tmp_path: Path) -> None:
    (tmp_path / "closing.j2").write_text("## Penutup\nmoderator: {{ no_such_thing }}\n")
    show = dataclasses.replace(SHOW, templates=tmp_path)
    with pytest.raises(ScriptError, match="no_such_thing"):
        compose([read_article(KOMPAS)], show, MORNING)


def test_two_articles_make_one_room_with_a_chapter_each() -> None:
    a, b = read_article(EXAMPLE), read_article(KOMPAS)
    script = compose([a, b], SHOW, MORNING)
    assert script.chapters == ("Pembuka", a.title, b.title, "Penutup")
    assert script.title == "Ruang Kabar, Selasa, 24 November 2026"
    recap = [line.text for line in script.lines if "baru bergabung" in line.text]
    assert recap and a.title in recap[0]


def test_slug_is_ascii_and_url_safe() -> None:
    script = compose([read_article(EXAMPLE)], SHOW, MORNING)
    assert re.fullmatch(r"[a-z0-9-]+", script.slug)
    assert len(script.slug) <= 60


def test_show_is_a_frozen_value() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        SHOW.name = "x"  # type: ignore[misc]
    assert isinstance(SHOW, Show)
