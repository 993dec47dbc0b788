"""What 一键排版 tells its user: the role given to each paragraph (--show), the fixes made, the placeholders left, as text or JSON."""

from __future__ import annotations

import json
import unicodedata

from .names import ROLE_NAMES
from .recognize import Part
from .run import FormatResult

EXCERPT = 30


def _excerpt(text: str, length: int = EXCERPT) -> str:
    text = text.replace("\n", " ").strip()
    return text if len(text) <= length else text[:length] + "…"


def role_name(part: Part) -> str:
    name = ROLE_NAMES[part.role]
    return name + "（段中标题）" if part.run_in else name


def _padded(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a 汉字 takes two)."""
    used = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(width - used, 0)


ROLE_COLUMNS = 22


def show_lines(result: FormatResult) -> list[str]:
    """One line a paragraph: 段号, role, the start of its text."""
    lines = [f"{result.source}：", f"  {'段号':>4}  {_padded('角色', ROLE_COLUMNS)}文字"]
    for part in result.parts:
        lines.append(f"  {part.number:>6}  {_padded(role_name(part), ROLE_COLUMNS)}{_excerpt(part.block.text)}")
    return lines


def result_lines(result: FormatResult) -> list[str]:
    lines = [f"已排版：{result.source} → {result.output}" if result.output else f"{result.source}："]
    if result.fixes:
        lines.append(f"  修正 {len(result.fixes)} 处：")
        lines += [f"    {fix.line()}" for fix in result.fixes]
    else:
        lines.append("  文字没有需要修正之处。")
    lines += [f"  注意：{warning}" for warning in result.warnings]
    lines += [f"  错误：{placeholder.line()}" for placeholder in result.placeholders]
    return lines


def result_dict(result: FormatResult) -> dict:
    return {
        "草稿": str(result.source),
        "输出": str(result.output) if result.output else None,
        "段落": [
            {"段号": part.number, "角色": ROLE_NAMES[part.role], "序号": part.mark.mark if part.mark else "", "段中标题": bool(part.run_in), "文字": part.block.text}
            for part in result.parts
        ],
        "修正": [{"段号": fix.number, "类别": fix.kind, "原文": fix.before, "改为": fix.after} for fix in result.fixes],
        "占位符": [{"段号": placeholder.number, "原文": placeholder.text} for placeholder in result.placeholders],
        "注意": result.warnings,
    }


def results_json(results: list[FormatResult]) -> str:
    return json.dumps([result_dict(result) for result in results], ensure_ascii=False, indent=2)
