"""`refactorkit analyze PATH`: measure a codebase and report its refactoring hotspots."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import click

from refactorkit.analysis.rendered import RenderedMemo, RenderRequest, marked
from refactorkit.cli.formats import FormatChoice
from refactorkit.cli.output import write_output
from refactorkit.cli.terminal import color_option, terminal_width, use_color
from refactorkit.config import load_config
from refactorkit.errors import UserError

if TYPE_CHECKING:
    from refactorkit.analysis.prepare import Prepared

FORMATS = ("text", "json", "markdown", "html")


_EPILOG = """\
\b
Examples:
  refactorkit analyze                          # the current folder, for the terminal
  refactorkit analyze src --top 20 --since 30  # 20 per list, churn of the last 30 days
  refactorkit analyze . --format markdown -o report.md   # fits a PR comment; --full
  refactorkit analyze . --format html -o report.html
  refactorkit analyze . --format json | jq '.hotspots[0]'

Exit 0 when the report is written, whatever it finds (the gate for CI is
`refactorkit check`); 2 on bad input (a missing path, a file that is not Python).
"""


@click.command(
    "analyze", epilog=_EPILOG, short_help="Measure a codebase and rank its refactoring hotspots."
)
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=FormatChoice(FORMATS, "analyze"),
    default="text",
    show_default=True,
    help="Report format; json follows docs/json-schema.md; plugins add formats.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE instead of standard output.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    metavar="N",
    default=None,
    help="Worker processes (default: one per core; small runs stay in-process).",
)
@click.option(
    "--no-cache", is_flag=True, help="Measure every file again; do not read or write the cache."
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Cache folder (default: the user cache dir; e.g. .refactorkit_cache for a local one).",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Skip files matching this gitignore-style glob (repeatable).",
)
@click.option(
    "--since",
    type=click.IntRange(min=0),
    default=None,
    metavar="DAYS",
    help="Churn window in days (default: churn_days from config, 90); 0 turns churn off.",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    metavar="N",
    default=10,
    show_default=True,
    help="How many hotspots, functions and findings per kind to list.",
)
@click.option(
    "--include-tests",
    is_flag=True,
    help="Rank test, docs and example code with the rest (default: a section of its own).",
)
@click.option(
    "--full",
    is_flag=True,
    help="Markdown: every row of every table (default: under 60,000 characters, the rest "
    "counted, more rows in <details> blocks).",
)
@color_option
def analyze_command(
    path: Path,
    output_format: str,
    output: Path | None,
    jobs: int | None,
    no_cache: bool,
    cache_dir: Path | None,
    exclude: tuple[str, ...],
    since: int | None,
    top: int,
    include_tests: bool,
    full: bool,
    color: str,
) -> int:
    """Measure PATH (default: .) and rank its refactoring hotspots.

    Size, complexity, maintainability, imports, cycles and git churn per file; the hotspot
    score and the thresholds are explained in docs/analyze.md.
    """
    from refactorkit.analysis.prepare import AnalyzeOptions, prepare_analysis, root_hint

    target = check_target(path)
    config = load_config(target)
    options = AnalyzeOptions(
        jobs=jobs,
        use_cache=not no_cache,
        cache_dir=cache_dir,
        excludes=exclude,
        since_days=since,
        include_tests=include_tests,
    )
    painted = output is None and use_color(color)
    width = terminal_width() if output is None else 80
    request = RenderRequest(output_format, top, width, painted, full)
    prepared = prepare_analysis(target, config, options)
    memo = RenderedMemo.open(prepared, config, request, root_hint(prepared.discovery.root))
    written = memo.load() if memo is not None else None
    if written is not None:
        prepared.pending_churn.close()
        for line in written.notes:
            click.echo(f"refactorkit: {line}", err=True)
        elapsed = time.perf_counter() - prepared.started
        rendered = written.text(elapsed, 1, memo.analyses)  # type: ignore[union-attr]
    else:
        rendered = _analyze_and_render(path, config, prepared, request)
    if output is None:
        click.echo(rendered, nl=False, color=painted)
    else:
        write_atomically(output, rendered)
        click.echo(f"wrote {output}", err=True)
    return 0


def _analyze_and_render(path: Path, config: Any, prepared: Prepared, request: RenderRequest) -> str:
    """The report, measured and rendered, and kept for the next run with the same inputs
    (when the snapshot now holds every file settled)."""
    from refactorkit.analysis.engine import run_analysis
    from refactorkit.analysis.prepare import root_hint
    from refactorkit.cli.settings import rule_settings

    settings = rule_settings(config)
    target = prepared.target
    with LazyProgress() as progress:
        report = run_analysis(target, config, prepared.options, progress, settings, prepared)
    if target.is_file() and not report.files and report.skipped:
        # `analyze README.md` reported "0 files, 1 skipped" and exited 0.
        what = "cannot be measured" if path.suffix == ".py" else "not a Python file"
        raise UserError(f"{path}: {what} ({report.skipped[0].reason})")
    memo = RenderedMemo.after_run(prepared, config, request, root_hint(report.root))
    if memo is not None:
        kept = memo.save(settings.deprecations, _rendered(marked(report), request))
        if kept is not None:
            return kept.text(report.elapsed, report.jobs, report.cache_hits)
    return _rendered(report, request)


def _rendered(report: Any, request: RenderRequest) -> str:
    return render(
        report,
        request.output_format,
        request.top,
        width=request.width,
        color=request.color,
        full=request.full,
    )


def render(
    report: Any,
    output_format: str,
    top: int,
    *,
    width: int = 80,
    color: bool = False,
    full: bool = False,
) -> str:
    """The report in the chosen format; each renderer is imported only when used.

    `width` and `color` are for text; `full` lifts markdown's size budget.
    """
    if output_format == "json":
        from refactorkit.reporting.json_report import render_json

        return render_json(report, top=top)
    if output_format == "markdown":
        from refactorkit.reporting.markdown import render_markdown

        return render_markdown(report, top=top, full=full)
    if output_format == "html":
        from refactorkit.reporting.html import render_html

        return render_html(report, top=top)
    if output_format != "text":
        from refactorkit.cli.formats import render_plugin

        return render_plugin("analyze", output_format, report, top)
    from refactorkit.reporting.text import render_text

    return render_text(report, top=top, width=width, color=color)


def check_target(path: Path) -> Path:
    """The absolute PATH, or a UserError (exit 2) that says what is wrong with it."""
    if not path.exists():
        raise UserError(f"{path}: no such file or directory")
    if path.is_dir():
        try:
            with os.scandir(path):
                pass
        except OSError as exc:
            raise UserError(f"{path}: cannot read the folder: {exc.strerror or exc}") from exc
    elif path.is_file():
        try:
            with path.open("rb"):
                pass
        except OSError as exc:
            raise UserError(f"{path}: cannot read the file: {exc.strerror or exc}") from exc
    else:
        raise UserError(f"{path}: not a file or folder")
    return path.resolve()


def write_atomically(path: Path, text: str) -> None:
    """Write the whole report or nothing (never over a device such as /dev/null)."""
    write_output(path, text.encode("utf-8"))


class LazyProgress:
    """A progress callback that shows a bar on stderr only once a run has taken a second.

    Short runs print nothing; a bar never appears when stderr is not a terminal, so piped
    or redirected output stays clean.
    """

    def __init__(self, delay: float = 1.0, enabled: bool | None = None) -> None:
        self._delay = delay
        self._enabled = sys.stderr.isatty() if enabled is None else enabled
        self._started = time.monotonic()
        self._bar: Any = None
        self._shown = 0

    def __enter__(self) -> LazyProgress:
        return self

    def __call__(self, done: int, total: int) -> None:
        if not self._enabled:
            return
        if self._bar is None:
            if time.monotonic() - self._started < self._delay:
                return
            bar = click.progressbar(length=total, label="Analyzing", file=sys.stderr)
            self._bar = bar.__enter__()
        self._bar.update(done - self._shown)
        self._shown = done

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(exc_type, exc, tb)
