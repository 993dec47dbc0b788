"""Read data files (YAML, JSON, Excel, CSV) into the located data tree (``data.tree``).

Every value keeps where it came from — ``file.yaml:12`` for YAML, ``城市!C7`` for Excel,
``file.csv 第 5 行「名称」列`` for CSV — so that later stages can say exactly which field is missing
or wrong. Excel and CSV readers are imported only when needed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError
from .tree import DataDict, DataList, annotate, problems_error

YAML_SUFFIXES = {".yaml", ".yml"}
JSON_SUFFIXES = {".json"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
CSV_SUFFIXES = {".csv"}
MAX_TEXT_BYTES = 20 * 1024 * 1024  # no real data file of text is this large
MAX_WORKBOOK_BYTES = 50 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"


def load_data(path: str | Path) -> DataDict:
    """Read one data file; raises ``DataError`` listing every problem found while reading."""
    data = read_data(path)
    if data.problems:
        raise problems_error(data.problems, str(path))
    return data


def read_data(path: str | Path) -> DataDict:
    """Read one data file; cell-level problems of a spreadsheet are kept in ``.problems``."""
    path = Path(path)
    suffix = path.suffix.lower()
    known = YAML_SUFFIXES | JSON_SUFFIXES | EXCEL_SUFFIXES | CSV_SUFFIXES
    if suffix not in known:
        raise DataError(
            f"不支持的数据文件类型「{path.suffix or '无扩展名'}」。",
            where=str(path),
            hint="请使用 .yaml、.yml、.json、.xlsx 或 .csv 文件。",
        )
    raw = _read_bytes(path, MAX_WORKBOOK_BYTES if suffix in EXCEL_SUFFIXES else MAX_TEXT_BYTES)
    _check_kind(raw, path, suffix)
    if suffix in EXCEL_SUFFIXES:
        from .workbook import read_workbook

        return read_workbook(raw, path)
    if suffix in CSV_SUFFIXES:
        from .workbook import read_csv

        return read_csv(raw, path)
    text = _decode_utf8(raw, path)
    tree = _parse_yaml(text, path) if suffix in YAML_SUFFIXES else _parse_json(text, path)
    if not isinstance(tree, dict):
        raise DataError(
            "数据文件的顶层应是“字段: 值”的映射，而不是列表或单个值。",
            where=str(path),
            hint="请参照 examples/ 中的示例数据文件的写法。",
        )
    return annotate(tree, source=str(path))


def load_all(paths: list[str | Path]) -> DataDict:
    """Several data files merged at the top level (e.g. shared fields in YAML, a table in CSV).

    Problems found while reading spreadsheets are kept in ``.problems``, to be reported with
    the schema's findings.
    """
    merged = DataDict()
    for path in paths:
        data = read_data(path)
        merged.problems += data.problems
        for key, value in data.items():
            if key in merged:
                raise DataError(
                    f"字段「{key}」在多个数据文件中都出现了（{merged.where(key)} 和 {data.where(key)}）。",
                    where=str(path),
                    hint="每个字段只能在一个数据文件中给出。",
                )
            merged[key] = value
            merged.locations[key] = data.where(key)
            if key in data.units:
                merged.units[key] = data.units[key]
        merged.source = merged.source or data.source
        merged.origin = merged.origin or data.origin
    return merged


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise DataError(
                f"数据文件过大（{size / 1024 / 1024:.0f} MB，上限 {limit // 1024 // 1024} MB），不像是一份数据文件。",
                where=str(path),
                hint="请确认选对了文件。",
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError("找不到数据文件。", where=str(path), hint="请检查文件名和路径。") from None
    except IsADirectoryError:
        raise DataError("这是一个文件夹，不是数据文件。", where=str(path)) from None
    except OSError as exc:
        raise DataError(f"无法读取数据文件：{exc.strerror}。", where=str(path)) from None


def _check_kind(raw: bytes, path: Path, suffix: str) -> None:
    """Refuse a file whose content is not what its extension says."""
    is_zip = raw.startswith(ZIP_MAGIC)
    if suffix in EXCEL_SUFFIXES and not is_zip:
        what = "旧版 Excel（.xls）文件" if raw.startswith(b"\xd0\xcf\x11\xe0") else "Excel 工作簿"
        raise DataError(
            f"文件扩展名是 {path.suffix}，但内容不是 Excel 工作簿（.xlsx）。",
            where=str(path),
            hint=f"这可能是{what}之外的文件；.xls 请在 Excel 或 WPS 中另存为 .xlsx。",
        )
    if suffix not in EXCEL_SUFFIXES and (is_zip or b"\x00" in raw[:8192]):
        guess = "Excel 工作簿或其他压缩文件" if is_zip else "二进制文件"
        raise DataError(
            f"文件扩展名是 {path.suffix}，但内容看起来是{guess}，不是文本数据。",
            where=str(path),
            hint="请确认文件类型；Excel 工作簿的扩展名应为 .xlsx。",
        )


def _decode_utf8(raw: bytes, path: Path) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(
            f"数据文件不是 UTF-8 编码（第 {exc.start} 字节处无法解码）。",
            where=str(path),
            hint="请用文本编辑器将其另存为 UTF-8 编码。",
        ) from None


class _Loader(yaml.SafeLoader):
    """SafeLoader that records where each key's value is and refuses duplicate keys."""

    source = ""


