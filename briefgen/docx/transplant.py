"""Content of the old draft copied into the redline (deleted paragraphs, deleted pictures, deleted
footnotes), made fit for the new draft's package.

A copied element may name things that live in the old package: a picture or a hyperlink (by
relationship id), a footnote (by id), a comment, a bookmark, a paragraph id. In the redline
these would point at the wrong thing or at nothing — an invalid file. So: a picture's part is
copied into the new package and related afresh; an external link is related afresh; a footnote
reference is mapped to the footnote copied beside the new ones; comments, bookmarks and
paragraph ids of the old draft are left out (they belong to it, not to the redline); anything
else that cannot be related is left out, never pointed at the wrong part.
"""

from __future__ import annotations

import copy
import posixpath
from dataclasses import dataclass, field

from lxml import etree

from .read import DocxPackage
from .story import w

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
IMAGE = f"{R_NS}/image"
HYPERLINK = f"{R_NS}/hyperlink"
OLD_ONLY = {w(name) for name in ("bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd", "commentReference", "permStart", "permEnd")}
IMAGE_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "gif": "image/gif", "bmp": "image/bmp", "emf": "image/x-emf", "wmf": "image/x-wmf", "tif": "image/tiff", "tiff": "image/tiff", "svg": "image/svg+xml"}


@dataclass
class Relationship:
    rid: str
    kind: str
    target: str
    external: bool


def read_relationships(package: DocxPackage, part: str) -> dict[str, Relationship]:
    folder, _, name = part.rpartition("/")
    root = package.xml(f"{folder}/_rels/{name}.rels")
    found = {}
    for rel in root if root is not None else []:
        found[rel.get("Id", "")] = Relationship(rel.get("Id", ""), rel.get("Type", ""), rel.get("Target", ""), rel.get("TargetMode") == "External")
    return found


