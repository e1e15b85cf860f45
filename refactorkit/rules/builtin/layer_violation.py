"""RK108 layer-violation."""

from __future__ import annotations

from collections.abc import Iterable

from refactorkit.domain import Finding
from refactorkit.graph.model import ImportEdge
from refactorkit.rules.base import NoOptions, Rule, RuleContext
from refactorkit.rules.contracts import Layers, within
from refactorkit.rules.fixes import advice


class LayerViolation(Rule[NoOptions]):
    """A lower layer imports a higher one.

    Declared in `[tool.refactorkit.check]` as `layers = ["app.cli", "app.core", "app.db"]`
    (highest first; a list of such lists for several contracts): a layer may import the
    layers below it, never those above. A module belongs to the deepest layer it is in.
    Imports under `if TYPE_CHECKING:` never count.
    """

    code = "RK108"
    name = "layer-violation"
    summary = "A lower layer imports a higher layer."
    scope = "graph"
    needs_graph = True
    fix_hint = "move the code into the higher layer, or pass the dependency in"

    def check(self, context: RuleContext) -> Iterable[Finding]:
        contracts = context.contracts
        if contracts is None or not contracts.layers:
            return
        for edge in context.runtime_edges():
            for contract in contracts.layers:
                finding = self._judge(edge, contract)
                if finding is not None:
                    yield finding

    def _judge(self, edge: ImportEdge, contract: Layers) -> Finding | None:
        source = layer_of(edge.importer, contract.layers)
        target = layer_of(edge.imported, contract.layers)
        if source is None or target is None or target >= source:
            return None
        lower, higher = contract.layers[source], contract.layers[target]
        message = (
            f"{edge.importer} imports {edge.imported}: layer"
            f" {lower!r} may not import the higher layer {higher!r}"
        )
        fix = advice(
            f"{lower} sits below {higher}: move the code that needs {edge.imported} up, or "
            "pass it in from above"
        )
        symbol = f"{edge.importer} -> {edge.imported}"
        return self.finding(edge.relpath, edge.lineno, message, col=1, symbol=symbol, fix=fix)


def layer_of(module: str, layers: tuple[str, ...]) -> int | None:
    """The index of the deepest layer `module` is in, or None."""
    best: tuple[int, int] | None = None  # (prefix length, index)
    for index, layer in enumerate(layers):
        if within(module, layer) and (best is None or len(layer) > best[0]):
            best = (len(layer), index)
    return None if best is None else best[1]
