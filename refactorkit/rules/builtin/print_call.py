"""RK111 print-call."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from refactorkit.domain import FileAnalysis, Finding, Fix
from refactorkit.graph.prints import library_prints, script_functions
from refactorkit.rules.base import FileRule, NoOptions, RuleContext
from refactorkit.rules.fixes import command_fix, typed_path


class PrintCall(FileRule[NoOptions]):
    """Library code calls `print()`, where a log call is meant.

    A print in a library cannot be silenced, filtered, given a level or sent elsewhere by
    the program that imports it; a logger call can. The fix is `refactorkit print-to-logging
    FILE`: each print becomes a lazy %-style call on a module-level
    `logger = logging.getLogger(__name__)` (info, or warning/error for `sys.stderr`).
    Not reported: prints in `if __name__ == "__main__":` blocks and the functions they call,
    in CLI commands (click, typer, argparse handlers, `sys.argv` readers, `[project.scripts]`
    targets), in output functions (`pprint`, `print_*`, a "Print ..." docstring), in tests,
    in scripts (outside the package roots, or in a `tools/`/`scripts/` folder that is no
    package), and prints to a file other than stdout or stderr: those are output.
    """

    code = "RK111"
    name = "print-call"
    summary = "Library code calls print() instead of logging."
    options_type = NoOptions
    fix_hint = "log it: refactorkit print-to-logging FILE"
    reads = frozenset({"prints"})

    def check_file(self, analysis: FileAnalysis, context: RuleContext) -> Iterable[Finding]:
        if not analysis.prints:
            return
        source = analysis.source
        root = Path(context.root_hint or ".").resolve()
        entry_points = script_functions(root).get(source.module or "", frozenset())
        convert, _ = library_prints(source, analysis.prints, entry_points)
        for site in convert:
            yield self.finding(
                source.relpath,
                site.lineno,
                "print() in library code; log it instead",
                col=site.col + 1,
                symbol=site.function,
                fix=_fix(context.root_hint, source.relpath),
            )


def _fix(root_hint: str, relpath: str) -> Fix:
    argv = ("refactorkit", "print-to-logging", typed_path(root_hint, relpath))
    return command_fix("print-to-logging", argv)
