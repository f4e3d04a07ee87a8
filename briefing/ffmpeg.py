"""Find ffmpeg and run it: $BRIEFING_FFMPEG, else one on PATH, else the imageio-ffmpeg wheel's.

Shared by the speech stage (validating clips, shaping voices) and the audio
stage (decoding, encoding). The wheel ships a static ffmpeg but no ffprobe, so
nothing here (or in the way pydub is used) may need ffprobe: every decode lets
ffmpeg sniff its input and always asks for raw PCM out.
"""

from __future__ import annotations

import array
import contextlib
import functools
import io
import math
import os
import re
import shutil
import subprocess
import tempfile
import warnings
import wave
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from briefing.errors import AudioError

SAMPLE_RATE = 44_100


FFMPEG_VARIABLE = "BRIEFING_FFMPEG"  # names the ffmpeg to use, over the one found on PATH


@functools.cache
def ffmpeg_path() -> str:
    """The ffmpeg to run: $BRIEFING_FFMPEG, else ffmpeg on PATH, else the wheel's."""
    chosen = os.environ.get(FFMPEG_VARIABLE)
    if chosen:
        found = shutil.which(chosen)
        if found is None:
            raise AudioError(f"{FFMPEG_VARIABLE}={chosen} is not an ffmpeg that can be run")
        return found
    found = shutil.which("ffmpeg")
    if found:
        return found
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError) as exc:
        raise AudioError("ffmpeg not found: install ffmpeg or the imageio-ffmpeg package") from exc


def run(args: list[str], *, stdin: bytes | None = None) -> bytes:
    """Run ffmpeg with ``args`` and return its standard output."""
    cmd = [ffmpeg_path(), "-hide_banner", "-nostdin", "-loglevel", "error", *args]
    try:
        done = subprocess.run(cmd, input=stdin, capture_output=True, check=False)
    except OSError as exc:
        raise AudioError(f"cannot run ffmpeg ({cmd[0]}): {exc}") from exc
    if done.returncode != 0:
        raise _failed(done.stderr.decode("utf-8", "replace"), done.returncode)
    return done.stdout


def _failed(log: str, code: int) -> AudioError:
    """ffmpeg's last word on why it failed (its log ends with the reason)."""
    lines = log.strip().splitlines()
    return AudioError(f"ffmpeg failed: {lines[-1] if lines else f'exit {code}'}")


class Running:
    """One ffmpeg process run for what it reports (filters like ebur128 log to
    stderr), started now and finished later, so several can run side by side.

    ``feed`` (a pipe to its standard input) or ``stdin`` (a file descriptor)
    gives it input; ``pass_fds`` lets it write to pipes named ``pipe:N``;
    ``progress``, when given, hears how many seconds of the output are done, as
    ffmpeg's ``-progress`` report says (about twice a second).
    """

    def __init__(
        self,
        args: list[str],
        *,
        progress: Callable[[float], None] | None = None,
        feed: bool = False,
        stdin: int | None = None,
        pass_fds: Sequence[int] = (),
    ) -> None:
        cmd = [ffmpeg_path(), "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info"]
        if progress is not None:
            cmd += ["-progress", "pipe:1"]
        self.progress = progress
        # The log goes to a file, not a pipe: a chatty filter could fill a pipe and
        # stall ffmpeg while this process waits on something else.
        self.err = tempfile.TemporaryFile()  # noqa: SIM115 (closed by finish or stop)
        if feed:
            source: int | None = subprocess.PIPE
        else:
            source = stdin if stdin is not None else subprocess.DEVNULL
        try:
            self.child = subprocess.Popen(
                cmd + args,
                stdin=source,
                stdout=subprocess.PIPE if progress is not None else subprocess.DEVNULL,
                stderr=self.err,
                pass_fds=tuple(pass_fds),
            )
        except OSError as exc:
            self.err.close()
            raise AudioError(f"cannot run ffmpeg ({cmd[0]}): {exc}") from exc

    def write(self, data: bytes) -> None:
        """Feed the process's standard input (``feed=True``)."""
        assert self.child.stdin is not None
        with contextlib.suppress(BrokenPipeError):  # it stopped early: finish() says why
            self.child.stdin.write(data)

    def finish(self) -> str:
        """Wait for the process and return its log; raise when it failed."""
        if self.child.stdin is not None:
            with contextlib.suppress(BrokenPipeError):
                self.child.stdin.close()
        if self.child.stdout is not None:
            for raw in self.child.stdout:
                done = _OUT_TIME.match(raw)
                if done and self.progress is not None:
                    self.progress(int(done[1]) / 1e6)
        code = self.child.wait()
        with self.err:
            self.err.seek(0)
            log = self.err.read().decode("utf-8", "replace")
        if code != 0:
            raise _failed(log, code)
        return log

    def stop(self) -> None:
        """Give up on the process (another part of the job failed)."""
        self.child.kill()
        self.child.wait()
        self.err.close()


def run_for_log(args: list[str], progress: Callable[[float], None] | None = None) -> str:
    """Run ffmpeg for what it reports and return that (see Running)."""
    return Running(args, progress=progress).finish()


_OUT_TIME = re.compile(rb"out_time_us=(\d+)")


