"""Which file of the web layout each top-level statement of an app module belongs to.

The app object, its configuration and the factory go to `factory`; route handlers to
`routers/<name>` (by blueprint / router object, or by URL prefix for handlers on the app);
hooks, error handlers and middleware set-up to `middleware`; what handlers take through
decorators, `Depends(...)`, `g` or the current app to `dependencies`; pydantic / marshmallow
classes to `schemas`; exception classes to `errors`; the rest follows its users: a constant
used by one router stays with it, a function or class goes to `services/<domain>`.
"""

from __future__ import annotations

import ast
from collections import Counter
from dataclasses import dataclass, field

from refactorkit.codemods.split.graph import unit_edges
from refactorkit.codemods.split.model import ModuleModel, Unit, UnitKind
from refactorkit.codemods.split_app import facts
from refactorkit.codemods.split_app.frameworks import (
    FRAMEWORKS,
    ROUTER_CLASSES,
    WEBSOCKET_ROUTES,
    Framework,
)

FACTORY = "factory"
MIDDLEWARE = "middleware"
DEPENDENCIES = "dependencies"
SCHEMAS = "schemas"
ERRORS = "errors"
COMMON = "services/common"
FIXED = frozenset({FACTORY, MIDDLEWARE, DEPENDENCIES, SCHEMAS, ERRORS})
_REQUEST_STATE = frozenset({"g", "session", "current_app"})
_ROUTER_SUFFIXES = ("_blueprint", "_bp", "_router", "blueprint", "bp", "router")


@dataclass
class Classification:
    """Unit index -> group key (`routers/products`), and the routes each router serves."""

    place: dict[int, str] = field(default_factory=dict)
    routes: Counter[str] = field(default_factory=Counter)
    handlers: set[int] = field(default_factory=set)  # units that are route handlers
    apps: dict[str, Framework] = field(default_factory=dict)  # app variable -> framework
    routers: dict[str, str] = field(default_factory=dict)  # router variable -> router name


def router_name(variable: str, call: ast.Call) -> str:
    """A router's module name: the blueprint's name, the prefix's last part, or the variable."""
    given = facts.string_arg(call) if facts.callee(call) == "Blueprint" else None
    prefix = facts.string_arg(call, "prefix") or facts.string_arg(call, "url_prefix")
    if given is None and prefix:
        given = prefix.strip("/").rsplit("/", 1)[-1]
    if not given:
        given = variable
        for suffix in _ROUTER_SUFFIXES:
            given = given.removesuffix(suffix)
    name = "".join(c if c.isalnum() else "_" for c in given).strip("_").lower()
    return name if name.isidentifier() else "main"


def prefix_router(rule: str, known: set[str]) -> str:
    """`/api/playbooks/<id>` -> playbooks; a one-part page (`/login`) -> main."""
    parts = [p for p in rule.split("<")[0].split("/") if p]
    while parts and (parts[0] == "api" or (parts[0][:1] == "v" and parts[0][1:].isdigit())):
        parts = parts[1:]
    if not parts:
        return "main"
    name = "".join(c if c.isalnum() else "_" for c in parts[0]).strip("_").lower()
    return name if name in known and name.isidentifier() else "main"


def classify(model: ModuleModel) -> Classification:
    """Place every definition unit of `model` in a group of the web layout."""
    out = Classification()
    parsed = {u.index: facts.statements(u) for u in model.units if u.kind is UnitKind.DEFINITION}
    _find_objects(parsed, out)
    nested = _nested_prefixes(parsed, out)
    for index, body in parsed.items():
        group = _direct_group(index, body, out, nested)
        if group is not None:
            out.place[index] = group
    _place_dependencies(model, parsed, out)
    _follow_users(model, parsed, out)
    return out


def _find_objects(parsed: dict[int, list[ast.stmt]], out: Classification) -> None:
    for body in parsed.values():
        for stmt in body:
            found = facts.assigned_call(stmt)
            if found is None:
                continue
            name, call = found
            kind = facts.callee(call)
            framework = next((f for f in FRAMEWORKS if kind in f.apps), None)
            if framework is not None:
                out.apps[name] = framework
            elif kind in ROUTER_CLASSES:
                out.routers[name] = router_name(name, call)


def _nested_prefixes(parsed: dict[int, list[ast.stmt]], out: Classification) -> set[str]:
    """First URL parts that some handler on the app nests under (`/items/<id>`)."""
    found = set()
    for body in parsed.values():
        for stmt in body:
            for d in facts.decorators(stmt):
                if d.owner in out.apps and d.first_arg and d.first_arg.strip("/").count("/"):
                    found.add(prefix_router(d.first_arg, {_first_part(d.first_arg)}))
    return found - {"main"}


def _first_part(rule: str) -> str:
    parts = [p for p in rule.split("<")[0].split("/") if p and p != "api"]
    parts = [p for p in parts if not (p[:1] == "v" and p[1:].isdigit())]
    return "".join(c if c.isalnum() else "_" for c in parts[0]).strip("_").lower() if parts else ""


