"""The stages wired together: ingest -> script -> speech -> audio -> publish.

The CLI builds the settings and calls one function here; each stage is a plain
function from one model to the next, and none of them knows about the others.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout
from platformdirs import user_cache_dir

from briefing.audio.assets import default_assets
from briefing.audio.master import (
    ALEXA,
    PODCAST,
    Analyser,
    Job,
    check_quality,
    master_renditions,
)
from briefing.audio.mix import assemble
from briefing.audio.tags import write_tags
from briefing.audio.transcript import chapters_json, srt, transcript_json, webvtt
from briefing.boundary import MAX_SLUG
from briefing.errors import AudioError, PublishError, ScriptError, SettingsError, SynthesisError
from briefing.files import write_bytes
from briefing.ingest import read_article
from briefing.models import Episode, Progress, Script, no_progress
from briefing.publish import check_writable, publish_episode
from briefing.publish.catalog import load_catalog
from briefing.publish.cover import Cover, load_cover
from briefing.publish.flash import LONGEST as ALEXA_LONGEST
from briefing.script.normalize import spoken_former
from briefing.script.room import compose
from briefing.script.scriptfile import format_script, read_script
from briefing.settings import Identity, RunOptions, Show
from briefing.speech import (
    engine_chain,
    expected_seconds,
    planning_rate,
    speak,
    validate,
)
from briefing.speech.cache import ClipCache
from briefing.speech.engine import create_engine

log = logging.getLogger(__name__)

STATE = ".briefing"  # the show's private state beside the published files (not served)

# A Progress for each named stage ("fetching", "synthesis", "assembly", "encoding").
Stages = Callable[[str], Progress]


def no_stages(stage: str) -> Progress:
    return no_progress


@dataclass(frozen=True)
class MakeResult:
    episode: Episode
    mp3: Path
    feed: Path
    script: Script


def default_cache_dir() -> Path:
    return Path(user_cache_dir("briefing")) / "clips"


def clip_cache(folder: Path | None = None) -> ClipCache:
    """The clip cache in ``folder``, or in the user's cache folder."""
    return ClipCache(folder or default_cache_dir())


def air_time(
    identity: Identity,
    day: dt.date | None,
    now: dt.datetime | None = None,
    at: dt.time | None = None,
) -> dt.datetime:
    """When the episode goes out: now, or on a pinned day at ``at`` (by default the
    show's publish time)."""
    current = (now or dt.datetime.now(dt.UTC)).astimezone(identity.zone).replace(microsecond=0)
    if day is None:
        return current
    earliest, latest = dt.date(2000, 1, 1), current.date() + dt.timedelta(days=366)
    if not earliest <= day <= latest:
        raise SettingsError(f"--date {day} is out of range ({earliest} to {latest})")
    return dt.datetime.combine(day, at or identity.publish_time, tzinfo=identity.zone)


def write_script(paths: Sequence[Path], show: Show, options: RunOptions) -> Script:
    """The room script for the article files at ``paths`` (ingest and script stages)."""
    articles = [read_article(path) for path in paths]
    rate = planning_rate(engine_chain(options.engine, show.speech), show)
    script = compose(
        articles, show, air_time(show.identity, options.date), options.length, rate=rate
    )
    log.info("script: %d lines in %d chapters", len(script.lines), len(script.chapters))
    return script


def save_script(script: Script, path: Path) -> None:
    """Write ``script`` as a script file to edit and render (atomically)."""
    try:
        write_bytes(path, format_script(script).encode("utf-8"))
    except OSError as exc:
        raise ScriptError(f"cannot write {path}: {exc.strerror or exc}") from None


def make(
    paths: Sequence[Path], show: Show, options: RunOptions, stages: Stages = no_stages
) -> MakeResult:
    """One episode from the article files at ``paths``, published into ``options.out_dir``."""
    return produce(write_script(paths, show, options), show, options, stages)


def render(path: Path, show: Show, options: RunOptions, stages: Stages = no_stages) -> MakeResult:
    """Speak and publish a (hand-edited) script file."""
    return produce(read_script(path), show, options, stages)


@contextmanager
def run_lock(out_dir: Path) -> Iterator[None]:
    """One producing run (make, render or daily) per published folder at a time.

    Taken before any fetching or speech, so a second run stops at once instead
    of after minutes of synthesis. Publishing takes its own short lock as well
    (briefing.publish.locked), which ``deploy``, ``publish`` and ``episodes
    remove`` share, so they can still run while an episode is being spoken.
    """
    check_writable(out_dir)
    state = out_dir / STATE
    made = not out_dir.exists()
    try:
        state.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PublishError(f"cannot create {state}: {exc.strerror or exc}") from None
    lock = FileLock(state / "run.lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise PublishError(
            f"another briefing run (make, render or daily) is producing into {out_dir} "
            f"(lock {state / 'run.lock'}); this run stops"
        ) from None
    try:
        yield
    finally:
        lock.release()
        if made:
            _remove_if_unused(out_dir)


