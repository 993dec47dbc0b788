"""The Python API: render a template with data to a document model, .docx bytes or a file.

The command line only wraps these functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .catalog import TemplateInfo, find_template
from .files import atomic_write, check_writable
from .load import annotate, load_data
from .model import Document
from .number import number_headings
from .parse import parse_markup
from .render import render_markup
from .standard import DEFAULT_STYLE, Style
from .write import write_docx

TemplateRef = str | Path | TemplateInfo
DataRef = str | Path | Mapping[str, Any]


def _template(template: TemplateRef) -> TemplateInfo:
    return template if isinstance(template, TemplateInfo) else find_template(template)


def _data(data: DataRef) -> dict[str, Any]:
    if isinstance(data, Mapping):
        return annotate(dict(data), source="<数据>")
    return load_data(data)


def style_for(info: TemplateInfo, fonts: Mapping[str, str] | None = None) -> Style:
    """The standard's style with the template's (then the caller's) overrides."""
    return DEFAULT_STYLE.with_overrides(fonts={**info.fonts, **(fonts or {})}, layout=info.layout)


def build_document(template: TemplateRef, data: DataRef) -> Document:
    """Load, render, parse and number: the document model, ready to write."""
    info = _template(template)
    markup = render_markup(info, _data(data))
    return number_headings(parse_markup(markup, source=str(info.main_path)))


def render_bytes(template: TemplateRef, data: DataRef, fonts: Mapping[str, str] | None = None) -> bytes:
    """The finished .docx as bytes."""
    info = _template(template)
    return write_docx(build_document(info, data), style_for(info, fonts))


def render_file(
    template: TemplateRef,
    data: DataRef,
    output: str | Path,
    force: bool = False,
    fonts: Mapping[str, str] | None = None,
) -> Document:
    """Render to ``output`` atomically; refuses to overwrite unless ``force``.

    Returns the document model (its ``warnings`` say what was corrected on the way).
    """
    output = Path(output)
    check_writable(output, force)  # fail before doing the work
    info = _template(template)
    document = build_document(info, data)
    atomic_write(output, write_docx(document, style_for(info, fonts)), force=force)
    return document
