"""``briefing serve``: a static server for the published folder, as podcast apps need it.

aiohttp's FileResponse answers HEAD, byte ranges (206, and 416 past the end) and
conditional requests; this module decides which file a path may reach: only
files inside the folder (no ``..``, encoded or not, and no symlink out of it),
never hidden ones (the run lock), and no directory listings. It also sets the
MIME types podcast apps and browsers expect and allows cross-origin reads,
which web players need for transcripts and chapters.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote

from aiohttp import web

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
        return web.FileResponse(found, headers=headers)

    app = web.Application()
    app.router.add_get("/{tail:.*}", handle, allow_head=True)
    return app


def serve(root: Path, host: str, port: int) -> None:
    """Serve ``root`` until interrupted."""
    web.run_app(make_app(root), host=host, port=port, print=None, access_log=None)
