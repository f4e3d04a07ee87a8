"""The offline engine: espeak-ng, loaded from the espeakng-loader wheel through ctypes.

No system package is needed: the wheel ships ``libespeak-ng.so`` and the full
``espeak-ng-data`` (Indonesian included). The library keeps global state and is
not re-entrant, so every call goes through one process-wide lock.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from briefing.errors import EngineUnavailableError, SynthesisError
from briefing.ffmpeg import wav_bytes
from briefing.settings import Show
from briefing.speech.engine import BaseEngine, Speech

# From espeak-ng's speak_lib.h.
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_PARAM_RATE = 1
_PARAM_VOLUME = 2
_PARAM_PITCH = 3
_PARAM_RANGE = 4
_PARAM_WORDGAP = 7  # extra pause between words, in units of 10 ms at normal speed
_PHONEMES_IPA = 0x02

_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class _Library:
    """The loaded libespeak-ng, initialised once per process."""

    def __init__(self) -> None:
        try:
            import espeakng_loader

            self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
            data_path = espeakng_loader.get_data_path()
        except (ImportError, OSError, RuntimeError) as exc:
            raise EngineUnavailableError(f"espeak-ng library cannot be loaded: {exc}") from exc
        lib = self.lib
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [
            ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
            ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
        ]  # fmt: skip
        lib.espeak_Info.restype = ctypes.c_char_p
        lib.espeak_TextToPhonemes.argtypes = [
            ctypes.POINTER(ctypes.c_char_p), ctypes.c_int, ctypes.c_int,
        ]  # fmt: skip
        lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
        # The compiled-in data path points at the wheel's build machine: pass ours.
        self.rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path.encode(), 0)
        if self.rate <= 0:
            raise EngineUnavailableError(f"espeak-ng failed to initialise with data at {data_path}")
        self.version = (lib.espeak_Info(None) or b"unknown").decode()
        self._buffer = bytearray()
        # Keep a reference: ctypes would free the trampoline while C still holds it.
        self._callback = _SynthCallback(self._collect)
        lib.espeak_SetSynthCallback(self._callback)

    def _collect(self, wav: Any, samples: int, _events: Any) -> int:
        if samples > 0 and wav:
            self._buffer.extend(ctypes.string_at(wav, samples * 2))
        return 0

    def _use_voice(self, voice: str) -> None:
        if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise SynthesisError(f"espeak-ng has no voice {voice!r}")

    def synth(
        self, text: str, voice: str, rate: int, pitch: int, pitch_range: int, gap: int
    ) -> bytes:
        lib = self.lib
        self._use_voice(voice)
        lib.espeak_SetParameter(_PARAM_RATE, rate, 0)
        lib.espeak_SetParameter(_PARAM_PITCH, pitch, 0)
        lib.espeak_SetParameter(_PARAM_RANGE, pitch_range, 0)
        lib.espeak_SetParameter(_PARAM_WORDGAP, gap, 0)
        lib.espeak_SetParameter(_PARAM_VOLUME, 100, 0)
        self._buffer.clear()
        encoded = text.encode("utf-8")
        status = lib.espeak_Synth(
            encoded, len(encoded) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
        )
        if status != 0:
            raise SynthesisError(f"espeak-ng failed (status {status}) on: {text[:60]!r}")
        lib.espeak_Synchronize()
        return bytes(self._buffer)

    def phonemes(self, text: str, voice: str) -> str:
        self._use_voice(voice)
        # The call reads one clause at a time and moves the pointer on; None at the end.
        cursor = ctypes.c_char_p(text.encode("utf-8"))
        clauses = []
        while cursor.value:
            clause = self.lib.espeak_TextToPhonemes(
                ctypes.byref(cursor), _CHARS_UTF8, _PHONEMES_IPA
            )
            clauses.append((clause or b"").decode("utf-8", "replace").strip())
        return " | ".join(c for c in clauses if c)


_lock = threading.Lock()
_library: _Library | None = None


def _get_library() -> _Library:
    global _library
    if _library is None:
        _library = _Library()
    return _library


class EspeakEngine(BaseEngine):
    """espeak-ng's Indonesian voice (``id``) and its variants (``id+m3``, ``id+f2``...)."""

    name = "espeak"
    # Measured over the bundled example's lines at the roles' rates (13.6-15.6 by role).
    chars_per_second = 14.5

    def __init__(self) -> None:
        with _lock:
            self._lib = _get_library()

    def version(self) -> str:
        return f"espeak-ng {self._lib.version}"

    def voices(self) -> tuple[str, ...]:
        """The Indonesian voice and every variant in the wheel's data ("id+f2", ...)."""
        import espeakng_loader

        variants = Path(espeakng_loader.get_data_path()) / "voices" / "!v"
        names = (
            sorted(p.name for p in variants.iterdir() if p.is_file()) if variants.is_dir() else []
        )
        return ("id", *(f"id+{n}" for n in names))

    def phonemes(self, text: str, voice: str = "id") -> str:
        """How espeak-ng will pronounce ``text``, in IPA, one clause after another."""
        with _lock:
            return self._lib.phonemes(text, voice)

    def synthesize(self, text: str, params: Mapping[str, Any]) -> Speech:
        voice = str(params.get("voice", "id"))
        if not voice.startswith("id"):
            raise SynthesisError(f"espeak voice {voice!r} is not an Indonesian (id) voice")
        rate = _bounded(params, "rate", 165, 80, 450)
        pitch = _bounded(params, "pitch", 50, 0, 99)
        pitch_range = _bounded(params, "range", 50, 0, 99)
        gap = _bounded(params, "gap", 0, 0, 50)
        if not text.strip():
            raise SynthesisError("nothing to say: empty text")
        with _lock:
            pcm = self._lib.synth(text, voice, rate, pitch, pitch_range, gap)
            sample_rate = self._lib.rate
        if not pcm:
            raise SynthesisError(f"espeak-ng produced no audio for: {text[:60]!r}")
        return Speech(wav_bytes(pcm, sample_rate), "wav")


def _bounded(params: Mapping[str, Any], key: str, default: int, low: int, high: int) -> int:
    value = params.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise SynthesisError(f"espeak {key} must be a whole number from {low} to {high}")
    return value


def create(show: Show) -> EspeakEngine:
    """Entry point: the engine needs nothing from the show beyond the voices it is given."""
    return EspeakEngine()
