"""Stand-ins shared by the tests and scripts/bench.py: Google's answer, tone clips, and
a published folder served on 127.0.0.1. No pytest here, so the benchmark can use it."""

from __future__ import annotations

import asyncio
import base64
import io
import json
import math
import socket
import threading
import wave
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from aiohttp import web

from briefing import ffmpeg
from briefing.publish.server import make_app
from briefing.speech.espeak import EspeakEngine


def google_like_mp3() -> bytes:
    """A real MP3 shaped like Google's: MPEG-2 layer III, 24 kHz, mono, 32 kbps, of speech
    (a female voice, as Google's Indonesian one is)."""
    wav = EspeakEngine().synthesize("Halo, ini suara contoh.", {"voice": "id+f2", "pitch": 70}).data
    return ffmpeg.run(["-f", "wav", "-i", "pipe:0", "-ar", "24000", "-ac", "1",
                       "-codec:a", "libmp3lame", "-b:a", "32k", "-f", "mp3", "pipe:1"],
                      stdin=wav)  # fmt: skip


def batchexecute_body(mp3: bytes) -> str:
    """The body Google's batchexecute endpoint answers with, as gTTS parses it."""
    inner = json.dumps([base64.b64encode(mp3).decode("ascii")])
    payload = json.dumps(
        [["wrb.fr", "jQ1olc", inner, None, None, None, "generic"]], separators=(",", ":")
    )
    return f")]}}'\n\n{len(payload)}\n{payload}"


def tone_wav(seconds: float = 0.5, freq: float = 220.0, rate: int = 22_050) -> bytes:
    """A real, audible WAV clip for fake engines."""
    samples = array("h", (int(8000 * math.sin(2 * math.pi * freq * i / rate))
                          for i in range(int(seconds * rate))))  # fmt: skip
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(samples.tobytes())
    return out.getvalue()


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
