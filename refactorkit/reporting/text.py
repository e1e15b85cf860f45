"""The terminal report of `refactorkit analyze`: a summary and ranked lists, in 80 columns."""

from __future__ import annotations

import textwrap
from pathlib import Path

from refactorkit.analysis.report import AnalysisReport, Hotspot
from refactorkit.domain import Finding, ImportKind
from refactorkit.rules.builtin.import_cycle import cycle_symbol

WIDTH = 80
# Hotspot flags worth a word in the table (rule names; "import-cycle" marks a module on one).
_FLAG_LABELS = {
    "file-too-long": "monolith",
    "too-many-classes": "monolith",
    "god-class": "god class",
    "import-cycle": "cycle",
}
# Listed in sections of their own: complex functions under "Worst functions", cycles under
# "Import cycles"; every other rule's findings are listed under "Findings".
_OWN_SECTION = {"RK102": "the worst are listed below", "RK106": "see below for the import to cut"}


def fit(text: str, width: int) -> str:
    """Cut `text` to `width` from the left ("...ls/models.py"): a path's end says the most."""
    if len(text) <= width:
        return text
    if width <= 3:
        return text[-width:] if width > 0 else ""
    return "..." + text[-(width - 3) :]


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def render_text(report: AnalysisReport, top: int = 10, width: int = WIDTH) -> str:
    """The whole terminal report, ending with a newline."""
    sections = [
        _summary(report, width),
        _hotspots(report, top, width),
        _findings(report, top, width),
        _worst_functions(report, top, width),
        _cycles(report, top, width),
        _skipped(report, width),
    ]
    return "\n\n".join(s for s in sections if s) + "\n"


def _summary(report: AnalysisReport, width: int) -> str:
    graph = report.graph
    lines = [
        fit(f"refactorkit analyze {_display_root(report.root)}", width),
        f"{plural(len(report.files), 'file')}, {plural(report.lines, 'line')} "
        f"({report.sloc:,} SLOC), {len(report.skipped):,} skipped, "
        f"{report.elapsed:.2f} s",
        f"  size: {plural(report.comments, 'comment line')}, {report.blank:,} blank, "
        f"{plural(report.docstring_lines, 'docstring line')}",
        f"  jobs {report.jobs}, cache {report.cache_hits:,}/{len(report.files):,} hits",
        f"  imports: {plural(graph.internal_modules, 'module')}, "
        f"{plural(graph.edges, 'internal edge')}, "
        f"{plural(len(graph.runtime_cycles), 'runtime cycle')}"
        + (
            f" (+{len(graph.type_checking_cycles)} via TYPE_CHECKING)"
            if graph.type_checking_cycles
            else ""
        ),
    ]
    if graph.third_party:
        lines.append(_name_list("  third-party: ", graph.third_party, width))
    if report.churn is None:
        lines.append("  churn: not measured (not a git repository, or --since 0)")
    else:
        churn = report.churn
        touched = sum(1 for f in report.files if churn.of(f.source.relpath))
        lines.append(
            f"  churn: {plural(churn.total_commits, 'commit')} in the last "
            f"{churn.since_days} days touched {plural(touched, 'file')}"
        )
    wrapped: list[str] = []
    for line in lines:
        # Big projects make long numbers: wrap rather than overflow 80 columns.
        indent = line[: len(line) - len(line.lstrip())]
        wrapped.extend(_wrap(line.lstrip(), width, indent) if len(line) > width else [line])
    return "\n".join(wrapped)


def _name_list(prefix: str, names: tuple[str, ...], width: int) -> str:
    """As many names as fit on one line, then "(+N more)"."""
    shown: list[str] = []
    for count, name in enumerate(names, start=1):
        rest = len(names) - count
        more = f" (+{rest} more)" if rest else ""
        if len(prefix + ", ".join([*shown, name]) + more) > width:
            break
        shown.append(name)
    rest = len(names) - len(shown)
    return prefix + ", ".join(shown) + (f"{', ' if shown else ''}+{rest} more" if rest else "")


def _display_root(root: Path) -> str:
    try:
        return root.relative_to(Path.cwd()).as_posix() or "."
    except ValueError:
        return root.as_posix()


def _hotspots(report: AnalysisReport, top: int, width: int) -> str:
    rows = [h for h in report.hotspots if h.score > 0][:top]
    if not rows:
        return ""
    out = [
        "Top hotspots (score = size x complexity x fan-in x churn; docs/analyze.md)",
        f"{'score':>7} {'lines':>6} {'cc':>5} {'in':>3} {'churn':>5}  where",
    ]
    prefix = 7 + 1 + 6 + 1 + 5 + 1 + 3 + 1 + 5 + 2
    for h in rows:
        churn = "-" if h.churn is None else f"{h.churn:,}"
        where = _where(h, width - prefix, width)
        out.append(
            f"{h.score:>7.1f} {h.lines:>6,} {h.complexity:>5,} {h.fan_in:>3} {churn:>5}  {where}"
        )
    return "\n".join(out)


def _where(h: Hotspot, room: int, width: int = WIDTH) -> str:
    labels = list(dict.fromkeys(_FLAG_LABELS[f] for f in h.flags if f in _FLAG_LABELS))
    flags = f" [{', '.join(labels)}]" if labels else ""
    if h.kind != "class":
        return fit(h.relpath, max(12, room - len(flags))) + flags
    label = f"class {h.name} "
    # A package's "__init__.py" alone says nothing: keep its folder ("latex2e/__init__.py").
    tail = "/".join(h.relpath.split("/")[-2 if h.relpath.endswith("__init__.py") else -1 :])
    for path in (f"{h.relpath}:{h.line}", f"{tail}:{h.line}"):
        if len(label) + len(path) + len(flags) <= room:
            return label + path + flags
    # Neither fits: the class and its flags on this line, its place under it (cutting both
    # into one line left "class LaTeXTranslator ...t__.py:1135").
    name = clip(label.rstrip(), max(12, room - len(flags)))
    return f"{name}{flags}\n{' ' * (width - room)}{fit(f'{h.relpath}:{h.line}', room)}"


def clip(text: str, width: int) -> str:
    """Cut `text` to `width` from the right ("OrderManagerWi..."): a name's start says most."""
    if len(text) <= width:
        return text
    return text[: max(0, width - 3)] + "..."


def _findings(report: AnalysisReport, top: int, width: int) -> str:
    counts = report.findings_by_rule()
    if not counts:
        return "Findings: none over the thresholds"
    summary = ", ".join(f"{count:,} {rule}" for rule, count in counts.items())
    out = _wrap(f"Findings: {summary}", width, "")
    by_code: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_code.setdefault(finding.code, []).append(finding)
    for code, found in by_code.items():
        if code in _OWN_SECTION:
            note = f"* {code} {found[0].rule} ({len(found):,}): {_OWN_SECTION[code]}"
            out.extend(_wrap(note, width, "  "))
            continue
        out.append(f"  {code} {found[0].rule} ({len(found):,})")
        for finding in found[:top]:
            out.append(f"  * {fit(f'{finding.relpath}:{finding.line}', width - 4)}")
            message = f"{finding.message} {finding.comparison}".strip()
            out.extend(_wrap(message, width, "      "))
            if finding.fix is not None:
                out.extend(_wrap("fix: " + finding.fix.text, width, "      ", break_words=False))
        if len(found) > top:
            out.append(f"  ... and {len(found) - top:,} more")
    return "\n".join(out)


def _wrap(text: str, width: int, indent: str, break_words: bool = True) -> list[str]:
    # Commands keep their words whole, so a long path stays copyable even past the width.
    return textwrap.wrap(
        text,
        width,
        initial_indent=indent,
        subsequent_indent=indent + "  ",
        break_on_hyphens=False,
        break_long_words=break_words,
    )


def _worst_functions(report: AnalysisReport, top: int, width: int) -> str:
    pairs = [(f, fn) for f, fn in report.worst_functions(top) if fn.complexity > 1]
    if not pairs:
        return ""
    out = ["Worst functions", f"{'cc':>4} {'rank':<4} {'lines':>5}  function (where)"]
    for analysis, fn in pairs:
        numbers = f"{fn.complexity:>4} {fn.rank:<4} {fn.length:>5,}  "
        where = f"{analysis.source.relpath}:{fn.lineno}"
        line = f"{numbers}{fn.qualname}  {where}"
        if len(line) <= width:
            out.append(line)
            continue
        # Name and place on two lines: clipping the name would hide the method, which is
        # what the reader looks for; the place keeps its end (file name and line).
        out.append(numbers + clip(fn.qualname, width - len(numbers)))
        out.append(" " * len(numbers) + fit(where, width - len(numbers)))
    return "\n".join(out)


def _cycles(report: AnalysisReport, top: int, width: int) -> str:
    graph = report.graph
    shown = [*graph.runtime_cycles, *graph.type_checking_cycles]
    if not shown:
        return ""
    cuts = {f.symbol: f for f in report.findings if f.code == "RK106"}
    out = [
        f"Import cycles ({len(graph.runtime_cycles)} at run time, "
        f"{len(graph.type_checking_cycles)} only through TYPE_CHECKING imports)"
    ]
    for number, cycle in enumerate(shown[:top], start=1):
        kind = "runtime" if cycle.runtime else "type-checking only"
        out.extend(
            _wrap(f"{number}. {cycle.size} modules, {kind}: {' -> '.join(cycle.path)}", width, "  ")
        )
        for edge in cycle.chain:
            note = {
                ImportKind.FUNCTION: " (in a function)",
                ImportKind.TYPE_CHECKING: " (TYPE_CHECKING)",
            }.get(edge.kind, "")
            tail = f" imports {edge.imported}{note}"
            loc = fit(edge.location, max(16, width - 6 - len(tail)))
            out.append(fit(f"     {loc}{tail}", width))
        finding = cuts.get(cycle_symbol(cycle))
        if finding is not None and finding.fix is not None:
            out.extend(_wrap(finding.fix.text, width, "     ", break_words=False))
    if len(shown) > top:
        out.append(f"  ... and {len(shown) - top:,} more")
    return "\n".join(out)


def _skipped(report: AnalysisReport, width: int) -> str:
    if not report.skipped:
        return ""
    out = [f"Skipped ({len(report.skipped):,})"]
    for skipped in report.skipped:
        out.append("  " + fit(skipped.relpath, width - 2))
        out.extend(_wrap(skipped.reason, width, "      "))
    return "\n".join(out)
