"""Show settings: built-in defaults, then a TOML file, then command-line flags.

Everything is a frozen dataclass built once at CLI entry and passed down
explicitly; no module keeps configuration of its own.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tomllib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from briefing.boundary import refuse_bad_characters, refuse_in_values
from briefing.errors import SettingsError
from briefing.names import EDITIONS

ROLES = ("moderator", "reporter", "analyst", "quote")


@dataclass(frozen=True)
class Role:
    """A person on stage: the name listeners hear and, per engine, how they sound."""

    name: str
    # engine name -> that engine's parameters for this role, e.g.
    # {"espeak": {"voice": "id+f2", "rate": 165}, "gtts": {"tld": "co.id"}}
    voice: Mapping[str, Mapping[str, Any]]


def _default_roles() -> dict[str, Role]:
    # Microsoft has two Indonesian neural voices, Gadis (female) and Ardi (male). The
    # moderator speaks between every other line, so she is Gadis and the reporter and
    # analyst, her most frequent partners, are Ardi; the quote reader, who follows
    # all three, is Gadis again, higher and slower than the moderator. Reporter and
    # analyst never follow each other, and still differ in pitch and pace.
    # Google has one Indonesian (female) voice: roles differ by pitch (semitones),
    # tempo and tld. Lowered pitch with shifted formants reads as a male speaker.
    # espeak-ng: the variants a speech recognizer understands best (scripts/bench.py
    # --only listen): f4 of the female ones (f2 was heard worst), m3 and m7 of the
    # male ones, each at a pitch at least 15% from the others; higher pitch and a
    # wider range made every variant harder to understand.
    return {
        "moderator": Role(
            "Rina",
            {
                "edge": {"voice": "id-ID-GadisNeural", "rate": 0, "pitch": 0},
                "espeak": {"voice": "id+f4", "rate": 160, "pitch": 70},
                "gtts": {"tld": "co.id", "pitch": 0, "tempo": 1.0},
            },
        ),
        "reporter": Role(
            "Bima",
            {
                "edge": {"voice": "id-ID-ArdiNeural", "rate": 5, "pitch": 0},
                "espeak": {"voice": "id+m3", "rate": 160, "pitch": 50},
                "gtts": {"tld": "com", "pitch": -5, "tempo": 1.06},
            },
        ),
        "analyst": Role(
            "Dimas",
            {
                "edge": {"voice": "id-ID-ArdiNeural", "rate": -5, "pitch": -10},
                "espeak": {"voice": "id+m7", "rate": 150, "pitch": 15},
                "gtts": {"tld": "com", "pitch": -8, "tempo": 0.93},
            },
        ),
        "quote": Role(
            "Sari",
            {
                "edge": {"voice": "id-ID-GadisNeural", "rate": -8, "pitch": 15},
                "espeak": {"voice": "id+f4", "rate": 155, "pitch": 85},
                "gtts": {"tld": "com", "pitch": 3, "tempo": 0.95},
            },
        ),
    }


SOURCE_KINDS = ("feed", "page", "folder")


@dataclass(frozen=True)
class NewsSource:
    """Where a daily edition finds stories: an RSS/Atom feed, one web page or a folder."""

    name: str
    kind: str  # one of SOURCE_KINDS
    location: str  # the URL, or the folder's absolute path
    outlet: str | None = None  # the credit, when the feed's or page's own name won't do
    max_items: int = 30  # newest items read from a feed


@dataclass(frozen=True)
class Daily:
    """How ``briefing daily`` builds an edition, and where it finds the news."""

    target_minutes: float = 6.0
    max_stories: int = 6
    max_age_hours: float = 36.0  # older stories are not news any more
    aired_days: int = 3  # earlier editions whose stories a candidate is compared with, by content
    source_deadline: float = 60.0  # seconds one source (a feed, or a story's page) may take
    fetch_deadline: float = 300.0  # seconds all of a run's fetching may take
    # Fetch private, loopback and link-local addresses beyond the sources' own origins.
    allow_private_addresses: bool = False
    # When each edition airs, in the show's zone.
    editions: Mapping[str, dt.time] = field(
        default_factory=lambda: {"pagi": dt.time(6), "siang": dt.time(12), "sore": dt.time(17)}
    )
    sources: tuple[NewsSource, ...] = ()


@dataclass(frozen=True)
class Identity:
    """Who the show is: what the feed, the tags and the room say of it."""

    name: str = "Ruang Kabar"
    author: str = "Redaksi Ruang Kabar"
    email: str = "redaksi@example.org"
    description: str = (
        "Ruang Kabar membacakan berita pilihan hari ini dalam format obrolan: "
        "moderator, reporter dan analis membahas setiap cerita dari sumber aslinya."
    )
    language: str = "id"
    timezone: str = "Asia/Jakarta"
    category: str = "News"
    subcategory: str = "Daily News"
    explicit: bool = False
    cover: Path | None = None
    # The hour an edition is dated when --date pins the day, in the show's zone.
    publish_time: dt.time = dt.time(6, 0)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Room:
    """The people on stage and the templates that write their words."""

    roles: Mapping[str, Role] = field(default_factory=_default_roles)
    templates: Path | None = None  # the show's own templates, over the built-in ones


@dataclass(frozen=True)
class Online:
    """How an online engine asks its service: patience, pace and retries."""

    timeout: float = 15.0  # seconds, per request
    rate: float = 15.0  # requests per second, shared by all threads
    tries: int = 5  # attempts per request before the service counts as unavailable
    backoff: float = 0.5  # seconds before the first retry; doubles each time
    # Where to reach the service instead of its public address (edge: a ws:// or
    # wss:// URL); empty: the public one.
    endpoint: str = ""


@dataclass(frozen=True)
class Speaking:
    """How the lines become speech: the engines in order, and what they read."""

    engines: tuple[str, ...] = ("edge", "gtts", "espeak")
    workers: int = 4  # clips synthesized at once
    # The show's own pronunciation entries ("written" -> "said"), over the built-in ones.
    lexicon: Mapping[str, str] = field(default_factory=dict)
    gtts: Online = field(default_factory=Online)
    # Microsoft's service answers a clip in one websocket exchange: fewer, slower requests.
    edge: Online = field(default_factory=lambda: Online(timeout=20.0, rate=5.0))


@dataclass(frozen=True)
class Sound:
    """The episode's audio files."""

    bitrate: int = 96  # kbps, the podcast MP3 (CBR, mono, 44.1 kHz)
    alexa: bool = True  # also make the Alexa rendition (-14 LUFS) for flash.json


