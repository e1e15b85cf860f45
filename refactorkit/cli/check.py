"""`refactorkit check [PATHS]` (the CI / pre-commit gate) and `refactorkit baseline`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from refactorkit.cli.formats import FormatChoice
from refactorkit.cli.settings import rule_codes, rule_settings
from refactorkit.config import Config, load_config
from refactorkit.errors import UserError

CHECK_FORMATS = ("text", "json", "sarif", "github")
F = TypeVar("F", bound=Callable[..., Any])


def resolve_root(paths: tuple[Path, ...]) -> tuple[Path, Config, tuple[Path, ...]]:
    """The project root, its config, and the paths to narrow the check to (none: all).

    The root is the folder of the nearest pyproject.toml above the first path (or the current
    folder); without one, a single folder argument is the root, else the current folder.
    """
    start = paths[0] if paths else Path.cwd()
    for path in paths:
        if not path.exists():
            raise UserError(f"{path}: no such file or directory")
    config = load_config(start if start.is_dir() else start.parent)
    if config.project_root is not None:
        return config.project_root.resolve(), config, paths
    if len(paths) == 1 and paths[0].is_dir():
        return paths[0].resolve(), config, ()
    return Path.cwd().resolve(), config, paths


def _common_options(f: F) -> F:
    """--no-cache, --cache-dir and --exclude, shared by `check` and `baseline`."""
    options = [
        click.option(
            "--no-cache", is_flag=True, help="Measure every file again (ignore the cache)."
        ),
        click.option(
            "--cache-dir",
            type=click.Path(file_okay=False, path_type=Path),
            default=None,
            help="Cache folder (default: the user cache dir, shared with `analyze`).",
        ),
        click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files matching GLOB."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


_CHECK_EPILOG = """\
\b
Examples:
  refactorkit check                            # the whole project
  refactorkit check pkg/models.py pkg/api      # only these files and folders
  refactorkit check --select RK106,RK107       # only import cycles and contracts
  refactorkit check --set max_file_lines=800   # a limit for this run
  refactorkit check --baseline                 # fail only on new or worse violations
  refactorkit check --format sarif -o rk.sarif

Exit 0 when clean, 1 on violations (0 with --exit-zero), 2 on bad input or configuration.
"""
_BASELINE_EPILOG = """\
\b
Examples:
  refactorkit baseline                         # writes .refactorkit-baseline.json
  refactorkit baseline --update                # only tighten: drop fixed, lower improved
  refactorkit check --baseline                 # then: fail only on what is new or worse

