"""End to end on the real seed articles: the library API, the spaCy component, the CLI,
the SIGNALS.md invariants, and agreement with the shared reference scorer."""
from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest
import spacy

import belsignal
from belsignal import evaluate
from belsignal.signals import COLUMNS, KINDS, MODALITIES, QUALIFIERS

from .conftest import GOLD, ROOT, SCORER, SEEDS, one

needs_shared = pytest.mark.skipif(not GOLD.exists(), reason="../shared/gold is not beside the project")


def test_every_row_satisfies_the_contract(seed_rows, seed_texts):
    assert len(seed_rows) >= 40
    for row in seed_rows:
        assert list(row) == list(COLUMNS)
        assert seed_texts[row["doc"]][row["start"]:row["end"]] == row["text"]
        assert row["kind"] in KINDS and row["modality"] in MODALITIES
        assert row["sentence"] and row["rule"] and row["id"]
        assert row["text"] in row["sentence"] or " ".join(row["text"].split()) in row["sentence"]
        if row["qualifier"]:
            assert row["qualifier"] in QUALIFIERS
        if row["low"] is not None and row["high"] is not None:
            assert row["low"] <= row["high"]


def test_ids_are_stable_and_unique(seed_rows):
    again = [s.to_dict() for s in belsignal.extract(belsignal.read_documents([str(SEEDS)]))]
    assert [r["id"] for r in again] == [r["id"] for r in seed_rows]
    assert len({r["id"] for r in seed_rows}) == len(seed_rows)


def test_published_comes_from_the_dateline(seed_rows):
    published = {r["doc"]: r["published"] for r in seed_rows}
    assert published["000_193a5e913a49cda4.txt"] == "2023-12-06"
    assert published["002_69de8a48d52830d7.txt"] == "2024-06-19"
    assert published["003_da4913be09e2de50.txt"] == ""


@pytest.mark.parametrize("text, fields", [
    ("so far the 48,000-man-strong Belarusian military is standing pat",
     dict(kind="troops", value=48000, low=48000, high=48000, qualifier="exact", unit="personnel", actor="belarus")),
    ("There are few combat ready troops, up to 7k, and they are not ready for an assault operation.",
     dict(kind="troops", text="up to 7k", value=7000, low=None, high=7000, qualifier="at_most")),
    ("Belarus’ special forces, estimated at 4,000-6,000 men, play an important role.",
     dict(kind="troops", value=None, low=4000, high=6000, qualifier="range", actor="belarus")),
    ("By August, Russia had received more than 12,000 tons of ammunition from Belarus.",
     dict(kind="equipment", value=12000, low=12000, high=None, qualifier="at_least", unit="ton")),
    ("Meanwhile, in Ukraine, thousands of Russian troops crossed the border.",
     dict(kind="troops", text="thousands", low=1000, qualifier="vague", actor="russia")),
    ("A survey found that only 3 percent of Belarusians support such an idea.",
     dict(kind="poll", text="only 3 percent", value=3, unit="percent", actor="belarus")),
])
def test_library_extracts_number_signals(text, fields):
    rows = [s.to_dict() for s in belsignal.extract([text])]
    row = one(rows, kind=fields.pop("kind"))
    for key, want in fields.items():
        assert row[key] == want, (key, row)
    assert row["doc"] == "<text>#1"


def test_component_in_a_users_own_pipeline():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("belsignal")
    doc = nlp("Kremlin spokesman Dmitry Peskov has denied rumors that Putin wants Belarus in the war.")
    (sig,) = doc._.signals
    assert (sig.kind, sig.text, sig.source, sig.actor) == ("denial", "denied", "Dmitry Peskov", "russia")


def test_spacy_entry_point_is_declared():
    from importlib.metadata import entry_points

    names = [ep.name for ep in entry_points(group="spacy_factories")]
    assert "belsignal" in names


def test_long_document_is_not_rejected_and_offsets_hold():
    paragraph = "Russia moved about 30,000 troops into Belarus for joint exercises.\n\n"
    text = paragraph * 16_000  # ~1.07 million characters, beyond spaCy's default max_length of 1,000,000
    assert len(text) > 1_000_000
    rows = list(belsignal.extract([text]))
    assert len([r for r in rows if r.kind == "troops"]) == 16_000
    assert all(text[r.start:r.end] == r.text for r in rows[-5:])


def test_unknown_model_is_a_clear_error():
    from belsignal.errors import InputError

    with pytest.raises(InputError, match="spaCy pipeline 'no_such_model' is not installed"):
        list(belsignal.extract(["x"], model="no_such_model"))


