"""Run the checks over files (and optionally render and measure them) and report the findings.

The terminal gets a table per file and a summary; ``--json`` gets one object per file. With a
kind (``--kind``), that kind's rules (``kinds.py``) run beside the general ones.
Exit codes: 0 no errors, 1 errors found, 2 a file could not be read or rendered, 3 briefgen
failed on a file (a bug). Each file is read and checked on its own: one that cannot be read, or
on which briefgen fails, gets its own line and the others their reports.
"""

from __future__ import annotations

import json
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import click

from ..budget import deadline, seconds_from_environment
from ..docx.pdf import RenderError, convert_to_pdf
from ..docx.read import DocxFacts, read_docx
from ..errors import BriefgenError
from .kinds import Kind
from .measure import FontUse, measure_pdf
from .rules import ERROR, SEVERITY_NAMES, WARNING, Finding, check_facts

NOT_RENDERED = "未渲染"
# Reading and checking one file: a 1,000-page report takes seconds; a file built to keep the
# checker busy is stopped here, with its own line in the report.
CHECK_SECONDS = seconds_from_environment("BRIEFGEN_CHECK_SECONDS", 120)


@dataclass
class FileReport:
    path: Path
    findings: list[Finding] = field(default_factory=list)
    unreadable: str = ""  # why the file could not be read
    internal: bool = False  # briefgen itself failed on the file (unreadable says so)
    rendered: str = ""  # "" not asked, "是" rendered, else why not
    fonts: list[FontUse] = field(default_factory=list)
    pages: int = 0
    kind: str = ""  # the kind whose rules were run too (请示, 报告, …), "" for none

    @property
    def errors(self) -> int:
        return sum(item.severity == ERROR for item in self.findings)

    @property
    def warnings(self) -> int:
        return sum(item.severity == WARNING for item in self.findings)

    def as_dict(self) -> dict:
        return {
            "file": str(self.path),
            "readable": not self.unreadable,
            "problem": self.unreadable,
            "rendered": self.rendered == "是" if self.rendered else None,
            "render_problem": self.rendered if self.rendered not in ("", "是") else "",
            "pages": self.pages or None,
            "kind": self.kind or None,
            "errors": self.errors,
            "warnings": self.warnings,
            "findings": [item.as_dict() for item in self.findings],
            "fonts": [{"requested": use.requested, "used": use.used, "substituted": use.substituted} for use in self.fonts],
        }


def requested_fonts(facts: DocxFacts) -> set[str]:
    runs = [run for paragraph in facts.paragraphs for run in paragraph.runs if run.text.strip()]
    runs += [run for footer in facts.footers for run in footer.runs if run.text.strip()]
    return {name for run in runs for name in (run.east_asia, run.latin) if name}


def document_text(facts: DocxFacts) -> str:
    """The text the pages must show: every paragraph of the body, tables included."""
    return "".join(paragraph.text for paragraph in facts.paragraphs)


def has_end_matter(facts: DocxFacts) -> bool:
    return any(p.text.strip().startswith(("抄送", "分送：")) or p.text.strip().endswith("印发") for p in facts.paragraphs)


def check_files(paths: list[Path], render: bool, debug: bool = False, kind: Kind | None = None) -> list[FileReport]:
    """Each file's report; with ``kind``, that kind's rules run beside the general ones."""
    reports, readable = [], {}
    for path in paths:
        report = FileReport(path, kind=kind.label if kind else "")
        facts = _read_and_check(path, report, debug, kind)
        if facts is not None:
            readable[path] = (report, facts)
        reports.append(report)
    if render and readable:
        _render_and_measure(readable)
    return reports


def _read_and_check(path: Path, report: FileReport, debug: bool, kind: Kind | None = None) -> DocxFacts | None:
    """The file's facts, its findings in ``report``; None, and why in ``report``, when it cannot
    be read or checked. Nothing raised here stops the other files' reports."""
    def too_long() -> BriefgenError:
        return BriefgenError(f"读取和检查这个文件超过 {CHECK_SECONDS:g} 秒仍未完成，已停止；文件可能过大或结构异常。", where=str(path),
                             hint="确是正常文件时，可设置环境变量 BRIEFGEN_CHECK_SECONDS 放宽时限。")

    try:
        with deadline(CHECK_SECONDS, too_long):
            facts = read_docx(path)
            report.findings = check_facts(facts, kind)
        return facts
    except BriefgenError as error:
        report.unreadable = str(error)
    except MemoryError:
        report.unreadable = f"读取这个文件所需的内存超出限制，没有检查。（{path}）"
    except RecursionError:
        report.unreadable = f"文件的结构嵌套过深，无法读取，没有检查。（{path}）"
    except Exception as error:  # noqa: BLE001 - a bug of ours: this file's line says so, the others go on
        report.internal = True
        report.unreadable = f"briefgen 检查这个文件时内部出错（{type(error).__name__}），这不是文件的问题；请加 --debug 重新运行，并把输出和文件发给维护者。"
        if debug:
            import traceback

            traceback.print_exc()
    return None


