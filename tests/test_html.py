"""Saved web pages: trafilatura's main text and metadata, offsets into it, charsets, --show-text.

The ten real pages are read from ../shared/html (third-party copies, never copied into the
project). They are not about Belarus: to check that article text survives a real layout
and that page furniture gives no signal, the tests insert the paragraphs of a seed article
into each page's body, and signal-bearing sentences into its navigation, a cookie notice, a
related-articles list and its scripts, then compare with the seed read as plain text.
"""
from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

import pytest

from belsignal.documents import read_documents

from .conftest import SEEDS, SHARED, need

need("trafilatura", "reading HTML needs trafilatura: pip install -e '.[html]'")
need("w3lib", "reading HTML needs w3lib: pip install -e '.[html]'")

from belsignal.readers.html import decode_html, page_document  # noqa: E402

PAGES = SHARED / "html"
SEED = SEEDS / "000_193a5e913a49cda4.txt"
PUBLISHED = "2023-12-06"

# What each page says about itself (its <title>/og:title, canonical link, publication date).
METADATA = {
    "dw.com.colonial.html": ("Berlin confronts Germany's colonial past with new initiative | DW | 19.01.2020",
                             "https://www.dw.com/en/berlin-confronts-germanys-colonial-past-with-new-initiative/a-52060881",
                             "2020-01-19"),
    "mercurynews.com.2023.01.16.letters-1119.html": (
        "Letters: Coddling criminals | Undermining road | Tax dollars | Recount cost | Predicting climate",
        "https://www.mercurynews.com/2023/01/16/letters-1119", "2023-01-16"),
    "nationalgeographic.co.uk.goats.html": (
        "Ravenous wild goats ruled this island for over a century. Now, it's being reborn.",
        "https://www.nationalgeographic.co.uk/environment-and-conservation/2020/01/ravenous-wild-goats-ruled-island-over-century-now-its-being",
        "2020-01-06"),
    "phys.org.tool.html": ("Flint flake tool partially covered by birch tar adds to evidence of Neanderthal complex thinking",
                           "https://phys.org/news/2019-10-flint-flake-tool-partially-birch.html", "2019-10-22"),
    "reuters.com.parasite.html": ("'Parasite' scores historic upset at SAG awards, boosting Oscar chances",
                                  "https://www.reuters.com/article/us-awards-sag-idUSKBN1ZI0EH", "2020-01-20"),
    "salon.com.emissions.html": ("Despite everything, U.S. emissions dipped in 2019",
                                 "https://www.salon.com/2020/01/10/despite-everything-u-s-emissions-dipped-in-2019_partner/",
                                 "2020-01-10"),
    "scmp.com.playbook.html": ("Carrie Lam should study Tsai Ing-wen’s playbook",
                               "https://www.scmp.com/comment/opinion/article/3046526/taiwanese-president-tsai-ing-wens-political-playbook-should-be",
                               "2020-01-20"),
    "theguardian.com.academics.html": ("Thousands of UK academics 'treated as second-class citizens'",
                                       "http://www.theguardian.com/education/2020/jan/20/thousands-of-uk-academics-treated-as-second-class-citizens",
                                       "2020-01-20"),
    "theverge.com.ios13.html": ("iOS 13 will fix the FaceTime eye contact problem",
                                "https://www.theverge.com/2019/7/3/20680681/ios-13-beta-3-facetime-attention-correction-eye-contact",
                                "2019-07-03"),
    "vancouversun.com.microsoft.html": ("Microsoft moves to erase its carbon footprint from the atmosphere in climate push",
                                        "https://vancouversun.com/technology/microsoft-moves-to-erase-its-carbon-footprint-from-the-atmosphere-in-climate-push/wcm/76e426d9-56de-40ad-9504-18d5101013d2",
                                        "2020-01-16"),
}

# Furniture with signals in it, each with a figure found nowhere else.
NAV = '<li><a href="/belarus">Belarus masses 41,000 troops on the border</a></li>'
COOKIE = ('<div id="cookie-banner" class="cookie-consent"><p>We use cookies. Russia sent 52,000 troops '
          'into Belarus, and so do we send cookies.</p><button>Accept all</button></div>')
RELATED = ('<aside class="related-articles"><h3>Related articles</h3><ul>'
           '<li><a href="/a">Minsk says 63,000 reservists were called up</a></li>'
           '<li><a href="/b">Poll: 74 percent of Belarusians oppose the war</a></li></ul></aside>')
