"""The Alexa Flash Briefing feed: ``flash.json``, in Amazon's JSON feed format.

Items: the 1-5 newest episodes that Amazon accepts (10 s to 10 minutes of audio),
pointing at each episode's Alexa rendition (-14 LUFS, 256 kbps).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Sequence
from typing import Any

from briefing.models import Episode
from briefing.publish.feed import episode_url
from briefing.settings import Show

log = logging.getLogger(__name__)

MAX_ITEMS = 5
SHORTEST, LONGEST = 10.0, 600.0  # seconds Amazon allows for an audio item


def flash_items(show: Show, episodes: Sequence[Episode]) -> list[dict[str, Any]]:
    playable = [e for e in episodes if "alexa" in e.extras and SHORTEST <= e.duration <= LONGEST]
    newest = sorted(playable, key=lambda e: (e.published, e.id), reverse=True)[:MAX_ITEMS]
    if not show.base_url.startswith("https://") and newest:
        log.info("flash.json: Alexa plays only HTTPS stream URLs; base_url is %s", show.base_url)
    return [
        {
            "uid": f"urn:uuid:{e.guid}",
            # Amazon's format: UTC, with a ".0Z" fraction.
            "updateDate": e.published.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.0Z"),
            "titleText": e.title,
            "mainText": e.description.split("\n\n")[0][:4500],
            "streamUrl": episode_url(show, e, e.extras["alexa"]),
            "redirectionUrl": f"{show.base_url}#{e.id}",
        }
        for e in newest
    ]


def flash_json(show: Show, episodes: Sequence[Episode]) -> bytes:
    return (json.dumps(flash_items(show, episodes), ensure_ascii=False, indent=1) + "\n").encode()
