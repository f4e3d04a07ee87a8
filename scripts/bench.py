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
    The audio stage on 100, 400 and 1,600 clips of 3 s (tones, as an engine's
    clips would be): assembly time must grow linearly (1600/100 at most 20x).
    Speed as a multiple of realtime for assembly, encoding (both renditions,
    gain-corrected) and the whole audio stage, and the peak memory of a
    60-minute episode's audio stage, measured in a fresh process.

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

        from tests.fakes import batchexecute_body

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

    from briefing.ingest import read_article
    from briefing.pipeline import spoken_lines
    from briefing.script.room import compose
    from briefing.settings import load_show
    from briefing.speech import speak
    from briefing.speech.cache import ClipCache
    from briefing.speech.chunking import chunk_text
    from tests.fakes import google_like_mp3

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
    assert ours_planned == ours_requests and len(clips) == len(script.lines)
    return {
        "stories": len(articles),
        "lines": len(script.lines),
        "characters": sum(len(t) for t in spoken),
        "latency_s": LATENCY,
        "workers": show.workers,
        "rate_limit_per_s": show.gtts_rate,
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
    from briefing.models import Clip, Line
    from tests.fakes import tone_wav

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
    import subprocess

    from briefing.audio.assets import default_assets
    from briefing.audio.master import ALEXA, PODCAST, master_to_target, measure_master
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
            if count == 400:
                # Encoding and the whole stage, on a 20-minute episode.
                measure_s, loudness = _timed(lambda master=master: measure_master(master))
                encode_s = 0.0
                for rendition in (PODCAST, ALEXA):
                    path = folder / f"{rendition.name}.mp3"
                    spent, _ = _timed(lambda r=rendition, p=path, m=master, lu=loudness:
                                      master_to_target(m, r, p, lu))  # fmt: skip
                    encode_s += spent
                stage = seconds + measure_s + encode_s
                results["encode_x_realtime"] = round(master.duration / encode_s, 1)
                results["stage_x_realtime"] = round(master.duration / stage, 1)
                results["stage_s_for_20_min"] = round(stage, 1)
        sizes = results["sizes"]
        results["ratio_1600_over_100"] = round(
            sizes[1600]["assemble_s"] / sizes[100]["assemble_s"], 1
        )

        # Peak memory of the whole audio stage for a 60-minute episode, in a fresh process.
        probe = f"""
import resource, sys, tempfile
from pathlib import Path
{_PEAK}
sys.path.insert(0, {str(ROOT)!r})
sys.path.insert(0, {str(ROOT / "scripts")!r})
from bench import _tone_clips
from briefing.audio.assets import default_assets
from briefing.audio.master import ALEXA, PODCAST, master_to_target, measure_master
from briefing.audio.mix import assemble
folder = Path(tempfile.mkdtemp(dir={tmp!r}))
master = assemble(_tone_clips(folder, 1000), default_assets(), folder)  # about an hour
loudness = measure_master(master)
for r in (PODCAST, ALEXA):
    master_to_target(master, r, folder / (r.name + ".mp3"), loudness)
# ffmpeg's figure can only be an upper bound: children inherit the forking probe's.
print(master.duration, peak_kb(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                              check=True)  # fmt: skip
        duration, own_kb, child_kb = done.stdout.split()
        results["hour"] = {
            "audio_min": round(float(duration) / 60, 1),
            "peak_rss_mb": round(int(own_kb) / 1024),
            "peak_ffmpeg_rss_mb": round(int(child_kb) / 1024),
        }
    return results


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
from briefing.models import Episode
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
    sources = tuple({{"title": f"Kabar ke-{{n}}-{{k}} tentang banjir dan harga cabai",
                      "outlet": "Warta Harian", "authors": ["Dewi Lestari"],
                      "url": f"https://warta.example/{{n}}/{{k}}", "published": when.isoformat()}}
                    for k in range(3))
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


SECTIONS: dict[str, Callable[[], dict[str, Any]]] = {
    "synthesis": bench_synthesis,
    "assembly": bench_assembly,
    "feed": bench_feed,
    "reading": bench_reading,
    "normalize": bench_normalize,
    "startup": bench_startup,
    "daily": bench_daily,
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
        rows += [
            ("  growth 1600 / 100 clips", f"{a['ratio_1600_over_100']:.1f}x  (16x is linear)"),
            ("  encoding, both renditions (20 min)", f"{a['encode_x_realtime']:.0f}x realtime"),
            ("  whole audio stage (20 min)", f"{a['stage_s_for_20_min']:.1f} s  "
                                             f"({a['stage_x_realtime']:.0f}x realtime)"),
            (f"  peak memory, {a['hour']['audio_min']:.0f}-min episode",
             f"{a['hour']['peak_rss_mb']} MB  (ffmpeg <= {a['hour']['peak_ffmpeg_rss_mb']} MB)"),
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
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}".rstrip() for name, value in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(SECTIONS), action="append",
                        help="run only these sections")  # fmt: skip
    parser.add_argument("--out", type=Path, default=ROOT / "bench.json", help="JSON results")
    args = parser.parse_args()
    results = {name: SECTIONS[name]() for name in (args.only or SECTIONS)}
    results_doc = {"when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), **results}
    args.out.write_text(json.dumps(results_doc, indent=2) + "\n", encoding="utf-8")
    print(_table(results))
    print(f"\n(results in {args.out})")


if __name__ == "__main__":
    main()
