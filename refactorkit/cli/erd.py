"""`refactorkit erd [PATH]`: the ER diagram of the SQLAlchemy and Django models, read
statically (the project is never imported, so its dependencies and settings are not needed)."""

from __future__ import annotations

from pathlib import Path

import click

from refactorkit.cli.output import drawing_options, write_output
from refactorkit.errors import UserError

ERD_FORMATS = ("mermaid", "markdown", "dot", "svg", "png")

_EPILOG = """\
\b
Examples:
  refactorkit erd .                                  # Mermaid erDiagram on stdout
  refactorkit erd src/shop --format markdown -o docs/models.md
  refactorkit erd . --format svg -o models.svg --group module

Exit 0, 1 when no model was found, 2 on bad input or a missing Graphviz (svg, png).
"""


@click.command("erd", epilog=_EPILOG, short_help="Draw the ER diagram of the ORM models.")
@click.argument("path", default=".", type=click.Path(exists=True, path_type=Path))
@drawing_options(ERD_FORMATS, "mermaid", "Write to FILE (default: standard output).")
@click.option(
    "--group",
    type=click.Choice(("schema", "module")),
    default="schema",
    show_default=True,
    help="Cluster tables by database schema (else module), or by defining module.",
)
def erd_command(path: Path, output_format: str, output: Path | None, group: str) -> int:
    """Draw PATH's tables, columns (type, PK/FK, nullable) and relationships.

    Reads SQLAlchemy declarative models (classic Column and 2.0 Mapped[...]), Table(...)
    association tables and Django models with `ast`. See docs/erd.md.
    """
    from refactorkit.analysis.erd import read_models

    model = read_models(_sources(path))
    for line in model.warnings:
        click.echo(f"refactorkit: {line}", err=True)
    if not model.entities:
        click.echo("refactorkit: no SQLAlchemy or Django models found", err=True)
        return 1
    edges = len(model.relationships)
    click.echo(f"{len(model.entities)} tables, {edges} relationships", err=True)
    data = _rendered(model, output_format, group, path.resolve().name)
    if output is None and output_format == "png":
        raise UserError("--format png needs -o FILE")
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        write_output(output, data, "the diagram")
    return 0


def _sources(path: Path) -> list[tuple[str, str, str]]:
    from refactorkit.config import load_config
    from refactorkit.workspace import SourceError, discover, read_source

    discovery = discover(path, load_config(path))
    found: list[tuple[str, str, str]] = []
    for source in discovery.files:
        if not source.relpath.endswith(".py"):
            continue
        try:
            text = read_source(source.path)[0]
        except SourceError:
            continue
        module = source.module or source.relpath.removesuffix(".py").replace("/", ".")
        found.append((source.relpath, module, text))
    return found


def _rendered(model: object, output_format: str, group: str, title: str) -> bytes:
    from refactorkit.analysis.erd import ErdModel
    from refactorkit.reporting.erd import render_dot, render_markdown, render_mermaid

    assert isinstance(model, ErdModel)
    if output_format == "mermaid":
        return render_mermaid(model).encode("utf-8")
    if output_format == "markdown":
        return render_markdown(model, group, f"{title}: ER diagram").encode("utf-8")
    dot_text = render_dot(model, group, f"{title}: tables and foreign keys")
    if output_format == "dot":
        return dot_text.encode("utf-8")
    from refactorkit.reporting.dot import GraphvizMissing, render_image

    try:
        return render_image(dot_text, output_format)
    except (GraphvizMissing, RuntimeError) as exc:
        raise UserError(str(exc)) from exc
