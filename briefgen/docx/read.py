"""Read any .docx safely (size limits, no entity resolution) into plain facts for checking and diffing.

A .docx from outside may be hostile: a zip bomb, XML with entities, or not a .docx at all.
This module opens it with limits, parses its XML without resolving entities or DTDs, and
resolves the style chain so callers get each paragraph's effective font, size, spacing and
alignment without knowing OOXML.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import BriefgenError
from ..intake import DOCX_LIMITS, open_zip, read_limited, read_member
from .numbering import read_numbering
from .story import OBJECT, ParagraphText, read_paragraph, read_story, story_paragraphs

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS = {"w": W_NS, "r": R_NS, "a": A_NS}

MAX_FILE_BYTES = 100 * 1024 * 1024  # a .docx from outside; its parts are limited by intake.DOCX_LIMITS
MAX_STYLE_DEPTH = 40  # styles based on styles; Word's own and real templates stay under 10
# An encrypted .docx is an OLE compound file holding a stream of this name (UTF-16 in the directory).
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
MAX_PARAGRAPHS = 100_000  # a 1,000-page document has ~15,000; far more is a bomb, not a draft
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .doc, .wps, .et: the old binary formats
STRICT_NAMESPACE = "{http://purl.oclc.org/ooxml/"  # ISO/IEC 29500 Strict

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_blank_text=False)


def w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


class DocxError(BriefgenError):
    """The file is not a readable .docx (exit code 2)."""


def _twips(value: str | None) -> int | None:
    """A measure from the XML as an int, or None when it is not a finite number ("²", "1e400")."""
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return int(number) if math.isfinite(number) and abs(number) < 1e9 else None


def _half_points(value: str | None) -> float | None:
    """A w:sz value (half-points) in points; None when it is not a plain sane number."""
    number = _twips(value)
    return number / 2 if number is not None and 0 < number <= 3276 else None


@dataclass
class RunInfo:
    text: str
    east_asia: str  # effective East Asian font ("" when unknown)
    latin: str
    size_pt: float | None
    bold: bool
    color: str
    theme_font: bool  # the font came from a theme attribute


@dataclass
class ParagraphInfo:
    index: int  # 1-based, in document order (body, then tables' paragraphs in place)
    text: str
    style_id: str
    style_name: str
    runs: list[RunInfo]
    alignment: str  # left / center / right / both / ""
    first_line_twips: int | None
    first_line_chars: int | None  # hundredths of a character
    left_twips: int
    right_twips: int
    line_rule: str  # exact / atLeast / auto
    line_value: int | None  # twips (exact/atLeast) or 240ths (auto)
    in_table: bool
    in_frame: bool
    page_break_before: bool
    outline_level: int | None
    number_text: str = ""  # the automatic number Word shows before the text ("一、"), part of ``text``
    in_toc: bool = False  # a line of a table of contents (or its "目录" heading)
    section: int = 0  # 0-based: the section (a combined volume: the document) it belongs to
    right_tab_twips: int | None = None  # the farthest right-aligned tab stop (a 发文字号 set flush right by a tab)

    @property
    def east_asia(self) -> str:
        """The font of the first run that carries text."""
        return next((run.east_asia for run in self.runs if run.text.strip()), "")

    @property
    def size_pt(self) -> float | None:
        return next((run.size_pt for run in self.runs if run.text.strip()), None)


@dataclass
class FooterInfo:
    kind: str  # default / even / first
    text: str
    alignment: str
    has_page_field: bool
    runs: list[RunInfo] = field(default_factory=list)
    left_twips: int = 0
    right_twips: int = 0


@dataclass
class PageSetup:
    width: int | None = None
    height: int | None = None
    top: int | None = None
    bottom: int | None = None
    left: int | None = None
    right: int | None = None
    footer: int | None = None
    grid_type: str = ""
    grid_pitch: int | None = None
    title_page: bool = False  # w:titlePg: the first page has its own header and footer (or none)


@dataclass
class DocxFacts:
    path: str
    paragraphs: list[ParagraphInfo]
    page: PageSetup
    footers: list[FooterInfo]
    even_and_odd: bool


class DocxPackage:
    """An opened .docx: its parts as parsed XML, read with limits."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        raw = read_limited(Path(path), MAX_FILE_BYTES, "Word 文档", DocxError)
        if raw.startswith(OLE_MAGIC) and ENCRYPTED_PACKAGE in raw:
            raise DocxError(
                "这个 Word 文档设置了打开密码（已加密），无法读取。", where=self.path,
                hint="请在 Word 或 WPS 中打开它，在“文件—信息—保护文档”中删除密码后另存，再用另存的文件。",
            )
        if raw.startswith(OLE_MAGIC):
            raise DocxError(
                "这是旧版 Word（.doc）或 WPS 格式的文件，不是 .docx。", where=self.path,
                hint="请在 Word 或 WPS 中打开它，“另存为”“Word 文档（*.docx）”，再用另存的文件。",
            )
        if not raw.startswith(b"PK"):
            raise DocxError(
                "不是 Word 文档（.docx）：文件不是 zip 格式。", where=self.path,
                hint="如果是 .doc 或 .wps 文件，请先在 Word 或 WPS 中另存为 .docx。",
            )
        self.zip = open_zip(raw, self.path, DOCX_LIMITS, "Word 文档", DocxError)
        self.names = set(self.zip.namelist())
        self._parsed: dict[str, etree._Element | None] = {}
        self.main = self._main_part_name()
        self._refuse_strict()

    def _refuse_strict(self) -> None:
        """Word's "Strict Open XML" saves every part in other namespaces (purl.oclc.org), which
        Word itself, WPS and LibreOffice read but nothing else of the transitional kind does."""
        root = self.xml(self.main)
        if root is not None and isinstance(root.tag, str) and root.tag.startswith(STRICT_NAMESPACE):
            raise DocxError(
                "这是“严格 Open XML 文档”（Strict Open XML）格式的文件，briefgen 只能读取通常的 Word 文档格式。", where=self.path,
                hint="请在 Word 中打开，“另存为”时选择“Word 文档 (*.docx)”（不要选“Strict Open XML 文档”），再用另存的文件。",
            )

    def _main_part_name(self) -> str:
        rels = self.xml("_rels/.rels")
        if rels is not None:
            for rel in rels:
                if rel.get("Type", "").endswith("/officeDocument"):
                    return rel.get("Target", "").lstrip("/")
        if "word/document.xml" in self.names:
            return "word/document.xml"
        raise DocxError("不是 Word 文档（.docx）：找不到正文部件。", where=self.path)

    def read(self, name: str) -> bytes:
        """A part's bytes, unpacked within the limits."""
        return read_member(self.zip, name, self.path, DOCX_LIMITS, "Word 文档", DocxError)

    def xml(self, name: str) -> etree._Element | None:
        """A part parsed (once), without entities, DTDs or network; None when it is absent."""
        if name not in self.names:
            return None
        if name not in self._parsed:
            self._parsed[name] = self._parse(name)
        return self._parsed[name]

    def _parse(self, name: str) -> etree._Element:
        data = self.read(name)
        if b"<!DOCTYPE" in data[:2048] or b"<!ENTITY" in data[:4096]:
            raise DocxError(f"文档部件 {name} 含有 DTD 或实体声明，已拒绝读取。", where=self.path)
        try:
            return etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise DocxError(f"文档部件 {name} 不是有效的 XML（第 {exc.lineno} 行附近），文件可能已损坏。", where=self.path, hint="请在 Word 或 WPS 中打开后重新保存为 .docx 再试。") from None

    def related(self, part: str) -> dict[str, str]:
        """rId → target part name for ``part``'s relationships."""
        folder, _, name = part.rpartition("/")
        rels = self.xml(f"{folder}/_rels/{name}.rels")
        targets = {}
        for rel in rels if rels is not None else []:
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
        return targets

    def part_by_type(self, part: str, suffix: str) -> str | None:
        folder, _, name = part.rpartition("/")
        rels = self.xml(f"{folder}/_rels/{name}.rels")
        for rel in rels if rels is not None else []:
            if rel.get("Type", "").endswith(suffix) and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                return target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
        return None


