"""A rule: modules with too many top-level functions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from refactorkit.rules import FileAnalysis, FileRule, Finding, RuleContext, advice


@dataclass(frozen=True)
class TooManyFunctionsOptions:
    # Read from [tool.refactorkit.limits] max_module_functions; the default applies otherwise.
    max_module_functions: int = field(default=30, metadata={"help": "top-level functions"})


class TooManyFunctions(FileRule[TooManyFunctionsOptions]):
    """A module defines more top-level functions than `max_module_functions` (default 30).

    A grab-bag `utils.py` grows one helper at a time. Group the functions by what they
    work on and split the module (`refactorkit split FILE --auto`).
    """

    code = "XMP101"
    name = "too-many-functions"
    summary = "A module defines more top-level functions than max_module_functions."
    options_type = TooManyFunctionsOptions
    fix_hint = "split the module by what the functions work on"

    def check_file(self, analysis: FileAnalysis, context: RuleContext) -> Iterator[Finding]:
        count, limit = analysis.top_level_functions, self.options.max_module_functions
        if count > limit:
            yield self.finding(
                analysis.source.relpath,
                1,
                "module has too many top-level functions",
                col=1,
                value=count,
                limit=limit,
                fix=advice("group the functions by what they work on, then split the module"),
            )
