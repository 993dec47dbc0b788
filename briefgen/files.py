"""Safe file output: atomic writes that never leave a half-written file or overwrite unasked."""

from __future__ import annotations

import os
import re
import tempfile
import time
import unicodedata
from pathlib import Path

from .errors import OutputError, os_error_text


def check_writable(path: Path, force: bool = False) -> None:
    """Refuse early, before any work, when ``path`` cannot or may not be written."""
    if path.is_dir():
        raise OutputError("输出路径是一个文件夹。", where=str(path), hint="请给出 .docx 文件名，例如 -o 通报.docx。")
    if path.exists() and not force:
        raise OutputError("输出文件已存在，未覆盖。", where=str(path), hint="如需覆盖，请加 --force；或换一个文件名。")
    if not path.parent.exists():
        raise OutputError("输出文件所在的文件夹不存在。", where=str(path.parent), hint="请先创建该文件夹。")


def _ordinary_file_mode(path: Path) -> int:
    """The mode a plain ``open()`` would give (mkstemp makes files private, 0600)."""
    if path.exists():
        return path.stat().st_mode & 0o777
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: Path, content: bytes, force: bool = False) -> Path:
    """Write ``content`` to a temporary file beside ``path``, then rename it into place."""
    path = Path(path)
    check_writable(path, force)
    remove_old_temporaries(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=temporary_prefix(path), suffix=".part", dir=path.parent)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        os.chmod(temporary, _ordinary_file_mode(path))
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        _publish(temporary, path, force)
    except BaseException as exc:
        if os.path.exists(temporary):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from None
        raise
    return path


# A temporary file of ours this old belongs to a run that was killed (a write takes seconds).
STALE_TEMPORARY_SECONDS = 600


def temporary_prefix(path: Path) -> str:
    """Every temporary file for ``path`` is named ``.<name>.<random>.part``."""
    return f".{path.name}."


def remove_old_temporaries(path: Path) -> int:
    """Delete the temporaries for ``path`` that a killed run left (older than a write could
    take: a younger one may be another run's, writing now)."""
    removed, now = 0, time.time()
    try:
        leftovers = [entry for entry in os.scandir(path.parent) if entry.name.startswith(temporary_prefix(path)) and entry.name.endswith(".part")]
    except OSError:
        return 0
    for entry in leftovers:
        try:
            if entry.is_file(follow_symlinks=False) and now - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMPORARY_SECONDS:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            pass
    return removed


def _cannot_write(path: Path, exc: OSError) -> OutputError:
    return OutputError(f"无法写出文件：{os_error_text(exc)}。", where=str(path), hint="请检查该文件夹能否写入、磁盘是否已满；没有留下写了一半的文件。")


def move_into_place(source: Path, path: Path, force: bool = False) -> Path:
    """Move a finished file (from any folder) to ``path`` atomically, never overwriting unasked."""
    with open(source, "rb") as stream:
        return atomic_write(path, stream.read(), force)


def _publish(temporary: str, path: Path, force: bool) -> None:
    """Rename the finished temporary file to ``path``."""
    if force:
        os.replace(temporary, path)
        return
    # link() fails if the target appeared meanwhile: never overwrite without --force.
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise OutputError("输出文件已存在，未覆盖。", where=str(path), hint="如需覆盖，请加 --force。") from None
    except OSError:
        os.replace(temporary, path)  # file systems without hard links
    else:
        os.unlink(temporary)


# Names Windows reserves, whatever the extension (CON.docx cannot be created there).
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
MAX_NAME_BYTES = 200  # file systems allow 255 bytes; leave room for temporary suffixes


def safe_filename(name: str, suffix: str = ".docx") -> str:
    """A file name from data that is safe on every OS: no separators, no .., no reserved names,
    not too long, ending in ``suffix``."""
    name = unicodedata.normalize("NFC", name)
    if suffix and name.lower().endswith(suffix):
        name = name[: -len(suffix)]
    name = _UNSAFE.sub("_", name).replace("..", "_").strip(" .")
    if not name or name.upper().split(".")[0] in _RESERVED:
        name = f"_{name}"
    room = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    # One cut of the encoded bytes (not a character at a time: a million-character name took
    # minutes), then back to whole characters.
    name = name.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return name + suffix