# -- styles -------------------------------------------------------------------------


@dataclass
class _Style:
    style_id: str
    name: str
    kind: str
    based_on: str | None
    ppr: etree._Element | None
    rpr: etree._Element | None


class StyleResolver:
    """Effective paragraph and run properties through direct formatting, styles and defaults."""

    def __init__(self, styles: etree._Element | None, theme: etree._Element | None):
        self.styles: dict[str, _Style] = {}
        self._chains: dict[str, list[_Style]] = {}
        self.default_paragraph_style = ""
        self.default_ppr = None
        self.default_rpr = None
        if styles is not None:
            self.default_ppr = styles.find("w:docDefaults/w:pPrDefault/w:pPr", NS)
            self.default_rpr = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
            for style in styles.findall("w:style", NS):
                style_id = style.get(w("styleId"), "")
                based = style.find("w:basedOn", NS)
                name = style.find("w:name", NS)
                self.styles[style_id] = _Style(
                    style_id,
                    name.get(w("val"), style_id) if name is not None else style_id,
                    style.get(w("type"), ""),
                    based.get(w("val")) if based is not None else None,
                    style.find("w:pPr", NS),
                    style.find("w:rPr", NS),
                )
                if style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true", "on"):
                    self.default_paragraph_style = style_id
        self.theme_fonts = _theme_fonts(theme)

    def chain(self, style_id: str | None) -> list[_Style]:
        """The style and those it is based on, nearest first (computed once per style)."""
        if not style_id:
            return []
        if style_id not in self._chains:
            found, seen, current = [], set(), style_id
            while current and current in self.styles and current not in seen:
                seen.add(current)
                found.append(self.styles[current])
                current = self.styles[current].based_on
            if len(found) > MAX_STYLE_DEPTH:
                # Every paragraph would walk the whole chain: 6,000 levels in a 69 KB file kept
                # check busy for minutes. Real documents stay within a handful.
                raise DocxError(f"样式「{self.name(style_id)}」的继承（基于）关系超过 {MAX_STYLE_DEPTH} 层，不像是正常的 Word 文档，已拒绝。",
                                hint="请在 Word 或 WPS 中打开后另存为新的 .docx 再试。")
            self._chains[style_id] = found
        return self._chains[style_id]

    def name(self, style_id: str) -> str:
        return self.styles[style_id].name if style_id in self.styles else style_id

    def ppr_layers(self, direct: etree._Element | None, style_id: str) -> list[etree._Element]:
        layers = [direct] + [s.ppr for s in self.chain(style_id)] + [self.default_ppr]
        return [layer for layer in layers if layer is not None]

    def rpr_layers(self, direct: etree._Element | None, char_style: str | None, para_style: str) -> list[etree._Element]:
        layers = [direct] + [s.rpr for s in self.chain(char_style)] + [s.rpr for s in self.chain(para_style)]
        layers.append(self.default_rpr)
        return [layer for layer in layers if layer is not None]

    def font(self, layers: list[etree._Element], script: str) -> tuple[str, bool]:
        """Effective font for ``script`` (eastAsia / ascii); theme attributes beat names."""
        for layer in layers:
            fonts = layer.find("w:rFonts", NS)
            if fonts is None:
                continue
            theme = fonts.get(w(f"{script}Theme"))
            if theme:
                return self.theme_fonts.get((theme, script), ""), True
            name = fonts.get(w(script))
            if name:
                return name, False
        return "", False


