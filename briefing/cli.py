"""The ``briefing`` command line: the only module that imports click, prints or exits.

It parses options, builds the settings once, calls the pipeline and reports.
Every BriefingError becomes one ``Error: ...`` line and exit code 1; a
traceback is shown only with ``-v``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import traceback
from pathlib import Path
from typing import Any

import click

from briefing import __version__
from briefing.errors import BriefingError, ScriptError
from briefing.files import write_bytes
from briefing.pipeline import MakeResult, make, render, write_script
from briefing.script.normalize import Lexicon, spoken_form
from briefing.script.room import LENGTHS
from briefing.script.scriptfile import format_script
from briefing.settings import ENGINE_CHOICES, RunOptions, load_show


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
            click.echo(f"{record.levelname.lower()}: {record.name}: {message}", err=True)
        else:
            click.echo(f"{record.levelname.capitalize()}: {message}", err=True)


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


def _article_options(command: Any) -> Any:
    """Options that shape a script written from articles."""
    command = click.option(
        "--length",
        type=click.Choice(LENGTHS),
        default="full",
        show_default=True,
        help="brief: the lead and the most informative sentences (60-120 s a story).",
    )(command)
    command = click.option(
        "--date",
        "day",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        metavar="YYYY-MM-DD",
        help="Date the episode (at the show's publish time) instead of now.",
    )(command)
    return click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path))(
        command
    )


def _publish_options(command: Any) -> Any:
    """Options for commands that speak and publish an episode."""
    for option in reversed(
        (
            click.option(
                "--out",
                "out_dir",
                type=click.Path(path_type=Path),
                default=Path("public"),
                metavar="DIR",
                show_default=True,
                help="Folder to publish into (episodes/, feed.xml).",
            ),
            click.option(
                "--engine",
                type=click.Choice(ENGINE_CHOICES),
                default="auto",
                show_default=True,
                help="Speech engine; auto tries the show's engines in order (gtts, then espeak).",
            ),
            click.option(
                "--cache-dir",
                type=click.Path(path_type=Path, file_okay=False),
                envvar="BRIEFING_CACHE_DIR",
                default=None,
                help="Where synthesized clips are cached (env: BRIEFING_CACHE_DIR).",
            ),
            click.option(
                "--json", "as_json", is_flag=True, help="Print the result as one JSON object."
            ),
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
) -> RunOptions:
    return RunOptions(
        out_dir=out_dir,
        engine=engine,
        date=day.date() if day else None,
        cache_dir=cache_dir,
        length=length,
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
    cache_dir: Path | None,
    as_json: bool,
    show_file: Path | None,
) -> None:
    """Make one episode from ARTICLE files (pasted news pages, UTF-8) and publish it."""
    show = load_show(show_file)
    result = make(articles, show, _options(out_dir, engine, day, cache_dir, length))
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
    show = load_show(show_file)
    text = format_script(write_script(articles, show, _options(day=day, length=length)))
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_bytes(output, text.encode("utf-8"))
    except OSError as exc:
        raise ScriptError(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"Script:  {output}")


@cli.command("render")
@click.argument("script_file", metavar="FILE", type=click.Path(path_type=Path))
@_publish_options
@_show_option
def render_command(
    script_file: Path,
    out_dir: Path,
    engine: str,
    cache_dir: Path | None,
    as_json: bool,
    show_file: Path | None,
) -> None:
    """Speak and publish a script FILE written by `briefing script` (and perhaps edited)."""
    show = load_show(show_file)
    _report(render(script_file, show, _options(out_dir, engine, cache_dir=cache_dir)), as_json)


@cli.command("normalize")
@click.argument("text", required=False)
@_show_option
def normalize_command(text: str | None, show_file: Path | None) -> None:
    """Print the spoken form of TEXT (or of standard input), as the engines will read it."""
    show = load_show(show_file)
    lexicon = Lexicon(show.lexicon)
    source = text if text is not None else click.get_text_stream("stdin").read()
    for line in source.splitlines() or [""]:
        click.echo(spoken_form(line, lexicon))


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
