"""The import graph as Graphviz DOT (through pydot), optionally rendered to SVG or PNG.

`graph_view.fit_view` decides what is drawn (package depth, node budget, focus, externals,
tests, cycles, cuts) as plain data; `to_dot` only styles it. Rendering shells out to Graphviz's
`dot` when it is installed; without it the caller still gets the DOT text.
"""

from __future__ import annotations

import math
import shutil
import subprocess
from typing import Any

import pydot

from refactorkit.domain import ImportKind
from refactorkit.reporting.graph_view import (
    DEFAULT_MAX_NODES,
    EdgeView,
    GraphOptions,
    GraphView,
    NodeView,
    build_view,
    clusters,
    fit_view,
    shared_prefix,
)

__all__ = [
    "DEFAULT_MAX_NODES",
    "EdgeView",
    "GraphOptions",
    "GraphView",
    "GraphvizMissing",
    "NodeView",
    "build_view",
    "fit_view",
    "render_dot",
    "render_image",
    "to_dot",
]

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


def _short(name: str, cluster: str | None, prefix: str) -> str:
    """A node's label: without its cluster's name, written above it, or the shared prefix.

    Every box of Django's package graph starting with "django." made it a third wider.
    """
    if cluster is not None:
        return name[len(cluster) + 1 :] if name != cluster else "__init__"
    if prefix and name.startswith(prefix + "."):
        return name[len(prefix) + 1 :]
    return name


def _graph_defaults(dot: pydot.Dot, view: GraphView, title: str, clustered: bool) -> None:
    dense = len(view.edges) > 3 * max(len(view.nodes), 1)
    dot.set_graph_defaults(
        # Left to right: labels are read along the arrows, and a page is wider than tall
        # once printed in landscape.
        rankdir="LR",
        newrank="true",
        # Merging arrows untangles dense package graphs but leaves odd junctions in sparse ones;
        # with clusters Graphviz 2.43 loses nodes and crashes on it (Django at depth 3).
        concentrate="true" if dense and not clustered else "false",
        fontname="Helvetica",
        fontsize="11",
        # Dense graphs spread sideways to route their arrows: Django at --depth 2 was 1530 pt
        # wide at the default spacing (labels unreadable once scaled to a page).
        nodesep="0.1" if dense else "0.25",
        ranksep="0.3" if dense else "0.6",
    )
    dot.set("label", _quote(title or "import graph: red = cycle, darker fill = hotter"))
    dot.set("labelloc", "t")
    dot.set_node_defaults(
        fontname="Helvetica", fontsize="10", shape="box", style='"rounded,filled"'
    )
    # Dense graphs draw their arrows translucent, so crossings do not hide the boxes.
    dot.set_edge_defaults(color=_quote("#7f7f7fa0" if dense else "#7f7f7f"), arrowsize="0.6")


def _node_attrs(node: NodeView, top_score: float, top_lines: int) -> dict[str, Any]:
    attrs: dict[str, Any] = {"tooltip": _quote(f"{node.name}: {node.lines} lines")}
    if node.kind == "internal":
        grow = math.sqrt(node.lines / top_lines) if top_lines else 0.0
        attrs["fontsize"] = f"{12 + 8 * grow:.1f}"
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
    return attrs


def _edge_attrs(edge: EdgeView) -> dict[str, Any]:
    attrs: dict[str, Any] = {"tooltip": _quote(f"{edge.imports} import(s), first at {edge.where}")}
    if edge.in_cycle:
        attrs.update(color=_quote(CYCLE_COLOR), penwidth="2")
    if edge.kinds == {ImportKind.TYPE_CHECKING}:
        attrs["style"] = "dashed"
    elif ImportKind.TOP not in edge.kinds:
        attrs["style"] = "dotted"
    if ImportKind.TOP not in edge.kinds:
        # Imports in functions and under TYPE_CHECKING do not decide the layers: ranked by
        # module-level imports alone, Django's packages line up from contrib to utils.
        attrs["constraint"] = "false"
    if edge.imports > 1:
        attrs["penwidth"] = f"{min(4.0, 1 + math.log2(edge.imports)):.1f}"
        if edge.in_cycle:
            attrs["penwidth"] = "2.5"
    if edge.cut:
        # The import `analyze` suggests cutting: the one thing to act on in a red tangle.
        attrs.update(
            color=_quote(CYCLE_COLOR),
            penwidth="3.5",
            label=_quote("cut"),
            fontcolor=_quote(CYCLE_COLOR),
            fontname=_quote("Helvetica-Bold"),
            fontsize="14",
            tooltip=_quote(f"cut this import to break the cycle: {edge.where}"),
        )
    return attrs


def to_dot(view: GraphView, title: str = "") -> pydot.Dot:
    """Style the view: fill by hotspot score, size by lines, cycles in red, externals grey.

    Nodes are grouped into one cluster per package below the shared top (`graph_view.clusters`)
    and labelled without the cluster's name, which is written once above them.
    """
    dot = pydot.Dot("imports", graph_type="digraph")
    internal = [n.name for n in view.nodes if n.kind == "internal"]
    groups = clusters(internal)
    prefix = shared_prefix(internal) if len(internal) > 1 else ""
    _graph_defaults(dot, view, _titled(title, prefix), bool(groups))
    _add_nodes(dot, view, groups, prefix)
    for edge in view.edges:
        dot.add_edge(pydot.Edge(_quote(edge.source), _quote(edge.target), **_edge_attrs(edge)))
    return dot


def _add_nodes(
    dot: pydot.Dot, view: GraphView, groups: dict[str, tuple[str, ...]], prefix: str
) -> None:
    """Every node, styled, inside its cluster when it has one, with its short label."""
    home = {member: key for key, members in groups.items() for member in members}
    subgraphs = _subgraphs(dot, sorted(groups))
    top_score = max((n.score for n in view.nodes), default=0.0)
    top_lines = max((n.lines for n in view.nodes), default=0)
    for node in view.nodes:
        attrs = _node_attrs(node, top_score, top_lines)
        label = _short(node.name, home.get(node.name), prefix)
        if label != node.name or len(label) > LABEL_WIDTH:
            attrs["label"] = _label(label)
        (subgraphs.get(home.get(node.name, "")) or dot).add_node(
            pydot.Node(_quote(node.name), **attrs)
        )


def _titled(title: str, prefix: str) -> str:
    """The title, saying which package the shortened labels are under."""
    if not prefix:
        return title
    return f"{title} (names under {prefix}.)" if title.strip() else f"names under {prefix}."


def _subgraphs(dot: pydot.Dot, keys: list[str]) -> dict[str, pydot.Subgraph]:
    """One labelled cluster per package key, added to `dot`."""
    found = {}
    for number, key in enumerate(keys):
        sub = pydot.Subgraph(
            f"cluster_{number}",
            label=_quote(key),
            labeljust="l",
            style='"rounded"',
            color=_quote("#b8c2cc"),
            fontcolor=_quote("#52606d"),
            fontsize="13",
        )
        found[key] = sub
        dot.add_subgraph(sub)
    return found


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
