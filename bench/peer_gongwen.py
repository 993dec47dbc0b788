"""The gongwen-skill peer of `briefgen format`: its `optimize` (and `fix-common`) run from their own venv."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_VENV = Path("/work/venvs/gongwen")
VERSION = "2.15.0"  # the version measured (PyPI: gongwen-skill)
DOC_TYPE = "notice"  # the draft is a 通知; also what the peer falls back to for an unknown name


def venv() -> Path:
    """The peer's venv: $BRIEFGEN_GONGWEN_VENV, else /work/venvs/gongwen."""
    return Path(os.environ.get("BRIEFGEN_GONGWEN_VENV") or DEFAULT_VENV)


def _command() -> Path:
    return venv() / "bin" / "gongwen"  # console script of gongwen-skill (gongwen:main)


def install_hint() -> str:
    path = venv()
    return (
        f"gongwen-skill is not installed in {path}: python -m venv {path} && "
        f"{path}/bin/pip install gongwen-skill=={VERSION} (or set BRIEFGEN_GONGWEN_VENV to a venv that has it); "
        "never into briefgen's own environment."
    )


def peer_version() -> str | None:
    """``gongwen --version``'s version number, or None when the peer does not run."""
    try:
        result = subprocess.run([str(_command()), "--version"], check=False, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    return result.stdout.strip().rsplit("v", 1)[-1] or None


def peer_available() -> bool:
    """Whether the peer's venv has a working ``gongwen`` command."""
    return _command().is_file() and peer_version() is not None


def _run(arguments: list[str], out: Path) -> float:
    """Wall seconds of one peer process (start to exit); a failure or a missing output raises."""
    out = Path(out)
    if out.exists():
        out.unlink()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-gongwen-") as work:
        # Its rules/handoff folder (~/.gongwen-skill by default) and working folder: a scratch place.
        environment = dict(os.environ, GONGWEN_DATA_DIR=str(Path(work) / "data"), PYTHONIOENCODING="utf-8")
        command = [str(_command()), *arguments]
        start = time.perf_counter()
        result = subprocess.run(command, check=False, cwd=work, env=environment, capture_output=True, text=True, timeout=600)
        elapsed = time.perf_counter() - start
    if result.returncode != 0 or not out.is_file():
        raise RuntimeError(f"{' '.join(command)} failed ({result.returncode}): {(result.stderr or result.stdout)[-2000:]}")
    return elapsed


def run_optimize(src: Path, out: Path) -> float:
    """``gongwen optimize SRC -o OUT -t notice --apply --remove-ai-declaration``; wall seconds.

    Without ``--apply`` optimize only previews (writes nothing, exit 0);
    ``--remove-ai-declaration`` keeps it from appending its "内容由GongWen-skill-AI生成" line.
    """
    return _run(["optimize", str(Path(src).resolve()), "-o", str(Path(out).resolve()), "-t", DOC_TYPE,
                 "--apply", "--remove-ai-declaration"], out)


def run_fix_common(src: Path, out: Path) -> float:
    """``gongwen fix-common SRC -o OUT`` (its light path: no page setup, no AI line); wall seconds."""
    return _run(["fix-common", str(Path(src).resolve()), "-o", str(Path(out).resolve())], out)


if __name__ == "__main__":
    if not peer_available():
        sys.exit(install_hint())
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    print(f"gongwen-skill {peer_version()} optimize: {run_optimize(source, target):.3f} s -> {target}")