@dataclass(frozen=True)
class Publishing:
    """Where the show is published and what its feed promises podcast apps."""

    base_url: str = "http://127.0.0.1:8000/"
    keep_last: int = 0  # episodes kept in the feed and on disk; 0 keeps them all
    locked: bool = True  # podcast:locked: other platforms may not import the feed
    # podcast:guid, when the show names it (a show moved to a new folder keeps its
    # old one); otherwise the catalog pins it the first time the feed is built.
    podcast_guid: str = ""
    new_feed_url: str = ""  # the show moved: where its feed now is (itunes:new-feed-url)
    numbered: bool = False  # write itunes:episode numbers (and itunes:season when set)
    season: int = 0


@dataclass(frozen=True)
class Show:
    """One podcast, in sections, each passed where it is needed: its identity, the
    room (roles and templates), speech, sound, publishing and daily editions."""

    identity: Identity = field(default_factory=Identity)
    room: Room = field(default_factory=Room)
    speech: Speaking = field(default_factory=Speaking)
    audio: Sound = field(default_factory=Sound)
    publishing: Publishing = field(default_factory=Publishing)
    daily: Daily = field(default_factory=Daily)

    @property
    def zone(self) -> ZoneInfo:
        return self.identity.zone

    def role(self, name: str) -> Role:
        return self.room.roles[name]


