"""`refactorkit graph [PATH]`: draw the import graph as DOT, SVG or PNG."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from refactorkit.cli.output import drawing_options, write_output
from refactorkit.errors import UserError
from refactorkit.reporting.graph_view import DEFAULT_MAX_NODES
from refactorkit.workspace import is_test_path

if TYPE_CHECKING:
    from refactorkit.analysis.report import AnalysisReport
    from refactorkit.domain import FileAnalysis
    from refactorkit.reporting.graph_view import GraphView

GRAPH_FORMATS = ("dot", "svg", "png")


_EPILOG = """\
\b
Examples:
  refactorkit graph . --format svg -o graph.svg    # at most 40 boxes, tests left out
  refactorkit graph . --depth 3 --max-nodes 120 --format svg -o packages.svg
  refactorkit graph . --cycles-only --format png    # only the tangles, the import to cut
  refactorkit graph . --focus shop.orders --hops 1 --external
  refactorkit graph . --format dot | dot -Tpdf -o graph.pdf

Without -o, dot and svg go to standard output and png to the user cache folder
(the path is printed). Exit 0, or 2 on bad input or a missing Graphviz.
"""


@click.command("graph", epilog=_EPILOG, short_help="Draw the import graph (DOT, SVG or PNG).")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@drawing_options(
    GRAPH_FORMATS,
    "dot",
    "Write to FILE (default: standard output; png goes to the user cache folder).",
)
@click.option(
    "--depth",
    type=click.IntRange(min=1),
    default=None,
    help="Collapse modules into packages of N name parts (2: django.db, django.contrib...).",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(min=0),
    default=DEFAULT_MAX_NODES,
    show_default=True,
    metavar="N",
    help="Collapse into packages until at most N boxes are drawn; 0: no limit.",
)
@click.option("--focus", metavar="MODULE", help="Only MODULE and what is --hops imports away.")
@click.option("--hops", type=click.IntRange(min=0), default=2, show_default=True)
@click.option("--external", is_flag=True, help="Also draw stdlib and third-party packages.")
@click.option(
    "--include-tests",
    is_flag=True,
    help="Also draw test, docs and example modules (tests/, test_*.py, docs/, examples/).",
)
@click.option(
    "--cycles-only",
    is_flag=True,
    help="Only modules on a runtime import cycle; the import to cut is labelled `cut`.",
)
@click.option("--no-cache", is_flag=True, help="Measure every file again (ignore the cache).")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Cache folder (default: the user cache dir, shared with `analyze`).",
)
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files matching GLOB.")
def graph_command(
    path: Path,
    output_format: str,
    output: Path | None,
    depth: int | None,
    max_nodes: int,
    focus: str | None,
    hops: int,
    external: bool,
    include_tests: bool,
    cycles_only: bool,
    no_cache: bool,
    cache_dir: Path | None,
    exclude: tuple[str, ...],
) -> int:
    """Draw PATH's import graph: cycles in red, hotspots darker and larger.

    Big projects are collapsed into packages until the picture fits --max-nodes (stderr says
    what was collapsed); zoom in with --depth, --focus or --cycles-only. See docs/graph.md.
    """
    from refactorkit.analysis.engine import AnalyzeOptions, run_analysis
    from refactorkit.cli.analyze import check_target
    from refactorkit.config import load_config
    from refactorkit.graph.graph import ImportGraph
    from refactorkit.reporting.dot import GraphOptions, fit_view, render_dot

    target = check_target(path)
    config = load_config(target)
    options = AnalyzeOptions(
        use_cache=not no_cache, cache_dir=cache_dir, excludes=exclude, since_days=0
    )
    report = run_analysis(target, config, options)
    graph = ImportGraph.from_analyses(report.files)
    hidden = () if include_tests else hidden_modules(report.files)
    wanted = GraphOptions(depth, focus, hops, external, max_nodes, cycles_only)
    try:
        view = fit_view(graph, wanted, *weights(report), hidden=hidden)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    for line in describe(view, max_nodes, len(graph.internal_modules)):
        click.echo(line, err=True)
    dot_text = render_dot(view, _title(target.name, view, cycles_only))
    if output_format == "dot":
        _emit(dot_text.encode("utf-8"), output)
        return 0
    if output_format == "png" and output is None:
        from refactorkit.cli.output import default_output

        output = default_output("graphs", target, ".png")
    return _render(dot_text, output_format, output)


def hidden_modules(files: Iterable[FileAnalysis]) -> frozenset[str]:
    """Module names of the test, docs and example files (left out of graphs by default)."""
    return frozenset(
        f.source.module for f in files if f.source.module and is_test_path(f.source.relpath)
    )


def weights(report: AnalysisReport) -> tuple[dict[str, int], dict[str, float]]:
    """Lines per module and the hottest hotspot score per module, for node size and fill."""
    lines = {f.source.module: f.raw.loc for f in report.files if f.source.module}
    modules = {f.source.relpath: f.source.module for f in report.files}
    scores: dict[str, float] = {}
    for hotspot in report.hotspots:
        module = modules.get(hotspot.relpath)
        if hotspot.kind == "module" and module:
            scores[module] = max(scores.get(module, 0.0), hotspot.score)
    return lines, scores


def describe(view: GraphView, max_nodes: int, modules: int) -> list[str]:
    """What was drawn and what was left out or collapsed, with the options that show more."""
    cycles = f", {len(view.cycles)} cycle(s)"
    lines = [f"{len(view.nodes)} nodes, {len(view.edges)} edges{cycles}"]
    if view.hidden:
        lines.append(
            f"left out {view.hidden:,} of {modules:,} modules as tests, docs or examples "
            "(--include-tests draws them)"
        )
    if view.collapsed:
        deeper = (
            f"--depth {view.depth + 1} --max-nodes {view.finer} ({view.finer} nodes), "
            if view.depth is not None and view.finer
            else ""
        )
        lines.append(
            f"{view.wanted:,} nodes are over the budget of {max_nodes}: collapsed into "
            f"packages of {view.depth} name part(s); for more detail: {deeper}"
            "--focus MODULE, --cycles-only, or --max-nodes 0 for everything"
        )
    return lines


def _title(name: str, view: GraphView, cycles_only: bool) -> str:
    what = "import cycles" if cycles_only else "imports"
    scope = f" (packages, depth {view.depth})" if view.depth else ""
    tests = ", tests left out" if view.hidden else ""
    return f"{name}: {what}{scope}{tests} - red: cycle, darker: hotter"


def _render(dot_text: str, output_format: str, output: Path | None) -> int:
    """Run Graphviz and write the picture; without Graphviz, keep the DOT and say how."""
    from refactorkit.reporting.dot import GraphvizMissing, render_image

    try:
        image = render_image(dot_text, output_format)
    except GraphvizMissing as exc:
        fallback = (output or Path("import-graph")).with_suffix(".dot")
        if output is None:
            from refactorkit.cli.output import default_output

            fallback = default_output("graphs", Path.cwd(), ".dot")
        write_output(fallback, dot_text.encode("utf-8"))
        click.echo(f"refactorkit: {exc}", err=True)
        click.echo(
            f"wrote the DOT to {fallback}; render it later with "
            f"`dot -T{output_format} {fallback} -o {fallback.with_suffix('.' + output_format)}`",
            err=True,
        )
        return 2
    except RuntimeError as exc:
        raise UserError(str(exc)) from exc
    _emit(image, output)
    return 0


def _emit(data: bytes, output: Path | None) -> None:
    """Print text output, or write bytes to `output`."""
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
        return
    write_output(output, data)
    click.echo(f"wrote {output}", err=True)
