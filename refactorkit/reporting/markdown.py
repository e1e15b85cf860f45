"""`analyze --format markdown`: a report to paste into a pull request or a refactoring plan.

The tables are the ones refactoring plans keep to show progress: lines per file, complexity,
methods per class, what is over a threshold, and the import cycles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from refactorkit.analysis.report import AnalysisReport
from refactorkit.domain import Finding, ImportKind


def render_markdown(report: AnalysisReport, top: int = 10) -> str:
    """The whole markdown document, ending with a newline."""
    parts = [
        f"# Refactoring hotspots: `{report.root.name or report.root.as_posix()}`",
        _summary(report),
        _largest_files(report, top),
        _hotspots(report, top),
        _complexity(report, top),
        _classes(report, top),
        _over_threshold(report, top),
        _cycles(report, top),
        _skipped(report),
    ]
    return "\n\n".join(p for p in parts if p) + "\n"


def cell(value: object) -> str:
    """A table cell: pipes escaped, newlines flattened."""
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], right: int = 0) -> str:
    """A GitHub table; the last `right` columns are right-aligned (numbers)."""
    left = len(headers) - right
    align = ["---"] * left + ["--:"] * right
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(align) + " |"]
    lines.extend("| " + " | ".join(cell(v) for v in row) + " |" for row in rows)
    return "\n".join(lines)


def _summary(report: AnalysisReport) -> str:
    graph = report.graph
    churn = (
        "not measured"
        if report.churn is None
        else f"{report.churn.total_commits:,} commits in {report.churn.since_days} days"
    )
    rows = [
        ("Python files", f"{len(report.files):,}"),
        ("Lines (SLOC)", f"{report.lines:,} ({report.sloc:,})"),
        (
            "Comment / blank / docstring lines",
            f"{report.comments:,} / {report.blank:,} / {report.docstring_lines:,}",
        ),
        ("Skipped files", f"{len(report.skipped):,}"),
        ("Internal modules / import edges", f"{graph.internal_modules:,} / {graph.edges:,}"),
        (
            "Import cycles (runtime / TYPE_CHECKING only)",
            f"{len(graph.runtime_cycles)} / {len(graph.type_checking_cycles)}",
        ),
        ("Git churn", churn),
        ("Analysis time", f"{report.elapsed:.2f} s"),
    ]
    return table(("Metric", "Value"), rows, right=1)


def _largest_files(report: AnalysisReport, top: int) -> str:
    limit = int(report.limits.number("max_file_lines"))
    files = sorted(report.files, key=lambda f: (-f.raw.loc, f.source.relpath))[:top]
    if not files:
        return ""
    rows = [
        (
            f"`{f.source.relpath}`" + (" ⚠" if f.raw.loc > limit else ""),
            f"{f.raw.loc:,}",
            f"{f.raw.sloc:,}",
            f.top_level_classes,
            f.top_level_functions,
            f"{f.average_complexity:.1f}",
            f.max_complexity,
            f"{f.maintainability:.1f}",
        )
        for f in files
    ]
    headers = ("File", "Lines", "SLOC", "Classes", "Functions", "Avg CC", "Max CC", "MI")
    over = sum(1 for f in report.files if f.raw.loc > limit)
    note = f"⚠ over {limit:,} lines ({over} in all)." if over else f"None over {limit:,} lines."
    return f"## Largest files\n\n{table(headers, rows, right=7)}\n\n{note}"


def _hotspots(report: AnalysisReport, top: int) -> str:
    rows = [
        (
            i,
            f"{h.kind} `{h.name}`",
            f"{h.relpath}:{h.line}" if h.kind == "class" else h.relpath,
            f"{h.score:.1f}",
            f"{h.lines:,}",
            h.complexity,
            h.fan_in,
            "-" if h.churn is None else h.churn,
        )
        for i, h in enumerate([h for h in report.hotspots if h.score > 0][:top], start=1)
    ]
    if not rows:
        return ""
    headers = ("#", "Hotspot", "Where", "Score", "Lines", "CC", "Fan-in", "Churn")
    return (
        "## Hotspots\n\nScore = (SLOC/100 + complexity/10) x (1 + log2(1 + fan-in)) x "
        "(1 + log2(1 + churn)); see docs/analyze.md.\n\n" + table(headers, rows, right=5)
    )


def _complexity(report: AnalysisReport, top: int) -> str:
    pairs = [(f, fn) for f, fn in report.worst_functions(top) if fn.complexity > 1]
    if not pairs:
        return ""
    rows = [
        (f"`{fn.qualname}`", f"{f.source.relpath}:{fn.lineno}", fn.complexity, fn.rank, fn.length)
        for f, fn in pairs
    ]
    headers = ("Function", "Where", "CC", "Rank", "Lines")
    return "## Most complex functions\n\n" + table(headers, rows, right=3)


def _classes(report: AnalysisReport, top: int) -> str:
    classes = sorted(
        ((f, c) for f in report.files for c in f.classes),
        key=lambda p: (-p[1].methods, -p[1].lines, p[0].source.relpath),
    )[:top]
    if not classes:
        return ""
    limit = int(report.limits.number("max_class_methods"))
    rows = [
        (
            f"`{c.name}`" + (" ⚠" if c.methods > limit else ""),
            f"{f.source.relpath}:{c.lineno}",
            c.methods,
            c.public_methods,
            f"{c.lines:,}",
        )
        for f, c in classes
    ]
    headers = ("Class", "Where", "Methods", "Public", "Lines")
    over = sum(1 for f in report.files for c in f.classes if c.methods > limit)
    note = f"⚠ over {limit} methods ({over} in all)." if over else f"None over {limit} methods."
    return f"## Methods per class\n\n{table(headers, rows, right=3)}\n\n{note}"


def _over_threshold(report: AnalysisReport, top: int) -> str:
    if not report.findings:
        return "## Over threshold\n\nNothing is over a limit."
    by_code: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_code.setdefault(finding.code, []).append(finding)
    rows: list[tuple[str, ...]] = []
    tails: list[str] = []
    for code, found in by_code.items():
        rows.extend(_finding_row(f) for f in found[:top])
        if len(found) > top:
            tails.append(f"{len(found) - top:,} more {code} {found[0].rule}")
    headers = ("Rule", "What", "Where", "Value", "Limit", "Fix")
    tail = f"\n\n…and {', '.join(tails)} (`--format json` lists all)." if tails else ""
    return "## Over threshold\n\n" + table(headers, rows) + tail


def _finding_row(f: Finding) -> tuple[str, ...]:
    fix = ""
    if f.fix is not None:
        fix = f"`{f.fix.text}`" if f.fix.argv else f.fix.text
    what = f"`{f.symbol}`" if f.symbol else "the file"
    return (
        f"{f.code} {f.rule}",
        what,
        f"{f.relpath}:{f.line}",
        f"{f.value:g}",
        f"{f.limit:g}",
        fix,
    )


def _cycles(report: AnalysisReport, top: int) -> str:
    graph = report.graph
    cycles = [*graph.runtime_cycles, *graph.type_checking_cycles]
    if not cycles:
        return ""
    out = ["## Import cycles"]
    for number, cycle in enumerate(cycles[:top], start=1):
        kind = "runtime" if cycle.runtime else "TYPE_CHECKING only"
        out.append(f"{number}. **{' → '.join(cycle.path)}** ({kind})")
        for edge in cycle.chain:
            note = {
                ImportKind.FUNCTION: " (in a function)",
                ImportKind.TYPE_CHECKING: " (TYPE_CHECKING)",
            }.get(edge.kind, "")
            out.append(f"   - `{edge.location}` {edge.importer} imports {edge.imported}{note}")
    if len(cycles) > top:
        out.append(f"\n…and {len(cycles) - top} more.")
    return "\n".join(out)


def _skipped(report: AnalysisReport) -> str:
    if not report.skipped:
        return ""
    rows = [(f"`{s.relpath}`", s.reason) for s in report.skipped]
    return "## Skipped files\n\n" + table(("File", "Reason"), rows)
