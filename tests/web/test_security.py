"""公文工作台 is safe by default: only this machine, or the token; uploads limited and kept in the
job's own folder whatever they are called; templates in the sandbox; errors in Chinese, never a
traceback. Driven through Flask's test client (and one real server for the token)."""

from __future__ import annotations

import io
import urllib.error
import urllib.request

import pytest
from conftest import ROOT
from webkit import start_server, stop

from briefgen.web.app import Settings, create_app
from briefgen.web.guard import Guard


class NoOffice:
    """Stands in for LibreOffice where a test never gets as far as a preview."""

    def to_pdf(self, document, pdf):
        raise AssertionError("no preview expected here")


def client(**settings):
    app = create_app(Settings(office=NoOffice(), **settings))
    app.testing = True
    return app, app.test_client()


def upload(name: str, content: bytes) -> dict:
    return {"data": (io.BytesIO(content), name)}


def test_a_request_naming_another_host_is_refused():
    _, web = client()
    assert web.get("/", headers={"Host": "127.0.0.1:8765"}).status_code == 200
    refused = web.get("/", headers={"Host": "evil.example:8765"})
    assert refused.status_code == 403 and "本机" in refused.get_json()["error"]["message"]


def test_a_post_from_another_sites_page_is_refused():
    _, web = client()
    refused = web.post("/api/tables", headers={"Host": "127.0.0.1:8765", "Origin": "http://evil.example"}, data=upload("a.yaml", b"a: 1"))
    assert refused.status_code == 403


def test_without_the_token_a_server_on_another_address_refuses_everything():
    guard = Guard("0.0.0.0", 8765, token="s3cret-token")
    assert guard.refusal("10.0.0.5:8765", "", "") != ""
    assert guard.refusal("10.0.0.5:8765", "", "wrong") != ""
    assert guard.refusal("10.0.0.5:8765", "", "s3cret-token") == ""


def test_a_real_server_on_all_addresses_prints_a_token_and_wants_it():
    process, base = start_server("--host", "0.0.0.0")
    try:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base + "/", timeout=10)
        assert refused.value.code == 403
        output = process.log.read_text(encoding="utf-8")
        token = output.split("token=", 1)[1].split()[0]
        assert urllib.request.urlopen(f"{base}/?token={token}", timeout=10).status == 200
    finally:
        stop(process)


def test_an_upload_over_the_limit_is_refused_in_chinese():
    _, web = client(max_upload_mb=1)
    refused = web.post("/api/tables", headers={"Host": "127.0.0.1:8765"}, data=upload("big.yaml", b"a: 1\n" * 400_000))
    assert refused.status_code == 413 and "太大" in refused.get_json()["error"]["message"]


def test_an_uploaded_file_named_to_climb_out_lands_in_its_job_folder(tmp_path):
    app, web = client()
    store = app.extensions["briefgen"]["store"]
    answer = web.post("/api/tables", headers={"Host": "127.0.0.1:8765"}, data=upload("../../x.yaml", "城市:\n  - 名称: 长沙市\n".encode()))
    assert answer.status_code == 200, answer.get_json()
    job = store.get(answer.get_json()["job"])
    assert [path.name for path in job.folder.iterdir()] == ["data.yaml"]
    assert not (store.root.parent / "x.yaml").exists() and not (store.root / "x.yaml").exists()


def test_an_upload_of_a_kind_the_page_does_not_take_is_refused():
    _, web = client()
    refused = web.post("/api/tables", headers={"Host": "127.0.0.1:8765"}, data=upload("run.sh", b"rm -rf /"))
    assert refused.status_code == 400 and "不能上传" in refused.get_json()["error"]["message"]


def test_a_template_that_tries_to_read_a_file_fails_in_the_sandbox(tmp_path):
    folder = tmp_path / "偷看"
    folder.mkdir()
    (folder / "template.yaml").write_text("name: peek\ntitle: 偷看\ndescription: 读系统文件\nmain: document.j2\n", encoding="utf-8")
    (folder / "document.j2").write_text('@标题：测试\n{% include "/etc/passwd" %}\n', encoding="utf-8")
    _, web = client(template_folders=[folder])
    answer = web.post("/api/generate", headers={"Host": "127.0.0.1:8765"}, data={"kind": str(folder), **upload("d.yaml", "名称: 甲\n".encode())})
    error = answer.get_json()["error"]
    assert answer.status_code == 400 and "root:" not in str(error) and error["message"]


def test_a_template_folder_the_server_was_not_given_cannot_be_named():
    _, web = client()
    refused = web.post("/api/validate", headers={"Host": "127.0.0.1:8765"}, data={"kind": str(ROOT / "briefgen"), **upload("d.yaml", b"a: 1")})
    assert refused.status_code == 400 and "没有名为" in refused.get_json()["error"]["message"]


def test_a_missing_job_or_file_is_a_chinese_404_and_an_internal_error_no_traceback(monkeypatch):
    app, web = client()
    missing = web.get("/jobs/abcdefghijklmnopqrstuvwx/文件.docx", headers={"Host": "127.0.0.1:8765"})
    assert missing.status_code == 404 and "过期" in missing.get_json()["error"]["message"]
    from briefgen.web import work

    monkeypatch.setattr(work, "tables", lambda data: 1 / 0)
    broken = web.post("/api/tables", headers={"Host": "127.0.0.1:8765"}, data=upload("a.yaml", b"a: 1"))
    assert broken.status_code == 500 and "内部出错" in broken.get_json()["error"]["message"]
    assert "Traceback" not in broken.get_data(as_text=True)


def test_without_libreoffice_the_document_is_still_offered_with_the_reason(tmp_path):
    from briefgen.docx.pdf import RenderError

    class Missing:
        def to_pdf(self, document, pdf):
            raise RenderError("未找到 LibreOffice，无法排版成 PDF。", hint="请安装 LibreOffice。")

    app = create_app(Settings(office=Missing()))
    answer = app.test_client().post("/api/generate", headers={"Host": "127.0.0.1:8765"},
                                    data={"kind": "circular", **upload("c.yaml", (ROOT / "examples" / "circular.yaml").read_bytes())}).get_json()
    assert answer["ok"] and answer["docx"] and answer["pages"] == [] and "LibreOffice" in answer["note"]


def test_old_jobs_are_deleted():
    app, _ = client(keep_minutes=1)
    store = app.extensions["briefgen"]["store"]
    old, new = store.new(), store.new()
    old.created -= 61  # a minute and a second ago (the clock is not waited for)
    assert store.expire() == 1
    assert not old.folder.exists() and new.folder.exists()
