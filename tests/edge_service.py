"""A stand-in for Microsoft's Read Aloud speech service, on 127.0.0.1.

It speaks the service's websocket protocol as edge-tts expects it: a
``speech.config`` message and an SSML request in; ``turn.start``, word
boundaries (``audio.metadata``), binary audio frames and ``turn.end`` out. The
audio is real speech: the SSML's text spoken by espeak-ng (a lower voice for
Ardi) and encoded as the service encodes it, 24 kHz mono MP3 at a constant
48 kbps. Each connection takes the next behaviour from ``plan``: a whole answer
("ok"), a refused handshake ("429", "503", "400"), a stream without word
boundaries that drops part-way ("drop"), one whose audio stops before its last
word ("cut"), one without audio ("empty"), or one that never answers ("stall").
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import struct
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from aiohttp import web

from briefing import ffmpeg
from briefing.speech.espeak import EspeakEngine

TICKS = 10_000_000


@dataclass
class Request:
    """What one connection asked for."""

    query: dict[str, str]
    voice: str
    rate: str
    pitch: str
    text: str
    word_boundaries: bool


@dataclass
class EdgeService:
    port: int = 0
    plan: list[str] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    connections: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/edge/v1?TrustedClientToken=stand-in"

    def next_behaviour(self) -> str:
        with self.lock:
            self.connections += 1
            return self.plan.pop(0) if self.plan else "ok"

    async def handle(self, request: web.Request) -> web.StreamResponse:
        behaviour = self.next_behaviour()
        if behaviour in ("429", "503", "400"):
            return web.Response(status=int(behaviour), headers={"Retry-After": "0"})
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        config = await ws.receive()
        ssml = await ws.receive()
        asked = _parse(dict(request.query), config.data, ssml.data)
        with self.lock:
            self.requests.append(asked)
        if behaviour == "stall":  # until the client gives up and closes
            await ws.receive(timeout=30)
            return ws
        await ws.send_str(_text_message("turn.start", '{"context":{"serviceTag":"x"}}'))
        if behaviour == "empty":
            await ws.send_str(_text_message("turn.end", "{}"))
            await ws.close()
            return ws
        mp3 = speech_mp3(asked.text, asked.voice)
        words = re.findall(r"\w+", asked.text)
        seconds = len(mp3) / 6000
        # A drop comes without boundaries, so only the missing turn.end can tell.
        if asked.word_boundaries and behaviour != "drop":
            at = 0.05
            total = sum(len(w) + 1 for w in words) or 1
            for word in words:
                length = (len(word) + 1) / total * (seconds - 0.1)
                meta = {"Metadata": [{"Type": "WordBoundary", "Data": {
                    "Offset": int(at * TICKS), "Duration": int(length * 0.9 * TICKS),
                    "text": {"Text": word, "Length": len(word), "BoundaryType": "WordBoundary"},
                }}]}  # fmt: skip
                await ws.send_str(_text_message("audio.metadata", json.dumps(meta)))
                at += length
        if behaviour == "cut":
            mp3 = mp3[: len(mp3) // 3]
        for start in range(0, len(mp3), 4096):
            await ws.send_bytes(_audio_message(mp3[start : start + 4096]))
            if behaviour == "drop" and start >= 4096:
                assert request.transport is not None
                request.transport.abort()  # the connection is gone, mid-stream
                return ws
        await ws.send_bytes(_audio_message(b"", content_type=False))
        await ws.send_str(_text_message("turn.end", "{}"))
        await ws.close()
        return ws


def _parse(query: dict[str, str], config: str, ssml: str) -> Request:
    assert "Path:speech.config" in config and "audio-24khz-48kbitrate-mono-mp3" in config
    assert "Path:ssml" in ssml
    voice = re.search(r"<voice name='([^']+)'>", ssml)
    prosody = re.search(r"<prosody pitch='([^']+)' rate='([^']+)'", ssml)
    body = re.search(r"<prosody[^>]*>(.*)</prosody>", ssml, re.S)
    assert voice and prosody and body, ssml
    return Request(query, voice[1], prosody[2], prosody[1], html.unescape(body[1]),
                   '"wordBoundaryEnabled":"true"' in config)  # fmt: skip


def _text_message(path: str, body: str) -> str:
    return (f"X-RequestId:{uuid.uuid4().hex}\r\nContent-Type:application/json; charset=utf-8"
            f"\r\nPath:{path}\r\n\r\n{body}")  # fmt: skip


def _audio_message(data: bytes, content_type: bool = True) -> bytes:
    headers = f"X-RequestId:{uuid.uuid4().hex}\r\n"
    if content_type:
        headers += "Content-Type:audio/mpeg\r\n"
    headers += "Path:audio\r\n"
    encoded = headers.encode()
    return struct.pack(">H", len(encoded)) + encoded + data


@lru_cache(maxsize=256)
def speech_mp3(text: str, voice: str) -> bytes:
    """``text`` said by espeak-ng, as the service encodes its answers."""
    espeak = {"voice": "id+m3", "pitch": 30} if "Ardi" in voice else {"voice": "id+f2"}
    wav = EspeakEngine().synthesize(text, espeak).data
    return ffmpeg.run(["-f", "wav", "-i", "pipe:0", "-ar", "24000", "-ac", "1",
                       "-codec:a", "libmp3lame", "-b:a", "48k", "-f", "mp3", "pipe:1"],
                      stdin=wav)  # fmt: skip


@contextmanager
def edge_service(plan: list[str] | None = None) -> Iterator[EdgeService]:
    """The stand-in, listening on 127.0.0.1 for as long as the block runs."""
    service = EdgeService(plan=list(plan or []))
    app = web.Application()
    app.router.add_get("/edge/v1", service.handle)
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=0.5)
    loop.run_until_complete(runner.setup())
    site = web.TCPSite(runner, "127.0.0.1", 0)
    loop.run_until_complete(site.start())
    server: Any = site._server
    service.port = server.sockets[0].getsockname()[1]
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield service
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


__all__ = ["EdgeService", "Request", "edge_service", "speech_mp3"]
