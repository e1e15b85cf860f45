"""`refactorkit fleet` summaries: per repository and per rule or count, totals, success rate
and time, as text, JSON, Markdown (for the campaign's tracking issue) or one HTML page."""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

Record = Mapping[str, Any]
_MAIN = ("findings", "references", "files_changed", "files", "changed_lines")


def summarize(
    records: Sequence[Record], skipped: Sequence[str], seconds: float, executor: str
) -> dict[str, Any]:
    """The campaign as plain data: totals, success rate, time, per-count sums, per repo."""
    status = Counter(str(r.get("status")) for r in records)
    totals: Counter[str] = Counter()
    for r in records:
        totals.update(r.get("counts") or {})
    ok = status.get("ok", 0)
    return {
        "verb": records[0]["verb"] if records else "",
        "executor": executor,
        "repos": len(records),
        "status": dict(sorted(status.items())),
        "success_rate": round(ok / len(records), 4) if records else 1.0,
        "skipped": list(skipped),
        "wall_seconds": round(seconds, 3),
        "task_seconds": round(sum(float(r.get("seconds") or 0) for r in records), 3),
        "totals": dict(sorted(totals.items())),
        "results": [dict(r) for r in records],
    }


def _last_line(text: Any) -> str:
    lines = str(text or "").strip().splitlines()
    return lines[-1] if lines else ""


def _secs(record: Record) -> str:
    return f"{float(record.get('seconds') or 0):.1f}"


def _main_count(record: Record) -> str:
    counts = record.get("counts") or {}
    return ", ".join(f"{counts[k]} {k}" for k in _MAIN if k in counts)


def _headline(summary: Mapping[str, Any]) -> str:
    rate = f"{summary['success_rate'] * 100:.0f}%"
    status = ", ".join(f"{n} {s}" for s, n in summary["status"].items())
    return (
        f"fleet {summary['verb']}: {summary['repos']} repositories ({status}); success {rate}; "
        f"{len(summary['skipped'])} skipped as done; {summary['wall_seconds']:.1f} s wall, "
        f"{summary['task_seconds']:.1f} s in tasks ({summary['executor']})"
    )


def render_text(summary: Mapping[str, Any]) -> str:
    lines = []
    for r in summary["results"]:
        done = " (done before)" if r["name"] in summary["skipped"] else ""
        what = _main_count(r) if r.get("status") == "ok" else _last_line(r.get("error"))
        line = f"{r['name']}: {r.get('status')} {_secs(r)}s {what}{done}"
        lines.append(line.rstrip())
    lines += ["", _headline(summary)]
    lines += [f"  {k}: {v}" for k, v in summary["totals"].items()]
    return "\n".join(lines) + "\n"


def render_json(summary: Mapping[str, Any]) -> str:
    return json.dumps(summary, indent=2, sort_keys=True) + "\n"


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")[:200]


def render_markdown(summary: Mapping[str, Any]) -> str:
    out = [f"## fleet {summary['verb']}", "", _headline(summary), ""]
    out += ["| repository | status | figures | seconds | revision |", "|---|---|---|---:|---|"]
    for r in summary["results"]:
        figures = _main_count(r) if r.get("status") == "ok" else _cell(r.get("error", ""))
        rev = str(r.get("revision", ""))[:12]
        out.append(f"| {r['name']} | {r.get('status')} | {figures} | {_secs(r)} | `{rev}` |")
    if summary["totals"]:
        out += ["", "| count | total |", "|---|---:|"]
        out += [f"| {_cell(k)} | {v} |" for k, v in summary["totals"].items()]
    return "\n".join(out) + "\n"


def render_html(summary: Mapping[str, Any]) -> str:
    """One self-contained page: the headline, the per-repository table and the totals."""
    esc = html.escape
    rows = "".join(
        f"<tr class='{esc(str(r.get('status')))}'><td>{esc(r['name'])}</td>"
        f"<td>{esc(str(r.get('status')))}</td>"
        f"<td>{esc(_main_count(r) or str(r.get('error', ''))[:200])}</td><td>{_secs(r)}</td></tr>"
        for r in summary["results"]
    )
    totals = "".join(
        f"<tr><td>{esc(k)}</td><td>{v}</td></tr>" for k, v in summary["totals"].items()
    )
    return (
        "<!doctype html><meta charset='utf-8'><title>refactorkit fleet</title>"
        "<style>body{font:14px sans-serif;margin:2em}td,th{padding:2px 8px;text-align:left}"
        ".failed,.error{background:#fdd}</style>"
        f"<h1>fleet {esc(summary['verb'])}</h1><p>{esc(_headline(summary))}</p>"
        f"<table><tr><th>repository</th><th>status</th><th>figures</th><th>s</th></tr>{rows}</table>"
        f"<h2>Totals</h2><table>{totals}</table>\n"
    )


RENDERERS = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "html": render_html,
}
