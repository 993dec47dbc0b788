"""The numbers of GB/T 9704-2012 (and the layout facts measured for it), in one place.

Every figure the writer uses comes from here, each with the clause it implements.
Values the standard leaves to local practice are marked "practice" and can be
overridden through a template's ``layout`` options.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

MM_PER_INCH = 25.4
TWIPS_PER_PT = 20
PT_PER_INCH = 72


def mm_to_twips(mm: float) -> int:
    return round(mm / MM_PER_INCH * PT_PER_INCH * TWIPS_PER_PT)


def mm_to_pt(mm: float) -> float:
    return mm / MM_PER_INCH * PT_PER_INCH


def pt_to_twips(pt: float) -> int:
    return round(pt * TWIPS_PER_PT)


# Chinese type sizes (号) in points.
SIZE_2HAO = 22.0
SIZE_3HAO = 16.0
SIZE_4HAO = 14.0


@dataclass(frozen=True)
class Fonts:
    """Font names written into the .docx; the defaults are the standard's."""

    title: str = "方正小标宋简体"  # 7.3.1 标题: 2号小标宋体
    body: str = "仿宋_GB2312"  # 5.2.2 正文: 3号仿宋体
    heading1: str = "黑体"  # 7.3.3 第一层 黑体
    heading2: str = "楷体_GB2312"  # 7.3.3 第二层 楷体
    heading3: str = "仿宋_GB2312"  # 7.3.3 第三层 仿宋体
    heading4: str = "仿宋_GB2312"  # 7.3.3 第四层 仿宋体
    latin: str = "Times New Roman"  # practice: digits and Latin letters
    page_number: str = "宋体"  # 7.5 页码: 4号半角宋体阿拉伯数字
    issuer_mark: str = "方正小标宋简体"  # 7.2.4 发文机关标志: 推荐小标宋体
    attachment_label: str = "黑体"  # 7.3.4 附件: "附件"二字 3号黑体
    top_marks: str = "黑体"  # 7.2.2 密级和保密期限, 7.2.3 紧急程度: 3号黑体
    attendance_label: str = "黑体"  # 10.3 纪要: "出席" "请假" "列席" 3号黑体

    def for_heading(self, level: int) -> str:
        return (self.heading1, self.heading2, self.heading3, self.heading4)[level - 1]


