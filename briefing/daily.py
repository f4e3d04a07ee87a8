"""The daily editor: which stories an edition tells, from the show's sources.

A timer runs ``briefing daily`` for each edition. The editor gathers the
sources' items, leaves out what earlier editions told (by link, headline, or
content), groups the rest into stories, reads every outlet's page of each and
tells it from the richest, runs the next development of an aired story as an
update that tells only what is new, and fits the rundown to the edition's
length. Every candidate gets a verdict, which --dry-run, --json and -v show.
What each edition made known is kept in the show's state (``told.json``) for
the editions of the next days to compare with.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import msgspec
from msgspec import Meta

from briefing.audio.assets import default_assets
from briefing.audio.mix import planned_seconds
from briefing.errors import SettingsError, SourceError
from briefing.files import read_input, write_bytes
from briefing.ingest.http import AddressPolicy, Fetcher
from briefing.ingest.rundown import Story, fresh, group_stories, richness, story_keys
from briefing.ingest.sources import Item, load_article, read_source
from briefing.length import DEFAULT_RATE, speaking_seconds
from briefing.models import MAX_LEDE, Article, Episode, Progress, Script, Source, episode_id
from briefing.pipeline import (
    STATE,
    MakeResult,
    Stages,
    air_time,
    no_stages,
    produce,
    run_lock,
    spoken_lines,
)
from briefing.publish import bring_in_line, interrupted
from briefing.publish.catalog import load_catalog
from briefing.publish.cover import load_cover
from briefing.script.followup import News, news_since, told_sentences
from briefing.script.room import compose, edition_slug
from briefing.settings import DailyRun, RunOptions, Show
from briefing.speech import engine_chain, planning_rate

log = logging.getLogger(__name__)

MIN_STORY_SECONDS = 0.0  # a story's budget can shrink to its lead (two sentences)
MAX_STORY_SECONDS = 240.0
SHORT_EDITION = 0.8  # below this share of the target, say the news ran short
TOLD_FILE = "told.json"  # in STATE: what each recent edition's stories made known
MAX_TOLD_BYTES = 16 * 1024 * 1024
MAX_TOLD_SENTENCES = 400  # per story: more is not a news report
_UNDATED = dt.datetime.min.replace(tzinfo=dt.UTC)  # sorts an undated item oldest


@dataclass(frozen=True)
class Verdict:
    """What became of one candidate item, for --dry-run, --json and -v."""

    title: str
    outlet: str
    verdict: str  # chosen, update, merged, aired, stale, unreadable, later
    note: str = ""


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


@dataclass(frozen=True)
class _Loaded:
    """A story whose page was read: what the edition tells of it."""

    story: Story  # its items, the one told from first
    article: Article  # what is told: for an update, only what is new
    known: tuple[str, ...]  # the sentences it makes known, for later editions to compare with
    news: News | None = None  # for an update: what is new since ``article.follows``
    earlier: Item | None = None  # for an update: the report an earlier edition told


def edition_due(show: Show, now: dt.datetime) -> str:
    """The edition a timer running at ``now`` is making: the last one due within the hour."""
    local = (now + dt.timedelta(hours=1)).astimezone(show.zone).time()
    due = [name for name, at in sorted(show.daily.editions.items(), key=lambda kv: kv[1])
           if at <= local]  # fmt: skip
    return due[-1] if due else min(show.daily.editions, key=show.daily.editions.__getitem__)


def edition_time(show: Show, day: dt.date | None, edition: str) -> dt.datetime:
    """When the edition airs: now, or the edition's hour on a pinned day."""
    return air_time(show.identity, day, at=show.daily.editions[edition])


