"""click's own words in Chinese: its messages, the usage line, type names and ranges.

click looks its messages up through module-level ``_`` and ``ngettext`` (gettext); replacing
them is lighter than shipping a compiled catalogue. Every message click can show a user of
briefgen's commands is here; ``tests/test_cli.py`` runs each command with bad options and fails
on any English sentence that gets through.
"""

from __future__ import annotations

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

MESSAGES = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "No such option: {name}": "没有选项：{name}",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Got unexpected extra argument ({args})": "多出了参数（{args}）",
    "Got unexpected extra arguments ({args})": "多出了参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不需要值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，但只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，但给了 {len} 个。",
    "Aborted!": "已中止。",
    "{value!r} is not a valid integer.": "{value!r} 不是整数。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是{number_type}。",
    "integer": "整数",
    "float": "数字",
    "{value} is not in the range {range}.": "{value} 不在允许的范围内（{range}）。",
    "{value!r} is not {choice}.": "{value!r} 不是可选的值，应为 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是可选的值，应为 {choices} 之一。",
    "Did you mean {possibility}?": "是不是要用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是要用 {possibilities} 之一？）",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "deprecated": "已弃用",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是一个文件，不是文件夹。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是一个文件夹，不是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不能读取。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不能写入。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不能执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "unknown error": "未知错误",
    "Value must be an iterable.": "值应是一个列表。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
}
USAGE_OPTIONS = "[选项]"
USAGE_COMMAND = "命令 [参数]..."


def translate(message: str) -> str:
    return MESSAGES.get(message, message)


def translate_plural(singular: str, plural: str, count: int) -> str:
    return translate(singular if count == 1 else plural)


class IntRange(click.IntRange):
    """click.IntRange whose range reads in Chinese ("不小于 0", not "x>=0")."""

    def _describe_range(self) -> str:
        parts = []
        if self.min is not None:
            parts.append(f"{'大于' if self.min_open else '不小于'} {self.min}")
        if self.max is not None:
            parts.append(f"{'小于' if self.max_open else '不大于'} {self.max}")
        return "，".join(parts)


def install() -> None:
    """Put the Chinese words in the place of click's, once, before any command runs."""
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        module._ = translate  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = translate_plural  # type: ignore[attr-defined]
    # Type names appear in messages ("'abc' 不是整数。") and as metavars where none is given.
    click.types.IntParamType.name = "整数"
    click.types.FloatParamType.name = "数字"
    click.types.IntRange.name = IntRange.name = "整数"
