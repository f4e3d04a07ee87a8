"""The stages wired together: ingest -> script -> speech -> audio -> publish.

The CLI builds the settings and calls one function here; each stage is a plain
function from one model to the next, and none of them knows about the others.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_cache_dir

from briefing.audio.assets import default_assets
from briefing.audio.master import (
    ALEXA,
    PODCAST,
    Rendition,
    check_quality,
    master_to_target,
    measure_master,
)
from briefing.audio.mix import assemble
from briefing.audio.tags import write_tags
from briefing.audio.transcript import chapters_json, srt, transcript_json, webvtt
from briefing.errors import SettingsError
from briefing.ingest import read_article
from briefing.models import Episode, Script
from briefing.publish import Draft, check_writable, publish_episode
from briefing.publish.cover import load_cover
from briefing.script.normalize import Lexicon, spoken_form
from briefing.script.room import CHARS_PER_SECOND, compose
from briefing.script.scriptfile import read_script
from briefing.settings import RunOptions, Show
from briefing.speech import engine_chain, engine_runs, engines_used, speak, validate
from briefing.speech.cache import ClipCache
from briefing.speech.engine import Speech, create_engine

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MakeResult:
    episode: Episode
    mp3: Path
    feed: Path
    script: Script


def default_cache_dir() -> Path:
    return Path(user_cache_dir("briefing")) / "clips"


def air_time(show: Show, day: dt.date | None, now: dt.datetime | None = None) -> dt.datetime:
    """When the episode goes out: now, or the show's publish time on a pinned day."""
    current = (now or dt.datetime.now(dt.UTC)).astimezone(show.zone).replace(microsecond=0)
    if day is None:
        return current
    earliest, latest = dt.date(2000, 1, 1), current.date() + dt.timedelta(days=366)
    if not earliest <= day <= latest:
        raise SettingsError(f"--date {day} is out of range ({earliest} to {latest})")
    return dt.datetime.combine(day, show.publish_time, tzinfo=show.zone)


def write_script(paths: Sequence[Path], show: Show, options: RunOptions) -> Script:
    """The room script for the article files at ``paths`` (ingest and script stages)."""
    articles = [read_article(path) for path in paths]
    script = compose(articles, show, air_time(show, options.date), options.length)
    log.info("script: %d lines in %d chapters", len(script.lines), len(script.chapters))
    return script


def make(paths: Sequence[Path], show: Show, options: RunOptions) -> MakeResult:
    """One episode from the article files at ``paths``, published into ``options.out_dir``."""
    return produce(write_script(paths, show, options), show, options)


def render(path: Path, show: Show, options: RunOptions) -> MakeResult:
    """Speak and publish a (hand-edited) script file."""
    return produce(read_script(path), show, options)


def spoken_lines(script: Script, show: Show) -> list[str]:
    """What the engines read for each line.

    Made per line just before speech, so scripts keep the written words and a
    lexicon change applies to scripts written earlier too.
    """
    lexicon = Lexicon(show.lexicon)
    return [spoken_form(line.text, lexicon) for line in script.lines]


def produce(script: Script, show: Show, options: RunOptions) -> MakeResult:
    """Speech, audio and publishing for a finished script."""
    # Check the cover and destination before the slow stages run.
    cover = load_cover(show)
    check_writable(options.out_dir)
    spoken = spoken_lines(script, show)
    cache = ClipCache(options.cache_dir or default_cache_dir())
    chain = engine_chain(options.engine, show)
    clips = speak(script.lines, spoken, show, cache, chain, strict=options.strict)
    # Expected length from the words alone: the gate refuses audio far shorter than this.
    predicted = sum(len(text) for text in spoken) / CHARS_PER_SECOND
    with tempfile.TemporaryDirectory(prefix="briefing-") as tmp:
        work = Path(tmp)
        master = assemble(clips, default_assets(), work)
        loudness = measure_master(master)

        def rendition_file(rendition: Rendition, bitrate: int | None) -> Path:
            mp3 = work / f"{rendition.name}.mp3"
            measurement = master_to_target(master, rendition, mp3, loudness, bitrate)
            check_quality(measurement, rendition, master, predicted)
            write_tags(mp3, script, show, cover.data, cover.mime, master.chapters)
            return mp3

        # The two encodes are separate ffmpeg processes: run them on both cores.
        with ThreadPoolExecutor(max_workers=2) as pool:
            podcast = pool.submit(rendition_file, PODCAST, show.bitrate)
            alexa = pool.submit(rendition_file, ALEXA, None)
            files: dict[str, Path] = {"podcast": podcast.result(), "alexa": alexa.result()}
        sidecars = {
            "vtt": webvtt(master.timings, script.speakers),
            "srt": srt(master.timings, script.speakers),
            "transcript": transcript_json(master.timings, script.speakers),
            "chapters": chapters_json(master.chapters),
        }
        for kind, text in sidecars.items():
            files[kind] = work / f"episode.{kind}"
            files[kind].write_text(text, encoding="utf-8")
        draft = Draft(
            id=f"{script.date.isoformat()}-{script.slug}",
            title=script.title,
            description=script.description,
            date=script.date,
            published=script.published,
            duration=master.duration,
            engines=engines_used(clips),
            sources=tuple(s.to_json() for s in script.sources),
            engine_runs=engine_runs(clips),
            speakers={
                role: name
                for role, name in script.speakers.items()
                if any(line.role == role for line in script.lines)
            },
        )
        published = publish_episode(options.out_dir, show, draft, files, cover)
    return MakeResult(published.episode, published.mp3, published.feed, script)


def preview_voice(role: str, text: str, show: Show, engine_name: str) -> Speech:
    """``text`` said by ``role``'s voice on ``engine_name``, checked like any clip."""
    if role not in show.roles:
        raise SettingsError(f"unknown role {role!r} (roles: {', '.join(show.roles)})")
    engine = create_engine(engine_name, show)
    spoken = spoken_form(text, Lexicon(show.lexicon))
    speech = engine.synthesize(spoken, dict(show.role(role).voice.get(engine.name, {})))
    validate(speech, engine.name, spoken)
    return speech
