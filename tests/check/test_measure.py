"""Layout measured through LibreOffice: the bundled examples pass, and each layout fault is caught.

These tests need LibreOffice and poppler-utils (scripts/setup-debian.sh). Outside CI they skip
when those are missing; in CI (CI=true) they fail instead, so they always run there.
"""

import subprocess
import sys

import pytest
from conftest import ROOT, require_renderer
from docmutate import edit_part, regex, replace_once, write

from briefgen.api import render_bytes
from briefgen.check.report import check_files

EXAMPLES = ["survey_report", "proposal_reply", "circular", "work_report", "notice", "request", "report", "letter", "minutes"]
FONT_RULE = "RENDER-FONT-SUBSTITUTED"


@pytest.fixture(scope="module")
def examples():
    return {name: render_bytes(name, ROOT / "examples" / f"{name}.yaml") for name in EXAMPLES}


@pytest.fixture(scope="module")
def example_reports(examples, tmp_path_factory):
    require_renderer()
    folder = tmp_path_factory.mktemp("examples")
    return check_files([write(folder, name, examples[name]) for name in EXAMPLES], render=True)


@pytest.mark.parametrize("index", range(len(EXAMPLES)), ids=EXAMPLES)
def test_bundled_examples_pass_the_render_check(example_reports, index):
    report = example_reports[index]
    assert report.rendered == "是" and report.pages >= 3
    assert report.errors == 0, [(f.rule, f.where, f.expected, f.actual) for f in report.findings]
    assert {f.rule for f in report.findings} <= {FONT_RULE}


def test_font_substitutions_are_named(example_reports):
    uses = {use.requested: use for use in example_reports[2].fonts}
    for font in ("仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"):
        assert uses[font].substituted and uses[font].used and uses[font].used != font
    substituted = {f.expected for f in example_reports[2].findings if f.rule == FONT_RULE}
    assert "仿宋_GB2312" in substituted


DOCUMENT, STYLES = "word/document.xml", "word/styles.xml"
# name, base, part, edit, the render rules expected (besides font substitution)
LAYOUT_FAULTS = [
    # LibreOffice snaps lines to the document grid: a looser grid loosens every line, while the
    # exact spacing in the styles (all that a static check sees) still says 22 lines.
    ("loose_line_grid", "survey_report", DOCUMENT, regex(r'w:linePitch="579"', 'w:linePitch="620"'),
     {"RENDER-LINE-PITCH", "RENDER-LINES"}),
    ("page_number_too_low", "survey_report", DOCUMENT, regex(r'w:footer="\d+"', 'w:footer="400"'), {"RENDER-PAGE-NUMBER"}),
    ("text_shifted_left", "survey_report", DOCUMENT, regex(r'w:right="\d+" w:bottom="(\d+)" w:left="\d+"', r'w:right="2268" w:bottom="\1" w:left="794"'),
     {"RENDER-LEFT-MARGIN"}),
    ("end_matter_not_at_the_bottom", "circular", DOCUMENT, regex(r"<w:framePr [^>]*/>", ""), {"RENDER-END-MATTER"}),
    ("first_page_without_body", "survey_report", DOCUMENT,
     replace_once('<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr></w:p>', '<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:br w:type="page"/></w:r></w:p>'),
     {"RENDER-FIRST-PAGE"}),
    ("signature_alone", "survey_report", DOCUMENT,
     replace_once('<w:pPr><w:pStyle w:val="BriefgenSignature"/>', '<w:pPr><w:pStyle w:val="BriefgenSignature"/><w:pageBreakBefore/>'),
     {"RENDER-SIGNATURE-PAGE"}),
]


@pytest.fixture(scope="module")
def fault_reports(examples, tmp_path_factory):
    require_renderer()
    folder = tmp_path_factory.mktemp("faults")
    paths = [write(folder, name, edit_part(examples[base], part, edit)) for name, base, part, edit, _ in LAYOUT_FAULTS]
    return dict(zip([fault[0] for fault in LAYOUT_FAULTS], check_files(paths, render=True)))


@pytest.mark.parametrize("name, expected", [(f[0], f[4]) for f in LAYOUT_FAULTS], ids=[f[0] for f in LAYOUT_FAULTS])
def test_each_layout_fault_is_measured(fault_reports, name, expected):
    report = fault_reports[name]
    assert report.rendered == "是"
    measured = {f.rule for f in report.findings if f.rule.startswith("RENDER-") and f.rule != FONT_RULE}
    assert measured == expected, [(f.rule, f.where, f.expected, f.actual) for f in report.findings]


def test_render_pdf_writes_a_pdf_beside_the_docx(tmp_path):
    require_renderer()
    output = tmp_path / "通报.docx"
    result = subprocess.run([sys.executable, "-m", "briefgen", "render", "circular", ROOT / "examples" / "circular.yaml", "-o", output, "--pdf"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert output.with_suffix(".pdf").read_bytes()[:5] == b"%PDF-"
    again = subprocess.run([sys.executable, "-m", "briefgen", "render", "circular", ROOT / "examples" / "circular.yaml", "-o", output, "--pdf"],
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 2 and "已存在" in again.stderr


def test_the_left_edge_is_measured_from_body_lines_not_the_title_or_the_header():
    """A short document: the 版头 and a two-line 2号 title are wider than its few body lines
    and start elsewhere; the edge is the body's."""
    from briefgen.check.measure import LEFT, RIGHT, Line, Page, text_left_edge

    width = RIGHT - LEFT
    title = [Line(LEFT + 40, 200 + 30 * k, LEFT + 40 + 0.9 * width, 228 + 30 * k, "关于开展重点工业企业精准帮扶的通报") for k in range(3)]
    header = [Line(LEFT - 20, 120, LEFT - 20 + width, 160, "湖南省工业和信息化厅文件")]
    body = [Line(LEFT, 300 + 29 * k, LEFT + 0.95 * width, 316 + 29 * k, "今年以来，各市州工信部门认真落实省委省政府") for k in range(2)]
    page = Page(1, 595, 842, header + title + body, body=header + title + body)
    assert abs(text_left_edge([page]) - LEFT) < 0.5
