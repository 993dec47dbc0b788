"""Errors a person can act on: what is wrong, where, and what to do (in Chinese)."""

from __future__ import annotations

import errno


class BriefgenError(Exception):
    """Base of every error briefgen reports to its user.

    ``where`` is a location such as ``examples/a.yaml:12:3`` or ``templates/x/document.j2:40``;
    ``hint`` says what to do about it. The CLI prints these without a traceback.
    """

    exit_code = 2

    def __init__(self, message: str, where: str = "", hint: str = "", field: str = ""):
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint
        self.field = field  # the data field concerned (城市[3].融资额), when one is

    def __str__(self) -> str:
        parts = [f"{self.where}：{self.message}" if self.where else self.message]
        if self.hint:
            parts.append(self.hint)
        return "\n".join(parts)


class DataError(BriefgenError):
    """The data file cannot be read or lacks what the template needs."""


class TemplateError(BriefgenError):
    """The template cannot be found, compiled or rendered, or its markup is wrong."""


class OutputError(BriefgenError):
    """The output file cannot be written (exists already, bad folder, ...)."""


# What the operating system said, in the user's words (exc.strerror is English).
_OS_ERRORS = {
    errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.ENOENT: "文件或文件夹不存在", errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹", errno.ENOSPC: "磁盘已满", errno.EROFS: "磁盘或文件夹是只读的",
    errno.EEXIST: "文件已存在", errno.ENAMETOOLONG: "文件名太长", errno.EMFILE: "同时打开的文件太多",
    errno.EDQUOT: "超出了磁盘配额", errno.EIO: "读写磁盘出错", errno.EBUSY: "文件正被占用", errno.EXDEV: "不能跨磁盘移动",
    errno.ETXTBSY: "文件正被占用", errno.ELOOP: "符号链接循环",
}


def os_error_text(exc: OSError) -> str:
    """An OSError as a Chinese phrase: 没有权限, 磁盘已满, ..."""
    return _OS_ERRORS.get(exc.errno, f"系统错误（错误码 {exc.errno}）" if exc.errno else "系统错误")
