"""The `refactorkit` command: a click root group; each command lives in its own module.

Commands return an exit code; only `main()` turns results and errors into process exit codes:
0 clean, 1 findings or changes, 2 usage or input errors.
"""

from __future__ import annotations

import sys

import click

from refactorkit import __version__
from refactorkit.config import ConfigError
from refactorkit.errors import UserError


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="refactorkit")
def cli() -> None:
    """Find refactoring hotspots in a Python codebase, then fix them safely.

    \b
    Measure:   refactorkit analyze PATH
    Plan:      refactorkit plan split pkg/models.py
    Transform: refactorkit split pkg/models.py --plan split-plan.toml --apply
    Undo:      refactorkit undo
    """


def _register_commands() -> None:
    # Imported here, not at module top, so `--help` of one command does not pay for all others.
    from refactorkit.cli.analyze import analyze_command
    from refactorkit.cli.check import baseline_command, check_command
    from refactorkit.cli.compare import compare_command
    from refactorkit.cli.graph import graph_command
    from refactorkit.cli.move import move_command, move_symbol_command
    from refactorkit.cli.undo import undo_command

    for command in (
        analyze_command,
        check_command,
        baseline_command,
        graph_command,
        compare_command,
        move_command,
        move_symbol_command,
        undo_command,
    ):
        cli.add_command(command)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and map its outcome to an exit code."""
    _register_commands()
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
    return result if isinstance(result, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
