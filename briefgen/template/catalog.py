"""Find templates: the bundled ones by name, or a user's template folder by path."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..errors import TemplateError, os_error_text
from .settings import check_text, checked_fonts, checked_layout, mapping

MANIFEST = "template.yaml"


@lru_cache(maxsize=4)
def bundled_root(kind: str = "templates") -> Path:
    """The folder of bundled ``templates`` (or ``data_schemas``).

    In a wheel they are packed inside the package; in a source checkout (and an
    editable install) they sit beside it at the repository root.
    """
    package_dir = Path(__file__).resolve().parent.parent  # briefgen/, from briefgen/template/
    packed = package_dir / "_bundled" / kind
    return packed if packed.is_dir() else package_dir.parent / kind


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    folder: Path
    title: str
    description: str
    main: str
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    fonts: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    layout: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    schema: Path | None = None  # the data schema (JSON Schema) that data for it must satisfy

    @property
    def main_path(self) -> Path:
        return self.folder / self.main

    @property
    def bundled(self) -> bool:
        """One of briefgen's own templates (named by its name in messages, not its path)."""
        return self.folder.parent == bundled_root().resolve()


def bundled_names() -> list[str]:
    root = bundled_root()
    return sorted(p.name for p in root.iterdir() if (p / MANIFEST).is_file()) if root.is_dir() else []


def list_bundled() -> list[TemplateInfo]:
    return [read_template_info(bundled_root() / name) for name in bundled_names()]


def _is_bundled(name: str) -> bool:
    # A plain name only: "../x" must not reach outside the bundled folder.
    plain = name not in ("", ".", "..") and "/" not in name and "\\" not in name
    return plain and (bundled_root() / name / MANIFEST).is_file()


def find_template(name_or_path: str | Path) -> TemplateInfo:
    """A bundled template's name, or a path to a folder holding ``template.yaml``."""
    candidate = Path(name_or_path)
    if (candidate / MANIFEST).is_file():
        return read_template_info(candidate)
    if _is_bundled(str(name_or_path)):
        return read_template_info(bundled_root() / str(name_or_path))
    names = "、".join(bundled_names()) or "（无）"
    if candidate.is_dir():
        raise TemplateError(
            f"文件夹中没有 {MANIFEST}，不是模板文件夹。",
            where=str(candidate),
            hint=f"模板文件夹须包含 {MANIFEST} 和模板正文文件，见 docs/templates.md。",
        )
    raise TemplateError(
        f"找不到模板「{name_or_path}」。",
        hint=f"内置模板有：{names}；也可以给出模板文件夹的路径。运行 briefgen templates 查看说明。",
    )


def read_template_info(folder: Path) -> TemplateInfo:
    """The template's description; read once per version of its template.yaml."""
    manifest = folder / MANIFEST
    try:
        stamp = manifest.stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _read_template_info(folder.resolve(), stamp)


@lru_cache(maxsize=64)
def _read_template_info(folder: Path, _stamp: int) -> TemplateInfo:
    manifest = folder / MANIFEST
    try:
        raw = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"{manifest}:{mark.line + 1}" if mark else str(manifest)
        raise TemplateError("模板说明文件（template.yaml）格式错误。", where=where, hint="请检查该行的缩进、冒号（半角“:”后加空格）和引号。") from None
    except yaml.YAMLError:
        raise TemplateError("模板说明文件（template.yaml）格式错误。", where=str(manifest)) from None
    except OSError as exc:
        raise TemplateError(f"无法读取模板说明文件：{os_error_text(exc)}。", where=str(manifest)) from None
    except UnicodeDecodeError:
        raise TemplateError("模板说明文件不是 UTF-8 编码。", where=str(manifest), hint="请用文本编辑器另存为 UTF-8 编码。") from None
    if not isinstance(raw, dict):
        raise TemplateError("模板说明文件应是“键: 值”的映射。", where=str(manifest))
    check_text(raw, manifest)
    main = str(raw.get("main", "document.j2"))
    if not (folder / main).is_file():
        raise TemplateError(f"模板正文文件「{main}」不存在。", where=str(manifest))
    schema = _schema_path(folder, raw)
    if raw.get("schema") and schema is None:
        raise TemplateError(f"数据说明文件「{raw['schema']}」不存在。", where=str(manifest))
    return TemplateInfo(
        name=str(raw.get("name", folder.name)),
        folder=folder.resolve(),
        title=str(raw.get("title", folder.name)),
        description=str(raw.get("description", "")),
        main=main,
        options=mapping(raw, "options", manifest),
        fonts=checked_fonts(raw, manifest),
        layout=checked_layout(raw, manifest),
        schema=schema,
    )


SCHEMA_FILE = "schema.json"


def _schema_path(folder: Path, manifest: dict[str, Any]) -> Path | None:
    """The template's own schema (``schema:`` in template.yaml, or schema.json beside it);
    for a bundled template, its schema in data_schemas/."""
    own = folder / str(manifest.get("schema", SCHEMA_FILE))
    if own.is_file():
        return own.resolve()
    if manifest.get("schema"):
        return None
    bundled = bundled_root("data_schemas") / f"{folder.name}.schema.json"
    if folder.resolve().parent == bundled_root().resolve() and bundled.is_file():
        return bundled.resolve()
    return None
