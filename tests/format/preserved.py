"""Whether a formatted document says what its draft said: the draft's text (as briefgen read it)
against the output's (read by tests/revisions.py, which shares no code with briefgen), compared
character by character with the diff engine's sequence comparison; every change must lie inside
one reported fix.""" 

from __future__ import annotations

from revisions import stories

from briefgen.format.run import FormatResult, read_any
from briefgen.sequence import opcodes


def draft_text(path) -> str:
    draft = read_any(path)
    return "".join(block.text.replace("\n", "").replace("\t", "") for block in draft.blocks)


def output_text(content: bytes) -> str:
    return "".join(stories(content)["body"])


def unexplained_changes(path, result: FormatResult) -> list[tuple[str, str]]:
    """(deleted, inserted) stretches between the draft's text and the output's that no reported
    fix accounts for (an empty list when nothing was lost, added or changed unreported)."""
    old, new = _squeezed(draft_text(path)), _squeezed(output_text(result.content))
    changes = [(old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in opcodes(list(old), list(new), max_work=10**10) if tag != "equal"]
    fixes = [(_squeezed(fix.before.replace("¶", "")), _squeezed(fix.after)) for fix in result.fixes]
    return [change for change in changes if not _explained(*change, fixes)]


def _explained(deleted: str, inserted: str, fixes: list[tuple[str, str]], depth: int = 0) -> bool:
    """Inside one fix, or two neighbouring fixes' changes that the comparison saw as one
    (“);” → “）；” is two fixes: the bracket and the semicolon)."""
    if any(deleted in before and inserted in after for before, after in fixes):
        return True
    if depth > 2 or len(deleted) + len(inserted) > 24:
        return False
    return any(
        _explained(deleted[:cut], inserted[:split], fixes, depth + 1) and _explained(deleted[cut:], inserted[split:], fixes, depth + 1)
        for cut in range(len(deleted) + 1) for split in range(len(inserted) + 1)
        if (cut, split) not in ((0, 0), (len(deleted), len(inserted)))
    )


def _squeezed(text: str) -> str:
    """Spaces, tabs and line breaks left out: layout, not wording (the 署名's and 版记's alignment)."""
    return "".join(text.split())
