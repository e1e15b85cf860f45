"""Import-time call chains: what a call made while the module loads reads through its callee.

`_a = [Attribute(name=n) for n in Attribute.__slots__]` runs `Attribute.__init__` at import
time, and whatever that calls: a function it calls must be defined (and its submodule
imported) before the statement runs. The reads of a called function's body, and of a called
class's constructors (`__init__`, `__new__`, `__post_init__`), count as import-time reads of
the calling statement, followed through further calls.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from refactorkit.codemods.split.model import ModuleModel, Unit, UnitKind
from refactorkit.codemods.split.names import Use, UseKind

_CONSTRUCTORS = frozenset({"__init__", "__new__", "__post_init__"})
_MAX_DEPTH = 12


@dataclass(frozen=True)
class CallRead:
    """Unit `source` reads `name` (bound by unit `target`) at import time through `chain`."""

    source: int
    target: int
    name: str
    chain: tuple[str, ...]  # the callees, outermost first: ("Attribute", "helper")

    @property
    def via(self) -> str:
        """`calls Attribute(), which calls helper()` for messages."""
        return "calls " + ", which calls ".join(f"{c}()" for c in self.chain)


def import_time_calls(model: ModuleModel) -> list[CallRead]:
    """Every definition a statement reaches at import time through the calls it makes."""
    bodies = _CalleeReads(model)
    out: list[CallRead] = []
    for unit in model.units:
        if unit.kind in (UnitKind.IMPORT, UnitKind.IMPORT_BLOCK, UnitKind.FUTURE):
            continue
        start = [u.name for u in unit.uses if u.kind is UseKind.IMPORT_TIME and u.called]
        out.extend(_follow(model, bodies, unit, start))
    return out


def _follow(
    model: ModuleModel, bodies: _CalleeReads, unit: Unit, start: list[str]
) -> Iterator[CallRead]:
    queue: deque[tuple[str, tuple[str, ...]]] = deque((n, (n,)) for n in dict.fromkeys(start))
    seen = set(start)
    while queue:
        callee, chain = queue.popleft()
        for use in bodies.reads(callee):
            target = model.binding(use.name, unit.index, True)
            if target is None or model.units[target].kind is not UnitKind.DEFINITION:
                continue
            if target != unit.index:
                yield CallRead(unit.index, target, use.name, chain)
            if use.called and use.name not in seen and len(chain) < _MAX_DEPTH:
                seen.add(use.name)
                queue.append((use.name, (*chain, use.name)))


class _CalleeReads:
    """The run-time reads a call of a top-level function or class performs (cached)."""

    def __init__(self, model: ModuleModel) -> None:
        self.model = model
        self.cache: dict[str, tuple[Use, ...]] = {}

    def reads(self, name: str) -> tuple[Use, ...]:
        if name not in self.cache:
            self.cache[name] = self._compute(name)
        return self.cache[name]

    def _compute(self, name: str) -> tuple[Use, ...]:
        providers = self.model.providers().get(name, ())
        if len(providers) != 1:
            return ()
        unit = self.model.units[providers[0]]
        run = [u for u in unit.uses if u.kind is UseKind.RUN_TIME]
        if isinstance(unit.node, cst.FunctionDef):
            return tuple(run)
        if isinstance(unit.node, cst.ClassDef):
            spans = _constructor_spans(unit.code)
            return tuple(u for u in run if any(a <= u.line <= b for a, b in spans))
        return ()


def _constructor_spans(code: str) -> list[tuple[int, int]]:
    """Line spans (in the statement's own code) of a class's constructor methods."""
    tree = ast.parse(code)
    spans = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and (
                item.name in _CONSTRUCTORS
            ):
                spans.append((item.lineno, item.end_lineno or item.lineno))
    return spans
