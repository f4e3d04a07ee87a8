"""The ``briefing`` command line: the only module that imports click, prints or exits.

It parses options, builds the settings once, calls the pipeline and reports.
Every BriefingError becomes one ``Error: ...`` line and exit code 1; a
traceback is shown only with ``-v``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from briefing import __version__
from briefing.errors import BriefingError, ScriptError
from briefing.names import BUILTIN_ENGINES, EDITIONS, LENGTHS, SHOW_FILE

# The stages are imported inside the commands that use them: `briefing --help` and
# the quick commands then start in a fraction of a second.
if TYPE_CHECKING:
    from briefing.daily import DailyResult
    from briefing.models import Progress
    from briefing.pipeline import MakeResult
    from briefing.settings import RunOptions


class _EngineName(click.ParamType):
    """A speech engine: a built-in one or an installed plugin, looked up only when given."""

    name = "engine"

    def __init__(self, auto: bool = False) -> None:
        self.auto = auto

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join([*(["auto"] if self.auto else []), *BUILTIN_ENGINES, "..."]) + "]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from briefing.speech.engine import available_engines

        known = [*(["auto"] if self.auto else []), *sorted(available_engines())]
        if value not in known:
            self.fail(f"{value!r} is not one of {', '.join(map(repr, known))}.", param, ctx)
        return str(value)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BriefingError as exc:
            if (ctx.obj or {}).get("verbose"):
                click.echo(traceback.format_exc().rstrip(), err=True)
            click.echo(f"Error: {_one_line(exc)}", err=True)
            ctx.exit(1)


class _EchoHandler(logging.Handler):
    """Log records as short lines on stderr: 'Warning: ...' unless verbose."""

    def __init__(self, verbose: bool) -> None:
        super().__init__(logging.DEBUG if verbose else logging.WARNING)
        self.verbose = verbose

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if self.verbose:
            line = f"{record.levelname.lower()}: {record.name}: {message}"
        else:
            line = f"{record.levelname.capitalize()}: {message}"
        stages = _Stages.active
        if stages is not None:
            stages.echo_between(line)  # never onto a progress bar's line
        else:
            click.echo(line, err=True)


def _setup_logging(verbose: bool) -> None:
    logger = logging.getLogger("briefing")
    logger.handlers[:] = [_EchoHandler(verbose)]
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
    logger.propagate = False


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
@click.option("-v", "--verbose", is_flag=True, help="Show progress details and tracebacks.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """Turn Indonesian news articles into a podcast episode and its feed."""
    ctx.obj = {"verbose": verbose}
    _setup_logging(verbose)


def _show_option(command: Any) -> Any:
    return click.option(
        "--show",
        "show_file",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="Show settings (TOML) overriding the built-in show.",
    )(command)


def _date_option(help: str) -> Callable[[Any], Any]:
    return click.option(
        "--date",
        "day",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        metavar="YYYY-MM-DD",
        help=help,
    )


def _article_options(command: Any) -> Any:
    """Options that shape a script written from articles."""
    command = click.option(
        "--length",
        type=click.Choice(LENGTHS),
        default="full",
        show_default=True,
        help="brief: the lead and the most informative sentences (60-120 s a story).",
    )(command)
    command = _date_option("Date the episode (at the show's publish time) instead of now.")(command)
    return click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path))(
        command
    )


_OUT_DIR = click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("public"),
    metavar="DIR",
    show_default=True,
    help="The published folder (episodes/, feed.xml, ...).",
)


_CACHE_DIR = click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    envvar="BRIEFING_CACHE_DIR",
    default=None,
    help="The clip cache (env: BRIEFING_CACHE_DIR).",
)


def _publish_options(command: Any) -> Any:
    """Options for commands that speak and publish an episode."""
    for option in reversed(
        (
            _OUT_DIR,
            click.option(
                "--engine",
                type=_EngineName(auto=True),
                default="auto",
                show_default=True,
                help="Speech engine; auto tries the show's engines in order (edge, gtts, espeak).",
            ),
            click.option(
                "--strict",
                is_flag=True,
                help="Fail when an engine can't be reached instead of falling back to the next.",
            ),
            _CACHE_DIR,
            click.option("--json", "as_json", is_flag=True, help="Print the result as JSON."),
        )
    ):
        command = option(command)
    return command


def _options(
    out_dir: Path = Path("public"),
    engine: str = "auto",
    day: dt.datetime | None = None,
    cache_dir: Path | None = None,
    length: str = "full",
    strict: bool = False,
) -> RunOptions:
    from briefing.settings import RunOptions

    return RunOptions(
        out_dir=out_dir,
        engine=engine,
        date=day.date() if day else None,
        cache_dir=cache_dir,
        length=length,
        strict=strict,
    )


@cli.command("make")
@_article_options
@_publish_options
@_show_option
def make_command(
    articles: tuple[Path, ...],
    day: dt.datetime | None,
    length: str,
    out_dir: Path,
    engine: str,
    strict: bool,
    cache_dir: Path | None,
    as_json: bool,
    show_file: Path | None,
) -> None:
    """Make one episode from ARTICLE files (pasted news pages as UTF-8 text, or saved
    web pages) and publish it."""
    from briefing.pipeline import make
    from briefing.settings import load_show

    show = load_show(show_file)
    options = _options(out_dir, engine, day, cache_dir, length, strict)
    result = make(articles, show, options, _Stages(as_json, lines=False))
    _report(result, as_json)


@cli.command("script")
@_article_options
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the script to this file instead of standard output.",
)
@_show_option
def script_command(
    articles: tuple[Path, ...],
    day: dt.datetime | None,
    length: str,
    output: Path | None,
    show_file: Path | None,
) -> None:
    """Write the room script for ARTICLE files, to edit and then `briefing render`."""
    from briefing.pipeline import save_script, write_script
    from briefing.script.scriptfile import format_script
    from briefing.settings import load_show

    show = load_show(show_file)
    script = write_script(articles, show, _options(day=day, length=length))
    if output is None:
        click.echo(format_script(script), nl=False)
        return
    save_script(script, output)
    click.echo(f"Script:  {output}")


@cli.command("render")
@click.argument("script_file", metavar="FILE", type=click.Path(path_type=Path))
@_publish_options
@_show_option
def render_command(
    script_file: Path,
    out_dir: Path,
    engine: str,
    strict: bool,
    cache_dir: Path | None,
    as_json: bool,
    show_file: Path | None,
) -> None:
    """Speak and publish a script FILE written by `briefing script` (and perhaps edited)."""
    from briefing.pipeline import render
    from briefing.settings import load_show

    show = load_show(show_file)
    options = _options(out_dir, engine, cache_dir=cache_dir, strict=strict)
    _report(render(script_file, show, options, _Stages(as_json, lines=False)), as_json)


def _stdin_lines() -> Iterator[str]:
    # Read as bytes and decode line by line: a batch streams, and a line that is
    # not UTF-8 is named rather than ending the run in a traceback.
    for number, raw in enumerate(click.get_binary_stream("stdin"), start=1):
        try:
            yield raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            raise ScriptError(f"standard input line {number} is not UTF-8 text") from None


@cli.command("normalize")
@click.argument("text", required=False)
@_show_option
@click.option(
    "--tsv", is_flag=True, help="Print each line as written, a tab, then its spoken form."
)
@click.option("--ipa", is_flag=True, help="Add how espeak-ng pronounces it, in IPA.")
def normalize_command(text: str | None, show_file: Path | None, tsv: bool, ipa: bool) -> None:
    """Print the spoken form of TEXT (or of each line of standard input), as the engines read it."""
    from briefing.script.normalize import spoken_former
    from briefing.settings import load_show

    show = load_show(show_file)
    spoken_form = spoken_former(show.speech.lexicon)
    if ipa:
        from briefing.pipeline import espeak_phonemes

        phonemes = espeak_phonemes()
    else:
        phonemes = None
    lines = (text.splitlines() or [""]) if text is not None else _stdin_lines()
    out = click.get_text_stream("stdout")
    for line in lines:
        fields = [spoken_form(line)]
        if tsv:
            # Tabs in the written line would shift the columns; the spoken form has none.
            fields.insert(0, line.replace("\t", " "))
        if phonemes:
            fields.append(phonemes(fields[-1]))
        out.write("\t".join(fields) + "\n")
    out.flush()


@cli.command("publish")
@_OUT_DIR
@_show_option
def publish_command(out_dir: Path, show_file: Path | None) -> None:
    """Rebuild the feed and pages of DIR from its catalog alone (after changing the show)."""
    from briefing.publish import republish
    from briefing.publish.cover import load_cover
    from briefing.settings import load_show

    show = load_show(show_file)
    click.echo(f"Feed:    {republish(out_dir, show, load_cover(show.identity))}")


@cli.command("serve")
@_OUT_DIR
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
def serve_command(out_dir: Path, host: str, port: int) -> None:
    """Serve the published folder DIR to podcast apps and browsers (HEAD, byte ranges)."""
    from briefing.publish.server import feed_to_serve, serve

    feed = feed_to_serve(out_dir)
    click.echo(f"Serving {out_dir} at http://{host}:{port}/ (feed: http://{host}:{port}/{feed})")
    click.echo("Press Ctrl+C to stop.")
    serve(out_dir, host, port)


@cli.command("deploy")
@_OUT_DIR
@click.option(
    "--to", "target", required=True, metavar="s3://BUCKET/PREFIX", help="Where to upload."
)
@click.option("--endpoint-url", default=None, help="S3-compatible service URL (MinIO, R2, ...).")
@click.option("--delete", is_flag=True, help="Also remove remote files no longer in DIR.")
def deploy_command(out_dir: Path, target: str, endpoint_url: str | None, delete: bool) -> None:
    """Upload the published folder DIR to S3-compatible storage (changed files only)."""
    from briefing.publish.deploy import deploy

    report = deploy(out_dir, target, endpoint_url, delete)
    deleted = f", {len(report.deleted)} deleted" if delete else ""
    click.echo(
        f"Uploaded {len(report.uploaded)} files, {len(report.unchanged)} unchanged{deleted} "
        f"to {target}"
    )


@cli.group("episodes")
def episodes_group() -> None:
    """List or remove published episodes."""


@episodes_group.command("list")
@_OUT_DIR
@click.option("--json", "as_json", is_flag=True, help="Print the catalog as JSON.")
def episodes_list(out_dir: Path, as_json: bool) -> None:
    """The episodes in DIR's catalog, newest first."""
    from briefing.publish.catalog import load_catalog

    episodes = load_catalog(out_dir)
    if as_json:
        import msgspec

        click.echo(json.dumps(msgspec.to_builtins(episodes), ensure_ascii=False, indent=1))
        return
    for e in episodes:
        minutes, seconds = divmod(round(e.duration), 60)
        click.echo(
            f"{e.id}  v{e.version}  {minutes}:{seconds:02d}  {', '.join(e.engines)}  {e.title}"
        )
    click.echo(f"{len(episodes)} episode{'s' if len(episodes) != 1 else ''} in {out_dir}")


