"""Shared helpers: temporary template folders and reading a .docx's XML."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
ROOT = Path(__file__).resolve().parent.parent


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def docx_part(content: bytes, part: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return etree.fromstring(package.read(part))


def paragraph_text(paragraph: etree._Element) -> str:
    return "".join(paragraph.xpath(".//w:t/text()", namespaces=NS))


@pytest.fixture
def make_template(tmp_path):
    """Write a template folder with the given Jinja text (and options) and return its path."""

    def make(text: str, options: str = "", name: str = "t") -> Path:
        folder = tmp_path / name
        folder.mkdir()
        (folder / "template.yaml").write_text(
            f"name: {name}\ntitle: 测试\ndescription: 测试模板\nmain: document.j2\n{options}", encoding="utf-8"
        )
        (folder / "document.j2").write_text(text, encoding="utf-8")
        return folder

    return make


def require_renderer():
    """Skip where LibreOffice or poppler is missing, but never in CI (its setup installs them)."""
    missing = [tool for tool in ("soffice", "pdftotext", "pdffonts") if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{', '.join(missing)} missing in CI: scripts/setup-tests.sh installs them")
        pytest.skip(f"{', '.join(missing)} not installed (run bash scripts/setup-debian.sh)")
