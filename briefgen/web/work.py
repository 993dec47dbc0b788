"""What each page does, on the files of one job: generate, validate, batch, compare, check, format; each returns what the page shows."""

from __future__ import annotations

from pathlib import Path

from ..errors import BriefgenError, DataError
from .jobs import Job

DATA_SUFFIXES = (".xlsx", ".yaml", ".yml", ".json", ".csv")
DRAFT_SUFFIXES = (".docx", ".txt", ".md", ".doc", ".wps")
PREVIEW_DPI = 60
PREVIEW_PAGES = 12


def kinds(extra_folders: list[Path]) -> list[dict]:
    """The bundled templates and the folders the server was started with."""
    from ..template.catalog import list_bundled, read_template_info

    infos = list_bundled() + [read_template_info(folder) for folder in extra_folders]
    return [{"name": info.name if info.bundled else str(info.folder), "title": info.title, "description": info.description} for info in infos]


def find_kind(name: str, extra_folders: list[Path]):
    """A template the page may use: a bundled one or one of the server's folders, nothing else
    (a path typed into a request must not name any folder on the machine)."""
    from ..template.catalog import bundled_names, find_template

    allowed = {str(folder) for folder in extra_folders}
    if name in bundled_names() or name in allowed:
        return find_template(name)
    raise BriefgenError(f"没有名为「{name}」的模板。", hint="请从列表中选择。")


def problems(error: BriefgenError) -> list[dict]:
    """A data error's problems one by one: 位置 and what is wrong (with the field's description)."""
    lines = getattr(error, "problems", None) or [error.message]
    found = []
    for line in lines:
        where, _, message = str(line).partition("：")
        found.append({"where": where if message else error.where, "message": message or where})
    return found


def validate(job: Job, kind: str, data: Path, extra: list[Path]) -> dict:
    from ..api import validate_data

    info = find_kind(kind, extra)
    try:
        validate_data(info, data)
    except DataError as error:
        return {"ok": False, "problems": problems(error)}
    return {"ok": True, "problems": []}


def generate(job: Job, kind: str, data: Path, extra: list[Path], office) -> dict:
    """The document of ``data``, its pictures and its downloads (problems instead, when the data has any)."""
    from ..api import render_bytes

    checked = validate(job, kind, data, extra)
    if not checked["ok"]:
        return checked
    info = find_kind(kind, extra)
    document = job.folder / "document.docx"
    document.write_bytes(render_bytes(info, data))
    return {"ok": True, "problems": [], **_preview_and_downloads(job, document, f"{info.title or info.name}.docx", office)}


def _preview_and_downloads(job: Job, document: Path, name: str, office) -> dict:
    """The document's download, and its PDF and page pictures when LibreOffice can make them
    (without it the document is still there to download, with the reason for no preview)."""
    from ..docx.office import page_pictures
    from ..docx.pdf import RenderError

    stem = Path(name).stem
    found = {"docx": job.offer(document, f"{stem}.docx"), "pages": [], "pdf": "", "note": ""}
    try:
        pdf = office.to_pdf(document, job.folder / "document.pdf")
        pictures = page_pictures(pdf, job.folder / "pages", PREVIEW_DPI, PREVIEW_PAGES)
    except RenderError as error:
        found["note"] = f"无法显示预览：{error.message}" + (f"（{error.hint}）" if error.hint else "")
        return found
    found["pages"] = [job.offer(picture, f"第{index}页.png") for index, picture in enumerate(pictures, 1)]
    found["pdf"] = job.offer(pdf, f"{stem}.pdf")
    return found


def starter(job: Job, kind: str, suffix: str, extra: list[Path]) -> str:
    from ..api import write_starter

    info = find_kind(kind, extra)
    path = write_starter(info, job.folder / f"starter{suffix}")
    return job.offer(path, f"{info.title or info.name}数据{suffix}")


