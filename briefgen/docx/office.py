"""A LibreOffice kept running for quick conversions (the web page's previews): started once, asked through its UNO bridge."""

from __future__ import annotations

import atexit
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from .pdf import RenderError, convert_to_pdf, find_soffice, render_environment
from .render_copy import for_libreoffice

WORKER = Path(__file__).with_name("office_worker.py")
START_SECONDS = 60
CONVERT_SECONDS = 60
# Pythons that may have LibreOffice's UNO bridge: the one named by the user, Debian's (with
# python3-uno), LibreOffice's own (Windows, macOS).
_UNO_PYTHONS = ("/usr/bin/python3", "/usr/lib/libreoffice/program/python", "C:/Program Files/LibreOffice/program/python.exe")


def uno_python() -> str | None:
    """A Python that can import uno, or None."""
    candidates = [os.environ.get("BRIEFGEN_UNO_PYTHON", ""), *_UNO_PYTHONS]
    for candidate in filter(None, candidates):
        if Path(candidate).is_file():
            probe = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=30)
            if probe.returncode == 0:
                return candidate
    return None


class Office:
    """One LibreOffice for the life of a process. ``to_pdf`` converts through it; without the UNO
    bridge (or after the office died) each conversion starts LibreOffice afresh, as ``render --pdf``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._work = Path(tempfile.mkdtemp(prefix="briefgen-office-"))
        self._office: subprocess.Popen | None = None
        self._worker: subprocess.Popen | None = None
        self.kept_alive = False

    def start(self) -> bool:
        """Start the office and its bridge; False when this machine cannot keep one running."""
        with self._lock:
            return self._start()

    def _start(self) -> bool:
        soffice, python = find_soffice(), uno_python()
        if soffice is None or python is None:
            return False
        self._work.mkdir(parents=True, exist_ok=True)
        pipe = f"briefgen-{os.getpid()}-{id(self)}"
        profile = self._work / "profile"
        # A session of its own: soffice starts soffice.bin under it, and closing stops the whole group.
        self._office = subprocess.Popen(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible", "--norestore", "--nologo",
             f"--accept=pipe,name={pipe};urp;"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=render_environment(self._work / "home"),
            start_new_session=os.name == "posix",
        )
        atexit.register(self.close)
        self._worker = subprocess.Popen([python, str(WORKER), pipe], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.kept_alive = self._answer(START_SECONDS).get("ready", False)
        if not self.kept_alive:
            self.close()
        return self.kept_alive

    def _answer(self, seconds: float) -> dict:
        ready, _, _ = select.select([self._worker.stdout], [], [], seconds)
        line = self._worker.stdout.readline() if ready else ""
        return json.loads(line) if line.strip() else {}

    def to_pdf(self, document: Path, pdf: Path) -> Path:
        """``document`` as ``pdf``, laid out as ``check --render`` lays it out."""
        with self._lock:
            if self.kept_alive and self._worker.poll() is None and self._office.poll() is None:
                staged = self._work / "staged.docx"
                staged.write_bytes(for_libreoffice(document.read_bytes()))
                try:
                    self._worker.stdin.write(json.dumps({"in": str(staged), "out": str(pdf)}) + "\n")
                    self._worker.stdin.flush()
                    answer = self._answer(CONVERT_SECONDS)
                except (BrokenPipeError, OSError, ValueError):
                    answer = {}
                if answer.get("ok") and pdf.is_file():
                    return pdf
                self.close()  # a stuck or dead office: the next conversions start their own
            converted = convert_to_pdf([document], pdf.parent / "converted")
            shutil.move(str(converted[document]), pdf)
            return pdf

    def close(self) -> None:
        """Stop the worker and the office (all of its processes); the next conversions start their own."""
        self.kept_alive = False
        if self._worker is not None and self._worker.poll() is None:
            self._worker.terminate()
        if self._office is not None:
            _stop_group(self._office)
        self._worker = self._office = None
        shutil.rmtree(self._work, ignore_errors=True)


def _stop_group(process: subprocess.Popen) -> None:
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGTERM)
        else:
            process.terminate()
        process.wait(timeout=10)
    except (ProcessLookupError, PermissionError):
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL) if os.name == "posix" else process.kill()


def page_pictures(pdf: Path, folder: Path, dpi: int = 60, pages: int = 12) -> list[Path]:
    """The first ``pages`` pages of ``pdf`` as PNG files in ``folder``."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise RenderError("未找到 pdftoppm，无法生成页面预览。", hint="在 Debian/Ubuntu 上安装：sudo apt-get install poppler-utils。")
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([tool, "-r", str(dpi), "-png", "-l", str(pages), str(pdf), str(folder / "page")], check=True, capture_output=True, timeout=120)
    return sorted(folder.glob("page-*.png"), key=lambda path: int(path.stem.rsplit("-", 1)[1]))
