"""`belsignal report SOURCE -o report.html`: the forecaster's picture in one offline HTML file.

The charts are Vega-Lite specs built with Altair and drawn by vega-embed; the JavaScript
of Vega, Vega-Lite and vega-embed is inlined from `vl_convert.javascript_bundle()`, so the
file makes no network request and opens anywhere, offline, from a mail attachment or a
shared drive. Why this stack: Altair builds declarative, validated specs from plain rows
(no pandas, no plotting code of ours); the same specs become PNG or SVG through
vl-convert's bundled engine with no browser (`--format png|svg`); and the specs in the
file stay inspectable. The alternative, a plotting library that writes static images,
would lose the hover (sentence, source, link) the forecaster reads the chart through.

Everything is drawn from claims (`belsignal.grouping`): a figure reprinted by five outlets
is one mark. Sections:

- Force levels: troop and equipment claims per actor over time (event date, else first
  publication), ranges as solid rules from low to high, open bounds ("at least", "up to",
  vague magnitudes) as a dashed stub pointing the open way, modality as the point's shape;
- Polls: each poll figure (percent) by stance (colour) and pollster (shape) over time;
- Exercises: each exercise from `date` to `date_end` (a stated month or year spans it),
  one lane per actor and location;
- Denials: claims per ISO week by the denying actor, with their sentences listed;
- What moved: the diff against the previous run of a store, or against `--since DATE`;
- Claims: a filterable table of the latest claims with their provenance.
"""
from __future__ import annotations

import calendar
import datetime as dt
import html
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import TextIO

from belsignal.diff import BatchDiff, describe_figure
from belsignal.diff import view as diff_view
from belsignal.errors import BelsignalError, OutputError
from belsignal.grouping import Claim, claims, headline
from belsignal.render import Section
from belsignal.signals import MODALITIES

CHARTS = ("forces", "polls", "exercises", "denials")
IMAGE_FORMATS = ("png", "svg")
MAX_TABLE_ROWS = 1000
_SHAPES = {"asserted": "circle", "reported": "diamond", "negated": "cross", "hypothetical": "square"}
_OPEN_STUB = 1.5  # an open bound's dashed stub reaches this factor beyond the bound


@dataclass
class ReportData:
    source: str
    claims: list[Claim]
    mentions: int
    moved: BatchDiff | None = None
    moved_label: str = ""  # "since run 2", "since 2024-06-01"


def build(rows: list[dict], *, source: str = "", previous: list[dict] | None = None, moved_label: str = "") -> ReportData:
    """The report's data: the claims of rows, and what moved since `previous` rows (if given)."""
    from belsignal.diff import diff_batches

    moved = diff_batches(previous, rows) if previous is not None else None
    return ReportData(source, claims(rows), len(rows), moved, moved_label)


def before(rows: list[dict], since: str) -> list[dict]:
    """The rows as they stood before `since` (ISO date): those published earlier, and the undated
    (nothing says they are new)."""
    return [r for r in rows if not r.get("published") or r["published"] < since]


def _altair():
    try:
        import altair
        import vl_convert
    except ImportError:
        raise BelsignalError("the report needs Altair and vl-convert: pip install 'belsignal[report]'") from None
    return altair, vl_convert


# --------------------------------------------------------------------------- dates


def _day(iso: str, *, end: bool = False) -> str:
    """A full ISO day from "YYYY-MM-DD", "YYYY-MM" or "YYYY": its first day, or with end=True its last."""
    parts = (iso or "").split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return f"{year:04d}-12-31" if end else f"{year:04d}-01-01"
        month = int(parts[1])
        if len(parts) == 2:
            return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1] if end else 1:02d}"
        return dt.date(year, month, int(parts[2][:2])).isoformat()
    except (ValueError, IndexError):
        return ""


def _when(claim: Claim) -> tuple[str, str]:
    """(day on the time axis, how it is known): the event date, else the first publication."""
    if _day(claim.date):
        return _day(claim.date), claim.date
    if _day(claim.first_seen):
        return _day(claim.first_seen), f"published {claim.first_seen}"
    return "", ""


# --------------------------------------------------------------------------- chart data