def daily(
    show: Show, options: RunOptions, run: DailyRun, stages: Stages = no_stages
) -> DailyResult:
    """Build and publish today's edition from the show's sources, once."""
    if not show.daily.sources:
        raise SettingsError("the show lists no [[sources]]; add feeds, pages or folders")
    edition = run.edition or edition_due(show, dt.datetime.now(dt.UTC))
    if edition not in show.daily.editions:
        raise SettingsError(f"unknown edition {edition!r} (editions: "
                            f"{', '.join(show.daily.editions)})")  # fmt: skip
    when = edition_time(show, options.date, edition)
    this = episode_id(when.date(), edition_slug(edition))
    with run_lock(options.out_dir):
        catalog = load_catalog(options.out_dir)
        existing = next((e for e in catalog if e.id == this), None)
        if existing is not None and not run.force:
            if interrupted(options.out_dir):  # "already published" must be true for listeners
                bring_in_line(options.out_dir, show, load_cover(show.identity))
            return DailyResult(this, edition, existing=existing)
        aired = {
            key
            for e in catalog
            if e.id != this  # --force tells the edition's own stories again
            for source in e.sources
            for key in story_keys(source.title, source.url)
        }
        fetcher = Fetcher(
            options.out_dir / STATE / "http",
            policy=AddressPolicy.for_sources(
                (s.location for s in show.daily.sources if s.kind != "folder"),
                show.daily.allow_private_addresses,
            ),
            run_seconds=show.daily.fetch_deadline,
        )
        failures: list[str] = []
        items = _gather(show, fetcher, failures, stages("fetching"))
        fetcher.prune()
        window = dt.timedelta(hours=show.daily.max_age_hours)
        state = options.out_dir / STATE / TOLD_FILE
        told = _load_told(state)
        recent = _recently_aired(catalog, this, when, show.daily.aired_days)
        candidates, aired_items, stale, echoes = fresh(items, aired, when - window, when, recent)
        log.info("%d stories found: %d new, %d aired before, %d told before by content, "
                 "%d older than %g h", len(items), len(candidates), len(aired_items),
                 len(echoes), len(stale), show.daily.max_age_hours)  # fmt: skip
        limit = run.max_stories or show.daily.max_stories
        grouped = group_stories(candidates)
        seconds = show.daily.source_deadline
        loaded, unreadable = _load_stories(grouped, limit, fetcher, failures, seconds)
        echoed = group_stories([item for item, _ in echoes])
        updates, repeats = _updates(echoed, {id(i): m for i, m in echoes}, told, fetcher, seconds)
        rundown = _in_rundown_order([*loaded, *updates])[:limit]
        if not rundown:
            why = _why_none(items, candidates, len(aired_items) + len(repeats), failures, show)
            if failures or candidates:  # something could not be read: a real failure
                raise SourceError(f"no new stories for the {edition} edition: {why}")
            return DailyResult(this, edition, nothing_new=why,
                               verdicts=_verdicts(aired_items, repeats, stale, [], [], [], [],
                                                  show.daily.max_age_hours))  # fmt: skip
        target = 60.0 * (run.target_minutes or show.daily.target_minutes)
        rate = planning_rate(engine_chain(options.engine, show.speech), show)
        script, planned, count = fit_edition([t.article for t in rundown], show, when, edition,
                                             target, rate)  # fmt: skip
        chosen = rundown[:count]
        verdicts = _verdicts(aired_items, repeats, stale, [*grouped, *echoed], chosen,
                             rundown[count:], unreadable, show.daily.max_age_hours)  # fmt: skip
        for verdict in verdicts:
            log.info("%s: %s%s", verdict.title, verdict.verdict,
                     f" ({verdict.note})" if verdict.note else "")  # fmt: skip
        if planned < SHORT_EDITION * target:
            log.warning("the news ran short: the edition is about %.1f min of %.1f wanted",
                        planned / 60, target / 60)  # fmt: skip
        stories = tuple(t.story for t in chosen)
        if run.dry_run:
            return DailyResult(this, edition, script=script, planned=planned, stories=stories,
                               failures=tuple(failures), verdicts=verdicts)  # fmt: skip
        made = produce(script, show, options, stages, locked=True)
        _remember(state, told, this, when, chosen, show.daily.aired_days)
    return DailyResult(this, edition, made, script=script, planned=planned, stories=stories,
                       failures=tuple(failures), verdicts=verdicts)  # fmt: skip


def _recently_aired(
    catalog: Sequence[Episode], this: str, when: dt.datetime, days: int
) -> list[Item]:
    """The reports earlier editions told within ``days`` of ``when``, as items to
    compare candidates with by content: another outlet's later report of the same
    event has a new headline and link, but the same facts in its lede."""
    since = when - dt.timedelta(days=days)
    recent = []
    for episode in catalog:
        if episode.id == this or not since <= episode.published <= when:
            continue
        for source in episode.sources:
            if source.lede:
                recent.append(Item(episode.id, source.title, source.lede,
                                   published=episode.published, outlet=source.outlet))  # fmt: skip
    return recent


# --- What earlier editions made known ------------------------------------------------
#
# told.json: {"editions": {episode id: {"aired": iso time, "stories": [{"titles":
# [every outlet's headline], "sentences": [...]}]}}}. It is the show's own state,
# but a folder can be copied between machines, so msgspec reads it as untrusted
# into the types below: a damaged file only means no update can be told apart
# from a repeat this time.


