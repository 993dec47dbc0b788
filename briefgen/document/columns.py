"""Table columns as wide as their content needs, and a cell's text broken only between words.

A column of names ("湘西自治州") or a header ("帮扶企业（家）") that the renderer has to wrap
breaks wherever a line is full: "湘西自治 / 州", "帮扶企 / 业 / （家）". So the widths come from the
content: every cell on one line when the table can be that wide; otherwise each column at least
as wide as its longest word, the rest shared out, and the cells that still do not fit broken
between words with explicit line breaks ("帮扶企业 / （家）"). Only a table that cannot fit even
so keeps the template's proportions and lets the renderer wrap.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Table
from .title import text_width
from .words import parts, words

NAME_COLUMN_WHOLE = 10  # a name (first column, not a header) up to this many characters is one unit


@dataclass
class ColumnPlan:
    widths: list[int]  # twips, one per grid column
    breaks: dict[tuple[int, int], list[int]] = field(default_factory=dict)  # (row, column) → character offsets


def _units(text: str, first_column: bool, header: bool) -> list[str]:
    """The pieces a cell may break between: a short name whole, else words."""
    if first_column and not header and text_width(text) <= NAME_COLUMN_WHOLE:
        return [text]
    return list(words(text)) or [text]


def _finest(pieces: list[str]) -> list[str]:
    return [part for piece in pieces for part in parts(piece)]


def _spans(table: Table, row_index: int) -> list[tuple[int, int]]:
    """(column, span) of each cell that starts in the row (cells merged to the left are covered)."""
    row = table.rows[row_index]
    found, column = [], 0
    while column < len(row):
        span = 1
        while column + span < len(row) and row[column + span].merged_left:
            span += 1
        found.append((column, span))
        column += span
    return found


def plan_columns(table: Table, total: int, size_pt: float, padding: int) -> ColumnPlan:
    """Widths in twips summing to ``total`` (the 版心), for text of ``size_pt`` with ``padding``
    twips of cell margin on both sides together; and the breaks of cells that need them.

    The template's 列宽 (proportions) are kept when every word fits its column; otherwise the
    content decides, and 列宽 only shares out the room left over."""
    columns = table.column_count
    explicit = bool(table.widths)
    proportions = table.widths or [1.0] * columns
    char = size_pt * 20
    least, natural = [padding] * columns, [padding] * columns
    units: dict[tuple[int, int], list[str]] = {}
    for row_index, row in enumerate(table.rows):
        header = row_index < table.header_rows
        for column, span in _spans(table, row_index):
            cell = row[column]
            if span > 1 or cell.merged_up or not cell.text:
                continue
            units[(row_index, column)] = pieces = _units(cell.text, column == 0, header)
            smallest = pieces if len(pieces) == 1 else _finest(pieces)  # a name stays whole
            least[column] = max(least[column], round(max(text_width(p) for p in smallest) * char) + padding)
            natural[column] = max(natural[column], round(text_width(cell.text) * char) + padding)
    given = _share([0] * columns, total, proportions)
    if explicit and all(width >= need for width, need in zip(given, least)):
        widths = given  # the template's 列宽: every word fits in its column
    elif sum(natural) <= total:
        return ColumnPlan(_share(natural, total - sum(natural), proportions))
    elif sum(least) > total:  # not even the longest words fit: the template's proportions, wrapped
        return ColumnPlan(given)
    else:
        widths = _fewest_lines(least, natural, total, units, char, padding)
    plan = ColumnPlan(widths)
    for (row_index, column), pieces in units.items():
        room = (widths[column] - padding) / char
        if text_width(table.rows[row_index][column].text) > room:
            plan.breaks[(row_index, column)] = _greedy_breaks(pieces, room)
    return plan


def _lines(cells: list[list[str]], width: int, char: float, padding: int) -> int:
    room = (width - padding) / char
    return max((len(_greedy_breaks(pieces, room)) + 1 for pieces in cells), default=1)


def _fewest_lines(least: list[int], natural: list[int], total: int, units: dict, char: float, padding: int) -> list[int]:
    """From the least widths, give room where it saves a line in the tallest column, half a
    character at a time, while room is left; what remains is shared out evenly."""
    widths = list(least)
    by_column: dict[int, list[list[str]]] = {}
    for (_, column), pieces in units.items():
        by_column.setdefault(column, []).append(pieces)
    step = round(char / 2)
    while True:
        lines = [_lines(by_column.get(column, []), width, char, padding) for column, width in enumerate(widths)]
        tallest = sorted(range(len(widths)), key=lambda column: -lines[column])
        for column in tallest:
            if lines[column] == 1:
                return _share(widths, total - sum(widths), [1] * len(widths))
            wider = widths[column]
            while wider < natural[column] and _lines(by_column[column], wider, char, padding) >= lines[column]:
                wider += step
            if _lines(by_column[column], wider, char, padding) < lines[column] and sum(widths) - widths[column] + wider <= total:
                widths[column] = wider
                break
        else:
            return _share(widths, total - sum(widths), [1] * len(widths))


def _share(base: list[int], extra: int, weights: list[float]) -> list[int]:
    """``base`` plus ``extra`` shared out by ``weights``, in whole twips summing exactly."""
    total_weight = sum(weights) or 1
    widths = [b + int(extra * w / total_weight) for b, w in zip(base, weights)]
    widths[-1] += sum(base) + extra - sum(widths)
    return widths


def _greedy_breaks(pieces: list[str], room: float) -> list[int]:
    """Offsets where lines start, filling each line with whole words (a compound too wide for the
    line is taken in its parts)."""
    breaks, line, offset = [], 0.0, 0
    for piece in [part for piece in pieces for part in (parts(piece) if text_width(piece) > room and len(pieces) > 1 else [piece])]:
        width = text_width(piece)
        if line and line + width > room:
            breaks.append(offset)
            line = 0.0
        line += width
        offset += len(piece)
    return breaks
