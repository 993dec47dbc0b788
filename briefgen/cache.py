"""The per-user cache folder for what is built once and reused across runs (compiled templates).

Failing to use it is never an error.
"""

from __future__ import annotations

import os
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

