"""Cycles: SCCs with exact chains on graphs built in code, and runtime/import-time flags."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from refactorkit.domain import ImportKind
from refactorkit.graph.cycles import ALL_KINDS, adjacency, strongly_connected
from refactorkit.graph.graph import Cycle, ImportEdge, ImportGraph

TOP, FUNC, TC = ImportKind.TOP, ImportKind.FUNCTION, ImportKind.TYPE_CHECKING


def edge(importer: str, imported: str, line: int = 1, kind: ImportKind = TOP) -> ImportEdge:
    return ImportEdge(importer, imported, f"{importer}.py", line, kind, False)


def graph(*edges: ImportEdge) -> ImportGraph:
    modules = {e.importer for e in edges} | {e.imported for e in edges if not e.external}
    return ImportGraph(modules, edges)


def hops(cycle: Cycle) -> list[str]:
    return [f"{e.importer}->{e.imported}@{e.location}" for e in cycle.chain]


def test_three_cycle() -> None:
    g = graph(edge("a", "b", 3), edge("b", "c", 5), edge("c", "a", 7), edge("c", "d", 8))
    (cycle,) = g.cycles()
    assert cycle.modules == ("a", "b", "c")
    assert hops(cycle) == ["a->b@a.py:3", "b->c@b.py:5", "c->a@c.py:7"]
    assert cycle.path == ("a", "b", "c", "a")
    assert cycle.runtime and cycle.import_time


def test_chain_is_the_shortest_cycle_through_the_first_module() -> None:
    g = graph(edge("a", "b"), edge("b", "c"), edge("c", "a"), edge("b", "a", 9))
    (cycle,) = g.cycles()
    assert cycle.modules == ("a", "b", "c")
    assert hops(cycle) == ["a->b@a.py:1", "b->a@b.py:9"]


def test_two_sccs_largest_first() -> None:
    g = graph(
        edge("x", "y"),
        edge("y", "x"),
        edge("y", "c"),  # a bridge: no cycle through it
        edge("c", "d"),
        edge("d", "e"),
        edge("e", "c"),
    )
    assert [(c.modules, c.path) for c in g.cycles()] == [
        (("c", "d", "e"), ("c", "d", "e", "c")),
        (("x", "y"), ("x", "y", "x")),
    ]


def test_cycle_only_through_type_checking_edges() -> None:
    g = graph(edge("a", "b", 2), edge("b", "a", 6, TC))
    assert g.cycles() == ()
    (cycle,) = g.cycles(include_type_checking=True)
    assert cycle.modules == ("a", "b")
    assert hops(cycle) == ["a->b@a.py:2", "b->a@b.py:6"]
    assert cycle.chain[1].kind is TC
    assert not cycle.runtime and not cycle.import_time


def test_function_level_edge_makes_a_runtime_but_not_import_time_cycle() -> None:
    g = graph(edge("a", "b"), edge("b", "a", 4, FUNC))
    (cycle,) = g.cycles()
    assert cycle.runtime and not cycle.import_time
    assert g.cycles(include_type_checking=True) == g.cycles()


def test_chain_shows_the_import_time_part_of_a_larger_component() -> None:
    # {a, b, c} is one runtime component, but only b <-> c closes with top-level imports.
    g = graph(edge("a", "b"), edge("b", "a", 2, FUNC), edge("b", "c", 3), edge("c", "b", 4))
    (cycle,) = g.cycles()
    assert cycle.modules == ("a", "b", "c")
    assert cycle.import_time
    assert hops(cycle) == ["b->c@b.py:3", "c->b@c.py:4"]


def test_runtime_part_shown_when_type_checking_edges_are_included() -> None:
    g = graph(edge("a", "b"), edge("b", "a", 2, TC), edge("b", "c", 3), edge("c", "b", 4, FUNC))
    (cycle,) = g.cycles(include_type_checking=True)
    assert cycle.modules == ("a", "b", "c")
    assert cycle.runtime and not cycle.import_time
    assert hops(cycle) == ["b->c@b.py:3", "c->b@c.py:4"]


def test_self_import() -> None:
    g = graph(edge("a", "a", 5), edge("a", "b"))
    (cycle,) = g.cycles()
    assert cycle.modules == ("a",)
    assert hops(cycle) == ["a->a@a.py:5"]
    assert cycle.path == ("a", "a")


def test_the_earliest_running_edge_stands_for_a_pair() -> None:
    g = graph(
        edge("a", "b", 10, FUNC), edge("a", "b", 20), edge("a", "b", 5, TC), edge("b", "a", 3)
    )
    (cycle,) = g.cycles(include_type_checking=True)
    assert hops(cycle) == ["a->b@a.py:20", "b->a@b.py:3"]


def test_external_edges_never_close_a_cycle() -> None:
    ext = ImportEdge("os", "a", "os.py", 1, TOP, True)
    g = ImportGraph({"a"}, [ImportEdge("a", "os", "a.py", 1, TOP, True), ext])
    assert g.cycles() == ()


def test_a_long_ring_needs_no_recursion() -> None:
    n = 5000
    names = [f"m{i:04d}" for i in range(n)]
    g = graph(*(edge(names[i], names[(i + 1) % n]) for i in range(n)))
    (cycle,) = g.cycles()
    assert cycle.size == n
    assert len(cycle.chain) == n
    assert cycle.path[0] == cycle.path[-1] == "m0000"


def _reachable(adj: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for nxt in adj.get(todo.pop(), set()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.sampled_from("abcdef")), max_size=14))
def test_components_and_chains_agree_with_brute_force(pairs: list[tuple[str, str]]) -> None:
    edges = [edge(a, b, i + 1) for i, (a, b) in enumerate(pairs)]
    simple: dict[str, set[str]] = {}
    for a, b in pairs:
        simple.setdefault(a, set()).add(b)
    reach = {m: _reachable(simple, m) for m in "abcdef"}
    expected = {
        tuple(sorted(m for m in "abcdef" if m == n or (m in reach[n] and n in reach[m])))
        for n in "abcdef"
        if n in reach[n]
    }
    assert {tuple(c) for c in strongly_connected(adjacency(edges, ALL_KINDS))} == expected
    for cycle in graph(*edges).cycles():
        chain = cycle.chain
        assert chain and chain[-1].imported == chain[0].importer
        assert all(x.imported == y.importer for x, y in pairwise(chain))
        assert {e.importer for e in chain} <= set(cycle.modules)
        assert chain[0].importer == cycle.modules[0]  # only top-level edges: the first module


def test_type_checking_cycles_include_loops_beside_a_runtime_cycle() -> None:
    g = graph(
        edge("helpers", "leaf", 1),
        edge("leaf", "helpers", 2),  # a runtime cycle
        edge("leaf", "models", 3, TC),
        edge("models", "leaf", 4),  # models <-> leaf only through TYPE_CHECKING
        edge("x", "y", 1, TC),
        edge("y", "x", 2),  # a separate type-checking-only component
    )
    assert [c.modules for c in g.cycles()] == [("helpers", "leaf")]
    # The component view merges models into the runtime cycle and would hide it.
    assert [c.modules for c in g.cycles(include_type_checking=True)] == [
        ("helpers", "leaf", "models"),
        ("x", "y"),
    ]
    found = g.type_checking_cycles()
    assert [(c.modules, c.runtime) for c in found] == [
        (("leaf", "models"), False),
        (("x", "y"), False),
    ]
    assert hops(found[0]) == ["models->leaf@models.py:4", "leaf->models@leaf.py:3"]
    assert hops(found[1]) == ["x->y@x.py:1", "y->x@y.py:2"]


def test_each_module_outside_runtime_cycles_is_on_some_type_checking_loop() -> None:
    g = graph(
        edge("a", "b"),
        edge("b", "a"),
        edge("a", "m", 5, TC),
        edge("m", "a", 6),
        edge("b", "n", 7, TC),
        edge("n", "b", 8),
    )
    found = g.type_checking_cycles()
    assert [c.modules for c in found] == [("a", "m"), ("b", "n")]
    assert all(not c.runtime for c in found)


def test_no_type_checking_cycles_when_every_loop_runs() -> None:
    g = graph(edge("a", "b"), edge("b", "a", 2, TC), edge("b", "a", 3))
    assert g.type_checking_cycles() == ()
