"""Files from outside read within limits: regular files only, bytes counted while reading, zip
archives (.docx, .xlsx) checked before anything in them is unpacked.

A file name can point at a device (/dev/zero reports a size of 0 and never ends), a FIFO or a
/proc file; a 5 MB workbook can unpack to gigabytes. Everything briefgen reads from a user —
data files, drafts, template files — comes through here, and a limit exceeded is a Chinese
message naming the file and the limit (exit 2).
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from .errors import BriefgenError, os_error_text

MB = 1024 * 1024


class LimitExceeded(BriefgenError):
    """An input is larger (or deeper, or longer to process) than briefgen accepts."""


@dataclass(frozen=True)
class ZipLimits:
    """What a zip archive from outside may hold (generous for real documents, fatal for bombs)."""

    members: int = 5000
    unpacked_bytes: int = 200 * MB  # all members together
    member_bytes: int = 60 * MB  # any one member (a 1,000-page document.xml is ~10 MB)
    ratio: int = 200  # unpacked : packed, for members over 1 MiB
    ratio_floor: int = MB


DOCX_LIMITS = ZipLimits()
WORKBOOK_LIMITS = ZipLimits(members=2000, unpacked_bytes=120 * MB, member_bytes=40 * MB)  # 5,000 cities: ~3 MB a sheet


def read_limited(path: Path, limit: int, what: str, error: type[BriefgenError] = LimitExceeded) -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes, counted while reading
    (a file that grows, or lies about its size, is still stopped)."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        raise error(f"找不到{what}。", where=str(path), hint="请检查文件名和路径。") from None
    except OSError as exc:
        raise error(f"无法读取{what}：{os_error_text(exc)}。", where=str(path)) from None
    if stat.S_ISDIR(status.st_mode):
        raise error(f"这是一个文件夹，不是{what}。", where=str(path))
    if not stat.S_ISREG(status.st_mode):
        raise error(f"这不是普通文件（是设备、管道或系统文件），不能作为{what}读取。", where=str(path), hint="请给出保存在磁盘上的文件。")
    if status.st_size > limit:
        raise _too_large(path, what, limit, error)
    try:
        with open(path, "rb") as stream:
            content = stream.read(limit + 1)
    except OSError as exc:
        raise error(f"无法读取{what}：{os_error_text(exc)}。", where=str(path)) from None
    if len(content) > limit:
        raise _too_large(path, what, limit, error)
    return content


def _too_large(path: Path, what: str, limit: int, error: type[BriefgenError]) -> BriefgenError:
    return error(f"{what}过大（上限 {limit // MB} MB），不像是一份{what}。", where=str(path), hint="请确认选对了文件。")


def open_zip(raw: bytes, path: str, limits: ZipLimits, what: str, error: type[BriefgenError] = LimitExceeded) -> zipfile.ZipFile:
    """The archive, after checking what its directory says it holds against ``limits``; members
    are then read with ``read_member``, which counts what is really unpacked."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise error(f"无法打开{what}：文件已损坏，不是完整的 zip 压缩包。", where=path, hint="请在 Word、WPS 或 Excel 中打开它，另存后再试。") from None
    members = archive.infolist()
    if len(members) > limits.members:
        raise error(f"{what}中的部件过多（{len(members)} 个，上限 {limits.members} 个），疑似恶意文件，已拒绝。", where=path)
    total = 0
    for member in members:
        total += member.file_size
        if member.flag_bits & 0x1:
            raise error(f"{what}已加密（部件 {member.filename} 需要密码），无法读取。", where=path, hint="请在 Word、WPS 或 Excel 中取消密码保护（文件 → 信息 → 保护文档），另存后再试。")
        if member.file_size > limits.member_bytes:
            raise error(f"{what}的部件 {member.filename} 解压后过大（上限 {limits.member_bytes // MB} MB），已拒绝。", where=path)
        if member.file_size > limits.ratio_floor and member.file_size > limits.ratio * max(member.compress_size, 1):
            raise error(f"{what}的部件 {member.filename} 压缩比异常（超过 {limits.ratio}:1，疑似压缩炸弹），已拒绝。", where=path)
    if total > limits.unpacked_bytes:
        raise error(f"{what}解压后过大（上限 {limits.unpacked_bytes // MB} MB），疑似压缩炸弹，已拒绝。", where=path)
    return archive


def read_member(archive: zipfile.ZipFile, name: str, path: str, limits: ZipLimits, what: str, error: type[BriefgenError] = LimitExceeded,
                head: int | None = None) -> bytes:
    """One member (or its first ``head`` bytes), unpacked with its size counted as it comes (a
    directory may lie), and any way a member can be unreadable — corrupt, an unsupported method
    such as Deflate64, encrypted — told as such."""
    try:
        with archive.open(name) as stream:
            data = stream.read(head if head is not None else limits.member_bytes + 1)
    except NotImplementedError:
        raise error(f"{what}的部件 {name} 使用了不支持的压缩方式（如 Deflate64）。", where=path, hint="请在 Word、WPS 或 Excel 中打开后另存，再试。") from None
    except RuntimeError:
        raise error(f"{what}的部件 {name} 已加密，无法读取。", where=path, hint="请取消密码保护后另存，再试。") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError, KeyError):
        raise error(f"{what}的部件 {name} 已损坏，无法解压。", where=path, hint="请在 Word、WPS 或 Excel 中打开它，另存后再试。") from None
    if len(data) > limits.member_bytes:
        raise error(f"{what}的部件 {name} 解压后过大（上限 {limits.member_bytes // MB} MB），已拒绝。", where=path)
    return data
