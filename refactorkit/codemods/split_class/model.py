"""What a class is made of, for split-class: its members, what each one uses, and what must stay.

A member is a name the class body binds (all the statements binding it: a property and its
setter, overloads). Methods can move to a mixin part; attributes, dunders and methods that would
change meaning outside the class body (name-mangled `__x`, `globals()`, a decorator that uses a
module name at import time) stay in the class, each with the reason.
"""

from __future__ import annotations

import ast
import re
import symtable
from collections.abc import Iterator
from dataclasses import dataclass, field

from refactorkit.errors import UserError

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef

# Bases whose classes accept no ordinary mixin (or build the class from its own body only).
_REFUSED_BASES = {"NamedTuple", "TypedDict", "Protocol", "Struct"}
_SAFE_METACLASSES = {"ABCMeta", "abc.ABCMeta", "type"}
_NAMESPACE_CALLS = {"globals", "vars", "locals", "eval", "exec"}
_MODULE_DUNDERS = {"__name__", "__file__", "__spec__", "__package__", "__loader__", "__path__"}
_BANNER = re.compile(r"^\s*#\s*([-=#*~_]{3,})?\s*(?P<text>[A-Za-z][\w &/,'-]*?)?\s*[-=#*~_]*\s*$")


@dataclass(frozen=True)
class Member:
    """One name bound by the class body, with what its statements use."""

    name: str
    statements: tuple[int, ...]  # indexes into the class body
    is_method: bool
    defs: int  # function definitions among its statements (what "methods" counts)
    attributes: frozenset[str]  # instance attributes read or written through self / cls
    calls: frozenset[str]  # members called or read through self / cls
    globals_used: frozenset[str]  # module-level names its bodies read when called
    import_time: frozenset[str]  # names its decorators and defaults read when defined
    annotations: frozenset[str]  # names its annotations read
    super_calls: frozenset[str]  # X of `super().X`
    explicit_super: frozenset[str]  # X of `super(Class, self).X`
    def_globals: tuple[tuple[int, frozenset[str]], ...] = ()  # (def line, its globals)
    section: str = ""  # the banner comment above it, if any
    stays: str = ""  # why it cannot move ("" when it can)


@dataclass(frozen=True)
class ClassModel:
    """The class to split and its module."""

    module: str  # dotted module name
    relpath: str
    text: str  # LF text of the module
    node: ast.ClassDef
    members: tuple[Member, ...]
    bindings: frozenset[str]  # top-level names of the module that are definitions
    slotted: bool  # the class defines __slots__ (the parts then get empty ones)
    ties: tuple[tuple[str, str, str], ...] = field(default=())  # (a, b, why) in one group

    @property
    def name(self) -> str:
        return self.node.name

    def member(self, name: str) -> Member:
        return next(m for m in self.members if m.name == name)

    def movable(self) -> list[Member]:
        return [m for m in self.members if not m.stays]


def find_class(tree: ast.Module, name: str, where: str) -> ast.ClassDef:
    """The one top-level class `name` of the module."""
    found = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name]
    if not found:
        nested = any(isinstance(n, ast.ClassDef) and n.name == name for n in ast.walk(tree))
        detail = " (only nested classes of that name: split a top-level class)" if nested else ""
        raise UserError(f"{where}: no top-level class {name!r}{detail}")
    if len(found) > 1:
        raise UserError(f"{where}: class {name!r} is defined {len(found)} times at top level")
    return found[0]


def refusal(node: ast.ClassDef, tree: ast.Module) -> str:
    """Why the class as a whole cannot take mixin bases ("" when it can)."""
    for base in node.bases:
        text = ast.unparse(base)
        last = text.rpartition(".")[2].partition("[")[0]
        if last in _REFUSED_BASES:
            return f"it derives from {text}, which takes no ordinary mixin bases"
    for keyword in node.keywords:
        if keyword.arg == "metaclass" and ast.unparse(keyword.value) not in _SAFE_METACLASSES:
            value = ast.unparse(keyword.value)
            return f"its metaclass {value} may inspect the class body"
    if any(isinstance(n, ast.ImportFrom) and n.names[0].name == "*" for n in tree.body):
        return "its module has a star import, so the names its methods use are unknown"
    return _local_base_refusal(node, tree)


def _local_base_refusal(node: ast.ClassDef, tree: ast.Module) -> str:
    """A base defined in the module whose __init_subclass__ or metaclass sees the body."""
    local = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    for base in node.bases:
        found = local.get(ast.unparse(base))
        if found is None:
            continue
        if any(isinstance(s, FunctionNode) and s.name == "__init_subclass__" for s in found.body):
            return f"its base {found.name} defines __init_subclass__, which sees the class body"
        if refusal(found, ast.Module(body=[], type_ignores=[])):
            return f"its base {found.name}: {refusal(found, ast.Module(body=[], type_ignores=[]))}"
    return ""


