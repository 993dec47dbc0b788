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
