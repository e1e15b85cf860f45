"""Render a before/after `Comparison` as text, markdown (for PRs and commit messages) or JSON."""

from __future__ import annotations

import json

from refactorkit.analysis.compare import Comparison, Metric

COMPARE_FORMATS = ("text", "markdown", "json")
JSON_SCHEMA_VERSION = 1


def _num(value: float | None) -> str:
    if value is None:
        return "-"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _delta(metric: Metric) -> str:
    if metric.verdict == "same":
        return "="
    sign = "+" if metric.delta > 0 else "-"
    verdict = "" if metric.verdict == "changed" else f" ({metric.verdict})"
    return f"{sign}{_num(abs(metric.delta))}{verdict}"


def _file_delta(before: int | None, after: int | None) -> str:
    if before is None:
        return "new"
    if after is None:
        return "removed"
    if before == after:
        return "="
    return f"{after - before:+,}"


def render_comparison(comparison: Comparison, fmt: str = "text") -> str:
    """The comparison in one of COMPARE_FORMATS."""
    if fmt == "json":
        return render_json(comparison)
    if fmt == "markdown":
        return render_markdown(comparison)
    return render_text(comparison)


def render_text(c: Comparison) -> str:
    rows = [("Metric", c.base, c.head, "Delta")]
    rows += [(m.label, _num(m.before), _num(m.after), _delta(m)) for m in c.metrics]
    files = [("Largest files (lines)", c.base, c.head, "Delta")]
    files += [(p, _num(b), _num(a), _file_delta(b, a)) for p, b, a in c.largest]
    out = [f"refactorkit compare: {c.base} -> {c.head}", ""]
    for table in (rows, files):
        widths = [max(len(r[i]) for r in rows + files) for i in range(4)]
        for index, row in enumerate(table):
            out.append(
                f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]}"
            )
            if index == 0:
                out.append("-" * (sum(widths) + 6))
        out.append("")
    return "\n".join(out)


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(c: Comparison) -> str:
    """Two GitHub tables: the metrics and the largest files."""
    out = [
        f"### Refactoring metrics: `{_md(c.base)}` → `{_md(c.head)}`",
        "",
        f"| Metric | {_md(c.base)} | {_md(c.head)} | Δ |",
        "| --- | --: | --: | --: |",
    ]
    marks = {"better": " ✅", "worse": " ⚠️", "same": "", "changed": ""}
    for m in c.metrics:
        delta = "=" if m.verdict == "same" else f"{m.delta:+,.2f}".rstrip("0").rstrip(".")
        out.append(
            f"| {m.label} | {_num(m.before)} | {_num(m.after)} | {delta}{marks[m.verdict]} |"
        )
    out += ["", f"| Largest files (lines) | {_md(c.base)} | {_md(c.head)} | Δ |"]
    out.append("| --- | --: | --: | --: |")
    for path, before, after in c.largest:
        out.append(
            f"| `{_md(path)}` | {_num(before)} | {_num(after)} | {_file_delta(before, after)} |"
        )
    return "\n".join(out) + "\n"


def _plain(value: float) -> float | int:
    """Counts as JSON integers (3, not 3.0); averages stay floats."""
    return int(value) if float(value).is_integer() else value


def render_json(c: Comparison) -> str:
    document = {
        "schema_version": JSON_SCHEMA_VERSION,
        "base": c.base,
        "head": c.head,
        "metrics": {
            m.key: {
                "label": m.label,
                "before": _plain(m.before),
                "after": _plain(m.after),
                "delta": _plain(round(m.delta, 4)),
                "verdict": m.verdict,
            }
            for m in c.metrics
        },
        "largest_files": [
            {"path": path, "before": before, "after": after} for path, before, after in c.largest
        ],
    }
    return json.dumps(document, indent=2) + "\n"