def _datum(claim: Claim) -> dict:
    when, when_text = _when(claim)
    link = claim.link
    return {
        "when": when,
        "when_text": when_text,
        "kind": claim.kind,
        "actor": claim.actor or "unknown",
        "unit": claim.unit,
        "subject": claim.subject,
        "figure": describe_figure(claim.figure, modality=False),
        "modality": claim.figure["modality"],
        "mentions": claim.mentions,
        "outlets": claim.outlets,
        "sources": "; ".join(claim.sources) or "(none named)",
        "sentence": claim.example,
        "link": link,
        "href": link if link.startswith(("http://", "https://")) else None,
    }


def _number_datum(claim: Claim) -> dict | None:
    """A claim with a number and a date as a chart point: y, and the range or open bound it spans."""
    number, (when, _) = headline(claim.figure), _when(claim)
    if number is None or number <= 0 or not when:  # nothing to place on a log axis
        return None
    low, high, qualifier = claim.figure["low"], claim.figure["high"], claim.figure["qualifier"]
    datum = {**_datum(claim), "y": number, "low": None, "high": None, "bound": None, "stub": None}
    if low is not None and high is not None and low < high:
        datum["low"], datum["high"] = low, high
    elif qualifier in ("at_least", "vague"):
        datum["bound"], datum["stub"] = number, number * _OPEN_STUB
    elif qualifier == "at_most":
        datum["bound"], datum["stub"] = number, number / _OPEN_STUB
    return datum


def chart_data(data: ReportData) -> dict[str, list[dict]]:
    """The records behind each chart (a claim without a date or a number is left out of a chart)."""
    forces = [d for c in data.claims if c.kind in ("troops", "equipment") for d in [_number_datum(c)] if d]
    polls = [d for c in data.claims if c.kind == "poll" and c.unit == "percent" for d in [_number_datum(c)] if d]
    exercises = []
    for claim in data.claims:
        if claim.kind != "exercise":
            continue
        start, _ = _when(claim)
        if not start:
            continue
        last = _day(claim.date_end, end=True) if claim.date_end else _day(claim.date, end=True) if claim.date else start
        end = (dt.date.fromisoformat(max(last or start, start)) + dt.timedelta(days=1)).isoformat()
        lane = " · ".join(p for p in (claim.actor or "unknown", claim.location) if p)
        exercises.append({**_datum(claim), "start": start, "end": end, "lane": lane,
                          "period": " to ".join(p for p in (claim.date, claim.date_end) if p) or _when(claim)[1]})
    weeks: Counter = Counter()
    for claim in data.claims:
        if claim.kind == "denial" and _when(claim)[0]:
            weeks[(_week(_when(claim)[0]), claim.actor or "unknown")] += 1
    denials = [{"week": week, "actor": actor, "claims": n} for (week, actor), n in sorted(weeks.items())]
    return {"forces": forces, "polls": polls, "exercises": exercises, "denials": denials}


def _week(day: str) -> str:
    """The Monday of the ISO week of day."""
    date = dt.date.fromisoformat(day)
    return (date - dt.timedelta(days=date.weekday())).isoformat()


# --------------------------------------------------------------------------- charts


_TOOLTIP = [("subject", "subject"), ("figure", "figure"), ("unit", "unit"), ("modality", "modality"),
            ("when_text", "when"), ("sources", "source"), ("mentions", "mentions"), ("outlets", "outlets"),
            ("sentence", "sentence"), ("link", "article")]  # fmt: skip


def _tooltip(alt, extra: tuple = ()) -> list:
    return [alt.Tooltip(f"{field}:N", title=title) for field, title in (*_TOOLTIP, *extra)]


def _time(alt, field: str = "when", title: str = "date") -> object:
    return alt.X(f"{field}:T", title=title, scale=alt.Scale(type="utc", padding=12),
                 axis=alt.Axis(format="%Y-%m-%d", labelAngle=-30))


