"""Parquet output (`-f parquet`, pyarrow) for every engine: typed columns, nulls, read back."""
from __future__ import annotations

import json

from belsignal.signals import COLUMNS
from belsignal.tables import parquet_schema, read_table, write_table

from .conftest import SEEDS, need

pa = need("pyarrow", "pyarrow is not installed (pip install -e '.[dev]' installs the parquet extra)")
import pyarrow.parquet as pq  # noqa: E402


def test_columns_are_typed_per_signals_md_with_nulls_for_missing_values(seed_rows, tmp_path, run_cli):
    out = tmp_path / "seeds.parquet"
    result = run_cli("extract", SEEDS, "-o", out, "-q")  # the suffix picks the format
    assert result.exit_code == 0, result.stderr
    table = pq.read_table(out)
    assert tuple(table.column_names) == COLUMNS
    types = {field.name: field.type for field in table.schema}
    assert {types[c] for c in ("value", "low", "high")} == {pa.float64()}
    assert {types[c] for c in ("start", "end")} == {pa.int64()}
    assert {types[c] for c in COLUMNS if c not in ("value", "low", "high", "start", "end")} == {pa.string()}
    rows = table.to_pylist()
    assert len(rows) == len(seed_rows)
    for got, want in zip(rows, seed_rows):  # same rows, same order; "" in CSV is null here
        assert got == {k: (None if v == "" else float(v) if k in ("value", "low", "high") and v is not None else v)
                       for k, v in want.items()}
    assert table.column("source").null_count > 0 and table.column("value").null_count > 0
    troops = next(r for r in rows if r["text"] == "48,000")
    assert (troops["value"], troops["low"], troops["high"], troops["start"]) == (48000.0, 48000.0, 48000.0, 1370)


def test_parquet_reads_back_as_the_rows_written(seed_rows, tmp_path):
    import belsignal
    from belsignal.documents import read_documents

    out = tmp_path / "seeds.parquet"
    counts = write_table(belsignal.extract(read_documents([SEEDS])), "parquet", out)
    assert sum(counts.values()) == len(seed_rows)
    assert read_table(out) == seed_rows
    assert [p.name for p in tmp_path.iterdir()] == ["seeds.parquet"]  # no temp file left


def test_the_pool_writes_the_same_parquet_file(tmp_path, run_cli):
    one, two = tmp_path / "one.parquet", tmp_path / "two.parquet"
    assert run_cli("extract", SEEDS, "-f", "parquet", "-o", one, "-q").exit_code == 0
    assert run_cli("extract", SEEDS, "-f", "parquet", "-o", two, "-q", "--jobs", "2").exit_code == 0
    assert pq.read_table(one).equals(pq.read_table(two))


def test_no_signals_is_an_empty_table_with_every_column(tmp_path, run_cli):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Nothing to count here.", encoding="utf-8")
    out = tmp_path / "empty.parquet"
    assert run_cli("extract", tmp_path / "in", "-o", out, "-q").exit_code == 0
    table = pq.read_table(out)
    assert table.num_rows == 0 and tuple(table.column_names) == COLUMNS


def test_parquet_needs_a_file(run_cli):
    result = run_cli("extract", SEEDS, "-f", "parquet")
    assert result.exit_code == 2
    assert result.stderr.strip() == "Error: --format parquet writes a file: give it with -o FILE"


def test_a_parquet_table_is_a_source_for_diff_and_claims(tmp_path, run_cli):
    table = tmp_path / "last.parquet"
    run_cli("extract", SEEDS, "-o", table, "-q")
    assert run_cli("diff", table, SEEDS, "-f", "json").exit_code == 0  # no differences
    from_table = run_cli("claims", table, "-f", "jsonl").stdout
    from_articles = run_cli("claims", SEEDS, "-f", "jsonl").stdout
    assert from_table == from_articles and len(from_table.splitlines()) > 20


def test_a_file_that_is_not_parquet_is_named(tmp_path, run_cli):
    fake = tmp_path / "fake.parquet"
    fake.write_text(json.dumps({"kind": "troops"}), encoding="utf-8")
    result = run_cli("claims", fake)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {fake}: not a belsignal signal table (not Parquet: ")


def test_pandas_and_duckdb_read_the_typed_columns_and_nulls(seed_rows, tmp_path, run_cli):
    """What the issue promises users: the file opens in pandas and DuckDB as it is."""
    pd = need("pandas", "pandas is not installed (pip install -e '.[dev]')")
    duckdb = need("duckdb", "duckdb is not installed (pip install -e '.[dev]')")
    out = tmp_path / "seeds.parquet"
    assert run_cli("extract", SEEDS, "-o", out, "-q").exit_code == 0
    frame = pd.read_parquet(out)
    assert list(frame.columns) == list(COLUMNS) and len(frame) == len(seed_rows)
    assert {str(frame[c].dtype) for c in ("value", "low", "high")} == {"float64"}
    assert {str(frame[c].dtype) for c in ("start", "end")} == {"int64"}
    for column in ("source", "date_end", "title", "url", "value"):  # missing is missing, not ""
        assert frame[column].isna().sum() == sum(1 for r in seed_rows if r[column] in ("", None)), column
    assert (frame[frame.kind == "troops"].value.dropna() > 0).all()
    path = str(out).replace("'", "''")
    types = dict(duckdb.sql(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '{path}')").fetchall())
    assert (types["value"], types["start"], types["title"], types["date_end"]) == ("DOUBLE", "BIGINT", "VARCHAR", "VARCHAR")
    troops = duckdb.sql(f"SELECT count(*), count(source), sum(value) FROM '{path}' WHERE kind = 'troops'").fetchall()[0]
    expected = [r for r in seed_rows if r["kind"] == "troops"]
    assert troops == (len(expected), sum(1 for r in expected if r["source"]),
                      sum(float(r["value"]) for r in expected if r["value"] is not None))


def test_bad_cells_are_named_by_their_row_in_every_row_group(seed_rows, tmp_path):
    """A non-finite value is a bad cell, its row reported by number (counted across row groups)
    and left out; the other rows are read."""
    rows = [dict(row) for row in seed_rows[:4]]
    rows[0]["value"], rows[2]["value"] = float("nan"), float("inf")
    path = tmp_path / "bad.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=parquet_schema()), path, row_group_size=2)
    problems = []
    assert read_table(path, on_problem=problems.append) == [seed_rows[1], seed_rows[3]]
    assert [str(p) for p in problems] == [f"{path}[1]: skipped: value is not a finite number: 'nan'",
                                          f"{path}[3]: skipped: value is not a finite number: 'inf'"]
