"""What a batch may write over: the output folder's lock, the record of files briefgen wrote
before, files edited by hand since, documents whose record is gone, leftovers of a killed run.

Nothing that this run did not write is replaced or deleted without --force. With --resume, a
file that an earlier run wrote (its SHA-256 recorded in ``.briefgen.json``) may be replaced;
one changed since — a document a secretary corrected by hand — is left as it is and named.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..errors import OutputError
from ..files import atomic_write
from .jobs import Job
from .manifest import file_sha256, read_manifest

STATE = ".briefgen.json"  # every file the last run wrote, with its SHA-256
LOCK = ".briefgen.lock"


@contextmanager
def folder_lock(out_dir: Path) -> Iterator[None]:
    """One batch at a time in a folder: a second one is refused before it touches anything."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks here; nothing to hold
        yield
        return
    path = out_dir / LOCK
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(handle)
        raise OutputError(
            "另一个批量生成正在写这个输出文件夹，本次没有写出任何文件。", where=str(out_dir),
            hint="请等它完成后再运行，或换一个输出文件夹。",
        ) from None
    try:
        yield
    finally:
        os.unlink(path)
        os.close(handle)


def written_before(out_dir: Path) -> dict[str, str]:
    """File (relative to the folder, or absolute) → SHA-256, as the last run wrote them; the
    manifest's documents count too (runs before the state file existed)."""
    known = {name: row.get("文件SHA256", "") for name, row in read_manifest(out_dir).items()}
    known.update(_state(out_dir))
    return known


def _state(out_dir: Path) -> dict[str, str]:
    try:
        files = json.loads((out_dir / STATE).read_text(encoding="utf-8")).get("files", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return {str(name): str(digest) for name, digest in files.items()} if isinstance(files, dict) else {}


def _unchanged(out_dir: Path, name: str, digest: str) -> bool:
    path = Path(name) if os.path.isabs(name) else out_dir / name
    return path.is_file() and file_sha256(path) == digest


def record_written(out_dir: Path, files: list[Path]) -> None:
    """Remember what this run wrote, so that --resume may replace it (and nothing else); what
    earlier runs wrote stays remembered while it is as they left it."""
    entries = {name: digest for name, digest in _state(out_dir).items() if _unchanged(out_dir, name, digest)}
    entries.update({_key(out_dir, path): file_sha256(path) for path in files if path.is_file()})
    atomic_write(out_dir / STATE, json.dumps({"files": entries}, ensure_ascii=False, indent=1).encode("utf-8"), force=True)


def _key(out_dir: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(out_dir.resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


@dataclass
class Inventory:
    """What the run may do with what is already there."""

    edited: list[Job] = field(default_factory=list)  # documents changed by hand since: left alone
    stale: list[str] = field(default_factory=list)  # documents of records no longer in the data


def sort_out(jobs: list[Job], extras: list[Path], out_dir: Path, force: bool, resume: bool) -> Inventory:
    """Refuse (before anything is written) to replace what this tool did not write, unless
    --force; with --resume, note the content hash of each intact document made before, so that
    an unchanged document is not rewritten, and leave documents edited by hand alone."""
    before = written_before(out_dir) if resume else {}
    hashes = {name: row.get("内容哈希", "") for name, row in read_manifest(out_dir).items()} if resume else {}
    inventory, blocked = Inventory(), []
    for job in jobs:
        target = out_dir / job.file
        if not target.exists() or force:
            continue
        recorded = before.get(job.file)
        if recorded is None:
            blocked.append(job.file)
        elif recorded == file_sha256(target):
            job.previous_hash = hashes.get(job.file, "")
        else:
            inventory.edited.append(job)
    for path in extras:
        if path.exists() and not force and before.get(_key(out_dir, path)) != file_sha256(path) and not (resume and path.parent == out_dir and path.name in OURS_WHEN_RESUMING):
            blocked.append(path.name if path.parent == out_dir else str(path))
    if blocked:
        listed = "、".join(blocked[:5]) + (f" 等 {len(blocked)} 个" if len(blocked) > 5 else "")
        raise OutputError(
            f"输出位置已有同名文件：{listed}；它们不是本工具上次写出的（或已被改动），没有写出任何文件。",
            where=str(out_dir),
            hint="如需覆盖，请加 --force；继续上次未完成的批量生成，请加 --resume。",
        )
    current = {job.file for job in jobs}
    inventory.stale = sorted(name for name in before if name.endswith(".docx") and "/" not in name and name not in current and (out_dir / name).is_file())
    return inventory


# The record of a run, which --resume reads and then rewrites.
OURS_WHEN_RESUMING = {"manifest.csv", "errors.csv", "manifest.json", ".manifest.partial.csv"}


def remove_leftovers(out_dir: Path, names: set[str]) -> int:
    """Delete the temporary files (``.name.xxxx.part``) that a killed run left for the files this
    run writes (the folder is locked: no other batch is writing them); others are not ours."""
    removed = 0
    for leftover in out_dir.glob(".*.part"):
        if leftover.name[1:].rsplit(".", 2)[0] in names:
            leftover.unlink(missing_ok=True)
            removed += 1
    return removed
