"""Jinja's and Python's error texts, said in Chinese to the person who wrote the template or the data.

Jinja reports template syntax in English ("Unexpected end of template. Jinja was looking for
the following tags: 'endfor' ..."), and a computation on a wrong value raises Python's own words
("unsupported operand type(s) for -: 'int' and 'NoneType'"). Neither may reach a user: each
known text is matched here and told in Chinese; an unknown one gets a Chinese sentence naming
the kind of mistake and the template line, never the English text.
"""

from __future__ import annotations

import re

# Python type names as a template author knows the values.
TYPE_WORDS = {
    "str": "文字", "int": "整数", "float": "数字", "Decimal": "数字", "bool": "是/否", "NoneType": "空值（null）",
    "list": "列表", "DataList": "列表", "tuple": "列表", "dict": "一组字段", "DataDict": "一组字段",
    "date": "日期", "datetime": "日期", "Undefined": "不存在的字段", "DataUndefined": "不存在的字段",
    "Markup": "文字", "LoopContext": "循环变量 loop", "Namespace": "namespace",
}
OPERATORS = {"+": "相加", "-": "相减", "*": "相乘", "/": "相除", "//": "整除", "%": "求余", "**": "乘方"}
# Names Jinja gives a template itself; a template that uses one where it is not available is
# not missing a data field.
JINJA_NAMES = {
    "loop": "「loop」是循环变量，只能在 {% for %} 循环体内使用（在 {% for … if 条件 %} 的条件里也不能用）",
    "caller": "「caller」只能在用 {% call %} 调用的宏里使用",
    "varargs": "「varargs」只能在宏里使用",
    "kwargs": "「kwargs」只能在宏里使用",
    "self": "「self」只能用来引用本模板的块",
    "super": "「super」只能在继承的模板块中使用",
}
TAGS = {
    "endfor": "{% endfor %}", "endif": "{% endif %}", "else": "{% else %}", "elif": "{% elif %}",
    "endmacro": "{% endmacro %}", "endset": "{% endset %}", "endblock": "{% endblock %}", "endcall": "{% endcall %}",
    "endfilter": "{% endfilter %}", "endwith": "{% endwith %}", "endraw": "{% endraw %}",
}
TOKENS = {
    "end of print statement": "“}}”", "end of statement block": "“%}”", "end of template": "模板结尾",
    "name": "名字", "string": "文字", "integer": "数字", "float": "数字", "operator": "运算符",
}


def type_word(name: str) -> str:
    return TYPE_WORDS.get(name, "值")


def _tags(listed: str) -> str:
    names = re.findall(r"'(\w+)'", listed)
    return "或".join(TAGS.get(name, f"{{% {name} %}}") for name in names)


def _token(text: str) -> str:
    text = text.strip("'\"")
    return TOKENS.get(text, f"“{text}”")


# (pattern of Jinja's message, Chinese); groups are filled in by ``syntax_message``.
_SYNTAX: list[tuple[re.Pattern[str], object]] = [
    (
        re.compile(r"Unexpected end of template\. Jinja was looking for the following tags: (.+?)\. The innermost block that needs to be closed is '(\w+)'"),
        lambda m: f"模板在 {{% {m.group(2)} %}} 块结束之前就结束了：缺少 {TAGS.get('end' + m.group(2), '{% end' + m.group(2) + ' %}')}",
    ),
    (re.compile(r"unexpected end of template, expected '(.+?)'"), lambda m: f"模板意外结束，这里应有 {_token(m.group(1))}"),
    (re.compile(r"[Uu]nexpected end of template"), lambda m: "模板意外结束：有未闭合的 {{ }} 或 {% %}"),
    (
        re.compile(r"Encountered unknown tag '(\w+)'\. Jinja was looking for the following tags: (.+?)\. The innermost block that needs to be closed is '(\w+)'"),
        lambda m: f"遇到不认识的标签 {{% {m.group(1)} %}}：这里应是 {_tags(m.group(2))}（{{% {m.group(3)} %}} 块还没有结束）",
    ),
    (re.compile(r"Encountered unknown tag '(\w+)'"), lambda m: f"遇到不认识的标签 {{% {m.group(1)} %}}（标签名拼写是否有误，或少了对应的开始标签？）"),
    (re.compile(r"expected token '(.+?)', got '(.+?)'"), lambda m: f"这里应有 {_token(m.group(1))}，却遇到了 {_token(m.group(2))}"),
    (re.compile(r"[Ee]xpected an expression, got '(.+?)'"), lambda m: f"这里应有一个值或表达式，却遇到了 {_token(m.group(1))}"),
    (re.compile(r"unexpected char (.) at \d+"), lambda m: f"出现了不应有的字符 {m.group(1)}（引号是否成对？）"),
    (re.compile(r"unexpected '(.+?)'"), lambda m: f"出现了不应有的 {_token(m.group(1))}（括号是否成对？）"),
    (re.compile(r"tag name expected"), lambda m: "“{%” 后面缺少标签名"),
    (re.compile(r"[Nn]o filter named '(.+?)'"), lambda m: f"没有名为「{m.group(1)}」的过滤器（可用的过滤器见 docs/templates.md 第 4 节）"),
    (re.compile(r"[Nn]o test named '(.+?)'"), lambda m: f"没有名为「{m.group(1)}」的测试（如 defined、none、string）"),
    (re.compile(r"block '(.+?)' defined twice"), lambda m: f"块「{m.group(1)}」定义了两次"),
    (re.compile(r"[Mm]issing end of comment tag"), lambda m: "注释 {# 没有用 #} 结束"),
    (re.compile(r"unclosed (.+?)"), lambda m: "有未闭合的括号或引号"),
]


