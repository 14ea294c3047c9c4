"""Reading inputs: formats, doc ids, order, datelines, encodings and problem reports."""
from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from belsignal.documents import (
    Document,
    InputError,
    Skipped,
    check_inputs,
    find_dateline,
    normalize_date,
    read_documents,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def read_all(*inputs, **kwargs) -> tuple[list[Document], list[Skipped]]:
    problems: list[Skipped] = []
    docs = list(read_documents([os.fspath(i) for i in inputs], on_problem=problems.append, **kwargs))
    return docs, problems


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


# --------------------------------------------------------------------------- seeds and datelines


def test_seed_folder_ids_order_and_datelines():
    docs, problems = read_all(SEEDS)
    assert problems == []
    assert [d.id for d in docs] == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert [d.published for d in docs] == ["2023-12-06", "", "2024-06-19", "", ""]
    assert all(d.text == (SEEDS / d.id).read_text(encoding="utf-8") for d in docs)
    assert all(d.source == str(SEEDS / d.id) and d.body_start == 0 and d.line == 0 for d in docs)


@pytest.mark.parametrize(
    "name, expected",
    [("000_193a5e913a49cda4.txt", "2023-12-06"), ("001_94086817458596b5.txt", ""),
     ("002_69de8a48d52830d7.txt", "2024-06-19"), ("003_da4913be09e2de50.txt", ""),
     ("004_8e11682b8b698c9f.txt", "")],
)  # fmt: skip
def test_find_dateline_on_seeds(name, expected):
    assert find_dateline((SEEDS / name).read_text(encoding="utf-8")) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("December 6, 2023", "2023-12-06"),
        ("Dec. 6, 2023", "2023-12-06"),
        ("Sept. 3rd, 2022", "2022-09-03"),
        ("Wednesday, June 19, 2024", "2024-06-19"),
        ("Wed, 19 June 2024", "2024-06-19"),
        ("6 December 2023", "2023-12-06"),
        ("6th of December, 2023", "2023-12-06"),
        ("2022-10-12", "2022-10-12"),
        ("2022/10/12", "2022-10-12"),
        ("Published: June 19, 2024", "2024-06-19"),
        ("Updated on 19 June 2024, 10:32 GMT", "2024-06-19"),
        ("Posted on Dec 6, 2023", "2023-12-06"),
        ("June 19, 2024 10:32 AM", "2024-06-19"),
        ("June 19, 2024 | 10:32", "2024-06-19"),
        ("  DECEMBER 6, 2023  ", "2023-12-06"),
    ],
)
def test_dateline_forms(line, expected):
    assert find_dateline(f"{line}\n\nAlexander Lukashenko said on Monday ...") == expected


@pytest.mark.parametrize(
    "text",
    [
        "On 24 February, Russian troops that had massed on Belarusian territory surged across the border.",
        "Minsk held exercises on December 6, 2023 near the border.",
        "12.10.2022",  # day and month order is ambiguous
        "10/12/2022",
        "February 30, 2023",  # no such day
        "June 2024",  # no day: not a dateline
        "June 19, 2024 10:32 and then the troops left",
        "",
    ],
)
def test_not_datelines(text):
    assert find_dateline(text) == ""


def test_dateline_only_in_first_five_nonempty_lines():
    lines = ["Title", "", "Subtitle", "By A. Author", "", "Minsk", "Belarus"]
    assert find_dateline("\n".join(lines[:-1] + ["June 19, 2024"])) == "2024-06-19"
    assert find_dateline("\n".join(lines + ["June 19, 2024"])) == ""


@pytest.mark.parametrize(
    "value, expected",
    [("2024-06-19", "2024-06-19"), ("2024-06-19T10:32:00Z", "2024-06-19"), ("2024-06", "2024-06"),
     ("2024", "2024"), (2024, "2024"), ("Wed, 19 Jun 2024 10:32:00 GMT", "2024-06-19"),
     ("19 June 2024", "2024-06-19"), ("2024-13-01", ""), ("soon", ""), (None, "")],
)  # fmt: skip
def test_normalize_date(value, expected):
    assert normalize_date(value) == expected


# --------------------------------------------------------------------------- formats and ids


def test_folder_is_recursive_sorted_by_relative_path_and_skips_hidden(tmp_path):
    for rel in ["b.txt", "a/z.md", "a.txt", "a-b.txt", "a/b/c.text", ".hidden.txt", ".git/x.txt", "a/.cache/y.txt"]:
        write(tmp_path / "corpus" / rel, f"text of {rel}")
    docs, problems = read_all(tmp_path / "corpus")
    assert [d.id for d in docs] == ["a-b.txt", "a.txt", "a/b/c.text", "a/z.md", "b.txt"]
    assert [d.id for d in docs] == sorted(d.id for d in docs)
    assert docs[2].text == "text of a/b/c.text"
    assert problems == []


def test_unsupported_file_in_folder_is_reported(tmp_path):
    write(tmp_path / "a.txt", "Belarus")
    write(tmp_path / "report.pdf", b"%PDF-1.7 ...")
    write(tmp_path / "notes.csv", "a,b")
    docs, problems = read_all(tmp_path)
    assert [d.id for d in docs] == ["a.txt"]
    assert [str(p) for p in problems] == [
        f"{tmp_path / 'notes.csv'}: skipped: unsupported file type .csv",
        f"{tmp_path / 'report.pdf'}: skipped: unsupported file type .pdf",
    ]


def test_single_file_id_is_its_name_and_any_extension_is_read_as_text(tmp_path):
    path = write(tmp_path / "sub" / "article.log", "Belarus moved 3,000 troops.")
    docs, problems = read_all(path)
    assert [(d.id, d.text, d.source) for d in docs] == [("article.log", "Belarus moved 3,000 troops.", str(path))]
    assert problems == []


def test_front_matter_gives_metadata_and_body_start(tmp_path):
    text = "---\npublished: 2023-12-06\ntitle: Lukashenko's debt\nurl: https://example.org/a\nid: x1\n---\nJune 19, 2024\nBody.\n"
    path = write(tmp_path / "a.md", text)
    [doc], problems = read_all(path)
    assert problems == []
    assert (doc.id, doc.published, doc.title, doc.url) == ("a.md", "2023-12-06", "Lukashenko's debt", "https://example.org/a")
    assert doc.text == text
    assert doc.text[doc.body_start:] == "June 19, 2024\nBody.\n"


def test_front_matter_without_date_falls_back_to_dateline_in_body(tmp_path):
    path = write(tmp_path / "a.txt", "---\r\ntitle: T\r\n---\r\nDec. 6, 2023\r\nBody\r\n")
    [doc], _ = read_all(path)
    assert (doc.title, doc.published, doc.text[doc.body_start:]) == ("T", "2023-12-06", "Dec. 6, 2023\r\nBody\r\n")


def test_front_matter_string_date_is_normalized(tmp_path):
    path = write(tmp_path / "a.md", '---\npublished: "Wednesday, June 19, 2024"\n---\nBody\n')
    [doc], _ = read_all(path)
    assert doc.published == "2024-06-19"


def test_bad_front_matter_is_a_warning_and_whole_file_is_body(tmp_path):
    text = "---\ntitle: [unclosed\n---\nDecember 6, 2023\n"
    path = write(tmp_path / "a.md", text)
    [doc], problems = read_all(path)
    # The whole file is body, so its dateline (4th non-empty line) still counts.
    assert (doc.body_start, doc.title, doc.published) == (0, "", "2023-12-06")
    assert len(problems) == 1 and problems[0].skipped is False
    assert str(problems[0]).startswith(f"{path}: warning: bad front matter")


def test_markdown_rule_is_not_front_matter(tmp_path):
    text = "---\nJust a rule in prose.\n---\nMore prose.\n"
    [doc], problems = read_all(write(tmp_path / "a.md", text))
    assert doc.body_start == 0
    assert [str(p) for p in problems] == [f"{tmp_path / 'a.md'}: warning: front matter is not a YAML mapping; read as body"]


def test_jsonl_records_with_and_without_id(tmp_path):
    lines = [
        '{"id": "abc", "text": "December 6, 2023\\nBody one", "title": "One"}',
        "",
        '{"text": "Body two", "published": "2024-06-19T08:00:00Z", "url": "https://e.org/2"}',
        '{"id": 7, "text": "Body three"}',
    ]
    write(tmp_path / "in" / "sub" / "feed.jsonl", "\n".join(lines) + "\n")
    docs, problems = read_all(tmp_path / "in")
    assert problems == []
    assert [(d.id, d.text, d.published, d.line) for d in docs] == [
        ("sub/feed.jsonl#abc", "December 6, 2023\nBody one", "2023-12-06", 1),
        ("sub/feed.jsonl#3", "Body two", "2024-06-19", 3),
        ("sub/feed.jsonl#7", "Body three", "", 4),
    ]
    assert (docs[0].title, docs[1].url) == ("One", "https://e.org/2")
    assert {d.source for d in docs} == {str(tmp_path / "in" / "sub" / "feed.jsonl")}


def test_jsonl_given_directly_uses_its_name(tmp_path):
    path = write(tmp_path / "x" / "feed.jsonl", '{"text": "a"}\n')
    docs, _ = read_all(path)
    assert [d.id for d in docs] == ["feed.jsonl#1"]


def test_malformed_jsonl_line_is_reported_and_others_still_read(tmp_path):
    path = write(tmp_path / "file.jsonl", '{"text": "one"}\n{"text": "two" "x": 1}\n{"text": "three"}\n')
    docs, problems = read_all(path)
    assert [d.text for d in docs] == ["one", "three"]
    assert [d.id for d in docs] == ["file.jsonl#1", "file.jsonl#3"]
    assert [str(p) for p in problems] == [f"{path}:2: skipped: malformed JSON: Expecting ',' delimiter (column 16)"]


def test_jsonl_records_without_usable_text(tmp_path):
    content = '{"title": "no text"}\n[1, 2]\n{"text": 5}\n{"text": ""}\n{"text": "ok"}\n'
    path = write(tmp_path / "f.jsonl", content)
    docs, problems = read_all(path)
    assert [d.id for d in docs] == ["f.jsonl#5"]
    assert [str(p) for p in problems] == [
        f"{path}:1: skipped: record has no 'text'",
        f"{path}:2: skipped: record is not a JSON object",
        f"{path}:3: skipped: record 'text' is not a string (int)",
    ]


def test_jsonl_in_cp1252_warns_once_and_decodes(tmp_path):
    path = write(tmp_path / "f.jsonl", b'{"text": "ok"}\n{"text": "Lukashenko\x92s army"}\n{"text": "\x93x\x94"}\n')
    docs, problems = read_all(path)
    assert [d.text for d in docs] == ["ok", "Lukashenko\u2019s army", "\u201cx\u201d"]
    assert [str(p) for p in problems] == [f"{path}:2: warning: not UTF-8; read as cp1252"]


def test_jsonl_with_bom_and_crlf(tmp_path):
    path = write(tmp_path / "f.jsonl", b'\xef\xbb\xbf{"id": "a", "text": "one"}\r\n{"id": "b", "text": "two"}\r\n')
    docs, problems = read_all(path)
    assert ([d.id for d in docs], problems) == (["f.jsonl#a", "f.jsonl#b"], [])


# --------------------------------------------------------------------------- stdin


def test_stdin_text(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("\n\nWednesday, June 19, 2024\nBelarus [mobilised] 20,000 men.\n"))
    [doc], problems = read_all("-")
    assert (doc.id, doc.source, doc.published) == ("<stdin>", "<stdin>", "2024-06-19")
    assert doc.text == "\n\nWednesday, June 19, 2024\nBelarus [mobilised] 20,000 men.\n"
    assert problems == []


def test_stdin_jsonl(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO('\n  {"text": "a"}\n{"id": "k", "text": "b"}\n'))
    docs, _ = read_all("-")
    assert [(d.id, d.text) for d in docs] == [("<stdin>#2", "a"), ("<stdin>#k", "b")]


def test_stdin_bytes_get_binary_and_encoding_handling(monkeypatch):
    class BinaryStdin(io.StringIO):
        buffer = io.BytesIO(b"Lukashenko\x92s troops")

    monkeypatch.setattr("sys.stdin", BinaryStdin())
    [doc], problems = read_all("-")
    assert doc.text == "Lukashenko\u2019s troops"
    assert [str(p) for p in problems] == ["<stdin>: warning: not UTF-8; read as cp1252"]


def test_empty_stdin_yields_nothing(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert read_all("-") == ([], [])


# --------------------------------------------------------------------------- published override


def test_published_argument_overrides_metadata_and_dateline(tmp_path):
    write(tmp_path / "a.md", "---\npublished: 2020-01-01\n---\nBody\n")
    write(tmp_path / "b.txt", "December 6, 2023\nBody\n")
    write(tmp_path / "c.txt", "Body\n")
    docs, _ = read_all(tmp_path, published="2024-06-19")
    assert [d.published for d in docs] == ["2024-06-19"] * 3


def test_unrecognised_published_argument_raises_at_call_time(tmp_path):
    with pytest.raises(InputError, match="published date not recognised: 'yesterday'"):
        read_documents([tmp_path], published="yesterday")


def test_unrecognised_metadata_date_warns_and_uses_dateline(tmp_path):
    path = write(tmp_path / "a.md", "---\npublished: sometime\n---\nDec. 6, 2023\n")
    [doc], problems = read_all(path)
    assert doc.published == "2023-12-06"
    assert [str(p) for p in problems] == [f"{path}: warning: published date not recognised: 'sometime'"]


# --------------------------------------------------------------------------- encodings and bad files


def test_utf8_bom_is_removed_so_offsets_match(tmp_path):
    path = write(tmp_path / "a.txt", "\ufeffDecember 6, 2023\n48,000 troops".encode("utf-8"))
    [doc], problems = read_all(path)
    assert doc.text == "December 6, 2023\n48,000 troops"
    assert doc.text.index("48,000") == 17
    assert (doc.published, problems) == ("2023-12-06", [])


def test_cp1252_file_is_decoded_with_a_warning(tmp_path):
    path = write(tmp_path / "a.txt", b"Lukashenko\x92s army of 48,000")
    [doc], problems = read_all(path)
    assert doc.text == "Lukashenko\u2019s army of 48,000"
    assert problems == [Skipped(str(path), "not UTF-8; read as cp1252", skipped=False)]
    assert str(problems[0]) == f"{path}: warning: not UTF-8; read as cp1252"


def test_bytes_undefined_in_cp1252_fall_back_to_latin1(tmp_path):
    path = write(tmp_path / "a.txt", b"x\x81y\xe9")
    [doc], problems = read_all(path)
    assert doc.text == "x\x81y\u00e9"
    assert [p.reason for p in problems] == ["not UTF-8; read as latin-1"]


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"Belarus\x00troops", "binary file (NUL bytes)"),
        (b"%PDF-1.4\n1 0 obj", "binary file (PDF)"),
        (b"\x89PNG\r\n\x1a\n", "binary file (PNG)"),
        (b"PK\x03\x04rest", "binary file (ZIP)"),
        (b"\x1f\x8b\x08rest", "binary file (gzip)"),
    ],
)
def test_binary_files_are_skipped(tmp_path, content, reason):
    path = write(tmp_path / "a.txt", content)
    docs, problems = read_all(path)
    assert docs == []
    assert [str(p) for p in problems] == [f"{path}: skipped: {reason}"]


