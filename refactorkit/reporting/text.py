"""The terminal report of `refactorkit analyze`: a summary and ranked lists.

Laid out for the terminal's width (80 when not a terminal; the CLI passes it), words wrapped
whole, and a path never cut when it fits on a line of its own. Colour (headings, flags, fix
commands) only when the CLI turns it on.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from refactorkit.analysis.report import AnalysisReport, Hotspot
from refactorkit.domain import Finding, ImportKind
from refactorkit.graph.model import ImportEdge
from refactorkit.reporting.ansi import Palette
from refactorkit.reporting.duplication import duplication_words
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


def render_text(
    report: AnalysisReport, top: int = 10, width: int = WIDTH, color: bool = False
) -> str:
    """The whole terminal report, ending with a newline."""
    palette = Palette(color)
    sections = [
        _summary(report, width),
        _hotspots(report, top, width, palette),
        _findings(report, top, width, palette),
        _worst_functions(report, top, width, palette),
        _cycles(report, top, width, palette),
        _test_code(report, top, width, palette),
        _skipped(report, width, palette),
    ]
    return "\n\n".join(s for s in sections if s) + "\n"


def place(path: str, indent: int, width: int) -> str:
    """`path` on a line of its own: at `indent` when it fits there, else as far right as it
    fits whole, else (longer than the line) cut from the left."""
    if indent + len(path) <= width:
        return " " * indent + path
    if len(path) <= width:
        return " " * (width - len(path)) + path
    return fit(path, width)


def _summary(report: AnalysisReport, width: int) -> str:
    graph = report.graph
    lines = [
        f"refactorkit analyze {_display_root(report.root)}",
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
    if report.duplication is not None:
        lines.append(f"  duplication: {duplication_words(report.duplication)}")
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


HOTSPOT_FORMULA = (
    "score = (SLOC/100 + cc/10) x (1 + log2(1 + in)) x (1 + log2(1 + churn)), docs/analyze.md"
)


def _hotspots(report: AnalysisReport, top: int, width: int, palette: Palette) -> str:
    rows = [h for h in report.product_hotspots if h.score > 0][:top]
    if not rows:
        return ""
    out = [palette.bold("Top hotspots")]
    out.extend(_wrap(HOTSPOT_FORMULA, width, "  ", break_words=False))
    out.extend(_hotspot_rows(rows, width, palette))
    return "\n".join(out)


def _hotspot_rows(rows: list[Hotspot], width: int, palette: Palette) -> list[str]:
    """The hotspot table: a header, then one row (or two) per hotspot."""
    out = [f"{'score':>7} {'lines':>6} {'cc':>5} {'in':>3} {'churn':>5}  where"]
    prefix = 7 + 1 + 6 + 1 + 5 + 1 + 3 + 1 + 5 + 2
    for h in rows:
        churn = "-" if h.churn is None else f"{h.churn:,}"
        where = _where(h, width - prefix, width)
        numbers = f"{h.score:>7.1f} {h.lines:>6,} {h.complexity:>5,} {h.fan_in:>3} {churn:>5}  "
        out.append(_paint_flags(numbers + where, palette))
    return out


_FLAG_COLORS = {"cycle": "red", "monolith": "yellow", "god class": "yellow"}


def _paint_flags(text: str, palette: Palette) -> str:
    """The "[monolith, cycle]" tags of a hotspot row, each in its colour."""
    start = text.rfind(" [")
    end = text.find("]", start)
    if not palette.enabled or start < 0 or end < 0:
        return text
    labels = text[start + 2 : end].split(", ")
    if not all(label in _FLAG_COLORS for label in labels):
        return text
    painted = ", ".join(palette.paint(label, _FLAG_COLORS[label]) for label in labels)
    return f"{text[: start + 2]}{painted}{text[end:]}"


def _where(h: Hotspot, room: int, width: int = WIDTH) -> str:
    """The place of a hotspot row, flags after it; what does not fit goes on the next line.

    A path is never cut when it fits on a line of its own ("...go/db/models/expressions.py"
    at 140 columns told the reader nothing the full path would not).
    """
    labels = list(dict.fromkeys(_FLAG_LABELS[f] for f in h.flags if f in _FLAG_LABELS))
    flags = f" [{', '.join(labels)}]" if labels else ""
    indent = width - room
    if h.kind != "class":
        if len(h.relpath) + len(flags) <= room:
            return h.relpath + flags
        if len(h.relpath) <= room:
            return f"{h.relpath}\n{' ' * indent}{flags.lstrip()}" if flags else h.relpath
        return f"{flags.lstrip()}\n{place(h.relpath, indent, width)}"
    label = f"class {h.name}"
    path = f"{h.relpath}:{h.line}"
    if len(label) + 1 + len(path) + len(flags) <= room:
        return f"{label} {path}{flags}"
    # The class and its flags on this line, its place under it (cutting both into one line
    # left "class LaTeXTranslator ...t__.py:1135", and a bare "query.py:222" is ambiguous).
    name = clip(label, max(12, room - len(flags)))
    return f"{name}{flags}\n{place(path, indent, width)}"


def clip(text: str, width: int) -> str:
    """Cut `text` to `width` from the right ("OrderManagerWi..."): a name's start says most."""
    if len(text) <= width:
        return text
    return text[: max(0, width - 3)] + "..."


