"""Import cycles: strongly connected components (iterative Tarjan) and one chain for each.

Written here rather than taken from networkx: Tarjan plus a BFS is short, and an iterative
version has no recursion limit on long import chains.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence

from refactorkit.domain import ImportKind
from refactorkit.graph.model import Cycle, ImportEdge

Adjacency = Mapping[str, Mapping[str, ImportEdge]]

IMPORT_TIME = frozenset({ImportKind.TOP})
RUNTIME = frozenset({ImportKind.TOP, ImportKind.FUNCTION})
ALL_KINDS = frozenset(ImportKind)

# Which edge stands for an importer->imported pair: the one that runs earliest.
_KIND_RANK = {ImportKind.TOP: 0, ImportKind.FUNCTION: 1, ImportKind.TYPE_CHECKING: 2}


def adjacency(
    edges: Iterable[ImportEdge], kinds: frozenset[ImportKind]
) -> dict[str, dict[str, ImportEdge]]:
    """importer -> imported -> representative edge, over internal edges of the given kinds."""
    adj: dict[str, dict[str, ImportEdge]] = {}
    for edge in edges:
        if edge.external or edge.kind not in kinds:
            continue
        targets = adj.setdefault(edge.importer, {})
        best = targets.get(edge.imported)
        if best is None or _edge_key(edge) < _edge_key(best):
            targets[edge.imported] = edge
    return adj


def _edge_key(edge: ImportEdge) -> tuple[int, str, int]:
    return (_KIND_RANK[edge.kind], edge.relpath, edge.lineno)


def strongly_connected(adj: Adjacency) -> list[list[str]]:
    """Tarjan's SCCs, iteratively; only the cyclic ones (2+ modules, or one importing itself)."""
    tarjan = _Tarjan(adj)
    for root in sorted(adj):
        if root not in tarjan.index:
            tarjan.run(root)
    return tarjan.found


class _Tarjan:
    """The state of Tarjan's algorithm, with an explicit stack instead of recursion."""

    def __init__(self, adj: Adjacency) -> None:
        self.adj = adj
        self.index: dict[str, int] = {}
        self.low: dict[str, int] = {}
        self.on_stack: set[str] = set()
        self.stack: list[str] = []
        self.found: list[list[str]] = []

    def _visit(self, node: str, work: list[tuple[str, Iterator[str]]]) -> None:
        self.index[node] = self.low[node] = len(self.index)
        self.stack.append(node)
        self.on_stack.add(node)
        work.append((node, iter(self.adj.get(node, {}))))

    def run(self, root: str) -> None:
        work: list[tuple[str, Iterator[str]]] = []
        self._visit(root, work)
        while work:
            node, successors = work[-1]
            for succ in successors:
                if succ not in self.index:
                    self._visit(succ, work)
                    break
                if succ in self.on_stack:
                    self.low[node] = min(self.low[node], self.index[succ])
            else:
                work.pop()
                self._finish(node, work)

    def _finish(self, node: str, work: list[tuple[str, Iterator[str]]]) -> None:
        """All of `node`'s successors are done: pass its low link up, close its component."""
        low = self.low
        if work:
            parent = work[-1][0]
            low[parent] = min(low[parent], low[node])
        if low[node] == self.index[node]:
            component = _pop_component(self.stack, self.on_stack, node)
            if len(component) > 1 or node in self.adj.get(node, {}):
                self.found.append(sorted(component))


def _pop_component(stack: list[str], on_stack: set[str], node: str) -> list[str]:
    component = []
    while True:
        member = stack.pop()
        on_stack.discard(member)
        component.append(member)
        if member == node:
            return component


def shortest_cycle(adj: Adjacency, start: str, members: frozenset[str]) -> tuple[ImportEdge, ...]:
    """The shortest closed chain of edges from `start` back to itself, staying inside `members`.

    Breadth-first, visiting successors in name order so that the answer is deterministic.
    """
    if start in adj.get(start, {}):
        return (adj[start][start],)
    came_by: dict[str, ImportEdge] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        targets = adj.get(node, {})
        for succ in sorted(targets):
            if succ == start:
                chain = [targets[succ]]
                while node != start:
                    edge = came_by[node]
                    chain.append(edge)
                    node = edge.importer
                return tuple(reversed(chain))
            if succ in members and succ not in came_by:
                came_by[succ] = targets[succ]
                queue.append(succ)
    return ()  # not reached when `start` is in a cyclic component of `adj`


def find_cycles(
    edges: Iterable[ImportEdge], include_type_checking: bool = False
) -> tuple[Cycle, ...]:
    """Cyclic SCCs over runtime edges (optionally with type-checking ones), largest first."""
    edge_list = list(edges)
    levels = (IMPORT_TIME, RUNTIME, ALL_KINDS)
    adjs = [adjacency(edge_list, kinds) for kinds in levels]
    # Component membership at the stricter levels: those components nest inside the main ones.
    strict = [_membership(strongly_connected(adj)) for adj in adjs[:2]]
    main = strongly_connected(adjs[2] if include_type_checking else adjs[1])
    cycles = [_component_cycle(component, strict, adjs) for component in main]
    cycles.sort(key=lambda c: (-len(c.modules), c.modules))
    return tuple(cycles)


def _component_cycle(
    component: list[str], strict: Sequence[Mapping[str, frozenset[str]]], adjs: Sequence[Adjacency]
) -> Cycle:
    """A component's cycle, its chain taken at the strictest level it has a cycle at."""
    level = next(
        (i for i, members in enumerate(strict) if any(m in members for m in component)),
        2,
    )
    if level < 2:
        start = next(m for m in component if m in strict[level])
        members = strict[level][start]
    else:
        start, members = component[0], frozenset(component)
    return Cycle(
        modules=tuple(component),
        chain=shortest_cycle(adjs[level], start, members),
        runtime=level <= 1,
        import_time=level == 0,
    )


def find_type_checking_cycles(edges: Iterable[ImportEdge]) -> tuple[Cycle, ...]:
    """Cycles that need a type-checking import: what type checkers see and runtime never does.

    Components with no runtime cycle at all, plus, for a component that has one, a loop through
    each group of modules no runtime cycle reaches (leaf -> models under TYPE_CHECKING while
    leaf is in a runtime cycle): the component view would hide those modules.
    """
    edge_list = list(edges)
    runtime = _membership(strongly_connected(adjacency(edge_list, RUNTIME)))
    adj = adjacency(edge_list, ALL_KINDS)
    found: list[Cycle] = []
    for component in strongly_connected(adj):
        members = frozenset(component)
        pending = [m for m in component if m not in runtime]
        if len(pending) == len(component):
            chain = shortest_cycle(adj, component[0], members)
            found.append(Cycle(modules=tuple(component), chain=chain, runtime=False))
            continue
        while pending:
            # Any loop through a module outside every runtime cycle needs a type-checking edge.
            chain = shortest_cycle(adj, pending[0], members)
            on_chain = sorted({e.importer for e in chain})
            found.append(Cycle(modules=tuple(on_chain), chain=chain, runtime=False))
            pending = [m for m in pending if m not in on_chain]
    found.sort(key=lambda c: (-len(c.modules), c.modules))
    return tuple(found)


def _membership(components: list[list[str]]) -> dict[str, frozenset[str]]:
    by_module: dict[str, frozenset[str]] = {}
    for component in components:
        members = frozenset(component)
        for module in component:
            by_module[module] = members
    return by_module
