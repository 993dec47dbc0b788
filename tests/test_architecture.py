"""The package layout keeps its promises: no import circles, only briefgen/docx/ knows OOXML,
every module says its job in a one-line docstring."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "briefgen"
OOXML_ONLY = "briefgen.docx"
# Strings that only code building or reading WordprocessingML needs.
OOXML_MARKS = ("schemas.openxmlformats.org", "schemas.microsoft.com/office", "wordprocessingml")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported_modules(name: str, path: Path) -> set[str]:
    """Every briefgen module ``name`` imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # "from . import figures" names a module; "from .x import y" names x (or x.y).
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        found.update(target for target in targets if target in MODULES and target != name)
    return found


GRAPH = {name: imported_modules(name, path) for name, path in MODULES.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one member (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def stage(module: str) -> str:
    """The subpackage a module belongs to (``briefgen.data``), or the module itself at the top."""
    parts = module.split(".")
    return ".".join(parts[:2])


def test_the_graph_sees_lazy_imports_and_relative_ones():
    # Guards the parser itself: these are known edges, one lazy, one relative from a subpackage.
    assert "briefgen.data.workbook" in GRAPH["briefgen.data.load"]  # imported inside a function
    assert "briefgen.data.tree" in GRAPH["briefgen.data.workbook"]
    assert "briefgen.figures" in GRAPH["briefgen.document.number"]


def test_no_module_imports_one_that_imports_it_back():
    assert cycles(GRAPH) == []


def test_no_stage_depends_on_a_stage_that_depends_on_it():
    stages: dict[str, set[str]] = {}
    for module, targets in GRAPH.items():
        stages.setdefault(stage(module), set()).update(stage(t) for t in targets if stage(t) != stage(module))
    assert cycles(stages) == []


def test_a_detected_circle_is_reported():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("name", [name for name in MODULES if not name.startswith(OOXML_ONLY)])
def test_only_the_docx_package_knows_ooxml(name):
    source = MODULES[name].read_text(encoding="utf-8")
    assert not any(mark in source for mark in OOXML_MARKS), f"{name} names an OOXML namespace"
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert not any(alias.name.split(".")[0] == "lxml" for alias in node.names), f"{name} imports lxml"
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            assert (node.module or "").split(".")[0] != "lxml", f"{name} imports lxml"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_says_its_job_in_a_one_line_docstring(name):
    docstring = ast.get_docstring(ast.parse(MODULES[name].read_text(encoding="utf-8")))
    assert docstring, f"{name} has no docstring"
    assert docstring.splitlines()[0].strip(), f"{name}'s docstring does not start with its job"


def test_every_stage_has_its_folder():
    folders = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").is_file()}
    assert {"data", "template", "document", "docx", "batch", "review", "check"} <= folders


def test_the_design_notes_map_every_module():
    """docs/design.md opens with the folder map: one line per module, kept in step with the tree."""
    design = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    folder_map = design[design.index("## The folder map") : design.index("```\n\n", design.index("## The folder map"))]
    listed, package = set(), ""
    for line in folder_map.splitlines():
        stripped = line.strip()
        if stripped.endswith("/") or (stripped and stripped.split()[0].endswith("/")):
            package = stripped.split()[0].rstrip("/")
            package = "" if package == "briefgen" else package
        for word in stripped.split()[:1]:
            if word.endswith(".py"):
                listed.add(f"briefgen.{package}.{word[:-3]}" if package and line.startswith("    ") else f"briefgen.{word[:-3]}")
    modules = {name for name in MODULES if not name.endswith("__main__") and name.count(".") >= 1 and not MODULES[name].name == "__init__.py"}
    assert modules - listed == set(), "modules missing from the folder map"
    assert listed - modules == set(), "the folder map names modules that do not exist"
