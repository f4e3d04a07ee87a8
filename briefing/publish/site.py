"""The show's web page, ``index.html``: every episode with a player, chapters and transcript.

Rendered with jinja2 with autoescape on (article text is never trusted as
HTML). It works without JavaScript: players are plain <audio> elements with the
VTT captions as a <track>, and chapters and the timed transcript open in
<details>, each time a link into the MP3 (a media fragment, ``#t=75.2``). With
JavaScript, one small handler makes those links seek the episode's own player
instead. Dates are Indonesian ("Rabu, 25 November 2026"), and the layout holds
at 360 px.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

from briefing.dates import date_text
from briefing.models import Episode
from briefing.names import FEED_FILE
from briefing.publish.feed import web_url
from briefing.settings import Show

FULL_DETAIL = 20  # newest episodes shown with chapters and transcript; older ones as links


def _companion(out_dir: Path, episode: Episode, kind: str) -> Any:
    name = episode.extras.get(kind)
    if not name:
        return None
    try:
        return json.loads((out_dir / "episodes" / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # a page without a transcript beats no page


def _is_time(value: Any) -> bool:
    # Companion files are read from disk: a hand-edited one must not break the page.
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def _relative(name: str) -> str:
    # Relative links: the page works wherever the folder is served (serve, S3, a CDN).
    return "episodes/" + quote(name)


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _comparable(text: str) -> str:
    return re.sub(r"\W+", " ", text).casefold().strip()


def notes(episode: Episode) -> list[str]:
    """The description's paragraphs, without the episode's title where the first one
    opens with it (a one-story episode is titled after the story it summarises)."""
    paragraphs = [p for p in episode.description.split("\n\n") if p.strip()]
    if paragraphs:
        title, first = _comparable(episode.title), paragraphs[0]
        words = first.split()
        for cut in range(1, len(words) + 1):
            if _comparable(" ".join(words[:cut])) == title:
                rest = " ".join(words[cut:]).strip()
                paragraphs = ([rest] if rest else []) + paragraphs[1:]
                break
    return paragraphs


def render_site(show: Show, episodes: Sequence[Episode], cover_name: str, out_dir: Path) -> bytes:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("briefing.publish", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["clock"] = _clock
    env.filters["web_url"] = web_url
    env.filters["long_date"] = date_text
    ordered = sorted(episodes, key=lambda e: (e.published, e.id), reverse=True)
    detailed = []
    for e in ordered[:FULL_DETAIL]:
        # The catalog's chapters; a file for episodes from before it kept them.
        chapters = [{"startTime": start, "title": title} for start, title in e.chapters] or (
            _companion(out_dir, e, "chapters") or {}
        ).get("chapters", [])
        transcript = _companion(out_dir, e, "transcript") or {}
        detailed.append({
            "episode": e,
            "url": _relative(e.file),
            "captions": _relative(e.extras["vtt"]) if "vtt" in e.extras else None,
            "notes": notes(e),
            "chapters": [c for c in chapters if _is_time(c.get("startTime"))],
            "segments": [s for s in transcript.get("segments", [])
                         if _is_time(s.get("startTime"))],
        })  # fmt: skip
    feed_url = show.publishing.base_url + FEED_FILE
    return (
        env.get_template("index.html.j2")
        .render(
            show=show.identity,  # the templates know the show by its identity: show.name
            cover=cover_name,
            feed_url=feed_url,
            podcast_url="podcast://" + feed_url.split("://", 1)[1],
            detailed=detailed,
            older=[{"episode": e, "url": _relative(e.file)} for e in ordered[FULL_DETAIL:]],
        )
        .encode("utf-8")
    )
