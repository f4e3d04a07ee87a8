"""Master the assembled timeline: broadcast loudness, MP3 renditions, and a quality gate.

Loudness follows ITU-R BS.1770 (EBU R128), and every rendition is encoded once:

1. **Analysis.** The timeline's integrated loudness and sample peak (ffmpeg's
   ebur128 filter), measured while assembly writes it (``Analyser``: an ffmpeg
   process on the other core reads every piece as it is written).
2. **Gain planning.** Each rendition needs the gain that brings the timeline
   to its target, under a look-ahead limiter (latency-compensated, so line
   timings stay exact) that holds samples under its true-peak ceiling. Where
   the gain would push peaks into the limiter, the limiter takes some
   loudness away, so the limited signal itself is measured (PCM, before any
   encoding; all renditions in one ffmpeg process) and the gain corrected
   with a model of the limiter's loss fitted to that measurement
   (``_model_gain``): one measurement usually does, a correction over
   TRUSTED_STEP is measured again. When the peaks stay under the ceiling the
   limiter is idle and the gain is exact without a measurement. The MP3
   encoder itself takes some level away at lower bitrates (LAME at 96 kbps:
   about 0.4 LU, broadband; none at 256): that offset is measured on a
   30-second excerpt encoded at each bitrate, on the other core meanwhile,
   and added to each target.
3. **Encoding and measuring.** One ffmpeg process reads the timeline once,
   splits it (asplit) and encodes every rendition with its planned chain; the
   tee muxer also streams each MP3 through a pipe to a measuring ffmpeg
   (loudness, true peak at 4x oversampling, silences), so the files are
   measured as listeners get them while they are written.

The limiter holds samples, not the peaks between them: a rendition whose true
peak still comes out over its ceiling (heavy limiting) is limited lower and
made once more, rather than refused.

ffmpeg's loudnorm is not used: it falls back to a dynamic mode whose result
depends on its offset guess whenever the peaks are high, as they are for
synthetic voices and bell jingles, and it resamples to 192 kHz. Everything
streams from the raw file on disk, so an hour-long episode never sits in memory.

Renditions: the podcast (-16 LUFS, true peak <= -1 dBTP, 96 kbps CBR mono) and
the Alexa Flash Briefing one (-14 LUFS, true peak <= -2 dBTP, 256 kbps).

The gate refuses an encoded file that is far shorter than its script, holds a
silence over 3 s, clips, or misses its loudness or its true peak.
"""

from __future__ import annotations

import logging
import math
import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from briefing.errors import AudioError
from briefing.ffmpeg import SAMPLE_RATE, Running, run_for_log
from briefing.models import Master, Progress, no_progress

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rendition:
    name: str
    loudness: float  # integrated LUFS target
    true_peak: float  # dBTP ceiling
    bitrate: int  # kbps, CBR
    # dB the limiter holds samples under the true-peak ceiling: the margin covers
    # the peaks between samples and the MP3 encoder's overshoot.
    limiter_margin: float = 1.0


PODCAST = Rendition("podcast", -16.0, -1.0, 96)
# Two LU louder under a ceiling a dB lower: limited about 3 dB harder than the
# podcast, and harder limiting leaves bigger peaks between the samples.
ALEXA = Rendition("alexa", -14.0, -2.0, 256, limiter_margin=1.5)
LOUDNESS_TOLERANCE = 1.0  # LU either side of the target: the gate's limit
TARGET_PRECISION = 0.2  # LU: plan the gain closer than this (ebur128 reports 0.1 LU steps)
PLANNING_ROUNDS = 3  # limited-signal measurements at most
TRUSTED_STEP = 2.0  # dB: a model-corrected gain this close to a measured one is not re-measured
CALIBRATION_SECONDS = 30.0  # the excerpt the encoder's level offset is measured on
PEAK_SPARE = 0.3  # dB more, when a rendition is limited again for its true peak
PEAK_PASSES = 2  # encodes at most after the first, to bring a true peak under its ceiling
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


@dataclass(frozen=True)
class Analysis:
    """The raw timeline, measured once."""

    integrated: float  # LUFS
    sample_peak: float  # dBFS


@dataclass(frozen=True)
class Job:
    """One rendition to make: where, at what bitrate, with what gain."""

    rendition: Rendition
    path: Path
    bitrate: int
    gain: float = 0.0  # dB, set by plan_gains
    margin: float | None = None  # dB the limiter holds samples under the ceiling, if not
    # the rendition's own (a rendition limited again for its true peak gets more)
    encoder_offset: float | None = None  # LU the encoder takes away, set by plan_gains


