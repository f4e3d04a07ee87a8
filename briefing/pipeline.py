"""The stages wired together: ingest -> script -> speech -> audio -> publish.

The CLI builds the settings and calls one function here; each stage is a plain
function from one model to the next, and none of them knows about the others.
"""

from __future__ import annotations

import contextlib
import dataclasses
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
from briefing.audio.mix import assemble, planned_seconds
from briefing.audio.tags import write_tags
from briefing.audio.transcript import chapters_json, srt, transcript_json, webvtt
from briefing.boundary import MAX_SLUG
from briefing.errors import AudioError, PublishError, ScriptError, SettingsError, SourceError
from briefing.ingest import read_article
from briefing.ingest.http import AddressPolicy, Fetcher
from briefing.ingest.rundown import Story, fresh, group_stories, richness, story_keys
from briefing.ingest.sources import Item, load_article, read_source
from briefing.models import MAX_LEDE, Article, Episode, Progress, Script, Source, no_progress
from briefing.publish import Draft, bring_in_line, check_writable, interrupted, publish_episode
from briefing.publish.catalog import load_catalog
from briefing.publish.cover import Cover, load_cover
from briefing.publish.flash import LONGEST as ALEXA_LONGEST
from briefing.script.normalize import Lexicon, spoken_form
from briefing.script.room import CHARS_PER_SECOND, compose
from briefing.script.scriptfile import read_script
from briefing.settings import DailyRun, RunOptions, Show
from briefing.speech import engine_chain, engine_runs, engines_used, speak, validate
from briefing.speech.cache import ClipCache
from briefing.speech.engine import Speech, create_engine

log = logging.getLogger(__name__)

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


def air_time(
    show: Show, day: dt.date | None, now: dt.datetime | None = None, at: dt.time | None = None
) -> dt.datetime:
    """When the episode goes out: now, or on a pinned day at ``at`` (by default the
    show's publish time)."""
    current = (now or dt.datetime.now(dt.UTC)).astimezone(show.zone).replace(microsecond=0)
    if day is None:
        return current
    earliest, latest = dt.date(2000, 1, 1), current.date() + dt.timedelta(days=366)
    if not earliest <= day <= latest:
        raise SettingsError(f"--date {day} is out of range ({earliest} to {latest})")
    return dt.datetime.combine(day, at or show.publish_time, tzinfo=show.zone)


def write_script(paths: Sequence[Path], show: Show, options: RunOptions) -> Script:
    """The room script for the article files at ``paths`` (ingest and script stages)."""
    articles = [read_article(path) for path in paths]
    script = compose(articles, show, air_time(show, options.date), options.length)
    log.info("script: %d lines in %d chapters", len(script.lines), len(script.chapters))
    return script


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
    lexicon = Lexicon(show.lexicon)
    return [spoken_form(line.text, lexicon) for line in script.lines]


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
    cover = load_cover(show)
    check_writable(options.out_dir)
    with contextlib.nullcontext() if locked else run_lock(options.out_dir):
        load_catalog(options.out_dir)  # a damaged catalog stops the run before any synthesis
        return _produce(script, show, options, stages, cover)


def _produce(
    script: Script, show: Show, options: RunOptions, stages: Stages, cover: Cover
) -> MakeResult:
    spoken = spoken_lines(script, show)
    cache = ClipCache(options.cache_dir or default_cache_dir())
    chain = engine_chain(options.engine, show)
    clips = speak(
        script.lines,
        spoken,
        show,
        cache,
        chain,
        strict=options.strict,
        progress=stages("synthesis"),
    )
    # Expected length from the words alone: the gate refuses audio far shorter than this.
    predicted = sum(len(text) for text in spoken) / CHARS_PER_SECOND
    with tempfile.TemporaryDirectory(prefix="briefing-") as tmp:
        work = Path(tmp)
        with Analyser() as analyser:
            master = assemble(clips, default_assets(), work, progress=stages("assembly"),
                              listener=analyser.feed)  # fmt: skip
            analysis = analyser.result()
        jobs = [Job(PODCAST, work / "podcast.mp3", show.bitrate)]
        if show.alexa and master.duration > ALEXA_LONGEST:
            minutes, seconds = divmod(round(master.duration), 60)
            log.warning("no Alexa rendition: the episode lasts %d:%02d, and Alexa plays at most "
                        "10 minutes", minutes, seconds)  # fmt: skip
        elif show.alexa:
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
            write_tags(job.path, script, show, cover.data, cover.mime, master.chapters)
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
            chapters=tuple((c.start, c.title) for c in master.chapters),
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


