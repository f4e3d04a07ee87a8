"""The production voice: Google Translate's text-to-speech through gTTS, in Indonesian.

gTTS does the request building and answer parsing. This wrapper adds what a
daily job needs and gTTS lacks:

- our own chunking (fewer, better-placed requests; gTTS gets each chunk whole);
- a timeout on every request;
- retries with exponential backoff and jitter on 429, 5xx, timeouts and
  connection failures, honouring Retry-After, and a request-rate limit shared
  by every thread (briefing.speech.online, as for every online engine);
- errors that tell "Google can't serve us" (the next engine may take over) from
  "this text failed";
- role voices: Google has one Indonesian voice, so roles differ by pitch and
  tempo (ffmpeg) and by the ``tld`` their requests go to.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping
from typing import Any

from briefing import ffmpeg
from briefing.errors import EngineUnavailableError, SynthesisError
from briefing.settings import Show
from briefing.speech.chunking import chunk_text
from briefing.speech.engine import Speech
from briefing.speech.online import OnlineEngine, Refused, Transient, retry_after

log = logging.getLogger(__name__)

LANGUAGE = "id"
SAMPLE_RATE = 24_000  # what Google sends: MPEG-2 layer III, 24 kHz mono
# Bump when the voice shaping changes, so cached clips are made again.
VOICE_FX_VERSION = 1


def _whole(text: str) -> list[str]:
    # Our chunks are already at most 100 characters; gTTS must not cut them again.
    return [text]


class GTTSEngine(OnlineEngine):
    """gTTS with ``lang="id"``. Voice parameters: ``tld``, ``slow``, ``pitch`` (semitones)
    and ``tempo`` (speed factor)."""

    name = "gtts"
    label = "Google TTS"

    def version(self) -> str:
        from gtts import __version__

        return f"gtts {__version__} fx{VOICE_FX_VERSION}"

    def available(self, tld: str = "com") -> str | None:
        """None when Google's translate host answers at all; else why not."""
        import requests

        try:
            requests.head(f"https://translate.google.{tld}/", timeout=min(self.timeout, 5.0))
        except requests.RequestException as exc:
            return f"Google cannot be reached ({type(exc).__name__})"
        return None

    def voices(self) -> tuple[str, ...]:
        # One Indonesian voice; the role parameters (tld, pitch, tempo) tell roles apart.
        return ("id",)

    def synthesize(self, text: str, params: Mapping[str, Any]) -> Speech:
        if not text.strip():
            raise SynthesisError("nothing to say: empty text")
        tld = str(params.get("tld", "com"))
        slow = bool(params.get("slow", False))
        pitch = _number(params, "pitch", 0.0, -12, 12)
        tempo = _number(params, "tempo", 1.0, 0.5, 2.0)
        audio = b"".join(self._request(chunk, tld, slow) for chunk in chunk_text(text))
        if pitch == 0 and tempo == 1:
            return Speech(audio, "mp3")
        return Speech(ffmpeg.shift_voice(audio, pitch, tempo, SAMPLE_RATE), "wav")

    def _request(self, chunk: str, tld: str, slow: bool) -> bytes:
        """One chunk, one request (retried): the MP3 bytes Google sent."""
        return self.service.call(lambda: self._once(chunk, tld, slow))

    def _once(self, chunk: str, tld: str, slow: bool) -> bytes:
        from gtts import gTTS, gTTSError

        buffer = io.BytesIO()
        try:
            gTTS(
                chunk,
                lang=LANGUAGE,
                tld=tld,
                slow=slow,
                lang_check=False,
                pre_processor_funcs=[],
                tokenizer_func=_whole,
                timeout=self.timeout,
            ).write_to_fp(buffer)
        except gTTSError as exc:
            response = exc.rsp
            status = response.status_code if response is not None else None
            if status is not None and status != 429 and status < 500:
                # 403 and friends: the API changed or refuses us; retrying won't help.
                raise Refused(str(exc)) from exc
            headers = response.headers if response is not None else None
            raise Transient(str(exc), retry_after(headers)) from exc
        data = buffer.getvalue()
        if not data:
            # A 200 answer without audio (a consent or block page) raises nothing in gTTS.
            raise EngineUnavailableError("Google TTS answered without audio")
        return data


def _number(params: Mapping[str, Any], key: str, default: float, low: float, high: float) -> float:
    value = params.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise SynthesisError(f"gtts {key} must be a number from {low} to {high}")
    return float(value)


def create(show: Show) -> GTTSEngine:
    return GTTSEngine(**GTTSEngine.patience(show.speech.gtts))