def test_cli_csv_export_has_the_contract_header(tmp_path, run_cli):
    out = tmp_path / "seeds.csv"
    result = run_cli("extract", SEEDS, "--format", "csv", "-o", out)
    assert result.exit_code == 0, result.stderr
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) > 40
    assert "5 documents," in result.stderr


def test_cli_jsonl_matches_library(run_cli, seed_rows):
    result = run_cli("extract", SEEDS, "-f", "jsonl")
    as_json = [{k: None if v == "" else v for k, v in row.items()} for row in seed_rows]
    assert [json.loads(x) for x in result.stdout.splitlines()] == as_json


def test_rows_carry_the_title_and_url_of_their_document(run_cli, tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: Troops at the border\nurl: https://example.org/a\n---\n"
                                   "Minsk said 3,000 Russian troops arrived.\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": "Some 500 soldiers left Brest.", "title": "Brest",
                                                  "url": "https://example.org/b"}) + "\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("About 700 troops left Gomel.\n", encoding="utf-8")
    result = run_cli("extract", tmp_path, "-f", "jsonl")
    rows = {r["doc"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert (rows["a.md"]["title"], rows["a.md"]["url"]) == ("Troops at the border", "https://example.org/a")
    assert (rows["b.jsonl#1"]["title"], rows["b.jsonl#1"]["url"]) == ("Brest", "https://example.org/b")
    assert rows["c.txt"]["title"] is None and rows["c.txt"]["url"] is None
    assert list(rows["a.md"])[-3:] == ["rule", "title", "url"]


def test_a_title_or_url_that_is_not_text_is_left_out_with_a_warning(run_cli, tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle:\n  nested: yes\nurl: [1, 2]\n---\nMinsk said 3,000 Russian troops "
                                   "arrived.\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": "Some 500 soldiers left Brest.", "title": ["a", "b"],
                                                  "url": 5}) + "\n", encoding="utf-8")
    result = run_cli("extract", tmp_path, "-f", "jsonl", "-q")
    rows = {r["doc"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert (rows["a.md"]["title"], rows["a.md"]["url"]) == (None, None)  # never "{'nested': True}"
    assert (rows["b.jsonl#1"]["title"], rows["b.jsonl#1"]["url"]) == (None, "5")
    assert result.stderr.splitlines() == [f"{tmp_path / 'a.md'}: warning: 'title' is not text (dict); left out",
                                          f"{tmp_path / 'a.md'}: warning: 'url' is not text (list); left out",
                                          f"{tmp_path / 'b.jsonl'}:1: warning: 'title' is not text (list); left out"]


def test_cli_reads_stdin(run_cli):
    result = run_cli("extract", "-", "-f", "jsonl", input="Minsk said 3,000 Russian troops arrived.\n")
    (row,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert (row["doc"], row["value"], row["actor"]) == ("<stdin>", 3000, "russia")


def test_cli_missing_input_exits_2(run_cli, tmp_path):
    result = run_cli("extract", tmp_path / "nope")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and "nope" in result.stderr


@needs_shared
def test_eval_agrees_with_reference_scorer(tmp_path, run_cli, seed_rows):
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(r) + "\n" for r in seed_rows), encoding="utf-8")
    reference = subprocess.run(
        [sys.executable, str(SCORER), "--docs", str(SEEDS), "--gold", str(GOLD), "--pred", str(pred),
         "--show-misses"], capture_output=True, text=True, check=True).stdout
    ours = run_cli("eval", GOLD, "--docs", SEEDS, "--pred", pred, "--show-misses")
    assert ours.exit_code == 0
    assert ours.stdout == reference
    direct = run_cli("eval", GOLD, "--docs", SEEDS, "--show-misses")
    assert direct.stdout == reference


def test_eval_bounds_the_time_one_document_may_take(tmp_path, run_cli, monkeypatch):
    """eval extracts as every command does: a document past the time bound is skipped, not
    waited on for ever (issue 10 item 14)."""
    import belsignal.cli

    monkeypatch.setattr(belsignal.cli, "DEFAULT_TIMEOUT", 1.0)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Belarus moved 3,000 troops to the border.", encoding="utf-8")
    # 1 MB: several seconds to extract on any machine, far past a bound of 1 s
    (docs / "b.txt").write_text("Belarus moved 3,000 troops to the border.\n\n" * 25_000, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc": "a.txt", "kind": "troops", "text": "3,000", "value": 3000}) + "\n",
                    encoding="utf-8")
    result = run_cli("eval", gold, "--docs", docs, "--json")
    assert result.exit_code == 0, result.stderr
    assert "b.txt: skipped: took longer than 1 s" in result.stderr
    assert json.loads(result.stdout)["kinds"]["troops"]["tp"] == 1


def test_eval_never_reads_its_gold_file_as_an_article(tmp_path, run_cli):
    """Gold kept beside the articles (a JSONL with a 'text' per line) is not one more document:
    its lines were extracted and scored as false positives."""
    (tmp_path / "a.txt").write_text("Belarus moved 3,000 troops to the border.", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc": "a.txt", "kind": "troops", "text": "3,000 troops"}) + "\n", encoding="utf-8")
    result = run_cli("eval", gold, "--docs", tmp_path, "--json")
    assert result.exit_code == 0, result.stderr
    assert {k: v for k, v in json.loads(result.stdout)["kinds"]["troops"].items() if k in ("tp", "fp")} == {"tp": 1, "fp": 0}


@needs_shared
def test_eval_reads_a_pipe_and_refuses_what_would_never_end(tmp_path, run_cli, seed_rows):
    """`--pred <(belsignal extract ...)` is read to its end; /dev/zero and a FIFO no one writes
    are one Error line, not a run that never ends (issue 10 item 15)."""
    import os
    import threading

    read_end, write_end = os.pipe()
    lines = "".join(json.dumps(r) + "\n" for r in seed_rows).encode("utf-8")
    writer = threading.Thread(target=lambda: (os.write(write_end, lines), os.close(write_end)))
    writer.start()
    try:
        piped = run_cli("eval", GOLD, "--docs", SEEDS, "--pred", f"/dev/fd/{read_end}", "--json")
    finally:
        writer.join()
        os.close(read_end)
    pred = tmp_path / "pred.jsonl"
    pred.write_bytes(lines)
    assert piped.exit_code == 0, piped.stderr
    assert piped.stdout == run_cli("eval", GOLD, "--docs", SEEDS, "--pred", pred, "--json").stdout
    fifo = tmp_path / "gold.jsonl"
    os.mkfifo(fifo)
    for gold, message in (("/dev/zero", "Error: /dev/zero: binary file (NUL bytes)\n"),
                          (fifo, f"Error: {fifo}: nothing to read (not a regular file: a FIFO without a writer?)\n")):
        result = run_cli("eval", gold, "--docs", SEEDS)
        assert (result.exit_code, result.stderr) == (2, message)


@needs_shared
def test_seed_gold_targets(seed_rows):
    result = evaluate.score(evaluate.gold_spans(evaluate.read_jsonl(GOLD), SEEDS), seed_rows)
    kinds, fields = result["kinds"], result["fields"]
    assert kinds["ALL"]["f1"] >= 0.80, kinds
    for kind in ("troops", "equipment", "poll", "exercise", "denial"):
        assert kinds[kind]["f1"] >= 0.70, (kind, kinds[kind])
    for field in ("value", "low", "high", "qualifier"):
        assert fields[field]["accuracy"] >= 0.90, (field, fields[field])


def test_readme_states_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install -e '.[dev]' && belsignal extract seeds/" in readme
    assert "python -m pytest" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pytest" in ci


def test_pipeline_saved_to_disk_loads_back_with_the_component(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("belsignal")
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == ["sentencizer", "belsignal"]
    (sig,) = loaded("Minsk said 3,000 Russian troops arrived.")._.signals
    assert (sig.kind, sig.value, sig.actor) == ("troops", 3000, "russia")


def test_rules_generalise_to_the_held_out_development_set():
    dev = ROOT / "tests" / "data" / "dev"
    docs = belsignal.read_documents([str(dev / "articles")])
    rows = [s.to_dict() for s in belsignal.extract(docs)]
    result = evaluate.score(evaluate.gold_spans(evaluate.read_jsonl(dev / "gold.jsonl"), dev / "articles"), rows)
    assert result["kinds"]["ALL"]["f1"] >= 0.90, result["kinds"]
    assert result["kinds"]["ALL"]["precision"] >= 0.95
    for field in ("value", "qualifier", "unit", "modality", "date"):
        assert result["fields"][field]["accuracy"] >= 0.90, (field, result["fields"][field])
    for field in ("actor", "source"):
        assert result["fields"][field]["accuracy"] >= 0.80, (field, result["fields"][field])
