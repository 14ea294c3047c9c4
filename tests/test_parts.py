"""Part files (`belsignal.parts`) on an fsspec URL (memory://), in this process: written under a
temp name then renamed, an earlier run's leftovers replaced, a foreign folder refused."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from belsignal.errors import InputError, OutputError
from belsignal.signals import Signal

from .conftest import need, read_only

fsspec = need("fsspec", "fsspec is not installed (pip install -e '.[dev]' installs the dask extra)")
need("pyarrow", "pyarrow is not installed (pip install -e '.[dev]' installs the parquet extra)")

from belsignal.parts import PartsOutput, is_folder  # noqa: E402


@pytest.fixture
def memory():
    fs = fsspec.filesystem("memory")
    yield fs
    if fs.exists("/out"):
        fs.rm("/out", recursive=True)


def _manifest(output: PartsOutput, count: int) -> dict:
    return {"partitions": [{"file": output.name(i)} for i in range(count)]}


def test_parts_then_manifest_then_success_on_a_url(memory, seed_rows):
    rows = [Signal(**row) for row in seed_rows]
    output = PartsOutput("memory://out/signals/", "jsonl")
    output.prepare()
    assert output.write(0, rows[:10]) == Counter(r.kind for r in rows[:10])
    output.write(1, rows[10:])
    assert sorted(memory.ls("/out/signals", detail=False)) == ["/out/signals/part-00000.jsonl", "/out/signals/part-00001.jsonl"]
    output.finish(_manifest(output, 2))
    names = sorted(p.rsplit("/", 1)[1] for p in memory.ls("/out/signals", detail=False))
    assert names == ["_SUCCESS", "manifest.json", "part-00000.jsonl", "part-00001.jsonl"]
    lines = memory.cat("/out/signals/part-00001.jsonl").decode().splitlines()
    assert [json.loads(line)["id"] for line in lines] == [r.id for r in rows[10:]]


def test_a_second_run_replaces_the_first_and_drops_its_extra_parts(memory, seed_rows):
    rows = [Signal(**row) for row in seed_rows]
    first = PartsOutput("memory://out/", "parquet")
    first.prepare()
    for i in range(3):
        first.write(i, rows[i::3])
    first.finish(_manifest(first, 3))
    second = PartsOutput("memory://out/", "csv")
    second.prepare()
    assert not memory.exists("/out/_SUCCESS")  # incomplete from here until finish
    second.write(0, rows)
    memory.pipe("/out/.part-00001.csv.0123456789ab.tmp", b"half a file")  # a worker killed while writing
    second.finish(_manifest(second, 1))
    assert sorted(p.rsplit("/", 1)[1] for p in memory.ls("/out", detail=False)) == [
        "_SUCCESS", "manifest.json", "part-00000.csv"]


def test_a_folder_with_other_files_is_refused_untouched(memory):
    memory.pipe("/out/thesis.docx", b"PK")
    with pytest.raises(InputError, match=r"memory://out/: holds files that are not belsignal part files \(thesis.docx\)"):
        PartsOutput("memory://out/").prepare()
    assert memory.ls("/out", detail=False) == ["/out/thesis.docx"]


def test_formats_that_cannot_be_parts_are_refused():
    with pytest.raises(InputError, match="--format sqlite cannot be written as part files"):
        PartsOutput("out/", "sqlite")


def test_a_folder_is_a_trailing_slash_or_an_existing_folder(tmp_path):
    assert is_folder("out/") and is_folder("s3://bucket/signals/") and is_folder(str(tmp_path))
    assert not is_folder("out.parquet") and not is_folder(str(tmp_path / "new"))


def test_a_folder_that_cannot_be_written_is_one_error(tmp_path):
    with read_only(tmp_path):
        with pytest.raises(OutputError, match=f"^{tmp_path}/signals/: cannot write: "):
            PartsOutput(f"{tmp_path}/signals/").prepare()