def _findings(report: AnalysisReport, top: int, width: int, palette: Palette) -> str:
    counts = report.findings_by_rule(tests=False)
    if not counts:
        return palette.bold("Findings:") + " none over the thresholds"
    summary = ", ".join(f"{count:,} {rule}" for rule, count in counts.items())
    out = _wrap(f"Findings: {summary}", width, "", break_words=False)
    out[0] = palette.bold("Findings:") + out[0][len("Findings:") :]
    by_code: dict[str, list[Finding]] = {}
    for finding in report.product_findings:
        by_code.setdefault(finding.code, []).append(finding)
    for code, found in by_code.items():
        if code in _OWN_SECTION:
            note = f"* {code} {found[0].rule} ({len(found):,}): {_OWN_SECTION[code]}"
            out.extend(_wrap(note, width, "  ", break_words=False))
            continue
        out.append(f"  {code} {found[0].rule} ({len(found):,})")
        for finding in found[:top]:
            out.extend(_finding_lines(finding, width, palette))
        if len(found) > top:
            out.append(f"  ... and {len(found) - top:,} more")
    return "\n".join(out)


def _finding_lines(finding: Finding, width: int, palette: Palette) -> list[str]:
    """One finding: its place (whole when it fits a line), message and fix."""
    out = _own_line(f"{finding.relpath}:{finding.line}", "  * ", width)
    message = f"{finding.message} {finding.comparison}".strip()
    out.extend(_wrap(message, width, "      ", break_words=False))
    if finding.fix is not None:
        fix = _wrap("fix: " + finding.fix.text, width, "      ", break_words=False)
        out.extend(palette.green(line) for line in fix)
    return out


def _own_line(path: str, lead: str, width: int) -> list[str]:
    """`lead` and `path` on one line when they fit, else `path` whole on the next."""
    if len(lead) + len(path) <= width:
        return [lead + path]
    return [lead.rstrip(), place(path, len(lead), width)]


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


def _worst_functions(report: AnalysisReport, top: int, width: int, palette: Palette) -> str:
    pairs = [(f, fn) for f, fn in report.worst_functions(top) if fn.complexity > 1]
    if not pairs:
        return ""
    header = f"{'cc':>4} {'rank':<4} {'cog':>4} {'lines':>5}  function (where)"
    out = [palette.bold("Worst functions"), header]
    for analysis, fn in pairs:
        numbers = f"{fn.complexity:>4} {fn.rank:<4} {fn.cognitive:>4} {fn.length:>5,}  "
        where = f"{analysis.source.relpath}:{fn.lineno}"
        line = f"{numbers}{fn.qualname}  {where}"
        if len(line) <= width:
            out.append(line)
            continue
        # Name and place on two lines: clipping the name would hide the method, which is
        # what the reader looks for; the place is whole whenever it fits on a line.
        out.append(numbers + clip(fn.qualname, width - len(numbers)))
        out.append(place(where, len(numbers), width))
    return "\n".join(out)


