"""Small builders of hostile inputs: files a stranger could send, made by code (a few KB each)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from conftest import ROOT

from briefgen.api import render_bytes

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def good_docx() -> bytes:
    """A circular of ours: the vessel that the hostile parts are put into."""
    return render_bytes("circular", ROOT / "examples" / "circular.yaml")


def with_parts(content: bytes, edits: dict[str, "callable"], new: dict[str, bytes] | None = None) -> bytes:
    """``content`` with ``edits[part](text) -> text`` applied and ``new`` parts added."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename in edits:
                data = edits[item.filename](data.decode("utf-8")).encode("utf-8")
            target.writestr(item.filename, data)
        for name, data in (new or {}).items():
            target.writestr(name, data)
    return buffer.getvalue()


def _add_relationships(rels: str, relationships: list[tuple[str, str, str]]) -> str:
    added = "".join(f'<Relationship Id="{rid}" Type="{REL}/{kind}" Target="{target}" TargetMode="External"/>' for rid, kind, target in relationships)
    return rels.replace("</Relationships>", added + "</Relationships>")


def linking_docx(base_url: str) -> bytes:
    """A .docx that names resources at ``base_url`` every way Word allows: a linked picture
    (DrawingML), a VML picture with o:href, an INCLUDEPICTURE and an INCLUDETEXT field, a linked
    OLE object and an attached template."""
    picture = (
        '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        '<wp:extent cx="95250" cy="95250"/><wp:docPr id="901" name="linked"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="901" name="linked"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip xmlns:r="{REL}" r:link="rIdNet1"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="95250" cy="95250"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>'
    )
    vml = (
        '<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" id="s1" style="width:8pt;height:8pt">'
        f'<v:imagedata xmlns:r="{REL}" r:id="rIdNet2" o:href="{base_url}/vml-href.png"/></v:shape></w:pict></w:r></w:p>'
    )

    def field(code: str) -> str:
        return (
            '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {code} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>（内容）</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        )

    body = picture + vml + field(f'INCLUDEPICTURE "{base_url}/field.png" \\d') + field(f'INCLUDETEXT "{base_url}/text.docx"')
    settings_rels = f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdT" Type="{REL}/attachedTemplate" Target="{base_url}/template.dotx" TargetMode="External"/></Relationships>'
    return with_parts(
        good_docx(),
        {
            "word/document.xml": lambda xml: xml.replace("<w:body>", "<w:body>" + body, 1),
            "word/_rels/document.xml.rels": lambda rels: _add_relationships(rels, [("rIdNet1", "image", f"{base_url}/blip.png"), ("rIdNet2", "image", f"{base_url}/vml.png")]),
            "word/settings.xml": lambda xml: xml.replace("<w:zoom", f'<w:attachedTemplate xmlns:r="{REL}" r:id="rIdT"/><w:zoom', 1) if "<w:zoom" in xml else xml,
        },
        new={"word/_rels/settings.xml.rels": settings_rels.encode("utf-8")},
    )


def write(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


# -- templates ------------------------------------------------------------------------------

def template_folder(parent: Path, text: str, manifest: str = "", files: dict[str, str] | None = None, name: str = "t") -> Path:
    """A template folder: template.yaml (+ ``manifest`` lines), document.j2 = ``text``, ``files``."""
    folder = parent / name
    folder.mkdir()
    (folder / "template.yaml").write_text(f"name: {name}\ntitle: 测试\ndescription: 测试模板\nmain: document.j2\n{manifest}", encoding="utf-8")
    (folder / "document.j2").write_text(text, encoding="utf-8")
    for file_name, content in (files or {}).items():
        (folder / file_name).write_text(content, encoding="utf-8")
    return folder


# CVE-2024-56201: jinja2 < 3.1.5 put an imported-from template's name unescaped into an f-string
# of the compiled code; this name runs a shell command there (checked on 3.1.4: it does).
CODE_IN_A_FILE_NAME = 'x{__import__("os").system("touch PWNED")}.j2'


def code_in_a_file_name(parent: Path) -> Path:
    return template_folder(parent, f"{{% include '{CODE_IN_A_FILE_NAME}' %}}\n", files={CODE_IN_A_FILE_NAME: "{% from 'helper.j2' import nothing %}", "helper.j2": ""})


# CVE-2025-27516: jinja2 3.1.5's |attr reached str.format past the sandbox (checked: on 3.1.5
# this prints the class hierarchy; 3.1.6 refuses).
FORMAT_THROUGH_ATTR = '{{ ("{0.__class__.__mro__}"|attr("format"))(记录) }}\n'


def symlink_leak(parent: Path, target: str = "/etc/passwd") -> Path:
    folder = template_folder(parent, "{% include 'leak.j2' %}\n")
    (folder / "leak.j2").symlink_to(target)
    return folder


# -- data -----------------------------------------------------------------------------------

# 488 bytes that stand for 10^9 values when every alias is written out ("billion laughs").
YAML_ALIAS_BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]" for i in range(8)]
) + "\n"


def nested_yaml(depth: int) -> str:
    return "a: " + "[" * depth + "1" + "]" * depth + "\n"


