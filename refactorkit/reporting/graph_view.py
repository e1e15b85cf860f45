"""What an import-graph picture shows, as plain data: depth, focus, budget, tests, cycles, cuts.

`fit_view` is the entry point: it builds the view the options ask for and, when that has more
nodes than the budget, collapses modules into packages until it fits (`GraphView.depth` says
where it stopped). `reporting/dot.py` only styles the result.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from refactorkit.domain import ImportKind
from refactorkit.graph.digraph import undirected, within
from refactorkit.graph.graph import ImportGraph
from refactorkit.rules.builtin.import_cycle import edge_to_cut

DEFAULT_MAX_NODES = 40  # a picture with more boxes than this is unreadable on a page


@dataclass(frozen=True)
class GraphOptions:
    depth: int | None = None  # collapse modules to their first N name parts
    focus: str | None = None  # keep only what is within `hops` imports of this module
    hops: int = 2
    external: bool = False  # draw stdlib and third-party packages
    max_nodes: int = 0  # collapse until at most this many nodes are drawn; 0: no budget
    cycles_only: bool = False  # only modules on a runtime cycle


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
    cut: bool = False  # the import `analyze` suggests cutting to break its cycle


@dataclass(frozen=True)
class GraphView:
    nodes: tuple[NodeView, ...]
    edges: tuple[EdgeView, ...]
    cycles: tuple[tuple[str, ...], ...]  # runtime cycles among the drawn nodes
    depth: int | None = None  # name parts kept (None: one node per module)
    wanted: int = 0  # nodes the options asked for, before the budget collapsed them
    finer: int = 0  # nodes one level deeper than drawn, when the budget collapsed them
    hidden: int = 0  # test/docs/example modules left out

    @property
    def collapsed(self) -> bool:
        return self.wanted > len(self.nodes)


def cut_name(name: str, depth: int | None) -> str:
    return name if depth is None else ".".join(name.split(".")[:depth])


def nodes_at(modules: Collection[str], depth: int | None) -> int:
    """How many boxes `modules` make when collapsed to `depth` name parts."""
    return len({cut_name(m, depth) for m in modules})


def deepest(modules: Collection[str]) -> int:
    return max((m.count(".") + 1 for m in modules), default=1)


def fit_view(
    graph: ImportGraph,
    options: GraphOptions,
    lines: Mapping[str, int] | None = None,
    scores: Mapping[str, float] | None = None,
    hidden: Collection[str] = (),
) -> GraphView:
    """The view of `options`, collapsed to a shallower depth while over `options.max_nodes`.

    `hidden` modules (tests, docs, examples) are left out before anything is counted.
    """
    shown = graph.without(hidden)
    view = build_view(shown, options, lines, scores)
    wanted = len(view.nodes)
    budget = options.max_nodes
    depth = options.depth or deepest(shown.internal_modules)
    finer = 0
    while budget and len(view.nodes) > budget and depth > 1:
        depth -= 1
        finer = len(view.nodes)
        view = build_view(shown, dataclasses.replace(options, depth=depth), lines, scores)
    hidden_count = len(graph.internal_modules) - len(shown.internal_modules)
    return dataclasses.replace(view, wanted=wanted, finer=finer, hidden=hidden_count)


def build_view(
    graph: ImportGraph,
    options: GraphOptions,
    lines: Mapping[str, int] | None = None,
    scores: Mapping[str, float] | None = None,
) -> GraphView:
    """What to draw: nodes weighted by lines and hotspot score, edges grouped, cycles marked.

    `lines` and `scores` are keyed by full module name and summed (lines) or maxed (scores)
    into packages when `depth` collapses them. No budget here (see `fit_view`).
    """
    view = graph.aggregate(options.depth) if options.depth else graph
    marks = _CycleMarks.of(view)
    grouped, kinds = _group_edges(graph, view, options.external)
    weights = _weights(lines or {}, scores or {}, options.depth)
    nodes = {
        name: NodeView(name, kind, *weights.get(name, (0, 0.0)), in_cycle=name in marks.component)
        for name, kind in kinds.items()
    }
    edges = [
        marks.edge(source, target, found) for (source, target), found in sorted(grouped.items())
    ]
    return _narrow(
        GraphView(tuple(nodes.values()), tuple(edges), marks.cycles, options.depth), options, marks
    )


def _narrow(view: GraphView, options: GraphOptions, marks: _CycleMarks) -> GraphView:
    """The view kept to the cycles (`cycles_only`) and around the focus, nodes sorted."""
    edges = list(view.edges)
    keep: set[str] | None = None
    if options.cycles_only:
        keep = set(marks.component)
        edges = [e for e in edges if marks.same_component(e.source, e.target)]
    if options.focus:
        every = keep or {n.name for n in view.nodes}
        keep = _around(options.focus, options.hops, options.depth, every, edges)
    nodes = sorted(view.nodes, key=lambda n: n.name)
    narrowed = GraphView(tuple(nodes), tuple(edges), view.cycles, options.depth)
    return narrowed if keep is None else _only(narrowed, keep)


def _only(view: GraphView, keep: set[str]) -> GraphView:
    """The view's nodes in `keep`, with the arrows and cycles among them."""
    return dataclasses.replace(
        view,
        nodes=tuple(node for node in view.nodes if node.name in keep),
        edges=tuple(e for e in view.edges if {e.source, e.target} <= keep),
        cycles=tuple(c for c in view.cycles if keep.issuperset(c)),
    )


