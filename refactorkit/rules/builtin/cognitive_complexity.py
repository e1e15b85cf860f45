"""RK110 cognitive-complexity."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from refactorkit.domain import FileAnalysis, Finding
from refactorkit.rules.base import FileRule, RuleContext
from refactorkit.rules.fixes import advice


@dataclass(frozen=True)
class CognitiveComplexityOptions:
    max_cognitive: int = field(
        default=15,
        metadata={"help": "cognitive complexity per function (complexipy's numbers)"},
    )


class CognitiveComplexity(FileRule[CognitiveComplexityOptions]):
    """A function's cognitive complexity is over `max_cognitive` (default 15).

    Cognitive complexity (SonarSource's definition, with complexipy's numbers) weighs how
    hard a function is to read: every `if`, loop, `except`, ternary and comprehension costs
    1 plus how deeply it is nested, and boolean sequences cost 1 each. 15 is SonarSource's
    and complexipy's default. Deep nesting costs most, so guard clauses and extracting the
    inner blocks (a loop body, one branch) into helpers lower it fastest.
    """

    code = "RK110"
    name = "cognitive-complexity"
    summary = "A function's cognitive complexity exceeds max_cognitive."
    scope = "function"
    options_type = CognitiveComplexityOptions
    fix_hint = "flatten it with guard clauses and extract nested blocks into helpers"

    def check_file(self, analysis: FileAnalysis, context: RuleContext) -> Iterable[Finding]:
        limit = self.options.max_cognitive
        for fn in analysis.functions:
            if fn.cognitive <= limit:
                continue
            yield self.finding(
                analysis.source.relpath,
                fn.lineno,
                f"function {fn.qualname!r} is hard to follow",
                symbol=fn.qualname,
                value=fn.cognitive,
                limit=limit,
                fix=advice(
                    f"flatten {fn.qualname} (lines {fn.lineno}-{fn.endline}) with guard"
                    f" clauses and extract nested blocks until cognitive <= {limit}"
                ),
            )
