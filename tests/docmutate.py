"""Make deliberately wrong documents from a good one, by editing one thing in its XML."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path


def edit_part(content: bytes, part: str, edit) -> bytes:
    """Return the .docx ``content`` with ``edit(xml_text) -> xml_text`` applied to ``part``."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                edited = edit(data.decode("utf-8"))
                assert edited != data.decode("utf-8"), f"the edit of {part} changed nothing"
                data = edited.encode("utf-8")
            target.writestr(item, data)
    return buffer.getvalue()


def replace_once(old: str, new: str, last: bool = False):
    def edit(xml: str) -> str:
        assert old in xml, f"{old!r} is not in the part"
        if last:
            head, _, tail = xml.rpartition(old)
            return head + new + tail
        return xml.replace(old, new, 1)

    return edit


def replace_all(old: str, new: str):
    def edit(xml: str) -> str:
        assert old in xml, f"{old!r} is not in the part"
        return xml.replace(old, new)

    return edit


def regex(pattern: str, new: str, count: int = 0):
    def edit(xml: str) -> str:
        result, replaced = re.subn(pattern, new, xml, count=count)
        assert replaced, f"{pattern!r} matched nothing"
        return result

    return edit


def write(tmp: Path, name: str, content: bytes) -> Path:
    path = tmp / f"{name}.docx"
    path.write_bytes(content)
    return path