def build_model(
    text: str, relpath: str, module: str, class_name: str, *, lazy: bool = False
) -> ClassModel:
    """Model the class `class_name` of the module `text`; UserError when it cannot be split.

    With `lazy`, a method that calls names the module defines can move (its part imports them
    inside the method); without, it stays: a part importing them from the module the class's
    module imports it from is an import cycle.
    """
    try:
        tree = ast.parse(text)
        table = symtable.symtable(text, relpath, "exec")
    except SyntaxError as exc:
        raise UserError(f"{relpath}: does not parse ({exc.msg}, line {exc.lineno})") from exc
    node = find_class(tree, class_name, relpath)
    why = refusal(node, tree)
    if why:
        raise UserError(f"cannot split class {class_name}: {why}")
    scopes = _method_scopes(table, class_name)
    sections = _sections(text, node)
    raw = [
        _member(name, [node.body[i] for i in indexes], indexes, scopes, sections)
        for name, indexes in _bound_names(node).items()
    ]
    definitions = _module_definitions(tree)
    members = _with_stays(node, raw, definitions, lazy)
    slotted = "__slots__" in {m.name for m in members} or _slotted_decorator(node)
    return ClassModel(
        module,
        relpath,
        text,
        node,
        tuple(members),
        frozenset(definitions),
        slotted,
        tuple(_ties(node.name, members)),
    )


def _slotted_decorator(node: ast.ClassDef) -> bool:
    """`@dataclass(slots=True)`, `@attrs.define` (slotted by default)."""
    for decorator in node.decorator_list:
        text = ast.unparse(decorator)
        if "slots=True" in text or re.match(r"(attr|attrs)\.(define|frozen|mutable)\b", text):
            return True
        if re.fullmatch(r"(define|frozen|mutable)(\(.*\))?", text) and "slots=False" not in text:
            return True
    return False


def _module_definitions(tree: ast.Module) -> set[str]:
    """Names the module binds by definition (not by import), `if`/`try` blocks included."""
    from refactorkit.codemods.refs.definitions import source_bindings

    bindings = source_bindings(tree, "", False, "")
    return {name for name, binding in bindings.items() if binding.defined_here}


def _bound_names(node: ast.ClassDef) -> dict[str, list[int]]:
    """Member name -> indexes of the body statements binding it (docstring and bare
    expressions bind nothing; a statement binding several names belongs to the first)."""
    out: dict[str, list[int]] = {}
    for index, stmt in enumerate(node.body):
        names = _stmt_names(stmt)
        if names:
            out.setdefault(names[0], []).append(index)
        elif not _is_docstring(stmt, index):
            out.setdefault(f"<line {stmt.lineno}>", []).append(index)
    return out


def _is_docstring(stmt: ast.stmt, index: int) -> bool:
    value = stmt.value if isinstance(stmt, ast.Expr) else None
    return index == 0 and isinstance(value, ast.Constant) and isinstance(value.value, str)


def _stmt_names(stmt: ast.stmt) -> list[str]:
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [stmt.name]
    if isinstance(stmt, ast.Assign):
        return [n.id for t in stmt.targets for n in ast.walk(t) if isinstance(n, ast.Name)]
    if isinstance(stmt, (ast.AnnAssign, ast.AugAssign)) and isinstance(stmt.target, ast.Name):
        return [stmt.target.id]
    return []


def _method_scopes(table: symtable.SymbolTable, class_name: str) -> dict[int, set[str]]:
    """Line of each method of the class -> the global names its body reads (nested scopes too)."""
    for child in table.get_children():
        if child.get_type() == "class" and child.get_name() == class_name:
            return {s.get_lineno(): _globals_of(s) for s in child.get_children()}
    return {}


def _globals_of(scope: symtable.SymbolTable) -> set[str]:
    found = {
        s.get_name()
        for s in scope.get_symbols()
        if s.is_global() and (s.is_referenced() or s.is_assigned())
    }
    for child in scope.get_children():
        found |= _globals_of(child) if child.get_type() != "class" else _class_globals(child)
    return found


def _class_globals(scope: symtable.SymbolTable) -> set[str]:
    """What a class defined in a method reads of the module: in its body and its methods
    (docutils' manpage `Translator.list_start` defines `EnumChar`)."""
    found = {s.get_name() for s in scope.get_symbols() if s.is_global() and s.is_referenced()}
    for method in scope.get_children():
        found |= _globals_of(method)
    return found


