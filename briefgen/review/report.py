"""Tell the reviewer what changed: counts by kind and changed figures, as terminal lines, JSON or HTML.

The HTML page is self-contained and side by side (no network resources).
"""

from __future__ import annotations

import html
import json

from .diff import CHANGED, DELETED, INSERTED, UNCHANGED, Summary, align, readable, word_diff

KIND_NAMES = {UNCHANGED: "未改动", CHANGED: "有修改", INSERTED: "新增", DELETED: "删除", "moved": "移动", "moved-to": "移入"}


def summary_lines(summary: Summary) -> list[str]:
    counts = summary.counts
    moved = counts.get("moved", 0)
    lines = [
        "段落：" + "，".join(f"{KIND_NAMES[kind]} {counts.get(kind, 0)}" for kind in (UNCHANGED, CHANGED, INSERTED, DELETED)) + (f"，移动 {moved}" if moved else ""),
        f"文字：删除 {summary.deleted_chars} 字，新增 {summary.inserted_chars} 字",
    ]
    notes = {kind: n for kind, n in summary.note_counts.items() if kind != UNCHANGED and n}
    if notes:
        lines.append("脚注和尾注：" + "，".join(f"{KIND_NAMES.get(kind, kind)} {n}" for kind, n in notes.items()))
    if summary.pending_paragraphs:
        lines.append(f"注意：旧稿中有 {summary.pending_paragraphs} 段带有尚未接受或拒绝的修订，按显示的样子（接受这些修订后的文字）比较。")
    if summary.figures:
        lines.append(f"改动的数字（{len(summary.figures)} 处）：")
        width = max(len(f.old) for f in summary.figures)
        for figure in summary.figures:
            lines.append(f"  {figure.old:<{width}} → {figure.new}    {figure.context}")
    else:
        lines.append("没有改动的数字。")
    return lines


def summary_json(summary: Summary) -> str:
    return json.dumps(
        {
            "paragraphs": {kind: summary.counts.get(kind, 0) for kind in (UNCHANGED, CHANGED, INSERTED, DELETED, "moved")},
            "characters": {"deleted": summary.deleted_chars, "inserted": summary.inserted_chars},
            "notes": summary.note_counts,
            "pending_paragraphs_in_old": summary.pending_paragraphs,
            "figures": [{"old": f.old, "new": f.new, "context": f.context} for f in summary.figures],
        },
        ensure_ascii=False,
        indent=2,
    )


_STYLE = """
body{font-family:"仿宋_GB2312","FangSong","Noto Serif CJK SC",serif;margin:24px;color:#222}
h1{font-size:20px}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:6px 8px;vertical-align:top}
th{background:#f3f3f3}td.n{width:3em;color:#888;text-align:right}del{background:#fdd;color:#900}ins{background:#dfd;color:#060;text-decoration:none}
tr.same td{color:#777}.figures td{white-space:nowrap}.figures td.c{white-space:normal}
"""


def html_report(old_texts: list[str], new_texts: list[str], summary: Summary, old_name: str, new_name: str) -> str:
    """Side by side: the old draft on the left, the new on the right, changes highlighted."""
    rows = []
    old_texts, new_texts = [readable(t) for t in old_texts], [readable(t) for t in new_texts]
    for pair in align(old_texts, new_texts):
        old = old_texts[pair.old] if pair.old is not None else ""
        new = new_texts[pair.new] if pair.new is not None else ""
        if pair.kind == UNCHANGED:
            left = right = html.escape(new)
        elif pair.kind == CHANGED:
            pieces = word_diff(old, new)
            left = "".join(html.escape(p.text) if p.kind == "equal" else f"<del>{html.escape(p.text)}</del>" for p in pieces if p.kind != "insert")
            right = "".join(html.escape(p.text) if p.kind == "equal" else f"<ins>{html.escape(p.text)}</ins>" for p in pieces if p.kind != "delete")
        else:
            left = f"<del>{html.escape(old)}</del>" if old else ""
            right = f"<ins>{html.escape(new)}</ins>" if new else ""
        css = ' class="same"' if pair.kind == UNCHANGED else ""
        number = "" if pair.new is None else pair.new + 1
        rows.append(f"<tr{css}><td class=n>{number}</td><td>{left}</td><td>{right}</td></tr>")
    figures = "".join(
        f"<tr><td>{html.escape(f.old)}</td><td>{html.escape(f.new)}</td><td class=c>{html.escape(f.context)}</td></tr>" for f in summary.figures
    ) or '<tr><td colspan="3">没有改动的数字。</td></tr>'
    facts = "<br>".join(html.escape(line) for line in summary_lines(summary)[:2])
    return (
        "<!DOCTYPE html><html lang=zh-CN><head><meta charset=utf-8><title>修改对照</title>"
        f"<style>{_STYLE}</style></head><body><h1>修改对照</h1><p>旧稿：{html.escape(old_name)}<br>新稿：{html.escape(new_name)}</p>"
        f"<p>{facts}</p><h2>改动的数字</h2><table class=figures><tr><th>原数字</th><th>新数字</th><th>所在句子（新稿）</th></tr>{figures}</table>"
        f"<h2>逐段对照</h2><table><tr><th></th><th>旧稿</th><th>新稿</th></tr>{''.join(rows)}</table></body></html>"
    )
