"""Searches over a directed graph of named nodes: the one implementation every package uses.

Pure functions over nodes and arcs (or a successor function, so a caller can read nodes
lazily): a cycle, a topological order, a shortest path, the nodes within some hops. Split
orders and checks its groups with them, move-symbol finds import chains, the graph view
narrows to a neighbourhood; `ImportGraph` finds its cycles in `cycles.py` (Tarjan).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping

Arc = tuple[str, str]


def successors(nodes: Iterable[str], arcs: Iterable[Arc]) -> dict[str, list[str]]:
    """Each node's successors in arc order; nodes only arcs name are added."""
    succ: dict[str, list[str]] = {n: [] for n in nodes}
    for a, b in arcs:
        succ.setdefault(a, []).append(b)
        succ.setdefault(b, [])
    return succ


def find_cycle(nodes: Iterable[str], arcs: Iterable[Arc]) -> list[str] | None:
    """One cycle as [a, b, ..., a], or None if the graph is a DAG (depth-first, node order)."""
    succ = successors(nodes, arcs)
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in succ:
        if not state.get(start):
            found = _cycle_from(start, succ, state)
            if found is not None:
                return found
    return None


def _cycle_from(start: str, succ: dict[str, list[str]], state: dict[str, int]) -> list[str] | None:
    """Depth-first from `start` (iteratively): the first arc back onto the path closes a cycle."""
    stack: list[tuple[str, int]] = [(start, 0)]
    path: list[str] = []
    while stack:
        node, i = stack.pop()
        if i == 0:
            state[node] = 1
            path.append(node)
        if i >= len(succ[node]):
            state[node] = 2
            path.pop()
            continue
        stack.append((node, i + 1))
        nxt = succ[node][i]
        if state.get(nxt) == 1:
            return [*path[path.index(nxt) :], nxt]
        if not state.get(nxt):
            stack.append((nxt, 0))
    return None


def topological(nodes: list[str], arcs: Iterable[Arc]) -> list[str]:
    """Order `nodes` so each comes after what it needs (arc a->b: a needs b); stable otherwise.

    Inside a cycle the first node not yet placed goes next, so every node is placed once.
    """
    needs: dict[str, set[str]] = {n: set() for n in nodes}
    for a, b in arcs:
        if a in needs and b in needs and a != b:
            needs[a].add(b)
    order: list[str] = []
    placed: set[str] = set()
    while len(order) < len(nodes):
        ready = _first_ready(nodes, needs, placed)
        order.append(ready)
        placed.add(ready)
    return order


def _first_ready(nodes: list[str], needs: dict[str, set[str]], placed: set[str]) -> str:
    """The first node not placed whose needs all are; in a cycle, the first one not placed."""
    left = [n for n in nodes if n not in placed]
    ready = [n for n in left if needs[n] <= placed]
    return (ready or left)[0]


def shortest_path(
    start: str, goal: str, successors_of: Callable[[str], Iterable[str]]
) -> list[str] | None:
    """Nodes from `start` to `goal` (breadth-first, the first found), or None when unreachable.

    `successors_of` is called once per node reached, so a caller may read nodes lazily.
    """
    previous: dict[str, str | None] = {start: None}  # who reached each node first
    queue = deque([start])
    while queue:
        current = queue.popleft()
        if current == goal:
            path = [current]
            while (before := previous[path[-1]]) is not None:
                path.append(before)
            return list(reversed(path))
        for candidate in successors_of(current):
            if candidate not in previous:
                previous[candidate] = current
                queue.append(candidate)
    return None


def within(start: Iterable[str], hops: int, neighbours: Mapping[str, set[str]]) -> set[str]:
    """`start` and every node at most `hops` steps from it through `neighbours`."""
    seen = set(start)
    queue = deque((name, 0) for name in seen)
    while queue:
        name, distance = queue.popleft()
        if distance == hops:
            continue
        for other in neighbours.get(name, set()) - seen:
            seen.add(other)
            queue.append((other, distance + 1))
    return seen


def undirected(arcs: Iterable[Arc], names: set[str]) -> dict[str, set[str]]:
    """Each node's neighbours either way along `arcs`, among `names`."""
    found: dict[str, set[str]] = {}
    for a, b in arcs:
        if a in names and b in names:
            found.setdefault(a, set()).add(b)
            found.setdefault(b, set()).add(a)
    return found
