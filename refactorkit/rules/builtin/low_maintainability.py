"""RK105 low-maintainability."""

# RK103 and RK105 share the shape of a file rule with one number: one class each (ruff-style)
# refactorkit: ignore-file[RK116]

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from refactorkit.domain import FileAnalysis, Finding
from refactorkit.rules.base import FileRule, RuleContext
from refactorkit.rules.fixes import advice


@dataclass(frozen=True)
class LowMaintainabilityOptions:
    min_maintainability: float = field(
        default=10.0, metadata={"help": "lowest maintainability index (radon's MI, 0-100)"}
    )


class LowMaintainability(FileRule[LowMaintainabilityOptions]):
    """A module's maintainability index is below `min_maintainability` (default 10).

    The index is radon's (`mi_visit(..., multi=True)`): it falls with Halstead volume,
    complexity and lines. Radon's rank C starts below 10. Simplify the most complex
    functions, or split the module.
    """

    code = "RK105"
    name = "low-maintainability"
    summary = "A module's maintainability index is below the minimum."
    options_type = LowMaintainabilityOptions
    fix_hint = "simplify its most complex functions, or split the module"

    def check_file(self, analysis: FileAnalysis, context: RuleContext) -> Iterable[Finding]:
        mi, limit = analysis.maintainability, self.options.min_maintainability
        if analysis.raw.sloc and mi < limit:
            fix = advice("simplify its most complex functions, or split the module")
            yield self.finding(
                analysis.source.relpath,
                1,
                "maintainability index is too low",
                col=1,
                value=round(mi, 2),
                limit=limit,
                lower_is_worse=True,
                fix=fix,
            )
