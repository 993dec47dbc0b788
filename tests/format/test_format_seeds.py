"""一键排版 on the five seeds as users bring them — plain text (UTF-8, GBK with typed indents and
blank lines, Windows line ends), Markdown and an unformatted Word file: every paragraph's role as
the answer key states it, the output's text equal to the draft's except the reported fixes, and
the measured check clean but for the seeds' own placeholders."""

from __future__ import annotations

import pytest
from conftest import ROOT, require_renderer
from format_corpus import SEEDS, expected_roles, to_markdown, to_plain_docx, to_txt
from preserved import unexplained_changes

from briefgen.check.report import check_files
from briefgen.format.run import FormatOptions, format_draft, format_file

EXAMPLE = ROOT / "examples" / "草稿_通知.txt"
FORMS = {
    "txt": (".txt", lambda draft: to_txt(draft)),
    "txt-gbk-typed": (".txt", lambda draft: to_txt(draft, encoding="gbk", newline="\r\n", indent=True, blank_lines=True)),
    "txt-bom": (".txt", lambda draft: to_txt(draft, encoding="utf-8-sig")),
    "md": (".md", lambda draft: to_markdown(draft).encode("utf-8")),
    "docx": (".docx", to_plain_docx),
}
CASES = [(draft, form) for draft in SEEDS for form in FORMS]
IDS = [f"{draft.name}-{form}" for draft, form in CASES]


def written(tmp_path, draft, form):
    suffix, make = FORMS[form]
    path = tmp_path / f"{draft.name}-{form}{suffix}"
    path.write_bytes(make(draft))
    return path


@pytest.mark.parametrize("draft, form", CASES, ids=IDS)
def test_every_paragraph_gets_the_role_the_answer_key_gives(tmp_path, draft, form):
    result = format_draft(written(tmp_path, draft, form), FormatOptions())
    got = [(part.block.text.strip(), part.role) for part in result.parts]
    want = [(text.strip(), role) for text, role in expected_roles(draft)]
    assert [role for _, role in got] == [role for _, role in want]
    # The joined paragraphs of a draft cut at its lines' ends are whole again (spaces aside).
    assert [text.replace(" ", "") for text, _ in got] == [text.replace(" ", "") for text, _ in want]


@pytest.mark.parametrize("draft, form", CASES, ids=IDS)
def test_the_output_says_what_the_draft_says_but_for_the_reported_fixes(tmp_path, draft, form):
    path = written(tmp_path, draft, form)
    result = format_draft(path, FormatOptions())
    assert unexplained_changes(path, result) == []


def test_the_seeds_typical_errors_are_fixed_and_reported(tmp_path):
    by_name = {draft.name: draft for draft in SEEDS}
    fixes = {name: format_draft(written(tmp_path, by_name[name], "txt"), FormatOptions()).fixes for name in by_name}
    kinds = {name: {fix.kind for fix in found} for name, found in fixes.items()}
    assert "range" in kinds["001"]  # 1-9月 → 1—9月
    assert any(fix.before.endswith("1-9月") or "1-9月" in fix.before for fix in fixes["001"] if fix.kind == "range")
    assert {"punctuation", "numbering"} <= kinds["003"]  # ASCII commas; 1、 at the third level → 1.
    assert {"join", "emphasis", "spaces", "numbering"} <= kinds["004"]
    assert ("1、", "1.") in {(fix.before, fix.after) for fix in fixes["004"] if fix.kind == "numbering"}


def test_placeholders_are_reported_with_their_paragraph_never_fixed(tmp_path):
    draft = next(draft for draft in SEEDS if draft.name == "001")
    result = format_draft(written(tmp_path, draft, "txt"), FormatOptions())
    assert result.placeholders and all("XX" in placeholder.text for placeholder in result.placeholders[:3])
    assert not any("XX" in fix.before and "XX" not in fix.after for fix in result.fixes)


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """Each seed, as .txt and as an unformatted .docx, formatted and checked with --render."""
    require_renderer()
    folder = tmp_path_factory.mktemp("format-render")
    outputs = {}
    for draft in SEEDS:
        for form in ("txt", "docx"):
            output = folder / f"{draft.name}-{form}-排版.docx"
            outputs[(draft.name, form)] = (format_file(written(folder, draft, form), output, FormatOptions()), output)
    example = folder / "example-排版.docx"
    outputs[("example", "txt")] = (format_file(EXAMPLE, example, FormatOptions()), example)
    reports = {report.path: report for report in check_files([output for _, output in outputs.values()], render=True)}
    return {key: (result, reports[output]) for key, (result, output) in outputs.items()}


def test_the_bundled_example_draft_formats_without_errors(checked):
    result, report = checked[("example", "txt")]
    assert report.rendered == "是" and not result.placeholders
    assert [finding.rule for finding in report.findings if finding.severity == "error"] == []
    assert {"doc_number", "punctuation", "range", "numbering", "date", "spaces"} <= {fix.kind for fix in result.fixes}


@pytest.mark.parametrize("name", [draft.name for draft in SEEDS])
@pytest.mark.parametrize("form", ["txt", "docx"])
def test_the_formatted_seed_passes_the_measured_check_but_for_its_placeholders(checked, name, form):
    result, report = checked[(name, form)]
    assert report.rendered == "是"
    errors = [finding for finding in report.findings if finding.severity == "error"]
    assert [finding.rule for finding in errors if finding.rule != "TEXT-PLACEHOLDER"] == []
    # The checker's placeholders are the ones format reported.
    assert bool(errors) == bool(result.placeholders)