def espeak_phonemes() -> Callable[[str], str]:
    """How the offline voice pronounces a spoken form, in IPA (to check readings by eye)."""
    from briefing.speech.espeak import EspeakEngine

    engine = EspeakEngine()
    return engine.phonemes


# --- Daily editions ------------------------------------------------------------------

STATE = ".briefing"  # the show's private state beside the published files (not served)
MIN_STORY_SECONDS = 0.0  # a story's budget can shrink to its lead (two sentences)
MAX_STORY_SECONDS = 240.0
SHORT_EDITION = 0.8  # below this share of the target, say the news ran short
AIRED_DAYS = 3  # earlier editions whose stories a candidate is compared with, by content


@dataclass(frozen=True)
class DailyResult:
    episode_id: str
    edition: str
    published: MakeResult | None = None  # None: nothing made (already out, or a dry run)
    existing: Episode | None = None  # the edition already published, when the run did nothing
    script: Script | None = None
    planned: float = 0.0  # seconds, estimated before speech
    stories: tuple[Story, ...] = ()
    failures: tuple[str, ...] = ()  # sources and items that could not be read
    # Why nothing was made, when every source answered and none had a new story:
    # not a failure (a timer running early or twice), so no error either.
    nothing_new: str | None = None
    verdicts: tuple[Verdict, ...] = ()  # every candidate, and what became of it


def edition_due(show: Show, now: dt.datetime) -> str:
    """The edition a timer running at ``now`` is making: the last one due within the hour."""
    local = (now + dt.timedelta(hours=1)).astimezone(show.zone).time()
    due = [name for name, at in sorted(show.daily.editions.items(), key=lambda kv: kv[1])
           if at <= local]  # fmt: skip
    return due[-1] if due else min(show.daily.editions, key=show.daily.editions.__getitem__)


def edition_time(show: Show, day: dt.date | None, edition: str) -> dt.datetime:
    """When the edition airs: now, or the edition's hour on a pinned day."""
    return air_time(show, day, at=show.daily.editions[edition])


def daily(
    show: Show, options: RunOptions, run: DailyRun, stages: Stages = no_stages
) -> DailyResult:
    """Build and publish today's edition from the show's sources, once."""
    if not show.sources:
        raise SettingsError("the show lists no [[sources]]; add feeds, pages or folders")
    edition = run.edition or edition_due(show, dt.datetime.now(dt.UTC))
    if edition not in show.daily.editions:
        raise SettingsError(f"unknown edition {edition!r} (editions: "
                            f"{', '.join(show.daily.editions)})")  # fmt: skip
    when = edition_time(show, options.date, edition)
    episode_id = f"{when.date().isoformat()}-edisi-{edition}"
    with run_lock(options.out_dir):
        catalog = load_catalog(options.out_dir)
        existing = next((e for e in catalog if e.id == episode_id), None)
        if existing is not None and not run.force:
            if interrupted(options.out_dir):  # "already published" must be true for listeners
                bring_in_line(options.out_dir, show, load_cover(show))
            return DailyResult(episode_id, edition, existing=existing)
        aired = {
            key
            for e in catalog
            if e.id != episode_id  # --force tells the edition's own stories again
            for source in e.sources
            for key in story_keys(str(source.get("title", "")), source.get("url"))
        }
        fetcher = Fetcher(
            options.out_dir / STATE / "http",
            policy=AddressPolicy.for_sources(
                (s.location for s in show.sources if s.kind != "folder"),
                show.daily.allow_private_addresses,
            ),
            run_seconds=show.daily.fetch_deadline,
        )
        failures: list[str] = []
        items = _gather(show, fetcher, failures, stages("fetching"))
        fetcher.prune()
        window = dt.timedelta(hours=show.daily.max_age_hours)
        recent = _recently_aired(catalog, episode_id, when)
        candidates, aired_items, stale = fresh(items, aired, when - window, when, recent)
        aired_count = len(aired_items)
        log.info("%d stories found: %d new, %d aired before, %d older than %g h",
                 len(items), len(candidates), aired_count, len(stale),
                 show.daily.max_age_hours)  # fmt: skip
        limit = run.max_stories or show.daily.max_stories
        grouped = group_stories(candidates)
        stories, articles, unreadable = _load_stories(grouped, limit, fetcher, failures,
                                                      show.daily.source_deadline)  # fmt: skip
        if not articles:
            why = _why_none(items, candidates, aired_count, failures, show)
            if failures or candidates:  # something could not be read: a real failure
                raise SourceError(f"no new stories for the {edition} edition: {why}")
            return DailyResult(episode_id, edition, nothing_new=why)
        target = 60.0 * (run.target_minutes or show.daily.target_minutes)
        script, planned, count = fit_edition(articles, show, when, edition, target)
        chosen = tuple(stories[:count])
        verdicts = _verdicts(aired_items, stale, grouped, chosen, stories[count:], unreadable,
                             show.daily.max_age_hours)  # fmt: skip
        for verdict in verdicts:
            log.info("%s: %s%s", verdict.title, verdict.verdict,
                     f" ({verdict.note})" if verdict.note else "")  # fmt: skip
        if planned < SHORT_EDITION * target:
            log.warning("the news ran short: the edition is about %.1f min of %.1f wanted",
                        planned / 60, target / 60)  # fmt: skip
        if run.dry_run:
            return DailyResult(episode_id, edition, script=script, planned=planned,
                               stories=chosen, failures=tuple(failures),
                               verdicts=verdicts)  # fmt: skip
        made = produce(script, show, options, stages, locked=True)
    return DailyResult(episode_id, edition, made, script=script, planned=planned,
                       stories=chosen, failures=tuple(failures), verdicts=verdicts)  # fmt: skip