@episodes_group.command("remove")
@click.argument("episode_id", metavar="ID")
@_OUT_DIR
@_show_option
def episodes_remove(episode_id: str, out_dir: Path, show_file: Path | None) -> None:
    """Take episode ID out of the feed and delete its files."""
    from briefing.publish import remove_episode
    from briefing.publish.cover import load_cover
    from briefing.settings import load_show

    show = load_show(show_file)
    gone = remove_episode(out_dir, show, episode_id, load_cover(show.identity))
    click.echo(f"Removed {gone.id} ({len(gone.files)} files)")


@cli.group("cache")
def cache_group() -> None:
    """Inspect or empty the cache of synthesized clips."""


@cache_group.command("info")
@_CACHE_DIR
def cache_info(cache_dir: Path | None) -> None:
    """Where the clip cache is, and how many clips and bytes each engine has in it."""
    from briefing.pipeline import clip_cache

    cache = clip_cache(cache_dir)
    stats = cache.stats()
    click.echo(f"Cache:   {cache.root}")
    for engine, s in stats.items():
        click.echo(f"{engine + ':':<8} {s.clips} clips, {_size(s.size)}")
    total = sum(s.clips for s in stats.values()), sum(s.size for s in stats.values())
    click.echo(f"Total:   {total[0]} clips, {_size(total[1])}")


