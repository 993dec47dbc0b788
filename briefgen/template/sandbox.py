"""The Jinja sandbox templates run in: read-only data, files kept inside the template folder,
bounded arithmetic, a deadline and an output budget.

A template may come from another office by mail. Jinja's ImmutableSandboxedEnvironment already
refuses Python internals and changes to the data (so in a batch one document cannot change the
next: ``城市.pop()`` is refused). On top of it:
- the loader resolves every file it opens, symlinks followed, and refuses one outside the
  template's folder (``{% include 'leak.j2' %}`` with ``leak.j2 -> /etc/passwd``);
- ``*`` and ``**`` are checked before they run: ``'a' * 10**10`` or ``10 ** 100000000`` would
  take the memory or the time of the machine in one step no deadline can interrupt;
- rendering stops at a deadline (a timer signal, in the main thread of the process that renders:
  the command line and every batch worker) and when the output passes a size.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..budget import deadline, seconds_from_environment
from ..errors import TemplateError
from ..intake import read_limited

MB = 1024 * 1024


@dataclass(frozen=True)
class RenderBudget:
    """What one rendering may take; each can be raised by an environment variable for a document
    that really needs more (docs/security.md)."""

    seconds: float = seconds_from_environment("BRIEFGEN_RENDER_SECONDS", 60)
    output_chars: int = int(os.environ.get("BRIEFGEN_RENDER_CHARS", 20_000_000))  # ~7,000 pages of markup
    sequence_items: int = 10_000_000  # the longest string or list that * may make
    power_bits: int = 100_000  # the largest number ** may make (about 30,000 digits)
    template_bytes: int = 2 * MB  # one template file


BUDGET = RenderBudget()


class BudgetExceeded(TemplateError):
    """A rendering took more time, output or arithmetic than its budget allows."""


class FolderLoader(jinja2.FileSystemLoader):
    """Template files of one folder only: the real path of every file (symlinks followed) must
    lie inside the folder's real path."""

    def __init__(self, folder: Path):
        super().__init__(str(folder), encoding="utf-8")
        self.root = Path(os.path.realpath(folder))

    def get_source(self, environment: jinja2.Environment, template: str):
        pieces = jinja2.loaders.split_template_path(template)  # refuses ".." already
        path = self.root.joinpath(*pieces)
        real = Path(os.path.realpath(path))
        if real != self.root and self.root not in real.parents:
            raise TemplateError(
                f"模板文件「{template}」指向模板文件夹以外的位置（符号链接），已拒绝读取。",
                where=str(path), hint="模板只能使用本文件夹中的文件；请把需要的文件复制进来，不要用链接。",
            )
        if not real.is_file():
            raise jinja2.TemplateNotFound(template)
        source = read_limited(real, BUDGET.template_bytes, "模板文件", TemplateError).decode("utf-8", errors="strict")
        stamp = real.stat().st_mtime
        return source, str(path), lambda: real.stat().st_mtime == stamp


class Sandbox(ImmutableSandboxedEnvironment):
    """The sandbox, with data keys taking precedence over dict methods (row.items) and the
    arithmetic that could exhaust the machine refused before it runs."""

    intercepted_binops = frozenset(["*", "**"])

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, dict):
            if attribute in obj:
                return obj[attribute]
            if not hasattr(dict, attribute):
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_repeat(left, right)
        elif operator == "**":
            _check_power(left, right)
        return super().call_binop(context, operator, left, right)


def _check_repeat(left: Any, right: Any) -> None:
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, (str, list, tuple)) and isinstance(count, int) and not isinstance(count, bool):
            if len(sequence) * count > BUDGET.sequence_items:
                raise BudgetExceeded(f"模板中的乘法会生成 {len(sequence) * count} 项的文字或列表，超过了上限 {BUDGET.sequence_items}。", hint="请检查该行的 * 运算。")


def _check_power(base: Any, exponent: Any) -> None:
    if isinstance(base, (int, float)) and isinstance(exponent, (int, float)) and abs(base) > 1 and exponent > 0:
        bits = exponent * math.log2(abs(base))
        if bits > BUDGET.power_bits:
            raise BudgetExceeded(f"模板中的乘方结果过大（约 {int(bits * 0.30103)} 位数字），超过了上限。", hint="请检查该行的 ** 运算。")


def bounded_render(template: jinja2.Template, context: dict[str, Any], what: str) -> str:
    """``template`` rendered within the budget: time, and size of the output."""
    pieces: list[str] = []
    size = 0
    def too_long() -> BudgetExceeded:
        return BudgetExceeded(f"{what}超过 {BUDGET.seconds:g} 秒仍未完成，已停止（模板中可能有过多或无休止的循环）。",
                              hint="请检查模板中的循环；确需更长时间时，设置环境变量 BRIEFGEN_RENDER_SECONDS。")

    with deadline(BUDGET.seconds, too_long):
        for piece in template.generate(context):
            size += len(piece)
            if size > BUDGET.output_chars:
                raise BudgetExceeded(f"{what}输出的文字超过 {BUDGET.output_chars // 10000} 万字，已停止（模板中可能有无休止的循环）。",
                                     hint="请检查模板中的循环；确需更多时，设置环境变量 BRIEFGEN_RENDER_CHARS。")
            pieces.append(piece)
    return "".join(pieces)
