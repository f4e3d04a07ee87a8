"""The scheduling examples in scripts/: their commands parse, and the timer makes every edition."""

from __future__ import annotations

import datetime as dt
import re
import shlex
from pathlib import Path

import pytest

from briefing.cli import cli
from briefing.daily import edition_due
from briefing.settings import Show

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [
    ROOT / "scripts" / "briefing-daily.cron",
    ROOT / "scripts" / "systemd" / "briefing-daily.service",
    ROOT / "scripts" / "ci" / "daily-edition.yml",
]


def daily_commands(path: Path) -> list[list[str]]:
    commands = []
    for line in path.read_text().splitlines():
        if line.lstrip().startswith("#"):
            continue
        m = re.search(r"\bbriefing daily (--.*)$", line)
        if m:
            commands.append(shlex.split(m[1]))
    return commands


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_example_runs_briefing_daily_with_valid_options(path: Path) -> None:
    commands = daily_commands(path)
    assert commands, f"{path.name} runs no briefing daily"
    for args in commands:
        ctx = cli.commands["daily"].make_context("daily", list(args))
        assert ctx.params["show_file"] is not None
        assert ctx.params["out_dir"] == Path("public")


def test_the_readme_documents_every_example() -> None:
    readme = (ROOT / "README.md").read_text()
    for path in [*EXAMPLES, ROOT / "scripts" / "systemd" / "briefing-daily.timer"]:
        assert str(path.relative_to(ROOT)) in readme, path.name


def test_the_cron_lines_make_the_three_editions() -> None:
    editions = [args[args.index("--edition") + 1] for args in daily_commands(EXAMPLES[0])]
    assert sorted(editions) == ["pagi", "siang", "sore"]


def test_the_timer_makes_each_edition_half_an_hour_ahead() -> None:
    timer = (ROOT / "scripts" / "systemd" / "briefing-daily.timer").read_text()
    times = re.findall(r"^OnCalendar=\*-\*-\* (\d\d):(\d\d):00 Asia/Jakarta$", timer, re.M)
    show = Show()
    made = []
    for hour, minute in times:
        at = dt.datetime(2026, 11, 25, int(hour), int(minute), tzinfo=show.zone)
        edition = edition_due(show, at)
        airs = dt.datetime.combine(at.date(), show.daily.editions[edition], tzinfo=show.zone)
        assert dt.timedelta(0) < airs - at <= dt.timedelta(hours=1)
        made.append(edition)
    assert made == ["pagi", "siang", "sore"]