@cache_group.command("clear")
@_CACHE_DIR
@click.option("--engine", type=_EngineName(), default=None, help="Only this engine's clips.")
def cache_clear(cache_dir: Path | None, engine: str | None) -> None:
    """Delete cached clips (all, or one engine's). Episodes already published are untouched."""
    from briefing.pipeline import clip_cache

    cache = clip_cache(cache_dir)
    removed = cache.clear(engine)
    click.echo(f"Removed {removed.clips} clips, {_size(removed.size)} from {cache.root}")


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.1f} kB"


PREVIEW_TEXT = "Selamat pagi, ini kabar hari Senin, 24 November 2026, pukul 06.00 WIB."


@cli.command("voices")
@_show_option
@click.option("--preview", "role", default=None, help="Write a sample of this role's voice.")
@click.option("--engine", type=_EngineName(), default=None, help="Engine for --preview.")
@click.option("--text", default=PREVIEW_TEXT, show_default=False, help="What the preview says.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Preview file (default: preview-ROLE-ENGINE.mp3 or .wav).")  # fmt: skip
def voices_command(
    show_file: Path | None, role: str | None, engine: str | None, text: str, output: Path | None
) -> None:
    """List speech engines, whether they can speak now, their voices, and the show's roles."""
    from briefing.pipeline import preview_voice
    from briefing.settings import load_show
    from briefing.speech.engine import describe_engines

    show = load_show(show_file)
    if role is not None:
        click.echo(f"Preview: {preview_voice(role, text, show, engine, output)}")
        return
    for info in describe_engines(show):
        state = "available" if info.problem is None else f"unavailable: {info.problem}"
        click.echo(f"{info.name} ({info.version}): {state}")
        if info.voices:
            shown = ", ".join(info.voices[:12]) + (", ..." if len(info.voices) > 12 else "")
            click.echo(f"  voices ({len(info.voices)}): {shown}")
        for role_name, spec in show.room.roles.items():
            params = " ".join(f"{k}={v}" for k, v in spec.voice.get(info.name, {}).items())
            click.echo(f"  {role_name:<10} {spec.name:<8} {params}")
    click.echo(f"Fallback order: {', '.join(show.speech.engines)}")
    click.echo("Preview a voice: briefing voices --preview moderator --engine espeak -o sample.wav")