def rels_part(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels"


@dataclass
class Additions:
    """What the redline package gains besides its rewritten parts: copied parts, relationships
    of the main part, content types for copied parts."""

    parts: dict[str, bytes] = field(default_factory=dict)
    relationships: list[Relationship] = field(default_factory=list)
    defaults: dict[str, str] = field(default_factory=dict)  # extension → content type

    def apply_relationships(self, rels_xml: bytes | None) -> bytes:
        root = etree.fromstring(rels_xml) if rels_xml else etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
        for rel in self.relationships:
            element = etree.SubElement(root, f"{{{PKG_REL_NS}}}Relationship", Id=rel.rid, Type=rel.kind, Target=rel.target)
            if rel.external:
                element.set("TargetMode", "External")
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def apply_content_types(self, types_xml: bytes) -> bytes:
        root = etree.fromstring(types_xml)
        have = {element.get("Extension", "").lower() for element in root.iter(f"{{{CT_NS}}}Default")}
        for extension, kind in self.defaults.items():
            if extension not in have:
                root.insert(0, etree.Element(f"{{{CT_NS}}}Default", Extension=extension, ContentType=kind))
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


class Transplanter:
    """Copies old-draft content into the redline of ``new``'s main part."""

    def __init__(self, old: DocxPackage, new: DocxPackage, source_part: str, target_part: str):
        self.old, self.new = old, new
        self.old_rels = read_relationships(old, source_part)
        self.source_part = source_part
        self.new_rels = read_relationships(new, target_part)
        self.target_part = target_part
        self.additions = Additions()
        self.note_ids: dict[tuple[str, str], str] = {}  # ("footnote", old id) → id in the redline
        self._related: dict[tuple[str, str, bool], str] = {}

    def __call__(self, element: etree._Element) -> etree._Element | None:
        """A copy of ``element`` fit for the redline, or None when nothing of it can be kept."""
        return self.clean(copy.deepcopy(element))

    def for_part(self, source_part: str, target_part: str) -> "Transplanter":
        """The same package pair, for another part (footnotes relate their own links)."""
        other = Transplanter.__new__(Transplanter)
        other.__dict__.update(self.__dict__)
        other.old_rels, other.source_part = read_relationships(self.old, source_part), source_part
        other.new_rels, other.target_part = read_relationships(self.new, target_part), target_part
        other.additions, other._related = Additions(), {}
        return other

    def clean(self, tree: etree._Element) -> etree._Element | None:
        for element in list(tree.iter()):
            if not isinstance(element.tag, str):
                continue
            if element.tag in OLD_ONLY and element is not tree:
                _remove(element)
                continue
            for name in (f"{{{W14_NS}}}paraId", f"{{{W14_NS}}}textId"):
                element.attrib.pop(name, None)
            if element.tag in (w("footnoteReference"), w("endnoteReference")):
                kind = "footnote" if element.tag == w("footnoteReference") else "endnote"
                mapped = self.note_ids.get((kind, element.get(w("id"), "")))
                if mapped is None:
                    if element is tree:
                        return None
                    _remove(element)
                    continue
                element.set(w("id"), mapped)
            if not self._relate(element):
                if element is tree:
                    return None
                if element.tag == w("hyperlink"):
                    _unwrap(element)
                else:
                    _remove(_run_of(element, tree))
        return None if tree.tag in OLD_ONLY else tree

    def _relate(self, element: etree._Element) -> bool:
        """Re-point every relationship attribute of ``element`` at the redline's; False when one
        cannot be."""
        for name, value in list(element.attrib.items()):
            if not name.startswith(f"{{{R_NS}}}"):
                continue
            rel = self.old_rels.get(value)
            if rel is None:
                return False
            rid = self._related_id(rel)
            if rid is None:
                return False
            element.set(name, rid)
        return True

    def _related_id(self, rel: Relationship) -> str | None:
        key = (rel.kind, rel.target, rel.external)
        if key in self._related:
            return self._related[key]
        same = next((r.rid for r in self.new_rels.values() if (r.kind, r.target, r.external) == key and self._same_part(r)), None)
        if same is None and (rel.external or rel.kind == IMAGE):
            same = self._add(rel)
        self._related[key] = same
        return same

    def _same_part(self, new_rel: Relationship) -> bool:
        """An internal target of the same name holds the same bytes in both packages."""
        if new_rel.external:
            return True
        old_name = _resolve(self.source_part, new_rel.target)
        new_name = _resolve(self.target_part, new_rel.target)
        try:
            return old_name in self.old.names and new_name in self.new.names and self.old.read(old_name) == self.new.read(new_name)
        except Exception:  # noqa: BLE001 - a part that cannot be compared is not the same part
            return False

    def _add(self, rel: Relationship) -> str | None:
        rid = self._fresh_id()
        if rel.external:
            self.additions.relationships.append(Relationship(rid, rel.kind, rel.target, True))
            self.new_rels[rid] = self.additions.relationships[-1]
            return rid
        source = _resolve(self.source_part, rel.target)
        extension = source.rsplit(".", 1)[-1].lower()
        if source not in self.old.names or extension not in IMAGE_TYPES:
            return None
        folder = self.target_part.rpartition("/")[0]
        name = f"media/briefgen-old-{len(self.additions.parts) + 1}.{extension}"
        self.additions.parts[f"{folder}/{name}"] = self.old.read(source)
        self.additions.defaults[extension] = IMAGE_TYPES[extension]
        self.additions.relationships.append(Relationship(rid, rel.kind, name, False))
        self.new_rels[rid] = self.additions.relationships[-1]
        return rid

    def _fresh_id(self) -> str:
        number = len(self.new_rels) + 1
        while f"rIdOld{number}" in self.new_rels:
            number += 1
        return f"rIdOld{number}"


def _resolve(part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(part.rpartition("/")[0], target))


def _run_of(element: etree._Element, stop: etree._Element) -> etree._Element:
    """The run holding ``element`` (a picture lives in a run), or the element itself."""
    current = element
    while current.getparent() is not None and current is not stop and current.tag != w("r"):
        current = current.getparent()
    return current


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _unwrap(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    for child in list(element):
        element.addprevious(child)
    parent.remove(element)
