"""Handlers on the global app become a router per module; optionally an app factory.

`--style blueprint` renames the owner of each route decorator on the app (`@app.get("/x")`)
to the router of its module (`@items_bp.get("/x")`), creates each router above its first
handler and registers them on the app in order of first appearance; Flask routers are made
of a small Blueprint subclass that keeps endpoint names (see `frameworks.KEEP_NAMES`).
`--factory` moves the app object, the statements that configure it and the registrations
into `create_app(config=None)` and keeps `app = create_app()`: decorators on the app become
calls in the factory (`app.before_request(open_db)`), in the order Python applied them.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import libcst as cst

from refactorkit.codemods.split.model import ModuleModel, Unit, UnitKind
from refactorkit.codemods.split.names import UseKind
from refactorkit.codemods.split_app import facts
from refactorkit.codemods.split_app.classify import Classification
from refactorkit.codemods.split_app.frameworks import Framework
from refactorkit.codemods.split_app.route_order import Route, router_order

_FACTORY = """\


def create_app(config=None):
    \"\"\"Build the application; the module-level `{app}` is `create_app()`.\"\"\"
{body}    return {app}


{app} = create_app()
"""


@dataclass(frozen=True)
class Conversion:
    """The module text to split (converted or not), what was refused, and notes."""

    text: str
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    placed: tuple[tuple[str, str], ...] = ()  # (name, group) of functions that lost decorators


@dataclass
class _Work:
    app: str
    framework: Framework
    style: str
    factory: bool
    taken: set[str]
    routers: dict[str, str] = field(default_factory=dict)  # router name -> variable
    body: list[str] = field(default_factory=list)  # the factory's statements, in source order
    moved: int = 0  # statements taken out of the module
    registrations: int = 0  # decorators turned into calls
    problems: list[str] = field(default_factory=list)
    placed: dict[str, str] = field(default_factory=dict)  # name -> group it had
    handlers: int = 0
    routes: list[Route] = field(default_factory=list)  # converted routes, in source order


def convert(model: ModuleModel, found: Classification, factory: bool, style: str) -> Conversion:
    """The module converted as asked; unchanged when nothing sits on one global app."""
    if len(found.apps) != 1:
        note = ("--factory: no single global app object, nothing to wrap",) if factory else ()
        return Conversion(model.text, notes=note)
    app, framework = next(iter(found.apps.items()))
    taken = set(model.definition_names()) | set(model.import_providers())
    work = _Work(app, framework, style, factory, taken)
    statements = _all_converted(model, found, work)
    if work.problems:
        return Conversion(model.text, problems=tuple(work.problems))
    if not work.routers and not factory and not work.registrations:
        return Conversion(model.text)
    return Conversion(
        _assembled(model, work, statements),
        notes=_notes(work, factory),
        placed=tuple(work.placed.items()),
    )


def _all_converted(model: ModuleModel, found: Classification, work: _Work) -> list[str]:
    """Every unit's new text; the routers then put in the order they must be registered."""
    on_app = {i: g for i, g in found.registered.items() if i not in found.attached}
    places = {**on_app, **found.place}
    statements = [_converted(u, places.get(u.index, ""), work) for u in model.units]
    order, clashes = router_order(work.routes, list(work.routers))
    work.problems.extend(clashes)
    work.routers = {name: work.routers[name] for name in order}
    return statements


def _assembled(model: ModuleModel, work: _Work, statements: list[str]) -> str:
    """The converted statements with the router import, the registrations or the factory."""
    framework = work.framework
    if work.routers:
        line = f"from {framework.router_module} import {framework.router}\n"
        if framework.router in model.import_providers():
            line = ""
        statements.insert(_after_imports(model), line + framework.helper_class())
    registrations = [framework.register_statement(work.app, v) for v in work.routers.values()]
    main = [i for i, u in enumerate(model.units) if u.kind is UnitKind.MAIN]
    at = (main[0] + (1 if work.routers else 0)) if main else len(statements)
    statements.insert(at, _tail(work, registrations))
    return model.preamble + "".join(statements) + model.footer