def _first(layers: list[etree._Element], path: str) -> etree._Element | None:
    for layer in layers:
        found = layer.find(path, NS)
        if found is not None:
            return found
    return None


def _flag(layers: list[etree._Element], tag: str) -> bool:
    element = _first(layers, f"w:{tag}")
    return element is not None and element.get(w("val"), "1") not in ("0", "false", "off")


def _theme_fonts(theme: etree._Element | None) -> dict[tuple[str, str], str]:
    """(theme attribute value, script) → typeface, e.g. ("minorEastAsia", "eastAsia") → "宋体"."""
    fonts: dict[tuple[str, str], str] = {}
    if theme is None:
        return fonts
    for kind in ("major", "minor"):
        scheme = theme.find(f".//a:fontScheme/a:{kind}Font", NS)
        if scheme is None:
            continue
        latin = scheme.find("a:latin", NS)
        east = scheme.find("a:ea", NS)
        hans = scheme.find("a:font[@script='Hans']", NS)
        east_name = (east.get("typeface") if east is not None else "") or (hans.get("typeface") if hans is not None else "")
        latin_name = latin.get("typeface", "") if latin is not None else ""
        for script in ("eastAsia", "ascii", "hAnsi"):
            fonts[(f"{kind}EastAsia", script)] = east_name
            fonts[(f"{kind}HAnsi", script)] = latin_name
            fonts[(f"{kind}Ascii", script)] = latin_name
            fonts[(f"{kind}Bidi", script)] = latin_name
    return fonts