class _FastLoader(getattr(yaml, "CSafeLoader", _Loader)):  # type: ignore[misc]
    """The same on libyaml's parser: 6x faster, but its messages differ from those translated
    below, so a file it refuses is read again by ``_Loader`` for the message."""

    source = ""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> DataDict:
    loader.flatten_mapping(node)
    mapping = DataDict()
    mapping.origin = f"{loader.source}:{node.start_mark.line + 1}"
    lines: dict[Any, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"字段「{key}」重复出现（第一次在第 {lines[key]} 行）", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        lines[key] = line
        mapping.locations[key] = f"{loader.source}:{line}"
    return mapping


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> DataList:
    items = DataList(loader.construct_object(child, deep=True) for child in node.value)
    items.origin = f"{loader.source}:{node.start_mark.line + 1}"
    return items


for _loader in (_Loader, _FastLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def _parse_yaml(text: str, path: Path) -> Any:
    fast = _FastLoader(text)
    fast.source = str(path)
    try:
        return fast.get_single_data()
    except yaml.YAMLError:
        pass  # read again below, for the message
    finally:
        fast.dispose()
    loader = None
    try:
        loader = _Loader(text)  # the reader checks every character here
        loader.source = str(path)
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = exc.problem or exc.context or "格式错误"
        raise DataError(
            f"YAML 格式错误：{_translate_yaml_problem(problem)}。",
            where=where,
            hint="请检查该行及上一行的缩进、冒号和引号。",
        ) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise DataError(
            f"含有不允许出现的控制字符（U+{exc.character:04X}）。",
            where=f"{path}:{line}",
            hint="这类字符不能出现在 Word 文档中，请删除它（常见于从其他系统复制的文字）。",
        ) from None
    except yaml.YAMLError as exc:
        raise DataError(f"YAML 格式错误：{exc}", where=str(path)) from None
    finally:
        if loader is not None:
            loader.dispose()


_YAML_PROBLEMS = {
    "mapping values are not allowed here": "此处不应出现“键: 值”（冒号后是否缺少空格，或缩进不一致？）",
    "could not find expected ':'": "缺少冒号“:”",
    "found character '\\t' that cannot start any token": "不能用 Tab 缩进，请改用空格",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合？）",
    "expected <block end>, but found '<block mapping start>'": "缩进不一致",
    "did not find expected key": "缩进不一致或缺少“键:”",
    "found undefined alias": "引用了未定义的锚点",
    "special characters are not allowed": "含有 YAML 不允许的控制字符",
    "unacceptable character": "含有 YAML 不允许的控制字符",
}


def _translate_yaml_problem(problem: str) -> str:
    for english, chinese in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return chinese
    return problem


def _parse_json(text: str, path: Path) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(
            f"JSON 格式错误：{exc.msg}。",
            where=f"{path}:{exc.lineno}:{exc.colno}",
            hint="请检查该处的逗号、引号和括号。",
        ) from None
