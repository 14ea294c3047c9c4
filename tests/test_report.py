"""`belsignal report`: the HTML file opened in a real headless Chromium with the network off,
and the PNG/SVG charts made by vl-convert.

The input is a hand-made signal table whose claims are counted by hand below, so every
expected number of marks is known without running the report code.
"""
from __future__ import annotations

import itertools
import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import ROOT, missing, need

need("altair", "the report needs Altair: pip install -e '.[report]'")
need("vl_convert", "the report needs vl-convert: pip install -e '.[report]'")

from belsignal.export import write_signals  # noqa: E402
from belsignal.signals import Signal  # noqa: E402


ARTIFACTS = Path(os.environ.get("BELSIGNAL_ARTIFACTS", ROOT / "test-artifacts"))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--no-proxy-server"]  # fmt: skip
WIRE = "Russia has deployed about 30,000 troops to Belarus, the Hajun Project said."


_OFFSETS = itertools.count(0, 100)


def sig(doc: str, published: str, kind: str, sentence: str, **fields) -> Signal:
    """A signal row; each at its own offset, so no two share an id."""
    fields.setdefault("actor", "belarus")
    start = next(_OFFSETS)
    return Signal(doc=doc, published=published, kind=kind, sentence=sentence, text=sentence[:10], start=start,
                  end=start + 10, rule=f"{kind}.test", **fields)  # fmt: skip


# Expected marks, counted by hand: see the comment on each row.
KNOWN = [
    # forces: 7 points (6 troops, 1 equipment), 1 range rule, 2 dashed open-bound stubs
    *(sig(f"wire/{n}.txt", f"2024-06-0{n + 1}", "troops", WIRE, value=30000.0, qualifier="approx", unit="personnel",
          actor="russia", subject="troops", source="Hajun Project", url=f"https://news{n}.example/story")
      for n in range(3)),  # three reprints: one claim, one point
    sig("b.txt", "2024-06-10", "troops", "Russia now has 9,000 troops in Belarus.", value=9000.0, low=9000.0,
        high=9000.0, qualifier="exact", unit="personnel", actor="russia", subject="troops"),
    sig("c.txt", "2024-05-01", "troops", "Belarus could field 4,000-6,000 men.", low=4000.0, high=6000.0,
        qualifier="range", unit="personnel", subject="men"),  # a point and a range rule
    sig("c.txt", "2024-05-01", "troops", "Thousands of Belarusian reservists were called up.", low=1000.0,
        qualifier="vague", unit="personnel", subject="reservists", modality="reported"),  # a point and a stub
    sig("d.txt", "2024-04-01", "equipment", "Belarus moved 8 tanks to the border.", value=8.0, low=8.0, high=8.0,
        qualifier="exact", unit="tank", subject="tanks"),
    sig("d.txt", "2024-04-01", "troops", "Belarus will not send 20,000 troops.", value=20000.0, low=20000.0,
        high=20000.0, qualifier="exact", unit="personnel", subject="troops", modality="negated"),
    sig("e.txt", "2024-06-06", "troops", "Ukraine has up to 7,000 volunteers there.", value=7000.0, high=7000.0,
        qualifier="at_most", unit="personnel", actor="ukraine", subject="volunteers"),  # a point and a stub
    sig("undated.txt", "", "troops", "Belarus has 48,000 soldiers.", value=48000.0, low=48000.0, high=48000.0,
        qualifier="exact", unit="personnel", subject="soldiers"),  # no date: left out of the chart
    # polls: 3 points
    sig("p.txt", "2024-03-01", "poll", "Only 3 percent support joining the war.", value=3.0, low=3.0, high=3.0,
        qualifier="exact", unit="percent", subject="support joining the war", source="Chatham House"),
    sig("p.txt", "2024-03-01", "poll", "About 70% opposed it.", value=70.0, qualifier="approx", unit="percent",
        subject="opposed joining the conflict", source="Chatham House"),
    sig("q.txt", "2024-05-01", "poll", "5 percent back sending troops.", value=5.0, low=5.0, high=5.0,
        qualifier="exact", unit="percent", subject="support sending troops", source="Ryhor Astapenia"),
    # exercises: 3 bars (a stated period, a stated month, and one dated by its publication only)
    sig("x.txt", "2024-02-01", "exercise", "Drills ran from 10 to 20 February near Brest.", subject="drills",
        date="2024-02-10", date_text="from 10 to 20 February", location="Brest",
        **({"date_end": "2024-02-20"} if "date_end" in Signal.__dataclass_fields__ else {})),
    sig("y.txt", "2024-08-01", "exercise", "Russia plans exercises in September near Pskov.", actor="russia",
        subject="exercises", date="2024-09", location="Pskov"),
    sig("z.txt", "2024-06-19", "exercise", "A snap readiness check began.", subject="snap readiness check"),
    # denials: 3 bars: week of 2024-06-17 belarus 2 claims and russia 1; week of 2024-07-01 belarus 1
    sig("n1.txt", "2024-06-17", "denial", "Lukashenka denied plans to send troops.", subject="plans to send troops",
        source="Lukashenka"),
    sig("n2.txt", "2024-06-19", "denial", "Lukashenka said mobilisation was fake news.", subject="mobilisation",
        source="Lukashenka"),
    sig("n3.txt", "2024-06-18", "denial", "Peskov denied rumours of pressure on Minsk.", actor="russia",
        subject="rumours of pressure", source="Dmitry Peskov"),
    sig("n4.txt", "2024-07-01", "denial", "Khrenin denied any build-up.", subject="build-up", source="Viktor Khrenin"),
]
EXPECTED_MARKS = {
    "forces": {"symbols": 7, "rules": 3, "dashed": 2, "rects": 0},
    "polls": {"symbols": 3, "rules": 0, "dashed": 0, "rects": 0},
    "exercises": {"symbols": 0, "rules": 0, "dashed": 0, "rects": 3},
    "denials": {"symbols": 0, "rules": 0, "dashed": 0, "rects": 3},
}
CLAIMS = len(KNOWN) - 2  # the three wire reprints are one claim


