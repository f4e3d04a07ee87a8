"""The production voice: Google Translate's text-to-speech through gTTS, in Indonesian.

gTTS does the request building and answer parsing; this wrapper adds what a
daily job needs: a timeout on every request, and errors that tell "Google
cannot be reached" (so espeak may take over) from "this text failed".
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from briefing.errors import EngineUnavailableError, SynthesisError
from briefing.settings import Show
from briefing.speech.engine import Speech

LANGUAGE = "id"


class GTTSEngine:
    """gTTS with ``lang="id"``; voice parameters: ``tld`` and ``slow``."""

    name = "gtts"

    def __init__(self, timeout: float = 15.0) -> None:
        if timeout <= 0:
            raise SynthesisError("the gTTS timeout must be positive")
        self.timeout = timeout

    def version(self) -> str:
        from gtts import __version__

        return f"gtts {__version__}"

    def synthesize(self, text: str, params: Mapping[str, Any]) -> Speech:
        from gtts import gTTS, gTTSError

        if not text.strip():
            raise SynthesisError("nothing to say: empty text")
        tld = str(params.get("tld", "com"))
        slow = bool(params.get("slow", False))
        buffer = io.BytesIO()
        try:
            tts = gTTS(text, lang=LANGUAGE, tld=tld, slow=slow, timeout=self.timeout)
            tts.write_to_fp(buffer)
        except gTTSError as exc:
            # Every gTTS failure (no connection, timeout, 403/429/5xx) means Google
            # can't serve us right now, which is when the next engine should speak.
            raise EngineUnavailableError(f"Google TTS: {exc}") from exc
        data = buffer.getvalue()
        if not data:
            # A 200 answer without audio (a consent or block page) raises nothing in gTTS.
            raise EngineUnavailableError("Google TTS answered without audio")
        return Speech(data, "mp3")


def create(show: Show) -> GTTSEngine:
    return GTTSEngine(timeout=show.gtts_timeout)
