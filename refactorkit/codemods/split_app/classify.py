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
from collections.abc import Mapping
from dataclasses import dataclass, field

from refactorkit.codemods.split.graph import unit_edges
from refactorkit.codemods.split.model import ModuleModel, Unit, UnitKind
from refactorkit.codemods.split.names import UseKind
from refactorkit.codemods.split.planner import module_name_for
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
ROUTING = "routers/base"
MIN_ROUTES = 2  # a URL prefix with fewer handlers on the app joins routers/main
_FACTORIES = frozenset({"create_app", "make_app", "build_app"})
_REQUEST_STATE = frozenset({"g", "session", "current_app"})
_ROUTER_SUFFIXES = ("_blueprint", "_bp", "_router", "blueprint", "bp", "router")


@dataclass
class Classification:
    """Unit index -> group key (`routers/products`), and which units are route handlers."""

    place: dict[int, str] = field(default_factory=dict)
    handlers: set[int] = field(default_factory=set)  # units that are route handlers
    apps: dict[str, Framework] = field(default_factory=dict)  # app variable -> framework
    routers: dict[str, str] = field(default_factory=dict)  # router variable -> router name
    # `app.add_url_rule(...)` and `router.add_api_route(...)` statements -> their router group
    registered: dict[int, str] = field(default_factory=dict)
    attached: dict[int, str] = field(default_factory=dict)  # those on a router -> its variable
    routes: dict[int, int] = field(default_factory=dict)  # handler unit -> routes it serves


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
    return _identifier(given) or "main"


def _identifier(text: str) -> str:
    name = "".join(c if c.isalnum() else "_" for c in text).strip("_").lower()
    return name if name.isidentifier() else ""


def _is_version(part: str) -> bool:
    return part[:1] == "v" and part[1:].isdigit()


def first_part(rule: str) -> str:
    """`/api/v1/playbooks/<id>` -> playbooks: the first static part after api/ and versions."""
    parts = [p for p in rule.split("<")[0].split("/") if p and p != "api" and not _is_version(p)]
    return _identifier(parts[0]) if parts else ""


def prefix_router(rule: str, known: set[str]) -> str:
    """The router of a handler on the app: its first URL part when handlers nest under it
    (`known`), else api for a one-part API path, main for a page such as `/login`."""
    name = first_part(rule)
    if name in known:
        return name
    return "api" if rule.strip("/").split("/")[0] == "api" else "main"


def _static_parts(rule: str) -> list[str]:
    parts = [p for p in rule.split("<")[0].split("/") if p and p != "api"]
    return [p for p in parts if not _is_version(p)] + (["<"] if "<" in rule else [])


def classify(model: ModuleModel, placed: Mapping[str, str] | None = None) -> Classification:
    """Place every definition unit of `model` in a group of the web layout.

    `placed`: groups decided before (handlers and hooks whose app decorators the factory
    conversion turned into calls).
    """
    out = Classification()
    parsed = {u.index: facts.statements(u) for u in model.units if u.kind is UnitKind.DEFINITION}
    _find_objects(parsed, out)
    calls = _registrations(model, out)
    on_app = [c.rule for c in calls.values() if c.rule and c.owner in out.apps]
    nested = _nested_prefixes(parsed, out, on_app)
    for index, body in parsed.items():
        group = _direct_group(index, body, out, nested)
        if group is not None:
            out.place[index] = group
    _place_registered(model, calls, out, nested)
    _keep_places(model, out, placed or {})
    _place_dependencies(model, parsed, out)
    _enums_of_schemas(model, out)
    _built_from_app(model, out)
    _follow_users(model, parsed, out)
    _pull_into_factory(model, out)
    return out


def _keep_places(model: ModuleModel, out: Classification, placed: Mapping[str, str]) -> None:
    for unit in model.units:
        group = placed.get(unit.defines[0]) if unit.defines else None
        if group:
            out.place[unit.index] = group
        if group and group.startswith("routers/"):
            out.handlers.add(unit.index)


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


def _registrations(model: ModuleModel, out: Classification) -> dict[int, facts.Registration]:
    """Statements adding a route to the app or a router by a call (`app.add_url_rule`)."""
    found = {}
    for unit in model.units:
        if unit.kind is not UnitKind.SIDE_EFFECT:
            continue
        body = facts.statements(unit)
        call = facts.registration(body[0]) if len(body) == 1 else None
        if call is not None and (call.owner in out.apps or call.owner in out.routers):
            found[unit.index] = call
    return found


def _place_registered(
    model: ModuleModel,
    calls: dict[int, facts.Registration],
    out: Classification,
    nested: set[str],
) -> None:
    """Each registration's router group, and its view (a function or class of the module)
    placed there as a handler, unless its own syntax placed it already."""
    providers = model.providers()
    for index, call in calls.items():
        group = _registered_group(index, call, out, nested)
        out.registered[index] = group
        views = [i for i in providers.get(call.view or "", ()) if i < index]
        views = [i for i in views if model.units[i].kind is UnitKind.DEFINITION]
        if views:
            _place_view(views[-1], group, out)


