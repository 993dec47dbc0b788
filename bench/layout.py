"""The measured layout of any .docx: pages, lines per page, characters per line and page-number positions, from its PDF."""

from __future__ import annotations

import json
import re
import shutil
import statistics
import sys
import tempfile
from collections import Counter
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from briefgen.check.measure import Line, Page, read_pages
from briefgen.docx.pdf import convert_to_pdf

MM = 72 / 25.4  # points per millimetre
# A page number as printed: "- 3 -", "— 3 —", "3", "第3页", "第 3 页 共 30 页".
PAGE_NUMBER = re.compile(r"^(?:[-—–－]\s*)?(\d+)(?:\s*[-—–－])?$|^第\s*(\d+)\s*页(?:\s*共\s*\d+\s*页)?$")
FOOT_ZONE = 0.85  # page numbers sit in the bottom 15 % of the page
EDGE_MM = 1.0  # a line starts at the text's left edge / ends at its right edge within this
CENTRE_MM = 3.0  # a page number whose middle is this close to the text's middle is centred


def _mm(points: float) -> float:
    return round(points / MM, 1)


def _page_number(page: Page) -> tuple[Line, int] | None:
    """The page-number line of a page (the lowest matching line in the foot zone) and its number."""
    for line in sorted(page.lines, key=lambda line: -line.y0):
        if line.y0 < FOOT_ZONE * page.height:
            break
        match = PAGE_NUMBER.match(line.text.replace(" ", "").replace("\u3000", ""))
        if match:
            return line, int(match.group(1) or match.group(2))
    return None


def _body(page: Page, number: Line | None) -> list[Line]:
    """Lines of running text: everything above the page number (or the foot zone when there is none)."""
    limit = number.y0 - 1 if number is not None else FOOT_ZONE * page.height
    return [line for line in page.lines if line.y1 <= limit + 1 and line.text.strip()]


def _grid_count(lines: list[Line], pitch: float) -> int | None:
    """Grid slots used from the page's first line to its last (blank lines print nothing);
    None when a line is off the grid (a title, a table)."""
    tops = sorted({round(line.y0, 1) for line in lines})
    if len(tops) < 2:
        return None
    if any(abs((b - a) / pitch - round((b - a) / pitch)) > 0.1 for a, b in pairwise(tops)):
        return None
    return round((tops[-1] - tops[0]) / pitch) + 1


def _position(x0: float, x1: float, left: float, right: float) -> str:
    if abs((x0 + x1) / 2 - (left + right) / 2) <= CENTRE_MM * MM:
        return "centre"
    return "right" if right - x1 < x0 - left else "left"


def _summary(entries: list[dict]) -> dict:
    """Page numbers of the odd (or even) pages: their position(s) and median edges."""
    if not entries:
        return {"pages": 0, "position": None}
    positions = Counter(entry["position"] for entry in entries)
    return {
        "pages": len(entries),
        "position": positions.most_common(1)[0][0] if len(positions) == 1 else "mixed",
        "positions": dict(positions),
        "x0_mm": statistics.median(entry["x0_mm"] for entry in entries),
        "x1_mm": statistics.median(entry["x1_mm"] for entry in entries),
        "gap_to_left_edge_mm": statistics.median(entry["gap_to_left_edge_mm"] for entry in entries),
        "gap_to_right_edge_mm": statistics.median(entry["gap_to_right_edge_mm"] for entry in entries),
        "below_text_mm": statistics.median(entry["below_text_mm"] for entry in entries),
    }