def _sections(text: str, node: ast.ClassDef) -> dict[int, str]:
    """First line of each body statement -> the banner comment of its section."""
    lines = text.splitlines()
    out: dict[int, str] = {}
    current = ""
    previous_end = node.lineno
    for stmt in node.body:
        start = _first_line(stmt)
        gap = lines[previous_end : start - 1]
        for number, line in enumerate(gap):
            current = _banner_text(line, gap[number + 1 :]) or current
        out[start] = current
        previous_end = stmt.end_lineno or stmt.lineno
    return out


def _banner_text(line: str, after: list[str]) -> str:
    """The title of a banner comment: ruled (`# --- pricing ---`), or followed by a blank line
    (a comment right above a method is about that method, not a section)."""
    match = _BANNER.match(line)
    if not match or not match.group("text") or not line.strip().startswith("#"):
        return ""
    ruled = match.group(1) is not None or line.rstrip().endswith(("---", "===", "###"))
    detached = bool(after) and not after[0].strip()
    return match.group("text").strip() if ruled or detached else ""


def _first_line(stmt: ast.stmt) -> int:
    decorators: list[ast.expr] = getattr(stmt, "decorator_list", [])
    return min([stmt.lineno, *(d.lineno for d in decorators)])


def _member(
    name: str,
    stmts: list[ast.stmt],
    indexes: list[int],
    scopes: dict[int, set[str]],
    sections: dict[int, str],
) -> Member:
    functions = [s for s in stmts if isinstance(s, FunctionNode)]
    header: set[str] = set()
    notes: set[str] = set()
    for fn in functions:
        header |= _names_in([*fn.decorator_list, *fn.args.defaults, *_kw_defaults(fn)])
        notes |= _names_in(_arg_annotations(fn), quoted=True)
    others = [s for s in stmts if not isinstance(s, FunctionNode)]
    header |= _names_in(others) - {name}
    uses = _self_uses(functions)
    return Member(
        name=name,
        statements=tuple(indexes),
        is_method=bool(functions) and not others,
        defs=len(functions),
        attributes=frozenset(uses[0]),
        calls=frozenset(uses[1]),
        globals_used=frozenset(set().union(*(scopes.get(f.lineno, set()) for f in functions))),
        import_time=frozenset(header),
        annotations=frozenset(notes),
        super_calls=frozenset(_super_targets(functions, explicit=False)),
        explicit_super=frozenset(_super_targets(functions, explicit=True)),
        def_globals=tuple((f.lineno, frozenset(scopes.get(f.lineno, set()))) for f in functions),
        section=sections.get(_first_line(stmts[0]), ""),
    )


def _kw_defaults(fn: FunctionNode) -> list[ast.expr]:
    return [d for d in fn.args.kw_defaults if d is not None]


def _arg_annotations(fn: FunctionNode) -> list[ast.expr]:
    args = [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]
    args += [a for a in (fn.args.vararg, fn.args.kwarg) if a is not None]
    found = [a.annotation for a in args if a.annotation is not None]
    return found + ([fn.returns] if fn.returns is not None else [])


def _names_in(nodes: list[ast.expr] | list[ast.stmt], *, quoted: bool = False) -> set[str]:
    """Names the nodes read; with `quoted`, names inside string annotations too."""
    found: set[str] = set()
    for node in nodes:
        found |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        for const in ast.walk(node) if quoted else ():
            if isinstance(const, ast.Constant) and isinstance(const.value, str):
                found |= _quoted_names(const.value)
    return found


def _quoted_names(text: str) -> set[str]:
    """Names of a string annotation (`"Order"`); nothing for a string that is no expression."""
    if not text.strip().replace(".", "").replace("[", "").replace("]", "").isidentifier():
        return set()
    return {n.id for n in ast.walk(ast.parse(text.strip(), mode="eval")) if isinstance(n, ast.Name)}


def _self_uses(functions: list[FunctionNode]) -> tuple[set[str], set[str]]:
    """(attributes read or written, names called) through the first parameter."""
    attributes: set[str] = set()
    calls: set[str] = set()
    for fn in functions:
        params = [*fn.args.posonlyargs, *fn.args.args]
        if params:
            found, called = _uses_of(fn, params[0].arg)
            attributes |= found
            calls |= called
    return attributes - calls, calls


