"""Plan a batch before anything is written: records checked one by one, file names, what may be replaced."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..data.load import load_all
from ..data.tree import DataDict, DataList, problems_error
from ..data.units import to_base_units
from ..errors import DataError, OutputError
from ..files import safe_filename
from ..template.catalog import TemplateInfo
from .jobs import INDEX, Job
from .manifest import Failure


@dataclass
class BatchOptions:
    each: str
    out_dir: Path
    name: str = ""  # file name pattern, e.g. "{名称}通报.docx"
    key: str = ""  # the field that names a record
    number: tuple[str, int] | None = None  # (field, start): 发文字号 sequence
    workers: int = 0
    strict: bool = False
    force: bool = False
    resume: bool = False
    combined: Path | None = None
    restart_page_numbers: bool = True
    make_zip: bool = False
    pdf: bool = False
    executor: str = "local"
    scheduler: str = ""
    json_manifest: bool = False


def _table(data: DataDict, each: str) -> DataList:
    node: Any = data
    for part in each.split("."):
        if not isinstance(node, dict) or part not in node:
            raise DataError(
                f"数据中没有名为「{each}」的表格，无法逐条生成。",
                where=data.source,
                hint="--each 应写工作表名或数据中列表字段的名字，如 --each 城市。",
            )
        node = node[part]
    if not isinstance(node, list) or not node or not all(isinstance(item, dict) for item in node):
        raise DataError(f"「{each}」不是一张有记录的表格。", where=data.source, hint="请检查 --each 指定的字段。")
    return node


def _list_schema(schema: dict[str, Any] | None, each: str) -> dict[str, Any]:
    node = schema or {}
    for part in each.split("."):
        node = node.get("properties", {}).get(part, {})
    return node


def _key_field(records: list[dict[str, Any]], list_schema: dict[str, Any], chosen: str) -> str:
    if chosen:
        return chosen
    return list_schema.get("x-unique") or next(iter(records[0]), "")


def _check_records(
    records: DataList, list_schema: dict[str, Any], key: str, read_problems: list[str]
) -> tuple[list[tuple[int, DataDict]], list[Failure], list[str]]:
    """Each record checked on its own; duplicates of the key are failures of the later record.

    Returns the good records with their 1-based place in the table, the failures in table
    order, and the warnings (an unknown column once, not once per record)."""
    from ..data.validate import record_problems

    good, failures, seen, warnings = [], [], {}, {}
    item_schema = list_schema.get("items", {})
    by_row = _problems_by_row(read_problems)
    for position, record in enumerate(records, start=1):
        label = str(record.get(key, f"第 {position} 条"))
        found = record_problems(record, item_schema) if item_schema else []
        warnings.update(getattr(found, "warnings", {}))
        problems = [Failure(label, p.where, p.title or p.path, p.message, position) for p in found]
        problems += [Failure(label, where, "", reason, position) for where, reason in by_row.get(_row_of(record.where()), [])]
        if label in seen and not problems:
            problems.append(Failure(label, record.where(key), key, f"与 {seen[label]} 的记录重复，无法区分两份文件", position))
        seen.setdefault(label, record.where(key))
        if problems:
            failures += problems
        else:
            good.append((position, record))
    return good, failures, list(warnings.values())


def _row_of(where: str) -> str:
    """"f.xlsx 城市!C7" → "f.xlsx 城市!7" (the sheet and row of a cell)."""
    head, _, cell = where.rpartition("!")
    return f"{head}!{cell.lstrip('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}" if head else where


def _problems_by_row(problems: list[str]) -> dict[str, list[tuple[str, str]]]:
    rows: dict[str, list[tuple[str, str]]] = {}
    for problem in problems:
        where, _, reason = problem.partition("：")
        rows.setdefault(_row_of(where), []).append((where, reason))
    return rows


def plan(info: TemplateInfo, data_files: list[Path], options: BatchOptions) -> tuple[dict[str, Any], list[Job], list[Failure]]:
    """Load, check and name every document before anything is written.

    Problems of the shared fields stop the batch (``DataError``, listing them first and then
    the records' problems); a record's problems fail that record only. When every record
    fails, there are no jobs and every failure is returned, for errors.csv.
    """
    from ..data.validate import SCHEMA_HINT, check, load_schema

    data = load_all(data_files)
    schema = load_schema(info.schema) if info.schema else None
    records = _table(data, options.each)
    list_schema = _list_schema(schema, options.each)
    key = _key_field(records, list_schema, options.key)
    good, failures, warnings = _check_records(records, list_schema, key, data.problems)
    records[:] = [record for _, record in good]  # the shared data sees only the good records (e.g. for province totals)
    data.problems = [p for p in data.problems if not any(p.startswith(f.where) for f in failures)]
    data.warnings = [*data.warnings, *warnings]
    if schema is not None:
        common = check(data, schema, skip_path=options.each)
    else:
        common = list(data.problems)
        to_base_units(data)
    if common:
        listed = common + [f"{f.where}：{f.field}{f.reason}" if f.field else f"{f.where}：{f.reason}" for f in failures]
        hint = "前面是各份文件共用的字段的问题，须先改正，批量生成才能开始；后面是个别记录的问题。" + (SCHEMA_HINT if schema else "")
        raise problems_error(listed, data.source, hint=hint)
    jobs = []
    for index, (position, record) in enumerate(good, start=1):
        extras: dict[str, Any] = {INDEX: index}
        if options.number:
            field_name, start = options.number
            extras[field_name] = start + index - 1
        name = _file_name(options.name, record, key, {**data, **extras})
        jobs.append(Job(index, str(record.get(key, index)), name, record, extras, position=position))
    _check_names(jobs)
    return data, jobs, failures


def _file_name(pattern: str, record: dict[str, Any], key: str, data: dict[str, Any]) -> str:
    fields = {**{k: v for k, v in data.items() if not isinstance(v, (dict, list))}, **record}
    pattern = pattern or f"{{{key}}}.docx"
    try:
        return safe_filename(pattern.format_map(fields))
    except KeyError as missing:
        raise DataError(
            f"文件名模板「{pattern}」中的字段 {missing} 在记录中不存在。",
            hint=f"可用的字段有：{'、'.join(map(str, record))}、{INDEX}。",
        ) from None
    except (ValueError, IndexError, AttributeError):
        raise DataError(f"文件名模板「{pattern}」写法有误：花括号不成对，或其中不是字段名。", hint="字段名写在花括号中，如 {名称}通报.docx；文件名中要出现花括号本身时写成 {{ 或 }}。") from None


def _check_names(jobs: list[Job]) -> None:
    seen: dict[str, Job] = {}
    for job in jobs:
        folded = job.file.casefold()
        if folded in seen:
            raise OutputError(
                f"记录「{seen[folded].key}」和「{job.key}」的文件名都是「{job.file}」，会互相覆盖；没有写出任何文件。",
                hint="请在 --name 中加入能区分记录的字段，如 {名称} 或 {批次序号}。",
            )
        seen[folded] = job