# -- reading --------------------------------------------------------------------------


def _shown_runs(text: ParagraphText) -> list[tuple[etree._Element, str]]:
    """The paragraph's runs that show something, with what each shows (fields' instructions,
    deleted text and objects left out: ``story``)."""
    shown: dict[etree._Element, list[str]] = {}
    for piece in text.pieces:
        if piece.text != OBJECT:
            shown.setdefault(piece.run, []).append(piece.text)
    return [(run, "".join(texts)) for run, texts in shown.items()]


_TOC_STYLE = re.compile(r"^(toc|contents|目录|內容|内容)\s*\d", re.I)
_TOC_HEADING = re.compile(r"^目\s*录$")


class ParagraphReader:
    """Paragraphs of a package with their effective properties: styles, theme fonts and automatic
    numbers resolved (the numbers advance in the order paragraphs are read)."""

    def __init__(self, package: DocxPackage):
        self.package = package
        theme_part = package.part_by_type(package.main, "/theme")
        styles_part = package.part_by_type(package.main, "/styles")
        self.styles = StyleResolver(
            package.xml(styles_part) if styles_part else None,
            package.xml(theme_part) if theme_part else None,
        )
        numbering_part = package.part_by_type(package.main, "/numbering")
        self.numbering = read_numbering(package.xml(numbering_part) if numbering_part else None)

    def run_info(self, run: etree._Element, para_style: str, text: str) -> RunInfo:
        rpr = run.find("w:rPr", NS)
        char_style_el = rpr.find("w:rStyle", NS) if rpr is not None else None
        char_style = char_style_el.get(w("val")) if char_style_el is not None else None
        layers = self.styles.rpr_layers(rpr, char_style, para_style)
        east, east_theme = self.styles.font(layers, "eastAsia")
        latin, latin_theme = self.styles.font(layers, "ascii")
        size = _first(layers, "w:sz")
        color = _first(layers, "w:color")
        return RunInfo(
            text=text,
            east_asia=east,
            latin=latin,
            size_pt=_half_points(size.get(w("val"))) if size is not None else None,
            bold=_flag(layers, "b"),
            color=(color.get(w("val"), "") if color is not None else "").upper(),
            theme_font=east_theme or latin_theme,
        )

    def paragraph(self, element: etree._Element, index: int, in_table: bool, shown: ParagraphText | None = None, section: int = 0) -> ParagraphInfo:
        ppr = element.find("w:pPr", NS)
        style_el = ppr.find("w:pStyle", NS) if ppr is not None else None
        style_id = style_el.get(w("val")) if style_el is not None else self.styles.default_paragraph_style
        layers = self.styles.ppr_layers(ppr, style_id)
        runs = [self.run_info(run, style_id, text) for run, text in _shown_runs(shown or read_paragraph(element))]
        jc = _first(layers, "w:jc")
        spacing_line = self._spacing(layers)
        outline = _first(layers, "w:outlineLvl")
        number = self._number(layers)
        text = number + "".join(run.text for run in runs)
        style_name = self.styles.name(style_id)
        return ParagraphInfo(
            index=index,
            text=text,
            style_id=style_id,
            style_name=self.styles.name(style_id),
            runs=runs,
            alignment=(jc.get(w("val"), "") if jc is not None else "left").replace("start", "left").replace("end", "right"),
            first_line_twips=self._indent(layers, "firstLine", "hanging"),
            first_line_chars=self._indent(layers, "firstLineChars", "hangingChars"),
            left_twips=self._indent(layers, "left", None, fallback="start") or 0,
            right_twips=self._indent(layers, "right", None, fallback="end") or 0,
            line_rule=spacing_line[0],
            line_value=spacing_line[1],
            in_table=in_table,
            in_frame=_first(layers, "w:framePr") is not None,
            page_break_before=_flag(layers, "pageBreakBefore"),
            outline_level=_twips(outline.get(w("val"))) if outline is not None else None,
            number_text=number,
            in_toc=bool(_TOC_STYLE.match(style_name) or _TOC_STYLE.match(style_id) or _in_toc_control(element) or _TOC_HEADING.match(text.strip())),
            section=section,
            right_tab_twips=_right_tab(layers),
        )

    def _number(self, layers: list[etree._Element]) -> str:
        """The automatic number of a paragraph (its own w:numPr or its style's), advancing the
        list's counter; "" when it has none."""
        num_id = ilvl = None
        for layer in layers:
            numbering = layer.find("w:numPr", NS)
            if numbering is None:
                continue
            if num_id is None and numbering.find("w:numId", NS) is not None:
                num_id = numbering.find("w:numId", NS).get(w("val"))
            if ilvl is None and numbering.find("w:ilvl", NS) is not None:
                ilvl = _twips(numbering.find("w:ilvl", NS).get(w("val")))
        if not num_id or num_id == "0":
            return ""
        return self.numbering.advance(num_id, ilvl or 0)

    @staticmethod
    def _indent(layers, name: str, negative: str | None, fallback: str | None = None) -> int | None:
        for layer in layers:
            ind = layer.find("w:ind", NS)
            if ind is None:
                continue
            if negative and ind.get(w(negative)) is not None:
                return -(_twips(ind.get(w(negative))) or 0)
            for attribute in (name, fallback):
                if attribute and ind.get(w(attribute)) is not None:
                    return _twips(ind.get(w(attribute)))
        return None

    @staticmethod
    def _spacing(layers) -> tuple[str, int | None]:
        for layer in layers:
            spacing = layer.find("w:spacing", NS)
            if spacing is not None and spacing.get(w("line")) is not None:
                return spacing.get(w("lineRule"), "auto"), _twips(spacing.get(w("line")))
        return "auto", 240

    def paragraphs(self, body: etree._Element) -> list[ParagraphInfo]:
        """The body's paragraphs in reading order, tables included; text boxes (stories of
        their own, in frames beside the text) and VML fallback copies are not the body."""
        elements = story_paragraphs(list(body))
        if len(elements) > MAX_PARAGRAPHS:
            raise DocxError(f"文档的段落过多（超过 {MAX_PARAGRAPHS} 段），不像是一份公文，已拒绝。", where=self.package.path)
        shown = read_story(list(body))
        found: list[ParagraphInfo] = []
        section = 0
        for element in elements:
            in_table = any(ancestor.tag == w("tbl") for ancestor in element.iterancestors())
            found.append(self.paragraph(element, len(found) + 1, in_table, shown.get(element), section))
            if element.find("w:pPr/w:sectPr", NS) is not None:
                section += 1  # the section ends with this paragraph
        return found

    def footers(self, section: etree._Element | None) -> list[FooterInfo]:
        if section is None:
            return []
        targets = self.package.related(self.package.main)
        footers = []
        for reference in section.findall("w:footerReference", NS):
            part = targets.get(reference.get(f"{{{R_NS}}}id"))
            root = self.package.xml(part) if part else None
            if root is None:
                continue
            paragraphs = [self.paragraph(p, i + 1, False, text) for i, (p, text) in enumerate(read_story(list(root)).items())]
            text_paragraph = next((p for p in paragraphs if p.text.strip()), paragraphs[0] if paragraphs else None)
            instructions = " ".join(root.xpath(".//w:instrText/text() | .//w:fldSimple/@w:instr", namespaces=NS))
            footers.append(
                FooterInfo(
                    kind=reference.get(w("type"), "default"),
                    text="".join(p.text for p in paragraphs).strip(),
                    alignment=text_paragraph.alignment if text_paragraph else "",
                    has_page_field=bool(re.search(r"\bPAGE\b", instructions)),
                    runs=text_paragraph.runs if text_paragraph else [],
                    left_twips=text_paragraph.left_twips if text_paragraph else 0,
                    right_twips=text_paragraph.right_twips if text_paragraph else 0,
                )
            )
        return footers