def _uses_of(fn: FunctionNode, first: str) -> tuple[set[str], set[str]]:
    reached: list[ast.Attribute] = [
        node
        for node in ast.walk(fn)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == first
    ]
    funcs = {id(node.func) for node in ast.walk(fn) if isinstance(node, ast.Call)}
    return {r.attr for r in reached}, {r.attr for r in reached if id(r) in funcs}


def _super_targets(functions: list[FunctionNode], *, explicit: bool) -> set[str]:
    found: set[str] = set()
    for fn in functions:
        for node in ast.walk(fn):
            if not isinstance(node, ast.Attribute) or not isinstance(node.value, ast.Call):
                continue
            call = node.value
            is_super = isinstance(call.func, ast.Name) and call.func.id == "super"
            if is_super and bool(call.args) == explicit:
                found.add(node.attr)
    return found


def _stay_reason(member: Member, node: ast.ClassDef, names: set[str], defined: set[str]) -> str:
    """Why `member` cannot leave the class body ("" when it can move)."""
    if not member.is_method:
        return "a class attribute or statement (methods reach it through self or cls)"
    if member.name.startswith("__") and member.name.endswith("__"):
        return "a special method (dataclass, ORM and the data model look for it on the class)"
    if member.name.startswith("__") or any(_mangled(n) for n in _identifiers(node, member)):
        return "uses a name-mangled __attribute, which is spelled with the class name"
    inner = sorted((member.annotations & names) - {member.name})
    if inner:
        return f"its annotations name {', '.join(inner)} of the class body"
    early = sorted((member.import_time - names) & defined)
    if early:
        return f"its decorator or a default uses {', '.join(early)} of the module when defined"
    return _scope_reason(member, node)


def _scope_reason(member: Member, node: ast.ClassDef) -> str:
    """Reasons that come from how the body reads names."""
    if member.globals_used & _MODULE_DUNDERS:
        return "reads a module attribute such as __name__, which would be the part's"
    if member.globals_used & _NAMESPACE_CALLS:
        return "looks names up with globals()/vars()/eval(), which would see the part's module"
    statements = list(_statements(node, member))
    if any(isinstance(n, ast.Global) for s in statements for n in ast.walk(s)):
        return "assigns a module global (global statement)"
    if any(_one_line(s) for s in statements):
        return "its body is on the def line"
    return ""


def _one_line(stmt: ast.stmt) -> bool:
    return isinstance(stmt, FunctionNode) and stmt.body[0].lineno == stmt.lineno


def _statements(node: ast.ClassDef, member: Member) -> Iterator[ast.stmt]:
    return (node.body[i] for i in member.statements)


def _identifiers(node: ast.ClassDef, member: Member) -> Iterator[str]:
    for stmt in _statements(node, member):
        for sub in ast.walk(stmt):
            if isinstance(sub, ast.Name):
                yield sub.id
            elif isinstance(sub, ast.Attribute):
                yield sub.attr


def _cycle_reason(member: Member, defined: set[str], lazy: bool) -> str:
    """Without `lazy`: a method whose body calls names of the module stays."""
    needs = sorted(member.globals_used & defined)
    if lazy or not needs or not member.is_method:
        return ""
    shown = ", ".join(needs[:4]) + (f" and {len(needs) - 4} more" if len(needs) > 4 else "")
    return (
        f"calls {shown} of the module (a part would import the module back: split the module "
        "first, or pass --allow-lazy-import)"
    )


def _mangled(name: str) -> bool:
    return name.startswith("__") and not name.endswith("__")


def _with_stays(
    node: ast.ClassDef, members: list[Member], defined: set[str], lazy: bool
) -> list[Member]:
    """Members with `stays` set, including those a staying class attribute refers to."""
    from dataclasses import replace

    names = {m.name for m in members}
    out = [
        replace(m, stays=_stay_reason(m, node, names, defined) or _cycle_reason(m, defined, lazy))
        for m in members
    ]
    pinned = set().union(*(m.import_time & names for m in out if not m.is_method))
    return [
        replace(m, stays=f"the class attribute statement(s) of the class use {m.name}")
        if m.name in pinned and not m.stays
        else m
        for m in out
    ]


def _ties(class_name: str, members: list[Member]) -> Iterator[tuple[str, str, str]]:
    """Pairs that must share a group: a decorator naming another member, `super().X`."""
    names = {m.name for m in members}
    for member in members:
        for other in sorted((member.import_time & names) - {member.name}):
            yield member.name, other, f"the decorator of {member.name} uses {other}"
        for other in sorted((member.super_calls & names) - {member.name}):
            yield member.name, other, f"{member.name} calls super().{other}"
        for other in sorted(member.explicit_super & names):
            yield other, "", f"{member.name} calls super({class_name}, ...).{other}"
