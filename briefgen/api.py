"""The Python API: render a template with data to a document model, .docx bytes or a file.

The command line only wraps these functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .data.load import load_all
from .data.tree import DataDict, annotate, problems_error
from .data.units import to_base_units
from .document.model import Document
from .document.number import number_headings
from .document.parse import parse_markup
from .document.standard import DEFAULT_STYLE, Style
from .docx.write import write_docx
from .files import atomic_write, check_writable
from .template.catalog import TemplateInfo, find_template
from .template.render import render_markup

TemplateRef = str | Path | TemplateInfo
# A data file, several data files merged, or the data itself.
DataRef = str | Path | list[str | Path] | Mapping[str, Any]


def _template(template: TemplateRef) -> TemplateInfo:
    return template if isinstance(template, TemplateInfo) else find_template(template)


def _data(data: DataRef) -> DataDict:
    if isinstance(data, Mapping):
        return annotate(dict(data), source="<数据>")
    return load_all(list(data) if isinstance(data, (list, tuple)) else [data])


def validate_data(template: TemplateRef, data: DataRef) -> DataDict:
    """Load the data and check it against the template's schema (if it has one).

    Raises ``DataError`` listing every problem; returns the data with values brought to the
    schema's types (numbers written as text, dates, lists written in one cell). Data this
    function returned is not checked again when it is given back for the same template (a
    loop rendering one data set many times checks it once); after changing it, check it again.
    """
    info = _template(template)
    checked_against = str(info.schema or info.folder)
    if isinstance(data, DataDict) and data.validated_against == checked_against:
        return data
    loaded = _data(data)
    if info.schema is not None:
        from .data.validate import load_schema, validate

        validate(loaded, load_schema(info.schema))
    elif loaded.problems:
        raise problems_error(loaded.problems, loaded.source)
    else:
        to_base_units(loaded)  # no schema to say the unit: 486.27 亿元 becomes 48627000000 元
    loaded.validated_against = checked_against
    return loaded


def style_for(info: TemplateInfo, fonts: Mapping[str, str] | None = None) -> Style:
    """The standard's style with the template's (then the caller's) overrides."""
    return DEFAULT_STYLE.with_overrides(fonts={**info.fonts, **(fonts or {})}, layout=info.layout)


def build_document(template: TemplateRef, data: DataRef) -> Document:
    """Load, render, parse and number: the document model, ready to write."""
    info = _template(template)
    checked = validate_data(info, data)
    document = number_headings(parse_markup(render_markup(info, checked), source=str(info.main_path)))
    document.warnings[:0] = checked.warnings
    return document


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


STARTER_SUFFIXES = {".yaml", ".yml", ".xlsx"}


def write_starter(template: TemplateRef, output: str | Path, source: DataRef | None = None, force: bool = False) -> Path:
    """Write a starting data file for ``template`` (.yaml or .xlsx), from its schema.

    With ``source``, the file is filled with that data (after checking it), e.g. to turn a
    YAML data file into a workbook.
    """
    from .data.starter import workbook_bytes, yaml_text
    from .data.validate import load_schema
    from .errors import DataError, TemplateError

    output = Path(output)
    if output.suffix.lower() not in STARTER_SUFFIXES:
        raise DataError(f"不支持生成「{output.suffix or '无扩展名'}」文件。", where=str(output), hint="请用 .yaml 或 .xlsx 作为扩展名。")
    check_writable(output, force)
    info = _template(template)
    if info.schema is None:
        raise TemplateError("该模板没有数据说明（schema），无法生成起始数据文件。", where=str(info.folder))
    schema = load_schema(info.schema)
    data = validate_data(info, source) if source is not None else None
    if output.suffix.lower() == ".xlsx":
        content = workbook_bytes(schema, data)
    else:
        content = yaml_text(schema, data, name=info.title).encode("utf-8")
    return atomic_write(output, content, force=force)
