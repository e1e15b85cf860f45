"""The check rules (RK101-RK108): pure functions from measured files and the import graph to
violations. They never read files and never format output.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from refactorkit.check.config import CheckConfig
from refactorkit.domain import FileAnalysis, ImportKind


@dataclass(frozen=True)
class Rule:
    """A rule's code, short name (used in SARIF and docs) and one-line description."""

    code: str
    name: str
    description: str


RULES: tuple[Rule, ...] = (
    Rule("RK101", "file-too-long", "A file has more lines than max_file_lines."),
    Rule("RK102", "complex-function", "A function's cyclomatic complexity exceeds max_complexity."),
    Rule(
        "RK103", "complex-module", "A module's average complexity exceeds max_average_complexity."
    ),
    Rule("RK104", "god-class", "A class has more methods than max_class_methods."),
    Rule("RK105", "low-maintainability", "A module's maintainability index is below the minimum."),
    Rule("RK106", "import-cycle", "Modules import each other in a cycle."),
    Rule("RK107", "forbidden-import", "A module imports something a contract forbids."),
    Rule("RK108", "layer-violation", "A lower layer imports a higher layer."),
)
RULES_BY_CODE = {rule.code: rule for rule in RULES}
GRAPH_CODES = frozenset({"RK106", "RK107", "RK108"})


@dataclass(frozen=True)
class Violation:
    """One rule broken at one place. `symbol` + `code` + `relpath` identify it in a baseline."""

    code: str
    relpath: str
    line: int
    col: int
    message: str
    symbol: str = ""  # function, class, cycle or import the violation is about
    value: float = 0.0
    limit: float = 0.0
    lower_is_worse: bool = False  # True for the maintainability index
    related: tuple[tuple[str, int], ...] = ()  # other (relpath, line)s: a cycle's imports

    @property
    def comparison(self) -> str:
        """`(value > limit)` or `(value < limit)`; empty when the rule has no number."""
        if not self.limit:  # cycles and contracts have no number to compare
            return ""
        op = "<" if self.lower_is_worse else ">"
        return f"({_num(self.value)} {op} {_num(self.limit)})"

    def is_worse_than(self, other: float) -> bool:
        """Whether this violation's value is strictly worse than a recorded value."""
        return self.value < other if self.lower_is_worse else self.value > other


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


class EdgeLike(Protocol):
    """What the rules read from an import graph edge (refactorkit.graph's ImportEdge)."""

    @property
    def importer(self) -> str: ...
    @property
    def imported(self) -> str: ...
    @property
    def relpath(self) -> str: ...
    @property
    def lineno(self) -> int: ...
    @property
    def kind(self) -> ImportKind: ...


class CycleLike(Protocol):
    @property
    def modules(self) -> Sequence[str]: ...
    @property
    def chain(self) -> Sequence[EdgeLike]: ...


class GraphLike(Protocol):
    """The two queries of refactorkit.graph's ImportGraph the graph rules need."""

    def edges(self) -> Iterable[EdgeLike]: ...
    def cycles(self, include_type_checking: bool = False) -> Sequence[CycleLike]: ...


def check_file(analysis: FileAnalysis, config: CheckConfig) -> list[Violation]:
    """RK101-RK105 on one measured file."""
    rel = analysis.source.relpath
    found: list[Violation] = []
    lines = analysis.raw.loc
    if lines > config.max_file_lines:
        found.append(
            Violation(
                "RK101", rel, 1, 1, "file has too many lines", "", lines, config.max_file_lines
            )
        )
    for func in analysis.functions:
        if func.complexity > config.max_complexity:
            message = f"function {func.qualname!r} is too complex, rank {func.rank}"
            found.append(
                Violation(
                    "RK102",
                    rel,
                    func.lineno,
                    0,
                    message,
                    func.qualname,
                    func.complexity,
                    config.max_complexity,
                )
            )
    average = analysis.average_complexity
    if average > config.max_average_complexity:
        message = "average function complexity is too high"
        found.append(
            Violation(
                "RK103", rel, 1, 1, message, "", round(average, 2), config.max_average_complexity
            )
        )
    for cls in analysis.classes:
        if cls.methods > config.max_class_methods:
            message = f"class {cls.name!r} has too many methods"
            found.append(
                Violation(
                    "RK104",
                    rel,
                    cls.lineno,
                    0,
                    message,
                    cls.name,
                    cls.methods,
                    config.max_class_methods,
                )
            )
    mi = analysis.maintainability
    if analysis.raw.sloc and mi < config.min_maintainability:
        message = "maintainability index is too low"
        found.append(
            Violation(
                "RK105",
                rel,
                1,
                1,
                message,
                "",
                round(mi, 2),
                config.min_maintainability,
                lower_is_worse=True,
            )
        )
    return found


