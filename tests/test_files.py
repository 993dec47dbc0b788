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


def test_a_killed_runs_temporaries_are_removed_by_the_next_write(tmp_path):
    old = tmp_path / ".通报.docx.k2j3h4g5.part"
    young = tmp_path / ".通报.docx.a1s2d3f4.part"  # perhaps another run, writing now
    other = tmp_path / ".其他.docx.q1w2e3r4.part"
    for path in (old, young, other):
        path.write_bytes(b"half")
    an_hour_ago = os.path.getmtime(old) - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    os.utime(other, (an_hour_ago, an_hour_ago))
    atomic_write(tmp_path / "通报.docx", b"PK")
    assert not old.exists() and young.exists() and other.exists()


def test_a_full_disk_is_a_located_message(tmp_path, monkeypatch):
    import errno

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError) as caught:
        atomic_write(tmp_path / "a.docx", b"x")
    assert "磁盘" in str(caught.value) and "a.docx" in str(caught.value)
    assert list(tmp_path.iterdir()) == []