@dataclass(frozen=True)
class _CycleMarks:
    """The runtime cycles of the drawn graph: members, the chain drawn red, the import to cut."""

    cycles: tuple[tuple[str, ...], ...]
    component: dict[str, int]  # module -> index of its cycle
    chain: frozenset[tuple[str, str]]
    cuts: frozenset[tuple[str, str]]

    @classmethod
    def of(cls, view: ImportGraph) -> _CycleMarks:
        found = view.cycles(include_type_checking=False)
        cycles = tuple(c.modules for c in found)
        component = {module: i for i, members in enumerate(cycles) for module in members}
        # Only the concrete chain of each cycle is drawn red: in a big tangle nearly every
        # edge lies inside one component, and painting them all red hides where to cut.
        chain = frozenset((e.importer, e.imported) for c in found for e in c.chain)
        cut_edges = (edge_to_cut(cycle, view.fan_in) for cycle in found)
        cuts = frozenset((e.importer, e.imported) for e in cut_edges if e is not None)
        return cls(cycles, component, chain, cuts)

    def same_component(self, source: str, target: str) -> bool:
        return self.component.get(source, -1) == self.component.get(target, -2)

    def edge(self, source: str, target: str, found: list[tuple[ImportKind, str]]) -> EdgeView:
        """The arrow for the import statements `found` from `source` to `target`."""
        runtime = any(kind is not ImportKind.TYPE_CHECKING for kind, _ in found)
        on_chain = (source, target) in self.chain and runtime
        where = min(found, key=lambda item: item[1])[1]
        kinds = frozenset(kind for kind, _ in found)
        cut = (source, target) in self.cuts
        return EdgeView(source, target, len(found), kinds, where, on_chain, cut)


_Grouped = dict[tuple[str, str], list[tuple[ImportKind, str]]]


def _group_edges(
    graph: ImportGraph, view: ImportGraph, external: bool
) -> tuple[_Grouped, dict[str, str]]:
    """Import statements grouped per drawn arrow, and the kind of every drawn node."""
    grouped: _Grouped = {}
    kinds: dict[str, str] = {m: "internal" for m in view.internal_modules}
    for edge in view.edges():
        target = edge.imported
        if edge.external:
            if not external:
                continue
            target = target.split(".")[0]
            if target == "__future__":  # a compiler directive, not a dependency
                continue
            kinds[target] = graph.classify(target)
        if edge.importer == target:
            continue
        grouped.setdefault((edge.importer, target), []).append((edge.kind, edge.location))
    return grouped, kinds


def _weights(
    lines: Mapping[str, int], scores: Mapping[str, float], depth: int | None
) -> dict[str, tuple[int, float]]:
    totals: dict[str, tuple[int, float]] = {}
    for module in set(lines) | set(scores):
        name = cut_name(module, depth)
        old_lines, old_score = totals.get(name, (0, 0.0))
        totals[name] = (old_lines + lines.get(module, 0), max(old_score, scores.get(module, 0.0)))
    return totals


def _around(
    focus: str, hops: int, depth: int | None, names: set[str], edges: list[EdgeView]
) -> set[str]:
    """Nodes within `hops` imports of the focus, in either direction."""
    focus = cut_name(focus, depth)
    start = {n for n in names if n == focus or n.startswith(focus + ".")}
    if not start:
        raise ValueError(f"no module named {focus!r} in the graph")
    neighbours = undirected(((edge.source, edge.target) for edge in edges), names)
    return within(start, hops, neighbours)


def shared_prefix(names: Collection[str]) -> str:
    """The dotted package every name is in or equal to ("django"), or ""."""
    split = [n.split(".") for n in names]
    shared = 0
    while split and all(len(p) > shared for p in split) and len({p[shared] for p in split}) == 1:
        shared += 1
    return ".".join(split[0][:shared]) if split else ""


def clusters(names: Collection[str]) -> dict[str, tuple[str, ...]]:
    """Boxes grouped by their package one level below the name they all share.

    Top-level packages when the nodes have several (`shop`, `tests`); `django.db`,
    `django.contrib`... when every node is inside `django`. The shared package itself and
    groups of one stay outside any cluster.
    """
    shared = shared_prefix(names).count(".") + 1 if shared_prefix(names) else 0
    groups: dict[str, list[str]] = {}
    for name in names:
        parts = name.split(".")
        if len(parts) > shared:
            groups.setdefault(".".join(parts[: shared + 1]), []).append(name)
    return {key: tuple(sorted(members)) for key, members in groups.items() if len(members) > 1}
