"""Read data files (YAML, JSON, Excel, CSV) into the located data tree (``data.tree``).

Every value keeps where it came from — ``file.yaml:12`` for YAML, ``城市!C7`` for Excel,
``file.csv 第 5 行「名称」列`` for CSV — so that later stages can say exactly which field is missing
or wrong. Excel and CSV readers are imported only when needed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError
from ..intake import read_limited
from .tree import DataDict, DataList, annotate, problems_error
from .units import split_known_unit

YAML_SUFFIXES = {".yaml", ".yml"}
JSON_SUFFIXES = {".json"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
CSV_SUFFIXES = {".csv"}
OLD_SPREADSHEET_SUFFIXES = {".xls", ".et", ".ett", ".xlt"}
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
    if suffix in OLD_SPREADSHEET_SUFFIXES:
        raise DataError(
            f"这是旧版的 Excel 或 WPS 表格文件（{path.suffix}），briefgen 只读 .xlsx 工作簿。",
            where=str(path),
            hint="请在 Excel 或 WPS 中打开它，“另存为”“Excel 工作簿（*.xlsx）”，再用另存的文件。",
        )
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
            hint="可运行 briefgen init 模板名 -o 数据.yaml 生成一份写法正确的数据文件对照。",
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
    return read_limited(path, limit, "数据文件", DataError)


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
        unit = ""
        if isinstance(key, str):
            key, unit = split_known_unit(key)  # 融资额（亿元）: 56.3 is 融资额 in 亿元
        line = key_node.start_mark.line + 1
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"字段「{key}」重复出现（第一次在第 {lines[key]} 行）", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        lines[key] = line
        mapping.locations[key] = f"{loader.source}:{line}"
        if unit:
            mapping.units[key] = unit
    return mapping


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> DataList:
    items = DataList(loader.construct_object(child, deep=True) for child in node.value)
    items.origin = f"{loader.source}:{node.start_mark.line + 1}"
    return items


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """A date as YAML writes it (2024-06-05); an impossible one (2024-09-31) is a located error."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise yaml.constructor.ConstructorError(
            None, None, f"{IMPOSSIBLE_DATE}「{node.value}」不存在，请检查年、月、日（如 9 月只有 30 日）", node.start_mark
        ) from None


IMPOSSIBLE_DATE = "日期"

for _loader in (_Loader, _FastLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


MAX_DEPTH = 60  # levels of nesting in a data file (the bundled schemas use 4)
MAX_NODES = 200_000  # values in a data file once YAML aliases are expanded (5,000 cities: ~60,000)
_QUOTED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"\\]|\\.)*\"|#[^\n]*")
_BRACKET = re.compile(r"[\[\]{}]")


def _check_nesting(text: str, path: Path) -> None:
    """Refuse flow nesting deeper than MAX_DEPTH before any parser sees it: libyaml's recursion
    crashes the process on a few thousand "[" (measured: a segmentation fault at 100,000)."""
    depth = deepest = 0
    for bracket in _BRACKET.finditer(_QUOTED.sub("", text)):
        depth += 1 if bracket.group(0) in "[{" else -1
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            raise _too_deep(path, text.count("\n", 0, bracket.start()) + 1)
    indents = re.findall(r"^( *)\S", text, re.M)
    if indents and max(map(len, indents)) > 4 * MAX_DEPTH:
        raise _too_deep(path, next(i for i, line in enumerate(text.splitlines(), 1) if len(line) - len(line.lstrip(" ")) > 4 * MAX_DEPTH))


def _too_deep(path: Path, line: int) -> DataError:
    return DataError(f"数据的嵌套层数过多（上限 {MAX_DEPTH} 层），不像是一份数据文件。", where=f"{path}:{line}", hint="请确认选对了文件。")