def _place_view(view: int, group: str, out: Classification) -> None:
    """A registered view is a handler of the group, unless its syntax placed it already;
    each registration is one route (`TagAPI.as_view("tags")` and `("tag")`: two)."""
    if view not in out.place:
        out.place[view] = group
        out.handlers.add(view)
    if view in out.handlers:
        out.routes[view] = out.routes.get(view, 0) + 1


def _registered_group(
    index: int, call: facts.Registration, out: Classification, nested: set[str]
) -> str:
    """The router group of a registration: its router's, websockets, or by URL prefix."""
    if call.owner in out.routers:
        out.attached[index] = call.owner
        return f"routers/{out.routers[call.owner]}"
    if call.method in facts.WEBSOCKET_REGISTRATIONS:
        return "routers/websockets"
    return f"routers/{prefix_router(call.rule or '', nested)}"


def _nested_prefixes(
    parsed: dict[int, list[ast.stmt]], out: Classification, registered: list[str]
) -> set[str]:
    """First URL parts that handlers on the app nest under (`/items/<id>`), with at least
    `MIN_ROUTES` handlers: each becomes a router module."""
    rules = [r for body in parsed.values() for stmt in body for r in _app_rules(stmt, out)]
    rules += registered
    counts = Counter(first_part(r) for r in rules)
    nested = {first_part(r) for r in rules if len(_static_parts(r)) > 1}
    return {p for p in nested if counts[p] >= MIN_ROUTES} - {""}


def _app_rules(stmt: ast.stmt, out: Classification) -> list[str]:
    return [d.first_arg for d in facts.decorators(stmt) if d.owner in out.apps and d.first_arg]


def _direct_group(
    index: int, body: list[ast.stmt], out: Classification, nested: set[str]
) -> str | None:
    """The group a statement's own syntax decides, None when its users must decide."""
    stmt = body[0]
    found = facts.assigned_call(stmt)
    if found is not None and found[0] in out.routers:
        return f"routers/{out.routers[found[0]]}"
    if found is not None and (found[0] in out.apps or facts.callee(found[1]) in _FACTORIES):
        return FACTORY
    handler = _handler_group(stmt, out, nested)
    if handler is not None and handler.startswith("routers/") and _is_route(stmt):
        out.handlers.add(index)
        out.routes[index] = _route_decorators(stmt)
    return handler if handler is not None else _kind_group(stmt, out)


def _handler_group(stmt: ast.stmt, out: Classification, nested: set[str]) -> str | None:
    for d in facts.decorators(stmt):
        group = _decorated_group(d, out, nested)
        if group is not None:
            return group
    return None


def _decorated_group(d: facts.Decorator, out: Classification, nested: set[str]) -> str | None:
    """The group a decorator puts its function in: a router's, middleware, or None."""
    if d.owner in out.routers:
        return f"routers/{out.routers[d.owner]}"
    framework = out.apps.get(d.owner)
    if framework is None:
        return None
    if d.attr in WEBSOCKET_ROUTES:
        return "routers/websockets"
    if d.attr in framework.routes:
        return f"routers/{prefix_router(d.first_arg or '', nested)}"
    return MIDDLEWARE if d.attr in framework.hooks else None


_APP_CLASSES = frozenset(k for f in FRAMEWORKS for k in f.apps)
_ROUTES = frozenset(r for f in FRAMEWORKS for r in f.routes) | WEBSOCKET_ROUTES


def _is_route(stmt: ast.stmt) -> bool:
    return _route_decorators(stmt) > 0


def _route_decorators(stmt: ast.stmt) -> int:
    return sum(1 for d in facts.decorators(stmt) if d.owner and d.attr in _ROUTES)


_HOOKS = frozenset(h for f in FRAMEWORKS for h in f.hooks)


def _kind_group(stmt: ast.stmt, out: Classification) -> str | None:
    """factory for what builds the app, middleware for what wires hooks, schemas, errors."""
    elements = facts.element_names(stmt)
    if elements and elements <= set(out.routers):
        return FACTORY
    if facts.is_function(stmt):
        if facts.calls_to(stmt) & _APP_CLASSES:
            return FACTORY
        return MIDDLEWARE if _HOOKS & set(facts.attribute_calls(stmt)) else None
    bases = facts.class_bases(stmt)
    if "Blueprint" in bases:
        return ROUTING
    if bases & facts.SCHEMA_BASES:
        return SCHEMAS
    return ERRORS if bases & facts.ERROR_BASES else None


def _place_dependencies(
    model: ModuleModel, parsed: dict[int, list[ast.stmt]], out: Classification
) -> None:
    """Decorators of handlers, `Depends(...)` providers and readers of request state."""
    wanted = _handler_inputs(parsed, out)
    state = _REQUEST_STATE & set(model.import_providers())
    for unit in model.units:
        if unit.index not in parsed or unit.index in out.place:
            continue
        function = facts.is_function(parsed[unit.index][0])
        if (function and unit.names_used() & state) or set(unit.defines) & wanted:
            out.place[unit.index] = DEPENDENCIES
    _errors_by_base(model, out)