class _Stages:
    """Progress for the long stages: bars on a terminal; elsewhere a few plain lines
    (``lines``: logs and cron mail stay short) or nothing; nothing with --quiet.

    A warning logged while a bar is drawn gets a line of its own: the handler
    clears the bar's line first and the bar is drawn again below the warning."""

    active: _Stages | None = None  # the one whose bar is on screen, for the log handler

    def __init__(self, quiet: bool, lines: bool = True) -> None:
        self.quiet = quiet
        self.lines = lines
        self.tty = sys.stderr.isatty()
        self.lock = threading.RLock()  # clips finish on worker threads
        self.bar: Any = None
        self.owner = ""  # the stage whose bar is drawn

    def __call__(self, stage: str) -> Progress:
        shown = 0
        said = -1
        ended = False

        def progress(done: int, total: int) -> None:
            nonlocal shown, said, ended
            if self.quiet or total <= 0 or (ended and done >= total):
                return
            ended = done >= total
            with self.lock:
                if self.tty:
                    if self.bar is None or self.owner != stage or shown > done:
                        self._close()
                        self.owner = stage
                        self.bar = click.progressbar(length=total, label=f"{stage:<10}",
                                                     file=sys.stderr)  # fmt: skip
                        self.bar.__enter__()
                        shown = 0
                        _Stages.active = self
                    self.bar.update(done - shown)
                    shown = done
                    if done >= total:
                        self._close()
                    return
                if not self.lines:
                    return
                # Plain lines: the start, each quarter, the end.
                quarter = 4 * done // total
                if quarter != said:
                    said = quarter
                    click.echo(f"{stage}: {done}/{total}", err=True)

        return progress

    def _close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
        _Stages.active = None

    def echo_between(self, message: str) -> None:
        """``message`` on a line of its own above the bar, which is then drawn again."""
        with self.lock:
            if self.bar is None:
                click.echo(message, err=True)
                return
            click.echo("\r\x1b[K" + message, err=True)  # carriage return, clear the line
            self.bar.render_progress()


@cli.command("daily")
@_show_option
@_date_option("Make the edition of this day (at the edition's hour) instead of today's.")
@click.option(
    "--edition",
    type=click.Choice(EDITIONS),
    default=None,
    help="Which edition; default: the one due at this hour.",
)
@click.option(
    "--max-stories",
    type=click.IntRange(1, 30),
    default=None,
    metavar="N",
    help="At most N stories (show default: daily.max_stories).",
)
@click.option(
    "--target-minutes",
    type=click.FloatRange(1, 120),
    default=None,
    metavar="M",
    help="Fit the edition to about M minutes (show default: daily.target_minutes).",
)
@_publish_options
@click.option("--force", is_flag=True, help="Rebuild an edition already published (same guid).")
@click.option("--dry-run", is_flag=True, help="Show the rundown; speak and publish nothing.")
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary; only problems.")
@click.option("-v", "--verbose", is_flag=True, help="Show each step, and tracebacks.")
@click.pass_context
def daily_command(
    ctx: click.Context,
    show_file: Path | None,
    day: dt.datetime | None,
    edition: str | None,
    max_stories: int | None,
    target_minutes: float | None,
    out_dir: Path,
    engine: str,
    strict: bool,
    cache_dir: Path | None,
    as_json: bool,
    force: bool,
    dry_run: bool,
    quiet: bool,
    verbose: bool,
) -> None:
    """Make today's edition from the show's sources, once: the newest stories not yet
    on air, each told once, fitted to the target length, in one room."""
    from briefing.daily import daily
    from briefing.settings import DailyRun, load_show

    if verbose:
        ctx.obj["verbose"] = True
        _setup_logging(True)
    show = load_show(show_file)
    run = DailyRun(edition, max_stories, target_minutes, force, dry_run)
    options = _options(out_dir, engine, day, cache_dir, "brief", strict)
    result = daily(show, options, run, _Stages(quiet or as_json))
    if as_json:
        click.echo(json.dumps(_daily_json(result), ensure_ascii=False))
    elif not quiet:
        _report_daily(result)


