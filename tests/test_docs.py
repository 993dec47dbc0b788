"""The complete example in docs/templates.md renders as the document says."""

import re

from conftest import ROOT

from briefgen.api import build_document, render_bytes

DOC = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")


def code_block_after(heading: str) -> str:
    """The first fenced block after the line naming ``heading``."""
    start = DOC.index(heading)
    match = re.search(r"```\w*\n(.*?)```", DOC[start:], re.S)
    return match.group(1)


def test_the_complete_example_renders_as_documented(tmp_path):
    folder = tmp_path / "my_notice"
    folder.mkdir()
    (folder / "template.yaml").write_text(code_block_after("`my_notice/template.yaml`"), encoding="utf-8")
    (folder / "document.j2").write_text(code_block_after("`my_notice/document.j2`"), encoding="utf-8")
    data = tmp_path / "数据.yaml"
    data.write_text(code_block_after("`数据.yaml`"), encoding="utf-8")

    document = build_document(folder, data)
    body = [block.text if not hasattr(block, "number") else block.number + block.text + (block.run_in.text if block.run_in else "") for block in document.blocks]
    expected = code_block_after("得到的正文是")
    for line in body:
        assert line in expected, line
    assert document.meta.doc_number == "湘工信〔2024〕12号"
    assert [a.title for a in document.attachments] == ["各市州帮扶情况统计表"]
    assert render_bytes(folder, data)[:2] == b"PK"


def test_every_test_that_docs_security_names_exists():
    """docs/security.md names, for each promise, the test that keeps it: those tests exist."""
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(?:tests/[\w/]+\.py::)?(test_\w+)(?:\[[^\]]*\])?`", text))
    named |= set(re.findall(r"、(test_\w+)", text))
    defined = {match for path in (ROOT / "tests").rglob("test_*.py") for match in re.findall(r"^def (test_\w+)", path.read_text(encoding="utf-8"), re.M)}
    assert len(named) >= 30, named
    assert named <= defined, sorted(named - defined)
