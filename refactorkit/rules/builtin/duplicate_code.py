"""RK116 duplicate-code."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from refactorkit.domain import CloneGroup, ClonePlace, Duplication, FileAnalysis, Finding, Fix
from refactorkit.graph.duplicates import find_duplicates, judged_files
from refactorkit.rules.base import Rule, RuleContext
from refactorkit.rules.fixes import advice, command_text, typed_path


@dataclass(frozen=True)
class DuplicateCodeOptions:
    min_duplicate_lines: int = field(
        default=6, metadata={"help": "lines of code (normalised) a clone needs to count"}
    )
    max_duplication: float = field(
        default=0.0,
        metadata={"help": "percent of the code that may be duplicated before clones count"},
    )


class DuplicateCode(Rule[DuplicateCodeOptions]):
    """The same block of code, up to names and literals, in two places or more.

    Lines are compared token-normalised: comments are dropped, every variable, function or
    class name becomes one placeholder and every literal another (attribute names after a
    dot are kept), so a copy whose variables were renamed or whose strings and numbers were
    changed still matches, as copy-and-paste-then-edit leaves it. Blank lines, comments,
    docstrings, imports, `def`/`class` headers, lines of only literals and brackets, dict
    entries under a literal key (`"email": Field(...)`) and a lone name are not lines of
    code here (pylint's similarity checker leaves the first five
    out by default). A clone group needs `min_duplicate_lines` such lines in a row (default
    6: pylint's 4 finds runs of keyword arguments or assignments that nobody would
    extract), never crosses a `def`/`class` header, and is reported once, at its first
    place, with every other place. Runs of one repeated shape (enum members, dict entries)
    are data and start no clone; test code is not read (tests repeat set-ups on purpose).

    `max_duplication` (percent, default 0) gates on the project's figure instead: while the
    duplicated lines of code are at most that share of all lines of code (the figure
    `analyze` prints), no clone is reported; above it, every clone is. The fix for a block
    inside one function is advice naming `refactorkit extract FILE:START-END
    --whole-statements` for one copy (it makes the helper), then calling the helper at the
    other places by hand: advice, as the command alone leaves the group as it was.
    docs/duplicates.md has the details and a comparison with pylint and jscpd.
    """

    code = "RK116"
    name = "duplicate-code"
    summary = "The same block of code (up to names and literals) is in two places or more."
    options_type = DuplicateCodeOptions
    reads = frozenset({"code_lines"})
    fix_hint = "extract the block into one function and call it from every place"

    def check(self, context: RuleContext) -> Iterable[Finding]:
        found = self.duplication(context)
        if found.percent <= self.options.max_duplication and self.options.max_duplication:
            return
        functions = {f.source.relpath: f for f in context.files}
        for group in found.groups:
            first, *others = group.places
            yield self.finding(
                first.relpath,
                first.start,
                _message(group),
                col=1,
                symbol=_symbol(group, functions),
                value=group.lines,
                related=tuple((p.relpath, p.start) for p in others),
                fix=_fix(group, functions.get(first.relpath), context.root_hint),
            )

    def duplication(self, context: RuleContext) -> Duplication:
        """The clone groups `analyze` found already, or found here with this rule's size."""
        given = context.duplication
        if given is not None and given.min_lines == self.options.min_duplicate_lines:
            return given
        return find_duplicates(judged_files(context.files), self.options.min_duplicate_lines)


def _message(group: CloneGroup) -> str:
    others = ", ".join(f"{p.relpath}:{p.start}" for p in group.places[1:])
    count = len(group.places) - 1
    return f"{group.lines} lines of code repeated at {count} other place(s): {others}"


def enclosing(analysis: FileAnalysis | None, place: ClonePlace) -> str:
    """The qualified name of the innermost function holding the whole place ("" if none)."""
    if analysis is None:
        return ""
    holders = [f for f in analysis.functions if f.lineno < place.start and place.end <= f.endline]
    return max(holders, key=lambda f: f.lineno).qualname if holders else ""


def _holder(analysis: FileAnalysis | None, place: ClonePlace) -> str:
    """The function holding the place, else the innermost class, else `<module>`."""
    function = enclosing(analysis, place)
    if function or analysis is None:
        return function or "<module>"
    classes = [c for c in analysis.classes if c.lineno < place.start and place.end <= c.endline]
    return max(classes, key=lambda c: c.lineno).name if classes else "<module>"


def _symbol(group: CloneGroup, files: dict[str, FileAnalysis]) -> str:
    """The group's identity in a baseline: where each copy is, by function, not by line."""
    return " = ".join(f"{p.relpath}:{_holder(files.get(p.relpath), p)}" for p in group.places)


def _fix(group: CloneGroup, analysis: FileAnalysis | None, root_hint: str) -> Fix:
    first = group.places[0]
    function = enclosing(analysis, first)
    if not function:
        return advice("move the repeated block into one function or class and use it everywhere")
    path = typed_path(root_hint, first.relpath)
    # a clone is a run of lines of code: its ends can fall inside a multi-line statement
    argv = ("refactorkit", "extract", f"{path}:{first.start}-{first.end}", "--whole-statements")
    # Advice, not a command: the helper extract makes is one more copy of the block until the
    # other places call it, so the command alone would leave the clone group as it was.
    return advice(
        f"run {command_text(argv)} (makes a helper of this copy in {function}), then call "
        "the helper at the other places"
    )