SCRIPTS = ('<script type="application/ld+json">{"@type": "Organization", "description": '
           '"Belarus deployed 85,000 soldiers near Brest."}</script>'
           '<script>var teaser = "Russia moved 96,000 troops to Belarus";</script>')
FURNITURE_FIGURES = ("41,000", "52,000", "63,000", "74 percent", "85,000", "96,000")
COMPARED = ("kind", "text", "value", "low", "high", "qualifier", "unit", "actor", "subject", "source",
            "modality", "date", "date_text", "location", "sentence", "rule")


def seed_paragraphs() -> list[str]:
    """The seed article's paragraphs, without its dateline."""
    return [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()][1:]


def with_article(page: str, body_text: str) -> str:
    """The page with the seed paragraphs (then a related-articles list) after one of its own
    article paragraphs, or at the start of its <article>, <main> or <body>; plus furniture."""
    paragraphs = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in seed_paragraphs())
    position = _after_body_paragraph(page, body_text)
    if position is None:
        tag = next(m for t in ("article", "main", "body") if (m := re.search(rf"<{t}\b[^>]*>", page)))
        position = tag.end()
    page = page[:position] + paragraphs + RELATED + page[position:]
    nav = re.search(r"<nav\b[^>]*>", page)
    if nav:
        page = page[:nav.end()] + f"<ul>{NAV}</ul>" + page[nav.end():]
    body = re.search(r"<body\b[^>]*>", page)
    page = page[:body.end()] + COOKIE + page[body.end():]
    body_end = page.rfind("</body>")
    return page[:body_end] + SCRIPTS + page[body_end:]


def _after_body_paragraph(page: str, body_text: str) -> int | None:
    for line in body_text.split("\n\n"):
        found = page.find(line[-25:]) if len(line) > 80 else -1
        close = page.find("</p>", found) if found >= 0 else -1
        if close >= 0 and close - found < 200:
            return close + len("</p>")
    return None


def compared(row: dict) -> tuple:
    """The fields of a row that do not depend on where its text sits, whitespace collapsed
    (trafilatura turns no-break spaces into spaces); a missing value as None."""
    return tuple(" ".join(v.split()) or None if isinstance(v := row[k], str) else v for k in COMPARED)


def rows_of(docs, published=PUBLISHED) -> list[tuple]:
    import belsignal

    return [compared(s.to_dict()) for s in belsignal.extract(docs, published=published)]


@pytest.fixture(scope="session")
def plain_rows():
    from belsignal.documents import Document

    rows = rows_of([Document(id="seed", text="\n\n".join(seed_paragraphs()))])
    assert len(rows) >= 8
    return rows


@pytest.fixture(scope="session")
def saved_pages(tmp_path_factory) -> Path:
    """The ten real pages, each with the seed article and the furniture inserted."""
    folder = tmp_path_factory.mktemp("saved_pages")
    for name in METADATA:
        page = (PAGES / name).read_text(encoding="utf-8")
        [doc] = read_documents([PAGES / name])
        (folder / name).write_text(with_article(page, doc.text), encoding="utf-8")
    return folder


# --------------------------------------------------------------------------- real pages


def test_real_pages_give_title_canonical_url_and_date():
    problems = []
    docs = list(read_documents([PAGES], on_problem=problems.append))
    pages = {d.id: d for d in docs if d.id.endswith(".html")}
    assert {name: (d.title, d.url, d.published) for name, d in pages.items()} == METADATA
    assert problems == []
    assert all(d.text == d.text.strip() and "\n\n\n" not in d.text for d in pages.values())


def test_off_topic_real_pages_give_no_hardware_poll_exercise_or_denial():
    """Ten real articles on films, goats, emissions and phones: their counts of dump trucks,
    rounds of consultations and tons of CO2 are not military hardware."""
    rows = rows_of(read_documents([PAGES]))
    assert [(kind, text) for kind, text, *_ in rows if kind != "troops"] == []


def test_real_page_text_is_the_article_without_furniture():
    [doc] = read_documents([PAGES / "reuters.com.parasite.html"])
    assert doc.text.startswith("'Parasite' scores historic upset at SAG awards, boosting Oscar chances\n\n"
                               "LOS ANGELES (Reuters) - South Korean thriller “Parasite” was the upset winner")
    raw = (PAGES / "reuters.com.parasite.html").read_text(encoding="utf-8")
    for furniture in ("<script", "window.", "Cookie", "All quotes delayed"):
        assert furniture in raw
        assert furniture not in doc.text
    assert doc.text.count("'Parasite' scores historic upset") == 1  # the title is not repeated


