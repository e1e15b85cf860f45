"""Syntax facts about one top-level statement of a web app module, read from its `ast`."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from refactorkit.codemods.split.model import Unit

_DEF = (ast.FunctionDef, ast.AsyncFunctionDef)
SCHEMA_BASES = frozenset(
    {"BaseModel", "RootModel", "Schema", "SQLModel", "TypedDict", "BaseSettings", "Struct"}
)
ERROR_BASES = frozenset({"Exception", "HTTPException", "ValueError", "RuntimeError", "KeyError"})


@dataclass(frozen=True)
class Decorator:
    """`@owner.attr(...)` or `@owner.attr` (owner empty for `@name` / `@name(...)`)."""

    owner: str
    attr: str
    first_arg: str | None  # the first positional argument when it is a string (a URL rule)


@dataclass(frozen=True)
class Registration:
    """`owner.method(rule, ..., view, ...)`: a route added by a call, not a decorator."""

    owner: str
    method: str  # add_url_rule, add_api_route, ...
    rule: str | None
    view: str | None  # the name the view comes from (`ItemAPI` for `ItemAPI.as_view("x")`)


# Registration method -> (keyword, position) of the view argument.
_VIEW_ARGUMENT = {
    "add_url_rule": ("view_func", 2),
    "add_api_route": ("endpoint", 1),
    "add_api_websocket_route": ("endpoint", 1),
    "add_route": ("route", 1),
    "add_websocket_route": ("route", 1),
}
REGISTRATIONS = frozenset(_VIEW_ARGUMENT)
WEBSOCKET_REGISTRATIONS = frozenset({"add_api_websocket_route", "add_websocket_route"})


def registration(stmt: ast.stmt) -> Registration | None:
    """The route a statement `app.add_url_rule(...)` / `router.add_api_route(...)` adds."""
    call = _method_call(stmt)
    if call is None:
        return None
    owner, method = call.func.value, call.func.attr  # type: ignore[attr-defined]
    keyword, position = _VIEW_ARGUMENT[method]
    values = [k.value for k in call.keywords if k.arg == keyword] or call.args[position:][:1]
    view = root_name(values[0]) if values else None
    rule = string_arg(call) or string_arg(call, "rule") or string_arg(call, "path")
    return Registration(owner.id, method, rule, view)


def _method_call(stmt: ast.stmt) -> ast.Call | None:
    """The call of `name.<registration method>(...)` a statement is, if it is one."""
    call = stmt.value if isinstance(stmt, ast.Expr) else None
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
        return None
    named = isinstance(call.func.value, ast.Name)
    return call if named and call.func.attr in _VIEW_ARGUMENT else None


def root_name(node: ast.expr) -> str | None:
    """`ItemAPI` for `ItemAPI.as_view("items")`, `views` for `views.index`."""
    while isinstance(node, (ast.Call, ast.Attribute)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def statements(unit: Unit) -> list[ast.stmt]:
    return ast.parse(unit.code).body


def callee(node: ast.AST) -> str | None:
    """The last name of what a call calls: `Flask` for `flask.Flask(__name__)`."""
    if not isinstance(node, ast.Call):
        return None
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else None


def assigned_call(stmt: ast.stmt) -> tuple[str, ast.Call] | None:
    """(name, call) for `name = Call(...)` and `name: T = Call(...)`."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target, value = stmt.targets[0], stmt.value
    elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
        target, value = stmt.target, stmt.value
    else:
        return None
    if isinstance(target, ast.Name) and isinstance(value, ast.Call):
        return target.id, value
    return None


def string_arg(call: ast.Call, keyword: str | None = None) -> str | None:
    """The first positional argument (or the keyword argument) when it is a literal string."""
    values = [k.value for k in call.keywords if k.arg == keyword] if keyword else call.args[:1]
    if values and isinstance(values[0], ast.Constant) and isinstance(values[0].value, str):
        return values[0].value
    return None


def decorators(stmt: ast.stmt) -> list[Decorator]:
    if not isinstance(stmt, (*_DEF, ast.ClassDef)):
        return []
    return [d for d in map(_decorator, stmt.decorator_list) if d is not None]


def _decorator(node: ast.expr) -> Decorator | None:
    call = node if isinstance(node, ast.Call) else None
    target = call.func if call is not None else node
    rule = string_arg(call) if call is not None else None
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
        return Decorator(target.value.id, target.attr, rule)
    if isinstance(target, ast.Name):
        return Decorator("", target.id, rule)
    return None


def depends_targets(stmt: ast.stmt) -> set[str]:
    """Names passed to `Depends(...)` / `Security(...)` anywhere in the statement."""
    found = set()
    for node in ast.walk(stmt):
        if callee(node) in ("Depends", "Security") and isinstance(node, ast.Call) and node.args:
            first = node.args[0]
            if isinstance(first, ast.Name):
                found.add(first.id)
    return found


def attribute_calls(stmt: ast.stmt) -> Iterator[str]:
    """Attribute names called or used as decorators inside the statement (`app.errorhandler`)."""
    for node in ast.walk(stmt):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            yield node.attr


def calls_to(stmt: ast.stmt) -> set[str]:
    return {name for node in ast.walk(stmt) if (name := callee(node)) is not None}


def is_function(stmt: ast.stmt) -> bool:
    return isinstance(stmt, _DEF)


def class_bases(stmt: ast.stmt) -> set[str]:
    if not isinstance(stmt, ast.ClassDef):
        return set()
    out = set()
    for base in stmt.bases:
        if isinstance(base, ast.Attribute):
            out.add(base.attr)
        elif isinstance(base, ast.Name):
            out.add(base.id)
    return out


def element_names(stmt: ast.stmt) -> set[str] | None:
    """The names in `X = (a, b, c)` / `[a, b]`, None when the value is anything else."""
    value = stmt.value if isinstance(stmt, (ast.Assign, ast.AnnAssign)) else None
    if not isinstance(value, (ast.Tuple, ast.List)):
        return None
    names = {e.id for e in value.elts if isinstance(e, ast.Name)}
    return names if len(names) == len(value.elts) else None