def _raw_input(master: Master) -> list[str]:
    return ["-f", "s16le", "-ar", str(master.rate), "-ac", "1", "-i", str(master.path)]


# In the summary ebur128 logs at the end of a run.
_INTEGRATED = re.compile(r"I:\s+(-?[\d.]+|-inf) LUFS")
_PEAK = re.compile(r"Peak:\s+(-?[\d.]+|-inf) dBFS")
_LRA = re.compile(r"LRA:\s+(-?[\d.]+) LU")
_SUMMARY = re.compile(r"\[Parsed_ebur128_(\d+) @ [^\]]*\] Summary:")


def _summary(text: str) -> str:
    return text[text.rfind("Summary:") :]


def _summaries(text: str) -> list[str]:
    """Every ebur128 instance's summary, in the order the filters appear in the graph
    (ffmpeg prints them as it tears the graph down, in no fixed order)."""
    marks = list(_SUMMARY.finditer(text))
    ends = [m.start() for m in marks[1:]] + [len(text)]
    # ffmpeg 5.1 builds the graph twice and prints the first build's empty summaries
    # too (-70 LUFS, no audio seen): an instance's last summary is the one that ran.
    last = {int(m[1]): text[m.end() : end] for m, end in zip(marks, ends, strict=True)}
    return [last[number] for number in sorted(last)]


def _number(pattern: re.Pattern[str], text: str) -> float | None:
    found = pattern.search(text)
    return float(found[1]) if found else None  # float() reads "-inf" too


def _share(progress: Progress, step: int, steps: int, duration: float) -> Callable[[float], None]:
    """A pass's seconds done, as the ``step``-th of ``steps`` equal parts of one bar
    counted in percent (the passes differ, the bar is one)."""

    def report(seconds: float) -> None:
        part = min(1.0, seconds / duration) if duration > 0 else 1.0
        progress(int(100 * (step + part) / steps), 100)

    return report


_ANALYSIS_FILTER = "ebur128=peak=sample:framelog=verbose"


def _analysis(output: str) -> Analysis:
    summary = _summary(output)
    integrated, peak = _number(_INTEGRATED, summary), _number(_PEAK, summary)
    if integrated is None or peak is None:
        raise AudioError("loudness measurement failed: ebur128 printed no summary")
    if integrated < -70:
        raise AudioError("the episode is silent: there is no loudness to measure")
    return Analysis(integrated, peak)


def analyse(master: Master, report: Callable[[float], None] | None = None) -> Analysis:
    """The first pass, over the timeline on disk: integrated loudness and sample peak."""
    args = [*_raw_input(master), "-af", _ANALYSIS_FILTER, "-f", "null", "-"]
    return _analysis(run_for_log(args, report))


class Analyser:
    """The first pass run while the timeline is being written: assembly hands every
    piece of PCM to ``feed`` and an ffmpeg process on the other core measures it,
    so the analysis is done when the timeline is.

    Use as a context manager: leaving it on an error stops the process."""

    def __init__(self, rate: int = SAMPLE_RATE) -> None:
        args = ["-f", "s16le", "-ar", str(rate), "-ac", "1", "-i", "pipe:0",
                "-af", _ANALYSIS_FILTER, "-f", "null", "-"]  # fmt: skip
        self.running = Running(args, feed=True)
        self.finished = False

    def feed(self, pcm: bytes) -> None:
        self.running.write(pcm)

    def result(self) -> Analysis:
        self.finished = True
        return _analysis(self.running.finish())

    def __enter__(self) -> Analyser:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.finished:
            self.running.stop()


def _margin(job: Job) -> float:
    return job.rendition.limiter_margin if job.margin is None else job.margin


def _ceiling_db(job: Job) -> float:
    return job.rendition.true_peak - _margin(job)


def _chain(master: Master, job: Job, gain: float) -> str:
    """The rendition's processing: gain, peak limiter, fades. The same chain is
    measured when planning and run when encoding, so the plan holds."""
    ceiling = 10 ** (_ceiling_db(job) / 20)
    return ",".join([
        f"volume={gain:.2f}dB",
        f"alimiter=limit={ceiling:.4f}:attack=5:release=80:level=0:latency=1",
        f"afade=t=in:d={FADE_IN}",
        f"afade=t=out:st={max(0.0, master.duration - FADE_OUT):.3f}:d={FADE_OUT}",
    ])  # fmt: skip


