"""The batch's record on disk: manifest.csv (and its partial form, for --resume) and errors.csv."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .jobs import Job

MANIFEST, PARTIAL_MANIFEST, ERRORS = "manifest.csv", ".manifest.partial.csv", "errors.csv"
MANIFEST_COLUMNS = ["文件", "记录", "内容哈希", "文件SHA256", "状态", "说明"]
ERROR_COLUMNS = ["记录", "位置", "字段", "原因"]
GENERATED, UNCHANGED, FAILED, EDITED = "已生成", "未变", "失败", "手工修改过，未覆盖"


@dataclass
class Failure:
    """Why one record made no document: errors.csv has one row per failure, in table order."""

    key: str
    where: str
    field: str
    reason: str
    position: int = 0  # the record's place in the table (1-based), for the order of errors.csv


@dataclass
class Outcome:
    job: Job
    status: str
    content_hash: str = ""
    sha256: str = ""
    note: str = ""


def read_manifest(out_dir: Path) -> dict[str, dict[str, str]]:
    """File name → manifest row, from a finished run and from an interrupted one."""
    rows: dict[str, dict[str, str]] = {}
    for name in (MANIFEST, PARTIAL_MANIFEST):
        path = out_dir / name
        if path.is_file():
            with open(path, encoding="utf-8-sig", newline="") as stream:
                for row in csv.DictReader(stream):
                    if row.get("文件"):
                        rows[row["文件"]] = row
    return rows


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class PartialManifest:
    """Rows appended as documents are finished, so an interrupted run can be resumed.
    The file is opened with the first row: a run that stops before any document leaves none."""

    def __init__(self, path: Path):
        self.path = path
        self.stream = None
        self.writer = None

    def add(self, outcome: Outcome) -> None:
        if self.stream is None:
            fresh = not self.path.exists()
            self.stream = open(self.path, "a", encoding="utf-8", newline="")
            self.writer = csv.writer(self.stream)
            if fresh:
                self.writer.writerow(MANIFEST_COLUMNS)
        self.writer.writerow(manifest_row(outcome))
        self.stream.flush()

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()


def manifest_row(outcome: Outcome) -> list[str]:
    job = outcome.job
    return [job.file, job.key, outcome.content_hash, outcome.sha256, outcome.status, outcome.note]


def csv_bytes(header: list[str], rows: Iterable[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")  # with BOM: Excel opens it as UTF-8
