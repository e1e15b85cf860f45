"""RK101 file-too-long."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from refactorkit.domain import FileAnalysis, Finding
from refactorkit.rules.base import FileRule, RuleContext
from refactorkit.rules.module_split import module_split_fix


@dataclass(frozen=True)
class FileTooLongOptions:
    max_file_lines: int = field(default=500, metadata={"help": "physical lines per file"})


class FileTooLong(FileRule[FileTooLongOptions]):
    """A file has more physical lines than `max_file_lines` (default 500).

    A long module mixes responsibilities and is where merge conflicts and slow reviews
    come from. The fix is `refactorkit split FILE --auto` (or `refactorkit plan split FILE`
    to edit the proposed groups first): the module becomes a package of cohesive
    submodules, and every old import keeps working. For a test module (a file pytest
    collects) the parts are test files pytest still collects, with the module's fixtures in
    the package's conftest.py; a test module that a split would change (module-level
    `pytestmark`, xunit `setup_module`, hooks, `__name__` reads) gets advice with the reason
    instead, and one whose length is a test class over the limit gets `refactorkit
    split-class MODULE:Class --auto` (docs/split.md, "Test modules"). A file with this
    finding gets no RK105 low-maintainability finding: the index falls with size, so it
    would name the same cause twice.
    """

    code = "RK101"
    name = "file-too-long"
    summary = "A file has more lines than max_file_lines."
    options_type = FileTooLongOptions
    fix_hint = "split the module into a package: refactorkit split FILE --auto"
    # Radon's MI falls with lines: all 37 files of Django 5.2 under MI 10 are over 500 lines,
    # so RK105 only repeated this finding there, with a vaguer fix.
    subsumes = ("RK105",)

    def check_file(self, analysis: FileAnalysis, context: RuleContext) -> Iterable[Finding]:
        lines, limit = analysis.raw.loc, self.options.max_file_lines
        if lines > limit:
            relpath = analysis.source.relpath
            fix = module_split_fix(context.root_hint, analysis, limit)
            yield self.finding(
                relpath, 1, "file has too many lines", col=1, value=lines, limit=limit, fix=fix
            )
