"""Convert .docx files to PDF with LibreOffice headless: many files, one LibreOffice call.

Rendering uses briefgen's fontconfig file, which maps the standard's font names to the free
fonts that the project's scripts/setup-debian.sh installs; the .docx files themselves are not changed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..budget import unlimited_memory
from ..errors import BriefgenError
from .render_copy import for_libreoffice

FONTCONFIG_FILE = Path(__file__).resolve().parent / "fonts" / "fonts.conf"
SECONDS_PER_DOCUMENT = 30
MIN_TIMEOUT_SECONDS = 120


INSTALL_HINT = (
    "在 Debian/Ubuntu 上安装：sudo apt-get install libreoffice-writer-nogui poppler-utils fonts-noto-cjk fonts-liberation2"
    "（仿宋、楷体等替代字体的安装见说明文档 docs/check.md）。"
)


class RenderError(BriefgenError):
    """LibreOffice is missing or could not convert a document."""


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def render_environment(home: Path | None = None) -> dict[str, str]:
    """The environment for LibreOffice and the font tools: briefgen's font mapping selected;
    with ``home``, LibreOffice's settings and caches (dconf, .config) go there, not into the
    user's home folder."""
    environment = dict(os.environ)
    if FONTCONFIG_FILE.is_file():
        environment["FONTCONFIG_FILE"] = str(FONTCONFIG_FILE)
    if home is not None:
        home.mkdir(exist_ok=True)
        environment.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_CACHE_HOME=str(home / ".cache"))
    return environment


def convert_to_pdf(documents: list[Path], out_dir: Path) -> dict[Path, Path]:
    """Convert every document in one LibreOffice call; returns document → PDF in ``out_dir``.

    Documents are staged under unique names first, so two ``报告.docx`` from different
    folders do not overwrite each other's PDF; the staged copies are adjusted to lay out as
    Word would (``render_copy``).
    """
    soffice = find_soffice()
    if soffice is None:
        raise RenderError(
            "未找到 LibreOffice，无法排版成 PDF。",
            hint=INSTALL_HINT,
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="briefgen-render-") as work:
        staged_dir = Path(work) / "in"
        staged_dir.mkdir()
        staged = {}
        for number, document in enumerate(documents):
            copy = staged_dir / f"{number:05d}.docx"
            copy.write_bytes(for_libreoffice(Path(document).read_bytes()))  # laid out as Word would
            staged[document] = copy
        result = _soffice(soffice, Path(work), "pdf", list(staged.values()))
        converted = {}
        for document, copy in staged.items():
            produced = Path(work) / "out" / (copy.stem + ".pdf")
            if not produced.is_file():
                raise RenderError(f"LibreOffice 未能把文档转换为 PDF（{_last_words(result)}）。", where=str(document))
            target = out_dir / f"{number_free_stem(document, converted)}.pdf"
            shutil.move(str(produced), target)
            converted[document] = target
        return converted


def _soffice(soffice: str, work: Path, target: str, files: list[Path]) -> subprocess.CompletedProcess:
    """One LibreOffice call converting ``files`` to ``target`` into work/out, with a private
    profile (parallel conversions do not collide) and home."""
    profile = work / "profile"
    command = [
        soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
        "--convert-to", target, "--outdir", str(work / "out"), *map(str, files),
    ]
    timeout = max(MIN_TIMEOUT_SECONDS, SECONDS_PER_DOCUMENT * len(files))
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=render_environment(work / "home"),
                              preexec_fn=unlimited_memory if os.name == "posix" else None)
    except subprocess.TimeoutExpired:
        raise RenderError(f"LibreOffice 在 {timeout} 秒内没有完成转换。") from None


def _last_words(result: subprocess.CompletedProcess) -> str:
    return ((result.stderr or result.stdout).strip().splitlines()[-1:] or ["无输出"])[0]


def convert_to_docx(document: Path) -> bytes:
    """A .doc, .wps, .rtf or .odt draft as .docx, converted by LibreOffice."""
    soffice = find_soffice()
    if soffice is None:
        raise RenderError(
            f"读取 {document.suffix} 文件需要 LibreOffice，但本机没有安装。", where=str(document),
            hint="请在 Word 或 WPS 中把它另存为 .docx 再排版；或安装 LibreOffice（" + INSTALL_HINT + "）",
        )
    with tempfile.TemporaryDirectory(prefix="briefgen-convert-") as work:
        staged = Path(work) / ("draft" + document.suffix.lower())
        shutil.copyfile(document, staged)
        result = _soffice(soffice, Path(work), "docx:MS Word 2007 XML", [staged])
        produced = Path(work) / "out" / "draft.docx"
        if not produced.is_file():
            raise RenderError(f"LibreOffice 未能打开这个文件（{_last_words(result)}）。", where=str(document), hint="文件可能已损坏或加了密码。")
        return produced.read_bytes()


def number_free_stem(document: Path, taken: dict[Path, Path]) -> str:
    """The document's own stem, with a counter only when another document already took it."""
    used = {pdf.stem for pdf in taken.values()}
    stem, counter = document.stem, 2
    while stem in used:
        stem, counter = f"{document.stem}-{counter}", counter + 1
    return stem


def pdfs_beside(documents: list[Path], force: bool = False, ours: set[Path] | None = None) -> list[Path]:
    """Write ``X.pdf`` next to each ``X.docx`` — all through one LibreOffice call.

    The documents in ``ours`` (written by briefgen in this run) have their 版记 moved to an
    even page where the layout put it on an odd one (``pagination``), and are converted
    again. Refuses (before converting anything) where a PDF exists already, unless ``force``.
    """
    from ..files import atomic_write, check_writable, move_into_place
    from .pagination import settled

    targets = [document.with_suffix(".pdf") for document in documents]
    for target in targets:
        check_writable(target, force)
    with tempfile.TemporaryDirectory(prefix="briefgen-pdf-") as work:
        converted = convert_to_pdf(documents, Path(work) / "0")
        candidates = documents if ours is None else [d for d in documents if d in ours]
        # Moving the 版记 off the body's page can change where the body ends: a second look
        # decides whether a blank page must go before it.
        for round_number in (1, 2):
            moved = []
            for document in candidates:
                fixed = settled(document.read_bytes(), converted[document])
                if fixed is not None:
                    atomic_write(document, fixed, force=True)  # briefgen's own file of this run
                    moved.append(document)
            if not moved:
                break
            converted.update(convert_to_pdf(moved, Path(work) / str(round_number)))
            candidates = moved
        for document, target in zip(documents, targets):
            move_into_place(converted[document], target, force)
    return targets
