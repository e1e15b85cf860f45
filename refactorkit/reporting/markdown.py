"""`analyze --format markdown`: a report to paste into a pull request or a refactoring plan.

The tables are the ones refactoring plans keep to show progress: lines per file, complexity,
methods per class, what is over a threshold, and the import cycles. By default the document
stays under `MAX_CHARS` (a GitHub comment holds 65,536): each table shows the first `top`
rows, more rows sit in a collapsed `<details>` block, and the rest is counted. When that is
still too long the details shrink, then the tables; `full=True` lists everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from refactorkit.analysis.report import AnalysisReport, Hotspot
from refactorkit.domain import (
    ClassMetrics,
    FileAnalysis,
    Finding,
    FunctionMetrics,
    ImportKind,
    SkippedFile,
)
from refactorkit.graph.model import Cycle
from refactorkit.reporting.duplication import duplication_words

MAX_CHARS = 60_000
# Extra rows per table behind <details>, tried in turn until the document fits.
_MORE = (40, 15, 0)
T = TypeVar("T")


@dataclass(frozen=True)
class Budget:
    """How much each listing shows: `top` rows, then `more` rows behind <details>."""

    top: int | None  # None: every row (--full)
    more: int = 0

    def split(self, items: Sequence[T]) -> tuple[Sequence[T], Sequence[T], int]:
        """(shown, in details, counted only)."""
        if self.top is None:
            return items, (), 0
        shown, rest = items[: self.top], items[self.top :]
        hidden = rest[: self.more]
        return shown, hidden, len(rest) - len(hidden)


def render_markdown(
    report: AnalysisReport, top: int = 10, full: bool = False, max_chars: int = MAX_CHARS
) -> str:
    """The whole markdown document, ending with a newline (under `max_chars` unless full)."""
    if full:
        return _document(report, Budget(None))
    text = ""
    for more in _MORE:
        text = _document(report, Budget(top, more))
        if len(text) <= max_chars:
            return text
    rows = top
    while rows > 1:  # still too long: shorter tables too, halved until they fit
        rows //= 2
        text = _document(report, Budget(rows))
        if len(text) <= max_chars:
            return text
    note = f"\n\n…cut at {max_chars:,} characters; `--full` has everything.\n"
    return text[: max_chars - len(note)] + note


def _document(report: AnalysisReport, budget: Budget) -> str:
    parts = [
        f"# Refactoring hotspots: `{report.root.name or report.root.as_posix()}`",
        _summary(report),
        _largest_files(report, budget),
        _hotspots(report.product_hotspots, budget, "## Hotspots", _SCORE),
        _complexity(report, budget),
        _classes(report, budget),
        _over_threshold(report.product_findings, budget),
        _cycles(report, budget),
        _test_code(report, budget),
        _skipped(report, budget),
        _footer(budget),
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


def listing(
    items: Sequence[T],
    budget: Budget,
    render: Callable[[Sequence[T]], str],
    noun: str,
) -> str:
    """`render` of the first rows, the next ones in a collapsed block, the rest counted."""
    shown, hidden, rest = budget.split(items)
    out = [render(shown)] if shown else []
    if hidden:
        summary = f"{len(hidden):,} more {noun}"
        out.append(f"<details><summary>{summary}</summary>\n\n{render(hidden)}\n\n</details>")
    if rest:
        out.append(f"…and {rest:,} more {noun} (`--full` lists all).")
    return "\n\n".join(out)


def _footer(budget: Budget) -> str:
    if budget.top is None:
        return ""
    return (
        f"<sub>Up to {budget.top} rows per table; `refactorkit analyze --format markdown "
        "--full` lists everything, `--format json` has every file and finding.</sub>"
    )


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
        *_duplication_row(report),
        ("Analysis time", f"{report.elapsed:.2f} s"),
    ]
    if report.test_paths:
        rows.insert(1, ("Of them test, docs and example files", f"{len(report.test_files):,}"))
    return table(("Metric", "Value"), rows, right=1)


def _duplication_row(report: AnalysisReport) -> list[tuple[str, str]]:
    found = report.duplication
    return [] if found is None else [("Duplicated code (RK116)", duplication_words(found))]


def _largest_files(report: AnalysisReport, budget: Budget) -> str:
    limit = int(report.limits.number("max_file_lines"))
    product = report.product_files
    files = sorted(product, key=lambda f: (-f.raw.loc, f.source.relpath))
    if not files:
        return ""
    headers = ("File", "Lines", "SLOC", "Classes", "Functions", "Avg CC", "Max CC", "MI")

    def render(chosen: Sequence[FileAnalysis]) -> str:
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
            for f in chosen
        ]
        return table(headers, rows, right=7)

    over = sum(1 for f in product if f.raw.loc > limit)
    note = f"⚠ over {limit:,} lines ({over} in all)." if over else f"None over {limit:,} lines."
    return f"## Largest files\n\n{listing(files, budget, render, 'files')}\n\n{note}"


_SCORE = (
    "Score = (SLOC/100 + complexity/10) x (1 + log2(1 + fan-in)) x (1 + log2(1 + churn)); "
    "see docs/analyze.md."
)


def _hotspots(hotspots: Sequence[Hotspot], budget: Budget, heading: str, intro: str) -> str:
    ranked = [h for h in hotspots if h.score > 0]
    if not ranked:
        return ""
    headers = ("#", "Hotspot", "Where", "Score", "Lines", "CC", "Fan-in", "Churn")
    number = {id(h): i for i, h in enumerate(ranked, start=1)}

    def render(chosen: Sequence[Hotspot]) -> str:
        rows = [
            (
                number[id(h)],
                f"{h.kind} `{h.name}`",
                f"{h.relpath}:{h.line}" if h.kind == "class" else h.relpath,
                f"{h.score:.1f}",
                f"{h.lines:,}",
                h.complexity,
                h.fan_in,
                "-" if h.churn is None else h.churn,
            )
            for h in chosen
        ]
        return table(headers, rows, right=5)

    return f"{heading}\n\n{intro}\n\n{listing(ranked, budget, render, 'hotspots')}"


def _complexity(report: AnalysisReport, budget: Budget) -> str:
    every = len([fn for f in report.product_files for fn in f.functions])
    pairs = [(f, fn) for f, fn in report.worst_functions(every) if fn.complexity > 1]
    if not pairs:
        return ""
    headers = ("Function", "Where", "CC", "Rank", "Cognitive", "Lines")

    def render(chosen: Sequence[tuple[FileAnalysis, FunctionMetrics]]) -> str:
        rows = [
            (f"`{fn.qualname}`", f"{f.source.relpath}:{fn.lineno}", fn.complexity, fn.rank,
             fn.cognitive, fn.length)
            for f, fn in chosen
        ]  # fmt: skip
        return table(headers, rows, right=4)

    return "## Most complex functions\n\n" + listing(pairs, budget, render, "functions")


def _classes(report: AnalysisReport, budget: Budget) -> str:
    classes = sorted(
        ((f, c) for f in report.product_files for c in f.classes),
        key=lambda p: (-p[1].methods, -p[1].lines, p[0].source.relpath),
    )
    if not classes:
        return ""
    limit = int(report.limits.number("max_class_methods"))
    headers = ("Class", "Where", "Methods", "Public", "Lines")

    def render(chosen: Sequence[tuple[FileAnalysis, ClassMetrics]]) -> str:
        rows = [
            (
                f"`{c.name}`" + (" ⚠" if c.methods > limit else ""),
                f"{f.source.relpath}:{c.lineno}",
                c.methods,
                c.public_methods,
                f"{c.lines:,}",
            )
            for f, c in chosen
        ]
        return table(headers, rows, right=3)

    over = sum(1 for _, c in classes if c.methods > limit)
    note = f"⚠ over {limit} methods ({over} in all)." if over else f"None over {limit} methods."
    body = listing(classes, budget, render, "classes")
    return f"## Methods per class\n\n{body}\n\n{note}"


def _over_threshold(findings: Sequence[Finding], budget: Budget) -> str:
    if not findings:
        return "## Over threshold\n\nNothing is over a limit."
    by_code: dict[str, list[Finding]] = {}
    for finding in findings:
        by_code.setdefault(finding.code, []).append(finding)
    headers = ("Rule", "What", "Where", "Value", "Limit", "Fix")

    def render(chosen: Sequence[Finding]) -> str:
        return table(headers, [_finding_row(f) for f in chosen])

    out = ["## Over threshold"]
    for code, found in by_code.items():
        out.append(f"### {code} {found[0].rule} ({len(found):,})")
        out.append(listing(found, budget, render, "findings"))
    return "\n\n".join(out)


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


_NOTES = {ImportKind.FUNCTION: " (in a function)", ImportKind.TYPE_CHECKING: " (TYPE_CHECKING)"}


def _cycles(report: AnalysisReport, budget: Budget) -> str:
    graph = report.graph
    cycles = [*graph.runtime_cycles, *graph.type_checking_cycles]
    if not cycles:
        return ""
    number = {id(c): i for i, c in enumerate(cycles, start=1)}

    def render(chosen: Sequence[Cycle]) -> str:
        out = []
        for cycle in chosen:
            kind = "runtime" if cycle.runtime else "TYPE_CHECKING only"
            out.append(f"{number[id(cycle)]}. **{' → '.join(cycle.path)}** ({kind})")
            for edge in cycle.chain:
                note = _NOTES.get(edge.kind, "")
                out.append(f"   - `{edge.location}` {edge.importer} imports {edge.imported}{note}")
        return "\n".join(out)

    return "## Import cycles\n\n" + listing(cycles, budget, render, "cycles")


def _test_code(report: AnalysisReport, budget: Budget) -> str:
    """Test, docs and example code: counted and ranked apart from the product."""
    files = report.test_files
    if not files:
        return ""
    lines = sum(f.raw.loc for f in files)
    counts = report.findings_by_rule(tests=True)
    found = ", ".join(f"{count:,} {rule}" for rule, count in counts.items()) or "none"
    intro = (
        f"{len(files):,} file{'s' * (len(files) != 1)}, {lines:,} lines, measured but not "
        "ranked with the code above "
        f"(`--include-tests` ranks them together). Findings: {found}."
    )
    top = None if budget.top is None else min(budget.top, 5)
    ranked = _hotspots(report.test_hotspots, Budget(top), "", intro).lstrip("\n")
    return "## Test code\n\n" + (ranked or intro)


def _skipped(report: AnalysisReport, budget: Budget) -> str:
    if not report.skipped:
        return ""

    def render(chosen: Sequence[SkippedFile]) -> str:
        return table(("File", "Reason"), [(f"`{s.relpath}`", s.reason) for s in chosen])

    return "## Skipped files\n\n" + listing(report.skipped, budget, render, "files")
