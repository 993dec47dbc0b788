"""Rendering in the sandbox: literal data, filters, errors with data path and template line."""

import datetime as dt

import pytest

from briefgen.data.tree import annotate
from briefgen.document.parse import parse_markup
from briefgen.errors import DataError, TemplateError
from briefgen.template.catalog import read_template_info
from briefgen.template.render import compile_template, render_markup


def render(folder, data):
    return render_markup(read_template_info(folder), annotate(data, source="d.yaml"))


def text_of(folder, data):
    return [b.text for b in parse_markup(render(folder, data)).blocks]


def test_chinese_filters_word_the_figures(make_template):
    folder = make_template(
        "新增市场主体{{ 户数 | 数额('户') }}，{{ 增速 | 增减 }}，融资{{ 金额 | 数额('元') }}，"
        "{{ 1 | 月份区间(9) }}，{{ 日 }}。\n"
    )
    data = {"户数": 41400, "增速": -2.1, "金额": 2430000000, "日": dt.date(2024, 1, 5)}
    assert text_of(folder, data) == ["新增市场主体4.14万户，同比下降2.1%，融资24.3亿元，1—9月，2024年1月5日。"]


def test_raw_floats_do_not_print_excel_noise(make_template):
    folder = make_template("{{ x }}\n")
    assert text_of(folder, {"x": 19.990000000000002}) == ["19.99"]


def test_data_keys_win_over_dict_methods(make_template):
    folder = make_template("{% for row in 行 %}{{ row.items }}{{ row.count }}{% endfor %}\n")
    assert text_of(folder, {"行": [{"items": "事项", "count": 3}]}) == ["事项3"]


def test_a_missing_column_named_like_a_method_is_an_error_not_a_repr(make_template):
    folder = make_template("第一行\n{{ row.items }}\n")
    with pytest.raises(DataError) as caught:
        render(folder, {"row": {"名称": "甲"}})
    assert "built-in method" not in str(caught.value)


def test_missing_field_names_the_data_path_and_template_line(make_template):
    folder = make_template("开头\n{% for c in 城市 %}\n{{ c.名称 }}{{ c.产值 }}\n{% endfor %}\n")
    with pytest.raises(DataError) as caught:
        render(folder, {"城市": [{"名称": "长沙", "产值": 1}, {"名称": "株洲"}]})
    message = str(caught.value)
    assert "城市[1].产值" in message
    assert f"{folder / 'document.j2'}:3" in message


def test_missing_top_level_field(make_template):
    folder = make_template("{{ 标题 }}\n")
    with pytest.raises(DataError, match="数据中缺少字段「标题」"):
        render(folder, {})


def test_null_value_is_reported_not_printed_as_none(make_template):
    folder = make_template("x\ny\n{{ 值 }}\n")
    with pytest.raises(DataError) as caught:
        render(folder, {"值": None})
    assert "document.j2:3" in str(caught.value)


def test_figure_errors_carry_the_template_line(make_template):
    folder = make_template("x\n{{ 值 | 数额('元') }}\n")
    with pytest.raises(DataError) as caught:
        render(folder, {"值": "十二"})
    assert "十二" in str(caught.value) and "document.j2:2" in str(caught.value)


def test_syntax_error_gives_file_and_line(make_template):
    folder = make_template("第一行\n{% for x in y %}\n没有结束\n")
    with pytest.raises(TemplateError) as caught:
        compile_template(read_template_info(folder))
    assert "document.j2:" in str(caught.value) and "语法" in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ x.__class__ }}",
        "{% for s in ''.__class__.__base__.__subclasses__() %}{{ s }}{% endfor %}",
    ],
)
def test_sandbox_blocks_internals(make_template, text):
    folder = make_template(text + "\n")
    with pytest.raises((TemplateError, DataError)):
        render(folder, {"x": 1})


def test_templates_cannot_include_files_outside_their_folder(make_template, tmp_path):
    (tmp_path / "secret.txt").write_text("机密", encoding="utf-8")
    folder = make_template("{% include '../secret.txt' %}\n")
    with pytest.raises(TemplateError):
        render(folder, {})


def test_options_and_data_are_available(make_template):
    folder = make_template("{{ options.类别说明[data['类 别']] }}\n", options="options:\n  类别说明: {A: 已解决}\n")
    assert text_of(folder, {"类 别": "A"}) == ["已解决"]


def test_compiled_template_is_cached(make_template):
    info = read_template_info(make_template("x\n"))
    assert compile_template(info) is compile_template(info)


def test_inline_if_without_else_prints_nothing(make_template):
    folder = make_template("甲{{ '乙' if 条件 }}丙\n")
    assert text_of(folder, {"条件": False}) == ["甲丙"]
    assert text_of(folder, {"条件": True}) == ["甲乙丙"]


def test_templates_can_reject_data_with_a_message(make_template):
    folder = make_template("x\n{% if 类别 not in ['A', 'B', 'C'] %}{{ 报错('答复类别应为 A、B 或 C，而不是「' ~ 类别 ~ '」') }}{% endif %}\n")
    with pytest.raises(DataError) as caught:
        render(folder, {"类别": "D"})
    assert "答复类别应为 A、B 或 C，而不是「D」" in str(caught.value) and "document.j2:2" in str(caught.value)