def tables(data: Path) -> list[dict]:
    """The tables a batch can go through (a workbook's table sheets, a YAML file's lists), with their sizes."""
    from ..data.load import load_all

    loaded = load_all([data])
    return [{"name": key, "rows": len(value)} for key, value in loaded.items() if isinstance(value, list) and value and isinstance(value[0], dict)]


def batch(job: Job, kind: str, data: Path, each: str, name: str, number: str, extra: list[Path]) -> dict:
    """One document per record, into the job's folder, the progress counted as files appear."""
    from ..batch.manifest import ERRORS
    from ..batch.plan import BatchOptions
    from ..batch.run import run_batch

    out = job.folder / "文档"
    field, _, start = number.partition("=")
    options = BatchOptions(
        each=each, out_dir=out, name=name, number=(field.strip(), int(start)) if field.strip() and start.strip().isdigit() else None,
        combined=job.folder / "汇编.docx", make_zip=True, workers=2,
    )
    info = find_kind(kind, extra)
    result = run_batch(info.name if info.bundled else info.folder, [data], options)
    documents = [{"name": outcome.job.file, "url": job.offer(out / outcome.job.file)} for outcome in result.outcomes if (out / outcome.job.file).is_file()]
    job.done = len(documents)
    failures = [{"record": failure.key, "where": failure.where, "field": failure.field, "message": failure.reason} for failure in result.failures]
    files = {"volume": job.offer(options.combined, "汇编.docx") if options.combined.is_file() else ""}
    archive = out.with_name(out.name + ".zip")
    files["zip"] = job.offer(archive, "全部文档.zip") if archive.is_file() else ""
    if (out / ERRORS).is_file():
        files["errors"] = job.offer(out / ERRORS)
    return {"documents": documents, "failures": failures, "files": files, "seconds": round(result.seconds, 2)}


def render_both(job: Job, kind: str, old: Path, new: Path, extra: list[Path]) -> tuple[Path, Path]:
    """The documents of two data files, for comparing them."""
    from ..api import render_bytes

    info = find_kind(kind, extra)
    documents = []
    for data, name in ((old, "旧稿.docx"), (new, "新稿.docx")):
        path = job.folder / name
        path.write_bytes(render_bytes(info, data))
        documents.append(path)
    return documents[0], documents[1]


def compare(job: Job, old: Path, new: Path) -> dict:
    from ..docx.redline import paragraph_texts, redline
    from ..review.report import html_report

    content, summary = redline(old, new, author="briefgen 工作台")
    marked = job.folder / "修订稿.docx"
    marked.write_bytes(content)
    page = html_report(paragraph_texts(old), paragraph_texts(new), summary, "旧稿", "新稿")
    report = job.folder / "对照.html"
    report.write_text(page, encoding="utf-8")
    figures = [{"old": change.old, "new": change.new, "context": change.context} for change in summary.figures]
    return {"figures": figures, "counts": summary.counts, "redline": job.offer(marked), "report": job.offer(report)}


def check(job: Job, document: Path, render: bool) -> dict:
    from ..check.report import check_files

    (report,) = check_files([document], render=render)
    if report.unreadable:
        raise BriefgenError(report.unreadable, where="上传的文件")
    return {
        "findings": [finding.as_dict() for finding in report.findings],
        "errors": report.errors, "warnings": report.warnings, "rendered": report.rendered, "pages": report.pages,
    }


def format_draft(job: Job, draft: Path, letter: bool, office) -> dict:
    from ..format.run import FormatOptions, format_file, write_redline

    output = job.folder / "排版.docx"
    result = format_file(draft, output, FormatOptions(letter=letter))
    marked = write_redline(result, job.folder / "修订稿.docx")
    fixes = [{"where": f"第 {fix.number} 段", "before": fix.before, "after": fix.after, "kind": fix.kind} for fix in result.fixes]
    placeholders = [{"where": f"第 {item.number} 段", "text": item.text} for item in result.placeholders]
    return {"fixes": fixes, "placeholders": placeholders, "warnings": result.warnings, "redline": job.offer(marked),
            **_preview_and_downloads(job, output, "排版.docx", office)}
