"""Run the enabled rules over measured files: one pass shared by `analyze` and `check`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from refactorkit.domain import SCANS, Duplication, FileAnalysis, Finding
from refactorkit.rules.base import Rule, RuleContext
from refactorkit.rules.registry import builtin_rules, rule_classes
from refactorkit.rules.settings import RuleSettings
from refactorkit.rules.suppress import Suppressions, ignored_by_config, parse_suppressions
from refactorkit.workspace import SourceError, read_source

if TYPE_CHECKING:
    from refactorkit.graph.graph import ImportGraph


def enabled_rules(settings: RuleSettings, select: Iterable[str] = ()) -> list[type[Rule[Any]]]:
    """The rule classes to run: `select` (all when empty) minus the configured `ignore`."""
    chosen = {code.upper() for code in select}
    return [
        rule
        for rule in rule_classes()
        if (not chosen or rule.code in chosen) and rule.code not in settings.ignore
    ]


def scans_read(settings: RuleSettings, select: Iterable[str] = ()) -> frozenset[str]:
    """The optional per-file scans the enabled rules read (all of them for a plugin rule)."""
    builtin = set(builtin_rules())
    rules = enabled_rules(settings, select)
    if any(rule not in builtin for rule in rules):
        return SCANS
    return frozenset().union(*(rule.reads for rule in rules)) & SCANS


def needs_graph(settings: RuleSettings, select: Iterable[str] = ()) -> bool:
    return any(rule.needs_graph for rule in enabled_rules(settings, select))


def run_rules(
    files: Sequence[FileAnalysis],
    settings: RuleSettings,
    root: Path,
    *,
    graph: Callable[[], ImportGraph] | None = None,
    select: Iterable[str] = (),
    root_hint: str = "",
    only_modules: frozenset[str] | None = None,
    only_relpaths: frozenset[str] | None = None,
    duplication: Duplication | None = None,
) -> list[Finding]:
    """Every finding of the enabled rules, with ignores and suppression comments applied.

    `graph` builds the project's import graph; it is called only when an enabled rule
    needs it. `only_modules` / `only_relpaths` narrow graph findings on a partial check.
    `duplication` is the clone detection `analyze` ran already (RK116 runs it otherwise).
    """
    rules = enabled_rules(settings, select)
    built = graph() if graph is not None and any(r.needs_graph for r in rules) else None
    context = RuleContext(
        files=files,
        graph=built,
        contracts=settings.contracts,
        root_hint=root_hint,
        only_modules=only_modules,
        only_relpaths=only_relpaths,
        duplication=duplication,
    )
    found: list[Finding] = []
    for rule_class in rules:
        rule = rule_class(settings.limits.options_for(rule_class.options_type))
        found.extend(rule.check(context))
    found = [f for f in found if not ignored_by_config(f, settings.per_file_ignores)]
    return apply_comments(one_per_cause(found, rules), root)


def one_per_cause(found: list[Finding], rules: Sequence[type[Rule[Any]]]) -> list[Finding]:
    """`found` less the findings another finding of the same file explains (`subsumes`)."""
    subsumes = {rule.code: rule.subsumes for rule in rules if rule.subsumes}
    hidden = {(f.relpath, code) for f in found for code in subsumes.get(f.code, ())}
    return [f for f in found if (f.relpath, f.code) not in hidden]


def apply_comments(found: list[Finding], root: Path) -> list[Finding]:
    """Drop suppressed findings and give `def`/`class` findings their real column.

    Only files with findings are read again (suppressions are rare, findings sparse).
    """
    files = _FileComments(root)
    kept = []
    for finding in found:
        places = [(finding.relpath, finding.line), *finding.related]
        if any(files.silences(relpath, finding.code, line) for relpath, line in places):
            continue
        if finding.col == 0:
            finding = replace(finding, col=files.indent_of(finding.relpath, finding.line) + 1)
        kept.append(finding)
    return kept


class _FileComments:
    """The lines and suppression comments of the files findings point at, read once each."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.texts: dict[str, list[str]] = {}
        self.marks: dict[str, Suppressions] = {}

    def _load(self, relpath: str) -> None:
        if relpath in self.texts:
            return
        try:
            text, _ = read_source(self.root / relpath)
        except SourceError:
            text = ""
        self.texts[relpath] = text.splitlines()
        self.marks[relpath] = parse_suppressions(text)

    def silences(self, relpath: str, code: str, line: int) -> bool:
        self._load(relpath)
        return bool(self.marks[relpath].silences(code, [line]))

    def indent_of(self, relpath: str, line: int) -> int:
        self._load(relpath)
        lines = self.texts[relpath]
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        return len(text) - len(text.lstrip())