def test_title_already_heading_the_text_is_not_repeated():
    [doc] = read_documents([PAGES / "nationalgeographic.co.uk.goats.html"])
    title = METADATA["nationalgeographic.co.uk.goats.html"][0]
    assert doc.text.startswith(title + "\n\n") and doc.text.count(title) == 1


def test_saved_pages_give_the_signals_of_the_plain_text_and_none_from_furniture(run_cli, saved_pages, plain_rows):
    result = run_cli("extract", saved_pages, "-f", "jsonl", "--published", PUBLISHED)
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    docs = {d.id: d for d in read_documents([saved_pages])}
    assert sorted(docs) == sorted(METADATA)
    for name, doc in docs.items():
        found = [compared(r) for r in rows if r["doc"] == name]
        seed_sentences = {row[COMPARED.index("sentence")] for row in plain_rows}
        assert [row for row in found if row[COMPARED.index("sentence")] in seed_sentences] == plain_rows, name
        # Anything else comes from the page's own article (one has "60 to 100 dump trucks a day").
        own = {row[:2] + row[-2:] for row in rows_of(read_documents([PAGES / name]))}
        assert {row[:2] + row[-2:] for row in found if row[COMPARED.index("sentence")] not in seed_sentences} == own
        assert all(doc.text[r["start"]:r["end"]] == r["text"] for r in rows if r["doc"] == name)
        assert all(r["title"] == METADATA[name][0] and r["url"] == METADATA[name][1] for r in rows if r["doc"] == name)
    assert not [r for r in rows if any(f in r["sentence"] for f in FURNITURE_FIGURES)]


def test_the_furniture_sentences_do_give_signals_as_plain_text():
    """The check above could not fail if the furniture held no signal."""
    from belsignal.documents import Document

    furniture = re.sub(r"<[^>]+>", "\n\n", NAV + COOKIE + RELATED + SCRIPTS.replace('"', ""))
    rows = rows_of([Document(id="furniture", text=furniture)])
    assert {text for _, text, *_ in rows} >= {"41,000", "52,000", "63,000", "74 percent", "85,000", "96,000"}


def test_show_text_prints_the_text_offsets_count_in(run_cli, saved_pages):
    page = saved_pages / "dw.com.colonial.html"
    shown = run_cli("extract", page, "--show-text")
    assert shown.exit_code == 0
    [doc] = read_documents([page])
    assert shown.stdout == doc.text + "\n"
    rows = json.loads(run_cli("extract", page, "-f", "json").stdout)
    assert rows and all(shown.stdout[r["start"]:r["end"]] == r["text"] for r in rows)


def test_show_text_as_jsonl_reads_back_with_the_same_offsets(run_cli, saved_pages, tmp_path):
    shown = run_cli("extract", saved_pages, "--show-text", "-f", "jsonl")
    records = [json.loads(line) for line in shown.stdout.splitlines()]
    assert [r["id"] for r in records] == sorted(METADATA)
    assert records[0]["title"] == METADATA[records[0]["id"]][0]
    (tmp_path / "texts.jsonl").write_text(shown.stdout, encoding="utf-8")
    again = json.loads(run_cli("extract", tmp_path / "texts.jsonl", "-f", "json").stdout)
    first = json.loads(run_cli("extract", saved_pages, "-f", "json").stdout)
    assert [(r["doc"].split("#")[1], r["start"], r["end"], r["text"]) for r in again] == \
           [(r["doc"], r["start"], r["end"], r["text"]) for r in first]


def test_show_text_never_writes_text_into_a_table_file(run_cli, saved_pages, tmp_path):
    """Plain text written as `-o signals.db` would replace the store with text: refused."""
    page = saved_pages / "dw.com.colonial.html"
    store = tmp_path / "signals.db"
    store.write_bytes(b"SQLite format 3\x00 a store")
    for args, what in ((["-o", store], "sqlite"), (["-o", tmp_path / "t.parquet"], "parquet"),
                       (["-f", "csv"], "csv"), (["-o", tmp_path / "t.csv"], "csv"), (["--bom"], "--bom")):
        result = run_cli("extract", page, "--show-text", *args)
        assert (result.exit_code, result.stdout) == (2, ""), args
        assert result.stderr == ("Error: --show-text writes plain text (or a record per document with -f jsonl or "
                                 f"json), not {what}\n")
    assert store.read_bytes() == b"SQLite format 3\x00 a store"
    assert not (tmp_path / "t.parquet").exists() and not (tmp_path / "t.csv").exists()
    assert run_cli("extract", page, "--show-text", "-o", tmp_path / "t.txt").exit_code == 0


