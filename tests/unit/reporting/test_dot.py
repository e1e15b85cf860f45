"""DOT structure of the import graph view: nodes, edges, cycles, depth, focus, externals."""

from __future__ import annotations

from pathlib import Path

import pydot
import pytest

from refactorkit.domain import ImportKind, ImportRecord, SourceFile
from refactorkit.graph.graph import ImportGraph
from refactorkit.reporting.dot import (
    CYCLE_COLOR,
    GraphOptions,
    build_view,
    graphviz_available,
    render_dot,
    render_image,
)
from refactorkit.reporting.graph_view import clusters, fit_view, shared_prefix

# pydot's DOT parser calls pyparsing APIs that warn on import.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
TOP = ImportKind.TOP


def source(module: str) -> SourceFile:
    relpath = module.replace(".", "/") + ".py"
    return SourceFile(Path("/p") / relpath, relpath, module, False)


def imports(*names: str, kind: ImportKind = TOP) -> tuple[ImportRecord, ...]:
    return tuple(ImportRecord(name, None, line, kind) for line, name in enumerate(names, 1))


# app.api -> app.core.models <-> app.core.db (a cycle); app.cli -> app.api; externals
GRAPH = ImportGraph.build(
    [
        (source("app.api.views"), imports("__future__", "app.core.models", "json", "flask")),
        (source("app.core.models"), imports("app.core.db", "sqlalchemy.orm")),
        (source("app.core.db"), imports("app.core.models")),
        (source("app.cli"), imports("app.api.views")),
        (source("app.typing_only"), imports("app.cli", kind=ImportKind.TYPE_CHECKING)),
    ]
)


def parsed(text: str) -> pydot.Dot:
    graphs = pydot.graph_from_dot_data(text)
    assert graphs is not None
    (graph,) = graphs
    return graph


def bare(name: object) -> str:
    return str(name).strip('"')


def all_nodes(graph: pydot.Dot) -> list[pydot.Node]:
    """The nodes of the graph and of its clusters (subgraphs)."""
    found = list(graph.get_nodes())
    for sub in graph.get_subgraphs():
        found.extend(all_nodes(sub))
    return found


def names(graph: pydot.Dot) -> set[str]:
    defaults = {"node", "edge", "graph"}
    return {n.get_name().strip('"') for n in all_nodes(graph)} - defaults


def arrows(graph: pydot.Dot) -> set[tuple[str, str]]:
    return {(bare(e.get_source()), bare(e.get_destination())) for e in graph.get_edges()}


def test_module_level_graph() -> None:
    graph = parsed(render_dot(build_view(GRAPH, GraphOptions())))
    assert names(graph) == {
        "app.api.views", "app.core.models", "app.core.db", "app.cli", "app.typing_only",
    }  # fmt: skip
    assert arrows(graph) == {
        ("app.api.views", "app.core.models"),
        ("app.core.models", "app.core.db"),
        ("app.core.db", "app.core.models"),
        ("app.cli", "app.api.views"),
        ("app.typing_only", "app.cli"),
    }


def test_cycles_are_red_and_type_checking_edges_dashed() -> None:
    graph = parsed(render_dot(build_view(GRAPH, GraphOptions())))
    colors = {
        (bare(e.get_source()), bare(e.get_destination())): e.get("color") for e in graph.get_edges()
    }
    assert colors[("app.core.models", "app.core.db")] == f'"{CYCLE_COLOR}"'
    assert colors[("app.core.db", "app.core.models")] == f'"{CYCLE_COLOR}"'
    assert colors[("app.cli", "app.api.views")] is None
    (dashed,) = [e for e in graph.get_edges() if e.get("style") == "dashed"]
    assert bare(dashed.get_source()) == "app.typing_only"
    red_nodes = {n.get_name().strip('"') for n in all_nodes(graph) if n.get("color")} - {"edge"}
    assert red_nodes == {"app.core.models", "app.core.db"}


def test_depth_collapses_to_packages() -> None:
    view = build_view(GRAPH, GraphOptions(depth=2))
    assert [n.name for n in view.nodes] == ["app.api", "app.cli", "app.core", "app.typing_only"]
    assert {(e.source, e.target) for e in view.edges} == {
        ("app.api", "app.core"),
        ("app.cli", "app.api"),
        ("app.typing_only", "app.cli"),
    }
    assert view.cycles == ()  # the models <-> db cycle is inside app.core


