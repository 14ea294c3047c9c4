"""Links -> Documents: pages the user names are downloaded politely (httpx), then read as HTML.

Politeness, per request: a User-Agent naming belsignal; robots.txt honoured (Protego, RFC
9309: a robots.txt answering 4xx allows everything, one that cannot be fetched or answers
5xx forbids everything); at least `delay` seconds between two requests to the same host
(longer if robots.txt asks for a Crawl-delay, up to MAX_CRAWL_DELAY); redirects followed
(at most `max_redirects`, each checked against its own host's robots.txt); a timeout and a
size limit. Only the links the user gave, their redirects and robots.txt are fetched.

A link that cannot be read is reported as `URL: skipped: reason` and the run goes on.
`save_pages` keeps each downloaded page as `DIR/HOST/NAME.html`, marked with its address
the way browsers mark saved pages, so `belsignal extract DIR` repeats the run offline.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..documents import Document, Report, Skipped, _os_error_reason, is_link
from ..errors import InputError
from . import require
from .html import HTML_TYPES, looks_like_html, page_document

USER_AGENT = f"belsignal/{__version__} (news signal extraction; honours robots.txt)"
ROBOTS_AGENT = "belsignal"  # the product token robots.txt rules are matched against
MAX_CRAWL_DELAY = 60.0
MAX_ROBOTS_BYTES = 512 * 1024  # RFC 9309 asks parsers to read at least 500 KiB
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass
class WebOptions:
    """How links are downloaded (the CLI's --timeout, --delay and --save-pages)."""

    timeout: float = 20.0  # seconds to connect, and for the whole download of one page
    delay: float = 1.0  # seconds between two requests to the same host
    max_bytes: int = 10 * 2**20
    max_redirects: int = 5
    save_pages: Path | None = None
    user_agent: str = USER_AGENT


class FetchError(Exception):
    """Why a link could not be read (the text of its `skipped` line)."""


@dataclass
class Page:
    url: str  # after redirects
    content_type: str
    data: bytes


@dataclass
class _Robots:
    rules: object = None  # a Protego parser, or None with `allowed` for all paths
    allowed: bool = True
    why: str = ""

    def can_fetch(self, url: str) -> bool:
        return self.rules.can_fetch(url, ROBOTS_AGENT) if self.rules is not None else self.allowed

    def crawl_delay(self) -> float:
        delay = self.rules.crawl_delay(ROBOTS_AGENT) if self.rules is not None else None
        return min(float(delay or 0.0), MAX_CRAWL_DELAY)


@dataclass
class Downloader:
    """Downloads pages one at a time, remembering robots.txt and request times per host."""

    options: WebOptions = field(default_factory=WebOptions)
    _client: object = None
    _robots: dict = field(default_factory=dict)
    _last_request: dict = field(default_factory=dict)

    def __enter__(self) -> "Downloader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def fetch(self, url: str) -> Page:
        """The HTML page at url, after redirects; raises FetchError."""
        httpx = require("httpx", "downloading links")
        try:
            for _ in range(self.options.max_redirects + 1):
                page = self._get(url)
                if isinstance(page, Page):
                    return page
                url = page  # a redirect
            raise FetchError(f"more than {self.options.max_redirects} redirects")
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.options.timeout:g} s") from None
        except httpx.HTTPError as error:
            raise FetchError(_http_error(error)) from None
        except (httpx.InvalidURL, ValueError) as error:  # ValueError: urllib on a malformed address
            raise FetchError(f"not a valid link ({' '.join(str(error).split())})") from None

    def _get(self, url: str) -> Page | str:
        """The page at url, or the address it redirects to."""
        origin = _origin(url)
        robots = self._robots_for(origin)
        if not robots.can_fetch(url):
            raise FetchError(robots.why or "disallowed by robots.txt")
        with self._turn(origin, robots.crawl_delay()):
            deadline = time.monotonic() + self.options.timeout
            with self.client.stream("GET", url) as response:
                target = self._redirect(url, response)
                if target:
                    return target
                content_type = response.headers.get("content-type", "")
                media = content_type.split(";")[0].strip().lower()
                if media and media not in HTML_TYPES:
                    raise FetchError(f"not HTML ({media})")
                data = self._body(response, deadline)
        if not media and not looks_like_html(data):
            raise FetchError("not HTML (no Content-Type, and the content is not HTML)")
        return Page(str(response.url), content_type, data)

    @staticmethod
    def _redirect(url: str, response) -> str:
        """The address a redirect points to ("" if the response is none); raises FetchError for errors."""
        status = response.status_code
        if status in _REDIRECTS:
            target = response.headers.get("location")
            if not target:
                raise FetchError(f"HTTP {status} redirect without a Location")
            target = urljoin(url, target)
            if not is_link(target):
                raise FetchError(f"redirect to a non-http(s) address: {target[:80]}")
            return target
        if status >= 400:
            raise FetchError(f"HTTP {status} {response.reason_phrase}".strip())
        return ""

    def _body(self, response, deadline: float) -> bytes:
        limit = self.options.max_bytes
        too_big = f"larger than the download limit of {limit:,} bytes"
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"{too_big} ({int(declared):,} bytes)")
        chunks, size = [], 0
        for chunk in response.iter_bytes():  # decoded (gzip, ...): the limit holds after decompression
            size += len(chunk)
            if size > limit:
                raise FetchError(too_big)
            if time.monotonic() > deadline:
                raise FetchError(f"timed out after {self.options.timeout:g} s")
            chunks.append(chunk)
        return b"".join(chunks)

    @property
    def client(self):
        if self._client is None:
            httpx = require("httpx", "downloading links")
            self._client = httpx.Client(
                headers={"User-Agent": self.options.user_agent},
                timeout=self.options.timeout,
                follow_redirects=False,  # followed by hand: robots.txt and the delay apply to each hop
            )
        return self._client

    @contextlib.contextmanager
    def _turn(self, origin: str, crawl_delay: float = 0.0):
        """Wait until `delay` seconds have passed since the last request to this host ended;
        then make the request (the body of the with), noting when it ends."""
        last = self._last_request.get(origin)
        if last is not None:
            pause = last + max(self.options.delay, crawl_delay) - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        try:
            yield
        finally:
            self._last_request[origin] = time.monotonic()

    def _robots_for(self, origin: str) -> _Robots:
        robots = self._robots.get(origin)
        if robots is None:
            robots = self._robots[origin] = self._fetch_robots(origin)
        return robots

    def _fetch_robots(self, origin: str) -> _Robots:
        httpx = require("httpx", "downloading links")
        protego = require("protego", "downloading links")
        try:
            with self._turn(origin), self.client.stream("GET", origin + "/robots.txt",
                                                        follow_redirects=True) as response:
                status = response.status_code
                body = b""
                if 200 <= status < 300:
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) >= MAX_ROBOTS_BYTES:
                            break
        except httpx.HTTPError as error:
            return _Robots(allowed=False, why=f"robots.txt could not be read ({_http_error(error)}), so "
                                              "the site is treated as disallowing all (RFC 9309)")
        if 200 <= status < 300:
            return _Robots(rules=protego.Protego.parse(body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")),
                           why="disallowed by robots.txt")
        if 400 <= status < 500:
            return _Robots(allowed=True)
        return _Robots(allowed=False, why=f"robots.txt answered HTTP {status}, so the site is treated "
                                          "as disallowing all (RFC 9309)")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    if not parts.hostname:
        raise FetchError("not a valid link (no host)")
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _http_error(error: Exception) -> str:
    name = type(error).__name__
    message = " ".join(str(error).split())
    if name in ("ConnectError", "ConnectTimeout"):
        return f"connection failed ({message or name})"
    return f"{name}: {message}" if message else name


# --------------------------------------------------------------------------- documents


def url_documents(url: str, downloader: Downloader, report: Report) -> Iterator[Document]:
    """The Document of one link (`doc` is the link as given), or a `skipped` report."""
    try:
        page = downloader.fetch(url)
    except FetchError as error:
        report(Skipped(url, str(error)))
        return
    if downloader.options.save_pages is not None:
        save_page(downloader.options.save_pages, page, report)
    doc = page_document(url, page.data, where=url, report=report, url=page.url, content_type=page.content_type)
    if doc is not None:
        yield doc


def save_page(folder: Path, page: Page, report: Report) -> Path | None:
    """Write the page as FOLDER/HOST/NAME.html (atomically), marked with its address."""
    parts = urlsplit(page.url)
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", (parts.path + ("?" + parts.query if parts.query else "")).strip("/"))
    digest = hashlib.sha1(page.url.encode()).hexdigest()[:8]
    target = folder / re.sub(r"[^A-Za-z0-9._-]+", "-", parts.netloc) / f"{slug[:80].strip('-.') or 'index'}-{digest}.html"
    # Browsers' "mark of the web": the HTML reader takes the page's address from it.
    mark = f"<!-- saved from url=({len(page.url):04d}){page.url} -->\n".encode()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".saving-")
        with os.fdopen(fd, "wb") as out:
            out.write(mark + page.data)
        os.replace(temp, target)
    except OSError as error:
        report(Skipped(str(target), f"could not save the page: {_os_error_reason(error)}", skipped=False))
        return None
    return target


def read_url_list(path: str | os.PathLike, report: Report) -> list[str]:
    """The links in a --urls file: one a line; blank lines and lines starting with # are
    ignored, and any other line that is not an http(s) link is reported as `FILE:LINE: skipped`.
    A file that cannot be read is an InputError (raised before anything is downloaded)."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        reason = _os_error_reason(error) if isinstance(error, OSError) else "not UTF-8 text"
        raise InputError(f"{path}: cannot read the list of links: {reason}") from None
    links = []
    for lineno, line in enumerate(lines, 1):
        link = line.strip()
        if not link or link.startswith("#"):
            continue
        if is_link(link):
            links.append(link)
        else:
            report(Skipped(f"{path}:{lineno}", f"not an http(s) link: {link[:80]!r}"))
    return links
