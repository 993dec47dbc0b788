"""template.yaml's fonts, layout and options checked before use: known keys, right kinds, sane ranges.

A template folder may come from anywhere (mail, a USB stick): a misspelt key, a list where a
mapping belongs, a number that would make 50 million blank lines, a font name Word refuses or a
control character that would corrupt styles.xml are each a located Chinese error, not a crash
or a broken file.
"""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path
from typing import Any

from ..document.standard import MAX_FONT_NAME, Fonts, Layout, override_range
from ..errors import TemplateError

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
FONT_KEYS = [field.name for field in fields(Fonts)]
LAYOUT_KEYS = [field.name for field in fields(Layout)]
_HEX_COLOUR = re.compile(r"^[0-9A-Fa-f]{6}$")


def _fail(manifest: Path, message: str, hint: str = "") -> TemplateError:
    return TemplateError(message, where=str(manifest), hint=hint)


def check_text(value: Any, manifest: Path, path: str = "") -> None:
    """No control character anywhere in the manifest's text (they would corrupt the .docx)."""
    if isinstance(value, str):
        if _CONTROL.search(value):
            raise _fail(manifest, f"「{path or '值'}」中含有控制字符。", hint="请删除这个不可见的字符（常见于从其他系统复制的文字）。")
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(str(key), manifest, path)
            check_text(item, manifest, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_text(item, manifest, f"{path}[{index}]")


def mapping(raw: dict[str, Any], key: str, manifest: Path) -> dict[str, Any]:
    """``raw[key]`` as a mapping ({} when absent); a list or a single value is refused."""
    value = raw.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _fail(manifest, f"「{key}」应是“键: 值”的映射，而不是{'列表' if isinstance(value, list) else '单个值'}。", hint=f"写法见说明文档 docs/templates.md 的“{key}”一节。")
    return dict(value)


def checked_fonts(raw: dict[str, Any], manifest: Path) -> dict[str, str]:
    """``fonts:`` with known keys and names Word accepts."""
    fonts = mapping(raw, "fonts", manifest)
    for key, name in fonts.items():
        if key not in FONT_KEYS:
            raise _fail(manifest, f"fonts 中没有「{key}」这一项。", hint=f"可用的有：{'、'.join(FONT_KEYS)}。")
        if not isinstance(name, str) or not name.strip():
            raise _fail(manifest, f"fonts.{key} 应是字体名称（文字）。")
        if len(name) > MAX_FONT_NAME:
            raise _fail(manifest, f"fonts.{key} 的字体名「{name[:20]}…」有 {len(name)} 个字，Word 最多接受 {MAX_FONT_NAME} 个字。", hint="请填写字体的准确名称，如“仿宋”“仿宋_GB2312”。")
    return fonts


def checked_layout(raw: dict[str, Any], manifest: Path) -> dict[str, Any]:
    """``layout:`` with known keys, numbers in their ranges (standard.override_range)."""
    layout = mapping(raw, "layout", manifest)
    for key, value in layout.items():
        if key not in LAYOUT_KEYS:
            raise _fail(manifest, f"layout 中没有「{key}」这一项。", hint=f"可用的有：{'、'.join(LAYOUT_KEYS)}。")
        limits = override_range(key)
        if limits is None:
            if not (isinstance(value, str) and _HEX_COLOUR.match(value)):
                raise _fail(manifest, f"layout.{key} 应是六位十六进制颜色，如 FF0000。")
            continue
        low, high = limits
        whole = isinstance(getattr(Layout(), key), int)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (whole and not float(value).is_integer()):
            raise _fail(manifest, f"layout.{key} 应是{'整数' if whole else '数字'}，实际为「{value}」。")
        if not low <= value <= high:
            raise _fail(manifest, f"layout.{key} 应在 {low:g} 到 {high:g} 之间，实际为 {value:g}。")
        layout[key] = int(value) if whole else float(value)
    return layout