@dataclass(frozen=True)
class _ToldStory:
    titles: tuple[str, ...]  # every outlet's headline, as the catalog credits them
    sentences: Annotated[tuple[str, ...], Meta(max_length=MAX_TOLD_SENTENCES)]


@dataclass(frozen=True)
class _Edition:
    aired: Annotated[dt.datetime, Meta(tz=True)]
    stories: tuple[_ToldStory, ...]


@dataclass(frozen=True)
class _ToldFile:
    editions: dict[str, _Edition]


Told = dict[str, _Edition]  # by episode id


def _load_told(path: Path) -> Told:
    try:
        raw = read_input(path, "told state", SourceError, MAX_TOLD_BYTES)
        return msgspec.json.decode(raw, type=_ToldFile).editions
    except SourceError as exc:
        if path.exists():
            log.warning("%s; earlier stories' updates are not looked for", exc)
    except msgspec.DecodeError as exc:
        log.warning("%s is damaged (%s); earlier stories' updates are not looked for", path, exc)
    return {}


def _remember(
    path: Path, told: Told, this: str, when: dt.datetime, chosen: Sequence[_Loaded], days: int
) -> None:
    """Keep what this edition made known, and forget editions older than the window."""
    since = when - dt.timedelta(days=days + 1)
    kept = {key: e for key, e in told.items() if key != this and e.aired >= since}
    kept[this] = _Edition(when, tuple(
        _ToldStory((t.article.title, *(s.title for s in t.article.also)),
                   t.known[:MAX_TOLD_SENTENCES])
        for t in chosen
    ))  # fmt: skip
    write_bytes(path, msgspec.json.encode(_ToldFile(kept)))


def _known(told: Told, earlier: Sequence[Item]) -> list[str]:
    """The sentences the stories of ``earlier`` (reports recent editions told) made known."""
    known: dict[str, None] = {}
    for report in earlier:
        edition = told.get(report.source)
        for story in edition.stories if edition else ():
            if report.title in story.titles:
                known.update(dict.fromkeys(story.sentences))
    return list(known)


# --- Reading the stories ---------------------------------------------------------------


def _read_reports(
    story: Story, fetcher: Fetcher, seconds: float
) -> tuple[list[tuple[Item, Article]], list[str]]:
    """Every outlet's page of ``story`` that can be read, and why the others could not."""
    read: list[tuple[Item, Article]] = []
    missed: list[str] = []
    for item in story.items:
        try:
            with fetcher.within(seconds):
                read.append((item, load_article(item, fetcher)))
        except SourceError as exc:
            missed.append(f"{item.source}: {exc}")
    return read, missed


def _told_from(story: Story, item: Item, article: Article) -> tuple[Story, Article]:
    """``story`` led by ``item``, and its article crediting every other outlet."""
    others = tuple(
        Source(i.title, i.outlet or i.source, (), i.url, i.published, i.summary[:MAX_LEDE])
        for i in story.items
        if i is not item
    )
    lead = (item, *(i for i in story.items if i is not item))
    return Story(lead), dataclasses.replace(article, also=others)


def _load_stories(
    stories: Sequence[Story], limit: int, fetcher: Fetcher, failures: list[str], seconds: float
) -> tuple[list[_Loaded], list[Story]]:
    """The first ``limit`` stories whose article can be read. Every outlet's report
    of a story is read, and the story is told from the richest
    (``rundown.richness``: the feeds' summaries say little about which page holds
    the most); every outlet is credited."""
    kept: list[_Loaded] = []
    unreadable: list[Story] = []
    for story in stories:
        if len(kept) >= limit:
            break
        read, missed = _read_reports(story, fetcher, seconds)
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
        lead, told = _told_from(story, item, article)
        kept.append(_Loaded(lead, told, tuple(told_sentences(article))))
    return kept, unreadable


