"""RK107 forbidden-import."""

from __future__ import annotations

from collections.abc import Iterable

from refactorkit.domain import Finding
from refactorkit.graph.model import ImportEdge
from refactorkit.rules.base import NoOptions, Rule, RuleContext
from refactorkit.rules.contracts import ForbiddenImport, within
from refactorkit.rules.fixes import advice


class ForbiddenImportRule(Rule[NoOptions]):
    """A module imports something a `forbidden` contract rules out.

    Declared in `[tool.refactorkit.check]` as
    `forbidden = [{source = "app.domain", target = ["app.web", "requests"]}]`: nothing in
    `source` may import `target` (internal or external). Imports under
    `if TYPE_CHECKING:` never count.
    """

    code = "RK107"
    name = "forbidden-import"
    summary = "A module imports something a contract forbids."
    scope = "graph"
    needs_graph = True
    fix_hint = "move the code that needs the import, or invert the dependency"

    def check(self, context: RuleContext) -> Iterable[Finding]:
        contracts = context.contracts
        if contracts is None or not contracts.forbidden:
            return
        for edge in context.runtime_edges():
            for contract in contracts.forbidden:
                if within(edge.importer, contract.source) and within(
                    edge.imported, contract.target
                ):
                    yield self._finding(edge, contract)

    def _finding(self, edge: ImportEdge, contract: ForbiddenImport) -> Finding:
        message = (
            f"{edge.importer} imports {edge.imported}"
            f" ({contract.source!r} may not import {contract.target!r})"
        )
        fix = advice(
            f"{contract.source} may not depend on {contract.target}: "
            "move the code that needs it, or invert the dependency"
        )
        symbol = f"{edge.importer} -> {edge.imported}"
        return self.finding(edge.relpath, edge.lineno, message, col=1, symbol=symbol, fix=fix)