def _check_expansion(node: yaml.Node, path: Path) -> None:
    """Aliases (*名字) reuse a node: a few hundred bytes can stand for billions of values ("billion
    laughs"), which every later walk over the data would visit. Count the values as if every
    alias were written out, and refuse past MAX_NODES."""
    sizes: dict[int, int] = {}

    def size(current: yaml.Node, depth: int) -> int:
        known = sizes.get(id(current))
        if known is not None:
            return known
        if depth > MAX_DEPTH:
            raise _too_deep(path, current.start_mark.line + 1)
        children = [] if isinstance(current, yaml.ScalarNode) else (current.value if isinstance(current, yaml.SequenceNode) else [n for pair in current.value for n in pair])
        total = 1 + sum(size(child, depth + 1) for child in children)
        if total > MAX_NODES:
            raise DataError(
                f"数据展开后过大（超过 {MAX_NODES} 项，多由 YAML 的锚点和别名 &、* 反复引用造成），已拒绝。",
                where=f"{path}:{current.start_mark.line + 1}", hint="请不要用别名反复引用大段数据；确认选对了文件。",
            )
        sizes[id(current)] = total
        return total

    size(node, 0)


def _load_document(loader, path: Path) -> Any:
    node = loader.get_single_node()
    if node is None:
        return None
    _check_expansion(node, path)
    return loader.construct_document(node)


def _parse_yaml(text: str, path: Path) -> Any:
    _check_nesting(text, path)
    fast = _FastLoader(text)
    fast.source = str(path)
    try:
        return _load_document(fast, path)
    except yaml.YAMLError:
        pass  # read again below, for the message
    finally:
        fast.dispose()
    loader = None
    try:
        loader = _Loader(text)  # the reader checks every character here
        loader.source = str(path)
        return _load_document(loader, path)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = exc.problem or exc.context or "格式错误"
        if problem.startswith(IMPOSSIBLE_DATE):
            raise DataError(f"{problem}。", where=where, hint="日期写作 2024-06-05 的形式。") from None
        colon = _colon_mistake(text, mark.line if mark else len(text))
        if colon is not None:
            line, message = colon
            raise DataError(message, where=f"{path}:{line}", hint="YAML 中字段名和值之间用半角冒号加一个空格：“名称: 长沙市”。") from None
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
    except yaml.YAMLError:
        raise DataError("YAML 格式错误，无法读取。", where=str(path), hint="请检查缩进、冒号和引号；可用 briefgen init 生成一份格式正确的数据文件对照。") from None
    finally:
        if loader is not None:
            loader.dispose()


# A key followed by a full-width colon (名称：长沙市), or by a colon without a space (名称:长沙市),
# on a line that has no proper "key: value" before it: YAML reads the line as one piece of text
# and reports the trouble a line later.
_FULL_WIDTH_COLON = re.compile(r"^\s*(?:-\s+)?[^\s#\"'\[{-][^:：#\"']{0,40}：")
_COLON_WITHOUT_SPACE = re.compile(r"^\s*(?:-\s+)?[^\s#\"'\[{-][^:：#\"'\s]{0,40}:(?=[^\s/:])")


def _colon_mistake(text: str, error_line: int) -> tuple[int, str] | None:
    """(line, message) of the nearest line at or above the error written with a wrong colon."""
    lines = text.splitlines()
    for index in range(min(error_line, len(lines) - 1), -1, -1):
        line = lines[index]
        if ": " in line or line.rstrip().endswith(":"):
            continue
        if _FULL_WIDTH_COLON.match(line):
            return index + 1, "这一行的冒号是全角“：”，YAML 要求半角冒号“:”后加一个空格。"
        if _COLON_WITHOUT_SPACE.match(line):
            return index + 1, "这一行的冒号“:”后面缺少空格，YAML 要求冒号后加一个空格。"
    return None


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


def _json_object(pairs: list[tuple[str, Any]]) -> DataDict:
    """A JSON object whose keys may carry a unit (融资额（亿元）), as YAML's do."""
    mapping = DataDict()
    for key, value in pairs:
        name, unit = split_known_unit(key)
        mapping[name] = value
        if unit:
            mapping.units[name] = unit
    return mapping


def _parse_json(text: str, path: Path) -> Any:
    _check_nesting(text, path)
    try:
        return json.loads(text, object_pairs_hook=_json_object)
    except json.JSONDecodeError as exc:
        raise DataError(
            f"JSON 格式错误：{exc.msg}。",
            where=f"{path}:{exc.lineno}:{exc.colno}",
            hint="请检查该处的逗号、引号和括号。",
        ) from None
