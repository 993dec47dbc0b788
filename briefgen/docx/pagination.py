"""Put the 版记 of a briefgen .docx on an even page, where LibreOffice lays it out (7.4, 7.5).

Where pages fall is known only once a renderer has laid the document out, so this runs with
every conversion to PDF: the 版记 stays on the body's last page when that page is even;
otherwise it moves to a page of its own (the next one, or after a blank page when the body
already ends on an even page that had no room for it), and neither of those pages is numbered.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

from .write import DOCUMENT_PART, EMPTY_FOOTER_ID, END_MATTER, END_MATTER_PLAIN, KEEP_NEXT, PAGE_BREAK, SECTION_END

# A blank page at the start of the 版记's section (7.5: not numbered). The writer never writes
# an empty <w:p/>, so it also marks the page as made here.
BLANK_PAGE = b"<w:p/>" + PAGE_BREAK.encode()
END_MATTER_STYLES = tuple(f'<w:pStyle w:val="{style}"/>'.encode() for style in (END_MATTER, END_MATTER_PLAIN))


def end_matter_start(body: bytes) -> int | None:
    """Where the trailing run of 版记 paragraphs begins in the document XML, or None."""
    section = body.rindex(b"<w:sectPr")
    start = None
    position = section
    while True:
        opening = body.rfind(b"<w:p>", 0, position)
        if opening < 0 or not any(body.startswith(b"<w:p><w:pPr>" + style, opening) for style in END_MATTER_STYLES):
            return start
        start = position = opening


def place_end_matter(document_xml: bytes) -> bytes:
    """The main document with its 版记 moved to a section of its own that starts on a new page,
    whose footers are empty."""
    start = end_matter_start(document_xml)
    if start is None:
        return document_xml
    section_at = document_xml.rindex(b"<w:sectPr")
    body_section = document_xml[section_at : document_xml.index(b"</w:sectPr>", section_at) + len(b"</w:sectPr>")]
    closing = SECTION_END.replace(b"%s", body_section)
    unnumbered = _without_page_numbers(body_section)
    # The date (or 附注) was kept with the 版记; kept with it across the new section break, it
    # would leave the body's page with it (measured in LibreOffice 7.4).
    last = document_xml.rfind(b"<w:p>", 0, start)
    head = document_xml[:start] if last < 0 else document_xml[:last] + document_xml[last:start].replace(KEEP_NEXT.encode(), b"", 1)
    return head + closing + document_xml[start:section_at] + unnumbered + document_xml[section_at + len(body_section) :]


def _without_page_numbers(section: bytes) -> bytes:
    """The section's footer references all pointing at the empty footer; a first-page footer
    of its own off (the 信函's first page is not this section's)."""
    section = re.sub(rb'(<w:footerReference w:type="\w+" r:id=")[^"]+', rb"\g<1>" + EMPTY_FOOTER_ID.encode(), section)
    return section.replace(b"<w:titlePg/>", b"")


def end_matter_on_odd_page(pages: list[str], end_matter_lines: list[str]) -> bool:
    """From the printed text of each page: whether the 版记's last line is on an odd page."""
    marks = [_squeezed(line) for line in end_matter_lines if line.strip()]
    if not marks:
        return False
    found = [number for number, text in enumerate(pages, start=1) if marks[-1] in _squeezed(text)]
    return bool(found) and found[-1] % 2 == 1


def _squeezed(text: str) -> str:
    return "".join(text.split())


def page_texts(pdf: Path) -> list[str]:
    """The printed text of each page (poppler's pdftotext)."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return []
    text = subprocess.run([tool, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[: -1 or None] if text.endswith("\f") else text.split("\f")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def end_matter_lines(document_xml: bytes) -> list[str]:
    """The text of each 版记 paragraph at the end of the body."""
    start = end_matter_start(document_xml)
    if start is None:
        return []
    tail = document_xml[start : document_xml.rindex(b"<w:sectPr")]
    root = etree.fromstring(b'<r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' + tail + b"</r>")
    return ["".join(node.text or "" for node in paragraph.iter(f"{_W}t")) for paragraph in root.iter(f"{_W}p")]


def settled(content: bytes, pdf: Path) -> bytes | None:
    """The .docx with its 版记 moved to an even page, or None when it is right as it is."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        document_xml = package.read(DOCUMENT_PART)
    if not end_matter_on_odd_page(page_texts(pdf), end_matter_lines(document_xml)):
        return None
    own_page = b'r:id="' + EMPTY_FOOTER_ID.encode() in document_xml[document_xml.rindex(b"<w:sectPr") :]
    if own_page:
        # On a page of its own already and still odd: the body ends on an even page, so a
        # blank page goes between (once).
        if BLANK_PAGE in document_xml:
            return None
        start = end_matter_start(document_xml)
        changed = document_xml[:start] + BLANK_PAGE + document_xml[start:]
    else:
        # First move it to a page of its own: where the body then ends decides the rest.
        changed = place_end_matter(document_xml)
    try:
        etree.fromstring(changed)  # never write a document Word could not open
    except etree.XMLSyntaxError:
        return None
    return replace_part(content, DOCUMENT_PART, changed)


def replace_part(content: bytes, name: str, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, data if item.filename == name else source.read(item.filename))
    return buffer.getvalue()