def _tail(work: _Work, registrations: list[str]) -> str:
    """The registrations at the end of the module, or the factory that makes them."""
    if not work.factory:
        return "\n\n" + "".join(registrations)
    body = [*work.body, *registrations]
    at = 1  # after the app is created and the statements that configure it right after
    while at < len(body) and body[at].startswith(f"{work.app}.config"):
        at += 1
    body.insert(at, f"if config is not None:\n    {work.framework.apply_config(work.app)}\n")
    return _FACTORY.format(app=work.app, body=textwrap.indent("".join(body), "    "))


def _after_imports(model: ModuleModel) -> int:
    """The position after the imports at the top of the module."""
    heads = (UnitKind.DOCSTRING, UnitKind.FUTURE, UnitKind.IMPORT, UnitKind.IMPORT_BLOCK)
    at = 0
    while at < len(model.units) and model.units[at].kind in heads:
        at += 1
    return at


def _converted(unit: Unit, group: str, work: _Work) -> str:
    """The unit's new text: routes moved to routers, factory statements taken out."""
    node = unit.node
    if isinstance(node, (cst.FunctionDef, cst.ClassDef)) and node.decorators:
        return _decorated(unit, node, group, work)
    if group.startswith("routers/") and unit.kind is UnitKind.SIDE_EFFECT:
        return _registered(unit, group, work)
    statement = unit.kind in (UnitKind.DEFINITION, UnitKind.SIDE_EFFECT)
    # A function reading the app when it runs reads the module-level `app = create_app()`.
    built = {*unit.defines, *unit.names_used(UseKind.IMPORT_TIME)}
    if work.factory and statement and work.app in built:
        return _into_factory(unit, work)
    return unit.code


def _registered(unit: Unit, group: str, work: _Work) -> str:
    """`app.add_url_rule(...)` / `app.add_api_route(...)` on the group's router instead
    (same arguments, so the endpoint name stays); kept on the app with `--style keep`."""
    if work.style != "blueprint":
        if not work.factory:
            return unit.code
        view = facts.registration(facts.statements(unit)[0])
        if view is not None and view.view:
            work.placed[view.view] = group  # the call moves into create_app, not the view
        return _into_factory(unit, work)
    assert isinstance(unit.node, cst.SimpleStatementLine)
    expression = unit.node.body[0]
    assert isinstance(expression, cst.Expr) and isinstance(expression.value, cst.Call)
    call = expression.value
    assert isinstance(call.func, cst.Attribute)
    variable, prefix = _router(group, work, "")
    work.handlers += 1
    _record(work, group, call, call.func.attr.value, unit.first_line)
    renamed = call.with_changes(func=call.func.with_changes(value=cst.Name(variable)))
    line = unit.node.with_changes(body=[expression.with_changes(value=renamed)])
    return prefix + cst.Module(body=[line]).code


def _into_factory(unit: Unit, work: _Work) -> str:
    others = [n for n in unit.defines if n != work.app]
    if others:
        work.problems.append(
            f"line {unit.first_line}: {', '.join(others)} is built from the app at import time; "
            "--factory needs it created without the app (e.g. db = SQLAlchemy() and "
            "db.init_app(app) in the module)"
        )
        return unit.code
    work.body.append(unit.code.lstrip("\r\n"))
    work.moved += 1
    return ""


def _decorated(unit: Unit, node: cst.FunctionDef | cst.ClassDef, group: str, work: _Work) -> str:
    """Route decorators renamed to the router's; the app's other decorators turned into
    calls: in the factory, or (hooks) right after the definition, so that hooks, middleware
    and the statements configuring the app keep one order in `__init__.py`."""
    kept, calls, prefix = _sorted_decorators(unit, node, group, work)
    work.registrations += len(calls)
    if calls:
        work.placed[node.name.value] = group
    if not calls and not prefix and kept == list(node.decorators):
        return unit.code
    code = prefix + cst.Module(body=[node.with_changes(decorators=kept)]).code
    if work.factory:
        work.body.extend(calls)
        return code
    return code + "".join(calls)


