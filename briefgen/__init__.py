"""briefgen: official Chinese documents (公文) per GB/T 9704-2012, from data and templates.

Pipeline: load → render → parse → number → write; see ``briefgen.api``.
"""

from .api import build_document, render_bytes, render_file
from .errors import BriefgenError

__version__ = "0.1.0"
__all__ = ["build_document", "render_bytes", "render_file", "BriefgenError", "__version__"]