def _right_tab(layers: list[etree._Element]) -> int | None:
    """The farthest right-aligned tab stop of the paragraph and its styles (one a nearer layer
    clears does not count)."""
    cleared: set[int | None] = set()
    found: list[int] = []
    for layer in layers:
        for tab in layer.findall("w:tabs/w:tab", NS):
            position = _twips(tab.get(w("pos")))
            if tab.get(w("val")) == "clear":
                cleared.add(position)
            elif tab.get(w("val")) in ("right", "end") and position is not None and position not in cleared:
                found.append(position)
    return max(found, default=None)


def _in_toc_control(paragraph: etree._Element) -> bool:
    """Inside a content control that Word made for a table of contents."""
    for ancestor in paragraph.iterancestors(w("sdt")):
        gallery = ancestor.find("w:sdtPr/w:docPartObj/w:docPartGallery", NS)
        if gallery is not None and "contents" in gallery.get(w("val"), "").lower():
            return True
    return False


def _page_setup(section: etree._Element | None) -> PageSetup:
    if section is None:
        return PageSetup()
    size = section.find("w:pgSz", NS)
    margins = section.find("w:pgMar", NS)
    grid = section.find("w:docGrid", NS)

    def get(element, name):
        return _twips(element.get(w(name))) if element is not None else None

    return PageSetup(
        width=get(size, "w"),
        height=get(size, "h"),
        top=get(margins, "top"),
        bottom=get(margins, "bottom"),
        left=get(margins, "left"),
        right=get(margins, "right"),
        footer=get(margins, "footer"),
        grid_type=grid.get(w("type"), "") if grid is not None else "",
        grid_pitch=get(grid, "linePitch"),
        title_page=_flag([section], "titlePg"),
    )


def read_docx(path: str | Path) -> DocxFacts:
    """Open ``path`` safely and return what the checker needs to know about it."""
    try:
        return _read_facts(path)
    except DocxError as error:
        error.where = error.where or str(path)
        raise


def _read_facts(path: str | Path) -> DocxFacts:
    package = DocxPackage(path)
    document = package.xml(package.main)
    if document is None or document.find("w:body", NS) is None:
        raise DocxError("不是 Word 文档（.docx）：正文部件缺失或为空。", where=str(path))
    reader = ParagraphReader(package)
    body = document.find("w:body", NS)
    section = body.find("w:sectPr", NS)
    settings_part = package.part_by_type(package.main, "/settings")
    settings = package.xml(settings_part) if settings_part else None
    even_and_odd = settings is not None and settings.find("w:evenAndOddHeaders", NS) is not None
    return DocxFacts(
        path=str(path),
        paragraphs=reader.paragraphs(body),
        page=_page_setup(section),
        footers=_numbered_footers(reader, body, section),
        even_and_odd=even_and_odd,
    )


def _numbered_footers(reader: "ParagraphReader", body: etree._Element, final: etree._Element | None) -> list[FooterInfo]:
    """The footers of the body's pages: those of the first section that numbers its pages (a
    版记 page of its own, the last section, has none by 7.5), else the last section's."""
    for section in [*body.findall("w:p/w:pPr/w:sectPr", NS), final]:
        footers = reader.footers(section)
        if any(footer.has_page_field for footer in footers):
            return footers
    return reader.footers(final)
