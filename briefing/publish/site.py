"""The show's web page, ``index.html``: every episode with a player, chapters and transcript.

Rendered with jinja2 with autoescape on (article text is never trusted as
HTML), and works without JavaScript: players are plain <audio> elements and
chapters and transcripts open in <details>.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

from briefing.models import Episode
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


def _relative(name: str) -> str:
    # Relative links: the page works wherever the folder is served (serve, S3, a CDN).
    return "episodes/" + quote(name)


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def render_site(show: Show, episodes: Sequence[Episode], cover_name: str, out_dir: Path) -> bytes:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("briefing.publish", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["clock"] = _clock
    env.filters["web_url"] = web_url
    ordered = sorted(episodes, key=lambda e: (e.published, e.id), reverse=True)
    detailed = []
    for e in ordered[:FULL_DETAIL]:
        chapters = _companion(out_dir, e, "chapters") or {}
        transcript = _companion(out_dir, e, "transcript") or {}
        detailed.append({
            "episode": e,
            "url": _relative(e.file),
            "chapters": chapters.get("chapters", []),
            "segments": transcript.get("segments", []),
        })  # fmt: skip
    feed_url = show.base_url + "feed.xml"
    return (
        env.get_template("index.html.j2")
        .render(
            show=show,
            cover=cover_name,
            feed_url=feed_url,
            podcast_url="podcast://" + feed_url.split("://", 1)[1],
            detailed=detailed,
            older=[{"episode": e, "url": _relative(e.file)} for e in ordered[FULL_DETAIL:]],
        )
        .encode("utf-8")
    )