def _render_and_measure(readable: dict[Path, tuple[FileReport, DocxFacts]]) -> None:
    with tempfile.TemporaryDirectory(prefix="briefgen-check-") as work:
        try:
            pdfs = convert_to_pdf(list(readable), Path(work))
        except RenderError as error:
            for report, _ in readable.values():
                report.rendered = f"{NOT_RENDERED}：{error.message}{error.hint}"
            return
        for path, (report, facts) in readable.items():
            try:
                measurement = measure_pdf(pdfs[path], requested_fonts(facts), has_end_matter(facts), document_text(facts))
            except (RenderError, OSError) as error:
                report.rendered = f"{NOT_RENDERED}：{error}"
                continue
            report.rendered = "是"
            report.findings += measurement.findings
            report.fonts = measurement.fonts
            report.pages = len(measurement.pages)


def exit_code(reports: list[FileReport], render: bool) -> int:
    if any(r.internal for r in reports):
        return 3
    if any(r.unreadable for r in reports) or (render and any(r.rendered != "是" for r in reports)):
        return 2
    return 1 if any(r.errors for r in reports) else 0


def run_check(paths: list[Path], as_json: bool = False, render: bool = False, debug: bool = False, kind: Kind | None = None) -> int:
    reports = check_files(paths, render, debug, kind)
    if as_json:
        sys.stdout.write(json.dumps([r.as_dict() for r in reports], ensure_ascii=False, indent=2) + "\n")
    else:
        for report in reports:
            print_report(report)
    return exit_code(reports, render)


# -- the terminal table -------------------------------------------------------------------

COLUMNS = [("级别", 4), ("规则", 22), ("条款", 16), ("位置", 18), ("应为", 22), ("实为", 22), ("原文", 20)]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _lines(text: str, width: int) -> list[str]:
    """``text`` wrapped to ``width`` columns (汉字 take two), each line padded: long 应为, 实为
    and 位置 values are shown whole, on as many lines as they need."""
    lines, line, used = [], "", 0
    for char in text.replace("\n", " "):
        size = _width(char)
        if used + size > width:
            lines.append(line + " " * (width - used))
            line, used = "", 0
        line, used = line + char, used + size
    lines.append(line + " " * (width - used))
    return lines


def _row(cells: list[str]) -> list[str]:
    """A table row as terminal lines: every cell wrapped in its column."""
    wrapped = [_lines(cell, width) for (_, width), cell in zip(COLUMNS, cells)]
    height = max(len(lines) for lines in wrapped)
    return ["  " + "  ".join(lines[k] if k < len(lines) else " " * width for (_, width), lines in zip(COLUMNS, wrapped)).rstrip() for k in range(height)]


def print_report(report: FileReport) -> None:
    echo = click.echo
    echo(f"\n{report.path}")
    if report.unreadable:
        echo(f"  无法读取：{report.unreadable}", err=True)
        return
    if report.rendered and report.rendered != "是":
        echo(f"  {report.rendered}（排版实测未做，不能视为通过）", err=True)
    if report.findings:
        for line in _row([name for name, _ in COLUMNS]):
            echo(line)
        for item in report.findings:
            for line in _row([SEVERITY_NAMES[item.severity], item.rule, item.clause, item.place, item.expected, item.actual, item.excerpt]):
                echo(line)
    rendered = f"，已排版实测 {report.pages} 页" if report.rendered == "是" else ""
    kind = f"（含“{report.kind}”的文种规则）" if report.kind else ""
    verdict = "符合所检查的各项要求" if not report.findings else f"错误 {report.errors} 项，警告 {report.warnings} 项"
    echo(f"  结论：{verdict}{kind}{rendered}。")
    substituted = [use for use in report.fonts if use.substituted]
    if substituted:
        echo("  排版时替换的字体：" + "；".join(f"{use.requested} → {use.used}" for use in substituted))


__all__ = ["run_check", "check_files", "FileReport", "BriefgenError"]