def nested_json(depth: int) -> str:
    return '{"a": ' + "[" * depth + "1" + "]" * depth + "}"


def workbook_bomb(rows: int = 1_500_000) -> bytes:
    """A small .xlsx whose one sheet unpacks to ~100 MB of identical rows (ratio ~1000:1)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "城市"
    book.active.append(["名称"])
    buffer = io.BytesIO()
    book.save(buffer)
    row = '<row><c t="inlineStr"><is><t>长沙市</t></is></c></row>'
    return with_parts(buffer.getvalue(), {"xl/worksheets/sheet1.xml": lambda xml: xml.replace("</sheetData>", row * rows + "</sheetData>")})


def mixed_encoding_csv() -> bytes:
    return "名称,户数\n长沙市,12\n".encode("utf-8") + "株洲市,13\n".encode("gbk") + "湘潭市,14\n".encode("utf-8")


# -- foreign .docx --------------------------------------------------------------------------

def _member_headers(content: bytes, name: str) -> list[int]:
    """Offsets of the local header and of the central directory entry of member ``name``."""
    offsets = [zipfile.ZipFile(io.BytesIO(content)).getinfo(name).header_offset]
    position = content.find(b"PK\x01\x02")
    while position >= 0:
        name_length = int.from_bytes(content[position + 28 : position + 30], "little")
        if content[position + 46 : position + 46 + name_length] == name.encode():
            offsets.append(position)
        position = content.find(b"PK\x01\x02", position + 1)
    return offsets


def with_member_flag(content: bytes, name: str, *, encrypted: bool = False, method: int | None = None) -> bytes:
    """``content`` with member ``name`` marked encrypted, or stored with compression ``method``
    (9: Deflate64, which Python's zipfile cannot unpack)."""
    data = bytearray(content)
    for offset in _member_headers(content, name):
        central = data[offset : offset + 4] == b"PK\x01\x02"
        flags_at, method_at = (offset + 8, offset + 10) if central else (offset + 6, offset + 8)
        if encrypted:
            data[flags_at] |= 0x01
        if method is not None:
            data[method_at : method_at + 2] = method.to_bytes(2, "little")
    return bytes(data)


def with_corrupt_member(content: bytes, name: str) -> bytes:
    """``content`` with bytes of member ``name``'s compressed data changed (CRC no longer fits)."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    info = archive.getinfo(name)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data = bytearray(content)
    middle = start + info.compress_size // 2
    data[middle : middle + 16] = bytes(255 - b for b in data[middle : middle + 16])
    return bytes(data)


def with_font_sizes(values: tuple[str, ...]) -> bytes:
    """A circular whose runs carry w:sz values such as "²" or "1e400"."""
    def edit(xml: str) -> str:
        for value in values:
            xml = xml.replace("<w:rPr>", f'<w:rPr><w:sz w:val="{value}"/><w:szCs w:val="{value}"/>', 1)
        return xml

    return with_parts(good_docx(), {"word/document.xml": edit})


def stored(content: bytes) -> bytes:
    """``content`` with every member stored uncompressed: no ratio limit applies."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as target:
        for item in source.infolist():
            target.writestr(item.filename, source.read(item.filename))
    return buffer.getvalue()


def _paragraph(text: str, style: str = "") -> str:
    style_xml = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{style_xml}<w:r><w:t>{text}</w:t></w:r></w:p>"


def style_chain_docx(depth: int = 6000, paragraphs: int = 20000) -> bytes:
    """69 KB: styles based on styles 6,000 deep, used by 20,000 paragraphs (each walked the
    whole chain: minutes of work before)."""
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="s{i}"><w:name w:val="s{i}"/>' + (f'<w:basedOn w:val="s{i - 1}"/>' if i else "") + "</w:style>"
        for i in range(depth)
    )
    body = _paragraph("字", f"s{depth - 1}") * paragraphs
    return with_parts(good_docx(), {"word/styles.xml": lambda xml: xml.replace("</w:styles>", styles + "</w:styles>"),
                                    "word/document.xml": lambda xml: xml.replace("<w:body>", "<w:body>" + body, 1)})


def headings_and_labels_docx(pairs: int = 20000) -> bytes:
    """A heading after every attachment label: each heading compared itself with every label."""
    body = (_paragraph("一、标题") + _paragraph("附件1")) * pairs
    return stored(with_parts(good_docx(), {"word/document.xml": lambda xml: xml.replace("<w:body>", "<w:body>" + body, 1)}))


def long_paragraph_pair(characters: int = 64000) -> tuple[bytes, bytes]:
    """Two drafts of one 64,000-character paragraph differing in the middle."""
    import random

    generator = random.Random(14)
    text = "".join(generator.choice("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经") for _ in range(characters))
    changed = text[: characters // 2] + "二〇二四年产值增长百分之六点五" + text[characters // 2 :]

    def draft(paragraph: str) -> bytes:
        return with_parts(good_docx(), {"word/document.xml": lambda xml: xml.replace("<w:body>", "<w:body>" + _paragraph(paragraph), 1)})

    return draft(text), draft(changed)
