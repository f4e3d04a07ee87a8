"""Progress on a terminal: bars for synthesis, assembly and encoding in `make` and
`render`, and warnings on lines of their own, never onto a bar."""

from __future__ import annotations

import io
import logging
import os
import pty
import re
import sys
from pathlib import Path

import pytest

from briefing.cli import _setup_logging, _Stages
from tests.conftest import KOMPAS


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_warning_during_a_bar_gets_its_own_line(monkeypatch: pytest.MonkeyPatch) -> None:
    screen = _Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    _setup_logging(verbose=False)
    progress = _Stages(quiet=False, lines=False)("synthesis")
    progress(3, 10)
    logging.getLogger("briefing.speech").warning("gtts unavailable; speaking with espeak instead")
    progress(10, 10)
    text = screen.getvalue()
    # The bar's line is cleared before the warning, which ends its own line; the bar
    # is then drawn again below it and runs to the end.
    before, warning, after = re.split(r"\r\x1b\[K(Warning: gtts unavailable[^\n]*)\n", text)
    assert "synthesis" in before and "30%" in before
    assert warning == "Warning: gtts unavailable; speaking with espeak instead"
    assert "synthesis" in after and "100%" in after
    assert after.endswith("\n")


def test_no_bars_and_no_progress_lines_off_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    pipe = io.StringIO()  # not a terminal: scripts and CI read stderr for problems only
    monkeypatch.setattr(sys, "stderr", pipe)
    progress = _Stages(quiet=False, lines=False)("encoding")
    for done in range(0, 11):
        progress(done, 10)
    assert pipe.getvalue() == ""


def _on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """What `briefing ARGS` shows on a (pseudo-)terminal."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: stdin, stdout and stderr are the terminal
        os.execve(sys.executable, [sys.executable, "-m", "briefing", *args], env)
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the terminal closed: the child is done
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, out.decode(errors="replace")[-2000:]
    return out.decode("utf-8", "replace")


@pytest.mark.slow
def test_make_and_render_show_bars_for_their_long_stages(tmp_path: Path) -> None:
    env = {**os.environ, "BRIEFING_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "100"}
    out = str(tmp_path / "public")
    shown = _on_a_terminal(["make", str(KOMPAS), "--engine", "espeak", "--out", out], env)
    for stage in ("synthesis", "assembly", "encoding"):
        assert re.search(rf"{stage}\s+\[#+\]\s+100%", shown), stage
    assert "Episode: " in shown
    script = tmp_path / "episode.txt"
    _on_a_terminal(["script", str(KOMPAS), "-o", str(script)], env)
    shown = _on_a_terminal(["render", str(script), "--engine", "espeak", "--out", out], env)
    assert re.search(r"encoding\s+\[#+\]\s+100%", shown)
    # Each bar is drawn once to its end: no stage shows a second, empty bar.
    assert len(re.findall(r"encoding\s+\[#+\]\s+100%\s*\x1b\[\?25h", shown)) == 1
