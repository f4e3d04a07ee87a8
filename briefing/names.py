"""Names the command line offers before any stage is loaded.

They live here, in a module that imports nothing, so that `briefing --help` and the
quick commands start without importing the stages (aiohttp, trafilatura, boto3 and
the rest cost a second). The stages take their names from here too.
"""

from __future__ import annotations

LENGTHS = ("full", "brief")  # how much of each article a script tells
EDITIONS = ("pagi", "siang", "sore")  # a day's editions, in order
SHOW_FILE = "show.toml"  # the show settings `briefing init` writes
BUILTIN_ENGINES = ("edge", "espeak", "gtts")  # speech engines shipped with briefing
FEED_FILE = "feed.xml"  # the podcast feed, at the top of the published folder