@dataclass(frozen=True)
class Layout:
    """Page geometry and type sizes. Lengths in mm, sizes in pt."""

    # 5.1 / 5.2.1: A4, 天头 37 mm, 订口 28 mm, 版心 156 x 225 mm.
    page_width_mm: float = 210.0
    page_height_mm: float = 297.0
    margin_top_mm: float = 37.0
    margin_left_mm: float = 28.0
    text_width_mm: float = 156.0
    text_height_mm: float = 225.0
    # 7.5: the page number's 一字线 sits 7 mm below the 版心; measured in LibreOffice,
    # a footer distance of 25.5 mm from the page edge puts it there.
    footer_distance_mm: float = 25.5
    header_distance_mm: float = 15.0
    page_number_drop_mm: float = 7.0  # 7.5: the 一字线 7 mm below the 版心's bottom edge

    # 5.2.2-5.2.4: 3号 text, 22 lines x 28 characters.
    body_size_pt: float = SIZE_3HAO
    lines_per_page: int = 22
    chars_per_line: int = 28
    # Measured: -0.25 pt character spacing fits 28 characters into 156 mm in LibreOffice
    # (28 x 16 pt = 448 pt is wider than the 442.2 pt 版心).
    body_char_spacing_pt: float = -0.25

    title_size_pt: float = SIZE_2HAO  # 7.3.1
    attachment_title_size_pt: float = SIZE_2HAO  # 7.3.4 (附件标题 as 公文标题)
    page_number_size_pt: float = SIZE_4HAO  # 7.5
    end_matter_size_pt: float = SIZE_4HAO  # 7.4.2 / 7.4.3 抄送, 印发: 4号仿宋
    table_size_pt: float = SIZE_4HAO  # practice: tables in 4号
    table_line_factor: float = 1.25  # practice: single-ish spacing inside tables

    # 7.2.4 发文机关标志: red, centred, top edge 35 mm below the 版心's top edge; the
    # standard caps a character at 15 mm x 22 mm; the size shrinks to fit the width.
    issuer_mark_offset_mm: float = 35.0
    issuer_mark_max_size_pt: float = 42.0
    issuer_mark_line_factor: float = 1.2  # exact line height, off the grid
    issuer_mark_glyph_drop: float = 0.1  # a glyph's top sits ~0.1 em below its line box (measured: text box top at 71.0 mm for the 72 mm target)
    red: str = "FF0000"  # 7.2.4, 7.2.7: red
    # 7.2.7 版头中的分隔线: 4 mm below the 发文字号, the 版心's width. Its thickness is not
    # given by the standard (practice: 1 pt); OOXML borders are in 1/8 pt.
    red_line_gap_mm: float = 4.0
    red_line_eighths: int = 8
    # 7.2.5 发文字号: 空二行 below the 标志. 7.3.1 标题: 空二行 below the red line.
    blank_lines_after_issuer_mark: int = 2
    blank_lines_before_title: int = 2
    blank_lines_after_title: int = 1  # 7.3.2 主送机关: one line below the title

    # 7.4.1 版记中的分隔线: first and last 0.35 mm, middle ones 0.25 mm (1/8 pt units).
    end_rule_thick_eighths: int = 8  # 0.35 mm ≈ 0.99 pt
    end_rule_thin_eighths: int = 6  # 0.25 mm ≈ 0.71 pt

    # 7.2.1-7.2.3: 份号, 密级和保密期限, 紧急程度, one a line from the 版心's first line, flush left.

    # 7.2.4 联合行文: the organs' names one a line, "文件" centred against them on the right; a
    # character space between the names and "文件" (practice).
    joint_mark_gap_chars: float = 1.0

    # 7.2.6 联合行文: two 签发人 names a line (practice of the standard's figure), a character apart.
    signers_per_line: int = 2

    # 7.3.5.1 联合行文 with seals: at most three seals a row (practice); seals must neither meet
    # nor leave the 版心. A 机关 seal is 42 mm across (practice: 国务院 rules on seals); rows
    # of names are as many lines apart as a seal is tall.
    seals_per_row: int = 3
    seal_diameter_mm: float = 42.0

    # 10.1 信函格式: the 标志 30 mm below the page's top edge; a red double line (thick above,
    # thin below) 4 mm under it, and one (thin above, thick below) 20 mm above the bottom edge,
    # both 170 mm long and centred; the 发文字号 and the first of 份号/密级/紧急程度 7/8 of a 3号
    # character below the first line; no page number on the first page.
    letter_mark_top_mm: float = 30.0
    letter_mark_size_pt: float = 30.0  # practice: the standard gives no size
    letter_rule_gap_mm: float = 4.0
    letter_rule_length_mm: float = 170.0
    letter_bottom_rule_mm: float = 20.0
    letter_rule_eighths: int = 12  # practice: the thick line's width (a double border in 1/8 pt)
    # Measured (LibreOffice 7.4): the line sits 1.9 mm below the 标志's glyphs with no border
    # space and 0.7 mm lower per point of it (twice the nominal point); 3 pt gives 4.0 mm.
    letter_rule_space_pt: int = 3
    letter_below_rule_factor: float = 7 / 8

    # 10.2 命令（令）格式: the 标志 20 mm below the 版心's top; the 令号 two lines below it, the
    # body two lines below the 令号. 7.3.5.3: the 签名章 two lines below the body, four
    # characters from the right, the 职务 two characters left of it; the date one line below.
    order_mark_offset_mm: float = 20.0
    blank_lines_after_order_number: int = 2
    blank_lines_before_signature_seal: int = 2
    signer_title_gap_chars: int = 2
    blank_lines_before_order_date: int = 1

    # 10.3 纪要格式: 出席/请假/列席 one line below the body, two characters in; names after the
    # full-width colon, wrapped lines aligned under the first name.
    blank_lines_before_attendance: int = 1

    # 7.3.3 正文: first line indented two characters.
    paragraph_indent_chars: int = 2
    # 7.2.6 签发人 / 7.4.2 抄送 / 7.4.3 印发 / 7.5 页码: one character in.
    edge_indent_chars: int = 1
    # 7.3.5.1 with a seal: date four characters from the right; 7.3.5.2 without: 署名
    # two characters from the right, date two characters further right than the 署名.
    dated_right_chars_sealed: int = 4
    signature_right_chars_unsealed: int = 2
    date_shift_chars_unsealed: int = 2
    # 7.3.5.2: one blank line before the 署名 without a seal; practice: two with a
    # seal, so that the seal's top edge falls within one line of the body.
    blank_lines_before_signature_unsealed: int = 1
    blank_lines_before_signature_sealed: int = 2
    # 7.3.4 附件说明: one blank line below the body, two characters in.
    blank_lines_before_attachment_note: int = 1
    # 7.3.4 附件: "附件" on the first line, the attachment's title on the third line.
    blank_lines_before_attachment_title: int = 1

    @property
    def line_pitch_pt(self) -> float:
        """225 mm / 22 lines ≈ 28.95 pt (5.2.4)."""
        return mm_to_pt(self.text_height_mm) / self.lines_per_page

    @property
    def line_pitch_twips(self) -> int:
        """Rounded down (579, not 580): 22 lines of 580 twips overflow the 225 mm 版心."""
        return int(self.line_pitch_pt * TWIPS_PER_PT)

    @property
    def char_width_twips(self) -> int:
        """Advance of one 汉字 of body size, spacing included (一字, 5.2.3)."""
        return pt_to_twips(self.body_size_pt + self.body_char_spacing_pt)

    @property
    def margin_bottom_mm(self) -> float:
        return self.page_height_mm - self.margin_top_mm - self.text_height_mm

    @property
    def margin_right_mm(self) -> float:
        return self.page_width_mm - self.margin_left_mm - self.text_width_mm

    # 8 公文中的横排表格: the table's head lies on the 订口 side (the sheet is turned clockwise to
    # read it) and its page number where every other page has one, so the 版心 keeps its place
    # on the sheet: a landscape page's margins are the portrait page's, turned.
    @property
    def landscape_margins_mm(self) -> tuple[float, float, float, float]:
        """(top, right, bottom, left) of a landscape table page."""
        return (self.margin_left_mm, self.margin_top_mm, self.margin_right_mm, self.margin_bottom_mm)

    @property
    def text_width_pt(self) -> float:
        return mm_to_pt(self.text_width_mm)

    @property
    def text_width_twips(self) -> int:
        return mm_to_twips(self.text_width_mm)

    def chars(self, count: float) -> int:
        """A length of ``count`` body characters, in twips."""
        return round(count * self.char_width_twips)


