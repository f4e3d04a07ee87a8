"""Allow ``python -m briefing``."""

from __future__ import annotations

from briefing.cli import cli

if __name__ == "__main__":
    cli(prog_name="briefing")