def _remove_if_unused(out_dir: Path) -> None:
    # A run that failed before publishing leaves no folder it made only for its lock.
    lock = out_dir / STATE / "run.lock"
    with contextlib.suppress(OSError):
        if [p.name for p in out_dir.iterdir()] == [STATE] and [*lock.parent.iterdir()] == [lock]:
            lock.unlink()
            lock.parent.rmdir()
            out_dir.rmdir()


def spoken_lines(script: Script, show: Show) -> list[str]:
    """What the engines read for each line.

    Made per line just before speech, so scripts keep the written words and a
    lexicon change applies to scripts written earlier too.
    """
    say = spoken_former(show.speech.lexicon)
    return [say(line.text) for line in script.lines]


def produce(
    script: Script,
    show: Show,
    options: RunOptions,
    stages: Stages = no_stages,
    *,
    locked: bool = False,
) -> MakeResult:
    """Speech, audio and publishing for a finished script. ``locked``: the caller
    already holds the run lock (the daily run takes it before fetching)."""
    # Check the cover, the names and the destination before the slow stages run.
    if len(script.slug) > MAX_SLUG:
        raise ScriptError(f"the slug is {len(script.slug)} characters; at most {MAX_SLUG}")
    cover = load_cover(show.identity)
    check_writable(options.out_dir)
    with contextlib.nullcontext() if locked else run_lock(options.out_dir):
        load_catalog(options.out_dir)  # a damaged catalog stops the run before any synthesis
        return _produce(script, show, options, stages, cover)


def _produce(
    script: Script, show: Show, options: RunOptions, stages: Stages, cover: Cover
) -> MakeResult:
    spoken = spoken_lines(script, show)
    cache = clip_cache(options.cache_dir)
    chain = engine_chain(options.engine, show.speech)
    voiced = speak(
        script.lines,
        spoken,
        show,
        cache,
        chain,
        strict=options.strict,
        progress=stages("synthesis"),
    )
    # Expected length from the words alone: the gate refuses audio far shorter than this.
    predicted = expected_seconds(voiced, spoken)
    with tempfile.TemporaryDirectory(prefix="briefing-") as tmp:
        work = Path(tmp)
        with Analyser() as analyser:
            master = assemble(voiced.clips, default_assets(), work, progress=stages("assembly"),
                              listener=analyser.feed)  # fmt: skip
            analysis = analyser.result()
        jobs = [Job(PODCAST, work / "podcast.mp3", show.audio.bitrate)]
        if show.audio.alexa and master.duration > ALEXA_LONGEST:
            minutes, seconds = divmod(round(master.duration), 60)
            log.warning("no Alexa rendition: the episode lasts %d:%02d, and Alexa plays at most "
                        "10 minutes", minutes, seconds)  # fmt: skip
        elif show.audio.alexa:
            jobs.append(Job(ALEXA, work / "alexa.mp3", ALEXA.bitrate))
        measured = master_renditions(master, jobs, stages("encoding"), analysis)
        files: dict[str, Path] = {}
        for job in jobs:
            try:
                check_quality(measured[job.rendition.name], job.rendition, master, predicted)
            except AudioError as exc:
                if job.rendition is PODCAST:
                    raise
                # The podcast is the product: a secondary rendition that fails its gate
                # is left out, and the episode is published without it.
                log.warning("the Alexa rendition is left out: %s", exc)
                continue
            write_tags(job.path, script, show.identity, cover.data, cover.mime, master.chapters)
            files[job.rendition.name] = job.path
        sidecars = {
            "vtt": webvtt(master.timings, script.speakers),
            "srt": srt(master.timings, script.speakers),
            "transcript": transcript_json(master.timings, script.speakers),
            "chapters": chapters_json(master.chapters),
        }
        for kind, text in sidecars.items():
            files[kind] = work / f"episode.{kind}"
            files[kind].write_text(text, encoding="utf-8")
        draft = Episode.made(script, master, voiced)
        published = publish_episode(options.out_dir, show, draft, files, cover)
    return MakeResult(published.episode, published.mp3, published.feed, script)


def preview_voice(
    role: str, text: str, show: Show, engine_name: str | None, output: Path | None
) -> Path:
    """``text`` said by ``role``'s voice (on ``engine_name``, by default the show's
    first engine), checked like any clip and written to ``output`` (by default
    preview-ROLE-ENGINE.mp3 or .wav here); returns where it went."""
    if role not in show.room.roles:
        raise SettingsError(f"unknown role {role!r} (roles: {', '.join(show.room.roles)})")
    engine = create_engine(engine_name or show.speech.engines[0], show)
    spoken = spoken_former(show.speech.lexicon)(text)
    speech = engine.synthesize(spoken, dict(show.role(role).voice.get(engine.name, {})))
    validate(speech, engine.name, spoken)
    target = output or Path(f"preview-{role}-{engine.name}.{speech.format}")
    try:
        write_bytes(target, speech.data)
    except OSError as exc:
        raise SynthesisError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target


def espeak_phonemes() -> Callable[[str], str]:
    """How the offline voice pronounces a spoken form, in IPA (to check readings by eye)."""
    from briefing.speech.espeak import EspeakEngine

    engine = EspeakEngine()
    return engine.phonemes
