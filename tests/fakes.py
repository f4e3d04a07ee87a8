"""Stand-ins for the tests: Google's answer and tone clips (the benchmark's own, from
scripts/standins.py), and a published folder served on 127.0.0.1."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from aiohttp import web

from briefing.publish.server import make_app
from scripts.standins import batchexecute_body, google_like_mp3, tone_wav

__all__ = ["batchexecute_body", "free_port", "google_like_mp3", "serving", "tone_wav", "tree_bytes"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(folder: Path, port: int) -> Iterator[str]:
    """`briefing serve`'s app for ``folder`` on 127.0.0.1:``port``, in a thread; yields its URL."""
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(make_app(folder))
    loop.run_until_complete(runner.setup())
    loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, to compare a published tree
    before and after a run. Lock files are left out: runs create them empty."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }
