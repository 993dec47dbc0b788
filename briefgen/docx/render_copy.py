"""The copy of a .docx that LibreOffice converts: adjusted so that it lays out what Word would.

LibreOffice 7.4 departs from Word in two ways that change what a reader sees (measured, and read
in its writerfilter import; docs/design.md):
- it ignores ``w:autoSpaceDE``/``w:autoSpaceDN`` and always puts a fifth of an em between 汉字
  and Latin letters or digits ("2024 年 1—9 月"); Word, told not to, puts none. Where the document
  says so, the copy gets a zero-width space (U+200B) at each such boundary: no width, no glyph,
  no new break, and pdftotext does not report it;
- it reads ``w:overflowPunct`` inverted and, when hanging a closing mark past the right edge of
  a full justified line, does not paint the mark in its PDF. The copy asks LibreOffice not to
  hang marks at all (``overflowPunct`` 1, which it reads as "no hanging"): every character is
  printed; such a line carries its last 汉字 down with the mark.
And the copy names nothing outside itself: a foreign .docx may link an image, a template, an OLE
object or a field's content to a URL or a file path, which LibreOffice would fetch while
converting (a request that tells the sender the file was opened, or a local file read into the
PDF). Every external relationship but a hyperlink's (which is never fetched) points nowhere in
the copy, and URLs and paths in fields (INCLUDEPICTURE, INCLUDETEXT, LINK ...) and in VML
attributes are blanked.
The user's file is never changed; only this copy, in a temporary folder, is.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from .read import NS, W_NS, w

ZERO_WIDTH_SPACE = "\u200b"
_HANZI = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[0-9A-Za-z]")
_BOUNDARY = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff])(?=[0-9A-Za-z])|(?<=[0-9A-Za-z])(?=[\u3400-\u9fff\uf900-\ufaff])")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
TEXT_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
NOWHERE = "#"  # an external target that names no resource
_VML = "{urn:schemas-microsoft-com:"  # VML and Office's own namespaces: v:, o:, w10: ...
_VML_ADDRESSES = {"href", "althref", "src"}  # v:imagedata o:href="http://...", v:fill src=...
# Fields that load what they name while the document is laid out.
_LOADING_FIELD = re.compile(r"^\s*(INCLUDEPICTURE|INCLUDETEXT|LINK|IMPORT|DDE|DDEAUTO|AUTOTEXTLIST|DATABASE|HYPERLINK)\b", re.IGNORECASE)
# A URL or a path outside the package, as VML attributes and field codes write them.
_OUTSIDE = re.compile(r"""(?:[a-z][a-z0-9+.-]{1,20}:(?://|\\\\)|\\\\|//)[^\s"'<>]*|[a-z]:\\[^\s"'<>]*""", re.IGNORECASE)


def _false(element: etree._Element | None) -> bool:
    return element is not None and element.get(w("val"), "1") in ("0", "false", "off")


def _autospace_off(styles: etree._Element | None) -> bool:
    """Whether the document's default paragraph style (or the defaults) turn autospace off."""
    if styles is None:
        return False
    places = styles.xpath("w:docDefaults/w:pPrDefault/w:pPr | w:style[@w:type='paragraph'][@w:default='1']/w:pPr", namespaces=NS)
    for properties in places:
        if _false(properties.find("w:autoSpaceDE", NS)) and _false(properties.find("w:autoSpaceDN", NS)):
            return True
    return False


def _no_hanging(root: etree._Element) -> None:
    """Every overflowPunct set to 1 (LibreOffice: no hanging), and the defaults saying so too."""
    for element in root.iter(w("overflowPunct")):
        element.set(w("val"), "1")
    for place in root.xpath("w:docDefaults/w:pPrDefault/w:pPr | w:style[@w:type='paragraph'][@w:default='1']/w:pPr", namespaces=NS):
        if place.find("w:overflowPunct", NS) is None:
            element = etree.Element(w("overflowPunct"))
            element.set(w("val"), "1")
            place.insert(0, element)  # LibreOffice reads pPr children in any order


def _separate_scripts(root: etree._Element) -> None:
    """U+200B between 汉字 and Latin letters or digits, inside a w:t and across runs of a paragraph."""
    for paragraph in root.iter(w("p")):
        previous = None
        for text in paragraph.iter(w("t")):
            content = text.text or ""
            if not content:
                continue
            content = _BOUNDARY.sub(ZERO_WIDTH_SPACE, content)
            if previous is not None and _meets(previous, content):
                content = ZERO_WIDTH_SPACE + content
            text.text = content
            previous = content


def _meets(before: str, after: str) -> bool:
    last, first = before[-1], after[0]
    return bool((_HANZI.match(last) and _LATIN.match(first)) or (_LATIN.match(last) and _HANZI.match(first)))


def _cut_relationships(data: bytes) -> bytes:
    """A .rels part with every external target (but a hyperlink's) pointing nowhere."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        return data
    for relationship in root:
        if relationship.get("TargetMode", "").lower() == "external" and relationship.get("Type") != HYPERLINK:
            relationship.set("Target", NOWHERE)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _cut_outside_references(root: etree._Element) -> None:
    """Field codes that would load a URL or a file, and VML attributes naming one, blanked."""
    for instruction in root.iter(w("instrText")):
        instruction.text = _OUTSIDE.sub("", instruction.text or "")
    for simple in root.iter(w("fldSimple")):
        if _LOADING_FIELD.match(simple.get(w("instr"), "")):
            simple.set(w("instr"), _OUTSIDE.sub("", simple.get(w("instr"), "")))
    for element in root.iter():
        if not isinstance(element.tag, str) or not element.tag.startswith(_VML):
            continue  # DrawingML names its resources through relationships (cut above)
        for name, value in element.attrib.items():
            if etree.QName(name).localname.lower() in _VML_ADDRESSES and _OUTSIDE.search(value):
                element.set(name, _OUTSIDE.sub("", value))


def for_libreoffice(content: bytes) -> bytes:
    """``content`` (a .docx) as LibreOffice should convert it; anything unreadable is passed on
    unchanged (the conversion then reports it)."""
    try:
        source = zipfile.ZipFile(io.BytesIO(content))
        styles_xml = source.read("word/styles.xml") if "word/styles.xml" in source.namelist() else None
        styles = etree.fromstring(styles_xml, _PARSER) if styles_xml else None
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, OSError):
        return content
    separate = _autospace_off(styles)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/styles.xml" and styles is not None:
                _no_hanging(styles)
                data = etree.tostring(styles, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif TEXT_PARTS.match(item.filename):
                data = _adjusted_part(data, separate)
            elif item.filename.endswith(".rels"):
                data = _cut_relationships(data)
            target.writestr(item, data)
    return buffer.getvalue()


def _adjusted_part(data: bytes, separate: bool) -> bytes:
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        return data
    if root.nsmap.get("w") != W_NS and W_NS not in root.nsmap.values():
        return data
    _no_hanging(root)
    _cut_outside_references(root)
    if separate:
        _separate_scripts(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
