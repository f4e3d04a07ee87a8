"""The benchmark's stand-ins: a real MP3 shaped like Google's answer, the body of
that answer as gTTS parses it, and tone clips for a fake engine. The tests use
them too (tests/fakes.py), so the benchmark measures what the tests check."""

from __future__ import annotations

import base64
import json
import math
from array import array

from briefing import ffmpeg
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
    return ffmpeg.wav_bytes(samples.tobytes(), rate)
