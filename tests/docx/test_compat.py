"""Backward compatibility: the markup of the three templates that existed before the special
formats and the standard's other elements renders to the very same document.

tests/golden holds the parts rendered from the four bundled examples at commit 70c30ca; new
styles may be added to styles.xml, but every style that was there is unchanged."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from conftest import ROOT

from briefgen.api import render_bytes

GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = {"survey_report": "survey_report", "proposal_reply": "proposal_reply", "circular": "circular", "circular_real": "circular"}
_STYLE = re.compile(rb'<w:style [^>]*w:styleId="([^"]+)".*?</w:style>', re.S)


def parts(name: str) -> dict[str, bytes]:
    content = render_bytes(EXAMPLES[name], ROOT / "examples" / f"{name}.yaml")
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        return {part.split("/")[-1]: package.read(part) for part in package.namelist()}


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_body_footers_and_settings_are_unchanged(name):
    rendered = parts(name)
    for part in ("document.xml", "footer1.xml", "footer2.xml", "settings.xml"):
        assert rendered[part] == (GOLDEN / f"{name}.{part}").read_bytes(), part


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_old_style_is_unchanged(name):
    old = {match.group(1): match.group(0) for match in _STYLE.finditer((GOLDEN / f"{name}.styles.xml").read_bytes())}
    new = {match.group(1): match.group(0) for match in _STYLE.finditer(parts(name)["styles.xml"])}
    assert old, "the golden styles were read"
    for style_id, xml in old.items():
        assert new.get(style_id) == xml, style_id.decode()
