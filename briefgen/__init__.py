"""briefgen: official Chinese documents (公文) per GB/T 9704-2012, from data and templates.

Pipeline: load → render → parse → number → write; see ``briefgen.api``.
"""

from .errors import BriefgenError
from .version import __version__

_API = {"build_document", "render_bytes", "render_file", "validate_data", "write_starter"}


def __getattr__(name: str):
    """The API, imported when first used: ``briefgen --help`` does not pay for it."""
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'briefgen' has no attribute {name!r}")


__all__ = ["BriefgenError", "__version__", *sorted(_API)]