def _report_daily(result: DailyResult) -> None:
    if result.nothing_new is not None:
        click.echo(f"Nothing new for the {result.edition} edition: {result.nothing_new}.")
        return
    if result.existing is not None:
        e = result.existing
        click.echo(f"Already published: {e.id} (v{e.version}, episodes/{e.file}); nothing to do. "
                   "Use --force to rebuild it.")  # fmt: skip
        return
    minutes, seconds = divmod(round(result.planned), 60)
    click.echo(f"Edition: {result.episode_id}, {len(result.stories)} stories, "
               f"planned {minutes}:{seconds:02d}")  # fmt: skip
    for number, story in enumerate(result.stories, start=1):
        click.echo(f"  {number}. {story.lead.title} ({', '.join(story.outlets)})")
    if result.failures:
        n = len(result.failures)
        click.echo(f"Problems: {n} source{'s' if n > 1 else ''} or stor{'ies' if n > 1 else 'y'} "
                   "could not be read (warnings above)")  # fmt: skip
    if result.published is None:
        if result.verdicts:
            click.echo("Candidates:")
            width = max(len(v.verdict) for v in result.verdicts)
            for v in result.verdicts:
                note = f"; {v.note}" if v.note else ""
                click.echo(f"  {v.verdict:<{width}}  {v.title} ({v.outlet}{note})")
        click.echo("Dry run: nothing spoken or published.")
    else:
        _report(result.published, False)


def _daily_status(result: DailyResult) -> str:
    if result.nothing_new is not None:
        return "nothing-new"
    if result.existing:
        return "exists"
    return "made" if result.published else "dry-run"


def _daily_json(result: DailyResult) -> dict[str, Any]:
    return {
        "id": result.episode_id,
        "edition": result.edition,
        "status": _daily_status(result),
        **({"reason": result.nothing_new} if result.nothing_new is not None else {}),
        "planned": round(result.planned, 1),
        "stories": [
            {"title": s.lead.title, "outlets": list(s.outlets), "urls": [i.url for i in s.items]}
            for s in result.stories
        ],
        "failures": list(result.failures),
        "candidates": [
            {"title": v.title, "outlet": v.outlet, "verdict": v.verdict, "note": v.note}
            for v in result.verdicts
        ],
        **(_result_json(result.published) if result.published else {}),
    }


@cli.command("init")
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path, file_okay=False))
@click.option("--name", default="Ruang Kabar", show_default=True, help="The show's name.")
def init_command(folder: Path, name: str) -> None:
    """Start a new show in DIR: show TOML with sources, articles/, templates/, cover."""
    from briefing.scaffold import init_show

    made = init_show(folder, name)
    click.echo(f"Created {len(made)} files in {folder}:")
    for path in made:
        click.echo(f"  {path}")
    click.echo(f"Next: edit {folder / SHOW_FILE}, then: briefing daily --show {folder / SHOW_FILE}")


def _report(result: MakeResult, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(_result_json(result), ensure_ascii=False))
        return
    minutes, seconds = divmod(round(result.episode.duration), 60)
    engines = ", ".join(result.episode.engines)
    click.echo(f"Episode: {result.mp3} ({minutes}:{seconds:02d}, {engines})")
    click.echo(f"Feed:    {result.feed}")


def _result_json(result: MakeResult) -> dict[str, Any]:
    return {
        "episode": str(result.mp3),
        "feed": str(result.feed),
        "id": result.episode.id,
        "guid": result.episode.guid,
        "title": result.episode.title,
        "duration": round(result.episode.duration, 3),
        "size": result.episode.size,
        "engines": list(result.episode.engines),
        "lines": len(result.script.lines),
    }