def test_show_text_of_several_documents_heads_each(run_cli, saved_pages):
    shown = run_cli("extract", saved_pages / "dw.com.colonial.html", saved_pages / "phys.org.tool.html", "--show-text")
    assert re.findall(r"^==> (.*) <==$", shown.stdout, re.M) == ["dw.com.colonial.html", "phys.org.tool.html"]


# --------------------------------------------------------------------------- small pages


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body><article>{body}</article></body></html>"


ARTICLE = ("<h1>Troops on the move</h1><p>Russia sent about 30,000 troops into Belarus, officials in Kyiv said "
           "on Monday, citing satellite images.</p><p>Minsk denied the reports and called them a provocation "
           "aimed at the West.</p>")


def read_page(tmp_path: Path, content: str | bytes, name: str = "page.html"):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    problems = []
    return list(read_documents([path], on_problem=problems.append)), problems


def test_html_in_a_folder_is_read_next_to_text(tmp_path):
    (tmp_path / "a.html").write_text(page(ARTICLE, "<title>Troops on the move</title>"), encoding="utf-8")
    (tmp_path / "b.txt").write_text("Belarus moved 3,000 troops.", encoding="utf-8")
    problems = []
    docs = list(read_documents([tmp_path], on_problem=problems.append))
    assert [d.id for d in docs] == ["a.html", "b.txt"] and problems == []
    assert docs[0].text.startswith("Troops on the move\n\nRussia sent about 30,000 troops into Belarus")
    assert "<p>" not in docs[0].text


def test_a_page_on_stdin_is_read_as_a_page(run_cli):
    """`curl -s URL | belsignal extract -`: the article, not the markup."""
    piped = run_cli("extract", "-", "-f", "jsonl", "-q", input=page(ARTICLE, "<title>Troops on the move</title>"))
    rows = [json.loads(line) for line in piped.stdout.splitlines()]
    assert [(r["doc"], r["text"], r["title"]) for r in rows if r["kind"] == "troops"] == [
        ("<stdin>", "about 30,000", "Troops on the move")]
    assert not any("<" in r["sentence"] for r in rows)
    shown = run_cli("extract", "-", "--show-text", input=page(ARTICLE))
    assert shown.stdout.startswith("Troops on the move\n\nRussia sent about 30,000 troops")
    plain = run_cli("extract", "-", "--show-text", input="Russia sent <b>30,000</b> troops.")  # text stays text
    assert plain.stdout == "Russia sent <b>30,000</b> troops.\n"


def test_a_page_saved_complete_is_read_without_its_files_folder(tmp_path):
    """Browsers save "Webpage, complete" as NAME.html beside NAME_files/ (scripts, images, ad frames)."""
    (tmp_path / "Troops arrive.html").write_text(page(ARTICLE), encoding="utf-8")
    resources = tmp_path / "Troops arrive_files"
    resources.mkdir()
    (resources / "app.js").write_text("var troops = 30000;", encoding="utf-8")
    (resources / "ad-frame.htm").write_text(page("<p>Buy now: 50,000 soldiers' boots on sale, today only, "
                                                 "while stocks last in every store.</p>"), encoding="utf-8")
    (tmp_path / "notes_files").mkdir()  # no notes.html beside it: an ordinary folder
    (tmp_path / "notes_files" / "b.txt").write_text("Belarus moved 3,000 troops.", encoding="utf-8")
    problems = []
    docs = list(read_documents([tmp_path], on_problem=problems.append))
    assert [d.id for d in docs] == ["Troops arrive.html", "notes_files/b.txt"]
    assert [str(p) for p in problems] == [f"{resources}: ignored: the resources of a saved web page"]


def test_date_from_page_metadata_else_the_dateline(tmp_path):
    meta = '<meta property="article:published_time" content="2024-06-19T10:32:00Z">'
    [doc], _ = read_page(tmp_path, page(ARTICLE, meta))
    assert doc.published == "2024-06-19"
    [doc], _ = read_page(tmp_path, page("<p>Wednesday, June 19, 2024</p>" + ARTICLE))
    assert doc.published == "2024-06-19"
    # A date inside a sentence is neither metadata nor a dateline.
    [doc], _ = read_page(tmp_path, page("<p>The exercise began on 2 March 2021 near Brest, the ministry "
                                        "said in a long statement.</p>" + ARTICLE))
    assert doc.published == ""


