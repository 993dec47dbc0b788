"""Read data kept the way offices keep it: Excel workbooks and CSV tables (see docs/data.md).

Conventions:
- a sheet whose header is 字段 | 值 holds single fields, one per row (dotted names such as
  ``统计期.年份`` make nested fields; a name given on several rows makes a list);
- any other sheet is a table: its name is the data key (``城市``, or dotted ``基本情况.主导产业``),
  the header row gives the field names, every following non-empty row is one record;
- a sheet named ``父表.子字段`` whose first column is headed with the parent's name holds child
  records: that column names the parent record by its 序号 (or by its first column's value);
- title rows above the header, blank rows, trailing empty columns, units in headers
  (``产值（亿元）``), percent-formatted cells, dates and formulas' cached values are handled;
- a CSV file is one sheet, named after the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DataError
from ..intake import WORKBOOK_LIMITS, open_zip, read_member
from .tree import DataDict, DataList, annotate
from .units import split_unit

FIELD_HEADER, VALUE_HEADER = "字段", "值"
ROW_ID = "序号"
_EXCEL_ERRORS = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA"}


@dataclass
class Cell:
    value: Any
    where: str


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]]  # non-empty rows only, in order
    title_rows: set[int]  # indexes of rows that are merged titles above the header


class Problems:
    """Problems found while reading, kept to be reported together with the data's other problems."""

    def __init__(self, source: str):
        self.source = source
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}：{message}")


# -- Excel -----------------------------------------------------------------------------------


def read_workbook(raw: bytes, path: Path) -> DataDict:
    import openpyxl  # imported here: rendering from YAML never pays for it

    _check_package(raw, path)
    try:
        values = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
        # Read a second time, for the formulas, only when a sheet has any: it doubles the time.
        formulas = openpyxl.load_workbook(io.BytesIO(raw), data_only=False) if _has_formula_cells(raw) else None
    except MemoryError:
        raise DataError("Excel 工作簿的内容过多，超出了可用的内存。", where=str(path), hint="请确认选对了文件；数据很多时请拆成几个工作簿。") from None
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise DataError(
            "无法打开 Excel 工作簿：文件可能已损坏，或不是 .xlsx 格式。",
            where=str(path),
            hint="请在 Excel 或 WPS 中打开后另存为 .xlsx 再试。",
        ) from None
    problems = Problems(str(path))
    sheets = [_excel_sheet(values[name], formulas[name] if formulas is not None else None, path, problems) for name in values.sheetnames]
    sheets = [sheet for sheet in sheets if sheet.rows]
    if not sheets:
        raise DataError("工作簿是空的：没有任何工作表含有数据。", where=str(path), hint="可运行 briefgen init 模板名 -o 数据.xlsx 生成一份带说明的工作簿，写法见说明文档 docs/data.md。")
    data = annotate(assemble(sheets, problems, source=str(path)), source=str(path))  # data paths (城市[3]) for messages
    data.problems = problems.items
    return data