def test_externals_only_when_asked() -> None:
    assert {n.kind for n in build_view(GRAPH, GraphOptions()).nodes} == {"internal"}
    view = build_view(GRAPH, GraphOptions(external=True))
    kinds = {n.name: n.kind for n in view.nodes if n.kind != "internal"}
    assert kinds == {"json": "stdlib", "flask": "third_party", "sqlalchemy": "third_party"}
    assert ("app.core.models", "sqlalchemy") in {(e.source, e.target) for e in view.edges}


def test_focus_keeps_nodes_within_hops_both_ways() -> None:
    one = build_view(GRAPH, GraphOptions(focus="app.api.views", hops=1))
    assert {n.name for n in one.nodes} == {"app.api.views", "app.core.models", "app.cli"}
    two = build_view(GRAPH, GraphOptions(focus="app.api.views", hops=2))
    assert {n.name for n in two.nodes} == {
        "app.api.views", "app.core.models", "app.cli", "app.core.db", "app.typing_only",
    }  # fmt: skip
    with pytest.raises(ValueError, match="no module named 'nope'"):
        build_view(GRAPH, GraphOptions(focus="nope"))


def test_hotspot_weights_are_summed_and_maxed_into_packages() -> None:
    lines = {"app.core.models": 900, "app.core.db": 100, "app.cli": 50}
    scores = {"app.core.models": 40.0, "app.core.db": 5.0}
    view = build_view(GRAPH, GraphOptions(depth=2), lines, scores)
    core = next(n for n in view.nodes if n.name == "app.core")
    assert (core.lines, core.score) == (1000, 40.0)
    graph = parsed(render_dot(view))
    fills = {n.get_name().strip('"'): n.get("fillcolor") for n in graph.get_nodes()}
    assert fills["app.core"] == '"#cc4c02"'  # the hottest gets the darkest fill
    assert fills["app.cli"] == '"#fff7d6"'
    fonts = {n.get_name().strip('"'): n.get("fontcolor") for n in graph.get_nodes()}
    assert fonts["app.core"] == "white" and fonts["app.cli"] is None


@pytest.mark.skipif(not graphviz_available(), reason="Graphviz `dot` is not installed")
def test_svg_rendering() -> None:
    svg = render_image(render_dot(build_view(GRAPH, GraphOptions())), "svg")
    assert svg.lstrip().startswith(b"<?xml") and b"</svg>" in svg
    assert b"app.core.models" in svg


def graph_defaults(text: str) -> str:
    (line,) = [line for line in text.splitlines() if line.startswith("graph [")]
    return line


def test_dense_graphs_are_laid_out_tighter() -> None:
    sparse = graph_defaults(render_dot(build_view(GRAPH, GraphOptions())))
    assert "concentrate=false" in sparse and "nodesep=0.25" in sparse and "ranksep=0.6" in sparse
    # Five modules that all import each other: 20 arrows for 5 nodes (more than 3 per node).
    mods = [f"pkg.m{i}" for i in range(5)]
    tangle = ImportGraph.build([(source(m), imports(*(o for o in mods if o != m))) for m in mods])
    text = render_dot(build_view(tangle, GraphOptions()))
    assert len(parsed(text).get_edges()) == 20
    dense = graph_defaults(text)
    assert "concentrate=true" in dense and "nodesep=0.1" in dense and "ranksep=0.3" in dense


def test_long_names_are_labelled_on_several_lines() -> None:
    long = "a_long_package_name.another_long_subpackage.module_with_a_long_name"
    graph = ImportGraph.build([(source(long), imports("app.cli")), (source("app.cli"), ())])
    nodes = {bare(n.get_name()): n for n in parsed(render_dot(build_view(graph, GraphOptions())))
             .get_nodes()}  # fmt: skip
    assert nodes[long].get("label") == (
        '"a_long_package_name.\\nanother_long_subpackage.\\nmodule_with_a_long_name"'
    )
    assert nodes["app.cli"].get("label") is None  # short names keep the node name