Exit 0 when written, 2 on bad input.
"""


@click.command(
    "check",
    epilog=_CHECK_EPILOG,
    short_help="Check files against the limits and import contracts.",
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=FormatChoice(CHECK_FORMATS, "check"),
    default="text",
    show_default=True,
    help="text: path:line:col lines; sarif: SARIF 2.1.0 for code scanning; "
    "github: workflow annotations.",
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE."
)
@click.option(
    "--select", multiple=True, metavar="CODES", help="Only these rules, e.g. RK106,RK107."
)
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules.")
@click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override a limit or a [tool.refactorkit.check] key (TOML value): "
    "--set max_file_lines=800.",
)
@click.option(
    "--baseline",
    "use_baseline",
    is_flag=True,
    help="Fail only on violations that are new or worse than the baseline file.",
)
@click.option(
    "--baseline-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Baseline file (default: `baseline` in config, .refactorkit-baseline.json).",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even with violations (report only); errors still exit 2.",
)
@_common_options
def check_command(
    paths: tuple[Path, ...],
    output_format: str,
    output: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    overrides: tuple[str, ...],
    use_baseline: bool,
    baseline_file: Path | None,
    exit_zero: bool,
    no_cache: bool,
    cache_dir: Path | None,
    exclude: tuple[str, ...],
) -> int:
    """Check PATHS (default: the whole project) against the limits and import contracts.

    Exit 0 when clean, 1 on violations, 2 on errors. Rules, defaults and suppression comments
    (`# refactorkit: ignore[RK101]`) are listed in docs/check.md.
    """
    import dataclasses

    from refactorkit.check.formats import render
    from refactorkit.check.runner import CheckOptions, run_check

    root, config, narrowed = resolve_root(paths)
    settings = rule_settings(config, _overrides(overrides))
    if ignore:
        settings = dataclasses.replace(settings, ignore=(*settings.ignore, *rule_codes(ignore)))
    baseline = None
    if use_baseline or baseline_file is not None:
        from refactorkit.check import baseline as baselines  # not on pre-commit's path

        where = baseline_file or root / settings.baseline
        baseline = (baselines.load(where), _shown(where))
    options = CheckOptions(
        paths=narrowed,
        select=rule_codes(select),
        use_cache=not no_cache,
        cache_dir=cache_dir,
        excludes=exclude,
    )
    result = run_check(root, config, settings, options, baseline)
    _refuse_non_python(paths, result.files_checked)
    for skipped in result.skipped:
        click.echo(f"refactorkit: skipped {skipped.relpath}: {skipped.reason}", err=True)
    if output_format in CHECK_FORMATS:
        text = render(result, output_format)
    else:
        from refactorkit.cli.formats import render_plugin

        text = render_plugin("check", output_format, result, 0)
    _write(text, output)
    return 0 if exit_zero else result.exit_code


def _refuse_non_python(paths: tuple[Path, ...], checked: int) -> None:
    """Exit 2 when only non-Python files were named (`check README.md` passed as clean).

    Excluded or git-ignored .py files and scripts with a Python shebang stay a skip with a
    reason: pre-commit names them, and a commit must not fail for them.
    """
    if checked or not paths:
        return
    for path in paths:
        if path.is_dir() or path.suffix == ".py" or _python_script(path):
            return
    raise UserError(f"{paths[0]}: not a Python file (check reads .py files and folders)")


def _python_script(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            first = handle.readline(200)
    except OSError:
        return False
    return first.startswith(b"#!") and b"python" in first


def _overrides(values: tuple[str, ...]) -> dict[str, Any]:
    """`--set key=value` pairs, each value read as TOML (800, 4.5, "C", ["RK105"])."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib

    table: dict[str, Any] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--set")
        try:
            table[key.strip()] = tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            table[key.strip()] = raw  # a bare word: runtime, all, off
    return table


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    from refactorkit.cli.output import write_output

    write_output(output, text.encode("utf-8"))
    click.echo(f"wrote {output}", err=True)


@click.command(
    "baseline",
    epilog=_BASELINE_EPILOG,
    short_help="Record today's violations for `check --baseline`.",
)
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option(
    "--update",
    is_flag=True,
    help="Tighten the existing baseline: lower values that improved and drop fixed entries "
    "(never adds or loosens).",
)
@click.option(
    "--baseline-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Baseline file (default: `baseline` in config, .refactorkit-baseline.json).",
)
@_common_options
def baseline_command(
    path: Path,
    update: bool,
    baseline_file: Path | None,
    no_cache: bool,
    cache_dir: Path | None,
    exclude: tuple[str, ...],
) -> int:
    """Record today's violations so `check --baseline` fails only on new or worse ones."""
    from refactorkit.check import baseline as baselines
    from refactorkit.check.runner import CheckOptions, find_violations, measure_project

    root, config, _ = resolve_root((path,))
    settings = rule_settings(config)
    where = baseline_file or root / settings.baseline
    options = CheckOptions(use_cache=not no_cache, cache_dir=cache_dir, excludes=exclude)
    violations = find_violations(measure_project(root, config, options), settings)
    if update:
        tightened, changes = baselines.tighten(baselines.load(where), violations)
        baselines.save(where, tightened)
        for change in changes:
            click.echo(change)
        click.echo(f"{_shown(where)}: {len(tightened.entries)} violation(s) recorded", err=True)
        return 0
    baselines.save(where, baselines.from_violations(violations))
    click.echo(f"{_shown(where)}: {len(violations)} violation(s) recorded")
    return 0