def _check_package(raw: bytes, path: Path) -> None:
    """The .docx limits applied to a workbook before openpyxl unpacks it: members, sizes, ratio,
    encryption, and no DTD or entity in any XML part."""
    archive = open_zip(raw, str(path), WORKBOOK_LIMITS, "Excel 工作簿", DataError)
    for name in archive.namelist():
        if name.endswith((".xml", ".rels")):
            head = read_member(archive, name, str(path), WORKBOOK_LIMITS, "Excel 工作簿", DataError, head=4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise DataError(f"Excel 工作簿的部件 {name} 含有 DTD 或实体声明，已拒绝读取。", where=str(path))


# A cell formula in a worksheet part: <f>…</f>, <f t="shared" …/> (not <formula1> of a validation).
_FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formula_cells(raw: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(raw)) as package:
        return any(
            _FORMULA_ELEMENT.search(package.read(name))
            for name in package.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        )


def _excel_sheet(values, formulas, path: Path, problems: Problems) -> Sheet:
    merged_titles = {
        merged.min_row for merged in values.merged_cells.ranges if merged.max_col > merged.min_col and merged.min_row == merged.max_row
    }
    rows, title_rows = [], set()
    for row in values.iter_rows():
        cells = [_excel_cell(cell, formulas, values.title, path, problems) for cell in row]
        while cells and cells[-1].value is None:
            cells.pop()  # trailing empty columns
        if not any(cell.value is not None for cell in cells):
            continue  # blank rows
        if row[0].row in merged_titles and sum(cell.value is not None for cell in cells) == 1:
            title_rows.add(len(rows))
        rows.append(cells)
    return Sheet(values.title, rows, title_rows)


def _excel_cell(cell, formulas, sheet: str, path: Path, problems: Problems) -> Cell:
    where = f"{path.name} {sheet}!{cell.coordinate}"
    value = cell.value
    if value is None:
        if formulas is not None and formulas[cell.coordinate].data_type == "f":
            problems.add(where, "这是公式单元格，但文件中没有保存计算结果。请在 Excel 或 WPS 中打开并保存一次，或把公式改为数值。")
        return Cell(None, where)
    if isinstance(value, str):
        value = value.strip()
        if value in _EXCEL_ERRORS:
            problems.add(where, f"单元格的值是错误「{value}」（公式出错），请先修正公式。")
            return Cell(None, where)
        return Cell(value or None, where)
    if isinstance(value, dt.datetime):
        return Cell(value.date() if value.time() == dt.time() else value, where)
    if isinstance(value, float) and "%" in (cell.number_format or ""):
        # A percent-formatted cell holds a ratio (0.053 shown as 5.3%); briefgen's data holds 5.3.
        return Cell(round(value * 100, 10), where)
    return Cell(value, where)


# -- CSV -------------------------------------------------------------------------------------


def read_csv(raw: bytes, path: Path) -> DataDict:
    text = _decode_csv(raw, path)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        cells = [Cell(value.strip() or None, f"{path.name} 第 {number} 行第 {column} 列") for column, value in enumerate(row, start=1)]
        while cells and cells[-1].value is None:
            cells.pop()
        if cells:
            rows.append(cells)
    if not rows:
        raise DataError("CSV 文件是空的。", where=str(path))
    problems = Problems(str(path))
    sheet = Sheet(path.stem, rows, set())
    _name_csv_cells(sheet)
    data = annotate(assemble([sheet], problems, source=str(path)), source=str(path))
    data.problems = problems.items
    return data


def _decode_csv(raw: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK, which older tools write);
    a file with lines of both is refused: read as GB18030 its UTF-8 names would be garbled."""
    _refuse_mixed_encodings(raw, path)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise DataError(
        "无法识别 CSV 文件的编码（既不是 UTF-8，也不是 GBK/GB18030），或者它不是文本文件。",
        where=str(path),
        hint="请在 Excel 或 WPS 中另存为“CSV UTF-8”格式。",
    )


def _refuse_mixed_encodings(raw: bytes, path: Path) -> None:
    utf8_lines, first_other = 0, 0
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            first_other = first_other or number
            continue
        # A GBK line passes as UTF-8 by chance only with two-byte sequences; 汉字 in UTF-8 take
        # three, which GBK text almost never forms.
        utf8_lines += any(ord(char) >= 0x800 for char in text)
        if utf8_lines and first_other:
            raise DataError(
                f"CSV 文件混用了两种编码：有的行是 UTF-8，第 {first_other} 行却不是（可能是 GBK），按哪一种读都会有乱码。",
                where=f"{path}:{first_other}",
                hint="请在 Excel 或 WPS 中打开，检查这一行的文字后整个文件另存为“CSV UTF-8”格式。",
            )


def _looks_like_text(text: str) -> bool:
    sample = text[:20000]
    odd = sum(1 for char in sample if (ord(char) < 32 and char not in "\r\n\t") or "\ue000" <= char <= "\uf8ff")
    return odd <= len(sample) * 0.01


def _name_csv_cells(sheet: Sheet) -> None:
    """CSV locations name the column by its header: file 第 5 行「名称」列."""
    header = _header_index(sheet)
    names = [cell.value for cell in sheet.rows[header]]
    for row in sheet.rows[header + 1 :]:
        for column, cell in enumerate(row):
            if column < len(names) and names[column]:
                cell.where = re.sub(r"第 (\d+) 列$", f"「{names[column]}」列", cell.where)


# -- from sheets to data ---------------------------------------------------------------------


def _header_index(sheet: Sheet) -> int:
    """The header is the first row that is not a title row above the table."""
    for index, row in enumerate(sheet.rows):
        filled = sum(cell.value is not None for cell in row)
        if index in sheet.title_rows:
            continue
        if filled == 1 and index + 1 < len(sheet.rows) and sum(c.value is not None for c in sheet.rows[index + 1]) > 1:
            continue  # a lone title line above a wider table
        return index
    return 0


def _is_field_sheet(header: list[Cell]) -> bool:
    names = [str(cell.value).strip() if cell.value is not None else "" for cell in header[:2]]
    return names == [FIELD_HEADER, VALUE_HEADER]


def assemble(sheets: list[Sheet], problems: Problems, source: str) -> DataDict:
    data = DataDict()
    data.source = data.origin = source
    tables: dict[str, tuple[DataList, list[DataDict]]] = {}
    # Parents before children: fewer dots first.
    for sheet in sorted(sheets, key=lambda s: s.name.count(".")):
        header_at = _header_index(sheet)
        header, rows = sheet.rows[header_at], sheet.rows[header_at + 1 :]
        if _is_field_sheet(header):
            _read_fields(data, rows, problems)
            continue
        parent_name = sheet.name.rsplit(".", 1)[0] if "." in sheet.name else ""
        if parent_name in tables:
            _read_child_table(sheet, header, rows, tables, parent_name, problems)
        else:
            records = _records(header, rows, problems)
            items = DataList(records)
            items.origin = header[0].where if header else source
            _place(data, sheet.name.split("."), items, header[0].where if header else source, problems)
            tables[sheet.name] = (items, records)
    return data


def _column_names(header: list[Cell], problems: Problems) -> list[tuple[str, str]]:
    columns = []
    seen = set()
    for cell in header:
        if cell.value is None:
            columns.append(("", ""))
            continue
        name, unit = split_unit(str(cell.value))
        if name in seen:
            problems.add(cell.where, f"表头「{name}」重复出现，请删除或改名其中一列。")
        seen.add(name)
        columns.append((name, unit))
    return columns


def _records(header: list[Cell], rows: list[list[Cell]], problems: Problems) -> list[DataDict]:
    columns = _column_names(header, problems)
    records = []
    for row in rows:
        record = DataDict()
        record.origin = row[0].where
        record.row_id = None  # type: ignore[attr-defined]
        for (name, unit), cell in zip(columns, row):
            if not name:
                if cell.value is not None:
                    problems.add(cell.where, "这一列没有表头，无法知道它是哪个字段。请补上表头或删除该列的内容。")
                continue
            if name == ROW_ID:
                record.row_id = cell.value  # type: ignore[attr-defined]
                continue
            _set_field(record, name.split("."), cell, unit, problems)
        for (name, _), column in zip(columns, range(len(columns))):
            if name and name != ROW_ID and "." not in name and name not in record.locations:
                record.locations[name] = _column_where(row, column, header)
        records.append(record)
    return records


def _column_where(row: list[Cell], column: int, header: list[Cell]) -> str:
    """Location of an empty cell at ``column`` of ``row`` (the row may be shorter than the header)."""
    if column < len(row):
        return row[column].where
    first = row[0].where
    letters = re.search(r"!([A-Z]+)(\d+)$", first)
    header_letters = re.search(r"!([A-Z]+)\d+$", header[column].where) if column < len(header) else None
    if letters and header_letters:
        return first[: letters.start()] + f"!{header_letters.group(1)}{letters.group(2)}"
    return first


def _set_field(target: DataDict, path: list[str], cell: Cell, unit: str, problems: Problems) -> None:
    """Set a (possibly dotted) field; empty cells leave the field out but keep its location."""
    for part in path[:-1]:
        child = target.get(part)
        if not isinstance(child, DataDict):
            child = DataDict()
            child.origin = cell.where
            target[part] = child
            target.locations[part] = cell.where
        target = child
    key = path[-1]
    target.locations[key] = cell.where
    if unit:
        target.units[key] = unit
    if cell.value is not None:
        target[key] = cell.value


def _read_fields(data: DataDict, rows: list[list[Cell]], problems: Problems) -> None:
    """字段 | 值 rows; a field named on several rows becomes a list."""
    seen: dict[str, str] = {}
    for row in rows:
        name_cell = row[0]
        value_cell = row[1] if len(row) > 1 else Cell(None, name_cell.where)
        if name_cell.value is None:
            if value_cell.value is not None:
                problems.add(value_cell.where, "这一行有值但没有字段名，请在“字段”列填写字段名。")
            continue
        name, unit = split_unit(str(name_cell.value))
        path = name.split(".")
        if name in seen:
            _append_repeated(data, path, value_cell)
            continue
        seen[name] = value_cell.where
        _set_field(data, path, value_cell, unit, problems)


def _append_repeated(data: DataDict, path: list[str], cell: Cell) -> None:
    target = data
    for part in path[:-1]:
        target = target[part]
    key = path[-1]
    current = target.get(key)
    if not isinstance(current, DataList):
        items = DataList([] if current is None else [current])
        items.origin = target.where(key)
        target[key] = items
        current = items
    if cell.value is not None:
        current.append(cell.value)


def _place(data: DataDict, path: list[str], value: Any, where: str, problems: Problems) -> None:
    target = data
    for part in path[:-1]:
        child = target.get(part)
        if child is None:
            child = DataDict()
            child.origin = where
            target[part] = child
            target.locations[part] = where
        if not isinstance(child, DataDict):
            problems.add(where, f"工作表名「{'.'.join(path)}」中的「{part}」不是一组字段，无法在其下放置表格。")
            return
        target = child
    if path[-1] in target:
        problems.add(where, f"字段「{'.'.join(path)}」既在“字段/值”表中又有同名工作表，请只保留一处。")
        return
    target[path[-1]] = value
    target.locations[path[-1]] = where


def _read_child_table(sheet, header, rows, tables, parent_name: str, problems: Problems) -> None:
    """Rows of ``父表.子字段``: the first column names the parent record."""
    parent_items, parent_records = tables[parent_name]
    # Known even with no rows: its own child sheets then hang under it, and are not read as a
    # field of the top level (an empty optional 正文.分项 with an empty 正文.分项.数据 below it).
    tables.setdefault(sheet.name, (DataList(), []))
    child_key = sheet.name.rsplit(".", 1)[1]
    parent_label = parent_name.rsplit(".", 1)[-1]
    first = str(header[0].value or "").strip()
    if first not in (parent_label, ROW_ID + parent_label, parent_label + ROW_ID):
        problems.add(header[0].where, f"子表「{sheet.name}」的第一列应以上级表名「{parent_label}」为表头，用来写明每行属于哪一条上级记录。")
        return
    by_key = _parent_keys(parent_records, parent_name, problems)
    records = _records(header[1:], [row[1:] if len(row) > 1 else [Cell(None, row[0].where)] for row in rows], problems)
    items_by_parent: dict[int, DataList] = {}
    for row, record in zip(rows, records):
        reference = row[0]
        parent = by_key.get(_key(reference.value))
        if parent is None:
            problems.add(reference.where, f"找不到「{reference.value}」对应的「{parent_label}」记录（按序号或第一列匹配）。")
            continue
        items = items_by_parent.setdefault(id(parent), DataList())
        if not items:
            items.origin = reference.where
            parent[child_key] = items
            parent.locations[child_key] = reference.where
        items.append(record)
        tables[sheet.name][1].append(record)


def _parent_keys(records: list[DataDict], parent_name: str, problems: Problems) -> dict[Any, DataDict]:
    keys: dict[Any, DataDict] = {}
    for position, record in enumerate(records, start=1):
        row_id = getattr(record, "row_id", None)
        key = _key(row_id if row_id is not None else (next(iter(record.values()), None) if record else position))
        if key in keys:
            problems.add(record.where(), f"「{parent_name}」中有两条记录的序号（或第一列）都是「{key}」，子表无法区分，请改为唯一的值。")
        keys[key] = record
    return keys


def _key(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if value is not None else None