# --- budget, tests left out, cycles only, cuts, clusters -------------------------------------

# 3 packages x 20 modules under `big`, plus a test package importing all of them.
WIDE = ImportGraph.build(
    [
        (source(f"big.p{p}.m{i}"), imports(f"big.p{(p + 1) % 3}.m0"))
        for p in range(3)
        for i in range(20)
    ]
    + [(source("big.tests.test_all"), imports(*(f"big.p{p}.m0" for p in range(3))))]
)


def test_a_view_over_the_budget_is_collapsed_to_the_depth_that_fits() -> None:
    view = fit_view(WIDE, GraphOptions(max_nodes=40))
    assert view.depth == 2 and len(view.nodes) == 4  # big.p0..p2 and big.tests
    assert view.wanted == 61 and view.collapsed
    assert view.finer == 61  # one level deeper is the module graph
    assert len(fit_view(WIDE, GraphOptions(max_nodes=0)).nodes) == 61  # 0: no budget


def test_an_explicit_depth_is_kept_when_it_fits() -> None:
    view = fit_view(WIDE, GraphOptions(depth=2, max_nodes=40))
    assert view.depth == 2 and not view.collapsed


def test_hidden_modules_and_their_imports_are_left_out() -> None:
    view = fit_view(WIDE, GraphOptions(depth=2, max_nodes=40), hidden={"big.tests.test_all"})
    assert {n.name for n in view.nodes} == {"big.p0", "big.p1", "big.p2"}
    assert view.hidden == 1
    assert all("tests" not in e.source for e in view.edges)


def test_cycles_only_keeps_the_tangles_and_marks_the_import_to_cut() -> None:
    view = build_view(GRAPH, GraphOptions(cycles_only=True))
    assert {n.name for n in view.nodes} == {"app.core.models", "app.core.db"}
    assert {(e.source, e.target) for e in view.edges} == {
        ("app.core.models", "app.core.db"),
        ("app.core.db", "app.core.models"),
    }
    assert sum(e.cut for e in view.edges) == 1
    (cut,) = [e for e in parsed(render_dot(view)).get_edges() if e.get("label") == '"cut"']
    assert cut.get("color") == f'"{CYCLE_COLOR}"'


def test_a_graph_without_cycles_draws_nothing_with_cycles_only() -> None:
    view = build_view(GRAPH, GraphOptions(depth=2, cycles_only=True))
    assert view.nodes == () and view.edges == ()


def test_clusters_group_by_the_package_below_the_shared_one() -> None:
    names = ["django", "django.db.models", "django.db.backends", "django.utils"]
    assert shared_prefix(names) == "django"
    assert clusters(names) == {"django.db": ("django.db.backends", "django.db.models")}
    assert clusters(["shop.a", "shop.b", "tests.t1", "tests.t2"]) == {
        "shop": ("shop.a", "shop.b"),
        "tests": ("tests.t1", "tests.t2"),
    }
    assert shared_prefix(["shop.a", "tests.t1"]) == ""


def test_dot_reads_left_to_right_in_clusters_with_short_labels() -> None:
    text = render_dot(build_view(GRAPH, GraphOptions()))
    assert "rankdir=LR" in graph_defaults(text)
    graph = parsed(text)
    (cluster,) = graph.get_subgraphs()
    assert cluster.get("label") == '"app.core"'
    labels = {bare(n.get_name()): n.get("label") for n in all_nodes(graph)}
    assert labels["app.core.models"] == '"models"'  # the cluster says app.core
    assert labels["app.cli"] == '"cli"'  # every node is under app: the title says so
    assert "names under app." in text


def test_imports_in_functions_do_not_decide_the_layers() -> None:
    lazy = ImportGraph.build(
        [
            (source("app.a"), imports("app.b")),
            (source("app.b"), imports("app.a", kind=ImportKind.FUNCTION)),
        ]
    )
    edges = {(bare(e.get_source()), bare(e.get_destination())): e for e in parsed(
        render_dot(build_view(lazy, GraphOptions()))).get_edges()}  # fmt: skip
    assert edges[("app.b", "app.a")].get("constraint") == "false"
    assert edges[("app.a", "app.b")].get("constraint") is None