_SECTIONS = ("identity", "room", "speech", "audio", "publishing", "daily")


def changed(show: Show, **changes: Any) -> Show:
    """``show`` with settings changed by their flat names, as the TOML file names
    them (``base_url``, ``templates``, ``gtts_rate``...), each in its own section."""
    sections: dict[str, dict[str, Any]] = {}
    online: dict[str, dict[str, Any]] = {}
    for key, value in changes.items():
        if (named := _online_key(key)) is not None:
            online.setdefault(named[0], {})[named[1]] = value
            continue
        home = next((name for name in _SECTIONS if key in _field_names(getattr(show, name))), None)
        if home is None:
            raise TypeError(f"no show setting is named {key!r}")
        sections.setdefault(home, {})[key] = value
    for service, values in online.items():
        settings = dataclasses.replace(getattr(show.speech, service), **values)
        sections.setdefault("speech", {})[service] = settings
    return dataclasses.replace(
        show,
        **{name: dataclasses.replace(getattr(show, name), **values)
           for name, values in sections.items()},
    )  # fmt: skip


def _field_names(section: Any) -> set[str]:
    return {f.name for f in dataclasses.fields(section)}


@dataclass(frozen=True)
class RunOptions:
    """What one command run was asked to do, beside the show itself."""

    out_dir: Path
    engine: str = "auto"
    date: dt.date | None = None
    cache_dir: Path | None = None
    length: str = "full"
    strict: bool = False  # fail instead of falling back to the next engine


@dataclass(frozen=True)
class DailyRun:
    """What one ``briefing daily`` run was asked for, over the show's [daily] table."""

    edition: str | None = None  # None: the edition due at this hour
    max_stories: int | None = None
    target_minutes: float | None = None
    force: bool = False  # rebuild an edition already published (same guid, new file)
    dry_run: bool = False  # choose and write the rundown, but speak and publish nothing


# [show] keys: their type, and the section each belongs to.
_SHOW_KEYS: dict[str, tuple[type, str]] = {
    **{key: (str, "identity") for key in ("name", "author", "email", "description", "language",
                                          "timezone", "category", "subcategory", "cover",
                                          "publish_time")},
    "explicit": (bool, "identity"),
    "templates": (str, "room"),
    "lexicon": (str, "speech"),
    **{key: (str, "publishing") for key in ("base_url", "podcast_guid", "new_feed_url")},
    "keep_last": (int, "publishing"),
    "locked": (bool, "publishing"),
    "numbered": (bool, "publishing"),
    "season": (int, "publishing"),
}  # fmt: skip


# [speech] numbers: type and accepted range.
_SPEECH_NUMBERS: dict[str, tuple[type, float, float]] = {
    "workers": (int, 1, 32),
}
# [speech] gtts_timeout is Speaking.gtts.timeout, edge_rate Speaking.edge.rate...
ONLINE_SERVICES = ("gtts", "edge")
_ONLINE_NUMBERS: dict[str, tuple[type, float, float]] = {
    "timeout": (float, 0.5, 300),
    "rate": (float, 0.1, 100),
    "tries": (int, 1, 20),
    "backoff": (float, 0.0, 60),
}


