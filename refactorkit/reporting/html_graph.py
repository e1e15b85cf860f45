"""The HTML report's package graph: one inline SVG per useful depth, a switch between them.

The page opens at the deepest level that still draws at most `MAX_GRAPH_NODES` boxes; the
reader can switch to the other levels that have between 2 and `MAX_SWITCH_NODES` boxes. The
switch is radio buttons styled by CSS: no script, nothing from the network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from refactorkit.analysis.report import AnalysisReport
from refactorkit.graph.graph import ImportGraph
from refactorkit.reporting.graph_view import (
    DEFAULT_MAX_NODES,
    GraphOptions,
    GraphView,
    deepest,
    fit_view,
    nodes_at,
)
from refactorkit.workspace import is_test_path

MAX_GRAPH_NODES = DEFAULT_MAX_NODES  # the level the page opens at fits this budget
# Deeper levels are offered up to this many boxes and arrows: Graphviz took 3 minutes over
# Django at depth 3 (160 packages, 1,063 arrows, in clusters), 0.3 s at depth 2 (18, 122).
MAX_SWITCH_NODES = 100
MAX_SWITCH_EDGES = 400
# The graph's box inside the page (main 1180 px less paddings); an SVG wider than this is
# scaled down to fit, unless that would make its labels smaller than about 9 px: then it
# keeps its size and scrolls sideways.
PAGE_WIDTH_PX = 1110
MIN_SCALE = 0.65


@dataclass(frozen=True)
class Level:
    depth: int  # name parts kept
    nodes: int
    label: str  # "modules" or "packages (depth 2)"


def package_depth(modules: list[str], limit: int = MAX_GRAPH_NODES) -> int:
    """The deepest package level that still draws at most `limit` nodes (at least 1)."""
    depth = 1
    for candidate in range(1, deepest(modules) + 1):
        if nodes_at(modules, candidate) > limit:
            break
        depth = candidate
    return depth


def levels(modules: list[str]) -> tuple[list[Level], int]:
    """The depths worth offering and the one to open at."""
    top = deepest(modules)
    counts = {depth: nodes_at(modules, depth) for depth in range(1, top + 1)}
    useful = [d for d, count in counts.items() if 2 <= count <= MAX_SWITCH_NODES]
    # Nothing small enough: the shallowest level that still shows two boxes, however many.
    useful = useful or [min(d for d, count in counts.items() if count >= 2)]
    found = [Level(d, counts[d], "modules" if d == top else f"depth {d}") for d in useful]
    opening = package_depth(modules)
    if opening not in useful:
        opening = useful[0]
    return found, opening


def graph_section(report: AnalysisReport) -> str:
    """The "Package graph" section (empty for fewer than two modules)."""
    from refactorkit.reporting.dot import graphviz_available

    graph = ImportGraph.from_analyses(report.files)
    hidden = {f.source.module or "" for f in report.files if is_test_path(f.source.relpath)}
    shown = graph.without(hidden)
    modules = sorted(shown.internal_modules)
    if len(modules) < 2:
        return ""
    found, opening = levels(modules)
    views = [(level, _view(shown, level.depth, report)) for level in found]
    views = [(lv, v) for lv, v in views if lv.depth == opening or _drawable(v)]
    hidden.discard("")
    intro = (
        '<section><h2>Package graph</h2><p class="muted">Arrows point from importer to '
        "imported, left to right. Red: import cycle (the arrow labelled <b>cut</b> is the "
        "import to cut); darker fill: hotter; larger label: more lines. Dashed: TYPE_CHECKING "
        f"only; dotted: imports inside functions.{_left_out(hidden, modules, views)}</p>"
    )
    if not graphviz_available():
        return intro + _dot_source(views, opening) + "</section>"
    return intro + _switch(views, opening) + "</section>"


def _dot_source(views: list[tuple[Level, GraphView]], opening: int) -> str:
    """Without Graphviz: how to get it, and the DOT of the opening level to render later."""
    dot_text = _dot(next(view for level, view in views if level.depth == opening))
    return (
        "<p>Graphviz is not installed, so the graph is not drawn "
        "(install it, e.g. <code>apt-get install graphviz</code>). The DOT source:</p>"
        f"<details><summary>DOT</summary><pre>{escape(dot_text)}</pre></details>"
    )


def _drawable(view: GraphView) -> bool:
    return len(view.edges) <= MAX_SWITCH_EDGES


def _left_out(hidden: set[str], modules: list[str], views: list[tuple[Level, GraphView]]) -> str:
    """What the pictures do not show: test code, and levels too big to draw."""
    note = f" {len(hidden):,} test, docs and example modules are left out." if hidden else ""
    deeper = max((level.depth for level, _ in views), default=1) + 1
    if deeper <= deepest(modules):
        note += (
            f" The next level ({nodes_at(modules, deeper):,} boxes) is too big to draw here: "
            f"<code>refactorkit graph --focus PACKAGE --depth {deeper}</code> draws one "
            "package at a time."
        )
    return note


def _view(graph: ImportGraph, depth: int, report: AnalysisReport) -> GraphView:
    lines = {f.source.module: f.raw.loc for f in report.files if f.source.module}
    by_path = {f.source.relpath: f.source.module for f in report.files}
    scores = {
        module: h.score
        for h in report.hotspots
        if h.kind == "module" and (module := by_path.get(h.relpath))
    }
    return fit_view(graph, GraphOptions(depth=depth), lines, scores)


def _dot(view: GraphView) -> str:
    from refactorkit.reporting.dot import render_dot

    return render_dot(view, " ")


def _switch(views: list[tuple[Level, GraphView]], opening: int) -> str:
    """Radio buttons (one per level) and the SVG of each, shown by CSS when its button is on."""
    from refactorkit.reporting.dot import render_image

    buttons, pictures, rules = [], [], []
    for level, view in views:
        ident = f"rk-depth-{level.depth}"
        checked = " checked" if level.depth == opening else ""
        buttons.append(
            f'<input type="radio" name="rk-depth" id="{ident}"{checked}>'
            f'<label for="{ident}">{escape(level.label)} ({level.nodes})</label>'
        )
        try:
            svg = _inline(render_image(_dot(view), "svg").decode("utf-8"))
        except RuntimeError as exc:
            svg = f"<p>Graphviz failed: {escape(str(exc))}</p>"
        # Not "graph": Graphviz gives its top <g> that class, and the CSS would hide it.
        pictures.append(f'<div class="pgraph {ident}">{svg}</div>')
        rules.append(f"#{ident}:checked~.{ident}{{display:block}}")
    if len(views) < 2:
        return "".join(pictures)
    style = (
        "<style>.depths .pgraph{display:none}.depths input{margin:0 4px 0 12px}"
        ".depths label{font-size:14px;cursor:pointer}" + "".join(rules) + "</style>"
    )
    # The buttons must be siblings of the pictures for `:checked ~` to reach them.
    switch = '<span class="muted">Show:</span>' + "".join(buttons)
    return f'{style}<div class="depths">{switch}{"".join(pictures)}</div>'


_WIDTH = re.compile(r'<svg width="([\d.]+)pt"')


def _inline(svg: str) -> str:
    """Graphviz's SVG without the XML prolog and DOCTYPE, so it can sit inside HTML.

    An SVG too wide to be shrunk onto the page legibly keeps its own size (and the box
    scrolls) instead of being scaled to a blur.
    """
    start = svg.find("<svg")
    svg = svg[start:] if start >= 0 else svg
    match = _WIDTH.match(svg)
    if match and PAGE_WIDTH_PX / (float(match.group(1)) * 4 / 3) < MIN_SCALE:
        svg = svg.replace("<svg ", '<svg style="max-width:none" ', 1)
    return svg