def _handler_inputs(parsed: dict[int, list[ast.stmt]], out: Classification) -> set[str]:
    """Names handlers take as plain decorators (`@login_required`) or through `Depends`."""
    wanted: set[str] = set()
    for index in out.handlers:
        stmt = parsed[index][0]
        wanted |= {d.attr for d in facts.decorators(stmt) if not d.owner}
        wanted |= facts.depends_targets(stmt)
    return wanted


def _errors_by_base(model: ModuleModel, out: Classification) -> None:
    """Subclasses of the module's own exception and schema classes go with their bases."""
    for group in (ERRORS, SCHEMAS):
        names = {n for u in model.units if out.place.get(u.index) == group for n in u.defines}
        for unit in model.units:
            if unit.index not in out.place and unit.is_class and set(unit.bases) & names:
                out.place[unit.index] = group
                names |= set(unit.defines)


_ENUM_BASES = frozenset({"Enum", "IntEnum", "StrEnum", "Flag", "IntFlag"})


def _enums_of_schemas(model: ModuleModel, out: Classification) -> None:
    """An enum a schema's fields use (`role: Role`) is part of the API's schemas."""
    used = {n for u in model.units if out.place.get(u.index) == SCHEMAS for n in u.names_used()}
    for unit in model.units:
        enum = unit.is_class and bool(set(unit.bases) & _ENUM_BASES)
        if enum and unit.index not in out.place and set(unit.defines) & used:
            out.place[unit.index] = SCHEMAS


def _built_from_app(model: ModuleModel, out: Classification) -> None:
    """Objects made from the app at import time (`swagger = Swagger(app)`) configure it."""
    for unit in model.units:
        if unit.index in out.place or unit.kind is not UnitKind.DEFINITION or unit.is_class:
            continue
        if set(out.apps) & unit.names_used(UseKind.IMPORT_TIME):
            out.place[unit.index] = FACTORY


def _pull_into_factory(model: ModuleModel, out: Classification) -> None:
    """What the app reads while it is created (`template_folder=tmpl_dir`) is made with it:
    in a services file it would import the app module back (a cycle)."""
    edges = [e for e in unit_edges(model) if e.kind == "import"]
    changed = True
    while changed:
        changed = False
        for edge in edges:
            target = out.place.get(edge.target, "")
            if out.place.get(edge.source) == FACTORY and target.startswith("services/"):
                out.place[edge.target] = FACTORY
                changed = True


def _follow_users(
    model: ModuleModel, parsed: dict[int, list[ast.stmt]], out: Classification
) -> None:
    """A unit used from one group follows it; the rest go to services by name, or common."""
    users: dict[int, set[int]] = {}
    for edge in unit_edges(model):
        if edge.source != edge.target:
            users.setdefault(edge.target, set()).add(edge.source)
    pending = [i for i in parsed if i not in out.place]
    while _place_followers(pending, users, parsed, out):
        pass
    routers = sorted({g.split("/")[1] for g in out.place.values() if g.startswith("routers/")})
    for index in pending:
        if index not in out.place:
            out.place[index] = _by_name(model.units[index], routers)


def _place_followers(
    pending: list[int],
    users: dict[int, set[int]],
    parsed: dict[int, list[ast.stmt]],
    out: Classification,
) -> bool:
    """One round: place each pending unit whose users all sit in one group; True if any."""
    placed = False
    for index in (i for i in pending if i not in out.place):
        groups = {out.place.get(u) for u in users.get(index, set())}
        if len(groups) == 1 and None not in groups:
            out.place[index] = _follower(groups.pop() or COMMON, parsed[index][0])
            placed = True
    return placed


def _follower(group: str, stmt: ast.stmt) -> str:
    """Where a unit used only from `group` goes: functions and classes of a router are its
    services; constants stay next to the handlers."""
    if not group.startswith("routers/"):
        return group
    code = isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    return f"services/{group.split('/')[1]}" if code else group


def _by_name(unit: Unit, routers: list[str]) -> str:
    """`serialize_order_line` -> services/orders when there is an orders router; else the
    section banner above it (`# Input validation` -> services/input), else common."""
    router = _router_named(unit, routers)
    if router is not None:
        return f"services/{router}"
    section = module_name_for(unit.section) if unit.section else None
    if section in _LAYOUT_FILES:
        return section
    return f"services/{section}" if section else COMMON


def _router_named(unit: Unit, routers: list[str]) -> str | None:
    """The first router whose name is a word of the unit's names (plural or not)."""
    words = [w for name in unit.defines for w in name.lower().strip("_").split("_") if len(w) > 2]
    for word in words:
        for router in routers:
            if router.rstrip("s") == word.rstrip("s"):
                return router
    return None


_LAYOUT_FILES = frozenset({FACTORY, MIDDLEWARE, DEPENDENCIES, SCHEMAS, ERRORS})
