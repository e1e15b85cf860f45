"""The rule seam: one class per rule, as in ruff.

A rule has a code, a name, a one-line summary, its documentation (the class docstring), a
frozen dataclass of options with defaults (their values come from `[tool.refactorkit.limits]`),
and a check function that returns findings, each with an optional fix. `analyze` and `check`
run the same rules from one registry (`refactorkit.rules.registry`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from refactorkit.domain import Duplication, FileAnalysis, Finding, ImportKind

if TYPE_CHECKING:
    from refactorkit.graph.graph import ImportGraph
    from refactorkit.graph.model import ImportEdge
    from refactorkit.rules.contracts import Contracts


@dataclass(frozen=True)
class NoOptions:
    """The options of a rule that has none."""


OptionsT = TypeVar("OptionsT")

# What a finding is about, for ranking in `analyze`: a module's findings take the module's
# hotspot score, a class's the class's, a function's its value, a graph finding 10 x value.
SCOPES = ("module", "class", "function", "graph")


@dataclass(frozen=True)
class RuleContext:
    """What a rule may read: measured files, the import graph, contracts, how to word fixes."""

    files: Sequence[FileAnalysis]  # the files to judge
    graph: ImportGraph | None = None  # the whole project's graph (built when a rule needs it)
    contracts: Contracts | None = None  # cycles mode, forbidden imports, layers
    root_hint: str = ""  # the project root as the user types it ("" = the current folder)
    only_modules: frozenset[str] | None = None  # check FILES: graph findings touching these
    only_relpaths: frozenset[str] | None = None  # check FILES: import findings in these
    duplication: Duplication | None = None  # clone groups, when the caller found them already

    def runtime_edges(self) -> Iterator[ImportEdge]:
        """The graph's edges that run (not under `if TYPE_CHECKING:`), in the judged files."""
        if self.graph is None:
            return
        for edge in self.graph.edges_in(self.only_relpaths):
            if edge.kind is not ImportKind.TYPE_CHECKING:
                yield edge


class Rule(Generic[OptionsT]):
    """Base of every rule. Subclasses set the class attributes and implement `check`."""

    code: ClassVar[str]  # RK101
    name: ClassVar[str]  # file-too-long
    summary: ClassVar[str]  # one line, shown in listings, SARIF and `--help`
    scope: ClassVar[str] = "module"  # one of SCOPES
    options_type: ClassVar[type[Any]] = NoOptions  # a frozen dataclass with defaults
    needs_graph: ClassVar[bool] = False
    # The optional per-file scans (analysis.engine.SCANS) this rule reads: a run without a
    # cache leaves out those no enabled rule reads. Plugin rules are taken to read them all.
    reads: ClassVar[frozenset[str]] = frozenset()
    fix_hint: ClassVar[str] = ""  # what to do about a finding, in one line (check's hint)
    # Codes whose findings in the same file this rule's finding already explains: one
    # finding per cause (a 2,700-line file's maintainability index of 0 is its size again).
    subsumes: ClassVar[tuple[str, ...]] = ()

    def __init__(self, options: OptionsT) -> None:
        self.options = options

    @classmethod
    def docs(cls) -> str:
        """The rule's documentation: its class docstring, dedented."""
        import inspect  # ~10 ms to import; only `refactorkit rule` and SARIF need docs

        return inspect.cleandoc(cls.__doc__ or cls.summary)

    def check(self, context: RuleContext) -> Iterable[Finding]:
        """Every finding of this rule in `context`."""
        raise NotImplementedError

    def finding(self, relpath: str, line: int, message: str, **fields: Any) -> Finding:
        """A finding of this rule (code and name filled in)."""
        return Finding(self.code, self.name, relpath, line, message, **fields)


class FileRule(Rule[OptionsT]):
    """A rule that judges one measured file at a time."""

    def check(self, context: RuleContext) -> Iterable[Finding]:
        for analysis in context.files:
            yield from self.check_file(analysis, context)

    def check_file(self, analysis: FileAnalysis, context: RuleContext) -> Iterable[Finding]:
        """The findings of this rule in one file."""
        raise NotImplementedError