def _recently_aired(catalog: Sequence[Episode], episode_id: str, when: dt.datetime) -> list[Item]:
    """The reports earlier editions told within AIRED_DAYS of ``when``, as items to
    compare candidates with by content: another outlet's later report of the same
    event has a new headline and link, but the same facts in its lede."""
    since = when - dt.timedelta(days=AIRED_DAYS)
    recent = []
    for episode in catalog:
        if episode.id == episode_id or not since <= episode.published <= when:
            continue
        for source in episode.sources:
            if source.get("lede"):
                outlet = str(source.get("outlet") or "") or None
                recent.append(Item(episode.id, str(source.get("title") or ""),
                                   str(source["lede"]), published=episode.published,
                                   outlet=outlet))  # fmt: skip
    return recent


@dataclass(frozen=True)
class Verdict:
    """What became of one candidate item, for --dry-run, --json and -v."""

    title: str
    outlet: str
    verdict: str  # chosen, merged, aired, stale, unreadable, later
    note: str = ""


def _verdicts(
    aired: Sequence[tuple[Item, str]],
    stale: Sequence[Item],
    grouped: Sequence[Story],
    chosen: Sequence[Story],
    cut: Sequence[Story],
    unreadable: Sequence[Story],
    hours: float,
) -> tuple[Verdict, ...]:
    """Every item the sources held, with what the edition did with it."""

    said: list[Verdict] = []

    def add(item: Item, verdict: str, note: str = "") -> None:
        said.append(Verdict(item.title, item.outlet or item.source, verdict, note))

    for item, why in aired:
        add(item, "aired", why)
    for item in stale:
        add(item, "stale", f"older than {hours:g} h")
    told = {id(item): story for story in chosen for item in story.items}
    left = {id(item) for story in cut for item in story.items}
    lost = {id(item) for story in unreadable for item in story.items}
    for story in grouped:
        for item in story.items:
            home = told.get(id(item))
            if home is not None and home.lead is item:
                others = home.outlets[1:]
                add(item, "chosen", f"also from {', '.join(others)}" if others else "")
            elif home is not None:
                add(item, "merged", f"the same story as {home.lead.title!r}")
            elif id(item) in lost:
                add(item, "unreadable", "no page could be read")
            elif id(item) in left:
                add(item, "later", "over the target length")
            else:
                add(item, "later", "over max_stories")
    return tuple(said)


def _why_none(
    items: Sequence[Item], candidates: Sequence[Item], aired: int, failures: list[str], show: Show
) -> str:
    if not items:
        return "; ".join(failures[:3]) or "the sources hold no stories"
    if not candidates:
        if aired:
            return f"the {aired} stories in the window all aired before"
        return f"none is newer than {show.daily.max_age_hours:g} h"
    return f"none of the {len(candidates)} new stories could be read: " + "; ".join(failures[:3])


