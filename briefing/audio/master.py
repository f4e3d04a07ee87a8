"""Master the assembled timeline: broadcast loudness, MP3 renditions, and a quality gate.

Loudness follows ITU-R BS.1770 (EBU R128) in two passes: the first measures the
whole episode's integrated loudness with ffmpeg's ebur128 filter, the second
applies exactly the gain each target needs and holds the peaks down with a
look-ahead limiter (latency-compensated, so line timings stay exact). This is
the "measure, then gain and limit" approach: ffmpeg's loudnorm falls back to a
dynamic mode whose result depends on its offset guess whenever the peaks are
high, as they are for synthetic voices and bell jingles, and it resamples to
192 kHz. Everything streams from the raw file on disk, so an hour-long episode
never sits in memory.

Renditions: the podcast (-16 LUFS, true peak <= -1 dBTP, 96 kbps CBR mono) and
the Alexa Flash Briefing one (-14 LUFS, true peak <= -2 dBTP, 256 kbps).

The gate measures what was actually encoded and refuses an episode that is far
shorter than its script, holds a silence over 3 s, clips, or misses its loudness.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import AudioError
from briefing.ffmpeg import run, run_for_log
from briefing.models import Master


@dataclass(frozen=True)
class Rendition:
    name: str
    loudness: float  # integrated LUFS target
    true_peak: float  # dBTP ceiling
    bitrate: int  # kbps, CBR


PODCAST = Rendition("podcast", -16.0, -1.0, 96)
ALEXA = Rendition("alexa", -14.0, -2.0, 256)
LOUDNESS_TOLERANCE = 1.0  # LU either side of the target: the gate's limit
TARGET_PRECISION = 0.3  # LU: re-encode when further off than this
LONGEST_SILENCE = 3.0  # seconds
SILENCE_FLOOR_DB = -50
FADE_IN, FADE_OUT = 0.05, 1.5  # seconds


@dataclass(frozen=True)
class Measurement:
    integrated: float  # LUFS
    true_peak: float  # dBTP
    lra: float  # LU
    duration: float  # seconds
    longest_silence: float  # seconds
    silence_at: float | None


def _raw_input(master: Master) -> list[str]:
    return ["-f", "s16le", "-ar", str(master.rate), "-ac", "1", "-i", str(master.path)]


# In the summary ebur128 logs at the end of a run.
_INTEGRATED = re.compile(r"I:\s+(-?[\d.]+|-inf) LUFS")


def _summary(log: str) -> str:
    return log[log.rfind("Summary:") :]


def measure_master(master: Master) -> float:
    """The first pass: the whole timeline's integrated loudness, in LUFS."""
    log = run_for_log([*_raw_input(master), "-af", "ebur128", "-f", "null", "-"])
    found = _INTEGRATED.search(_summary(log))
    if not found:
        raise AudioError("loudness measurement failed: ebur128 printed no summary")
    if found[1] == "-inf" or float(found[1]) < -70:
        raise AudioError("the episode is silent: there is no loudness to measure")
    return float(found[1])


def encode(
    master: Master,
    rendition: Rendition,
    path: Path,
    loudness: float,
    bitrate: int | None = None,
) -> Path:
    """Bring the timeline from its measured ``loudness`` to the rendition's target, limit
    its peaks, fade its ends, and encode it as CBR mono 44.1 kHz MP3."""
    gain = rendition.loudness - loudness
    # The limiter works on samples; a dB of headroom under the true-peak ceiling
    # covers inter-sample peaks and the MP3 encoder's overshoot.
    ceiling = 10 ** ((rendition.true_peak - 1.0) / 20)
    chain = ",".join([
        f"volume={gain:.2f}dB",
        f"alimiter=limit={ceiling:.4f}:attack=5:release=80:level=0:latency=1",
        f"afade=t=in:d={FADE_IN}",
        f"afade=t=out:st={max(0.0, master.duration - FADE_OUT):.3f}:d={FADE_OUT}",
    ])  # fmt: skip
    run([
        *_raw_input(master), "-af", chain, "-ar", "44100", "-ac", "1",
        "-c:a", "libmp3lame", "-b:a", f"{bitrate or rendition.bitrate}k",
        "-id3v2_version", "0", "-write_xing", "1", "-y", str(path),
    ])  # fmt: skip
    if not path.is_file() or path.stat().st_size == 0:
        raise AudioError(f"MP3 encoding produced no {rendition.name} file")
    return path


def master_to_target(
    master: Master, rendition: Rendition, path: Path, loudness: float, bitrate: int | None = None
) -> Measurement:
    """Encode ``rendition`` and measure it; when the limiter cost some loudness (peaky
    audio at a loud target), correct the gain and encode again, at most twice."""
    gain_from = loudness
    for _ in range(3):
        encode(master, rendition, path, gain_from, bitrate)
        measured = measure_file(path)
        error = measured.integrated - rendition.loudness
        if abs(error) <= TARGET_PRECISION:
            break
        gain_from += error
    return measured


def measure_file(path: Path) -> Measurement:
    """EBU R128 loudness, true peak and silences of an encoded file, as a listener gets it."""
    log = run_for_log([
        "-i", str(path), "-af",
        f"ebur128=peak=true,silencedetect=n={SILENCE_FLOOR_DB}dB:d={LONGEST_SILENCE}",
        "-f", "null", "-",
    ])  # fmt: skip
    summary = _summary(log)
    integrated = _INTEGRATED.search(summary)
    lra = re.search(r"LRA:\s+(-?[\d.]+) LU", summary)
    peak = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    duration = re.findall(r"time=(\d+):(\d+):([\d.]+)", log)
    if not (integrated and lra and peak):
        raise AudioError(f"could not measure the loudness of {path.name}")
    silences = [
        (float(start), float(length))
        for start, length in re.findall(
            r"silence_start: (-?[\d.]+)[\s\S]*?silence_duration: ([\d.]+)", log
        )
    ]
    longest = max(silences, key=lambda s: s[1], default=(None, 0.0))
    seconds = 0.0
    if duration:
        h, mnt, sec = duration[-1]
        seconds = int(h) * 3600 + int(mnt) * 60 + float(sec)
    return Measurement(
        integrated=float(integrated[1]),
        true_peak=float(peak[1]),
        lra=float(lra[1]),
        duration=seconds,
        longest_silence=longest[1],
        silence_at=longest[0],
    )


def check_quality(
    m: Measurement, rendition: Rendition, master: Master, predicted_seconds: float
) -> None:
    """Refuse an encoded episode (measured as ``m``) that listeners should not get."""
    problems = []
    if master.duration < 0.5 * predicted_seconds:
        problems.append(
            f"it lasts {master.duration:.0f} s but its script predicts about "
            f"{predicted_seconds:.0f} s"
        )
    if m.longest_silence > LONGEST_SILENCE:
        problems.append(f"{m.longest_silence:.1f} s of silence at {m.silence_at or 0:.1f} s")
    if master.clipped_runs > max(3, master.samples // 100_000):
        problems.append(f"it clips ({master.clipped_runs} flat-topped runs)")
    if m.true_peak > rendition.true_peak:
        problems.append(f"true peak {m.true_peak:.1f} dBTP is over {rendition.true_peak:g}")
    if abs(m.integrated - rendition.loudness) > LOUDNESS_TOLERANCE:
        problems.append(
            f"loudness {m.integrated:.1f} LUFS misses {rendition.loudness:g} "
            f"+-{LOUDNESS_TOLERANCE:g}"
        )
    if problems:
        raise AudioError(f"quality gate refused the {rendition.name} rendition: "
                         + "; ".join(problems))  # fmt: skip
