"""Readers for news as it arrives: saved web pages (`html`), web archives (`warc`), links (`web`).

Each reader turns one input into `Document`s for `belsignal.documents.read_documents`, which
routes inputs here by their suffix (or `http(s)://` prefix). The libraries they use are
optional extras (README: "Web pages, web archives and links"); `require` turns a missing one into a one-line error.
"""
from __future__ import annotations

import importlib
from types import ModuleType

from ..errors import InputError

# The extra that provides each optional module.
EXTRA_OF = {
    "trafilatura": "html",
    "w3lib": "html",
    "charset_normalizer": "html",
    "warcio": "warc",
    "httpx": "web",
    "protego": "web",
    "datasketch": "dedup",
}


class MissingExtra(InputError):
    """An input needs a library that is not installed (exit code 2)."""


def require(module: str, needed_for: str) -> ModuleType:
    """Import `module`, or raise MissingExtra naming the extra that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        extra = EXTRA_OF.get(module.split(".")[0], "news")
        raise MissingExtra(
            f"{needed_for} needs the '{extra}' extra ({error.name or module} is not installed): "
            f"pip install 'belsignal[{extra}]'"
        ) from None


# (file name endings, reader module, reader function, what it does, the modules it needs)
_FILE_READERS = (
    ((".warc", ".warc.gz"), "warc", "warc_documents", "reading WARC files", ("warcio", "trafilatura")),
    ((".html", ".htm", ".xhtml", ".shtml"), "html", "html_file_documents", "reading HTML", ("trafilatura",)),
)
_LINK_NEEDS = ("httpx", "protego", "trafilatura")


def _file_reader(path):
    name = path.name.lower()
    return next((entry for entry in _FILE_READERS if name.endswith(entry[0])), None)


def reader_for(path):
    """The reader for a web page or web archive file, or None for other files.

    A reader is called as reader(path, doc_path, report) and yields Documents."""
    entry = _file_reader(path)
    if entry is None:
        return None
    return getattr(importlib.import_module(f"{__name__}.{entry[1]}"), entry[2])


def saved_page_resources(file_names) -> set[str]:
    """The names of the folders browsers save a page's resources in ("Webpage, complete":
    NAME.html beside NAME_files/), which are not articles and are not read."""
    pages = (name.rsplit(".", 1)[0] for name in file_names if name.lower().endswith((".html", ".htm")))
    return {f"{stem}_files" for stem in pages}


def check_extras(inputs) -> None:
    """Raise MissingExtra if a named input needs an optional library that is missing."""
    from pathlib import Path

    from ..documents import is_link

    for item in inputs:
        name = str(item)
        if is_link(name):
            needs, what = _LINK_NEEDS, "downloading links"
        elif name != "-" and (entry := _file_reader(Path(name))) is not None:
            needs, what = entry[4], entry[3]
        else:
            continue
        for module in needs:
            require(module, what)


class Links:
    """The downloads of one read: a Downloader made on the first link, closed at the end."""

    def __init__(self, options=None) -> None:
        self.options, self.downloader = options, None

    def __enter__(self) -> "Links":
        return self

    def __exit__(self, *exc) -> None:
        if self.downloader is not None:
            self.downloader.close()

    def documents(self, url: str, report):
        from .web import Downloader, WebOptions, url_documents

        if self.downloader is None:
            self.downloader = Downloader(self.options or WebOptions())
        return url_documents(url, self.downloader, report)


def news_documents(inputs, url_lists=(), *, published=None, on_problem=None, delay=None, timeout=None,
                   save_pages=None, on_duplicate=None, exclude=()):
    """`read_documents` with what `belsignal extract` adds: the links in `url_lists` files
    (read after `inputs`), download options, and dropping near-duplicates when
    `on_duplicate(doc, original_id)` is given. `exclude`: files never read (the run's output)."""
    from ..documents import read_documents
    from .web import WebOptions, read_url_list

    report = on_problem or (lambda problem: None)
    links = [link for path in url_lists for link in read_url_list(path, report)]
    if not inputs and not url_lists:
        raise InputError("nothing to read: give a folder, file, http(s) link or - (stdin), or --urls FILE")
    web = WebOptions(save_pages=save_pages)
    web.delay = web.delay if delay is None else delay
    web.timeout = web.timeout if timeout is None else timeout
    docs = read_documents([*inputs, *links], published=published, on_problem=report, web=web, exclude=exclude)
    if on_duplicate is not None:
        from ..dedup import drop_near_duplicates

        require("datasketch", "--dedup")  # now, not at the first document
        docs = drop_near_duplicates(docs, on_duplicate=on_duplicate)
    return docs
