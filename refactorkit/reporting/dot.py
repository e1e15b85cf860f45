"""The import graph as Graphviz DOT (through pydot), optionally rendered to SVG or PNG.

`build_view` decides what is drawn (package depth, focus, externals, cycles, hotspot weights)
as plain data; `to_dot` only styles it. Rendering shells out to Graphviz's `dot` when it is
installed; without it the caller still gets the DOT text.
"""

from __future__ import annotations

import math
import shutil
import subprocess
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pydot

from refactorkit.domain import ImportKind
from refactorkit.graph.graph import ImportGraph

INSTALL_HINT = (
    "Graphviz's `dot` program was not found; install Graphviz to render svg/png "
    "(Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz; "
    "conda: conda install graphviz)"
)
CYCLE_COLOR = "#d62728"
# Light yellow to deep red: the hotter a module, the darker its fill.
HEAT = ("#fff7d6", "#fee391", "#fec44f", "#fe9929", "#ec7014", "#cc4c02")


class GraphvizMissing(RuntimeError):
    """`dot` is not on PATH (the message says how to install it)."""


@dataclass(frozen=True)
class GraphOptions:
    depth: int | None = None  # collapse modules to their first N name parts
    focus: str | None = None  # keep only what is within `hops` imports of this module
    hops: int = 2
    external: bool = False  # draw stdlib and third-party packages


@dataclass(frozen=True)
class NodeView:
    name: str
    kind: str  # "internal", "stdlib" or "third_party"
    lines: int = 0
    score: float = 0.0
    in_cycle: bool = False


@dataclass(frozen=True)
class EdgeView:
    source: str
    target: str
    imports: int  # import statements this arrow stands for
    kinds: frozenset[ImportKind]
    where: str  # file:line of the first of them
    in_cycle: bool = False


@dataclass(frozen=True)
class GraphView:
    nodes: tuple[NodeView, ...]
    edges: tuple[EdgeView, ...]
    cycles: tuple[tuple[str, ...], ...]  # runtime cycles among the drawn nodes


def _cut(name: str, depth: int | None) -> str:
    return name if depth is None else ".".join(name.split(".")[:depth])


def build_view(
    graph: ImportGraph,
    options: GraphOptions,
    lines: Mapping[str, int] | None = None,
    scores: Mapping[str, float] | None = None,
) -> GraphView:
    """What to draw: nodes weighted by lines and hotspot score, edges grouped, cycles marked.

    `lines` and `scores` are keyed by full module name and summed (lines) or maxed (scores)
    into packages when `depth` collapses them.
    """
    view = graph.aggregate(options.depth) if options.depth else graph
    found_cycles = view.cycles(include_type_checking=False)
    cycles = tuple(c.modules for c in found_cycles)
    component = {module: i for i, members in enumerate(cycles) for module in members}
    # Only the concrete chain of each cycle is drawn red: in a big tangle nearly every edge
    # lies inside one component, and painting them all red hides where to cut.
    chain_edges = {(e.importer, e.imported) for c in found_cycles for e in c.chain}
    grouped: dict[tuple[str, str], list[tuple[ImportKind, str]]] = {}
    kinds: dict[str, str] = {m: "internal" for m in view.internal_modules}
    for edge in view.edges():
        target = edge.imported
        if edge.external:
            if not options.external:
                continue
            target = target.split(".")[0]
            if target == "__future__":  # a compiler directive, not a dependency
                continue
            kinds[target] = graph.classify(target)
        if edge.importer == target:
            continue
        grouped.setdefault((edge.importer, target), []).append((edge.kind, edge.location))
    weights = _weights(lines or {}, scores or {}, options.depth)
    nodes = {
        name: NodeView(name, kind, *weights.get(name, (0, 0.0)), in_cycle=name in component)
        for name, kind in kinds.items()
    }
    edges = []
    for (source, target), found in sorted(grouped.items()):
        runtime = any(kind is not ImportKind.TYPE_CHECKING for kind, _ in found)
        on_chain = (source, target) in chain_edges
        where = min(found, key=lambda item: item[1])[1]
        kinds_used = frozenset(kind for kind, _ in found)
        edges.append(EdgeView(source, target, len(found), kinds_used, where, on_chain and runtime))
    if options.focus:
        keep = _around(options.focus, options.hops, options.depth, set(nodes), edges)
        nodes = {name: node for name, node in nodes.items() if name in keep}
        edges = [e for e in edges if e.source in keep and e.target in keep]
        cycles = tuple(c for c in cycles if keep.issuperset(c))
    return GraphView(tuple(sorted(nodes.values(), key=lambda n: n.name)), tuple(edges), cycles)


def _weights(
    lines: Mapping[str, int], scores: Mapping[str, float], depth: int | None
) -> dict[str, tuple[int, float]]:
    totals: dict[str, tuple[int, float]] = {}
    for module in set(lines) | set(scores):
        name = _cut(module, depth)
        old_lines, old_score = totals.get(name, (0, 0.0))
        totals[name] = (old_lines + lines.get(module, 0), max(old_score, scores.get(module, 0.0)))
    return totals


def _around(
    focus: str, hops: int, depth: int | None, names: set[str], edges: list[EdgeView]
) -> set[str]:
    """Nodes within `hops` imports of the focus, in either direction."""
    focus = _cut(focus, depth)
    start = {n for n in names if n == focus or n.startswith(focus + ".")}
    if not start:
        raise ValueError(f"no module named {focus!r} in the graph")
    neighbours: dict[str, set[str]] = {}
    for edge in edges:
        neighbours.setdefault(edge.source, set()).add(edge.target)
        neighbours.setdefault(edge.target, set()).add(edge.source)
    seen = set(start)
    queue = deque((name, 0) for name in start)
    while queue:
        name, distance = queue.popleft()
        if distance == hops:
            continue
        for other in neighbours.get(name, ()):
            if other not in seen:
                seen.add(other)
                queue.append((other, distance + 1))
    return seen


