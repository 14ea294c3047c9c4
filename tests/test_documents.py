"""Reading inputs: formats, doc ids, order, datelines, encodings and problem reports."""
from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sys
from pathlib import Path

import pytest

from belsignal.documents import (
    Document,
    InputError,
    Skipped,
    check_inputs,
    find_dateline,
    Ignored,
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
        ("17.05.2023 14:20", "2023-05-17"),  # dots: day first, as European outlets write
        ("12.10.2022", "2022-10-12"),
        ("Updated 14:32 GMT, 12 July 2024", "2024-07-12"),
        ("By Anna Smith | Updated 14:32 GMT, 12 July 2024 | 4 min read", "2024-07-12"),
        ("Olga Petrova · 3 March 2023 · Minsk", "2023-03-03"),
        # a wire story's dateline opens its first paragraph
        ("KYIV, Sept 12, 2024 (Reuters) - Belarus will hold drills next week", "2024-09-12"),
        ("MINSK, 3 March 2023 (BelTA) – About 9,000 Russian troops arrived on Monday", "2023-03-03"),
        ("WARSAW, Poland, Feb. 10, 2023 — Poland will send 2,000 more troops", "2023-02-10"),
        ("Vilnius, 5 June 2024 - Lithuania closed two crossings", "2024-06-05"),
    ],
)
def test_dateline_forms(line, expected):
    assert find_dateline(f"{line}\n\nAlexander Lukashenko said on Monday ...") == expected


