"""RK109 too-many-classes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from refactorkit.domain import FileAnalysis, Finding
from refactorkit.rules.base import FileRule, RuleContext
from refactorkit.rules.module_split import module_split_fix


@dataclass(frozen=True)
class TooManyClassesOptions:
    max_module_classes: int = field(default=15, metadata={"help": "top-level classes per module"})


class TooManyClasses(FileRule[TooManyClassesOptions]):
    """A module defines more top-level classes than `max_module_classes` (default 15).

    The typical case is a `models.py` holding every ORM model of an application. The fix
    is the same as for a long file: `refactorkit split FILE --auto` groups the classes by
    what they reference into domain modules, with the shared base in `base.py`.
    """

    code = "RK109"
    name = "too-many-classes"
    summary = "A module defines more top-level classes than max_module_classes."
    options_type = TooManyClassesOptions
    fix_hint = "split the module into a package: refactorkit split FILE --auto"

    def check_file(self, analysis: FileAnalysis, context: RuleContext) -> Iterable[Finding]:
        classes, limit = analysis.top_level_classes, self.options.max_module_classes
        if classes > limit:
            relpath = analysis.source.relpath
            fix = module_split_fix(context.root_hint, analysis)
            message = "module has too many top-level classes"
            yield self.finding(relpath, 1, message, col=1, value=classes, limit=limit, fix=fix)
