"""The Alexa Flash Briefing feed: ``flash.json``, in Amazon's JSON feed format.

Items: the 1-5 newest episodes that Amazon accepts (10 s to 10 minutes of audio),
pointing at each episode's Alexa rendition (-14 LUFS, 256 kbps).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from briefing.models import Episode
from briefing.publish.feed import episode_url
from briefing.settings import Show

MAX_ITEMS = 5
SHORTEST, LONGEST = 10.0, 600.0  # seconds Amazon allows for an audio item


def _newest_playable(episodes: Sequence[Episode]) -> list[Episode]:
    playable = [e for e in episodes if "alexa" in e.extras and SHORTEST <= e.duration <= LONGEST]
    return sorted(playable, key=lambda e: (e.published, e.id), reverse=True)[:MAX_ITEMS]


def _loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def flash_problem(show: Show, episodes: Sequence[Episode]) -> str | None:
    """Why Alexa would play nothing from flash.json, if it would not (None for a show
    that has turned its Alexa rendition off: it asked for no flash briefing)."""
    if not show.audio.alexa:
        return None
    if not _newest_playable(episodes):
        return (f"flash.json is empty: no episode has an Alexa rendition of {SHORTEST:g} s "
                f"to {LONGEST / 60:g} minutes ([audio] alexa = false turns it off)")  # fmt: skip
    # A loopback base_url is the local preview `briefing serve` gives (the default
    # show's): nothing there is published yet, so there is nothing to warn about.
    base = show.publishing.base_url
    if not base.startswith("https://") and not _loopback(base):
        return (f"flash.json: Alexa plays only HTTPS stream URLs, and base_url is "
                f"{base}; set [show] base_url to the show's https:// address")  # fmt: skip
    return None


def flash_items(show: Show, episodes: Sequence[Episode]) -> list[dict[str, Any]]:
    newest = _newest_playable(episodes)
    return [
        {
            "uid": f"urn:uuid:{e.guid}",
            # Amazon's format: UTC, with a ".0Z" fraction.
            "updateDate": e.published.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.0Z"),
            "titleText": e.title,
            "mainText": e.description.split("\n\n")[0][:4500],
            "streamUrl": episode_url(show.publishing, e, e.extras["alexa"]),
            "redirectionUrl": f"{show.publishing.base_url}#{e.id}",
        }
        for e in newest
    ]


def flash_json(show: Show, episodes: Sequence[Episode]) -> bytes:
    return (json.dumps(flash_items(show, episodes), ensure_ascii=False, indent=1) + "\n").encode()
