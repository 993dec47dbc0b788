"""The web application: one page per job (生成, 批量, 比较, 检查, 排版), a JSON API behind them, downloads from each job's folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, jsonify, render_template, request, send_file
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from ..errors import BriefgenError
from . import work
from .guard import TOKEN_COOKIE, TOKEN_HEADER, Guard
from .jobs import INTERNAL_ERROR, JobError, JobStore, error_dict

MB = 1024 * 1024
PAGES = {"generate": "生成", "batch": "批量", "compare": "比较", "check": "检查", "format": "排版"}
INLINE = (".png", ".html")


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 8765
    token: str = ""
    template_folders: list[Path] = field(default_factory=list)
    max_upload_mb: int = 50
    keep_minutes: float = 60
    office: object | None = None  # docx.office.Office, or anything with to_pdf(document, pdf)


def create_app(settings: Settings) -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_upload_mb * MB
    app.config["JSON_AS_ASCII"] = False
    app.json.ensure_ascii = False
    guard = Guard(settings.host, settings.port, settings.token)
    store = JobStore(keep_seconds=settings.keep_minutes * 60)
    office = settings.office or _office()
    extra = [Path(folder).resolve() for folder in settings.template_folders]
    app.extensions["briefgen"] = {"store": store, "office": office}

    @app.before_request
    def check_access():
        presented = request.args.get("token") or request.headers.get(TOKEN_HEADER) or request.cookies.get(TOKEN_COOKIE, "")
        refusal = guard.refusal(request.host, request.headers.get("Origin", ""), presented)
        if refusal:
            return jsonify(error={"message": refusal, "where": "", "hint": ""}), 403

    @app.after_request
    def remember_token(response):
        if settings.token and request.args.get("token") == settings.token:
            response.set_cookie(TOKEN_COOKIE, settings.token, httponly=True, samesite="Strict")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; frame-src 'self'; style-src 'self' 'unsafe-inline'"
        return response

    @app.errorhandler(BriefgenError)
    def briefgen_error(error: BriefgenError):
        return jsonify(error=error_dict(error)), 404 if isinstance(error, JobError) else 400

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_error):
        return jsonify(error={"message": f"上传的文件太大：每次最多 {settings.max_upload_mb} MB。", "where": "", "hint": "请拆分文件，或请管理员用 --max-upload 调大限额。"}), 413

    @app.errorhandler(Exception)
    def internal(error: Exception):
        if isinstance(error, HTTPException):
            return jsonify(error={"message": error.description or error.name, "where": "", "hint": ""}), error.code
        return jsonify(error=INTERNAL_ERROR), 500

    @app.get("/")
    def index():
        return render_template("index.html", pages=PAGES, page="")

    @app.get("/<any(generate, batch, compare, check, format):page>")
    def page(page: str):
        return render_template(f"{page}.html", pages=PAGES, page=page, kinds=work.kinds(extra))

    @app.get("/api/kinds")
    def kinds():
        return jsonify(work.kinds(extra))

    @app.get("/api/starter")
    def starter():
        suffix = ".xlsx" if request.args.get("format", "xlsx") == "xlsx" else ".yaml"
        job = store.new()
        url = work.starter(job, request.args.get("kind", ""), suffix, extra)
        return send_file(store.file(job.id, url.rsplit("/", 1)[1]), as_attachment=True, download_name=url.rsplit("/", 1)[1])

    @app.post("/api/validate")
    def validate():
        job = store.new()
        data = _upload(job, "data", work.DATA_SUFFIXES)
        return jsonify(work.validate(job, request.form.get("kind", ""), data, extra))

    @app.post("/api/generate")
    def generate():
        job = store.new()
        data = _upload(job, "data", work.DATA_SUFFIXES)
        return jsonify(job=job.id, **work.generate(job, request.form.get("kind", ""), data, extra, office))

    @app.post("/api/tables")
    def tables():
        job = store.new()
        data = _upload(job, "data", work.DATA_SUFFIXES)
        found = work.tables(data)
        job.result = {"data": str(data), "tables": found}  # the batch counts its progress against these rows
        return jsonify(job=job.id, tables=found)

    @app.post("/api/batch")
    def batch():
        job = store.get(request.form.get("job", ""))
        data = Path(job.result.get("data", ""))
        if not data.is_file():
            raise BriefgenError("请先上传工作簿。")
        form = request.form
        job.total = next((table["rows"] for table in job.result.get("tables", []) if table["name"] == form.get("each", "")), 0)
        store.run(job, lambda job: work.batch(job, form.get("kind", ""), data, form.get("each", ""), form.get("name", ""), form.get("number", ""), extra))
        return jsonify(job=job.id)

    @app.get("/api/jobs/<job_id>")
    def status(job_id: str):
        job = store.get(job_id)
        done = job.done
        if job.state == "running":
            done = len(list((job.folder / "文档").glob("*.docx"))) if (job.folder / "文档").is_dir() else 0
        return jsonify(state=job.state, done=done, total=job.total, result=job.result if job.state == "done" else {}, error=job.error)

    @app.post("/api/compare")
    def compare():
        job = store.new()
        kind = request.form.get("kind", "")
        allowed = work.DATA_SUFFIXES if kind else (".docx",)
        old, new = _upload(job, "old", allowed), _upload(job, "new", allowed)
        if kind:  # two data files: each made into its document first, as `diff --template` does
            old, new = work.render_both(job, kind, old, new, extra)
        return jsonify(job=job.id, **work.compare(job, old, new))

    @app.post("/api/check")
    def check():
        job = store.new()
        document = _upload(job, "document", (".docx",))
        return jsonify(job=job.id, **work.check(job, document, request.form.get("render") == "1"))

    @app.post("/api/format")
    def format_draft():
        job = store.new()
        draft = _upload(job, "draft", work.DRAFT_SUFFIXES)
        return jsonify(job=job.id, **work.format_draft(job, draft, request.form.get("kind") == "信函", office))

    @app.get("/jobs/<job_id>/<name>")
    def download(job_id: str, name: str):
        path = store.file(job_id, name)
        return send_file(path, as_attachment=not name.endswith(INLINE), download_name=name)

    return app


def _upload(job, field_name: str, allowed: tuple[str, ...]) -> Path:
    upload = request.files.get(field_name)
    if upload is None or not upload.filename:
        raise BriefgenError("请选择要上传的文件。")
    return job.upload(field_name, upload.filename, upload.read(), allowed)


def _office():
    """A LibreOffice started in the background, so the first preview does not wait for it."""
    import threading

    from ..docx.office import Office

    office = Office()
    threading.Thread(target=office.start, name="briefgen-office", daemon=True).start()
    return office