def decode_pcm(source: Path | bytes, rate: int = SAMPLE_RATE) -> bytes:
    """The audio in ``source`` (a file, or encoded bytes) as 16-bit mono PCM at ``rate`` Hz."""
    stdin = source if isinstance(source, bytes) else None
    where = "pipe:0" if stdin is not None else str(source)
    return run(["-i", where, "-vn", "-f", "s16le", "-acodec", "pcm_s16le",
                "-ac", "1", "-ar", str(rate), "pipe:1"], stdin=stdin)  # fmt: skip


def decode_many(paths: Sequence[Path], rate: int = SAMPLE_RATE) -> list[bytes]:
    """Each file's audio as 16-bit mono PCM at ``rate`` Hz, all from one ffmpeg process.

    Starting ffmpeg costs more CPU than decoding a sentence-long clip, and an
    episode has hundreds of them: one process per batch keeps assembly cheap.
    """
    if not paths:
        return []
    with tempfile.TemporaryDirectory(prefix="briefing-decode-") as tmp:
        outs = [Path(tmp) / f"{k}.raw" for k in range(len(paths))]
        args: list[str] = []
        for path in paths:
            args += ["-i", str(path)]
        for k, out in enumerate(outs):
            args += ["-map", f"{k}:a:0", "-f", "s16le", "-acodec", "pcm_s16le",
                     "-ac", "1", "-ar", str(rate), str(out)]  # fmt: skip
        run(args)
        return [out.read_bytes() if out.exists() else b"" for out in outs]


def wav_bytes(pcm: bytes, rate: int) -> bytes:
    """16-bit mono ``pcm`` as a WAV file (what ``plain_wav`` reads back without ffmpeg)."""
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(pcm)
    return out.getvalue()


def plain_wav(source: Path | bytes) -> tuple[bytes, int] | None:
    """16-bit mono PCM and its rate, read straight from a plain WAV (a file, or its
    bytes); None for anything else, which ffmpeg must decode."""
    where = io.BytesIO(source) if isinstance(source, bytes) else str(source)
    try:
        with wave.open(where, "rb") as wav:
            if wav.getsampwidth() != 2 or wav.getnchannels() != 1:
                return None
            pcm = wav.readframes(wav.getnframes())
            rate = wav.getframerate()
    except (wave.Error, EOFError, OSError):
        return None
    # A WAV streamed through a pipe may carry no length in its header: let ffmpeg read it.
    return (pcm, rate) if pcm else None


def resample_each(pieces: Sequence[bytes], rate: int, to_rate: int = SAMPLE_RATE) -> list[bytes]:
    """16-bit mono PCM ``pieces`` at ``rate`` Hz, each brought to ``to_rate``, in one
    ffmpeg process: they are joined, resampled as one stream and cut where each
    piece's end falls at the new rate (to the sample, give or take one)."""
    if not pieces:
        return []
    out = run(["-f", "s16le", "-ar", str(rate), "-ac", "1", "-i", "pipe:0",
               "-f", "s16le", "-ar", str(to_rate), "-ac", "1", "pipe:1"],
              stdin=b"".join(pieces))  # fmt: skip
    total = len(out) // 2
    ends, done = [], 0
    for piece in pieces:
        done += len(piece) // 2
        ends.append(min(total, round(done * to_rate / rate)))
    ends[-1] = total
    starts = [0, *ends[:-1]]
    return [out[2 * a : 2 * b] for a, b in zip(starts, ends, strict=True)]


def level_dbfs(pcm: bytes) -> float:
    """RMS level of 16-bit PCM in dBFS (-inf for digital silence)."""
    samples = array.array("h", pcm[: len(pcm) // 2 * 2])
    if not samples:
        return -math.inf
    mean_square = sum(s * s for s in samples) / len(samples)
    return 10 * math.log10(mean_square / 32768**2) if mean_square else -math.inf


@functools.cache
def filters() -> frozenset[str]:
    """The audio filters this ffmpeg build has (system builds differ from the wheel's)."""
    listing = run(["-filters"]).decode("utf-8", "replace")
    return frozenset(re.findall(r"^\s*[.A-Z|]{2,3}\s+(\w+)\s", listing, re.MULTILINE))


def shift_voice(data: bytes, semitones: float, tempo: float, rate: int = 24_000) -> bytes:
    """``data`` (any format ffmpeg reads) with pitch moved by ``semitones`` and speed by
    ``tempo``, as 16-bit mono WAV. ``rate`` is the input's sample rate (gTTS: 24 kHz).

    Formants move with the pitch on purpose: a lower pitch then also sounds like a
    bigger speaker, which is what makes one synthetic voice pass for several.
    """
    ratio = 2 ** (semitones / 12)
    if "rubberband" in filters():
        chain = f"rubberband=pitch={ratio:.5f}:tempo={tempo:.5f}"
    else:
        # Resampling shifts pitch and speed together; atempo then restores the speed.
        chain = f"asetrate=r={rate}*{ratio:.5f},aresample={rate},atempo={tempo / ratio:.5f}"
    return run(["-i", "pipe:0", "-af", chain, "-ac", "1", "-c:a", "pcm_s16le", "-f", "wav",
                "pipe:1"], stdin=data)  # fmt: skip


def audio_segment() -> Any:
    """pydub's AudioSegment class, pointed at our ffmpeg."""
    with warnings.catch_warnings():
        # pydub warns at import when ffmpeg is not on PATH; we tell it where ours is.
        warnings.simplefilter("ignore", RuntimeWarning)
        from pydub import AudioSegment
    AudioSegment.converter = ffmpeg_path()
    return AudioSegment
