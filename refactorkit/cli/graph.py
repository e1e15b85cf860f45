"""`refactorkit graph [PATH]`: draw the import graph as DOT, SVG or PNG."""

from __future__ import annotations

from pathlib import Path

import click

from refactorkit.cli.output import write_output
from refactorkit.errors import UserError

GRAPH_FORMATS = ("dot", "svg", "png")


@click.command("graph")
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(GRAPH_FORMATS),
    default="dot",
    show_default=True,
    help="svg and png need Graphviz's `dot` program.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE (default: standard output; import-graph.png for png).",
)
@click.option(
    "--depth",
    type=click.IntRange(min=1),
    default=None,
    help="Collapse modules into packages of N name parts (2: django.db, django.contrib...).",
)
@click.option("--focus", metavar="MODULE", help="Only MODULE and what is --hops imports away.")
@click.option("--hops", type=click.IntRange(min=0), default=2, show_default=True)
@click.option("--external", is_flag=True, help="Also draw stdlib and third-party packages.")
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
    focus: str | None,
    hops: int,
    external: bool,
    no_cache: bool,
    cache_dir: Path | None,
    exclude: tuple[str, ...],
) -> int:
    """Draw PATH's import graph: cycles in red, hotspots darker and larger.

    Big projects read best collapsed to packages (`--depth 2`) or around one module
    (`--focus pkg.mod --hops 2`). See docs/graph.md.
    """
    from refactorkit.analysis.engine import AnalyzeOptions, run_analysis
    from refactorkit.cli.analyze import check_target
    from refactorkit.config import load_config
    from refactorkit.graph.graph import ImportGraph
    from refactorkit.reporting.dot import (
        GraphOptions,
        GraphvizMissing,
        build_view,
        render_dot,
        render_image,
    )

    target = check_target(path)
    config = load_config(target)
    options = AnalyzeOptions(
        use_cache=not no_cache, cache_dir=cache_dir, excludes=exclude, since_days=0
    )
    report = run_analysis(target, config, options)
    graph = ImportGraph.from_analyses(report.files)
    lines = {f.source.module: f.raw.loc for f in report.files if f.source.module}
    modules = {f.source.relpath: f.source.module for f in report.files}
    scores: dict[str, float] = {}
    for hotspot in report.hotspots:
        module = modules.get(hotspot.relpath)
        if hotspot.kind == "module" and module:
            scores[module] = max(scores.get(module, 0.0), hotspot.score)
    try:
        view = build_view(graph, GraphOptions(depth, focus, hops, external), lines, scores)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    title = f"{target.name}: imports" + (f" (packages, depth {depth})" if depth else "")
    dot_text = render_dot(view, title + " - red: cycle, darker: hotter")
    click.echo(
        f"{len(view.nodes)} nodes, {len(view.edges)} edges, {len(view.cycles)} cycle(s)", err=True
    )
    if output_format == "dot":
        _emit(dot_text.encode("utf-8"), output)
        return 0
    if output_format == "png" and output is None:
        output = Path("import-graph.png")
    try:
        image = render_image(dot_text, output_format)
    except GraphvizMissing as exc:
        fallback = (output or Path("import-graph")).with_suffix(".dot")
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
