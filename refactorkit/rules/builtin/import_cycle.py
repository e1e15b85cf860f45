"""RK106 import-cycle."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from refactorkit.domain import Finding, ImportKind
from refactorkit.graph.model import Cycle, ImportEdge
from refactorkit.rules.base import NoOptions, Rule, RuleContext
from refactorkit.rules.fixes import advice

_HOW_TO_CUT = {
    False: "move the shared names into a module both can import, or import inside the "
    "function that needs it",
    # Already deferred: the import in a function only hides the cycle from import time.
    True: "move the names it needs into a module both can import",
}


class ImportCycle(Rule[NoOptions]):
    """Modules import each other in a cycle.

    A cycle makes import order matter (a `partially initialized module` error waits for
    the next innocent edit), and the modules can no longer be understood, tested or
    moved one at a time. `[tool.refactorkit.check] cycles` chooses which count: "runtime"
    (default: imports at module level or inside functions), "all" (also loops that need an
    `if TYPE_CHECKING:` import) or "off". The finding sits at the import to cut: an import
    inside a function if the chain has one (the workaround someone added when the cycle
    first broke), else the hop from the most imported module to the least imported one.
    """

    code = "RK106"
    name = "import-cycle"
    summary = "Modules import each other in a cycle."
    scope = "graph"
    needs_graph = True
    fix_hint = "cut the import the finding points at"

    def check(self, context: RuleContext) -> Iterable[Finding]:
        mode = context.contracts.cycles if context.contracts is not None else "runtime"
        if mode == "off" or context.graph is None:
            return
        graph = context.graph
        for cycle in graph.cycles(include_type_checking=mode == "all"):
            wanted = context.only_modules
            if wanted is not None and not wanted.intersection(cycle.modules):
                continue
            cut = edge_to_cut(cycle, graph.fan_in)
            if cut is None:
                continue
            related = tuple((e.relpath, e.lineno) for e in cycle.chain if e is not cut)
            fix = advice(
                f"cut {cut.importer} -> {cut.imported} at {cut.relpath}:{cut.lineno}: "
                + _HOW_TO_CUT[cut.kind is ImportKind.FUNCTION]
            )
            yield self.finding(
                cut.relpath,
                cut.lineno,
                cycle_message(cycle),
                col=1,
                symbol=cycle_symbol(cycle),
                value=cycle.size,
                related=related,
                fix=fix,
            )


def cycle_symbol(cycle: Cycle) -> str:
    """A cycle's identity in a baseline and in reports: its modules, sorted."""
    return " ".join(sorted(cycle.modules))


def cycle_message(cycle: Cycle) -> str:
    return f"import cycle of {cycle.size} modules: {' -> '.join(cycle.path)}"


def edge_to_cut(cycle: Cycle, fan_in: Callable[[str], int]) -> ImportEdge | None:
    """The hop of the chain most likely to point the wrong way.

    An import inside a function is usually the workaround someone added when the cycle
    first broke an import, so it is the hop to cut (move what it needs elsewhere) when the
    chain has one. Otherwise: a widely imported module (high fan-in: a foundation) that
    imports a rarely imported one (an upper layer) is the classic inverted dependency, so we
    maximise fan_in(importer) - fan_in(imported). Type-checking hops never run, so cutting
    them fixes nothing at run time; they are chosen only when the chain has nothing else.
    """
    if not cycle.chain:
        return None
    runtime = [e for e in cycle.chain if e.kind is not ImportKind.TYPE_CHECKING]
    return max(
        runtime or list(cycle.chain),
        key=lambda e: (
            e.kind is ImportKind.FUNCTION,
            fan_in(e.importer) - fan_in(e.imported),
            -e.lineno,
        ),
    )