def check_cycles(
    graph: GraphLike, config: CheckConfig, modules: frozenset[str] | None = None
) -> list[Violation]:
    """RK106: one violation per cycle, at its first import; only cycles touching `modules`."""
    if config.cycles == "off":
        return []
    found = []
    for cycle in graph.cycles(include_type_checking=config.cycles == "all"):
        if modules is not None and not modules.intersection(cycle.modules):
            continue
        chain = list(cycle.chain)
        if not chain:
            continue
        path = " -> ".join([*(edge.importer for edge in chain), chain[-1].imported])
        members = sorted(cycle.modules)
        first = chain[0]
        message = f"import cycle of {len(members)} modules: {path}"
        related = tuple((edge.relpath, edge.lineno) for edge in chain[1:])
        symbol = " ".join(members)
        violation = Violation("RK106", first.relpath, first.lineno, 1, message, symbol)
        found.append(replace(violation, value=len(members), related=related))
    return found


def within(module: str, package: str) -> bool:
    """Whether `module` is `package` itself or inside it."""
    return module == package or module.startswith(package + ".")


def check_contracts(
    graph: GraphLike, config: CheckConfig, relpaths: frozenset[str] | None = None
) -> list[Violation]:
    """RK107 forbidden imports and RK108 layer violations; TYPE_CHECKING imports never count."""
    if not config.forbidden and not config.layers:
        return []
    found: list[Violation] = []
    for edge in graph.edges():
        if edge.kind is ImportKind.TYPE_CHECKING:
            continue
        if relpaths is not None and edge.relpath not in relpaths:
            continue
        found.extend(_forbidden(edge, config))
        found.extend(_layered(edge, config))
    return found


def _forbidden(edge: EdgeLike, config: CheckConfig) -> Iterator[Violation]:
    for contract in config.forbidden:
        if within(edge.importer, contract.source) and within(edge.imported, contract.target):
            message = (
                f"{edge.importer} imports {edge.imported}"
                f" ({contract.source!r} may not import {contract.target!r})"
            )
            symbol = f"{edge.importer} -> {edge.imported}"
            yield Violation("RK107", edge.relpath, edge.lineno, 1, message, symbol)


def _layer_of(module: str, layers: tuple[str, ...]) -> int | None:
    best: tuple[int, int] | None = None  # (prefix length, index): the deepest layer wins
    for index, layer in enumerate(layers):
        if within(module, layer) and (best is None or len(layer) > best[0]):
            best = (len(layer), index)
    return None if best is None else best[1]


def _layered(edge: EdgeLike, config: CheckConfig) -> Iterator[Violation]:
    for contract in config.layers:
        source = _layer_of(edge.importer, contract.layers)
        target = _layer_of(edge.imported, contract.layers)
        if source is not None and target is not None and target < source:
            message = (
                f"{edge.importer} imports {edge.imported}: layer"
                f" {contract.layers[source]!r} may not import the higher layer"
                f" {contract.layers[target]!r}"
            )
            symbol = f"{edge.importer} -> {edge.imported}"
            yield Violation("RK108", edge.relpath, edge.lineno, 1, message, symbol)


def enabled(codes: Iterable[str], config: CheckConfig, select: Iterable[str] = ()) -> set[str]:
    """The rule codes to run: `select` (all when empty) minus the configured `ignore`."""
    chosen = set(select) or set(RULES_BY_CODE)
    return {code for code in codes if code in chosen and code not in config.ignore}
