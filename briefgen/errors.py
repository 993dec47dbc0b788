"""Errors a person can act on: what is wrong, where, and what to do (in Chinese)."""

from __future__ import annotations


class BriefgenError(Exception):
    """Base of every error briefgen reports to its user.

    ``where`` is a location such as ``examples/a.yaml:12:3`` or ``templates/x/document.j2:40``;
    ``hint`` says what to do about it. The CLI prints these without a traceback.
    """

    exit_code = 2

    def __init__(self, message: str, where: str = "", hint: str = ""):
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint

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
