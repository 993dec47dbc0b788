"""A per-user cache folder for things built once and reused across runs (the base .docx
package of a style, compiled templates). Failing to use it is never an error."""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def cache_folder() -> Path | None:
    """``$BRIEFGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/briefgen``, else ``~/.cache/briefgen``;
    None when it cannot be created or written (``BRIEFGEN_CACHE_DIR=off`` turns it off)."""
    chosen = os.environ.get("BRIEFGEN_CACHE_DIR")
    if chosen == "off":
        return None
    base = Path(chosen) if chosen else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "briefgen"
    try:
        base.mkdir(parents=True, exist_ok=True)
        return base if os.access(base, os.W_OK) else None
    except OSError:
        return None


def cache_file(name: str) -> Path | None:
    folder = cache_folder()
    return folder / name if folder else None


def read_cached(name: str) -> bytes | None:
    path = cache_file(name)
    try:
        return path.read_bytes() if path and path.is_file() else None
    except OSError:
        return None


def write_cached(name: str, content: bytes) -> None:
    """Atomically, so that parallel runs never read half a file."""
    folder = cache_folder()
    if folder is None:
        return
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, folder / name)
    except OSError:
        pass