def load_show(path: Path | None) -> Show:
    """The default show, overridden by the TOML file at ``path`` when given."""
    if path is None:
        return _validated(Show())
    try:
        text = path.read_text(encoding="utf-8")
        refuse_bad_characters(text, str(path), SettingsError)
        data = tomllib.loads(text)
        refuse_in_values(data, str(path), SettingsError)
    except FileNotFoundError:
        raise SettingsError(f"show file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"cannot read show file {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"show file {path} is not valid TOML: {exc}") from None
    return _validated(show_from_mapping(data, base_dir=path.parent, origin=str(path)))


def show_from_mapping(data: Mapping[str, Any], *, base_dir: Path, origin: str) -> Show:
    """Apply a parsed TOML document on top of the defaults."""
    unknown = set(data) - {"show", "speech", "roles", "audio", "daily", "sources"}
    if unknown:
        raise SettingsError(f"{origin}: unknown table(s): {', '.join(sorted(unknown))}")
    changes: dict[str, dict[str, Any]] = {
        "identity": {}, "room": {}, "speech": {}, "audio": {}, "publishing": {}, "daily": {},
    }  # fmt: skip

    table = _table(data, "show", origin)
    for key, value in table.items():
        spec = _SHOW_KEYS.get(key)
        if spec is None:
            raise SettingsError(f"{origin}: unknown key show.{key}")
        kind, section = spec
        if not isinstance(value, kind):
            raise SettingsError(f"{origin}: show.{key} must be a {kind.__name__}")
        if key in ("cover", "templates"):
            value = (base_dir / str(value)).resolve()
        elif key == "keep_last":
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise SettingsError(f"{origin}: show.keep_last must be 0 (keep all) or more")
        elif key == "lexicon":
            value = _load_lexicon((base_dir / str(value)).resolve(), origin)
        elif key == "publish_time":
            value = _parse_time(str(value), origin, "show.publish_time")
        changes[section][key] = value

    speech = _table(data, "speech", origin)
    online: dict[str, dict[str, Any]] = {}
    for key, value in speech.items():
        service, setting = _online_key(key) or ("", "")
        if setting in _ONLINE_NUMBERS:
            number = _number(value, _ONLINE_NUMBERS[setting], f"{origin}: speech.{key}")
            online.setdefault(service, {})[setting] = number
        elif setting == "endpoint":
            online.setdefault(service, {})[setting] = _endpoint(value, f"{origin}: speech.{key}")
        elif key == "engines":
            if not (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
                raise SettingsError(f"{origin}: speech.engines must be a list of engine names")
            changes["speech"]["engines"] = tuple(value)
        elif key in _SPEECH_NUMBERS:
            changes["speech"][key] = _number(value, _SPEECH_NUMBERS[key], f"{origin}: speech.{key}")
        else:
            raise SettingsError(f"{origin}: unknown key speech.{key}")
    for service, values in online.items():
        changes["speech"][service] = dataclasses.replace(getattr(Speaking(), service), **values)

    for key, value in _table(data, "audio", origin).items():
        if key == "alexa":
            if not isinstance(value, bool):
                raise SettingsError(f"{origin}: audio.alexa must be true or false")
            changes["audio"]["alexa"] = value
            continue
        if key != "bitrate":
            raise SettingsError(f"{origin}: unknown key audio.{key}")
        if value not in (32, 48, 64, 96, 112, 128, 160, 192):
            raise SettingsError(f"{origin}: audio.bitrate must be one of 32, 48, 64, 96, 112, "
                                "128, 160, 192 (kbps)")  # fmt: skip
        changes["audio"]["bitrate"] = value

    roles_table = _table(data, "roles", origin)
    if roles_table:
        roles = dict(Room().roles)
        for role_name, spec in roles_table.items():
            if role_name not in ROLES:
                raise SettingsError(
                    f"{origin}: unknown role {role_name!r} (roles: {', '.join(ROLES)})"
                )
            if not isinstance(spec, dict):
                raise SettingsError(f"{origin}: roles.{role_name} must be a table")
            roles[role_name] = _merge_role(roles[role_name], spec, f"{origin}: roles.{role_name}")
        changes["room"]["roles"] = roles

    if "daily" in data:
        changes["daily"] = _daily(_table(data, "daily", origin), origin)
    if "sources" in data:
        changes["daily"]["sources"] = _sources(data["sources"], base_dir, origin)
    return Show(
        identity=Identity(**changes["identity"]),
        room=Room(**changes["room"]),
        speech=Speaking(**changes["speech"]),
        audio=Sound(**changes["audio"]),
        publishing=Publishing(**changes["publishing"]),
        daily=Daily(**changes["daily"]),
    )


# [daily] numbers: type and accepted range.
_DAILY_NUMBERS: dict[str, tuple[type, float, float]] = {
    "target_minutes": (float, 1, 120),
    "max_stories": (int, 1, 30),
    "max_age_hours": (float, 1, 24 * 31),
    "aired_days": (int, 0, 31),
    "source_deadline": (float, 1, 3600),
    "fetch_deadline": (float, 1, 4 * 3600),
}


def _online_key(key: str) -> tuple[str, str] | None:
    """(service, setting) for a flat [speech] key like ``edge_rate``; None for others."""
    service, _, setting = key.partition("_")
    return (service, setting) if service in ONLINE_SERVICES and setting else None


def _endpoint(value: Any, where: str) -> str:
    # A show file names the service's address itself, as a source names its origin.
    if not isinstance(value, str) or not re.fullmatch(r"wss?://[^/\s?#]+(/[^\s#]*)?", value):
        raise SettingsError(f"{where} must be a ws:// or wss:// URL")
    return value


def _number(value: Any, spec: tuple[type, float, float], where: str) -> Any:
    kind, low, high = spec
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if not number or not low <= value <= high or (kind is int and value != int(value)):
        what = "whole number" if kind is int else "number"
        raise SettingsError(f"{where} must be a {what} from {low:g} to {high:g}")
    return kind(value)


def _daily(table: Mapping[str, Any], origin: str) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for key, value in table.items():
        if key in _DAILY_NUMBERS:
            changes[key] = _number(value, _DAILY_NUMBERS[key], f"{origin}: daily.{key}")
        elif key == "allow_private_addresses":
            if not isinstance(value, bool):
                raise SettingsError(
                    f"{origin}: daily.allow_private_addresses must be true or false"
                )
            changes[key] = value
        elif key == "editions":
            if not isinstance(value, dict):
                raise SettingsError(f"{origin}: daily.editions must be a table of name = time")
            unknown = set(value) - set(EDITIONS)
            if unknown:
                raise SettingsError(f"{origin}: unknown edition(s) {', '.join(sorted(unknown))} "
                                    f"(editions: {', '.join(EDITIONS)})")  # fmt: skip
            editions = dict(Daily().editions)
            for name, when in value.items():
                editions[name] = _parse_time(str(when), origin, f"daily.editions.{name}")
            changes["editions"] = editions
        else:
            raise SettingsError(f"{origin}: unknown key daily.{key}")
    return changes


def _sources(value: Any, base_dir: Path, origin: str) -> tuple[NewsSource, ...]:
    if not isinstance(value, list):
        raise SettingsError(f"{origin}: sources must be an array of tables ([[sources]])")
    sources: list[NewsSource] = []
    for number, spec in enumerate(value, start=1):
        where = f"{origin}: sources #{number}"
        if not isinstance(spec, dict):
            raise SettingsError(f"{where} must be a table")
        unknown = set(spec) - {"name", "outlet", "max_items", *SOURCE_KINDS}
        if unknown:
            raise SettingsError(f"{where}: unknown key(s): {', '.join(sorted(unknown))}")
        kinds = [k for k in SOURCE_KINDS if k in spec]
        if len(kinds) != 1:
            raise SettingsError(f"{where} needs exactly one of feed = URL, page = URL or "
                                "folder = PATH")  # fmt: skip
        kind, location = kinds[0], spec[kinds[0]]
        if not isinstance(location, str) or not location.strip():
            raise SettingsError(f"{where}: {kind} must be text")
        if kind == "folder":
            location = str((base_dir / location).resolve())
        elif not re.match(r"https?://[^/\s]+", location):
            raise SettingsError(f"{where}: {kind} must be an http(s) URL, not {location!r}")
        name = spec.get("name", location)
        outlet = spec.get("outlet")
        if not isinstance(name, str) or not (outlet is None or isinstance(outlet, str)):
            raise SettingsError(f"{where}: name and outlet must be text")
        max_items = _number(spec.get("max_items", 30), (int, 1, 500), f"{where}: max_items")
        sources.append(NewsSource(name, kind, location, outlet, max_items))
    names = [s.name for s in sources]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise SettingsError(f"{origin}: two sources are named {twice[0]!r}")
    return tuple(sources)


def _load_lexicon(path: Path, origin: str) -> dict[str, str]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        refuse_in_values(data, str(path), SettingsError)
    except FileNotFoundError:
        raise SettingsError(f"{origin}: lexicon file not found: {path}") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{origin}: cannot read lexicon {path}: {exc}") from None
    bad = [k for k, v in data.items() if not isinstance(v, str) or not v.strip()]
    if bad:
        raise SettingsError(f"{path}: lexicon entries must be text, not: {', '.join(bad[:3])}")
    return {str(k): str(v) for k, v in data.items()}


def _merge_role(base: Role, spec: Mapping[str, Any], where: str) -> Role:
    unknown = set(spec) - {"name", "voice"}
    if unknown:
        raise SettingsError(f"{where}: unknown key(s): {', '.join(sorted(unknown))}")
    name = spec.get("name", base.name)
    if not isinstance(name, str) or not name.strip():
        raise SettingsError(f"{where}.name must be a non-empty string")
    voice = {engine: dict(params) for engine, params in base.voice.items()}
    for engine, params in spec.get("voice", {}).items():
        if not isinstance(params, dict):
            raise SettingsError(f"{where}.voice.{engine} must be a table")
        voice.setdefault(engine, {}).update(params)
    return Role(name.strip(), voice)


def _table(data: Mapping[str, Any], key: str, origin: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise SettingsError(f"{origin}: [{key}] must be a table")
    return value


def _parse_time(value: str, origin: str, key: str) -> dt.time:
    match = re.fullmatch(r"([01]?\d|2[0-3])[:.]([0-5]\d)", value.strip())
    if not match:
        raise SettingsError(f"{origin}: {key} must look like 06:00, not {value!r}")
    return dt.time(int(match[1]), int(match[2]))


def _validated(show: Show) -> Show:
    identity, publishing = show.identity, show.publishing
    try:
        ZoneInfo(identity.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"unknown time zone: {identity.timezone!r}") from None
    if not re.match(r"https?://[^/\s]+", publishing.base_url):
        raise SettingsError(f"base_url must be an http(s) URL, not {publishing.base_url!r}")
    if not publishing.base_url.endswith("/"):
        publishing = dataclasses.replace(publishing, base_url=publishing.base_url + "/")
    if len(identity.description.encode("utf-8")) > 4000:
        raise SettingsError("show description is over Apple's 4000-byte limit")
    if publishing.season < 0:
        raise SettingsError("show.season must be 0 (none) or a season number")
    if publishing.podcast_guid:
        try:
            guid = str(uuid.UUID(publishing.podcast_guid))
        except ValueError:
            raise SettingsError(
                f"podcast_guid must be a UUID, not {publishing.podcast_guid!r}"
            ) from None
        publishing = dataclasses.replace(publishing, podcast_guid=guid)
    if publishing.new_feed_url and not re.fullmatch(r"https?://[^/\s]+/\S*",
                                                    publishing.new_feed_url):  # fmt: skip
        raise SettingsError(f"new_feed_url must be an http(s) URL, not {publishing.new_feed_url!r}")
    if not publishing.base_url.isascii():
        raise SettingsError("base_url must be ASCII (podcast apps reject other URLs)")
    if identity.cover is not None and not identity.cover.is_file():
        raise SettingsError(f"cover image not found: {identity.cover}")
    if show.room.templates is not None and not show.room.templates.is_dir():
        raise SettingsError(f"templates folder not found: {show.room.templates}")
    missing = [r for r in ROLES if r not in show.room.roles]
    if missing:
        raise SettingsError(f"roles missing: {', '.join(missing)}")
    return dataclasses.replace(show, publishing=publishing)