def _figures_chart(alt, records: list[dict], *, color: str, shape: str, title: str, y_title: str, log: bool):
    """Points (shape by `shape`), solid low-high rules for ranges and dashed stubs for open bounds."""
    scale = alt.Scale(type="log") if log else alt.Scale(zero=True)
    base = alt.Chart(alt.Data(values=records)).encode(
        x=_time(alt), color=alt.Color(f"{color}:N", title=color), tooltip=_tooltip(alt))
    ranges = base.mark_rule(strokeWidth=2).encode(y=alt.Y("low:Q", scale=scale, title=y_title), y2="high:Q") \
        .transform_filter("datum.low != null")
    stubs = base.mark_rule(strokeWidth=2, strokeDash=[4, 3]).encode(y=alt.Y("bound:Q", scale=scale), y2="stub:Q") \
        .transform_filter("datum.bound != null")
    if shape == "modality":
        shape_encoding = alt.Shape("modality:N", title="modality",
                                   scale=alt.Scale(domain=list(MODALITIES), range=[_SHAPES[m] for m in MODALITIES]))
    else:
        shape_encoding = alt.Shape(f"{shape}:N", title=shape)
    points = base.mark_point(filled=True, size=80, opacity=0.9).encode(
        y=alt.Y("y:Q", scale=scale, title=y_title), shape=shape_encoding, href="href:N")
    return alt.layer(ranges, stubs, points).properties(title=title, width=760, height=260)


def chart_specs(data: ReportData) -> dict[str, dict]:
    """Vega-Lite specs (dicts) of the charts that have data, by name (see CHARTS)."""
    alt, _ = _altair()
    records = chart_data(data)
    charts = {}
    if records["forces"]:
        kinds = [k for k in ("troops", "equipment") if any(r["kind"] == k for r in records["forces"])]
        charts["forces"] = alt.vconcat(*(
            _figures_chart(alt, [r for r in records["forces"] if r["kind"] == kind], color="actor", shape="modality",
                           title=f"{kind.capitalize()}: claims per actor", y_title=f"{kind} (log scale)", log=True)
            for kind in kinds
        )).resolve_scale(color="shared", shape="shared")  # fmt: skip
    if records["polls"]:
        polls = [{**r, "stance": _short(r["subject"]), "pollster": r["sources"].split("; ")[0]} for r in records["polls"]]
        charts["polls"] = _figures_chart(alt, polls, color="stance", shape="pollster",
                                         title="Polls: share by stance and pollster", y_title="percent", log=False)
    if records["exercises"]:
        charts["exercises"] = alt.Chart(alt.Data(values=records["exercises"])).mark_bar(height=14).encode(
            x=_time(alt, "start", "from"), x2="end:T", y=alt.Y("lane:N", title=None),
            color=alt.Color("actor:N", title="actor"), href="href:N",
            tooltip=_tooltip(alt, (("period", "period"), ("location", "location"))),
        ).properties(title="Exercises: from date to date_end", width=760)
    if records["denials"]:
        charts["denials"] = alt.Chart(alt.Data(values=records["denials"])).mark_bar().encode(
            x=alt.X("week:O", title="week of"), y=alt.Y("claims:Q", title="denials (claims)", stack="zero"),
            color=alt.Color("actor:N", title="who denies"),
            tooltip=[alt.Tooltip("week:N", title="week of"), alt.Tooltip("actor:N", title="who denies"),
                     alt.Tooltip("claims:Q", title="denials")],
        ).properties(title="Denials per week", width=760, height=200)  # fmt: skip
    return {name: chart.to_dict() for name, chart in charts.items()}


def _short(text: str, limit: int = 40) -> str:
    from belsignal.diff import short_text

    return short_text(text, limit) or "(no subject)"


# --------------------------------------------------------------------------- images


def _images_target(path: str | os.PathLike) -> tuple[Path, bool]:
    """(path, whether it names a folder for the charts: an existing folder, or no suffix)."""
    target = Path(path)
    return target, target.is_dir() or not target.suffix


def check_images_output(path: str | os.PathLike) -> None:
    """Raise OutputError, before any work, if the charts cannot be written at path."""
    target, folder = _images_target(path)
    if folder and target.exists() and not target.is_dir():
        raise OutputError(f"{path}: is a file; give a folder for the charts, or a name ending .png or .svg")
    if not folder and not target.parent.is_dir():
        raise OutputError(f"{path}: no such folder: {target.parent}")


