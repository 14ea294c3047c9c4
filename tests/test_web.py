"""Links: pages downloaded from HTTP servers the tests start on 127.0.0.1 (no other network):
a page, a redirect, a 404, a timeout, a non-HTML response, robots.txt, delays, --save-pages."""
from __future__ import annotations

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from belsignal.documents import read_documents

from .conftest import need

need("httpx", "downloading links needs httpx: pip install -e '.[web]'")
need("protego", "downloading links needs Protego: pip install -e '.[web]'")
need("trafilatura", "reading HTML needs trafilatura: pip install -e '.[html]'")

from belsignal.readers.web import USER_AGENT, WebOptions  # noqa: E402

ARTICLE = ("<!DOCTYPE html><html><head><title>Troops arrive</title>"
           '<link rel="canonical" href="https://news.example/troops-arrive">'
           '<meta property="article:published_time" content="2022-02-10"></head><body>'
           "<nav><a href='/'>Home</a></nav><article><h1>Troops arrive</h1>"
           "<p>Russia sent about 30,000 troops into Belarus, officials in Kyiv said on Thursday.</p>"
           "<p>Minsk said the joint exercises would end on 20 February near Brest.</p></article></body></html>")
# Windows-1251 bytes, declared only by the HTTP header.
RUSSIAN = "Минск направил 3000 военнослужащих к границе, заявили в министерстве обороны страны."
RUSSIAN_PAGE = f"<html><body><article><p>{RUSSIAN}</p><p>{RUSSIAN}</p></article></body></html>"
SLOW_SECONDS = 3.0  # the /slow page answers after this long (the tests' timeout is shorter)
TIMEOUT = 0.5