def _split(
    master: Master, chains: Sequence[str], tail: str, excerpt: Sequence[str] = ()
) -> list[str]:
    """A filter graph that reads the timeline (or an ``excerpt`` of it: input options)
    once and runs each chain on its own copy, ending in ``tail``, labelled [o0], [o1], ..."""
    branches = [f"[s{k}]{chain}{tail}[o{k}]" for k, chain in enumerate(chains)]
    split = "".join(f"[s{k}]" for k in range(len(chains)))
    return [*excerpt, *_raw_input(master), "-filter_complex",
            ";".join([f"asplit={len(chains)}{split}", *branches])]  # fmt: skip


def _mp3_output(label: str, bitrate: int, target: str, tee: bool = False) -> list[str]:
    """Output options for one MP3 rendition; ``tee``: ``target`` is a tee muxer's
    list of destinations, each with its own muxer options."""
    codec = ["-map", label, "-ar", "44100", "-ac", "1", "-c:a", "libmp3lame", "-b:a", f"{bitrate}k"]
    if tee:
        return [*codec, "-f", "tee", "-y", target]
    return [*codec, "-id3v2_version", "0", "-write_xing", "1", "-y", target]


def _null_outputs(count: int) -> list[str]:
    """Outputs that only run the graph's labelled branches [o0].. for what they log."""
    return [arg for k in range(count) for arg in ("-map", f"[o{k}]", "-f", "null", "-")]


def _integrated_each(output: str, count: int) -> list[float]:
    found = [_number(_INTEGRATED, text) for text in _summaries(output)]
    if len(found) != count or any(value is None for value in found):
        raise AudioError("loudness measurement failed: ebur128 printed no summary")
    return [value for value in found if value is not None]


def encoder_offsets(master: Master, bitrates: Sequence[int], folder: Path) -> dict[int, float]:
    """How much the MP3 encoder changes integrated loudness at each of ``bitrates``
    (LU, usually negative), measured on an excerpt from the middle of the episode."""
    wanted = sorted(set(bitrates))
    start = max(0.0, master.duration / 2 - CALIBRATION_SECONDS / 2)
    excerpt = ["-ss", f"{start:.3f}", "-t", f"{CALIBRATION_SECONDS:g}"]
    files = [folder / f"calibration-{bitrate}.mp3" for bitrate in wanted]
    # One copy is measured as it is; the others are encoded, then measured.
    args = _split(master, ["ebur128=framelog=verbose", *["anull"] * len(wanted)], "", excerpt)
    args += _null_outputs(1)
    for k, (bitrate, path) in enumerate(zip(wanted, files, strict=True), start=1):
        args += _mp3_output(f"[o{k}]", bitrate, str(path))
    (pcm,) = _integrated_each(run_for_log(args), 1)
    inputs = [arg for path in files for arg in ("-i", str(path))]
    graph = ";".join(f"[{k}:a]ebur128=framelog=verbose[o{k}]" for k in range(len(files)))
    encoded = _integrated_each(
        run_for_log([*inputs, "-filter_complex", graph, *_null_outputs(len(files))]), len(files)
    )
    for path in files:
        path.unlink(missing_ok=True)
    return {bitrate: level - pcm for bitrate, level in zip(wanted, encoded, strict=True)}


def _limited_loudness(
    master: Master,
    jobs: Sequence[Job],
    gains: Sequence[float],
    report: Callable[[float], None] | None,
) -> list[float]:
    """The integrated loudness of each job's limited signal at ``gains``, in one pass."""
    chains = [_chain(master, job, gain) for job, gain in zip(jobs, gains, strict=True)]
    args = _split(master, chains, ",ebur128=framelog=verbose") + _null_outputs(len(jobs))
    return _integrated_each(run_for_log(args, report), len(jobs))


def _model_gain(
    aim: float, analysis: Analysis, ceiling: float, heard: tuple[float, float]
) -> float:
    """The gain that should bring the limited signal to ``aim``, from one measured
    (gain, loudness) pair. Below g0, where the loudest sample meets the ceiling, the
    limiter is idle; above it the loudness it takes away grows about as the square
    of the overshoot (it limits more peaks, and each one harder), which fits the
    measured loss to within a tenth of a LU over several dB."""
    g0 = ceiling - analysis.sample_peak
    gain, loudness = heard
    loss = analysis.integrated + gain - loudness
    if gain <= g0 or loss <= 0:
        return gain + aim - loudness
    k = loss / (gain - g0) ** 2
    needed = aim - analysis.integrated - g0  # solve u - k u^2 = needed, u = g - g0
    discriminant = 1 - 4 * k * needed
    if discriminant <= 0:  # louder than the limiter allows: its loudest point
        return g0 + 1 / (2 * k)
    return g0 + (1 - math.sqrt(discriminant)) / (2 * k)