def measure_pages(pages: list[Page]) -> dict:
    """The layout figures of pages read by ``briefgen.check.measure.read_pages``."""
    numbers = [_page_number(page) for page in pages]
    bodies = [_body(page, found[0] if found else None) for page, found in zip(pages, numbers)]
    lines = [line for body in bodies for line in body]
    if not lines:
        return {"pages": len(pages), "lines_per_page": None, "chars_per_line": None, "page_numbers": []}
    # Running text is the commonest line height (3号 body, headings of body size); taller boxes
    # are titles.
    height = Counter(round(line.y1 - line.y0) for line in lines).most_common(1)[0][0]
    text = [line for line in lines if abs((line.y1 - line.y0) - height) <= 0.15 * height]
    # The text's left edge: the leftmost start shared by many lines (first lines are indented,
    # so the commonest start may be two characters in).
    starts = Counter(round(line.x0 / MM) for line in text)
    left = min(mm for mm, count in starts.items() if count >= max(3, 0.05 * len(text))) * MM
    left = statistics.median(line.x0 for line in text if abs(line.x0 - left) <= MM)
    ends = sorted(line.x1 for line in text)
    right = statistics.median(ends[int(0.5 * len(ends)):])  # full lines end at the right edge
    full = [line for line in text if abs(line.x0 - left) <= EDGE_MM * MM and abs(line.x1 - right) <= EDGE_MM * MM]
    right = statistics.median(line.x1 for line in full) if full else right
    full = [line for line in text if abs(line.x0 - left) <= EDGE_MM * MM and abs(line.x1 - right) <= EDGE_MM * MM]

    steps = []
    for body in bodies:
        tops = sorted({round(line.y0, 1) for line in body if line in text})
        steps += [b - a for a, b in pairwise(tops)]
    pitch = statistics.median(steps) if steps else height
    near = [step for step in steps if 0.7 * pitch <= step <= 1.3 * pitch]
    pitch = statistics.median(near) if near else pitch

    # Full pages: not the first (title) nor the last (ends early); their text on the line grid.
    counts = {}
    for page, body in zip(pages[1:-1], bodies[1:-1]):
        count = _grid_count(body, pitch)
        if count is not None:
            counts[page.number] = count
    printed_counts = [len({round(line.y0) for line in body}) for body in bodies[1:-1] if body]
    middle = [body for body in bodies[1:-1] if body]
    top = statistics.median(min(line.y0 for line in body) for body in middle) if middle else min(line.y0 for line in lines)
    bottom = statistics.median(max(line.y1 for line in body) for body in middle) if middle else max(line.y1 for line in lines)

    plain = [line for line in full if not re.search(r"[\x21-\x7e]", line.text)]  # no Latin letters, digits, ASCII marks
    entries = []
    for page, found in zip(pages, numbers):
        if found is None:
            continue
        line, printed = found
        entries.append({
            "page": page.number,
            "printed": printed,
            "text": line.text,
            "x0_mm": _mm(line.x0),
            "x1_mm": _mm(line.x1),
            "y_mm": _mm((line.y0 + line.y1) / 2),
            "below_text_mm": _mm((line.y0 + line.y1) / 2 - bottom),
            "gap_to_left_edge_mm": _mm(line.x0 - left),
            "gap_to_right_edge_mm": _mm(right - line.x1),
            "position": _position(line.x0, line.x1, left, right),
        })
    return {
        "pages": len(pages),
        "page_width_mm": _mm(pages[0].width),
        "page_height_mm": _mm(pages[0].height),
        "text_left_mm": _mm(left),
        "text_right_mm": _mm(right),
        "text_width_mm": _mm(right - left),
        "text_top_mm": _mm(top),
        "text_bottom_mm": _mm(bottom),
        "line_height_pt": height,
        "line_pitch_pt": round(pitch, 2),
        "full_pages": len(counts),
        "lines_per_page": statistics.median(counts.values()) if counts else None,
        "lines_per_page_each": counts,
        "printed_lines_per_page": statistics.median(printed_counts) if printed_counts else None,
        "full_lines": len(full),
        "chars_per_line": statistics.median(len(line.text.replace(" ", "")) for line in plain) if plain else None,
        "chars_per_line_with_latin": statistics.median(len(line.text.replace(" ", "")) for line in full) if full else None,
        "chars_per_line_counts": dict(sorted(Counter(len(line.text.replace(" ", "")) for line in plain).items())),
        "pages_numbered": len(entries),
        "page_number_odd": _summary([entry for entry in entries if entry["page"] % 2 == 1]),
        "page_number_even": _summary([entry for entry in entries if entry["page"] % 2 == 0]),
        "page_numbers": entries,
    }


def measure_layout(docx: Path, keep_pdf: Path | None = None) -> dict:
    """Convert ``docx`` to PDF with LibreOffice headless (briefgen's converter: its font mapping
    and Word-like render copy, in a temporary folder) and measure the layout. Figures are plain
    numbers: lengths in mm from the page's top-left corner, the line pitch in points.

    - ``lines_per_page``: median grid lines of the full body pages (all but the first and last,
      laid out on a line grid; None when no page is), ``printed_lines_per_page`` the median
      number of printed lines on those pages (blank lines not counted, any spacing);
    - ``chars_per_line``: median characters of the full lines (from the left to the right edge
      of the text, not a paragraph's indented first line) that hold no Latin letters or digits;
    - ``page_numbers``: each page's number, its left and right edge, left/right/centre;
      ``page_number_odd`` / ``page_number_even`` sum them up by physical page.
    ``keep_pdf``: also copy the PDF there.
    """
    docx = Path(docx)
    with tempfile.TemporaryDirectory(prefix="bench-layout-") as work:
        pdf = convert_to_pdf([docx], Path(work))[docx]
        if keep_pdf is not None:
            shutil.copyfile(pdf, keep_pdf)
        return measure_pages(read_pages(pdf))


if __name__ == "__main__":
    for name in sys.argv[1:]:
        figures = measure_layout(Path(name))
        figures.pop("page_numbers")
        print(name, json.dumps(figures, ensure_ascii=False, indent=1))