def syntax_message(message: str) -> str:
    """Jinja's TemplateSyntaxError text, in Chinese."""
    for pattern, chinese in _SYNTAX:
        match = pattern.search(message or "")
        if match:
            return chinese(match)  # type: ignore[operator]
    return "模板写法有误，Jinja 无法读懂这一行"


_OPERAND = re.compile(r"unsupported operand type\(s\) for ([^:]+): '(\w+)' and '(\w+)'")
_COMPARE = re.compile(r"'([<>=!]+)' not supported between instances of '(\w+)' and '(\w+)'")
_CONCATENATE = re.compile(r'can only concatenate (\w+) \(not "(\w+)"\) to \w+')
_NOT_ITERABLE = re.compile(r"'(\w+)' object is not iterable")
_NO_LEN = re.compile(r"object of type '(\w+)' has no len\(\)")
_NOT_SUBSCRIPTABLE = re.compile(r"'(\w+)' object is not subscriptable")
_NOT_CALLABLE = re.compile(r"'(\w+)' object is not callable")
_BAD_OPERAND_UNARY = re.compile(r"bad operand type for unary (.): '(\w+)'")


def runtime_message(exc: BaseException) -> str:
    """What a computation in the template did wrong, in Chinese (the English text is not shown)."""
    text = str(exc)
    if (match := _OPERAND.search(text)) is not None:
        operation = OPERATORS.get(match.group(1).strip(), "运算")
        if "NoneType" in (match.group(2), match.group(3)):
            return f"用空值（null）做计算（{operation}）：数据中这一项没有填写"
        return f"{type_word(match.group(2))}和{type_word(match.group(3))}不能{operation}"
    if (match := _COMPARE.search(text)) is not None:
        if "NoneType" in (match.group(2), match.group(3)):
            return "用空值（null）比较大小：数据中这一项没有填写"
        return f"{type_word(match.group(2))}和{type_word(match.group(3))}不能比较大小"
    if (match := _CONCATENATE.search(text)) is not None:
        return f"{type_word(match.group(1))}只能和{type_word(match.group(1))}连接，这里接上了{type_word(match.group(2))}（连接文字请用 ~）"
    if (match := _BAD_OPERAND_UNARY.search(text)) is not None:
        return f"{type_word(match.group(2))}前面不能加“{match.group(1)}”号"
    for pattern, words in (
        (_NOT_ITERABLE, "不能用于循环"), (_NO_LEN, "没有长度"), (_NOT_SUBSCRIPTABLE, "不能用 [ ] 取其中的项"), (_NOT_CALLABLE, "不能当作函数调用"),
    ):
        if (match := pattern.search(text)) is not None:
            return f"{type_word(match.group(1))}{words}"
    if isinstance(exc, KeyError):
        return f"没有「{exc.args[0] if exc.args else ''}」这一项"
    return next((words for kind, words in _BY_KIND if isinstance(exc, kind)), f"计算出错（{type(exc).__name__}）")


# The kinds whose text says nothing more than the kind itself.
_BY_KIND = (
    (ZeroDivisionError, "除数为 0（请先判断分母不为 0）"),
    (IndexError, "列表中没有这一项（序号超出了列表的长度）"),
    (OverflowError, "数值过大，无法计算"),
    (RecursionError, "宏或包含的模板无限地调用自己（递归过深）"),
    (ValueError, "值的写法不对，无法计算（如把文字当作数字使用）"),
)
