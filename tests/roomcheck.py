"""The rules every room keeps, checked on any script: used by the room's tests and
over the page corpus, so that an article no test was written for is held to them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from briefing.ingest.quotes import SPEECH_VERBS
from briefing.models import Article, Script
from briefing.script import talk

_BARE = re.compile(rf"^[\s,.]*(?:{SPEECH_VERBS})(?:nya)?\b")
_MARKS = re.compile(r"[\"\u201c\u201d\u201e]")
_REPORTED = re.compile(
    r"^(?:Dari (?P<place>.+), (?P<outlet>.+) melaporkan(?: pada (?P<date>.+))?"
    r"|(?P<outlet2>.+) melaporkan kabar ini pada (?P<date2>.+)"
    r"|Kabar ini dilaporkan pada (?P<date3>.+))\.$"
)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def room_problems(script: Script, articles: Sequence[Article], year: int = 2026) -> list[str]:
    """Everything wrong with how the room tells ``articles``; empty when nothing is."""
    problems: list[str] = []
    cast = script.speakers
    for article in articles:
        chapter = talk.spoken_title(article.title)
        story = [line for line in script.lines if line.chapter == chapter]
        if not story:
            problems.append(f"no chapter {chapter!r}")
            continue
        body = re.sub(r"\s+", " ", _MARKS.sub("", " ".join(article.paragraphs)))
        vocabulary = _words(body)
        counts = Counter(line.role for line in story)
        context = any(talk.kind_of(p, year) == "context" for p in article.paragraphs[1:])
        if (article.quotes or context) and sum(n >= 2 for n in counts.values()) < 3:
            problems.append(f"{chapter}: fewer than 3 roles speak twice {dict(counts)}")
        questions = [line.text for line in story if line.role == "moderator" and "?" in line.text]
        if len(questions) != len(set(questions)):
            problems.append(f"{chapter}: a question asked twice {questions}")
        for line in story:
            if line.role in ("reporter", "analyst"):
                if _BARE.match(line.text):
                    problems.append(f"bare attribution: {line.text!r}")
                if _MARKS.search(line.text):
                    problems.append(f"narrator reads a quotation mark: {line.text!r}")
            if line.role == "moderator":
                continue
            said = line.text.rstrip(".,:!?")
            if said in body or _REPORTED.match(line.text):
                continue
            if line.text.endswith(":"):
                # A lead-in ("Agus Salim mengatakan kepada wartawan:"): the article's
                # words and a verb of saying.
                extra = _words(line.text) - vocabulary - set(talk.LEAD_IN_FORMS) - {"ia", "pada"}
                if not extra:
                    continue
            problems.append(f"not from the article: {line.role}: {line.text!r}")
    closing = [line.text for line in script.lines if line.chapter == "Penutup"]
    recaps = [line.text for line in script.lines if "membahas" in line.text]
    for text in closing[:1] + recaps:
        if "?" in text:
            problems.append(f"a question read as a statement: {text!r}")
    spoke = {line.role for line in script.lines if line.role != "moderator"}
    thanks = next((t for t in closing if t.startswith("Terima kasih")), "")
    for role in spoke:
        if cast.get(role) and cast[role] not in thanks:
            problems.append(f"{role} {cast[role]} is not thanked")
    return problems