@pytest.fixture(scope="module")
def known_table(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "week.jsonl"
    with path.open("w", encoding="utf-8") as out:
        write_signals(KNOWN, "jsonl", out)
    return path


@pytest.fixture(scope="module")
def report_html(known_table, run_cli) -> Path:
    out = known_table.with_name("report.html")
    result = run_cli("report", known_table, "-o", out, "--since", "2024-06-01")
    assert result.exit_code == 0, result.stderr
    return out


def test_report_is_one_self_contained_file(report_html):
    text = report_html.read_text(encoding="utf-8")
    assert "<script src" not in text and "<link" not in text and "@import" not in text
    specs = json.loads(text.split("const specs = ", 1)[1].split(";\n", 1)[0])
    assert sorted(specs) == sorted(EXPECTED_MARKS)
    assert all(spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/") for spec in specs.values())
    assert "Lukashenka denied plans to send troops." in text  # the denial sentences are listed


# --------------------------------------------------------------------------- in Chromium


def _chromium() -> str:
    """Debian's chromium (or $BELSIGNAL_CHROMIUM), "" when it is not there."""
    found = os.environ.get("BELSIGNAL_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser") or ""
    return found if found and os.access(found, os.X_OK) else ""


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium (Debian's package) for the module; never a downloaded browser."""
    executable = _chromium()
    if not executable:
        missing("Chromium is not installed (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def page(browser, report_html):
    """The report opened from disk with the network off; console errors and requests recorded."""
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    errors, requests = [], []
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    opened.on("pageerror", lambda error: errors.append(str(error)))

    def only_the_file(route):
        requests.append(route.request.url)
        if route.request.url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            route.abort()

    opened.route("**/*", only_the_file)
    opened.goto(report_html.as_uri())
    opened.wait_for_function("window.belsignalReady !== undefined")
    opened.evaluate("window.belsignalReady.then(() => true)")
    opened.errors, opened.requests = errors, requests
    yield opened
    context.close()


MARKS_JS = """name => {
  const root = document.getElementById("chart-" + name);
  const count = selector => root.querySelectorAll(selector).length;
  return {symbols: count("g.mark-symbol.role-mark path"), rules: count("g.mark-rule.role-mark line"),
          dashed: count("g.mark-rule.role-mark line[stroke-dasharray]"), rects: count("g.mark-rect.role-mark path")};
}"""


def test_every_chart_renders_its_marks_without_errors_or_network(page):
    assert sorted(page.evaluate("window.belsignalCharts")) == sorted(EXPECTED_MARKS)
    for name, expected in EXPECTED_MARKS.items():
        assert page.evaluate(MARKS_JS, name) == expected, name
    assert page.errors == []
    assert [url for url in page.requests if not url.startswith("file:")] == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000


def test_hover_shows_sentence_source_and_article(page):
    page.locator("#chart-forces g.mark-symbol.role-mark path").first.hover()
    page.wait_for_selector("#vg-tooltip-element.visible", timeout=5000)
    tooltip = page.inner_text("#vg-tooltip-element")
    for label in ("sentence", "source", "article", "modality"):
        assert label in tooltip


def test_claims_table_filters_and_what_moved_lists_the_new(page):
    rows = "#claims tbody tr:not(.hidden)"
    assert page.locator(rows).count() == CLAIMS
    page.fill("#claim-filter", "Peskov")
    assert page.locator(rows).count() == 1
    assert "1 of" in page.inner_text("#claim-count")
    page.fill("#claim-filter", "")
    page.select_option("#kind-filter", "poll")
    assert page.locator(rows).count() == 3
    page.select_option("#kind-filter", "")
    wire = page.locator(rows, has_text="Hajun Project")
    assert wire.count() == 1 and "https://news2.example/story" in wire.inner_text()  # latest reprint's link
    moved = page.inner_text("#moved ~ p.headline")
    assert moved.startswith("since 2024-06-01:")
    new = page.locator("h3", has_text="New (").inner_text()
    # indicators published only from 2024-06-01: Russian troops (the wire story and the 9,000),
    # Ukraine's volunteers, the Pskov exercises (published in August), the snap check, four denials
    assert new == "New (8)"


# --------------------------------------------------------------------------- images


def test_png_and_svg_charts_without_a_browser(known_table, run_cli, tmp_path):
    result = run_cli("report", known_table, "-o", tmp_path / "charts", "--format", "svg")
    assert result.exit_code == 0, result.stderr
    for name, expected in EXPECTED_MARKS.items():
        tree = ET.parse(tmp_path / "charts" / f"{name}.svg")
        groups = [g for g in tree.iter("{http://www.w3.org/2000/svg}g") if "role-mark" in g.get("class", "")]
        found = {"symbols": 0, "rules": 0, "dashed": 0, "rects": 0}
        for group in groups:
            items = list(group)
            kind = group.get("class", "").split()[0]
            if kind == "mark-symbol":
                found["symbols"] += len(items)
            elif kind == "mark-rule":
                found["rules"] += len(items)
                found["dashed"] += sum(1 for i in items if i.get("stroke-dasharray"))
            elif kind == "mark-rect":
                found["rects"] += len(items)
        assert found == expected, name
    result = run_cli("report", known_table, "-o", tmp_path / "week.pdf")
    assert result.exit_code == 2 and "name a .html, .png or .svg file" in result.stderr
    result = run_cli("report", known_table, "-o", tmp_path / "week.png")
    assert result.exit_code == 0, result.stderr
    for name in EXPECTED_MARKS:
        assert (tmp_path / f"week-{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert run_cli("report", known_table, "-o", tmp_path / "charts", "--format", "svg", "-q").exit_code == 0  # again
    (tmp_path / "notes").write_text("mine", encoding="utf-8")
    for output, message in ((tmp_path / "missing" / "week.png", f"no such folder: {tmp_path / 'missing'}"),
                            (tmp_path / "notes", "is a file; give a folder for the charts")):
        result = run_cli("report", known_table, "-o", output, "--format", "png")
        assert (result.exit_code, result.stderr.count("\n")) == (2, 1), result.stderr
        assert result.stderr.startswith(f"Error: {output}: {message}")
    assert (tmp_path / "notes").read_text(encoding="utf-8") == "mine" and not (tmp_path / "missing").exists()


def test_report_on_a_store_shows_what_moved_since_the_previous_run(run_cli, tmp_path):
    need("sqlite_utils", "the store needs sqlite-utils: pip install -e '.[store]'")
    from belsignal.tables import write_table

    db = tmp_path / "signals.db"
    earlier = [s for s in KNOWN if s.published and s.published < "2024-06-01"]
    write_table(earlier, "sqlite", db)
    write_table(KNOWN, "sqlite", db)
    out = tmp_path / "report.html"
    assert run_cli("report", db, "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    # run 2 adds everything published from June (and the undated 48,000, an indicator run 1 had)
    assert len({s.id for s in KNOWN}) == len(KNOWN) == 20
    assert f"run 2 against run 1: {len(earlier)} -&gt; 20 signals" in text and "<h3>New (8)</h3>" in text
    assert run_cli("report", db, "-o", out, "--run", "1").exit_code == 0
    assert "Nothing to compare with" in out.read_text(encoding="utf-8")
