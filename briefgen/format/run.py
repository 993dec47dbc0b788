"""一键排版 from end to end: read a draft of any kind, recognise its parts, fix its text, write the GB/T 9704 document."""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..document.draft import Draft, DraftTable
from ..document.model import Cell, Document, Paragraph, Run, Table
from ..docx.write import write_docx
from ..errors import BriefgenError
from ..files import atomic_write, check_writable
from ..intake import MB, read_limited
from .build import build_document
from .fixes import Fix, Fixer, Placeholder
from .names import FIX_KINDS, ROLE_NAMES, ROLES_BY_NAME
from .recognize import Overrides, Part, RoleError, recognize
from .text import DraftError, read_text_file

TEXT_SUFFIXES = {".txt": False, ".text": False, ".md": True, ".markdown": True}
CONVERTED_SUFFIXES = (".doc", ".wps", ".rtf", ".odt", ".wpt", ".dot")
MAX_OVERRIDES_BYTES = 1 * MB


@dataclass
class FormatOptions:
    letter: bool = False  # 信函格式 instead of 文件式
    head: bool = True  # look for a 版头 (份号 … 发文字号); off: the draft has none, whatever its first lines say
    disabled: frozenset[str] = frozenset()  # fix kinds turned off
    overrides: Overrides = field(default_factory=Overrides)


@dataclass
class FormatResult:
    source: Path
    parts: list[Part]
    fixes: list[Fix]
    placeholders: list[Placeholder]
    warnings: list[str]
    content: bytes  # the formatted .docx
    output: Path | None = None
    draft: Draft | None = None  # as read, before any fix: the redline's old side (read once, not again)


def read_any(path: Path) -> Draft:
    """The draft in ``path``: .docx, .txt, .md, or (through LibreOffice) .doc/.wps/.rtf/.odt."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return read_text_file(path, markdown=TEXT_SUFFIXES[suffix])
    # The .docx reader is imported only for a Word draft: a text draft formats without it.
    from ..docx.draft import read_draft
    from ..docx.read import OLE_MAGIC

    if suffix in CONVERTED_SUFFIXES or (suffix != ".docx" and _starts_with(path, OLE_MAGIC)):
        return _converted(path)
    if suffix == ".docx" or _starts_with(path, b"PK"):
        return read_draft(path)
    raise DraftError(f"不能排版「{path.suffix or '无扩展名'}」文件。", where=str(path), hint="请给出 .docx、.doc、.wps、.txt 或 .md 文件。")


def _starts_with(path: Path, magic: bytes) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(magic)) == magic
    except OSError:
        return False


def _converted(path: Path) -> Draft:
    from ..docx.draft import read_draft
    from ..docx.pdf import convert_to_docx

    read_limited(path, 100 * MB, "草稿", DraftError)  # a regular file within the limit, before LibreOffice sees it
    with tempfile.TemporaryDirectory(prefix="briefgen-format-") as work:
        converted = Path(work) / "draft.docx"
        converted.write_bytes(convert_to_docx(path))
        draft = read_draft(converted)
    draft.source = str(path)
    return draft


def format_draft(path: Path, options: FormatOptions) -> FormatResult:
    """Everything but writing: the parts, the fixes made, and the document's bytes."""
    draft = read_any(path)
    fixer = Fixer(options.disabled)
    joined = Draft(draft.source, fixer.join_broken(draft.blocks), warnings=draft.warnings)
    try:
        parts = recognize(joined, options.overrides, head=options.head)
    except RoleError as error:
        error.where = error.where or str(path)
        raise
    document = build_document(parts, fixer, letter=options.letter)
    warnings = list(draft.warnings)
    if options.letter and not document.meta.issuer_mark:
        warnings.append("草稿中没有发文机关标志，信函格式的版头处空着：请在草稿第一行写上机关名称，或用 --roles 指定。")
    fixes = sorted(fixer.fixes, key=lambda fix: fix.number)  # in the draft's order (stable within a paragraph)
    return FormatResult(path, parts, fixes, fixer.placeholders, warnings, write_docx(document), draft=draft)


