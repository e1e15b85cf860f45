"""The order converted routers are registered in, so that each request finds the same route.

Starlette (FastAPI) tries routes in the order they were added, and a Blueprint's rules reach
the URL map in the order blueprints are registered (Werkzeug sorts by rule weight, and falls
back on that order between equals). Handlers that sat on the app in one sequence now arrive
router by router: `/items` (router items) above a catch-all `/{page}` (router main, first
seen at `/health`) would be shadowed if main were registered first. So a router holding a
route that could answer a request meant for a later route of another router is registered
before it; with no such order (two routers each needing to come first), the conversion is
refused and names both pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARAM = re.compile(r"^(\{[^}]*\}|<[^>]*>)$")
_REST = re.compile(r"^(\{[^}:]*:path\}|<path:[^>]*>)$")


@dataclass(frozen=True)
class Route:
    """One converted route: its router, URL rule, methods (None: any) and source line."""

    router: str
    rule: str
    methods: frozenset[str] | None
    line: int


def overlap(a: str, b: str) -> bool:
    """Whether one request path could match both rules (segment by segment)."""
    left, right = a.strip("/").split("/"), b.strip("/").split("/")
    for x, y in zip(left, right, strict=False):  # the shorter decides, see below
        if _REST.match(x) or _REST.match(y):
            return True
        if x != y and not (_PARAM.match(x) or _PARAM.match(y)):
            return False
    return len(left) == len(right)


def _clash(first: Route, later: Route) -> bool:
    methods = first.methods is None or later.methods is None or first.methods & later.methods
    return first.router != later.router and bool(methods) and overlap(first.rule, later.rule)


def router_order(routes: list[Route], seen: list[str]) -> tuple[list[str], list[str]]:
    """(routers in registration order, problems): first appearance, except where a route
    of one router must stay ahead of an overlapping later route of another."""
    before: dict[str, dict[str, tuple[Route, Route]]] = {name: {} for name in seen}
    for i, first in enumerate(routes):
        for later in routes[i + 1 :]:
            if _clash(first, later):
                before[later.router].setdefault(first.router, (first, later))
    order: list[str] = []
    while len(order) < len(seen):
        ready = [r for r in seen if r not in order and set(before[r]) <= set(order)]
        if not ready:
            return seen, _problems(before, order)
        order.append(ready[0])
    return order, []


def _problems(before: dict[str, dict[str, tuple[Route, Route]]], done: list[str]) -> list[str]:
    out = []
    for router, needs in before.items():
        for other, (first, later) in needs.items():
            if router not in done and other not in done:
                out.append(
                    f"line {later.line}: {later.rule} (router {router}) must stay behind "
                    f"{first.rule} (line {first.line}, router {other}), which can answer the "
                    "same requests, and another pair needs the opposite order: --style keep "
                    "leaves the handlers on the app, in their order"
                )
    return out
