"""The `refactorkit` command: a click root group; each command lives in its own module.

Commands return an exit code; only `main()` turns results and errors into process exit codes:
0 clean, 1 findings or changes, 2 usage or input errors.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from refactorkit import __version__
from refactorkit.cli.lazy import LazyGroup
from refactorkit.config import ConfigError
from refactorkit.errors import UserError

# Command name -> "module:attribute". Each command module is imported only when that command
# runs (or for the root --help), so `refactorkit check` in a pre-commit hook does not pay for
# libcst, the codemods and the renderers: about 0.15 s of start-up on every run.
_COMMANDS = {
    "analyze": "refactorkit.cli.analyze:analyze_command",
    "plan": "refactorkit.cli.plan:plan_group",
    "split": "refactorkit.cli.split:split_command",
    "split-class": "refactorkit.cli.split_class:split_class_command",
    "split-app": "refactorkit.cli.split_app:split_app_command",
    "move": "refactorkit.cli.move:move_command",
    "move-symbol": "refactorkit.cli.move:move_symbol_command",
    "extract": "refactorkit.cli.extract:extract_command",
    "undo": "refactorkit.cli.undo:undo_command",
    "check": "refactorkit.cli.check:check_command",
    "baseline": "refactorkit.cli.check:baseline_command",
    "graph": "refactorkit.cli.graph:graph_command",
    "compare": "refactorkit.cli.compare:compare_command",
    "rule": "refactorkit.cli.rule:rule_command",
    "references": "refactorkit.cli.references:references_command",
    "fleet": "refactorkit.cli.fleet:fleet_command",
    "erd": "refactorkit.cli.erd:erd_command",
}


class RootGroup(LazyGroup):
    """The commands of the table, then the seam's codemods by name."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_seam_codemods()})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        return found if found is not None else self._codemod_command(cmd_name)

    def _codemod_command(self, cmd_name: str) -> click.Command | None:
        codemod = _seam_codemods().get(cmd_name)
        if codemod is None:
            return None
        from refactorkit.cli.codemod import codemod_command

        command = codemod_command(codemod)
        self.add_command(command, cmd_name)
        return command


def _seam_codemods() -> dict[str, Any]:
    """Codemods of the seam (built-in and plugins) whose names no command above takes; only
    looked up for --help and for names not in the table, so other commands never pay."""
    from refactorkit.codemods.registry import codemod_classes, plugin_problems

    for problem in plugin_problems():
        click.echo(f"refactorkit: {problem}", err=True)
    return {n: c for n, c in codemod_classes().items() if n not in _COMMANDS}


@click.group(
    cls=RootGroup,
    lazy=_COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="refactorkit")
def cli() -> None:
    """Find refactoring hotspots in a Python codebase, then fix them safely.

    \b
    Measure:   refactorkit analyze PATH
    Plan:      refactorkit plan split pkg/models.py
    Transform: refactorkit split pkg/models.py --plan split-plan.toml --apply
               refactorkit extract pkg/models.py --auto --apply
    Undo:      refactorkit undo
    Guard:     refactorkit check
    """


# Deeply nested code (a 3,000-term expression chain) recurses that deep in ast, LibCST and
# pyflakes visitors; Python's parser stops near 6,000 levels, which fits in this many frames.
RECURSION_LIMIT = 20_000


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and map its outcome to an exit code."""
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old_limit, RECURSION_LIMIT))
    try:
        return _main(argv)
    finally:
        sys.setrecursionlimit(old_limit)


def _main(argv: list[str] | None) -> int:
    try:
        result = cli.main(args=argv, prog_name="refactorkit", standalone_mode=False)
    except click.exceptions.Exit as exc:  # --help, --version
        return int(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 2
    except click.ClickException as exc:
        exc.show()
        return 2
    except (UserError, ConfigError) as exc:
        click.echo(f"refactorkit: error: {exc}", err=True)
        return 2
    except (RecursionError, MemoryError) as exc:
        what = type(exc).__name__
        click.echo(
            f"refactorkit: error: the code is nested too deeply to process ({what})", err=True
        )
        return 2
    except BaseException as exc:
        return _stopped(exc)
    return result if isinstance(result, int) else 0


def _stopped(exc: BaseException) -> int:
    """SIGTERM or SIGHUP (raised as `Terminated` while applying): the shell's 128 + signal."""
    from refactorkit.changes.verify import Terminated

    if not isinstance(exc, Terminated):
        raise exc
    click.echo(f"refactorkit: stopped by {exc}", err=True)
    return 128 + exc.signum


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