def format_file(path: Path, output: Path, options: FormatOptions, force: bool = False) -> FormatResult:
    """Format ``path`` into ``output``, written whole or not at all; the draft is only read."""
    check_writable(output, force)
    if output.resolve() == path.resolve():
        raise BriefgenError("输出文件不能是草稿本身。", where=str(output), hint="草稿不会被修改：请为排好的文档另起一个文件名。")
    result = format_draft(path, options)
    result.output = atomic_write(output, result.content, force=force)
    return result


def format_many(paths: list[Path], out_dir: Path, options: FormatOptions, force: bool = False) -> list[FormatResult | BriefgenError]:
    """Several drafts into a folder, in parallel; a draft that fails does not stop the others."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names = _output_names(paths)

    def one(path: Path) -> FormatResult | BriefgenError:
        try:
            return format_file(path, out_dir / names[path], options, force)
        except BriefgenError as error:
            error.where = error.where or str(path)
            return error

    with ThreadPoolExecutor(max_workers=min(len(paths), os.cpu_count() or 1)) as pool:
        return list(pool.map(one, paths))


def _output_names(paths: list[Path]) -> dict[Path, str]:
    """Each draft's output name: its stem with .docx; a second 报告.docx from another folder
    becomes 报告-2.docx rather than overwrite the first."""
    names: dict[Path, str] = {}
    taken: set[str] = set()
    for path in paths:
        stem, count = path.stem, 1
        name = f"{stem}.docx"
        while name in taken:
            count += 1
            name = f"{stem}-{count}.docx"
        taken.add(name)
        names[path] = name
    return names


def write_redline(result: FormatResult, output: Path, force: bool = False) -> Path:
    """The formatted document with every change from the draft's text as a tracked change, so a
    reviewer accepts or rejects each fix in Word (a text draft is compared as its paragraphs)."""
    from ..docx.redline import redline

    check_writable(output, force)
    with tempfile.TemporaryDirectory(prefix="briefgen-format-") as work:
        old = result.source
        if result.source.suffix.lower() != ".docx":
            old = Path(work) / "draft.docx"
            old.write_bytes(_as_plain_docx(result.draft or read_any(result.source)))
        new = Path(work) / "formatted.docx"
        new.write_bytes(result.content)
        content, _ = redline(old, new, author="briefgen 一键排版")
    return atomic_write(output, content, force=force)


def _as_plain_docx(draft: Draft) -> bytes:
    blocks = []
    for block in draft.blocks:
        if isinstance(block, DraftTable):
            blocks.append(Table(rows=[[Cell([Run(cell)]) for cell in row] for row in block.rows]))
        else:
            blocks.append(Paragraph([Run(block.text)]))
    return write_docx(Document(blocks=blocks))


def read_overrides(path: Path | None, title_lines: int | None) -> Overrides:
    """Roles named by a person: ``--title-lines N``, and a YAML file of 段号: 角色 (角色 in Chinese,
    as --show prints them)."""
    roles: dict[int, str] = {}
    if path is not None:
        import yaml

        raw = read_limited(path, MAX_OVERRIDES_BYTES, "角色文件", DraftError)
        try:
            loaded = yaml.safe_load(raw.decode("utf-8-sig")) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise DraftError(f"角色文件无法读取：{exc}", where=str(path), hint="每行写“段号: 角色”，如 12: 署名。") from None
        if not isinstance(loaded, dict):
            raise DraftError("角色文件应是“段号: 角色”的列表。", where=str(path), hint="如：\n12: 署名\n13: 成文日期")
        for key, name in loaded.items():
            if not isinstance(key, int) or isinstance(key, bool):
                raise DraftError(f"「{key}」不是段号（应是整数）。", where=str(path))
            role = ROLES_BY_NAME.get(str(name), str(name) if str(name) in ROLE_NAMES else None)
            if role is None:
                raise DraftError(f"第 {key} 段的角色「{name}」无法识别。", where=str(path), hint=f"可用的角色：{'、'.join(ROLE_NAMES.values())}。")
            roles[key] = role
    return Overrides(title_lines=title_lines, roles=roles)


def disabled_fixes(names: tuple[str, ...]) -> frozenset[str]:
    unknown = [name for name in names if name not in FIX_KINDS]
    if unknown:
        raise BriefgenError(f"不认识的修正类别：{'、'.join(unknown)}。", hint="可用的类别：" + "、".join(f"{kind}（{text}）" for kind, text in FIX_KINDS.items()))
    return frozenset(names)
