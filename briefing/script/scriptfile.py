"""The editable script format: what ``briefing script`` writes and ``briefing render`` reads.

A script file is UTF-8 text in two parts::

    +++
    title = "Judul episode"            # TOML front matter: the episode's metadata
    slug = "judul-episode"
    date = 2026-11-24
    published = 2026-11-24T06:00:00+07:00
    description = "Ringkasan untuk catatan episode."

    [speakers]                          # display names, by role
    moderator = "Rina"

    [[sources]]                         # one table per source article
    title = "Judul artikel"
    outlet = "Liputan6.com"
    authors = ["Dewi Lestari"]
    lede = "Kalimat pembuka laporan."  # later editions recognise the story by it
    +++

    ## Pembuka                          # a chapter marker; chapters become ID3/JSON chapters
    MODERATOR: Selamat pagi, ...        # one utterance per line: ROLE: text
    REPORTER: ...

Roles are MODERATOR, REPORTER, ANALYST and QUOTE (any case). Blank lines and
lines starting with ``# `` (hash, space) are ignored. Lines hold the written
words; the spoken form is derived just before speech, so edits stay plain
Indonesian. Writing a Script and parsing it back gives the same Script.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import tomli_w

from briefing.boundary import (
    MAX_SLUG,
    check_date,
    clean_url,
    refuse_bad_characters,
    refuse_in_values,
)
from briefing.errors import ScriptError
from briefing.files import read_input
from briefing.models import MAX_DESCRIPTION, MAX_LEDE, MAX_NAME, MAX_TITLE, Line, Script, Source
from briefing.settings import ROLES

FENCE = "+++"
_UTTERANCE = re.compile(r"^(?P<role>[A-Za-z]+)\s*:\s*(?P<text>.*)$")
_CHAPTER = re.compile(r"^##(?!#)\s*(?P<title>.*)$")
_COMMENT = re.compile(r"^#(\s|$)")


def parse_lines(body: Iterable[str], *, origin: str, first_line: int = 1) -> list[Line]:
    """Lines from ``ROLE: text`` utterances under ``## Chapter`` markers.

    Errors name ``origin`` and the line number, so a hand-edited file can be fixed.
    """
    chapter: str | None = None
    lines: list[Line] = []
    for number, raw in enumerate(body, start=first_line):
        text = raw.strip()
        if not text or _COMMENT.match(text):
            continue
        where = f"{origin}:{number}"
        if m := _CHAPTER.match(text):
            chapter = m["title"].strip()
            if not chapter:
                raise ScriptError(f"{where}: a chapter marker needs a title after '##'")
        elif m := _UTTERANCE.match(text):
            role = m["role"].lower()
            said = re.sub(r"\s+", " ", m["text"]).strip()
            if role not in ROLES:
                known = ", ".join(r.upper() for r in ROLES)
                raise ScriptError(f"{where}: unknown role {m['role']!r} (roles: {known})")
            if not re.search(r"[^\W_]", said):
                raise ScriptError(f"{where}: {m['role']} has nothing to say")
            if chapter is None:
                raise ScriptError(f"{where}: an utterance before the first '## chapter' marker")
            lines.append(Line(role=role, text=said, chapter=chapter))
        else:
            raise ScriptError(f"{where}: expected 'ROLE: text' or '## chapter', got {text[:40]!r}")
    if not lines:
        raise ScriptError(f"{origin}: the script has no utterances")
    return lines


def format_script(script: Script) -> str:
    """The script as an editable file."""
    meta: dict[str, Any] = {
        "title": script.title,
        "slug": script.slug,
        "date": script.date,
        "published": script.published,
        "description": script.description,
        "speakers": dict(script.speakers),
        "sources": [_source_table(s) for s in script.sources],
    }
    out = [FENCE, tomli_w.dumps(meta, multiline_strings=True).rstrip("\n"), FENCE, ""]
    chapter: str | None = None
    for line in script.lines:
        if line.chapter != chapter:
            if chapter is not None:
                out.append("")
            out.append(f"## {line.chapter}")
            chapter = line.chapter
        out.append(f"{line.role.upper()}: {line.text}")
    return "\n".join(out) + "\n"


def parse_script(text: str, *, origin: str = "script") -> Script:
    """A Script from the file format; ScriptError names the offending line.

    A control or invisible character anywhere is refused with its line and
    column: the file is the producer's own, and they should see what they pasted.
    """
    refuse_bad_characters(text, origin, ScriptError)
    rows = text.splitlines()
    start = next((i for i, row in enumerate(rows) if row.strip()), None)
    if start is None:
        raise ScriptError(f"{origin}: the script file is empty")
    if rows[start].strip() != FENCE:
        raise ScriptError(
            f"{origin}:{start + 1}: the script must start with '{FENCE}' front matter"
        )
    end = next((i for i in range(start + 1, len(rows)) if rows[i].strip() == FENCE), None)
    if end is None:
        raise ScriptError(f"{origin}:{start + 1}: the front matter is not closed with '{FENCE}'")
    try:
        meta = tomllib.loads("\n".join(rows[start + 1 : end]))
    except tomllib.TOMLDecodeError as exc:
        raise ScriptError(f"{origin}: front matter (lines {start + 2}-{end}): {exc}") from None
    refuse_in_values(meta, f"{origin}: front matter", ScriptError)
    lines = parse_lines(rows[end + 1 :], origin=origin, first_line=end + 2)
    return _script_from(meta, lines, f"{origin}: front matter")


def read_script(path: Path) -> Script:
    """Read and parse a script file; errors name the file and line."""
    data = read_input(path, "script", ScriptError)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScriptError(f"{path}: not UTF-8 text") from None
    return parse_script(text, origin=str(path))


def _source_table(source: Source) -> dict[str, Any]:
    # TOML has no null: absent keys mean "unknown".
    table: dict[str, Any] = {"title": source.title}
    if source.outlet:
        table["outlet"] = source.outlet
    if source.authors:
        table["authors"] = list(source.authors)
    if source.url:
        table["url"] = source.url
    if source.published:
        table["published"] = source.published
    if source.lede:
        table["lede"] = source.lede
    return table


def _script_from(meta: dict[str, Any], lines: list[Line], where: str) -> Script:
    def need(key: str, kind: type) -> Any:
        if key not in meta:
            raise ScriptError(f"{where}: missing {key!r}")
        if not isinstance(meta[key], kind):
            raise ScriptError(f"{where}: {key!r} must be a {kind.__name__}")
        return meta[key]

    unknown = set(meta) - {
        "title",
        "slug",
        "date",
        "published",
        "description",
        "speakers",
        "sources",
    }
    if unknown:
        raise ScriptError(f"{where}: unknown key(s): {', '.join(sorted(unknown))}")
    title, slug = need("title", str).strip(), need("slug", str)
    if not title:
        raise ScriptError(f"{where}: 'title' is empty")
    if len(title) > MAX_TITLE:
        raise ScriptError(f"{where}: 'title' is {len(title)} characters; at most {MAX_TITLE}")
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug):
        raise ScriptError(f"{where}: 'slug' must be lower-case ASCII words joined by '-'")
    if len(slug) > MAX_SLUG:
        # Checked before any speech: the slug names every published file.
        raise ScriptError(f"{where}: 'slug' is {len(slug)} characters; at most {MAX_SLUG}")
    day = need("date", dt.date)
    if isinstance(day, dt.datetime):  # TOML's datetime is a date too: the catalog is not
        raise ScriptError(f"{where}: 'date' must be a day like 2026-11-22, without a time")
    check_date(day, f"{where}: 'date'", ScriptError)
    published = need("published", dt.datetime)
    if published.tzinfo is None:
        raise ScriptError(f"{where}: 'published' needs a UTC offset, like 06:00:00+07:00")
    check_date(published, f"{where}: 'published'", ScriptError)
    description = meta.get("description", "")
    if not isinstance(description, str):
        raise ScriptError(f"{where}: 'description' must be text")
    if len(description.encode("utf-8")) > MAX_DESCRIPTION:
        raise ScriptError(f"{where}: 'description' is over {MAX_DESCRIPTION} bytes")
    speakers = meta.get("speakers", {})
    if not isinstance(speakers, dict) or not all(
        isinstance(v, str) and 0 < len(v.strip()) <= MAX_NAME for v in speakers.values()
    ):
        raise ScriptError(f"{where}: [speakers] must map roles to names "
                          f"(1 to {MAX_NAME} characters)")  # fmt: skip
    sources = meta.get("sources", [])
    if not isinstance(sources, list):
        raise ScriptError(f"{where}: sources must be [[sources]] tables")
    return Script(
        slug=slug,
        title=title,
        description=description,
        date=day,
        published=published,
        lines=tuple(lines),
        sources=tuple(
            _source_from(s, f"{where}: sources #{n}") for n, s in enumerate(sources, start=1)
        ),
        speakers={str(k): v.strip() for k, v in speakers.items()},
    )


def _source_from(table: Any, where: str) -> Source:
    if not isinstance(table, dict) or not isinstance(table.get("title"), str):
        raise ScriptError(f"{where}: every [[sources]] entry needs a title")
    unknown = set(table) - {"title", "outlet", "authors", "url", "published", "lede"}
    if unknown:
        raise ScriptError(f"{where}: unknown key(s): {', '.join(sorted(unknown))}")
    authors = table.get("authors", [])
    if isinstance(authors, str):  # one author written without brackets
        authors = [authors]
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        raise ScriptError(f"{where}: authors must be a name or a list of names")
    for key in ("outlet", "url", "lede"):
        if not isinstance(table.get(key, ""), str):
            raise ScriptError(f"{where}: {key} must be text")
    url = table.get("url")
    if url and clean_url(url) != url:
        raise ScriptError(f"{where}: url must be an http(s) address, not {url[:60]!r}")
    published = table.get("published")
    if published is not None:
        if not isinstance(published, dt.datetime) or published.tzinfo is None:
            raise ScriptError(f"{where}: published must be a time with a UTC offset")
        check_date(published, f"{where}: published", ScriptError)
    return Source(
        title=table["title"].strip()[:MAX_TITLE],
        outlet=table.get("outlet") or None,
        authors=tuple(a.strip() for a in authors if a.strip()),
        url=url or None,
        published=published,
        lede=" ".join(table.get("lede", "").split())[:MAX_LEDE],
    )