_HOP_NOTES = {ImportKind.FUNCTION: " (in a function)", ImportKind.TYPE_CHECKING: " (TYPE_CHECKING)"}


def _cycles(report: AnalysisReport, top: int, width: int, palette: Palette) -> str:
    graph = report.graph
    shown = [*graph.runtime_cycles, *graph.type_checking_cycles]
    if not shown:
        return ""
    fixes = _cycle_fixes(report)
    out = [
        palette.bold("Import cycles") + f" ({len(graph.runtime_cycles)} at run time, "
        f"{len(graph.type_checking_cycles)} only through TYPE_CHECKING imports)"
    ]
    for number, cycle in enumerate(shown[:top], start=1):
        kind = "runtime" if cycle.runtime else "type-checking only"
        head = f"{number}. {cycle.size} modules, {kind}: {' -> '.join(cycle.path)}"
        out.extend(_wrap(head, width, "  ", break_words=False))
        out.extend(line for edge in cycle.chain for line in _hop(edge, width))
        fix = _wrap(fixes.get(cycle_symbol(cycle), ""), width, "     ", break_words=False)
        out.extend(palette.green(line) for line in fix)
    if len(shown) > top:
        out.append(f"  ... and {len(shown) - top:,} more")
    return "\n".join(out)


def _cycle_fixes(report: AnalysisReport) -> dict[str, str]:
    """The fix of each cycle's finding, by the cycle's symbol."""
    return {f.symbol: f.fix.text for f in report.findings if f.code == "RK106" and f.fix}


def _hop(edge: ImportEdge, width: int) -> list[str]:
    """One import of a cycle's chain; too long for a line, the place and the import apart
    (one line cut from the left printed "... ...lookups.py:23")."""
    tail = f"imports {edge.imported}{_HOP_NOTES.get(edge.kind, '')}"
    line = f"     {edge.location} {tail}"
    if len(line) <= width:
        return [line]
    return [place(edge.location, 5, width), place(tail, 7, width)]


TEST_TOP = 5  # test hotspots listed in their section (the product's get --top)


def _test_code(report: AnalysisReport, top: int, width: int, palette: Palette) -> str:
    """Test, docs and example code, measured apart from the product (--include-tests)."""
    files = report.test_files
    if not files:
        return ""
    lines = sum(f.raw.loc for f in files)
    head = (
        f"{plural(len(files), 'file')}, {plural(lines, 'line')}, not ranked with the code above "
        "(--include-tests ranks them together)"
    )
    out = [palette.bold("Test code"), *_wrap(head, width, "  ", break_words=False)]
    counts = report.findings_by_rule(tests=True)
    if counts:
        found = ", ".join(f"{count:,} {rule}" for rule, count in counts.items())
        out.extend(_wrap(f"findings: {found}", width, "  ", break_words=False))
    rows = [h for h in report.test_hotspots if h.score > 0][: min(top, TEST_TOP)]
    if rows:
        out.extend(_hotspot_rows(rows, width, palette))
    return "\n".join(out)


def _skipped(report: AnalysisReport, width: int, palette: Palette) -> str:
    if not report.skipped:
        return ""
    out = [palette.bold("Skipped") + f" ({len(report.skipped):,})"]
    for skipped in report.skipped:
        out.append(place(skipped.relpath, 2, width))
        out.extend(_wrap(skipped.reason, width, "      ", break_words=False))
    return "\n".join(out)
