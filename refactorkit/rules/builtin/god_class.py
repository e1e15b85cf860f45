"""RK104 god-class."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from refactorkit.domain import ClassMetrics, FileAnalysis, Finding, Fix
from refactorkit.rules.base import FileRule, RuleContext
from refactorkit.rules.fixes import split_class_fix, split_fix


@dataclass(frozen=True)
class GodClassOptions:
    max_class_methods: int = field(default=20, metadata={"help": "methods per class"})


class GodClass(FileRule[GodClassOptions]):
    """A class defines more methods than `max_class_methods` (default 20).

    A class with that many methods usually has several responsibilities. The fix offered
    divides it into mixin parts, each in a module of its own, grouped by the attributes,
    calls, name prefixes and banner comments its methods share (`refactorkit split-class
    pkg.mod:Class --auto`; `refactorkit plan split-class pkg.mod:Class` to edit the plan
    first). `refactorkit move-symbol pkg.mod:Class pkg.new` gives it a module of its own.
    """

    code = "RK104"
    name = "god-class"
    summary = "A class has more methods than max_class_methods."
    scope = "class"
    options_type = GodClassOptions
    fix_hint = "divide it into mixin parts by responsibility"

    def check_file(self, analysis: FileAnalysis, context: RuleContext) -> Iterable[Finding]:
        limit = self.options.max_class_methods
        for cls in analysis.classes:
            if cls.methods > limit:
                yield self.finding(
                    analysis.source.relpath,
                    cls.lineno,
                    f"class {cls.name!r} has too many methods",
                    symbol=cls.name,
                    value=cls.methods,
                    limit=limit,
                    fix=_fix(analysis, cls, context.root_hint),
                )


def _fix(analysis: FileAnalysis, cls: ClassMetrics, root_hint: str) -> Fix:
    source = analysis.source
    if not source.module:
        return split_fix(root_hint, source.relpath)
    return split_class_fix(root_hint, source.module, cls.name)