def test_url_from_canonical_link_else_the_saved_from_mark(tmp_path):
    canonical = '<link rel="canonical" href="https://news.example/a/1">'
    [doc], _ = read_page(tmp_path, page(ARTICLE, canonical))
    assert doc.url == "https://news.example/a/1"
    marked = "<!-- saved from url=(0029)https://news.example/saved/2 -->\n" + page(ARTICLE)
    [doc], _ = read_page(tmp_path, marked)
    assert doc.url == "https://news.example/saved/2"
    [doc], _ = read_page(tmp_path, page(ARTICLE))
    assert doc.url == ""


def test_page_without_article_text_is_skipped_with_a_reason(tmp_path):
    docs, problems = read_page(tmp_path, "<html><head><title>Empty</title></head><body><div id='app'></div>"
                                         "<script>render('Russia sent 30,000 troops')</script></body></html>")
    assert docs == []
    assert [str(p) for p in problems] == [f"{tmp_path / 'page.html'}: skipped: no article text found in the page"]


# --------------------------------------------------------------------------- charsets

RUSSIAN = "Минск направил 3000 военнослужащих к границе с Украиной, заявили в министерстве обороны."


@pytest.mark.parametrize("encoding, head", [
    ("cp1251", '<meta charset="windows-1251">'),
    ("koi8-r", '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'),
    ("utf-8", '<meta charset="utf-8">'),
    ("utf-8", ""),
])
def test_declared_charset_is_trusted(tmp_path, encoding, head):
    content = page(f"<p>{RUSSIAN}</p><p>{RUSSIAN}</p>", head).encode(encoding)
    [doc], problems = read_page(tmp_path, content)
    assert RUSSIAN in doc.text and problems == []


def test_http_charset_wins_over_meta_and_bytes_win_over_a_wrong_label():
    text = "Lukashenko’s “special” forces – about 2,000 men"
    # The HTTP header says cp1252; the <meta> (wrongly) says utf-8: the header wins, as in browsers.
    decoded, guessed = decode_html(page(f"<p>{text}</p>", '<meta charset="utf-8">').encode("cp1252"),
                                   "text/html; charset=windows-1252")
    assert text in decoded and guessed == ""
    # Declared ISO-8859-1 but the bytes are UTF-8 (a common mislabel): the bytes win.
    decoded, guessed = decode_html(page(f"<p>{text}</p>", '<meta charset="iso-8859-1">').encode("utf-8"))
    assert text in decoded and guessed == ""
    # Declared UTF-8 but the bytes are cp1252: not UTF-8, so the declaration cannot be right.
    decoded, _ = decode_html(page(f"<p>{text}</p>", '<meta charset="utf-8">').encode("cp1252"))
    assert text in decoded


def test_a_utf16_label_without_a_bom_is_not_believed():
    decoded, _ = decode_html(page("<p>Belarus moved 3,000 troops.</p>", '<meta charset="utf-16">').encode("utf-8"))
    assert "Belarus moved 3,000 troops." in decoded


def test_undeclared_legacy_charset_is_guessed_and_said(tmp_path):
    content = page(f"<p>{RUSSIAN}</p>" * 3).encode("cp1251")
    [doc], problems = read_page(tmp_path, content)
    assert RUSSIAN in doc.text
    assert [str(p) for p in problems] == [f"{tmp_path / 'page.html'}: warning: no charset declared and not UTF-8; "
                                          "read as cp1251"]


def test_page_document_from_bytes_with_a_content_type():
    problems = []
    doc = page_document("x", page(ARTICLE).encode("cp1252"), where="x", report=problems.append,
                        url="https://news.example/x", content_type="text/html; charset=cp1252")
    assert doc.url == "https://news.example/x" and "30,000 troops" in doc.text and problems == []


# --------------------------------------------------------------------------- missing extra


def test_missing_trafilatura_is_one_clear_error(run_cli, tmp_path, monkeypatch):
    from belsignal.readers import MissingExtra

    path = tmp_path / "page.html"
    path.write_text(page(ARTICLE), encoding="utf-8")
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import trafilatura now raises ImportError
    with pytest.raises(MissingExtra, match=r"reading HTML needs the 'html' extra .*pip install 'belsignal\[html\]'"):
        read_documents([path])
    result = run_cli("extract", path)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: reading HTML needs the 'html' extra") and result.stderr.count("\n") == 1
    # In a folder too, as soon as a page is met (the text files need nothing).
    with pytest.raises(MissingExtra):
        list(read_documents([tmp_path]))
