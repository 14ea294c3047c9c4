"""WARC files (CC-NEWS's format), built here with warcio: one document per HTML response,
`doc` PATH#N, damaged records (a gzip member cut in half, a bad digest) reported and passed."""
from __future__ import annotations

import gzip
import io
import json
import sys

import pytest

from belsignal.documents import read_documents

from .conftest import need

need("warcio", "reading WARC needs warcio: pip install -e '.[warc]'")
need("trafilatura", "reading HTML needs trafilatura: pip install -e '.[html]'")

from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

WARC_DATE = "2024-06-19T10:00:00Z"


def article(title: str, sentence: str, head: str = "") -> bytes:
    return (f"<!DOCTYPE html><html><head><title>{title}</title>{head}</head><body><nav><a href='/'>Home</a>"
            f"</nav><article><h1>{title}</h1><p>{sentence}</p><p>Officials declined to give further details "
            f"about the movements when asked by reporters on the day.</p></article></body></html>").encode()


PAGE_1 = article("Troops arrive", "Russia sent about 30,000 troops into Belarus, officials in Kyiv said.",
                 '<meta property="article:published_time" content="2022-02-10">'
                 '<link rel="canonical" href="https://news.example/canonical/1">')
PAGE_2 = article("Exercise ends", "Belarus ended its joint exercises with Russia near Brest, the ministry said.")
PAGE_3 = article("Poll", "Only 3 percent of Belarusians support sending troops, a survey found.")


def record(kind: str, url: str, body: bytes = b"", content_type: str = "text/html; charset=utf-8",
           status: str = "200 OK", http_headers: list | None = None):
    """A function writing one record with a WARCWriter."""
    def write(writer: WARCWriter) -> None:
        if kind == "warcinfo":
            writer.write_record(writer.create_warcinfo_record("x.warc.gz", {"software": "belsignal tests"}))
            return
        headers = None
        if kind in ("response", "request"):
            protocol = "HTTP/1.1"
            line = status if kind == "response" else "GET / HTTP/1.1"
            fields = http_headers if http_headers is not None else [("Content-Type", content_type)]
            headers = StatusAndHeaders(line, fields, protocol=protocol, is_http_request=kind == "request")
        writer.write_record(writer.create_warc_record(
            url, kind, payload=io.BytesIO(body), http_headers=headers,
            warc_content_type=None if headers else content_type, warc_headers_dict={"WARC-Date": WARC_DATE}))
    return write


RECORDS = [
    record("warcinfo", ""),                                                            # 1
    record("request", "https://news.example/1"),                                       # 2
    record("response", "https://news.example/1", PAGE_1),                              # 3: page, metadata date
    record("response", "https://news.example/report.pdf", b"%PDF-1.4 ...", "application/pdf"),  # 4
    record("response", "https://news.example/gone", b"<html>Not found</html>", status="404 Not Found"),  # 5
    record("metadata", "https://news.example/1", b"fetchTimeMs: 120", "application/warc-fields"),  # 6
    record("response", "https://news.example/2", PAGE_2),                              # 7: page, WARC-Date
    record("response", "https://news.example/3", gzip.compress(PAGE_3),                # 8: gzip-encoded page
           http_headers=[("Content-Type", "text/html"), ("Content-Encoding", "gzip")]),
]


def members(records=RECORDS, compress: bool = True) -> list[bytes]:
    """Each record as its own bytes: one gzip member each (as in CC-NEWS), or plain WARC."""
    out = []
    for write in records:
        buffer = io.BytesIO()
        write(WARCWriter(buffer, gzip=compress))
        out.append(buffer.getvalue())
    return out


def read(path):
    problems = []
    docs = list(read_documents([path], on_problem=problems.append))
    return docs, [str(p) for p in problems]


@pytest.fixture
def archive(tmp_path):
    path = tmp_path / "CC-NEWS-sample.warc.gz"
    path.write_bytes(b"".join(members()))
    return path


def test_html_responses_are_documents_with_record_numbers_urls_and_dates(archive):
    docs, problems = read(archive)
    assert [(d.id, d.url, d.published, d.title) for d in docs] == [
        ("CC-NEWS-sample.warc.gz#3", "https://news.example/1", "2022-02-10", "Troops arrive"),
        ("CC-NEWS-sample.warc.gz#7", "https://news.example/2", "2024-06-19", "Exercise ends"),  # from WARC-Date
        ("CC-NEWS-sample.warc.gz#8", "https://news.example/3", "2024-06-19", "Poll"),
    ]
    assert docs[0].text == ("Troops arrive\n\nRussia sent about 30,000 troops into Belarus, officials in Kyiv said.\n\n"
                            "Officials declined to give further details about the movements when asked by reporters "
                            "on the day.")
    assert problems == [f"{archive}#4: skipped: not HTML (application/pdf)",
                        f"{archive}#5: skipped: HTTP 404, not a page"]


def test_cli_streams_rows_with_doc_and_url(run_cli, archive):
    result = run_cli("extract", archive, "-f", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {(r["doc"], r["url"], r["kind"], r["text"]) for r in rows} >= {
        ("CC-NEWS-sample.warc.gz#3", "https://news.example/1", "troops", "about 30,000"),
        ("CC-NEWS-sample.warc.gz#8", "https://news.example/3", "poll", "Only 3 percent"),
    }
    assert f"{archive}#4: skipped: not HTML (application/pdf)" in result.stderr


def test_a_gzip_member_cut_in_half_is_reported_and_reading_goes_on(tmp_path):
    parts = members()
    parts[2] = parts[2][: len(parts[2]) // 2]  # record 3, the first page
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(b"".join(parts))
    docs, problems = read(path)
    assert [d.id for d in docs] == ["cut.warc.gz#7", "cut.warc.gz#8"]
    assert problems[0].startswith(f"{path}#3: skipped: damaged: ")
    assert problems[1:] == [f"{path}#4: skipped: not HTML (application/pdf)", f"{path}#5: skipped: HTTP 404, not a page"]


def test_a_big_page_cut_in_half_mid_file_fails_its_digest(tmp_path):
    """A long member cut short swallows the next one: warcio decodes garbage that the
    record's WARC-Block-Digest catches; the members after it are read again."""
    big = article("Long", " ".join(f"Paragraph {i} says Russia moved {i},000 troops." for i in range(1, 400)))
    parts = members([record("response", f"https://news.example/{n}", page)
                     for n, page in enumerate([PAGE_1, big, PAGE_2, PAGE_3], 1)])
    parts[1] = parts[1][: len(parts[1]) // 2]
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(b"".join(parts))
    docs, problems = read(path)
    assert [(d.id, d.url) for d in docs] == [("cut.warc.gz#1", "https://news.example/1"),
                                             ("cut.warc.gz#3", "https://news.example/3"),
                                             ("cut.warc.gz#4", "https://news.example/4")]
    assert len(problems) == 1 and problems[0].startswith(f"{path}#2: skipped: damaged: ")


def test_a_file_cut_short_reports_its_last_record(tmp_path):
    parts = members()
    path = tmp_path / "short.warc.gz"
    path.write_bytes(b"".join(parts[:-1]) + parts[-1][: len(parts[-1]) // 2])
    docs, problems = read(path)
    assert [d.id for d in docs] == ["short.warc.gz#3", "short.warc.gz#7"]
    assert problems[-1].startswith(f"{path}#8: skipped: damaged: truncated")


def test_uncompressed_warc_and_a_bad_digest(tmp_path):
    parts = members(compress=False)
    damaged = parts[6].replace(b"joint exercises", b"joint exorcises")  # same length, wrong digest
    path = tmp_path / "plain.warc"
    path.write_bytes(b"".join(parts[:6]) + damaged + parts[7])
    docs, problems = read(path)
    assert [d.id for d in docs] == ["plain.warc#3", "plain.warc#8"]
    assert problems[-1].startswith(f"{path}#7: skipped: damaged: record fails its WARC digest")


def test_not_a_warc_file(tmp_path):
    path = tmp_path / "notes.warc"
    path.write_text("These are my notes about 3,000 troops.", encoding="utf-8")
    docs, problems = read(path)
    assert docs == [] and problems == [f"{path}: skipped: not a WARC file (neither gzip nor a WARC/1.x header)"]


def test_warc_in_a_folder_has_its_relative_path_in_doc(tmp_path, archive):
    (tmp_path / "crawl").mkdir()
    archive.rename(tmp_path / "crawl" / "part-00001.warc.gz")
    (tmp_path / "note.txt").write_text("Belarus moved 3,000 troops.", encoding="utf-8")
    docs, _ = read(tmp_path)
    assert [d.id for d in docs] == ["crawl/part-00001.warc.gz#3", "crawl/part-00001.warc.gz#7",
                                    "crawl/part-00001.warc.gz#8", "note.txt"]


def test_records_are_read_one_at_a_time(archive, monkeypatch):
    from belsignal.readers import warc

    seen = []
    real = warc._Page.read
    monkeypatch.setattr(warc._Page, "read", classmethod(lambda cls, rec: seen.append(1) or real.__func__(cls, rec)))
    docs = read_documents([archive])
    first = next(docs)
    assert first.id.endswith("#3") and len(seen) == 3  # records 1-3 only
    assert len(list(docs)) == 2 and len(seen) == len(RECORDS)


def test_missing_warcio_is_one_clear_error(run_cli, archive, monkeypatch):
    monkeypatch.setitem(sys.modules, "warcio", None)
    monkeypatch.setitem(sys.modules, "warcio.archiveiterator", None)
    result = run_cli("extract", archive)
    assert result.exit_code == 2
    assert result.stderr == ("Error: reading WARC files needs the 'warc' extra (warcio is not "
                             "installed): pip install 'belsignal[warc]'\n")