def _sorted_decorators(
    unit: Unit, node: cst.FunctionDef | cst.ClassDef, group: str, work: _Work
) -> tuple[list[cst.Decorator], list[str], str]:
    """(decorators kept, calls replacing the others in the order they apply, router code)."""
    kept: list[cst.Decorator] = []
    calls: list[str] = []
    prefix = ""
    for decorator in node.decorators:
        target = _app_attribute(decorator, work.app)
        if target in work.framework.routes and work.style == "blueprint":
            variable, prefix = _router(group, work, prefix)
            kept.append(_renamed(decorator, variable))
            work.handlers += 1
            _record(work, group, decorator.decorator, target, unit.first_line)
        elif target is not None and (work.factory or target in work.framework.hooks):
            if kept:
                work.problems.append(_order_problem(unit))
            calls.append(_code(decorator.decorator) + f"({node.name.value})\n")
        else:
            kept.append(decorator)
    return kept, calls[::-1], prefix  # decorators apply from the bottom up


_METHODS = frozenset("get post put patch delete head options trace".split())  # noqa: SIM905
_SOCKETS = frozenset({"websocket", "add_api_websocket_route", "add_websocket_route"})


def _record(work: _Work, group: str, target: cst.BaseExpression, attr: str, line: int) -> None:
    """Note a converted route (router, rule, methods) for the routers' registration order."""
    rule = _rule(target)
    if rule is None:
        return  # a rule computed at run time: nothing to compare
    methods = frozenset({attr.upper()}) if attr in _METHODS else None
    if attr in _SOCKETS:
        methods = frozenset({"WEBSOCKET"})
    work.routes.append(Route(_router_name(group), rule, methods, line))


def _rule(target: cst.BaseExpression) -> str | None:
    """The URL rule of `@app.get("/x")` / `app.add_url_rule("/x", ...)` when it is literal."""
    if not isinstance(target, cst.Call):
        return None
    given = [a for a in target.args if a.keyword is None][:1]
    given += [a for a in target.args if a.keyword and a.keyword.value in ("rule", "path")]
    value = given[0].value if given else None
    if isinstance(value, cst.SimpleString):
        evaluated = value.evaluated_value
        return evaluated if isinstance(evaluated, str) else None
    return None


def _router_name(group: str) -> str:
    return group.split("/", 1)[1] if group.startswith("routers/") else "main"


def _order_problem(unit: Unit) -> str:
    return (
        f"line {unit.first_line}: {unit.label} has a decorator above the app's: a call "
        "registering it could not register the same object; put the app's decorators on top"
    )


def _router(group: str, work: _Work, prefix: str) -> tuple[str, str]:
    """The router variable of `group`, and the statement creating it when it is new."""
    name = _router_name(group)
    if name in work.routers:
        return work.routers[name], prefix
    suffix = "_bp" if work.framework.router == "Blueprint" else "_router"
    variable = f"{name}{suffix}"
    while variable in work.taken:
        variable += "_"
    work.taken.add(variable)
    work.routers[name] = variable
    return variable, prefix + "\n\n" + work.framework.router_statement(variable, name)


def _app_attribute(decorator: cst.Decorator, app: str) -> str | None:
    """`route` for `@app.route(...)`, None for a decorator that is not the app's."""
    target = decorator.decorator
    if isinstance(target, cst.Call):
        target = target.func
    if (
        isinstance(target, cst.Attribute)
        and isinstance(target.value, cst.Name)
        and target.value.value == app
    ):
        return target.attr.value
    return None


def _renamed(decorator: cst.Decorator, variable: str) -> cst.Decorator:
    target = decorator.decorator
    call = target if isinstance(target, cst.Call) else None
    attribute = call.func if call is not None else target
    assert isinstance(attribute, cst.Attribute)
    owner = attribute.with_changes(value=cst.Name(variable))
    if call is not None:
        return decorator.with_changes(decorator=call.with_changes(func=owner))
    return decorator.with_changes(decorator=owner)


def _code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)


def _notes(work: _Work, factory: bool) -> tuple[str, ...]:
    notes = []
    if work.routers:
        notes.append(
            f"{work.handlers} handler(s) on {work.app} moved to {len(work.routers)} "
            f"{work.framework.router}(s) ({', '.join(work.routers.values())}), registered on "
            f"{work.app} in this order with the endpoint names they had"
        )
    if factory:
        notes.append(
            f"--factory: create_app(config=None) builds {work.app} from {work.moved} "
            f"statement(s) and {work.registrations} registration(s); "
            f"`{work.app} = create_app()` stays for servers and imports"
        )
    return tuple(notes)
