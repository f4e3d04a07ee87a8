"""Files in and out: inputs read with errors a user can act on, outputs written atomically.

Outputs are everything a listener or a later run reads back (clips in the
cache, episode files, the catalog, the feed): readers see the old content or
the new, never a half-written file. They are created with the usual
umask-governed mode (not mkstemp's 0600), because a web server must read them.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from briefing.errors import BriefingError


def read_input(
    path: Path, what: str, error: type[BriefingError], limit: int | None = None
) -> bytes:
    """The bytes at ``path`` (at most ``limit`` + 1), or ``error`` saying why not."""
    try:
        with path.open("rb") as fh:
            return fh.read(-1 if limit is None else limit + 1)
    except FileNotFoundError:
        raise error(f"{what} not found: {path}") from None
    except IsADirectoryError:
        raise error(f"{what} is a directory, not a file: {path}") from None
    except OSError as exc:
        raise error(f"cannot read {what} {path}: {exc.strerror or exc}") from None


def _replace_with(path: Path, fill: Callable[[BinaryIO], None]) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        # Opened inside the try: a Ctrl-C landing just after the open still removes it.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as fh:
            fill(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically (temporary file in the same folder, rename)."""

    def fill(fh: BinaryIO) -> None:
        fh.write(data)

    _replace_with(path, fill)


def copy_file(source: Path, path: Path) -> None:
    """Copy ``source`` to ``path`` atomically, even across file systems."""

    def fill(fh: BinaryIO) -> None:
        with source.open("rb") as src:
            shutil.copyfileobj(src, fh, 1024 * 1024)

    _replace_with(path, fill)
