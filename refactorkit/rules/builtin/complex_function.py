"""RK102 complex-function."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from refactorkit.domain import FileAnalysis, Finding
from refactorkit.rules.base import FileRule, RuleContext
from refactorkit.rules.fixes import advice


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
    function and every helper are under the limit.
    """

    code = "RK102"
    name = "complex-function"
    summary = "A function's cyclomatic complexity exceeds max_complexity."
    scope = "function"
    options_type = ComplexFunctionOptions
    fix_hint = "extract helper functions until it is under the limit"

    def check_file(self, analysis: FileAnalysis, context: RuleContext) -> Iterable[Finding]:
        limit = self.options.max_complexity
        for fn in analysis.functions:
            if fn.complexity <= limit:
                continue
            message = f"function {fn.qualname!r} is too complex, rank {fn.rank}"
            fix = advice(
                f"extract helper functions from {fn.qualname} (lines {fn.lineno}-{fn.endline},"
                f" {fn.length} lines) until complexity <= {limit}"
            )
            yield self.finding(
                analysis.source.relpath,
                fn.lineno,
                message,
                symbol=fn.qualname,
                value=fn.complexity,
                limit=limit,
                fix=fix,
            )
