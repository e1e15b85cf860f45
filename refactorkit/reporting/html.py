"""`analyze --format html`: one self-contained page (no script, no network) for people.

Summary cards, the hotspot table, a treemap of files (area = lines, colour = worst function
complexity rank), the package graph as inline SVG at a depth the reader can switch
(`html_graph.py`, when Graphviz is installed), the cycles with file:line evidence, and the
most complex functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from refactorkit.analysis.report import AnalysisReport, Hotspot
from refactorkit.domain import FileAnalysis, ImportKind
from refactorkit.graph.model import Cycle
from refactorkit.reporting.html_graph import graph_section, package_depth
from refactorkit.reporting.treemap import Tile, treemap_svg
from refactorkit.rules.builtin.import_cycle import cycle_symbol

__all__ = ["package_depth", "render_html"]

# radon's ranks A..F from calm green to alarm red (colour-blind safe-ish: light to dark).
RANK_COLORS = {
    "A": "#c7e9c0",
    "B": "#e5f5b0",
    "C": "#fee08b",
    "D": "#fdae61",
    "E": "#f46d43",
    "F": "#d73027",
}


def _name(text: str) -> str:
    """Escaped, with line-break opportunities after dots and slashes (long dotted names)."""
    return escape(text).replace(".", ".<wbr>").replace("/", "/<wbr>")


_CSS = """
:root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f7f8fa;--accent:#c2410c}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
font:15px/1.5 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1180px;margin:0 auto;padding:28px 32px 64px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:14px 0 6px}
.sub{color:var(--muted);margin:0 0 20px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(130px,1fr));gap:12px}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.card b{display:block;font-size:22px}.card span{color:var(--muted);font-size:13px}
.card.warn b{color:var(--accent)}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:4px 18px 16px;
margin-top:18px}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600;font-size:12px;text-transform:uppercase;letter-spacing:.03em}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tbody tr:nth-child(even){background:#fafbfc}
code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
td.w,.cycle{overflow-wrap:anywhere}td.n,th.n{white-space:nowrap}
.bar{display:inline-block;height:8px;border-radius:4px;background:#fb923c;vertical-align:middle;
margin-right:6px}
.pill{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;margin:1px 2px 1px 0;
background:#fff1e6;color:#9a3412;border:1px solid #fed7aa}
.rank{display:inline-block;width:22px;text-align:center;border-radius:4px;font-weight:700}
.treemap rect{stroke:#fff;stroke-width:.6}
.treemap rect.group{fill:none;stroke:#1f2933;stroke-width:1.2}
.treemap text{font-size:11px;fill:#1f2933;pointer-events:none}
.treemap text.group-label{font-size:12px;font-weight:700;paint-order:stroke;stroke:#fff;
stroke-width:3px}
.legend{margin:8px 0 0;color:var(--muted);font-size:13px}
.legend i{display:inline-block;width:14px;height:14px;border-radius:3px;vertical-align:-2px;
margin:0 4px 0 10px}
.pgraph{overflow:auto;margin-top:8px}.pgraph svg{max-width:100%;height:auto}
.cycle{margin:10px 0;padding:2px 14px 8px;border-left:4px solid #d62728;background:#fff5f5}
.cycle p{margin:8px 0}.chain{margin:4px 0;padding-left:26px}.chain li{margin:2px 0}
.where{font-size:13px}.fix{font-size:14px}.members{font-size:13px;line-height:1.7}
.tag{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;background:#eef2f7;
color:#52606d}
summary{cursor:pointer;color:var(--muted);font-size:14px}
.muted{color:var(--muted)}
"""


def render_html(report: AnalysisReport, top: int = 15) -> str:
    """The whole report page as a string."""
    name = report.root.name or report.root.as_posix()
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>refactorkit report: {escape(name)}</title>",
        f"<style>{_CSS}</style></head><body><main>",
        f"<h1>Refactoring report: <code>{escape(name)}</code></h1>",
        f'<p class="sub">{len(report.files):,} Python files measured in '
        f"{report.elapsed:.2f} s by refactorkit.</p>",
        _cards(report),
        _hotspots(report.product_hotspots, top, "Hotspots", _RANKED),
        _treemap(report),
        _functions(report, top),
        graph_section(report),
        _cycles(report),
        _test_code(report, top),
        _skipped(report),
        "</main></body></html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def _card(value: str, label: str, warn: bool = False) -> str:
    cls = "card warn" if warn else "card"
    return f'<div class="{cls}"><b>{escape(value)}</b><span>{escape(label)}</span></div>'


def _cards(report: AnalysisReport) -> str:
    product = report.product_files
    functions = [fn for f in product for fn in f.functions]
    average = sum(fn.complexity for fn in functions) / len(functions) if functions else 0.0
    limit = int(report.limits.number("max_file_lines"))
    big = sum(1 for f in product if f.raw.loc > limit)
    max_cc = int(report.limits.number("max_complexity"))
    complex_count = sum(1 for fn in functions if fn.complexity > max_cc)
    cycles = len(report.graph.runtime_cycles)
    cards = [
        _card(f"{report.lines:,}", f"lines ({report.sloc:,} SLOC)"),
        _card(f"{report.graph.internal_modules:,}", "modules"),
        _card(f"{big:,}", f"files over {limit} lines", big > 0),
        _card(
            f"{complex_count:,}",
            f"functions over complexity {max_cc}",
            complex_count > 0,
        ),
        _card(f"{average:.1f}", "average complexity"),
        _card(f"{cycles:,}", "import cycles", cycles > 0),
        _card(f"{len(report.skipped):,}", "files skipped", bool(report.skipped)),
        *_duplication_card(report),
    ]
    if report.test_paths:
        cards.insert(2, _card(f"{len(report.test_files):,}", "test files (apart)"))
    return f'<div class="cards">{"".join(cards)}</div>'


def _duplication_card(report: AnalysisReport) -> list[str]:
    found = report.duplication
    if found is None:
        return []
    label = f"of code duplicated ({len(found.groups):,} clone groups)"
    return [_card(f"{found.percent:.1f}%", label, bool(found.groups))]


_RANKED = "Ranked by size &times; complexity, weighted by fan-in and churn."


def _hotspots(ranked: Sequence[Hotspot], top: int, title: str, intro: str) -> str:
    hotspots = ranked[:top]
    if not hotspots:
        return f'<section><h2>{title}</h2><p class="muted">No hotspots.</p></section>'
    best = max(h.score for h in hotspots) or 1.0
    rows = []
    for rank, h in enumerate(hotspots, start=1):
        width = max(2, int(70 * h.score / best))
        flags = "".join(f'<span class="pill">{escape(f)}</span>' for f in h.flags)
        churn = "&ndash;" if h.churn is None else f"{h.churn:,}"
        what = _name(h.name) if h.kind == "module" else f"class {_name(h.name)}"
        rows.append(
            f"<tr><td class=n>{rank}</td>"
            f"<td class=w><code>{_name(h.relpath)}:{h.line}</code><br>"
            f'<span class="muted">{what}</span> {flags}</td>'
            f'<td class=n><span class="bar" style="width:{width}px"></span>{h.score:,.1f}</td>'
            f"<td class=n>{h.lines:,}</td><td class=n>{h.complexity:,}</td>"
            f"<td class=n>{h.fan_in:,}</td><td class=n>{churn}</td></tr>"
        )
    head = (
        "<tr><th class=n>#</th><th>Where</th><th class=n>Score</th><th class=n>Lines</th>"
        "<th class=n>Complexity</th><th class=n>Fan-in</th><th class=n>Churn</th></tr>"
    )
    return (
        f'<section><h2>{title}</h2><p class="muted">{intro}</p>'
        f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


def _test_code(report: AnalysisReport, top: int) -> str:
    """Test, docs and example code: ranked apart from the product (--include-tests)."""
    files = report.test_files
    if not files:
        return ""
    counts = report.findings_by_rule(tests=True)
    found = ", ".join(f"{count:,} {rule}" for rule, count in counts.items()) or "none"
    intro = (
        f"{len(files):,} file{'s' * (len(files) != 1)}, {sum(f.raw.loc for f in files):,} "
        "lines: measured, not ranked "
        f"with the code above (<code>--include-tests</code> ranks them together). "
        f"Findings: {escape(found)}."
    )
    return _hotspots(report.test_hotspots, min(top, 5), "Test code", intro)


def _rank(complexity: int) -> str:
    for rank, upper in (("A", 5), ("B", 10), ("C", 20), ("D", 30), ("E", 40)):
        if complexity <= upper:
            return rank
    return "F"


def _tile(f: FileAnalysis) -> Tile:
    folder, _, name = f.source.relpath.rpartition("/")
    worst = f.max_complexity
    rank = _rank(worst) if f.functions else "A"
    tooltip = (
        f"{f.source.relpath}\n{f.raw.loc:,} lines, {len(f.functions)} functions\n"
        f"worst complexity {worst} (rank {rank}), MI {f.maintainability:.0f}"
    )
    return Tile(name, folder, float(f.raw.loc), RANK_COLORS[rank], tooltip)


def _treemap(report: AnalysisReport) -> str:
    if not report.files:
        return ""
    legend = "".join(
        f'<i style="background:{color}"></i>{rank}' for rank, color in RANK_COLORS.items()
    )
    return (
        "<section><h2>Files by size</h2>"
        '<p class="muted">Area = lines; colour = the worst function\'s complexity rank; '
        "outlined = one folder. Hover a tile for details.</p>"
        f"{treemap_svg([_tile(f) for f in report.files])}"
        f'<p class="legend">Complexity rank:{legend}</p></section>'
    )


def _functions(report: AnalysisReport, top: int) -> str:
    worst = [p for p in report.worst_functions(top) if p[1].complexity > 1]
    if not worst:
        return ""
    rows = []
    for f, fn in worst:
        color = RANK_COLORS.get(fn.rank, RANK_COLORS["F"])
        rows.append(
            f"<tr><td class=w><code>{_name(fn.qualname)}</code></td>"
            f"<td class=w><code>{_name(f.source.relpath)}:{fn.lineno}</code></td>"
            f'<td class=n><span class="rank" style="background:{color}">{fn.rank}</span></td>'
            f"<td class=n>{fn.complexity}</td><td class=n>{fn.cognitive}</td>"
            f"<td class=n>{fn.length:,}</td></tr>"
        )
    head = (
        "<tr><th>Function</th><th>Where</th><th class=n>Rank</th>"
        "<th class=n>Complexity</th><th class=n>Cognitive</th><th class=n>Lines</th></tr>"
    )
    return (
        "<section><h2>Most complex functions</h2>"
        f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table></section>"
    )


_HOP_NOTES = {ImportKind.FUNCTION: "in a function", ImportKind.TYPE_CHECKING: "TYPE_CHECKING"}
MAX_CYCLES = 30


def _cycle_block(cycle: Cycle, fix: str) -> str:
    """One cycle: how big its tangle is, one concrete loop hop by hop, where to cut."""
    if cycle.size == len(cycle.chain):
        lead = f"<b>{cycle.size} modules</b> import each other in a loop:"
    else:  # the loop shown is one way round a bigger strongly connected tangle
        lead = (
            f"<b>{cycle.size} modules</b> are tangled in one cycle; one loop through them "
            f"({len(cycle.chain)} hops):"
        )
    hops = []
    for edge in cycle.chain:
        note = _HOP_NOTES.get(edge.kind)
        tag = f' <span class="tag">{note}</span>' if note else ""
        hops.append(
            f"<li><code>{_name(edge.importer)}</code> imports <code>{_name(edge.imported)}"
            f'</code>{tag} <span class="muted where">{_name(edge.location)}</span></li>'
        )
    parts = [f'<div class="cycle"><p>{lead}</p><ol class="chain">{"".join(hops)}</ol>']
    if fix:
        parts.append(f'<p class="fix"><b>Fix:</b> {_name(fix)}</p>')
    if cycle.size > len(cycle.chain):
        members = ", ".join(f"<code>{_name(m)}</code>" for m in cycle.modules)
        parts.append(
            f"<details><summary>All {cycle.size} modules of this tangle</summary>"
            f'<p class="members">{members}</p></details>'
        )
    parts.append("</div>")
    return "".join(parts)


def _cycles(report: AnalysisReport) -> str:
    cycles = report.graph.runtime_cycles
    if not cycles:
        return '<section><h2>Import cycles</h2><p class="muted">No runtime cycles.</p></section>'
    fixes = {f.symbol: f.fix.text for f in report.findings if f.code == "RK106" and f.fix}
    blocks = [_cycle_block(c, fixes.get(cycle_symbol(c), "")) for c in cycles[:MAX_CYCLES]]
    more = len(cycles) - MAX_CYCLES
    tail = f'<p class="muted">and {more} more.</p>' if more > 0 else ""
    intro = (
        '<p class="muted">Runtime cycles, largest first. Cutting one import of a loop breaks '
        "it; a tangle may need several cuts.</p>"
    )
    return (
        f"<section><h2>Import cycles ({len(cycles)})</h2>{intro}{''.join(blocks)}{tail}</section>"
    )


def _skipped(report: AnalysisReport) -> str:
    if not report.skipped:
        return ""
    rows = "".join(
        f"<tr><td class=w><code>{_name(s.relpath)}</code></td><td>{escape(s.reason)}</td></tr>"
        for s in report.skipped
    )
    return (
        f"<section><h2>Skipped files ({len(report.skipped)})</h2>"
        f"<table><tbody>{rows}</tbody></table></section>"
    )
