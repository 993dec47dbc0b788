"""The rules of one kind of document (请示, 报告, 通知, 函, 纪要), run by ``briefgen check --kind``.

A kind is never guessed from the text: only an explicit ``--kind`` turns its rules on. Each kind
may also change what the general rules see (a 纪要's 出席 lines are a list of names in 黑体, not
body text) and adds its own findings, built like the general ones (rule id, source clause,
place, 应为, 实为) from the paragraphs' roles that ``rules.classify`` gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Iterable

from ..document.standard import DEFAULT_STYLE, TOLERANCES, TWIPS_PER_PT, font_family
from ..docx.read import DocxFacts, ParagraphInfo
from ..errors import BriefgenError
from .rules import ERROR, WARNING, Finding, Roles, Rule, excerpt, flowing_paragraphs, where

REGULATION = "《党政机关公文处理工作条例》"


# Every kind rule; docs/check.md lists them all (a test keeps the two in step).
KIND_RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in [
        Rule("KIND-REQUEST-TITLE", f"{REGULATION} 第九条（七）", ERROR, "请示的标题以“请示”结尾，不写“请示报告”"),
        Rule("KIND-REQUEST-ENDING", f"{REGULATION} 第八条（十一）", ERROR, "正文最后一段以请求批示、批复、审批或批准的结语结束，如“妥否，请批示。”"),
        Rule("KIND-REQUEST-ONE-MATTER", f"{REGULATION} 第十五条（四）", WARNING, "一文一事：正文中只有一处请求批示、批准的结语"),
        Rule("KIND-REQUEST-ADDRESSEE", f"{REGULATION} 第十五条（一）", ERROR, "只主送一个上级机关，其他机关用抄送"),
        Rule("KIND-REQUEST-SIGNER", f"GB/T 9704 7.2.6 / {REGULATION} 第九条（六）", ERROR, "有发文字号的请示（上行文）标注签发人"),
        Rule("KIND-REQUEST-CONTACT", "GB/T 9704 7.3.6", WARNING, "在附注处注明联系人的姓名和电话"),
        Rule("KIND-REPORT-TITLE", f"{REGULATION} 第九条（七）", ERROR, "报告的标题以“报告”结尾，不写“请示报告”"),
        Rule("KIND-REPORT-NO-REQUEST", f"{REGULATION} 第十五条（四）", ERROR, "报告中不夹带请示事项：没有请求批示、批复、审批、批准的语句"),
        Rule("KIND-REPORT-ENDING", f"{REGULATION} 第八条（十）", WARNING, "以报告的习惯结语结束，如“特此报告。”"),
        Rule("KIND-REPORT-SIGNER", f"GB/T 9704 7.2.6 / {REGULATION} 第九条（六）", ERROR, "有发文字号的报告（上行文）标注签发人"),
        Rule("KIND-NOTICE-TITLE", f"{REGULATION} 第九条（七）", ERROR, "通知的标题以“通知”结尾，如“关于……的通知”"),
        Rule("KIND-NOTICE-ADDRESSEE", "GB/T 9704 7.3.2", WARNING, "通知写明主送机关"),
        Rule("KIND-LETTER-TITLE", f"{REGULATION} 第九条（七）", ERROR, "函的标题以“函”结尾，如“关于……的函”“关于……的复函”"),
        Rule("KIND-LETTER-PAGE-NUMBER", "GB/T 9704 10.1", ERROR, "信函格式首页不显示页码"),
        Rule("KIND-LETTER-DOC-NUMBER", "GB/T 9704 10.1", ERROR, "信函格式的发文字号顶格居版心右边缘"),
        Rule("KIND-MINUTES-MARK", "GB/T 9704 10.3", ERROR, "纪要标志（或标题）由“×××××纪要”组成"),
        Rule("KIND-MINUTES-ATTENDANCE", "GB/T 9704 10.3", WARNING, "标注出席人员名单，各行以“出席：”“请假：”“列席：”开头（全角冒号）"),
        Rule("KIND-MINUTES-LABEL-FONT", "GB/T 9704 10.3", WARNING, "“出席”“请假”“列席”二字用黑体"),
    ]
}


def kind_finding(rule_id: str, place: str, expected: str, actual: str, text: str = "") -> Finding:
    rule = KIND_RULES[rule_id]
    return Finding(rule.id, rule.clause, rule.severity, place, text, expected, actual)


# -- what a kind's rules read ------------------------------------------------------------------

SENTENCE_END = "。！？!?"
# Asking the superior organ to decide: "妥否，请批示" "请予批准" "请省政府审批" … "报请/申请/提请…批准"
# tells what was or will be done, and "请…按审批程序" is no request either.
_ASK = re.compile(
    r"(?:妥否|当否|可否|是否妥当|是否可行|是否同意|如无不妥|如无不当)[，,、]?\s*(?:请|敬请|恳请)"
    r"|(?<![报申提邀聘])请[^，,。；;！？!?]{0,8}?(?:批示|批复|审批|批准|核准|核批|示复|审示)(?!程序|制度|手续|权限|流程|环节|部门|机关|事项)"
)
_REQUEST_WORDS = re.compile(r"特此请示|请示如下")  # a 请示's own words, out of place in a 报告
_REQUEST_FILLER = re.compile(r"^(?:特此请示|专此请示|谨此请示)[。！]?$")
_REPORT_ENDING = re.compile(r"(?:特此|专此|谨此)报告|以上报告|请(?:予)?(?:审阅|审查|审议|阅知|查阅|参阅)")
_SPLIT_ORGANS = re.compile(r"[、，,；;]")
_PHONE = re.compile(r"电话|手机|\d{7,}|\d{3,4}-\d{7,8}")
_END_MATTER = re.compile(r"^(?:抄送|分送|主题词)|印发$")
_ATTENDANCE_LINE = re.compile(r"^(?P<label>(?P<word>出席|请假|列席|参会|参加|与会)(?:人员|同志|领导|单位|人)?\s*(?P<colon>[：:]))")
ATTENDANCE_WORDS = ("出席", "请假", "列席")


flowing = flowing_paragraphs


def sentences(text: str) -> list[str]:
    return [part.strip() for part in re.split(f"(?<=[{SENTENCE_END}])", text) if part.strip()]


def _is_signature(paragraph: ParagraphInfo) -> bool:
    """署名 (7.3.5): right-aligned, or a short line that is no sentence."""
    text = paragraph.text.strip()
    if _ASK.search(text) or _REPORT_ENDING.search(text) or _REQUEST_FILLER.match(text):
        return False
    return paragraph.alignment in ("right", "center") or (len(text) <= 40 and text[-1] not in SENTENCE_END + "；;：:…”）")


def main_text(document: list[ParagraphInfo], roles: Roles) -> list[ParagraphInfo]:
    """The 正文: from after the 主送 (or the title, or the 发文字号) up to the 附件说明, the 署名
    and the 成文日期, whichever comes first; 附件 pages and the 版记 are not part of it."""
    paragraphs = flowing(document)
    openers = [p.index for p in roles.title[-1:] + [roles.doc_number, roles.addressee] if p is not None]
    start = max(openers, default=0)
    stops = [p.index for p in roles.attachment_notes[:1] + roles.dates[:1] + roles.attachment_labels[:1]]
    stops += [p.index for p in paragraphs if p.index > start and _END_MATTER.search(p.text.strip())][:1]
    end = min(stops, default=paragraphs[-1].index + 1 if paragraphs else 0)
    text = [p for p in paragraphs if start < p.index < end]
    # The 署名 lines above the date; without a date only a right-aligned line is taken for one.
    while text and _is_signature(text[-1]) and (roles.dates or text[-1].alignment == "right"):
        text.pop()
    return text


_CONTACT_LINE = re.compile(r"^(?:联系人|联系电话|联系方式)")


def _last_sentence(text: list[ParagraphInfo]) -> tuple[ParagraphInfo | None, str]:
    """The paragraph that closes the 正文 (a "联系人：…" line after it left aside) and its last sentence."""
    while len(text) > 1 and _CONTACT_LINE.match(text[-1].text.strip()):
        text = text[:-1]
    if not text:
        return None, ""
    return text[-1], (sentences(text[-1].text) or [""])[-1]


def _request_ending(text: list[ParagraphInfo]) -> tuple[ParagraphInfo | None, str, bool]:
    """The closing paragraph, its last sentence, and whether the ending asks for a decision. A
    bare "特此请示。" after the asking sentence (in its paragraph or the one before) is read
    with it."""
    paragraph, last = _last_sentence(text)
    if paragraph is None:
        return None, "", False
    parts = sentences(paragraph.text)
    while parts and _REQUEST_FILLER.match(parts[-1]):
        parts.pop()
    if parts:
        return paragraph, last, bool(_ASK.search(parts[-1]))
    position = next(k for k, p in enumerate(text) if p is paragraph)
    before = (sentences(text[position - 1].text) or [""])[-1] if position else ""
    return paragraph, last, bool(_ASK.search(before))


def _title_text(roles: Roles) -> str:
    return "".join(p.text.replace("\n", "") for p in roles.title).strip()


def _title_place(roles: Roles) -> str:
    return where(roles.title[0]) if roles.title else "标题"


def _title_rule(rule_id: str, roles: Roles, endings: tuple[str, ...], expected: str, refused: tuple[str, ...] = ()) -> Iterable[Finding]:
    title = _title_text(roles)
    if not title:
        yield kind_finding(rule_id, "标题", expected, "没有识别出标题（页首居中、2号左右的段落）")
        return
    bare = title.rstrip("。，；：！？ ")
    wrong = next((word for word in refused if bare.endswith(word)), "")
    if wrong:
        yield kind_finding(rule_id, _title_place(roles), expected, f"标题以“{wrong}”结尾", excerpt(title, 24))
    elif not bare.endswith(endings):
        yield kind_finding(rule_id, _title_place(roles), expected, f"标题以“{_title_ending(bare)}”结尾", excerpt(title, 24))


def _title_ending(title: str) -> str:
    """What a title ends with, as the kind it names: the words after its last "的" (关于……的通报
    → 通报), else its last four characters."""
    tail = title.rpartition("的")[2]
    return tail if 0 < len(tail) <= 6 else title[-4:]


def _signer(rule_id: str, document: list[ParagraphInfo], roles: Roles) -> Iterable[Finding]:
    """上行文: 签发人 on the 发文字号's line (7.2.6); also accepted anywhere in the 版头, a table
    or a paragraph of its own as some drafts have it."""
    if roles.doc_number is None:
        return
    top = roles.title[0].index if roles.title else roles.doc_number.index + 1
    head = [p for p in document if p.index < top or p is roles.doc_number]
    if not any("签发人" in p.text for p in head):
        text = roles.doc_number.text.strip()
        yield kind_finding(rule_id, where(roles.doc_number), "发文字号同一行右空一字标注“签发人：”和签发人姓名", "没有签发人", excerpt(text, 24))


def _asks(text: list[ParagraphInfo]) -> list[tuple[ParagraphInfo, str]]:
    """Each sentence of the 正文 that asks for a 批示, 批复, 审批 or 批准 (with its paragraph)."""
    found = []
    for paragraph in text:
        for sentence in sentences(paragraph.text):
            if _ASK.search(sentence):
                found.append((paragraph, sentence))
    return found


# -- 请示 -----------------------------------------------------------------------------------

REQUEST_ENDINGS = "“妥否，请批示。”“当否，请批复。”“以上请示当否，请批示。”“请予审批。”“请批准。”"


def check_request(facts: DocxFacts, document: list[ParagraphInfo], roles: Roles) -> Iterable[Finding]:
    yield from _title_rule("KIND-REQUEST-TITLE", roles, ("请示",), "标题以“请示”结尾，如“关于……的请示”", refused=("请示报告",))
    text = main_text(document, roles)
    paragraph, last, asks = _request_ending(text)
    if paragraph is not None and not asks:
        yield kind_finding("KIND-REQUEST-ENDING", where(paragraph), f"以请求批示、批准的结语结束，如{REQUEST_ENDINGS}", f"结尾是“{excerpt(last, 20)}”", excerpt(paragraph.text, 24))
    elif paragraph is None:
        yield kind_finding("KIND-REQUEST-ENDING", "正文", f"以请求批示、批准的结语结束，如{REQUEST_ENDINGS}", "没有识别出正文")
    asks = _asks(text)
    if len(asks) > 1:
        (second, sentence) = asks[1]
        places = "、".join(where(p) for p, _ in asks)
        yield kind_finding("KIND-REQUEST-ONE-MATTER", where(second), "一份请示只请示一件事，只有一处请求批示、批准", f"{len(asks)} 处请求批示、批准（{places}）", excerpt(sentence, 24))
    if roles.addressee is None:
        yield kind_finding("KIND-REQUEST-ADDRESSEE", "标题之下", "主送一个上级机关，如“省人民政府：”", "没有主送机关")
    else:
        organs = [part for part in _SPLIT_ORGANS.split(roles.addressee.text.strip().rstrip("：:")) if part.strip()]
        if len(organs) > 1:
            yield kind_finding("KIND-REQUEST-ADDRESSEE", where(roles.addressee), f"只主送一个上级机关（如“{organs[0].strip()}：”），其他机关列入抄送",
                               f"主送 {len(organs)} 个机关", excerpt(roles.addressee.text, 24))
    yield from _signer("KIND-REQUEST-SIGNER", document, roles)
    if not any("联系人" in p.text and _PHONE.search(p.text) for p in flowing(document) if p not in roles.title):
        place = where(roles.dates[0]) if roles.dates else "成文日期之下"
        yield kind_finding("KIND-REQUEST-CONTACT", place, "成文日期下一行附注“（联系人：×××，电话：×××）”", "没有注明联系人和电话")


# -- 报告 -----------------------------------------------------------------------------------


def check_report(facts: DocxFacts, document: list[ParagraphInfo], roles: Roles) -> Iterable[Finding]:
    yield from _title_rule("KIND-REPORT-TITLE", roles, ("报告",), "标题以“报告”结尾，如“关于……的报告”", refused=("请示报告",))
    text = main_text(document, roles)
    for paragraph in text:
        for sentence in sentences(paragraph.text):
            if _ASK.search(sentence) or _REQUEST_WORDS.search(sentence):
                yield kind_finding("KIND-REPORT-NO-REQUEST", where(paragraph), "报告中不写请求批示、批准的事项；需要上级批准的事项另行请示",
                                   f"夹带请示事项：“{excerpt(sentence, 20)}”", excerpt(paragraph.text, 24))
    paragraph, last = _last_sentence(text)
    if paragraph is not None and not _REPORT_ENDING.search(last):
        yield kind_finding("KIND-REPORT-ENDING", where(paragraph), "以“特此报告。”“专此报告。”或“以上报告，请审阅。”结束", f"结尾是“{excerpt(last, 20)}”", excerpt(paragraph.text, 24))
    yield from _signer("KIND-REPORT-SIGNER", document, roles)


# -- 通知 -----------------------------------------------------------------------------------


def check_notice(facts: DocxFacts, document: list[ParagraphInfo], roles: Roles) -> Iterable[Finding]:
    yield from _title_rule("KIND-NOTICE-TITLE", roles, ("通知",), "标题以“通知”结尾，如“关于……的通知”")
    if roles.addressee is None:
        place = f"{where(roles.title[-1])}之后" if roles.title else "标题之下"
        yield kind_finding("KIND-NOTICE-ADDRESSEE", place, "标题下空一行，居左顶格写主送机关，如“各市州工信局：”", "没有主送机关")


# -- 函（信函格式） ---------------------------------------------------------------------------


def first_page_shows_number(facts: DocxFacts) -> bool:
    """Whether the first page's footer has a page number: with w:titlePg the first page has a
    footer of its own (none when it is not given), else the default one."""
    kinds = {footer.kind: footer for footer in facts.footers}
    footer = kinds.get("first") if facts.page.title_page else kinds.get("default")
    return footer is not None and footer.has_page_field


def check_letter(facts: DocxFacts, document: list[ParagraphInfo], roles: Roles) -> Iterable[Finding]:
    yield from _title_rule("KIND-LETTER-TITLE", roles, ("函",), "标题以“函”结尾，如“关于……的函”“关于……的复函”")
    if first_page_shows_number(facts):
        actual = "首页页脚有页码域" if facts.page.title_page else "首页与其他页用同一页脚，显示页码"
        yield kind_finding("KIND-LETTER-PAGE-NUMBER", "页脚（首页）", "首页不显示页码（页面设置选“首页不同”，首页页脚不放页码）", actual)
    number = roles.doc_number
    if number is not None and not _flush_right(number, facts):
        one_char = DEFAULT_STYLE.layout.body_size_pt * TWIPS_PER_PT
        if number.alignment == "right":
            actual = f"居右，右缩进 {number.right_twips / one_char:.1f} 字"
        elif number.text.startswith("\t"):
            actual = "用制表位右移，但没有到版心右边缘"
        else:
            actual = {"center": "居中", "both": "两端对齐"}.get(number.alignment, "居左")
        yield kind_finding("KIND-LETTER-DOC-NUMBER", where(number), "居右顶格（右缩进 0），在第一条红色双线之下", actual, excerpt(number.text, 24))


def _flush_right(paragraph: ParagraphInfo, facts: DocxFacts) -> bool:
    """Flush with the 版心's right edge: right-aligned without right indent, or after a tab to a
    right tab stop at that edge (tab stops count from the left margin)."""
    tolerance = TOLERANCES.indent_chars * DEFAULT_STYLE.layout.body_size_pt * TWIPS_PER_PT
    if paragraph.alignment == "right":
        return paragraph.right_twips <= tolerance
    page = facts.page
    width = page.width - page.left - page.right if None not in (page.width, page.left, page.right) else DEFAULT_STYLE.layout.text_width_twips
    leading = paragraph.text[: len(paragraph.text) - len(paragraph.text.lstrip())]
    return "\t" in leading and paragraph.right_tab_twips is not None and abs(paragraph.right_tab_twips - width) <= tolerance


# -- 纪要 -----------------------------------------------------------------------------------


def attendance_lines(document: list[ParagraphInfo]) -> list[tuple[ParagraphInfo, re.Match[str]]]:
    found = []
    for paragraph in flowing(document):
        match = _ATTENDANCE_LINE.match(paragraph.text.strip())
        if match:
            found.append((paragraph, match))
    return found


def minutes_roles(roles: Roles, document: list[ParagraphInfo]) -> Roles:
    """出席/请假/列席 lines are a list of names (label in 黑体, names aligned under the first
    name): not body text for the font and indent rules. The red 纪要标志 is no title, so the
    general rules may take it for the 主送 below one: a centred line never is."""
    names = {p.index for p, _ in attendance_lines(document)}
    addressee = roles.addressee if roles.addressee is None or roles.addressee.alignment != "center" else None
    return replace(roles, body=[p for p in roles.body if p.index not in names], addressee=addressee)


def _label_fonts(paragraph: ParagraphInfo, length: int) -> list[str]:
    """The East Asian fonts of the runs that show the first ``length`` characters."""
    fonts, seen = [], 0
    leading = len(paragraph.text) - len(paragraph.text.lstrip())
    for run in paragraph.runs:
        if seen >= leading + length:
            break
        if run.text.strip() and seen + len(run.text) > leading:
            fonts.append(run.east_asia)
        seen += len(run.text)
    return fonts


def check_minutes(facts: DocxFacts, document: list[ParagraphInfo], roles: Roles) -> Iterable[Finding]:
    head = flowing(document)[:12]
    marks = [p for p in roles.title + [p for p in head if p.alignment == "center"] if "纪要" in p.text]
    if not marks:
        shown = _title_text(roles) or next((p.text.strip() for p in head if p.alignment == "center"), "")
        yield kind_finding("KIND-MINUTES-MARK", _title_place(roles), "纪要标志或标题为“×××××纪要”，居中排布",
                           f"“{excerpt(shown, 20)}”中没有“纪要”" if shown else "没有识别出纪要标志或标题")
    lines = attendance_lines(document)
    if not lines:
        yield kind_finding("KIND-MINUTES-ATTENDANCE", "正文之后", "正文（或附件说明）下空一行，左空二字标注“出席：”及出席人单位、姓名", "没有出席人员名单")
    heiti = font_family(DEFAULT_STYLE.fonts.heading1)
    for paragraph, match in lines:
        label, word = match.group("label"), match.group("word")
        if word not in ATTENDANCE_WORDS or label != f"{word}：":
            right = f"{word if word in ATTENDANCE_WORDS else '出席'}："
            yield kind_finding("KIND-MINUTES-ATTENDANCE", where(paragraph), f"以“{right}”开头（全角冒号）", f"以“{label}”开头", excerpt(paragraph.text, 24))
        if paragraph.number_text:
            continue
        fonts = _label_fonts(paragraph, len(word))
        wrong = next((font for font in fonts if font_family(font) != heiti), None) if fonts else ""
        if wrong is not None:
            yield kind_finding("KIND-MINUTES-LABEL-FONT", where(paragraph), f"“{word}”二字用{heiti}", wrong or "未指定", excerpt(paragraph.text, 24))


# -- the kinds --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """One kind of document: its names, its rules, and what it changes in the roles."""

    name: str  # request, report, …
    label: str  # 请示, 报告, …
    check: Callable[[DocxFacts, list[ParagraphInfo], Roles], Iterable[Finding]]
    roles_for: Callable[[Roles, list[ParagraphInfo]], Roles] | None = None

    @property
    def rule_ids(self) -> list[str]:
        prefix = f"KIND-{self.name.upper()}-"
        return [rule_id for rule_id in KIND_RULES if rule_id.startswith(prefix)]

    def adjust(self, roles: Roles, document: list[ParagraphInfo]) -> Roles:
        return self.roles_for(roles, document) if self.roles_for else roles

    def findings(self, facts: DocxFacts, document: list[ParagraphInfo], roles: Roles) -> list[Finding]:
        return list(self.check(facts, document, roles))


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in [
        Kind("request", "请示", check_request),
        Kind("report", "报告", check_report),
        Kind("notice", "通知", check_notice),
        Kind("letter", "函", check_letter),
        Kind("minutes", "纪要", check_minutes, minutes_roles),
    ]
}
_BY_NAME = {**{kind.name: kind for kind in KINDS.values()}, **{kind.label: kind for kind in KINDS.values()}}


class KindError(BriefgenError):
    """``--kind`` names no kind briefgen knows (exit code 2)."""


def kind_names() -> str:
    return "、".join(f"{kind.name}（{kind.label}）" for kind in KINDS.values())


def find_kind(name: str) -> Kind:
    """The kind called ``name`` (English or Chinese, e.g. request or 请示)."""
    kind = _BY_NAME.get(name.strip().lower()) or _BY_NAME.get(name.strip())
    if kind is None:
        raise KindError(f"不认识的文种「{name}」。--kind 可以是：{kind_names()}；也可以直接写中文名，如 --kind 请示。",
                        hint="不加 --kind 时只检查通用的格式规则。")
    return kind


__all__ = ["KINDS", "KIND_RULES", "Kind", "KindError", "find_kind", "kind_names"]
