"""Load a data file (YAML or JSON) into a tree that remembers where each value came from.

Mappings become ``DataDict`` and lists ``DataList``: ordinary dicts and lists that also
carry their data path (``城市[3]``) and, for YAML, the line of every key, so that later
stages can say exactly which field is missing or wrong.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError

YAML_SUFFIXES = {".yaml", ".yml"}
JSON_SUFFIXES = {".json"}


class DataDict(dict):
    """A mapping from the data file, with its path and the source line of each key."""

    path: str = ""
    source: str = ""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lines: dict[Any, int] = {}

    def child_path(self, key: Any) -> str:
        return f"{self.path}.{key}" if self.path else str(key)

    def where(self, key: Any = None) -> str:
        """``file:line`` of ``key`` (or of the mapping's first key), as well as known."""
        line = self.lines.get(key) if key is not None else min(self.lines.values(), default=None)
        if line is None:
            return self.source
        return f"{self.source}:{line}"


class DataList(list):
    path: str = ""
    source: str = ""

    def child_path(self, index: int) -> str:
        return f"{self.path}[{index}]"


def load_data(path: str | Path) -> DataDict:
    """Read a data file; the top level must be a mapping of field names to values."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in YAML_SUFFIXES | JSON_SUFFIXES:
        raise DataError(
            f"不支持的数据文件类型「{path.suffix or '无扩展名'}」。",
            where=str(path),
            hint="请使用 .yaml、.yml 或 .json 文件。",
        )
    text = _read_text(path)
    tree = _parse_yaml(text, path) if suffix in YAML_SUFFIXES else _parse_json(text, path)
    if not isinstance(tree, dict):
        raise DataError(
            "数据文件的顶层应是“字段: 值”的映射，而不是列表或单个值。",
            where=str(path),
            hint="请参照 examples/ 中的示例数据文件的写法。",
        )
    return annotate(tree, source=str(path))


def annotate(value: Any, source: str = "", path: str = "") -> Any:
    """Turn plain dicts and lists into DataDict/DataList carrying their paths."""
    if isinstance(value, dict):
        node = value if isinstance(value, DataDict) else DataDict(value)
        node.path, node.source = path, source
        for key in list(node):
            node[key] = annotate(node[key], source, node.child_path(key))
        return node
    if isinstance(value, list):
        items = DataList()
        items.path, items.source = path, source
        items.extend(annotate(item, source, items.child_path(i)) for i, item in enumerate(value))
        return items
    return value


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError("找不到数据文件。", where=str(path), hint="请检查文件名和路径。") from None
    except OSError as exc:
        raise DataError(f"无法读取数据文件：{exc.strerror}。", where=str(path)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(
            f"数据文件不是 UTF-8 编码（第 {exc.start} 字节处无法解码）。",
            where=str(path),
            hint="请用文本编辑器将其另存为 UTF-8 编码。",
        ) from None


class _Loader(yaml.SafeLoader):
    """SafeLoader that records key lines and refuses duplicate keys."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> DataDict:
    loader.flatten_mapping(node)
    mapping = DataDict()
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"字段「{key}」重复出现（第一次在第 {mapping.lines[key]} 行）", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = line
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _parse_yaml(text: str, path: Path) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = exc.problem or exc.context or "格式错误"
        raise DataError(
            f"YAML 格式错误：{_translate_yaml_problem(problem)}。",
            where=where,
            hint="请检查该行及上一行的缩进、冒号和引号。",
        ) from None
    except yaml.YAMLError as exc:
        raise DataError(f"YAML 格式错误：{exc}", where=str(path)) from None


_YAML_PROBLEMS = {
    "mapping values are not allowed here": "此处不应出现“键: 值”（冒号后是否缺少空格，或缩进不一致？）",
    "could not find expected ':'": "缺少冒号“:”",
    "found character '\\t' that cannot start any token": "不能用 Tab 缩进，请改用空格",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合？）",
    "expected <block end>, but found '<block mapping start>'": "缩进不一致",
    "did not find expected key": "缩进不一致或缺少“键:”",
    "found undefined alias": "引用了未定义的锚点",
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
