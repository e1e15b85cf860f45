"""RK102 complex-function."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from refactorkit.domain import FileAnalysis, Finding, Fix
from refactorkit.rules.base import FileRule, RuleContext
from refactorkit.rules.fixes import advice, command_fix, typed_path


@dataclass(frozen=True)
class ComplexFunctionOptions:
    max_complexity: int = field(
        default=10, metadata={"help": "cyclomatic complexity per function (radon's numbers)"}
    )


class ComplexFunction(FileRule[ComplexFunctionOptions]):
    """A function's cyclomatic complexity is over `max_complexity` (default 10).

    Complexity is McCabe's, with radon's numbers (ranks: A 1-5, B 6-10, C 11-20, D 21-30,
    E 31-40, F 41+); the default allows rank B, like ruff's C901 and mccabe. The fix is to
    extract helper functions (a loop body, one branch of a long if/elif chain) until the
    function and every helper are under the limit. A function whose decisions all sit in
    one statement (a long boolean `return`) gets advice: there is nothing to cut.
    """

    code = "RK102"
    name = "complex-function"
    summary = "A function's cyclomatic complexity exceeds max_complexity."
    scope = "function"
    options_type = ComplexFunctionOptions
    fix_hint = "extract helpers until it is under the limit: refactorkit extract FILE --auto"

    def check_file(self, analysis: FileAnalysis, context: RuleContext) -> Iterable[Finding]:
        limit = self.options.max_complexity
        for fn in analysis.functions:
            if fn.complexity <= limit:
                continue
            message = f"function {fn.qualname!r} is too complex, rank {fn.rank}"
            path = typed_path(context.root_hint, analysis.source.relpath)
            argv: tuple[str, ...] = (
                "refactorkit",
                "extract",
                path,
                "--function",
                fn.qualname,
                "--auto",
            )
            if limit != 10:
                argv += ("--max-complexity", str(limit))
            why = f"cuts lines {fn.lineno}-{fn.endline} into helpers until complexity <= {limit}"
            fix = command_fix("extract", argv, why) if fn.cuttable else _no_cut(fn.qualname)
            yield self.finding(
                analysis.source.relpath,
                fn.lineno,
                message,
                symbol=fn.qualname,
                value=fn.complexity,
                limit=limit,
                fix=fix,
            )


def _no_cut(qualname: str) -> Fix:
    """Advice where `extract --auto` would find nothing to cut: every decision in one
    statement (a long boolean `return`, one `if` with a compound test and a simple body)."""
    return advice(
        f"{qualname}: its decisions all sit in one statement, which extract --auto cannot "
        "cut: name the parts of the condition (a helper predicate per clause, or early "
        "returns) by hand"
    )
