"""What a batch may write over: nothing it did not write without --force; documents corrected by
hand since the last run survive --resume; documents of removed records are named, not deleted;
one batch per folder; a killed run's leftovers are cleared."""

from __future__ import annotations

import csv
import fcntl
import os
import subprocess
import sys

import pytest
import yaml
from conftest import ROOT

pytestmark = pytest.mark.hostile  # part of the hostile-input suite (docs/security.md)


def three_cities(tmp_path, count: int = 3):
    data = yaml.safe_load((ROOT / "examples" / "circular.yaml").read_text(encoding="utf-8"))
    data["城市"] = data["城市"][:count]
    path = tmp_path / f"cities{count}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path, [city["名称"] for city in data["城市"]]


def batch(data, out, *extra) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "briefgen", "batch", "circular", str(data), "-o", str(out), "--each", "城市", "--name", "{名称}.docx", "--workers", "1", *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def statuses(out) -> dict[str, str]:
    with open(out / "manifest.csv", encoding="utf-8-sig", newline="") as stream:
        return {row["文件"]: row["状态"] for row in csv.DictReader(stream)}


def test_a_document_corrected_by_hand_survives_resume_and_is_named(tmp_path):
    data, names = three_cities(tmp_path)
    out = tmp_path / "out"
    assert batch(data, out).returncode == 0
    corrected = out / f"{names[1]}.docx"
    corrected.write_bytes(corrected.read_bytes() + b"\0")  # any change by hand
    mine = corrected.read_bytes()
    result = batch(data, out, "--resume")
    assert result.returncode == 0, result.stderr
    assert corrected.read_bytes() == mine
    assert corrected.name in result.stderr and "--force" in result.stderr
    assert statuses(out)[corrected.name] == "手工修改过，未覆盖"
    again = batch(data, out, "--resume")  # still left alone the next time
    assert corrected.read_bytes() == mine and corrected.name in again.stderr
    assert batch(data, out, "--force").returncode == 0
    assert corrected.read_bytes() != mine


def test_a_file_briefgen_did_not_write_blocks_the_run_even_with_resume(tmp_path):
    data, names = three_cities(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    theirs = out / f"{names[2]}.docx"
    theirs.write_bytes(b"a colleague's draft")
    result = batch(data, out, "--resume")
    assert result.returncode == 2 and theirs.name in result.stderr and "--force" in result.stderr
    assert theirs.read_bytes() == b"a colleague's draft"
    assert sorted(path.name for path in out.iterdir()) == [theirs.name]  # nothing written


def test_an_existing_volume_outside_the_folder_is_not_replaced(tmp_path):
    data, _ = three_cities(tmp_path)
    volume = tmp_path / "汇编.docx"
    volume.write_bytes(b"last year's volume")
    result = batch(data, tmp_path / "out", "--combined", str(volume))
    assert result.returncode == 2 and "汇编.docx" in result.stderr
    assert volume.read_bytes() == b"last year's volume"
    assert batch(data, tmp_path / "out", "--combined", str(volume), "--force").returncode == 0
    assert volume.read_bytes().startswith(b"PK")
    # The volume is now ours: --resume may remake it.
    assert batch(data, tmp_path / "out", "--combined", str(volume), "--resume").returncode == 0


def test_documents_of_records_removed_from_the_data_are_named_not_deleted(tmp_path):
    data, names = three_cities(tmp_path)
    out = tmp_path / "out"
    assert batch(data, out).returncode == 0
    fewer, _ = three_cities(tmp_path, 2)
    result = batch(fewer, out, "--resume")
    assert result.returncode == 0, result.stderr
    assert (out / f"{names[2]}.docx").is_file()
    assert f"{names[2]}.docx" in result.stderr and "未删除" in result.stderr


def test_one_batch_at_a_time_in_a_folder(tmp_path):
    data, _ = three_cities(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    handle = os.open(out / ".briefgen.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(handle, fcntl.LOCK_EX)  # another batch is writing here
    try:
        result = batch(data, out)
    finally:
        os.close(handle)
    assert result.returncode == 2 and "另一个批量生成" in result.stderr
    assert not list(out.glob("*.docx"))


def test_a_killed_runs_temporaries_are_cleared_and_others_kept(tmp_path):
    data, names = three_cities(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    ours = out / f".{names[0]}.docx.k3j2x9.part"
    ours.write_bytes(b"half")
    not_ours = out / ".notes.txt.a1b2c3.part"
    not_ours.write_bytes(b"someone else's")
    assert batch(data, out).returncode == 0
    assert not ours.exists() and not_ours.read_bytes() == b"someone else's"
    assert not (out / ".briefgen.lock").exists()


@pytest.mark.parametrize(("name", "flags"), [
    ("manifest.csv", ()), ("errors.csv", ()), ("manifest.json", ("--json",)), ("{first}.pdf", ("--pdf",)), ("../out.zip", ("--zip",)),
])
def test_nothing_of_the_users_is_replaced_by_the_batch_record_or_extras(tmp_path, name, flags):
    data, names = three_cities(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    theirs = out / name.format(first=names[0])
    theirs.write_bytes(b"the user's own file")
    result = batch(data, out, *flags)
    assert result.returncode == 2 and "--force" in result.stderr, result.stderr
    assert theirs.read_bytes() == b"the user's own file"
    assert not list(out.glob("*.docx"))