def plan_gains(
    master: Master,
    jobs: Sequence[Job],
    analysis: Analysis,
    report: Callable[[int, int], Callable[[float], None]] | None = None,
) -> list[Job]:
    """``jobs`` with the gain that lands each rendition on its loudness target once
    limited and encoded at its bitrate (the module's step 2). The encoder's offsets
    are measured on the other core while the first round measures the limiter."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        # Jobs planned before (limited again for their peaks) know their offset.
        known = {job.bitrate: job.encoder_offset for job in jobs if job.encoder_offset is not None}
        missing = [job.bitrate for job in jobs if job.bitrate not in known]
        calibrating = (
            pool.submit(encoder_offsets, master, missing, jobs[0].path.parent) if missing else None
        )
        # Round one aims at the bare targets: the offsets (a fraction of a LU) are
        # still being measured, and the model moves the gain by them afterwards.
        gains = {job.rendition.name: job.rendition.loudness - analysis.integrated for job in jobs}
        heard: dict[str, tuple[float, float]] = {}
        # Peaks that stay under the ceiling (with a dB to spare for the offset)
        # leave the limiter idle: those gains are exact without a measurement.
        pending = [
            job
            for job in jobs
            if analysis.sample_peak + gains[job.rendition.name] + 1 > _ceiling_db(job)
        ]
        if pending:
            levels = _limited_loudness(master, pending, [gains[j.rendition.name] for j in pending],
                                       report(0, PLANNING_ROUNDS) if report else None)  # fmt: skip
            heard = {j.rendition.name: (gains[j.rendition.name], level)
                     for j, level in zip(pending, levels, strict=True)}  # fmt: skip
        offsets = {**known, **(calibrating.result() if calibrating else {})}
    aims = {job.rendition.name: job.rendition.loudness - offsets.get(job.bitrate, 0.0)
            for job in jobs}  # fmt: skip
    # Unmeasured renditions meet no limiter: their gain is exact.
    gains = {name: aim - analysis.integrated for name, aim in aims.items() if name not in heard}
    by_name = {job.rendition.name: job for job in jobs}
    for round_ in range(1, PLANNING_ROUNDS + 1):
        again = []
        for name, (gain, loudness) in heard.items():
            job = by_name[name]
            if abs(loudness - aims[name]) <= TARGET_PRECISION:
                gains[name] = gain
                continue
            gains[name] = _model_gain(aims[name], analysis, _ceiling_db(job), (gain, loudness))
            # A short step stays where the model was fitted: trust it. A long one
            # is measured again, while rounds are left.
            if abs(gains[name] - gain) > TRUSTED_STEP and round_ < PLANNING_ROUNDS:
                again.append(job)
        if not again:
            break
        levels = _limited_loudness(master, again, [gains[j.rendition.name] for j in again],
                                   report(round_, PLANNING_ROUNDS) if report else None)  # fmt: skip
        heard = {j.rendition.name: (gains[j.rendition.name], level)
                 for j, level in zip(again, levels, strict=True)}  # fmt: skip
    return [replace(job, gain=gains[name], encoder_offset=offsets.get(job.bitrate, 0.0))
            for job in jobs if (name := job.rendition.name)]  # fmt: skip


def _measuring(source: list[str]) -> list[str]:
    """ffmpeg arguments that measure ``source`` (input options) as the gate reads it:
    loudness, true peak at 4x oversampling, silences."""
    measure = (f"ebur128=peak=true:framelog=verbose,"
               f"silencedetect=n={SILENCE_FLOOR_DB}dB:d={LONGEST_SILENCE}")  # fmt: skip
    return [*source, "-af", measure, "-f", "null", "-"]


def encode(
    master: Master, jobs: Sequence[Job], report: Callable[[float], None] | None = None
) -> dict[str, Measurement]:
    """Every job's rendition from one read of the timeline (CBR mono 44.1 kHz MP3s),
    each measured as it is encoded: the encoder also streams the file through a
    pipe to a measuring ffmpeg on the other core, so measuring costs no extra wall
    time. Returns each rendition's measurement."""
    chains = [_chain(master, job, job.gain) for job in jobs]
    args = _split(master, chains, "")
    # pipe:N needs inheritable descriptors, and the tee muxer's list syntax plain paths:
    # elsewhere, measure the files afterwards.
    if os.name != "posix" or any(set(str(job.path)) & set("|[]:=\\'") for job in jobs):
        for k, job in enumerate(jobs):
            args += _mp3_output(f"[o{k}]", job.bitrate, str(job.path))
        Running(args, progress=report).finish()
        _check_written(jobs)
        return {job.rendition.name: measure_file(job.path) for job in jobs}
    measurers: list[Running] = []
    taps: list[int] = []  # the pipes' write ends, until the encoder has them
    try:
        for k, job in enumerate(jobs):
            read, write = os.pipe()
            taps.append(write)
            try:
                measurers.append(Running(_measuring(["-f", "mp3", "-i", "pipe:0"]), stdin=read))
            finally:
                os.close(read)
            # The file keeps its Xing header (written by seeking back at the end);
            # the pipe can't seek, so its copy goes without.
            both = (f"[f=mp3:id3v2_version=0:write_xing=1]{job.path}|"
                    f"[f=mp3:id3v2_version=0:write_xing=0]pipe:{write}")  # fmt: skip
            args += _mp3_output(f"[o{k}]", job.bitrate, both, tee=True)
        encoder = Running(args, progress=report, pass_fds=taps)
        # Only the encoder may hold the write ends, or the measurers never see the end.
        while taps:
            os.close(taps.pop())
        encoder.finish()
        _check_written(jobs)
        return {job.rendition.name: _measurement(measurer.finish(), job.path.name)
                for job, measurer in zip(jobs, measurers, strict=True)}  # fmt: skip
    except BaseException:
        for measurer in measurers:
            measurer.stop()
        raise
    finally:
        for fd in taps:
            os.close(fd)


