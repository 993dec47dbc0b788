"""Files every Office opens: every kind of output validated with openxml-audit (permissive policy:
its strict one asks for theme and fontTable parts, which the standard does not) and with a
structural check of our own, for what validators miss."""

from __future__ import annotations

import io
import posixpath
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from lxml import etree

from briefgen.api import render_bytes, write_starter
from briefgen.docx.redline import redline
from briefgen.template.catalog import bundled_names

openxml_audit = pytest.importorskip("openxml_audit")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def audit(path: Path) -> list:
    result = openxml_audit.OpenXmlValidator(strict=False).validate(str(path))
    return list(result.errors)


def structure_problems(path: Path) -> list[str]:
    """Unique revision ids, every internal relationship resolving, every part with a content type,
    every declared part present, every table cell holding a paragraph, no w:t inside a deletion."""
    problems = []
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        types = etree.fromstring(package.read("[Content_Types].xml"))
        defaults = {d.get("Extension").lower() for d in types.iter(f"{{{CT}}}Default")}
        overrides = {o.get("PartName").lstrip("/") for o in types.iter(f"{{{CT}}}Override")}
        problems += [f"declared but missing: {name}" for name in overrides - names]
        for name in names:
            if not name.endswith("/") and name not in overrides and name.rsplit(".", 1)[-1].lower() not in defaults:
                problems.append(f"no content type: {name}")
        for rels in (n for n in names if n.endswith(".rels")):
            folder = posixpath.dirname(posixpath.dirname(rels))
            for relationship in etree.fromstring(package.read(rels)).iter(f"{{{REL}}}Relationship"):
                if relationship.get("TargetMode") == "External":
                    continue
                target = relationship.get("Target")
                resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                if resolved not in names:
                    problems.append(f"{rels}: {relationship.get('Id')} → {target} does not exist")
        for name in (n for n in names if n.startswith("word/") and n.endswith(".xml")):
            root = etree.fromstring(package.read(name))
            ids = Counter(e.get(f"{{{W}}}id") for e in root.iter(f"{{{W}}}ins", f"{{{W}}}del", f"{{{W}}}moveFrom", f"{{{W}}}moveTo"))
            problems += [f"{name}: revision id {i} used {n} times" for i, n in ids.items() if n > 1]
            problems += [f"{name}: a w:tc without a w:p" for cell in root.iter(f"{{{W}}}tc") if cell.find(f"{{{W}}}p") is None]
            problems += [f"{name}: w:t inside w:del" for deletion in root.iter(f"{{{W}}}del") if deletion.find(f".//{{{W}}}t") is not None]
    return problems