@pytest.mark.parametrize(
    "text",
    [
        "On 24 February, Russian troops that had massed on Belarusian territory surged across the border.",
        "Minsk held exercises on December 6, 2023 near the border.",
        "10/12/2022",  # with slashes, day and month order is ambiguous
        "05.13.2023",  # dots are day first: no 13th month
        "February 30, 2023",  # no such day
        "June 2024",  # no day: not a dateline
        "Belarus denies troop build-up | Reuters",  # a byline with no date part
        "Drills began on 12 July 2024 | Minsk",  # a date inside a sentence, not a part of its own
        "June 19, 2024 10:32 and then the troops left",
        "Drills began near Brest, 12 July 2024 - the ministry said",  # a sentence, not a place, before the date
        "KYIV, Sept 12 (Reuters) - Belarus will hold drills",  # no year: no date to resolve against
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
    corpus = tmp_path / "corpus"  # hidden names are left out with a note the CLI shows only with -v
    assert [str(p) for p in problems] == [f"{corpus / '.git'}: ignored: hidden", f"{corpus / '.hidden.txt'}: ignored: hidden",
                                          f"{corpus / 'a' / '.cache'}: ignored: hidden"]


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


def test_empty_file_yields_nothing_and_a_note(tmp_path):
    write(tmp_path / "empty.txt", b"")
    write(tmp_path / "full.txt", "x")
    docs, problems = read_all(tmp_path)
    assert ([d.id for d in docs], problems) == (["full.txt"], [Ignored(str(tmp_path / "empty.txt"), "empty")])
    assert not problems[0].skipped  # not a skipped input: --strict does not count it


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


# --------------------------------------------------------------------------- hostile input (issue 10)


@pytest.mark.parametrize("front_matter", [
    "published: 2022-02-30", "published: 2022-13-45", 'published: !!timestamp "x"', "2022-02-30: a key",
    "title: 2022-13-45\ndate: 2022-02-30",
])  # fmt: skip
def test_a_date_that_is_not_a_date_in_front_matter_is_a_warning_not_a_crash(tmp_path, front_matter):
    path = write(tmp_path / "a.md", f"---\n{front_matter}\n---\nDecember 6, 2023\nBelarus sent 500 soldiers.\n")
    [doc], problems = read_all(path)
    assert doc.text.endswith("Belarus sent 500 soldiers.\n") and doc.published == "2023-12-06"
    assert all(not p.skipped for p in problems)  # at most a warning


def test_a_yaml_alias_bomb_in_front_matter_is_refused(tmp_path):
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")) + "title: *i\n"
    path = write(tmp_path / "a.md", f"---\n{bomb}---\nBody.\n")
    [doc], problems = read_all(path)
    assert (doc.title, doc.body_start) == ("", 0)
    assert [str(p) for p in problems] == [
        f"{path}: warning: bad front matter (aliases (*name) are not allowed); read as body"]


@pytest.mark.parametrize("front_matter", [
    "published: 2022-02-24\ntitle: \"Belarus: no plans\" \u2013 Minsk\nurl: https://example.org/a?b=1",
    "date: 24 February 2022\nauthor: [A, B]\ntags:\n  - belarus\n  - troops\nlive: yes\ncount: 0x1F",
    "published: 2022-02-30", 'published: !!timestamp "x"', "2022-02-30: a key", "title: ''", "",
    "a: &a [x]\nb: *a",
])  # fmt: skip
def test_front_matter_parsed_by_libyaml_is_what_the_python_loader_reads(front_matter):
    import yaml

    from belsignal import safe_yaml

    def read(load):
        try:
            return load()
        except yaml.YAMLError as error:
            return str(error)

    assert read(lambda: safe_yaml.load(front_matter, safe_yaml.PlainLoader)) == \
        read(lambda: yaml.load(front_matter, Loader=safe_yaml.PlainLoader))


def test_a_lone_surrogate_in_jsonl_is_replaced_and_the_document_kept(tmp_path):
    path = write(tmp_path / "f.jsonl", '{"id": "a\\udc80", "text": "Belarus sent 500 soldiers.\\udc80 Fine."}\n'
                                      '{"id": "b", "text": "Next."}\n')
    docs, problems = read_all(path)
    assert [(d.id, d.text) for d in docs] == [("f.jsonl#a\ufffd", "Belarus sent 500 soldiers.\ufffd Fine."),
                                              ("f.jsonl#b", "Next.")]
    assert [str(p) for p in problems] == [f"{path}:1: warning: invalid Unicode (lone surrogate) replaced by U+FFFD"]


def test_json_nested_too_deeply_is_one_skipped_line_and_the_file_goes_on(tmp_path):
    deep = '{"text": "x", "y": ' + "[" * 100_000 + "]" * 100_000 + "}"
    path = write(tmp_path / "f.jsonl", '{"id": "a", "text": "One."}\n' + deep + '\n{"id": "b", "text": "Two."}\n')
    docs, problems = read_all(path)
    assert [d.id for d in docs] == ["f.jsonl#a", "f.jsonl#b"]
    assert [str(p) for p in problems] == [f"{path}:2: skipped: JSON nested too deeply"]


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file names must be UTF-8")
def test_a_file_name_that_is_not_utf8_gives_a_printable_doc_id(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/caf\xe9.txt", "wb") as f:
        f.write(b"Belarus sent 500 soldiers.")
    [doc], problems = read_all(folder)
    assert (doc.id, problems) == ("caf\\xe9.txt", [])
    doc.id.encode("utf-8")  # fit for any output


def test_jsonl_ids_are_unique_within_a_file(tmp_path):
    path = write(tmp_path / "f.jsonl", "\n".join(json.dumps(r) for r in [
        {"id": "a", "text": "one"}, {"id": "a", "text": "two"}, {"id": {"x": 1}, "text": "three"},
        {"id": True, "text": "four"}, {"id": 2.5, "text": "five"}, {"text": "six"}, {"id": "6", "text": "seven"},
        {"id": "9", "text": "eight"}, {"text": "nine"},  # a line number that an id took before
    ]) + "\n")  # fmt: skip
    docs, problems = read_all(path)
    assert [d.id for d in docs] == ["f.jsonl#a", "f.jsonl#a@2", "f.jsonl#3", "f.jsonl#4", "f.jsonl#2.5",
                                    "f.jsonl#6", "f.jsonl#6@7", "f.jsonl#9", "f.jsonl#9@9"]
    assert [str(p) for p in problems] == [
        f"{path}:2: warning: id already used in this file; doc id is 'f.jsonl#a@2'",
        f"{path}:3: warning: record 'id' is not a string or number (dict); the line number is used",
        f"{path}:4: warning: record 'id' is not a string or number (bool); the line number is used",
        f"{path}:7: warning: id already used in this file; doc id is 'f.jsonl#6@7'",
        f"{path}:9: warning: id already used in this file; doc id is 'f.jsonl#9@9'",
    ]


def test_several_inputs_start_each_doc_id_with_the_inputs_own_name(tmp_path):
    for week in ("wk1", "wk2"):
        write(tmp_path / week / "a.txt", f"{week} text")
    write(tmp_path / "x" / "wk1" / "a.txt", "another wk1")
    write(tmp_path / "feed.jsonl", '{"id": "k", "text": "t"}\n')
    docs, problems = read_all(tmp_path / "wk1", tmp_path / "wk2", tmp_path / "feed.jsonl", tmp_path / "x" / "wk1")
    assert [d.id for d in docs] == [
        f"{tmp_path.name}/wk1/a.txt", "wk2/a.txt", "feed.jsonl#k", "x/wk1/a.txt"]
    assert problems == []
    # one input keeps today's names (the gold depends on them)
    assert [d.id for d in read_all(tmp_path / "wk1")[0]] == ["a.txt"]


def test_an_input_given_twice_is_read_once(tmp_path):
    write(tmp_path / "in" / "a.txt", "a")
    docs, problems = read_all(tmp_path / "in", tmp_path / "in" / ".." / "in")
    assert [d.id for d in docs] == ["a.txt"]
    assert [str(p) for p in problems] == [f"{tmp_path / 'in' / '..' / 'in'}: warning: given more than once; read once"]


def test_a_file_that_two_inputs_hold_is_read_once(tmp_path):
    a = write(tmp_path / "in" / "a.txt", "a")
    write(tmp_path / "in" / "b.txt", "b")
    docs, problems = read_all(a, tmp_path / "in", f"{tmp_path}/i*/*.txt")
    assert [d.id for d in docs] == ["a.txt", "in/b.txt"]
    assert [str(p) for p in problems] == [f"{a}: warning: already read with another input; read once"] * 2 + [
        f"{tmp_path / 'in' / 'b.txt'}: warning: already read with another input; read once"]


def test_signal_tables_and_the_runs_own_output_are_not_read_as_articles(tmp_path):
    write(tmp_path / "a.txt", "Belarus sent 500 soldiers.")
    write(tmp_path / "old.jsonl", json.dumps({"id": "x", "doc": "a.txt", "kind": "troops", "start": 13}) + "\n")
    write(tmp_path / "articles.jsonl", '{"id": "k", "text": "Belarus sent 500 soldiers."}\n')
    out = write(tmp_path / "out.jsonl", "previous output")
    docs, problems = read_all(tmp_path, exclude=[out])
    assert [d.id for d in docs] == ["a.txt", "articles.jsonl#k"]
    assert [str(p) for p in problems] == [f"{tmp_path / 'old.jsonl'}: skipped: a belsignal signal table, not articles",
                                          f"{tmp_path / 'out.jsonl'}: ignored: the output file of this run"]


@pytest.mark.parametrize("name, content", [
    ("t.csv", "id,doc,published,kind,value,start,end\nx,a.txt,,troops,5,0,1\n"),
    ("t.json", '[\n  {\n    "id": "x",\n    "kind": "troops",\n    "start": 0\n  }\n]\n'),
])  # fmt: skip
def test_a_table_named_directly_is_not_read_as_an_article(tmp_path, name, content):
    path = write(tmp_path / name, content)
    assert read_all(path) == ([], [Skipped(str(path), "a belsignal signal table, not articles")])


@contextlib.contextmanager
def no_hang(seconds: int = 30):
    """Fail (rather than hang the suite) if the block has not returned after `seconds`."""
    def give_up(signum, frame):
        raise AssertionError(f"still reading after {seconds} s")

    old = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_dev_zero_named_directly_is_not_read_for_ever():
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    with no_hang():
        assert read_all("/dev/zero") == ([], [Skipped("/dev/zero", "binary file (NUL bytes)")])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_directly_is_read_if_written_and_never_waited_on_for_ever(tmp_path):
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    with no_hang():
        docs, problems = read_all(fifo)  # no writer: end of file at once, not a hang
    assert docs == [] and [p.skipped for p in problems] == [False]

    keep = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # holds the FIFO open, as a shell's <(cmd) does
    try:
        writer = os.open(fifo, os.O_WRONLY)
        os.write(writer, "Belarus sent 500 soldiers.".encode())
        os.close(writer)
        with no_hang():
            docs, problems = read_all(fifo)
    finally:
        os.close(keep)
    assert ([d.text for d in docs], problems) == (["Belarus sent 500 soldiers."], [])


def test_stdin_article_starting_with_a_brace_is_text(monkeypatch):
    text = "{Editor's note: updated.} Belarus sent 500 soldiers.\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    [doc], problems = read_all("-")
    assert (doc.id, doc.text, problems) == ("<stdin>", text, [])
