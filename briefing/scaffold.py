"""``briefing init``: a new show's folder, ready for ``briefing daily``.

It holds the show's TOML (identity, daily edition settings and sources), a
folder for local articles, a templates folder for overrides and a cover.
Everything written is checked by loading it back as the show would be.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path

from briefing.boundary import refuse_bad_characters
from briefing.errors import SettingsError
from briefing.files import write_bytes
from briefing.names import SHOW_FILE
from briefing.publish.cover import generate_cover
from briefing.settings import load_show

_SHOW_TOML = """\
# {name}: made by `briefing init`. Keys left out keep briefing's built-in values
# (feeds/default.toml in briefing's repository lists every key).
# Run an edition:  briefing daily --show {show_file} --out public

[show]
name = {name_toml}
author = {author_toml}
email = "redaksi@example.org"
description = {description_toml}
# Where feed.xml and episodes/ will be reachable; podcast apps need HTTPS in production.
base_url = "http://127.0.0.1:8000/"
language = "id"
timezone = "Asia/Jakarta"
cover = "cover.png"
# Copy a .j2.example file in templates/ to its .j2 name to change what the host says.
templates = "templates"

[daily]
target_minutes = 6     # the edition's length; stories are told briefly to fit
max_stories = 6
max_age_hours = 36     # older stories are not news any more
aired_days = 3         # editions of these last days: the same event is not told twice
editions = {{ pagi = "06:00", siang = "12:00", sore = "17:00" }}

# Where stories come from, one [[sources]] table each, with one of:
#   feed = "https://..."    an RSS or Atom feed (each item's page is read)
#   page = "https://..."    a single article page
#   folder = "articles"     text articles (pasted pages) or saved .html pages
# outlet = "..." names the outlet in the credits when the feed's own title won't do.
[[sources]]
name = "Artikel redaksi"
folder = "articles"

# [[sources]]
# name = "Kabar Contoh"
# feed = "https://kabar.example/rss"
# outlet = "Kabar Contoh"
"""

_ARTICLES_README = """\
Put articles for the show here, one per file: pasted news pages as UTF-8 .txt
files (headline on the first line), or saved web pages as .html. The newest
files not yet on air go into the next edition.
"""

_TEMPLATES_README = """\
The host's words come from jinja2 templates. The *.j2.example files here are
copies of the ones briefing ships; copy one to its .j2 name (opening.j2, ...)
and edit it to override that template for this show. Files you don't copy keep
following briefing's own, including fixes in later versions.
"""


def init_show(folder: Path, name: str) -> list[Path]:
    """Create a new show in ``folder`` (new or empty) and return the files made."""
    if not name.strip():
        raise SettingsError("the show needs a name")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise SettingsError(f"{folder} already exists and is not an empty folder")
    refuse_bad_characters(name, "--name", SettingsError)
    name = " ".join(name.split())
    text = _SHOW_TOML.format(
        name=name,
        show_file=folder / SHOW_FILE,
        name_toml=json.dumps(name, ensure_ascii=False),
        author_toml=json.dumps(f"Redaksi {name}", ensure_ascii=False),
        description_toml=json.dumps(
            f"{name} membacakan berita pilihan hari ini dalam format obrolan.", ensure_ascii=False
        ),
    )
    shipped = resources.files("briefing.script") / "templates"
    files: dict[Path, bytes] = {
        folder / SHOW_FILE: text.encode("utf-8"),
        folder / "cover.png": generate_cover(name),
        folder / "articles" / "README.md": _ARTICLES_README.encode("utf-8"),
        folder / "templates" / "README.md": _TEMPLATES_README.encode("utf-8"),
    }
    for template in sorted(shipped.iterdir(), key=lambda t: t.name):
        if template.name.endswith(".j2"):
            files[folder / "templates" / f"{template.name}.example"] = template.read_bytes()
    # Everything is made in a hidden folder beside the target and renamed into place
    # at the end, so a failure (a full disk, a bad name) leaves nothing that blocks
    # the next try.
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        draft = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    except OSError as exc:
        raise SettingsError(f"cannot create the show in {folder}: {exc.strerror or exc}") from None
    try:
        for path, data in files.items():
            target = draft / path.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            write_bytes(target, data)
        draft.chmod(0o777 & ~_umask())  # mkdtemp makes it private; a show folder is not
        load_show(draft / SHOW_FILE)  # what init writes must load
        if folder.is_dir():
            folder.rmdir()  # empty (checked above); fails if something arrived since
        draft.rename(folder)
    except OSError as exc:
        raise SettingsError(f"cannot create the show in {folder}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(draft, ignore_errors=True)
    return list(files)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