def _direct_group(
    index: int, body: list[ast.stmt], out: Classification, nested: set[str]
) -> str | None:
    """The group a statement's own syntax decides, None when its users must decide."""
    stmt = body[0]
    found = facts.assigned_call(stmt)
    if found is not None and found[0] in out.routers:
        return f"routers/{out.routers[found[0]]}"
    if found is not None and found[0] in out.apps:
        return FACTORY
    handler = _handler_group(stmt, out, nested)
    if handler is not None and handler.startswith("routers/"):
        out.handlers.add(index)
    if handler is not None:
        return handler
    return _kind_group(stmt, out)


def _handler_group(stmt: ast.stmt, out: Classification, nested: set[str]) -> str | None:
    for d in facts.decorators(stmt):
        framework = out.apps.get(d.owner)
        if d.owner in out.routers and (d.attr not in WEBSOCKET_ROUTES):
            group = f"routers/{out.routers[d.owner]}"
        elif framework is not None and d.attr in WEBSOCKET_ROUTES:
            group = "routers/websockets"
        elif framework is not None and d.attr in framework.routes:
            group = f"routers/{prefix_router(d.first_arg or '', nested)}"
        elif framework is not None and d.attr in framework.hooks:
            return MIDDLEWARE
        else:
            continue
        out.routes[group] += 1
        return group
    return None


def _kind_group(stmt: ast.stmt, out: Classification) -> str | None:
    called = facts.calls_to(stmt)
    if facts.is_function(stmt) and called & {k for f in FRAMEWORKS for k in f.apps}:
        return FACTORY
    elements = facts.element_names(stmt)
    if elements and elements <= set(out.routers):
        return FACTORY
    hooks = {h for f in FRAMEWORKS for h in f.hooks}
    if facts.is_function(stmt) and hooks & set(facts.attribute_calls(stmt)):
        return MIDDLEWARE
    bases = facts.class_bases(stmt)
    if bases & facts.SCHEMA_BASES:
        return SCHEMAS
    if bases & facts.ERROR_BASES:
        return ERRORS
    return None


def _place_dependencies(
    model: ModuleModel, parsed: dict[int, list[ast.stmt]], out: Classification
) -> None:
    """Decorators of handlers, `Depends(...)` providers and readers of request state."""
    wanted: set[str] = set()
    for index, body in parsed.items():
        if out.place.get(index, "").startswith("routers/"):
            wanted |= {d.attr for d in facts.decorators(body[0]) if not d.owner}
            wanted |= facts.depends_targets(body[0])
    imported = set(model.import_providers())
    for unit in model.units:
        if unit.index not in parsed or unit.index in out.place:
            continue
        reads_state = bool(unit.names_used() & _REQUEST_STATE & imported)
        if reads_state and facts.is_function(parsed[unit.index][0]) or set(unit.defines) & wanted:
            out.place[unit.index] = DEPENDENCIES
    _errors_by_base(model, out)


def _errors_by_base(model: ModuleModel, out: Classification) -> None:
    """Subclasses of the module's own exception classes are exceptions too."""
    errors = {n for u in model.units if out.place.get(u.index) == ERRORS for n in u.defines}
    for unit in model.units:
        if unit.index not in out.place and unit.is_class and set(unit.bases) & errors:
            out.place[unit.index] = ERRORS
            errors |= set(unit.defines)


def _follow_users(
    model: ModuleModel, parsed: dict[int, list[ast.stmt]], out: Classification
) -> None:
    """A unit used from one group follows it; the rest go to services by name, or common."""
    users: dict[int, set[int]] = {}
    for edge in unit_edges(model):
        users.setdefault(edge.target, set()).add(edge.source)
    pending = [i for i in parsed if i not in out.place]
    for _ in range(len(pending) + 1):
        placed = False
        for index in pending:
            if index in out.place:
                continue
            groups = {out.place.get(u) for u in users.get(index, set()) - {index}}
            if len(groups) == 1 and None not in groups:
                out.place[index] = _follower(groups.pop() or COMMON, parsed[index][0])
                placed = True
        if not placed:
            break
    routers = sorted({g.split("/")[1] for g in out.place.values() if g.startswith("routers/")})
    for index in pending:
        if index not in out.place:
            out.place[index] = _by_name(model.units[index], routers)


def _follower(group: str, stmt: ast.stmt) -> str:
    """Where a unit used only from `group` goes: functions and classes of a router are its
    services; constants stay next to the handlers."""
    if not group.startswith("routers/"):
        return group
    code = isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    return f"services/{group.split('/')[1]}" if code else group


def _by_name(unit: Unit, routers: list[str]) -> str:
    """`serialize_order_line` -> services/orders when there is an orders router."""
    words = [w for name in unit.defines for w in name.lower().strip("_").split("_")]
    for word in words:
        for router in routers:
            if len(word) > 2 and (router == word or router.rstrip("s") == word.rstrip("s")):
                return f"services/{router}"
    return COMMON
