"""RK103 complex-module."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from refactorkit.domain import FileAnalysis, Finding
from refactorkit.rules.base import FileRule, RuleContext
from refactorkit.rules.fixes import advice


@dataclass(frozen=True)
class ComplexModuleOptions:
    max_average_complexity: float = field(
        default=8.0, metadata={"help": "mean cyclomatic complexity of a module's functions"}
    )


class ComplexModule(FileRule[ComplexModuleOptions]):
    """The mean complexity of a module's functions is over `max_average_complexity` (8.0).

    Every function of the module is hard to follow, not just one. Simplify the worst
    functions first (they are listed as RK102 when over `max_complexity`).
    """

    code = "RK103"
    name = "complex-module"
    summary = "A module's average complexity exceeds max_average_complexity."
    options_type = ComplexModuleOptions
    fix_hint = "extract helpers from its most complex functions"

    def check_file(self, analysis: FileAnalysis, context: RuleContext) -> Iterable[Finding]:
        average = analysis.average_complexity
        limit = self.options.max_average_complexity
        if average > limit:
            message = "average function complexity is too high"
            fix = advice("extract helper functions from its most complex functions")
            yield self.finding(
                analysis.source.relpath,
                1,
                message,
                col=1,
                value=round(average, 2),
                limit=limit,
                fix=fix,
            )
