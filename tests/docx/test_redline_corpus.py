"""The redline on drafts briefgen did not make (tests/drafts.py: as Word, WPS and LibreOffice
save them), judged by an independent resolver (tests/revisions.py) that shares no code with the
writer: accept-all gives NEW and reject-all gives OLD in every story, no unchanged paragraph is
marked, figures stay whole, and what the reviewer's paragraphs held survives."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile

import pytest
from drafts import PAIRS, pair_bytes
from lxml import etree
from revisions import accepted, rejected, revision_count, stories, unchanged_marked

from briefgen.docx.redline import redline

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS = {"w": W, "mc": MC}


@pytest.fixture(scope="module")
def redlines(tmp_path_factory):
    """Every pair of the corpus, and its redline."""
    folder = tmp_path_factory.mktemp("corpus")
    made = {}
    for name in PAIRS:
        old, new = pair_bytes(name)
        (folder / f"{name}-old.docx").write_bytes(old)
        (folder / f"{name}-new.docx").write_bytes(new)
        content, summary = redline(folder / f"{name}-old.docx", folder / f"{name}-new.docx", author="审核人")
        (folder / f"{name}-redline.docx").write_bytes(content)
        made[name] = (old, new, content, summary, folder)
    return made


def body(content: bytes) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml"))


def test_the_corpus_has_the_pairs_the_issue_asks_for():
    assert len(PAIRS) >= 12


@pytest.mark.parametrize("name", list(PAIRS))
def test_accept_all_gives_new_and_reject_all_gives_old(redlines, name):
    old, new, content, _, _ = redlines[name]
    assert accepted(content) == stories(new)
    assert rejected(content) == stories(old)


@pytest.mark.parametrize("name", list(PAIRS))
def test_no_unchanged_paragraph_is_marked(redlines, name):
    old, new, content, _, _ = redlines[name]
    assert unchanged_marked(old, new, content) == []


def test_an_identical_pair_has_no_revision_at_all(redlines):
    _, _, content, summary, _ = redlines["identical"]
    assert revision_count(content) == 0 and summary.figures == []


def _pieces(paragraph: etree._Element) -> list[tuple[str, str]]:
    """(kind, text) of a redlined paragraph, in order: "=" kept, "+" inserted, "-" deleted."""
    pieces = []
    for element in paragraph.iter(f"{{{W}}}t", f"{{{W}}}delText"):
        if any(a.tag == f"{{{MC}}}Fallback" for a in element.iterancestors()):
            continue
        kind = "-" if element.tag.endswith("delText") else "+" if any(a.tag == f"{{{W}}}ins" for a in element.iterancestors()) else "="
        if pieces and pieces[-1][0] == kind:
            pieces[-1] = (kind, pieces[-1][1] + (element.text or ""))
        else:
            pieces.append((kind, element.text or ""))
    return pieces


NUMBER_CHAR = re.compile(r"[0-9.]")


@pytest.mark.parametrize("name", list(PAIRS))
def test_figures_stay_whole(redlines, name):
    """No mark begins or ends inside a number: 24.3亿元 → 25.1亿元 is one deletion and one
    insertion, never "2[4.3→5.1]"."""
    _, _, content, _, _ = redlines[name]
    for paragraph in body(content).iter(f"{{{W}}}p"):
        pieces = [piece for piece in _pieces(paragraph) if piece[1]]
        for (kind_a, left), (kind_b, right) in zip(pieces, pieces[1:]):
            if "=" in (kind_a, kind_b):
                assert not (NUMBER_CHAR.match(left[-1]) and NUMBER_CHAR.match(right[0]) and (left[-1].isdigit() or right[0].isdigit())), (left[-12:], right[:12])


def test_the_changed_figures_are_reported_whole(redlines):
    summary = redlines["figures"][3]
    reported = {(f.old, f.new) for f in summary.figures}
    assert ("24.3亿元", "25.1亿元") in reported and ("36户", "38户") in reported


STRUCTURE = {
    "bookmarks": ".//w:bookmarkStart",
    "comment ranges": ".//w:commentRangeStart",
    "hyperlinks": ".//w:hyperlink",
    "simple fields": ".//w:fldSimple",
    "complex fields": ".//w:fldChar[@w:fldCharType='begin']",
    "content controls": ".//w:sdt",
    "page-start markers": ".//w:lastRenderedPageBreak",
}


@pytest.mark.parametrize("name", list(PAIRS))
def test_what_the_new_draft_holds_survives(redlines, name):
    """Bookmarks (cross-references print from them), comment ranges, hyperlinks, fields and
    content controls of the new draft are all in the redline, also in edited paragraphs."""
    _, new, content, _, _ = redlines[name]
    before, after = body(new), body(content)
    for what, path in STRUCTURE.items():
        assert len(after.findall(path, NS)) >= len(before.findall(path, NS)), what


def test_a_text_box_change_is_tracked_inside_the_box_and_its_fallback(redlines):
    _, _, content, _, _ = redlines["textbox_changed"]
    root = body(content)
    boxes = root.findall(".//w:txbxContent", NS)
    assert len(boxes) >= 2
    for box in boxes:  # the wps shape's and the VML fallback's
        assert box.find(".//w:ins", NS) is not None and box.find(".//w:del", NS) is not None
    outside = [mark for mark in root.iter(f"{{{W}}}ins", f"{{{W}}}del") if not any(a.tag == f"{{{W}}}txbxContent" for a in mark.iterancestors())]
    assert outside == []  # nothing else changed: nothing else is marked


def test_a_moved_paragraph_is_one_deletion_and_one_insertion(redlines):
    _, _, content, summary, _ = redlines["moved_paragraph"]
    assert summary.counts.get("moved") == 1
    marked = [p for p in body(content).iter(f"{{{W}}}p") if p.find(".//w:ins", NS) is not None or p.find(".//w:del", NS) is not None or p.find("w:pPr/w:rPr/w:ins", NS) is not None or p.find("w:pPr/w:rPr/w:del", NS) is not None]
    assert len(marked) == 2


def test_a_footnote_change_is_tracked_in_the_footnote(redlines):
    _, _, content, _, _ = redlines["footnote_changed"]
    notes = etree.fromstring(zipfile.ZipFile(io.BytesIO(content)).read("word/footnotes.xml"))
    inserted = "".join(t.text or "" for mark in notes.iterfind(".//w:ins", NS) for t in mark.iter(f"{{{W}}}t"))
    assert inserted == "企业，下同"  # two insertions ("企业", "，下同"), nothing else marked


def test_pending_revisions_of_the_old_draft_are_told(redlines):
    summary = redlines["pending_tracked"][3]
    assert summary.pending_paragraphs >= 1
    assert redlines["figures"][3].pending_paragraphs == 0


def test_the_long_pair_in_a_second(redlines):
    """46 pages: the comparison is linear enough to be instant (bench/ measures it properly)."""
    _, _, content, summary, _ = redlines["long"]
    assert revision_count(content) >= 4 and len(summary.figures) >= 2


def test_the_cli_on_a_corpus_pair(redlines, tmp_path):
    _, _, _, _, folder = redlines["table_edits"]
    result = subprocess.run([sys.executable, "-m", "briefgen", "diff", str(folder / "table_edits-old.docx"), str(folder / "table_edits-new.docx"), "-o", str(tmp_path / "r.docx")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "行" in result.stdout and "列" in result.stdout  # a cell's figure is placed by its row and column