def write(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> list[Path]:
    """One of every kind of output briefgen writes."""
    folder = tmp_path_factory.mktemp("outputs")
    found = []
    for name in bundled_names():
        found.append(write(folder, f"{name}.docx", render_bytes(name, ROOT / "examples" / f"{name}.yaml")))
        for suffix in (".xlsx", ".yaml"):
            found.append(write_starter(name, folder / f"init-{name}{suffix}"))
    found.append(write(folder, "circular_real.docx", render_bytes("circular", ROOT / "examples" / "circular_real.xlsx")))
    batch = folder / "batch"
    for mode, extra in (("per-document", []), ("continuous", ["--page-numbers", "continuous"])):
        command = [sys.executable, "-m", "briefgen", "batch", "circular", str(ROOT / "examples" / "circular_batch.xlsx"), "-o", str(batch / mode),
                   "--each", "城市", "--name", "{名称}.docx", "--combined", str(folder / f"volume-{mode}.docx"), *extra]
        assert subprocess.run(command, capture_output=True, timeout=300).returncode == 0
        found.append(folder / f"volume-{mode}.docx")
    found += sorted((batch / "per-document").glob("*.docx"))[:3]
    found += _redlines(folder)
    found += _corpus_redlines(folder)
    return found


def _corpus_redlines(folder: Path) -> list[Path]:
    """Redlines of every pair of foreign drafts (tests/drafts.py): deleted pictures, notes and
    links of the old draft are carried into the new package."""
    from drafts import PAIRS, pair_bytes

    made = []
    for name in PAIRS:
        old, new = pair_bytes(name)
        content, _ = redline(write(folder, f"{name}-old.docx", old), write(folder, f"{name}-new.docx", new))
        made.append(write(folder, f"corpus-{name}-redline.docx", content))
    return made


def _redlines(folder: Path) -> list[Path]:
    """Redlines of the circular against edited drafts: figures, a table cell, a deleted and an
    inserted paragraph, an author with a control character and over 255 characters."""
    data = yaml.safe_load((ROOT / "examples" / "circular.yaml").read_text(encoding="utf-8"))
    old = write(folder, "old.docx", render_bytes("circular", ROOT / "examples" / "circular.yaml"))
    edited = yaml.safe_load(yaml.safe_dump(data, allow_unicode=True))
    edited["城市"][0]["融资额"] = 5710000000
    edited["城市"][3]["产值增速"] = -1.2
    edited["存在问题"].pop(1)
    edited["下一步要求"]["事项"].append({"标题": "加强督查考核", "内容": "省厅将对各地帮扶工作开展专项督查。"})
    source = folder / "new.yaml"
    source.write_text(yaml.safe_dump(edited, allow_unicode=True), encoding="utf-8")
    new = write(folder, "new.docx", render_bytes("circular", source))
    made = []
    for name, author in (("redline.docx", "审核人"), ("redline-author.docx", "张\x07" + "审" * 300)):
        content, _ = redline(old, new, author=author)
        made.append(write(folder, name, content))
    return made


def test_every_kind_of_output_is_here(outputs):
    names = " ".join(path.name for path in outputs)
    for kind in ("circular.docx", "init-circular.xlsx", "volume-continuous.docx", "redline-author.docx", "circular_real.docx"):
        assert kind in names


def test_openxml_audit_finds_no_error_in_any_output(outputs):
    severe = {}
    for path in outputs:
        if path.suffix not in (".docx", ".xlsx"):
            continue
        errors = [e for e in audit(path) if e.severity.value == "error"]
        if errors:
            severe[path.name] = [e.description[:120] for e in errors[:5]]
    assert severe == {}


def test_documents_have_no_finding_at_all(outputs):
    """Warnings included: a .docx of ours gives openxml-audit nothing to say; a redline of
    foreign drafts nothing beyond what the new draft itself gives (LibreOffice writes rPr
    children out of schema order, and the redline keeps the draft's runs as they are)."""
    findings = {}
    for path in (p for p in outputs if p.suffix == ".docx"):
        found = Counter(e.description[:120] for e in audit(path))
        if path.name.startswith("corpus-"):
            found -= Counter(e.description[:120] for e in audit(path.with_name(path.name[len("corpus-"):].replace("-redline", "-new"))))
        findings[path.name] = sorted(found.elements())
    assert {name: found for name, found in findings.items() if found} == {}


def test_workbooks_have_no_more_than_openpyxl_itself_gives(outputs, tmp_path):
    import openpyxl

    control = tmp_path / "control.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["字段", "值"])
    book.save(control)
    allowed = {(e.error_type.value, e.description.split(" ")[0]) for e in audit(control)}
    allowed.add(("semantic", "Worksheet"))  # openpyxl writes inline strings (a note, not an error)
    for path in (p for p in outputs if p.suffix == ".xlsx"):
        extra = [e.description[:100] for e in audit(path) if (e.error_type.value, e.description.split(" ")[0]) not in allowed]
        assert extra == [], path.name


def test_the_structure_holds_in_every_output(outputs):
    problems = {path.name: structure_problems(path) for path in outputs if path.suffix in (".docx", ".xlsx")}
    assert {name: found for name, found in problems.items() if found} == {}


def test_the_structural_check_sees_what_validators_miss(tmp_path):
    good = ROOT / "examples" / "circular.yaml"
    content = render_bytes("circular", good)
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:tc><w:tcPr>", b"<w:tc><w:tcPr>", 1)
                first = data.index(b"<w:tc>")
                end = data.index(b"</w:tc>", first)
                cell_properties_end = data.index(b"</w:tcPr>", first) + len(b"</w:tcPr>")
                data = data[:cell_properties_end] + data[end:]  # a cell without its paragraph
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/word/missing.xml" ContentType="application/xml"/></Types>')
            target.writestr(item, data)
    broken = write(tmp_path, "broken.docx", buffer.getvalue())
    problems = structure_problems(broken)
    assert any("without a w:p" in p for p in problems) and any("missing.xml" in p for p in problems)


def test_the_redline_author_is_cleaned_with_a_warning(tmp_path):
    old = write(tmp_path, "a.docx", render_bytes("circular", ROOT / "examples" / "circular.yaml"))
    new = write(tmp_path, "b.docx", render_bytes("survey_report", ROOT / "examples" / "survey_report.yaml"))
    result = subprocess.run([sys.executable, "-m", "briefgen", "diff", str(old), str(new), "-o", str(tmp_path / "r.docx"), "--author", "张\x07" + "审" * 300],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and "控制字符或超过 255 个字" in result.stderr
    xml = zipfile.ZipFile(tmp_path / "r.docx").read("word/document.xml").decode("utf-8")
    authors = set(__import__("re").findall(r'w:author="([^"]*)"', xml))
    assert authors and all(len(a) <= 255 and "\x07" not in a for a in authors)
    dates = set(__import__("re").findall(r'w:date="([^"]*)"', xml))
    assert dates and not any(d.endswith("Z") for d in dates)


def test_a_replaced_cell_is_one_paragraph(tmp_path):
    data = yaml.safe_load((ROOT / "examples" / "circular.yaml").read_text(encoding="utf-8"))
    old = write(tmp_path, "a.docx", render_bytes("circular", ROOT / "examples" / "circular.yaml"))
    data["城市"][0]["帮扶企业数"] = 999
    source = tmp_path / "n.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    new = write(tmp_path, "b.docx", render_bytes("circular", source))
    content, _ = redline(old, new)
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml"))
    changed = [cell for cell in root.iter(f"{{{W}}}tc") if cell.find(f".//{{{W}}}ins") is not None]
    assert changed
    for cell in changed:
        paragraphs = cell.findall(f"{{{W}}}p")
        assert len(paragraphs) == 1
        assert paragraphs[0].find(f".//{{{W}}}del") is not None and paragraphs[0].find(f"{{{W}}}pPr/{{{W}}}rPr/{{{W}}}ins") is None
