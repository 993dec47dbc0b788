"""Number the headings 一、/（一）/1./（1） (GB/T 9704-2012, 7.3.3).

Each level counts within its parent and restarts under a new one; a skipped level
(一、 followed directly by 1.) is fine. The body and each attachment are numbered
independently. Unnumbered headings take no number and do not reset the counts.
"""

from __future__ import annotations

from ..figures import cn_numeral
from .model import Document, Heading
from .standard import HEADING_LEVELS


def heading_mark(level: int, count: int) -> str:
    """The sequence mark of ``count`` at ``level`` (1-based): 一、 （一） 1. （1）."""
    if level == 1:
        return f"{cn_numeral(count)}、"
    if level == 2:
        return f"（{cn_numeral(count)}）"
    if level == 3:
        return f"{count}."
    if level == 4:
        return f"（{count}）"
    raise ValueError(f"heading level {level} is outside 1..{HEADING_LEVELS}")


def number_headings(document: Document) -> Document:
    """Fill in ``Heading.number`` throughout the document; returns the same document."""
    for blocks in document.all_block_lists():
        counts = [0] * (HEADING_LEVELS + 1)
        for block in blocks:
            if isinstance(block, Heading) and block.numbered:
                counts[block.level] += 1
                for deeper in range(block.level + 1, HEADING_LEVELS + 1):
                    counts[deeper] = 0
                block.number = heading_mark(block.level, counts[block.level])
    return document