def _gather(show: Show, fetcher: Fetcher, failures: list[str], progress: Progress) -> list[Item]:
    items: list[Item] = []
    progress(0, len(show.sources))
    for done, source in enumerate(show.sources, start=1):
        try:
            with fetcher.within(show.daily.source_deadline):
                found = read_source(source, fetcher)
            log.info("%s: %d stories", source.name, len(found))
            items.extend(found)
        except SourceError as exc:
            failures.append(f"{source.name}: {exc}")
            log.warning("source %s (%s) failed: %s", source.name, source.location, exc)
        progress(done, len(show.sources))
    return items


def _load_stories(
    stories: Sequence[Story], limit: int, fetcher: Fetcher, failures: list[str], seconds: float
) -> tuple[list[Story], list[Article], list[Story]]:
    """The newest ``limit`` stories whose article can be read, in rundown order: stories
    more outlets reported first, then the newest. Every outlet's report of a story is
    read, and the story is told from the richest (``rundown.richness``: the feeds'
    summaries say little about which page holds the most); every outlet is credited."""
    kept: list[tuple[Story, Article]] = []
    unreadable: list[Story] = []
    for story in stories:
        if len(kept) >= limit:
            break
        read: list[tuple[Item, Article]] = []
        missed: list[str] = []
        for item in story.items:
            try:
                with fetcher.within(seconds):
                    read.append((item, load_article(item, fetcher)))
            except SourceError as exc:
                missed.append(f"{item.source}: {exc}")
        if not read:  # the story is lost: a problem to report
            unreadable.append(story)
            failures.extend(missed)
            for problem in missed:
                log.warning("%s", problem)
            continue
        for problem in missed:  # another outlet's report tells it
            log.info("%s", problem)
        item, article = max(read, key=lambda pair: richness(pair[1]))
        if len(read) > 1:
            log.info("%s: told from %s (%d reports read)", item.title, item.outlet or item.source,
                     len(read))  # fmt: skip
        others = tuple(
            Source(i.title, i.outlet or i.source, (), i.url, i.published, i.summary[:MAX_LEDE])
            for i in story.items
            if i is not item
        )
        lead = (item, *(i for i in story.items if i is not item))
        kept.append((Story(lead), dataclasses.replace(article, also=others)))
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    kept.sort(key=lambda sa: (len(sa[0].outlets), sa[0].newest or epoch), reverse=True)
    return [s for s, _ in kept], [a for _, a in kept], unreadable


def planned_length(script: Script, show: Show) -> float:
    """The episode's length in seconds, estimated from its words before any speech."""
    speech = [len(text) / CHARS_PER_SECOND for text in spoken_lines(script, show)]
    return planned_seconds(script.lines, speech, default_assets())


def fit_edition(
    articles: Sequence[Article], show: Show, when: dt.datetime, edition: str, target: float
) -> tuple[Script, float, int]:
    """The edition's script, its planned length and how many stories it tells, as
    near ``target`` seconds as the news allows.

    Each story gets the same brief budget, found by bisection; when even the
    leads alone run long, the last stories of the rundown are left out.
    """

    def plan(count: int, budget: float) -> tuple[Script, float]:
        script = compose(articles[:count], show, when, "brief", story_seconds=budget,
                         edition=edition)  # fmt: skip
        return script, planned_length(script, show)

    count = len(articles)
    shortest = plan(count, MIN_STORY_SECONDS)
    while count > 1 and shortest[1] > target:
        count -= 1
        shortest = plan(count, MIN_STORY_SECONDS)
    low, high = MIN_STORY_SECONDS, MAX_STORY_SECONDS
    longest = plan(count, high)
    if longest[1] <= target:
        return *longest, count  # every story told as far as the budget allows: the news is short
    best = shortest
    for _ in range(10):
        middle = (low + high) / 2
        attempt = plan(count, middle)
        if abs(attempt[1] - target) < abs(best[1] - target):
            best = attempt
        if attempt[1] > target:
            high = middle
        else:
            low = middle
    log.info("edition: %d stories, about %.0f s of %.0f s wanted", count, best[1], target)
    return *best, count
