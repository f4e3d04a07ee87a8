"""The Clubhouse room composer: Articles -> Script.

A moderator opens the room, brings the reporter (and, for explainers, the
analyst) on stage, asks the questions and closes with credits. The words around
the facts come from jinja2 templates shipped with the package and overridable
per show; every fact comes from the articles. Phrasing varies between episodes
by a choice seeded with the episode, so the same input always gives the same
script.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from typing import Any

import jinja2
from slugify import slugify

from briefing.errors import ScriptError
from briefing.models import Article, Line, Script
from briefing.script.normalize import MONTH_NAMES, spoken_form
from briefing.script.sentences import split_sentences
from briefing.settings import ROLES, Show

DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

_LINE = re.compile(rf"^(?P<role>{'|'.join(ROLES)}):\s*(?P<text>\S.*)$")
_CHAPTER = re.compile(r"^##\s+(?P<title>\S.*)$")


def compose(articles: Sequence[Article], show: Show, when: dt.datetime) -> Script:
    """The script of one episode about ``articles``, aired at ``when``."""
    if not articles:
        raise ScriptError("no articles to talk about")
    local = when.astimezone(show.zone)
    slug = episode_slug(articles)
    seed = f"{show.name}|{local.date().isoformat()}|{slug}"
    stories = [_story(a, i) for i, a in enumerate(articles, start=1)]
    cast = {role: show.role(role).name for role in ROLES}
    context: dict[str, Any] = {
        "show": show,
        "cast": cast,
        "greeting": greeting(local),
        "date_text": date_text(local.date()),
        "stories": stories,
        "uses_analyst": any(s["question"] for st in stories for s in st["sections"]),
    }
    env = template_environment(show)
    env.globals["pick"] = _picker(seed)
    env.filters["sentence"] = as_sentence
    try:
        rendered = env.get_template("room.j2").render(context)
    except jinja2.TemplateError as exc:
        raise ScriptError(f"template error: {exc}") from exc
    lines = tuple(parse_room(rendered))
    title = articles[0].title if len(articles) == 1 else f"{show.name}, {date_text(local.date())}"
    return Script(
        slug=slug,
        title=title,
        description=_description(articles),
        date=local.date(),
        lines=lines,
        articles=tuple(articles),
        speakers=cast,
    )


def template_environment(show: Show) -> jinja2.Environment:
    """Templates from the show's folder first, then the ones shipped with briefing."""
    loaders: list[jinja2.BaseLoader] = []
    if show.templates is not None:
        loaders.append(jinja2.FileSystemLoader(str(show.templates)))
    loaders.append(jinja2.PackageLoader("briefing.script", "templates"))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # plain spoken text, never HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def parse_room(rendered: str) -> list[Line]:
    """Lines from template output: ``role: text`` lines under ``## Chapter`` markers."""
    chapter = ""
    lines: list[Line] = []
    for number, raw in enumerate(rendered.splitlines(), start=1):
        text = raw.strip()
        if not text:
            continue
        if m := _CHAPTER.match(text):
            chapter = m["title"].strip()
        elif m := _LINE.match(text):
            if not chapter:
                raise ScriptError(f"template line {number} comes before any '## chapter' marker")
            said = re.sub(r"\s+", " ", m["text"]).strip()
            lines.append(Line(role=m["role"], text=said, spoken=spoken_form(said), chapter=chapter))
        else:
            raise ScriptError(f"template line {number} is not 'role: text': {text[:60]!r}")
    if not lines:
        raise ScriptError("the templates produced no lines")
    return lines


def as_sentence(text: str) -> str:
    """``text`` with closing punctuation, so a title can be said as a sentence."""
    text = text.strip()
    return text if re.search(r"[.!?]$", text) else text + "."


def greeting(local: dt.datetime) -> str:
    hour = local.hour
    if 4 <= hour < 11:
        return "Selamat pagi"
    if 11 <= hour < 15:
        return "Selamat siang"
    if 15 <= hour < 18:
        return "Selamat sore"
    return "Selamat malam"


def date_text(day: dt.date) -> str:
    return f"{DAY_NAMES[day.weekday()]}, {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def episode_slug(articles: Sequence[Article]) -> str:
    """An ASCII, URL-safe name for the episode, from its first story."""
    slug = slugify(articles[0].title, max_length=60, word_boundary=True, save_order=True)
    return slug or "episode"


def _story(article: Article, index: int) -> dict[str, Any]:
    """What the templates know of one article: the lead, then its headed sections."""
    first, *rest = article.sections
    lead = [] if first.heading else _sentences(first.paragraphs)
    headed = rest if not first.heading else [first, *rest]
    return {
        "index": index,
        "title": article.title,
        "outlet": article.outlet,
        "dateline": article.dateline,
        "authors": list(article.authors),
        "lead": lead,
        "sections": [
            {
                "heading": section.heading or "",
                "question": _question(section.heading or ""),
                "sentences": _sentences(section.paragraphs),
            }
            for section in headed
        ],
    }


def _question(heading: str) -> str | None:
    """The question a heading asks ("Apa Itu Clubhouse? Dipakai ..." -> "Apa Itu Clubhouse?")."""
    m = re.match(r"^(.*?\?)", heading)
    return m[1].strip() if m else None


def _sentences(paragraphs: Sequence[str]) -> list[str]:
    return [s for p in paragraphs for s in split_sentences(p)]


def _description(articles: Sequence[Article]) -> str:
    parts = []
    for a in articles:
        summary = a.lede or (a.paragraphs[0] if a.paragraphs else "")
        parts.append(f"{as_sentence(a.title)} {summary}".strip())
    return "\n\n".join(parts)


def _picker(seed: str) -> Any:
    def pick(key: str, options: Sequence[str]) -> str:
        if not options:
            raise ScriptError(f"pick({key!r}) was given no options")
        digest = hashlib.sha256(f"{seed}|{key}".encode()).digest()
        return options[int.from_bytes(digest[:4], "big") % len(options)]

    return pick