def _updates(
    stories: Sequence[Story],
    matches: dict[int, list[Item]],
    told: Told,
    fetcher: Fetcher,
    seconds: float,
) -> tuple[list[_Loaded], list[tuple[Item, str]]]:
    """Stories an earlier edition told (by content) that bring enough news to run as
    an update, told from the report with the most that is new; and every other
    item of them, held back with why."""
    updates: list[_Loaded] = []
    repeats: list[tuple[Item, str]] = []
    for story in stories:
        earlier = sorted({id(r): r for i in story.items for r in matches[id(i)]}.values(),
                         key=lambda r: r.published or _UNDATED, reverse=True)  # fmt: skip
        last = earlier[0]
        same = f"the same story as {last.title!r}, told in {last.source}"
        known = _known(told, earlier)
        if not known:  # what was told is not on record (another machine, or `make`)
            repeats.extend((item, same) for item in story.items)
            continue
        read, missed = _read_reports(story, fetcher, seconds)
        for problem in missed:
            log.info("%s", problem)
        if not read:
            repeats.extend(
                (item, f"{same}; no page could be read for news") for item in story.items
            )
            continue
        found = [(item, article, news_since(article, known)) for item, article in read]
        item, article, news = max(found, key=lambda f: (f[2].sentences, richness(f[1])))
        if not news.substantial:
            repeats.extend((i, f"{same}; nothing new enough ({news.describe()})")
                           for i in story.items)  # fmt: skip
            continue
        follows = Source(last.title, last.outlet, published=last.published)
        lead, update = _told_from(story, item, dataclasses.replace(news.article, follows=follows))
        known_now = tuple(dict.fromkeys([*known, *told_sentences(article)]))
        updates.append(_Loaded(lead, update, known_now, news, last))
    return updates, repeats


def _in_rundown_order(loaded: Sequence[_Loaded]) -> list[_Loaded]:
    """Stories more outlets reported first, then the newest."""
    return sorted(loaded, key=lambda t: (len(t.story.outlets), t.story.newest or _UNDATED),
                  reverse=True)  # fmt: skip


def _verdicts(
    aired: Sequence[Item],
    repeats: Sequence[tuple[Item, str]],
    stale: Sequence[Item],
    grouped: Sequence[Story],
    chosen: Sequence[_Loaded],
    cut: Sequence[_Loaded],
    unreadable: Sequence[Story],
    hours: float,
) -> tuple[Verdict, ...]:
    """Every item the sources held, with what the edition did with it."""

    said: list[Verdict] = []

    def add(item: Item, verdict: str, note: str = "") -> None:
        said.append(Verdict(item.title, item.outlet or item.source, verdict, note))

    for item in aired:
        add(item, "aired", "told in an earlier edition")
    for item, why in repeats:
        add(item, "aired", why)
    for item in stale:
        add(item, "stale", f"older than {hours:g} h")
    told = {id(item): t for t in chosen for item in t.story.items}
    left = {id(item) for t in cut for item in t.story.items}
    lost = {id(item) for story in unreadable for item in story.items}
    held = {id(item) for item, _ in repeats}
    for story in grouped:
        for item in story.items:
            home = told.get(id(item))
            if id(item) in held:
                continue
            if home is not None and home.story.lead is item and home.news and home.earlier:
                add(item, "update", f"follows {home.earlier.title!r}, told in "
                                    f"{home.earlier.source}: {home.news.describe()}")  # fmt: skip
            elif home is not None and home.story.lead is item:
                others = home.story.outlets[1:]
                add(item, "chosen", f"also from {', '.join(others)}" if others else "")
            elif home is not None:
                add(item, "merged", f"the same story as {home.story.lead.title!r}")
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
    progress(0, len(show.daily.sources))
    for done, source in enumerate(show.daily.sources, start=1):
        try:
            with fetcher.within(show.daily.source_deadline):
                found = read_source(source, fetcher)
            log.info("%s: %d stories", source.name, len(found))
            items.extend(found)
        except SourceError as exc:
            failures.append(f"{source.name}: {exc}")
            log.warning("source %s (%s) failed: %s", source.name, source.location, exc)
        progress(done, len(show.daily.sources))
    return items


def planned_length(script: Script, show: Show, rate: float) -> float:
    """The episode's length in seconds, estimated from its words before any speech:
    each line at the engine's ``rate``, laid out as the mixer will lay it."""
    speech = [speaking_seconds(text, rate) for text in spoken_lines(script, show)]
    return planned_seconds(script.lines, speech, default_assets())


def fit_edition(
    articles: Sequence[Article],
    show: Show,
    when: dt.datetime,
    edition: str,
    target: float,
    rate: float = DEFAULT_RATE,
) -> tuple[Script, float, int]:
    """The edition's script, its planned length and how many stories it tells, as
    near ``target`` seconds as the news allows.

    Each story gets the same brief budget, found by bisection; when even the
    leads alone run long, the last stories of the rundown are left out.
    """

    def plan(count: int, budget: float) -> tuple[Script, float]:
        script = compose(articles[:count], show, when, "brief", story_seconds=budget,
                         edition=edition, rate=rate)  # fmt: skip
        return script, planned_length(script, show, rate)

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