def test_binary_jsonl_is_skipped(tmp_path):
    path = write(tmp_path / "a.jsonl", b"\x1f\x8b\x08\x00gzipped")
    assert read_all(path) == ([], [Skipped(str(path), "binary file (gzip)")])


def test_empty_file_yields_nothing_and_no_problem(tmp_path):
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "full.txt", "x")
    docs, problems = read_all(tmp_path)
    assert ([d.id for d in docs], problems) == (["full.txt"], [])


def test_broken_symlink_in_folder_is_reported(tmp_path):
    write(tmp_path / "a.txt", "a")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    docs, problems = read_all(tmp_path)
    assert [d.id for d in docs] == ["a.txt"]
    assert [str(p) for p in problems] == [f"{tmp_path / 'gone.txt'}: skipped: broken symlink"]


def test_symlinked_folder_loop_is_read_once(tmp_path):
    write(tmp_path / "a" / "x.txt", "x")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a")
    docs, problems = read_all(tmp_path)
    assert [d.id for d in docs] == ["a/x.txt"]
    assert [p.reason for p in problems] == ["folder already read through another path (symlink)"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read files without permission")
def test_unreadable_file_is_reported(tmp_path):
    path = write(tmp_path / "a.txt", "secret")
    path.chmod(0)
    try:
        docs, problems = read_all(tmp_path)
    finally:
        path.chmod(0o644)
    assert (docs, [str(p) for p in problems]) == ([], [f"{path}: skipped: permission denied"])


def test_read_error_is_reported_and_reading_goes_on(tmp_path, monkeypatch):
    # Works as root too, where chmod 000 would not block reading.
    locked = write(tmp_path / "a.txt", "secret")
    write(tmp_path / "b.txt", "b")
    real_read_bytes = Path.read_bytes

    def read_bytes(self):
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    docs, problems = read_all(tmp_path)
    assert ([d.id for d in docs], [str(p) for p in problems]) == (["b.txt"], [f"{locked}: skipped: permission denied"])


def test_problems_are_ignored_without_handler(tmp_path):
    write(tmp_path / "a.pdf", b"%PDF")
    write(tmp_path / "b.txt", "b")
    assert [d.id for d in read_documents([tmp_path])] == ["b.txt"]


def test_large_file_is_read_whole(tmp_path):
    body = "Belarus moved 48,000 troops to the border.\n" * 500_000  # ~22 MB
    path = write(tmp_path / "big.txt", "December 6, 2023\n" + body)
    [doc], _ = read_all(path)
    assert len(doc.text) == len(body) + 17
    assert doc.published == "2023-12-06"


# --------------------------------------------------------------------------- missing inputs and laziness


def test_missing_path_raises_before_anything_is_read(tmp_path):
    write(tmp_path / "a.txt", "a")
    with pytest.raises(InputError, match="no such file or folder"):
        read_documents([tmp_path, tmp_path / "nope.txt"])


def test_broken_symlink_given_directly_is_an_input_error(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="broken symlink"):
        check_inputs([tmp_path / "gone.txt"])


def test_check_inputs_accepts_stdin_and_existing_paths(tmp_path):
    check_inputs(["-", tmp_path, str(tmp_path)])


def test_reading_is_lazy(tmp_path):
    write(tmp_path / "a.txt", "a")
    write(tmp_path / "b.txt", "b")
    documents = read_documents([tmp_path])
    assert next(documents).id == "a.txt"
    (tmp_path / "b.txt").write_text("changed after the first document", encoding="utf-8")
    assert next(documents).text == "changed after the first document"
