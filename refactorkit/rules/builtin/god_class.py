"""RK104 god-class."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from refactorkit.domain import ClassMetrics, FileAnalysis, Finding, Fix
from refactorkit.rules.base import FileRule, RuleContext
from refactorkit.rules.fixes import move_symbol_fix, new_module_for, split_fix


@dataclass(frozen=True)
class GodClassOptions:
    max_class_methods: int = field(default=20, metadata={"help": "methods per class"})


class GodClass(FileRule[GodClassOptions]):
    """A class defines more methods than `max_class_methods` (default 20).

    A class with that many methods usually has several responsibilities. The first step
    offered is to give it a module of its own (`refactorkit move-symbol pkg.mod:Class
    pkg.new`); then divide its responsibilities.
    """

    code = "RK104"
    name = "god-class"
    summary = "A class has more methods than max_class_methods."
    scope = "class"
    options_type = GodClassOptions
    fix_hint = "split its responsibilities, starting in a module of its own"

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
    target = new_module_for(source.module, cls.name, source.is_package)
    return move_symbol_fix(root_hint, source.module, cls.name, target)
