"""一键排版 on the drafts of the foreign-drafts corpus (tests/drafts.py: Word's automatic numbering,
text boxes, tables, footnotes, a table of contents, tracked changes, WPS and LibreOffice saves):
nothing of their text is lost, added or changed but for the reported fixes."""

from __future__ import annotations

import pytest
from conftest import docx_part, require_renderer
from drafts import PAIRS, TextBox, build
from preserved import output_text, unexplained_changes

from briefgen.format.run import FormatOptions, format_draft

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CONVERTED = {name for name, (_, _, features) in PAIRS.items() if features.get("saved_by") in ("libreoffice", "odt")}


@pytest.mark.parametrize("name", sorted(PAIRS))
@pytest.mark.parametrize("side", [0, 1], ids=["old", "new"])
def test_nothing_of_a_foreign_draft_is_lost(tmp_path, name, side):
    if name in CONVERTED:
        require_renderer()
    draft, features = PAIRS[name][side], PAIRS[name][2]
    path = tmp_path / f"{name}.docx"
    path.write_bytes(build(draft, features))
    result = format_draft(path, FormatOptions())
    assert unexplained_changes(path, result) == []
    assert len(output_text(result.content)) > 200


def _formatted(tmp_path, name):
    draft, _, features = PAIRS[name]
    path = tmp_path / f"{name}.docx"
    path.write_bytes(build(draft, features))
    return draft, format_draft(path, FormatOptions())


def _squeezed(text: str) -> str:
    return "".join(text.split())


def test_a_text_boxs_text_and_a_footnotes_text_become_paragraphs(tmp_path):
    draft, result = _formatted(tmp_path, "textbox_changed")
    boxes = [block for block in draft.blocks if isinstance(block, TextBox)]
    assert boxes
    text = _squeezed(output_text(result.content))
    assert all(_squeezed(box.text) in text for box in boxes)
    draft, with_notes = _formatted(tmp_path, "footnote_changed")
    assert draft.footnotes and all(_squeezed(note) in _squeezed(output_text(with_notes.content)) for note in draft.footnotes.values())
    assert any("脚注" in warning for warning in with_notes.warnings)


def test_tables_stay_tables_and_automatic_numbers_become_the_standards_marks(tmp_path):
    _, result = _formatted(tmp_path, "table_edits")
    assert docx_part(result.content).findall(f".//{W}tbl")
    _, numbered = _formatted(tmp_path, "renumbered_auto")
    headings = [part for part in numbered.parts if part.role.startswith("heading")]
    assert headings and all(part.mark is not None for part in headings)