# 7.3.3 结构层次序数: the marks of the four heading levels.
HEADING_LEVELS = 4


@dataclass(frozen=True)
class Style:
    """Everything the writer needs: fonts plus geometry."""

    fonts: Fonts = field(default_factory=Fonts)
    layout: Layout = field(default_factory=Layout)

    def with_overrides(self, fonts: dict | None = None, layout: dict | None = None) -> "Style":
        return Style(
            fonts=replace(self.fonts, **(fonts or {})),
            layout=replace(self.layout, **(layout or {})),
        )


DEFAULT_STYLE = Style()


# -- what the checker accepts ------------------------------------------------------------

# A font name belongs to a family when it contains one of the family's keywords
# (仿宋, 仿宋_GB2312 and FangSong are all 仿宋体 as 5.2.2 asks).
FONT_FAMILIES: dict[str, tuple[str, ...]] = {
    "仿宋": ("仿宋", "fangsong", "fang song"),
    "楷体": ("楷体", "kaiti", "kai ti", "楷"),
    "黑体": ("黑体", "simhei", "heiti", "hei ti"),
    "小标宋": ("小标宋", "xiaobiaosong", "xbs"),
    "宋体": ("宋体", "simsun", "songti", "song ti"),
}


def font_family(name: str) -> str:
    """The family of a font name (``"仿宋_GB2312"`` → ``"仿宋"``), or the name itself."""
    lowered = name.lower()
    for family, keywords in FONT_FAMILIES.items():
        if any(keyword in lowered for keyword in keywords):
            return family
    return name


@dataclass(frozen=True)
class Tolerances:
    """How far a measured value may stray before the checker reports it."""

    page_mm: float = 1.0  # 5.2.1: 天头 37 mm ± 1 mm, 订口 28 mm ± 1 mm
    size_pt: float = 0.25
    indent_chars: float = 0.25
    line_pitch_pt: float = 0.3  # measured layout: 28.95 pt ± 0.3
    text_edge_mm: float = 1.5  # measured layout: text inside the 版心
    page_number_mm: float = 2.0  # 7.5: the 一字线 7 mm below the 版心
    end_matter_mm: float = 6.0  # 7.4: the 版记's last line sits on the 版心's bottom edge


TOLERANCES = Tolerances()


# -- what a template's layout: may change -----------------------------------------------------
MAX_FONT_NAME = 31  # Word refuses longer font names (w:rFonts, ST_String of 31 characters)


def override_range(name: str) -> tuple[float, float] | None:
    """The values a template's ``layout:`` may give ``name`` (practice varies; absurd values,
    which would make pages of blank lines or a page the size of a wall, are refused); None for a
    value that is not a number."""
    default = getattr(Layout(), name)
    if isinstance(default, str):
        return None
    if name.startswith("blank_lines"):
        return (0, 20)
    if name in ("lines_per_page", "chars_per_line"):
        return (1, 100)
    if name.endswith("_mm"):
        return (0.0, 400.0)
    if name.endswith("spacing_pt"):
        return (-5.0, 5.0)
    if name.endswith("_pt"):
        return (1.0, 100.0)
    if name.endswith("_chars"):
        return (0, 40)
    if name.endswith("_eighths"):
        return (1, 96)
    return (0.0, 5.0)  # factors and fractions of an em
