"""Atomic writes: a failure leaves neither a partial file nor a temporary one; no silent overwrite."""

import os

import pytest

from briefgen.errors import OutputError
from briefgen.files import atomic_write


def test_writes_content(tmp_path):
    target = tmp_path / "a.docx"
    atomic_write(target, b"abc")
    assert target.read_bytes() == b"abc" and os.listdir(tmp_path) == ["a.docx"]


def test_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")
    with pytest.raises(OutputError):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    atomic_write(target, b"new", force=True)
    assert target.read_bytes() == b"new"


def test_failure_while_writing_leaves_nothing(tmp_path, monkeypatch):
    def broken_fsync(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OutputError, match="磁盘已满"):
        atomic_write(tmp_path / "a.docx", b"abc")
    assert os.listdir(tmp_path) == []


def test_failure_keeps_the_old_file_when_forcing(tmp_path, monkeypatch):
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")
    monkeypatch.setattr(os, "fsync", lambda _fd: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b"new", force=True)
    assert target.read_bytes() == b"old" and os.listdir(tmp_path) == ["a.docx"]


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(OutputError, match="文件夹"):
        atomic_write(tmp_path, b"x")


def test_new_files_get_the_usual_permissions(tmp_path):
    mask = os.umask(0o022)
    try:
        target = atomic_write(tmp_path / "a.docx", b"x")
    finally:
        os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o644
