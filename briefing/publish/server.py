"""``briefing serve``: a static server for the published folder, as podcast apps need it.

aiohttp's FileResponse answers HEAD, byte ranges (206, and 416 past the end) and
conditional requests; this module decides which file a path may reach: only
files inside the folder (no ``..``, encoded or not, and no symlink out of it),
never the catalog or hidden ones (the run lock), and no directory listings. It also sets the
MIME types podcast apps and browsers expect and allows cross-origin reads,
which web players need for transcripts and chapters.

Two answers aiohttp gets wrong are fixed here: a zero-length suffix range
(``bytes=-0``) is unsatisfiable (RFC 9110 14.1.3), so it gets 416, not the
whole file; and a request for several ranges gets the whole file (200), which
the RFC allows, instead of a 416 for a valid request. Idle connections close
after IDLE_SECONDS, so a crowd of silent clients can't hold sockets for long.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from aiohttp import web

from briefing.errors import PublishError
from briefing.names import FEED_FILE
from briefing.publish.catalog import FILENAME as CATALOG

TYPES = {
    ".mp3": "audio/mpeg",
    ".xml": "application/rss+xml; charset=utf-8",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
}
IDLE_SECONDS = 15.0  # an idle keep-alive (or silent new) connection is closed after this


def public(relative: str) -> bool:
    """Whether a file of the published folder (a relative POSIX path) is for
    listeners: the catalog (the folder's own records, with every source's URL)
    and hidden files (the run lock, the publishing journal) stay local. `deploy`
    uploads the same set that `serve` answers for."""
    return relative != CATALOG and not any(part.startswith(".") for part in relative.split("/"))


def resolve(root: Path, raw_path: str) -> Path | None:
    """The file ``raw_path`` names inside ``root``, or None when it may not be served."""
    path = unquote(raw_path)
    if "\x00" in path or "\\" in path:
        return None
    parts = [p for p in path.split("/") if p]
    if any(p in (".", "..") or p.startswith(".") for p in parts):
        return None
    candidate = root.joinpath(*parts)
    if candidate.is_dir():
        candidate = candidate / "index.html"  # a folder shows its page, never a listing
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not real.is_file() or not real.is_relative_to(root.resolve()):
        return None  # a symlink that leads out of the folder, or something odd
    if not public(real.relative_to(root.resolve()).as_posix()):
        return None  # also when a symlink with a public name leads to it
    return real


def make_app(root: Path) -> web.Application:
    async def handle(request: web.Request) -> web.StreamResponse:
        found = resolve(root, request.raw_path.split("?", 1)[0])
        if found is None:
            raise web.HTTPNotFound()
        kind = TYPES.get(found.suffix.lower()) or mimetypes.guess_type(found.name)[0]
        headers = {
            "Access-Control-Allow-Origin": "*",
            # Episode files never change under their name; the feed and page do.
            "Cache-Control": "public, max-age=31536000, immutable"
            if found.parent.name == "episodes"
            else "no-cache",
        }
        if kind:
            headers["Content-Type"] = kind
        asked = request.headers.get("Range", "")
        if re.fullmatch(r"\s*bytes\s*=\s*-\s*0+\s*", asked, re.IGNORECASE):
            size = found.stat().st_size
            raise web.HTTPRequestRangeNotSatisfiable(
                headers={"Content-Range": f"bytes */{size}", **headers}
            )
        if "," in asked:  # several ranges: send the whole file, as RFC 9110 allows
            return _WholeFile(found, headers=headers)
        return web.FileResponse(found, headers=headers)

    app = web.Application()
    app.router.add_get("/{tail:.*}", handle, allow_head=True)
    return app


class _WholeFile(web.FileResponse):
    """The file, ignoring the request's Range header."""

    async def prepare(self, request: web.BaseRequest) -> Any:
        headers = {k: v for k, v in request.headers.items() if k.lower() != "range"}
        return await super().prepare(request.clone(headers=headers))


def feed_to_serve(root: Path) -> str:
    """The feed's path under ``root`` as a URL path; PublishError when there is none."""
    if not (root / FEED_FILE).is_file():
        raise PublishError(f"nothing to serve: no {FEED_FILE} in {root}")
    return FEED_FILE


def serve(root: Path, host: str, port: int) -> None:
    """Serve ``root`` until interrupted; PublishError when the address can't be had."""
    try:
        _run(root, host, port)
    except OSError as exc:
        raise PublishError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None


def _run(root: Path, host: str, port: int) -> None:
    web.run_app(make_app(root), host=host, port=port, print=None, access_log=None,
                keepalive_timeout=IDLE_SECONDS)  # fmt: skip
