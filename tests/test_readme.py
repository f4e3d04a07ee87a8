"""The README's promises: two set-up commands, run by CI, and every command documented."""

from __future__ import annotations

import re
from pathlib import Path

from briefing.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _quickstart_commands() -> list[str]:
    section = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, re.DOTALL)


def test_quickstart_has_exactly_two_commands() -> None:
    make, test = _quickstart_commands()
    assert "\n" not in make and "\n" not in test
    assert "pip install . " in make
    example = re.search(r"briefing make (\S+)$", make)
    assert example and (ROOT / example[1]).is_file()
    assert test.endswith('pip install ".[test]" && pytest')


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    _, test = _quickstart_commands()
    assert test in ci.splitlines()


def test_every_command_is_documented() -> None:
    for name in cli.commands:
        assert f"### `briefing {name}`" in README, name


def test_quick_commands_do_not_load_the_stages() -> None:
    # `briefing --help` and `briefing normalize` start without aiohttp, trafilatura,
    # boto3, pydub and the rest: the command line imports a stage only to run it.
    import subprocess
    import sys

    heavy = ("aiohttp", "trafilatura", "boto3", "pydub", "feedgen", "jinja2", "gtts", "mutagen")
    probe = (
        "import sys; from click.testing import CliRunner; from briefing.cli import cli; "
        "CliRunner().invoke(cli, ['--help']); CliRunner().invoke(cli, ['normalize', 'Rp 5.000']); "
        f"print(','.join(m for m in {heavy!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
