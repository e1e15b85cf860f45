"""The shared digraph searches: cycle, topological order, shortest path, neighbourhood."""

from __future__ import annotations

import itertools

import pytest

from refactorkit.graph.digraph import (
    find_cycle,
    shortest_path,
    successors,
    topological,
    undirected,
    within,
)


@pytest.mark.parametrize(
    ("nodes", "arcs", "cycle"),
    [
        (["a", "b", "c"], [("a", "b"), ("b", "c")], None),
        (["a", "b"], [("a", "b"), ("b", "a")], ["a", "b", "a"]),
        (["a"], [("a", "a")], ["a", "a"]),
        # the cycle not through the first node is found too, as [start, ..., start]
        (
            ["x", "a", "b", "c"],
            [("x", "a"), ("a", "b"), ("b", "c"), ("c", "a")],
            ["a", "b", "c", "a"],
        ),
        # nodes named only by arcs take part
        ([], [("p", "q"), ("q", "p")], ["p", "q", "p"]),
        # a diamond is not a cycle
        (["a", "b", "c", "d"], [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")], None),
    ],
)
def test_find_cycle(nodes: list[str], arcs: list[tuple[str, str]], cycle: list[str] | None) -> None:
    assert find_cycle(nodes, arcs) == cycle


def test_find_cycle_on_a_long_chain_does_not_recurse() -> None:
    names = [f"n{i}" for i in range(20000)]
    arcs = list(itertools.pairwise(names))
    assert find_cycle(names, arcs) is None
    assert find_cycle(names, [*arcs, (names[-1], names[0])]) == [*names, names[0]]


def test_topological_puts_needs_first_and_keeps_order_otherwise() -> None:
    assert topological(["a", "b", "c"], [("a", "c")]) == ["b", "c", "a"]
    assert topological(["a", "b", "c"], []) == ["a", "b", "c"]
    # what is ready goes first (an arc to an unknown node is no need); then, inside a
    # cycle, the first node not placed
    assert topological(["a", "b", "c"], [("a", "b"), ("b", "a"), ("c", "zz")]) == ["c", "a", "b"]
    assert topological(["x", "y"], [("x", "x")]) == ["x", "y"]


def test_shortest_path_is_breadth_first_and_reads_each_node_once() -> None:
    graph = {"a": ["b", "c"], "b": ["d"], "c": ["d", "e"], "d": ["e"], "e": []}
    asked: list[str] = []

    def succ(node: str) -> list[str]:
        asked.append(node)
        return graph.get(node, [])

    assert shortest_path("a", "e", succ) == ["a", "c", "e"]
    assert len(asked) == len(set(asked))
    assert shortest_path("a", "a", succ) == ["a"]
    assert shortest_path("e", "a", succ) is None


def test_within_counts_hops_either_way() -> None:
    neighbours = undirected([("a", "b"), ("b", "c"), ("c", "d"), ("x", "a")], {"a", "b", "c", "d"})
    assert neighbours == {"a": {"b"}, "b": {"a", "c"}, "c": {"b", "d"}, "d": {"c"}}
    assert within(["a"], 0, neighbours) == {"a"}
    assert within(["a"], 2, neighbours) == {"a", "b", "c"}
    assert within(["d", "a"], 1, neighbours) == {"a", "b", "c", "d"}


def test_successors_keeps_arc_order() -> None:
    assert successors(["a"], [("a", "c"), ("a", "b")]) == {"a": ["c", "b"], "c": [], "b": []}