def _heat(score: float, top: float) -> str:
    if top <= 0 or score <= 0:
        return HEAT[0]
    return HEAT[min(len(HEAT) - 1, int(len(HEAT) * score / top))]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


LABEL_WIDTH = 32


def _label(name: str, width: int = LABEL_WIDTH) -> str:
    """A quoted DOT label, long dotted names broken into lines after dots.

    One 90-character module name makes its box, and so the whole drawing, so wide that every
    label is unreadable once the picture is scaled to a page.
    """
    lines: list[str] = []
    for part in name.split("."):
        if lines and len(lines[-1]) + 1 + len(part) <= width:
            lines[-1] += "." + part
        else:
            if lines:
                lines[-1] += "."
            lines.append(part)
    return "\\n".join(_quote(line)[1:-1] for line in lines).join('""')


def to_dot(view: GraphView, title: str = "") -> pydot.Dot:
    """Style the view: fill by hotspot score, size by lines, cycles in red, externals grey."""
    dot = pydot.Dot("imports", graph_type="digraph")
    dense = len(view.edges) > 3 * max(len(view.nodes), 1)
    dot.set_graph_defaults(
        rankdir="TB",
        # Merging arrows untangles dense package graphs but leaves odd junctions in sparse ones.
        concentrate="true" if dense else "false",
        fontname="Helvetica",
        fontsize="11",
        # Dense graphs spread sideways to route their arrows: Django at --depth 2 was 1530 pt
        # wide at the default spacing (labels unreadable once scaled to a page), 760 pt here.
        nodesep="0.1" if dense else "0.25",
        ranksep="0.3" if dense else "0.6",
    )
    dot.set("label", _quote(title or "import graph: red = cycle, darker fill = hotter"))
    dot.set("labelloc", "t")
    dot.set_node_defaults(
        fontname="Helvetica", fontsize="10", shape="box", style='"rounded,filled"'
    )
    dot.set_edge_defaults(color="#7f7f7f", arrowsize="0.6")
    top_score = max((n.score for n in view.nodes), default=0.0)
    top_lines = max((n.lines for n in view.nodes), default=0)
    for node in view.nodes:
        attrs: dict[str, Any] = {"tooltip": _quote(f"{node.name}: {node.lines} lines")}
        if node.kind == "internal":
            grow = math.sqrt(node.lines / top_lines) if top_lines else 0.0
            attrs["fontsize"] = f"{12 + 10 * grow:.1f}"
            fill = _heat(node.score, top_score)
            attrs["fillcolor"] = _quote(fill)
            if fill in HEAT[-2:]:  # black on dark orange is hard to read
                attrs["fontcolor"] = "white"
            if node.score:
                attrs["tooltip"] = _quote(
                    f"{node.name}: {node.lines} lines, hotspot score {node.score:.1f}"
                )
        else:
            attrs["shape"] = "ellipse"
            attrs["style"] = '"dashed,filled"'
            attrs["fillcolor"] = _quote("#f0f0f0" if node.kind == "stdlib" else "#e3eef9")
            attrs["fontcolor"] = _quote("#555555")
            attrs["tooltip"] = _quote(f"{node.name} ({node.kind.replace('_', '-')})")
        if node.in_cycle:
            attrs["color"] = _quote(CYCLE_COLOR)
            attrs["penwidth"] = "2"
        if len(node.name) > LABEL_WIDTH:
            attrs["label"] = _label(node.name)
        dot.add_node(pydot.Node(_quote(node.name), **attrs))
    for edge in view.edges:
        attrs = {"tooltip": _quote(f"{edge.imports} import(s), first at {edge.where}")}
        if edge.in_cycle:
            attrs.update(color=_quote(CYCLE_COLOR), penwidth="2")
        if edge.kinds == {ImportKind.TYPE_CHECKING}:
            attrs["style"] = "dashed"
        elif ImportKind.TOP not in edge.kinds:
            attrs["style"] = "dotted"
        if edge.imports > 1:
            attrs["penwidth"] = f"{min(4.0, 1 + math.log2(edge.imports)):.1f}"
            if edge.in_cycle:
                attrs["penwidth"] = "2.5"
        dot.add_edge(pydot.Edge(_quote(edge.source), _quote(edge.target), **attrs))
    return dot


def render_dot(view: GraphView, title: str = "") -> str:
    return str(to_dot(view, title).to_string())


def graphviz_available() -> bool:
    return shutil.which("dot") is not None


def render_image(dot_text: str, fmt: str, timeout: float = 120.0) -> bytes:
    """Run Graphviz on DOT text; `fmt` is "svg" or "png"."""
    program = shutil.which("dot")
    if program is None:
        raise GraphvizMissing(INSTALL_HINT)
    try:
        done = subprocess.run(
            [program, f"-T{fmt}"],
            input=dot_text.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"Graphviz took more than {timeout:.0f} s; try --depth") from exc
    if done.returncode != 0 and "concentrate=true" in dot_text:
        # Edge concentration trips Graphviz asserts on some graphs; the plain layout works.
        return render_image(dot_text.replace("concentrate=true", "concentrate=false"), fmt, timeout)
    if done.returncode != 0:
        raise RuntimeError(f"Graphviz failed: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout
