"""The data tree: mappings and lists that remember their data path and where each value came from.

Mappings become ``DataDict`` and lists ``DataList``: ordinary dicts and lists that also carry their
data path (``城市[3]``) and the location of every value, for messages that name the cell or line.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from ..errors import DataError


class DataDict(dict):
    """A mapping from a data file, with its path and the location of each key's value."""

    path: str = ""
    source: str = ""
    origin: str = ""  # where the mapping itself starts
    # The schema (path) this data was checked against and brought to the types of, by
    # api.validate_data: rendering it again with the same template skips the check.
    validated_against: str | None = None
    # What was corrected or ignored on the way (unknown columns ...), for the user to see.
    warnings: tuple[str, ...] | list[str] = ()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.locations: dict[Any, str] = {}
        self.units: dict[Any, str] = {}  # unit written in a spreadsheet header, e.g. 亿元
        self.problems: list[str] = []  # found while reading a spreadsheet: "where：what"

    def child_path(self, key: Any) -> str:
        return f"{self.path}.{key}" if self.path else str(key)

    def where(self, key: Any = None) -> str:
        """The location of ``key``'s value (or of the mapping), as well as known."""
        if key is not None and key in self.locations:
            return self.locations[key]
        return self.origin or self.source


class DataList(list):
    path: str = ""
    source: str = ""
    origin: str = ""

    def child_path(self, index: int) -> str:
        return f"{self.path}[{index}]"

    def where(self, index: int | None = None) -> str:
        if index is not None and 0 <= index < len(self) and isinstance(self[index], (DataDict, DataList)):
            return self[index].where()
        return self.origin or self.source


MAX_PROBLEMS_SHOWN = 50


def problems_error(problems: list[str], source: str, hint: str = "") -> DataError:
    """All problems of a data file as one error: the first fifty listed, and, when there are more,
    every one of them in a text file whose path the message gives."""
    shown = problems[:MAX_PROBLEMS_SHOWN]
    more = ""
    if len(problems) > len(shown):
        listing = _write_listing(problems, source)
        more = f"\n（另有 {len(problems) - len(shown)} 处问题未列出" + (f"；全部 {len(problems)} 处见 {listing}）" if listing else "）")
    error = DataError(
        f"数据有 {len(problems)} 处问题，请逐一修改：\n" + "\n".join(f"  {item}" for item in shown) + more,
        where=source,
        hint=hint,
    )
    error.problems = list(problems)  # one by one, for a page that shows them as a table
    return error


def _write_listing(problems: list[str], source: str) -> str:
    """The whole list in a new file of the temporary folder (never beside the user's files)."""
    try:
        handle, path = tempfile.mkstemp(prefix=f"briefgen-问题清单-{Path(source).stem[:40]}-", suffix=".txt")
        with os.fdopen(handle, "w", encoding="utf-8-sig") as stream:
            stream.write(f"{source}：数据有 {len(problems)} 处问题\n" + "\n".join(problems) + "\n")
    except OSError:
        return ""
    return path


def annotate(value: Any, source: str = "", path: str = "") -> Any:
    """Turn plain dicts and lists into DataDict/DataList carrying their paths."""
    if isinstance(value, dict):
        node = value if isinstance(value, DataDict) else DataDict(value)
        node.path, node.source = path, source
        for key in list(node):
            node[key] = annotate(node[key], source, node.child_path(key))
        return node
    if isinstance(value, list):
        items = value if isinstance(value, DataList) else DataList(value)
        items.path, items.source = path, source
        for index, item in enumerate(items):
            items[index] = annotate(item, source, items.child_path(index))
        return items
    return value