def _check_written(jobs: Sequence[Job]) -> None:
    for job in jobs:
        if not job.path.is_file() or job.path.stat().st_size == 0:
            raise AudioError(f"MP3 encoding produced no {job.rendition.name} file")


def master_renditions(
    master: Master,
    jobs: Sequence[Job],
    progress: Progress = no_progress,
    analysis: Analysis | None = None,
) -> dict[str, Measurement]:
    """Analyse (unless ``analysis`` came from an Analyser during assembly), plan,
    encode and measure every job's rendition, reporting on one bar; returns each
    rendition's measurement."""
    steps = 2 + PLANNING_ROUNDS  # analysis, the planning rounds, encoding with measuring
    duration = master.duration
    if analysis is None:
        analysis = analyse(master, _share(progress, 0, steps, duration))
    progress(100 // steps, 100)
    planned = plan_gains(master, jobs, analysis,
                         lambda r, _: _share(progress, 1 + r, steps, duration))  # fmt: skip
    measured = encode(master, planned, _share(progress, 1 + PLANNING_ROUNDS, steps, duration))
    # The limiter holds samples, not the peaks between them: heavy limiting can leave
    # inter-sample peaks over the ceiling. Such a rendition is made again with the
    # limiter lowered by the overshoot, its gain planned again so its loudness still
    # lands: an extra pass instead of a rendition the gate refuses. The louder gain
    # that keeps the loudness limits harder, so one pass may not be enough.
    for _ in range(PEAK_PASSES):
        again = [
            replace(job, margin=_margin(job) + over + PEAK_SPARE)
            for job in planned
            if (over := measured[job.rendition.name].true_peak - job.rendition.true_peak) > 0
        ]
        if not again:
            break
        log.info("true peak over the ceiling in %s: limiting again",
                 ", ".join(job.rendition.name for job in again))  # fmt: skip
        replanned = {job.rendition.name: job for job in plan_gains(master, again, analysis)}
        measured.update(encode(master, list(replanned.values())))
        planned = [replanned.get(job.rendition.name, job) for job in planned]
    progress(100, 100)
    return measured


def measure_file(path: Path) -> Measurement:
    """EBU R128 loudness, true peak and silences of an encoded file, as a listener gets it."""
    log = run_for_log(_measuring(["-i", str(path)]))
    return _measurement(log, path.name)


def _measurement(output: str, name: str) -> Measurement:
    summary = _summary(output)
    integrated, peak = _number(_INTEGRATED, summary), _number(_PEAK, summary)
    lra = _number(_LRA, summary)
    duration = re.findall(r"time=(\d+):(\d+):([\d.]+)", output)
    if integrated is None or lra is None or peak is None:
        raise AudioError(f"could not measure the loudness of {name}")
    silences = [
        (float(start), float(length))
        for start, length in re.findall(
            r"silence_start: (-?[\d.]+)[\s\S]*?silence_duration: ([\d.]+)", output
        )
    ]
    longest = max(silences, key=lambda s: s[1], default=(None, 0.0))
    seconds = 0.0
    if duration:
        h, mnt, sec = duration[-1]
        seconds = int(h) * 3600 + int(mnt) * 60 + float(sec)
    return Measurement(
        integrated=integrated,
        true_peak=peak,
        lra=lra,
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
