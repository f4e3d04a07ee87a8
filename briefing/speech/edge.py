"""The natural voices: Microsoft Edge's Read Aloud neural voices through edge-tts.

Microsoft has two Indonesian neural voices, ``id-ID-GadisNeural`` (female) and
``id-ID-ArdiNeural`` (male). edge-tts speaks the service's websocket protocol
(SSML in; MP3 and boundary events out). This wrapper adds what a daily job
needs and edge-tts leaves to its callers:

- a deadline on every request, beside edge-tts's connect and read timeouts;
- a check that the stream reached its end: edge-tts returns what it got when
  the connection drops part-way, without an error;
- retries with backoff on 429 and 5xx handshakes, connection failures, cut-off
  streams and answers without audio, and a request rate shared by every
  thread (briefing.speech.online, as for gTTS);
- a check that the answer is whole: the service reports where each word
  starts and ends, so audio that stops before the last word it reported, or
  words that stop before the text's last word, are a cut-off answer, retried;
- role voices: a voice, and rate and pitch within what the service accepts.

Outside the tests the service's public address is used; a show may name
another (``edge_endpoint``), which edge-tts reads from its module.
"""

from __future__ import annotations

import asyncio
import re
import socket
import unicodedata
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from briefing.errors import EngineUnavailableError, SynthesisError
from briefing.settings import Show
from briefing.speech.engine import Speech
from briefing.speech.online import OnlineEngine, Refused, Transient, retry_after

VOICES = ("id-ID-GadisNeural", "id-ID-ArdiNeural")
# What the service accepts: prosody rate as a relative percentage (half to double
# speed) and pitch as a relative shift in hertz.
RATE_RANGE = (-50, 100)
PITCH_RANGE = (-50, 50)
# The format edge-tts asks for (audio-24khz-48kbitrate-mono-mp3): constant bitrate,
# so the stream's length in bytes says how many seconds it holds.
BYTES_PER_SECOND = 48_000 / 8
TICKS_PER_SECOND = 10_000_000  # boundary offsets are in 100-nanosecond ticks
# Audio may end this much before the last reported word ends (MP3 frames, rounding).
END_SLACK_SECONDS = 0.25