class Handler(BaseHTTPRequestHandler):
    """/article, /moved (301 to /article), /loop (302 to itself), /missing (404), /slow,
    /report.pdf, /big, /cp1251, /private/* (disallowed by robots.txt), /robots.txt."""

    def do_GET(self):  # noqa: N802 (http.server's naming)
        server = self.server
        server.log.append((self.path, self.headers.get("User-Agent"), time.monotonic()))
        path = self.path
        if path == "/robots.txt":
            status, body = server.robots
            return self.reply(status, body.encode(), "text/plain")
        if path == "/article":
            return self.reply(200, ARTICLE.encode(), "text/html; charset=utf-8")
        if path in ("/moved", "/to-private"):
            target = "/article" if path == "/moved" else "/private/page"
            return self.reply(301, b"", "text/html", [("Location", target)])
        if path == "/loop":
            return self.reply(302, b"", "text/html", [("Location", "/loop")])
        if path == "/slow":
            server.stopping.wait(SLOW_SECONDS)
            return self.reply(200, ARTICLE.encode(), "text/html")
        if path == "/report.pdf":
            return self.reply(200, b"%PDF-1.4 not a page", "application/pdf")
        if path == "/big":
            return self.reply(200, ARTICLE.encode() * 50, "text/html")
        if path == "/cp1251":
            return self.reply(200, RUSSIAN_PAGE.encode("cp1251"), "text/html; charset=windows-1251")
        return self.reply(404, b"<html><body>Not found</body></html>", "text/html")

    def reply(self, status: int, body: bytes, content_type: str, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def log_message(self, *args):  # keep the test output clean
        pass


class Server:
    def __init__(self, robots=(200, "User-agent: *\nDisallow: /private/\n")):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.log, self.httpd.robots, self.httpd.stopping = [], robots, threading.Event()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def paths(self) -> list[str]:
        return [path for path, _, _ in self.httpd.log]

    def stop(self):
        self.httpd.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")  # a proxy in the environment must not see these
    started = Server()
    yield started
    started.stop()


def read(urls, **options):
    problems = []
    options.setdefault("delay", 0.0)
    options.setdefault("timeout", TIMEOUT)
    docs = list(read_documents(urls, on_problem=problems.append, web=WebOptions(**options)))
    return docs, [str(p) for p in problems]


def test_page_redirect_404_timeout_and_non_html(server):
    base = server.base
    links = [f"{base}/article", f"{base}/moved", f"{base}/missing", f"{base}/slow", f"{base}/report.pdf"]
    docs, problems = read(links)
    assert [(d.id, d.url, d.published, d.title) for d in docs] == [
        (f"{base}/article", "https://news.example/troops-arrive", "2022-02-10", "Troops arrive"),
        (f"{base}/moved", "https://news.example/troops-arrive", "2022-02-10", "Troops arrive"),
    ]
    assert docs[0].text.startswith("Troops arrive\n\nRussia sent about 30,000 troops into Belarus")
    assert problems == [f"{base}/missing: skipped: HTTP 404 Not Found",
                        f"{base}/slow: skipped: timed out after {TIMEOUT:g} s",
                        f"{base}/report.pdf: skipped: not HTML (application/pdf)"]
    assert server.paths == ["/robots.txt", "/article", "/moved", "/article", "/missing", "/slow", "/report.pdf"]
    assert {agent for _, agent, _ in server.httpd.log} == {USER_AGENT}
    assert USER_AGENT.startswith("belsignal/")


def test_robots_txt_is_honoured_for_links_and_redirect_targets(server):
    base = server.base
    docs, problems = read([f"{base}/private/page", f"{base}/to-private", f"{base}/article"])
    assert [d.id for d in docs] == [f"{base}/article"]
    assert problems == [f"{base}/private/page: skipped: disallowed by robots.txt",
                        f"{base}/to-private: skipped: disallowed by robots.txt"]
    assert "/private/page" not in server.paths and server.paths.count("/robots.txt") == 1


@pytest.mark.parametrize("robots, allowed", [((404, ""), True), ((500, "oops"), False)])
def test_robots_txt_missing_allows_all_and_unreachable_forbids_all(monkeypatch, robots, allowed):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    other = Server(robots=robots)
    try:
        docs, problems = read([f"{other.base}/article"])
    finally:
        other.stop()
    assert len(docs) == int(allowed)
    if not allowed:
        assert problems == [f"{other.base}/article: skipped: robots.txt answered HTTP 500, so the site is "
                            "treated as disallowing all (RFC 9309)"]
        assert other.paths == ["/robots.txt"]


def test_delay_between_requests_to_the_same_host(server):
    delay = 0.3
    read([f"{server.base}/article", f"{server.base}/missing"], delay=delay)
    times = [t for _, _, t in server.httpd.log]  # robots.txt, /article, /missing
    assert len(times) == 3
    # Counted from the end of one response to the next request, so the gaps at the server are longer.
    assert all(later - earlier >= delay for earlier, later in zip(times, times[1:]))


def test_redirect_loop_size_limit_and_charset_from_the_header(server):
    base = server.base
    docs, problems = read([f"{base}/loop", f"{base}/big", f"{base}/cp1251"], max_bytes=10_000)
    assert problems == [f"{base}/loop: skipped: more than 5 redirects",
                        f"{base}/big: skipped: larger than the download limit of 10,000 bytes "
                        f"({len(ARTICLE.encode()) * 50:,} bytes)"]
    assert [d.id for d in docs] == [f"{base}/cp1251"] and RUSSIAN in docs[0].text


def test_malformed_links_are_reported():
    docs, problems = read(["http://", "http://[::1/a", "https://:8080/a"])
    assert docs == []
    assert [p.split(": skipped: ")[1].split(" (")[0] for p in problems] == ["not a valid link"] * 3


def test_unreachable_host(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    closed = Server()
    base = closed.base
    closed.stop()  # nothing listens on that port any more
    docs, problems = read([f"{base}/article"])
    assert docs == []
    assert problems[0].startswith(f"{base}/article: skipped: robots.txt could not be read (connection failed")


def test_cli_urls_file_save_pages_and_offline_rerun(run_cli, server, tmp_path):
    links = tmp_path / "links.txt"
    links.write_text(f"# this week's links\n{server.base}/article\n\nnot a link\n{server.base}/missing\n",
                     encoding="utf-8")
    pages = tmp_path / "pages"
    online = run_cli("extract", "--urls", links, "--save-pages", pages, "--delay", "0", "-f", "jsonl")
    assert online.exit_code == 0
    assert f"{links}:4: skipped: not an http(s) link: 'not a link'" in online.stderr
    assert f"{server.base}/missing: skipped: HTTP 404 Not Found" in online.stderr
    rows = [json.loads(line) for line in online.stdout.splitlines()]
    assert {(r["doc"], r["url"], r["kind"], r["text"]) for r in rows} >= {
        (f"{server.base}/article", "https://news.example/troops-arrive", "troops", "about 30,000")}
    [saved] = list(pages.rglob("*.html"))
    assert saved.parent.name == f"127.0.0.1-{server.base.rsplit(':', 1)[1]}"
    assert saved.read_bytes().startswith(f"<!-- saved from url=({len(server.base) + 8:04d}){server.base}/article -->".encode())

    requests = len(server.paths)
    offline = run_cli("extract", pages, "-f", "jsonl")
    assert len(server.paths) == requests  # nothing downloaded
    again = [json.loads(line) for line in offline.stdout.splitlines()]
    fields = ("kind", "text", "value", "start", "end", "sentence", "published", "url", "title")
    assert [[r[k] for k in fields] for r in again] == [[r[k] for k in fields] for r in rows]


def test_saved_page_without_canonical_link_keeps_its_address(server, tmp_path):
    from belsignal.readers.web import Page, save_page

    path = save_page(tmp_path, Page(f"{server.base}/plain?id=7", "text/html",
                                    b"<html><body><article><p>Belarus moved 3,000 troops to the border with "
                                    b"Ukraine, the ministry said.</p></article></body></html>"), print)
    [doc] = read_documents([path])
    assert doc.url == f"{server.base}/plain?id=7" and path.name.startswith("plain-id-7-")


def test_a_link_on_the_command_line(run_cli, server):
    result = run_cli("extract", f"{server.base}/article", "--delay", "0", "-f", "json")
    assert result.exit_code == 0
    assert {(r["doc"], r["text"]) for r in json.loads(result.stdout)} >= {(f"{server.base}/article", "about 30,000")}


def test_missing_httpx_is_one_clear_error(run_cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "httpx", None)
    result = run_cli("extract", "https://news.example/a")
    assert result.exit_code == 2
    assert result.stderr == ("Error: downloading links needs the 'web' extra (httpx is not installed): "
                             "pip install 'belsignal[web]'\n")