def write_images(data: ReportData, path: str | os.PathLike, fmt: str) -> list[Path]:
    """Each chart as a PNG or SVG file (no browser: vl-convert). path is a folder (charts go in
    it as forces.png, ...) or a file name whose stem prefixes them (report-forces.png, ...)."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"unknown image format {fmt!r}; choose one of {', '.join(IMAGE_FORMATS)}")
    _, vlc = _altair()
    target, folder = _images_target(path)
    written = []
    image = target
    try:
        if folder:
            target.mkdir(parents=True, exist_ok=True)
        for name, spec in chart_specs(data).items():
            image = target / f"{name}.{fmt}" if folder else target.with_name(f"{target.stem}-{name}.{fmt}")
            content = vlc.vegalite_to_png(spec, scale=2) if fmt == "png" else vlc.vegalite_to_svg(spec).encode("utf-8")
            _replace(image, content)
            written.append(image)
    except OSError as error:  # a read-only folder, a full disk: one line, as for every output
        raise OutputError(f"{image}: cannot write: {error.strerror or error}") from None
    return written


def _replace(path: Path, content: bytes) -> None:
    """Write path atomically: a temp file beside it, renamed; never left behind."""
    temp = path.with_name(f".{path.name}.tmp")
    try:
        temp.write_bytes(content)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------- HTML


def _script_json(value) -> str:
    """JSON safe inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _e(text) -> str:
    return html.escape("" if text is None else str(text))


def _html_table(section: Section, *, classes: str = "") -> str:
    if not section.rows:
        return "<p class='none'>None.</p>"
    head = "".join(f"<th>{_e(h)}</th>" for h in section.header)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in section.rows)
    return f"<table class='{classes}'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _moved_html(data: ReportData) -> str:
    if data.moved is None:
        return ("<p class='none'>Nothing to compare with: give a store with two runs or more, "
                "or <code>--since DATE</code>.</p>")
    view = diff_view(data.moved)
    parts = [f"<p class='headline'>{_e(data.moved_label)}: {_e(view.headline)}.</p>"]
    for section in view.sections:
        if section.title in ("Summary", "Ranges"):
            continue
        parts.append(f"<h3>{_e(section.title)} ({len(section.rows)})</h3>{_html_table(section, classes='moved')}")
    return "\n".join(parts)


def _denials_html(data: ReportData) -> str:
    found = sorted((c for c in data.claims if c.kind == "denial"), key=lambda c: (_when(c)[0] or "9999", c.id))
    if not found:
        return ""
    items = []
    for claim in found:
        when = _when(claim)[0]
        who = "; ".join(claim.sources) or "(unnamed)"
        items.append(f"<li><span class='when'>{_e(_week(when) if when else 'undated')}</span> "
                     f"<b>{_e(who)}</b> ({_e(claim.actor or 'unknown')}): {_e(claim.example)}</li>")
    return f"<details open><summary>Denial sentences ({len(found)})</summary><ul class='denials'>{''.join(items)}</ul></details>"


def _claims_table(data: ReportData) -> str:
    latest = sorted(data.claims, key=lambda c: (c.last_seen or "", c.first_seen or "", c.id), reverse=True)
    rows = []
    for claim in latest[:MAX_TABLE_ROWS]:
        link = claim.link
        anchor = (f"<a href='{_e(link)}'>{_e(link)}</a>" if link.startswith(("http://", "https://")) else _e(link))
        cells = [claim.kind, claim.actor, claim.unit, claim.subject, describe_figure(claim.figure, modality=False),
                 claim.figure["modality"], claim.mentions, claim.documents, claim.outlets, claim.first_seen,
                 claim.last_seen, "; ".join(claim.sources), claim.example]  # fmt: skip
        rows.append(f"<tr data-kind='{_e(claim.kind)}'>" + "".join(f"<td>{_e(c)}</td>" for c in cells)
                    + f"<td>{anchor}</td></tr>")
    header = ["kind", "actor", "unit", "subject", "figure", "modality", "mentions", "documents", "outlets",
              "first seen", "last seen", "sources", "example", "article"]  # fmt: skip
    kinds = "".join(f"<option>{_e(k)}</option>" for k in sorted({c.kind for c in data.claims}))
    shown = min(len(latest), MAX_TABLE_ROWS)
    return (
        "<div class='filters'><input id='claim-filter' type='search' placeholder='filter: any text (actor, source, "
        f"sentence...)'> <select id='kind-filter'><option value=''>all kinds</option>{kinds}</select> "
        f"<span id='claim-count'>{shown} of {len(latest)} claims</span></div>"
        "<table id='claims'><thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in header) + "</tr></thead><tbody>"
        + "".join(rows) + "</tbody></table>"
    )


_PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>belsignal report: $title</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 1200px; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; margin-bottom: .2em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
.meta, .none, .headline { color: #555; } .chart { margin: .5em 0 1em; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
th, td { border: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; position: sticky; top: 0; } tr.hidden { display: none; }
.filters { margin: .5em 0; } #claim-filter { width: 28em; padding: 3px; } ul.denials li { margin: .2em 0; }
.when { font-family: monospace; color: #555; }
</style>
<script type="text/javascript">
$bundle
</script>
</head>
<body>
<h1>belsignal report</h1>
<p class="meta">$meta</p>
<h2 id="forces">Force levels over time</h2>
<p class="meta">Troop and equipment claims; solid bars are ranges (low to high), dashed stubs are open bounds
(at least, up to, vague magnitudes); the shape is the modality. Hover for the sentence, source and article.</p>
$forces
<h2 id="polls">Polls over time</h2>
$polls
<h2 id="exercises">Exercises calendar</h2>
$exercises
<h2 id="denials">Denials</h2>
$denials
$denial_list
<h2 id="moved">What moved</h2>
$moved
<h2 id="claims-table">Latest claims</h2>
$claims
<script type="text/javascript">
const specs = $specs;
window.belsignalCharts = Object.keys(specs);
window.belsignalReady = Promise.all(Object.entries(specs).map(
  ([name, spec]) => vegaEmbed("#chart-" + name, spec, {renderer: "svg", actions: false})));
(function () {
  const text = document.getElementById("claim-filter"), kind = document.getElementById("kind-filter");
  if (!text) return;
  const rows = Array.from(document.querySelectorAll("#claims tbody tr"));
  const count = document.getElementById("claim-count"), total = count.textContent.split(" of ")[1];
  function apply() {
    const needle = text.value.trim().toLowerCase();
    let shown = 0;
    for (const row of rows) {
      const hide = (kind.value && row.dataset.kind !== kind.value) ||
                   (needle && !row.textContent.toLowerCase().includes(needle));
      row.classList.toggle("hidden", Boolean(hide));
      if (!hide) shown += 1;
    }
    count.textContent = shown + " of " + total;
  }
  text.addEventListener("input", apply);
  kind.addEventListener("change", apply);
})();
</script>
</body>
</html>
""")


_EMPTY = {
    "forces": "No troop or equipment claim with a number and a date.",
    "polls": "No poll figure (percent) with a date.",
    "exercises": "No exercise with a date.",
    "denials": "No dated denial.",
}


def write_html(data: ReportData, out: TextIO) -> None:
    """The whole report as one self-contained HTML page (no network needed to view it)."""
    alt, vlc = _altair()
    vl_version = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])  # the Vega-Lite the specs are written for
    specs = chart_specs(data)
    seen = sorted(d for c in data.claims for d in (c.first_seen, c.last_seen) if d)
    span = f", published {seen[0]} to {seen[-1]}" if seen else ""
    meta = (f"{_e(data.source)}: {len(data.claims)} claims from {data.mentions} mentions in "
            f"{len({r.get('doc') for c in data.claims for r in c.rows})} documents{_e(span)}.")
    charts = {name: f"<div class='chart' id='chart-{name}'></div>" if name in specs else f"<p class='none'>{_EMPTY[name]}</p>"
              for name in CHARTS}  # fmt: skip
    out.write(_PAGE.substitute(
        title=_e(data.source), meta=meta, bundle=vlc.javascript_bundle(vl_version=vl_version),
        **charts, denial_list=_denials_html(data), moved=_moved_html(data), claims=_claims_table(data),
        specs=_script_json(specs),
    ))  # fmt: skip