class EdgeEngine(OnlineEngine):
    """edge-tts with an Indonesian neural voice. Voice parameters: ``voice`` (one of
    VOICES), ``rate`` (percent, -50 to 100) and ``pitch`` (hertz, -50 to 50).
    ``endpoint``: the service's address, when not its public one."""

    name = "edge"
    label = "Microsoft Edge TTS"

    def __init__(self, *args: Any, endpoint: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("timeout", 20.0)
        kwargs.setdefault("rate", 5.0)
        super().__init__(*args, **kwargs)
        self.endpoint = endpoint

    def version(self) -> str:
        return f"edge-tts {_edge_tts().__version__}"

    def available(self) -> str | None:
        """None when the service's host takes a connection; else why not."""
        parts = urlsplit(self._url())
        port = parts.port or (443 if parts.scheme == "wss" else 80)
        try:
            socket.create_connection((parts.hostname or "", port), min(self.timeout, 5.0)).close()
        except OSError as exc:
            return f"Microsoft's speech service cannot be reached ({exc.strerror or exc})"
        return None

    def voices(self) -> tuple[str, ...]:
        return VOICES

    def synthesize(self, text: str, params: Mapping[str, Any]) -> Speech:
        if not text.strip():
            raise SynthesisError("nothing to say: empty text")
        voice = str(params.get("voice", VOICES[0]))
        if voice not in VOICES:
            raise SynthesisError(f"edge voice {voice!r} is not one of {', '.join(VOICES)}")
        rate = _whole(params, "rate", *RATE_RANGE)
        pitch = _whole(params, "pitch", *PITCH_RANGE)
        audio = self.service.call(lambda: self._once(text, voice, f"{rate:+d}%", f"{pitch:+d}Hz"))
        return Speech(audio, "mp3")

    def _url(self) -> str:
        # The public address from edge-tts's constants, which nothing here changes.
        return self.endpoint or str(_edge_tts().constants.WSS_URL)

    def _once(self, text: str, voice: str, rate: str, pitch: str) -> bytes:
        """One request: the whole MP3, or Transient/Refused saying why not."""
        import aiohttp

        edge_tts = _edge_tts()
        # edge-tts takes its address from this module global, and nowhere else.
        edge_tts.communicate.WSS_URL = self._url()
        seconds = max(1, round(self.timeout))
        communicate = edge_tts.Communicate(
            text, voice, rate=rate, pitch=pitch, boundary="WordBoundary",
            connect_timeout=seconds, receive_timeout=seconds,
        )  # fmt: skip
        try:
            audio, words = asyncio.run(asyncio.wait_for(_collect(communicate), self.timeout))
        except aiohttp.WSServerHandshakeError as exc:
            if exc.status == 429 or exc.status >= 500:
                raise Transient(f"HTTP {exc.status}", retry_after(exc.headers)) from exc
            raise Refused(f"HTTP {exc.status} {exc.message}") from exc
        except aiohttp.ClientResponseError as exc:  # the 403 edge-tts retried once
            raise Refused(f"HTTP {exc.status} {exc.message}") from exc
        except TimeoutError as exc:
            raise Transient(f"no whole answer within {self.timeout:g} s") from exc
        except aiohttp.ClientConnectorError as exc:
            reason = exc.os_error.strerror or exc.os_error
            raise Transient(f"cannot connect to {exc.host}:{exc.port} ({reason})") from exc
        except (aiohttp.ClientError, OSError) as exc:
            raise Transient(f"connection failed ({type(exc).__name__}: {exc})") from exc
        except edge_tts.exceptions.NoAudioReceived as exc:
            raise Transient("answered without audio") from exc
        except edge_tts.exceptions.EdgeTTSException as exc:
            raise Transient(f"{type(exc).__name__}: {exc}") from exc
        # edge-tts counts a stream's bytes in when its turn.end arrives; a connection
        # that closed before then (a drop) leaves bytes uncounted, and no error.
        if communicate.state["cumulative_audio_bytes"] != len(audio):
            raise Transient("the connection closed before the answer was complete")
        _check_whole(text, audio, words)
        return audio


async def _collect(communicate: Any) -> tuple[bytes, list[tuple[int, int, str]]]:
    """The stream's audio, and its word boundaries: (offset, duration, word)."""
    audio = bytearray()
    words: list[tuple[int, int, str]] = []
    async for chunk in communicate.stream():
        if chunk["type"] == "audio":
            audio.extend(chunk["data"])
        elif chunk["type"] == "WordBoundary":
            words.append((int(chunk["offset"]), int(chunk["duration"]), str(chunk["text"])))
    return bytes(audio), words


def _check_whole(text: str, audio: bytes, words: list[tuple[int, int, str]]) -> None:
    """Refuse an answer cut off part-way. Without boundary events (the service may
    leave them out) the clip checks downstream (length, silence) still apply."""
    if not words:
        return
    offset, duration, last = words[-1]
    spoken_to = (offset + duration) / TICKS_PER_SECOND
    received = len(audio) / BYTES_PER_SECOND
    if received + END_SLACK_SECONDS < spoken_to:
        raise Transient(f"the audio stops at {received:.2f} s, before the last word it "
                        f"announced ends at {spoken_to:.2f} s")  # fmt: skip
    # The service may say a number or a symbol as several words: the last announced
    # word need only be one of the text's last few.
    tail = _words(text)[-3:]
    if tail and _words(last)[-1:] and _words(last)[-1] not in tail:
        raise Transient(f"the speech stops at {last!r}, before the end of the text")


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.findall(r"\w+", folded)


def _whole(params: Mapping[str, Any], key: str, low: int, high: int) -> int:
    value = params.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        unit = "%" if key == "rate" else " Hz"
        raise SynthesisError(f"edge {key} must be a whole number from {low} to {high} ({unit})")
    return value


def _edge_tts() -> Any:
    try:
        import edge_tts
        import edge_tts.communicate
        import edge_tts.constants
        import edge_tts.exceptions
    except ImportError as exc:
        raise EngineUnavailableError(f"edge-tts is not installed: {exc}") from exc
    return edge_tts


def create(show: Show) -> EdgeEngine:
    return EdgeEngine(endpoint=show.speech.edge.endpoint, **EdgeEngine.patience(show.speech.edge))
