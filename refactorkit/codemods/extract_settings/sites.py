"""Which literals of a file move to the settings module, where each sits in the LibCST tree,
and the name each gets.

The literals are the hard-coded value sites the rules RK112-RK115 report (`graph.values`,
on an `ast` parse of the file); this module finds each one's LibCST node by position and
reads its context there: the call a keyword belongs to, whether it runs at import time.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider

from refactorkit.domain import ValueSite
from refactorkit.graph.values import CODES, named_constant, value_sites

_LITERALS = (cst.SimpleString, cst.ConcatenatedString, cst.Integer, cst.Float)
_PUBLIC_CONSTANT = re.compile(r"^[A-Z][A-Z0-9_]*$")
_WORD = re.compile(r"[A-Za-z0-9]+")
_GENERIC = frozenset({"url", "port", "timeout", "limit", "size", "password", "token", "key"})
# Names that say nothing of the value (`{"default": "https://..."}`): named by the value.
_VAGUE = frozenset({"default", "value", "val", "uri", "url", "refuri", "href", "link", "path"})
_TLDS = frozenset({"com", "org", "net", "io", "example", "internal", "local", "dev", "www"})


@dataclass(frozen=True)
class Literal:
    """One literal to move: where it is, what it is, and the constant it becomes."""

    relpath: str
    lineno: int
    col: int  # 0-based, in characters (LibCST's columns)
    code: str  # the rule that reports it: RK112 ... RK115
    kind: str  # ValueSite.kind
    name: str  # the constant's name
    value: object  # the Python value (str, bytes, int, float)
    runtime: bool  # inside a function body: read when called, not at import time
    binds: str = ""  # `API_KEY = "..."` at module level: the statement becomes an import

    @property
    def key(self) -> str:
        return f"{self.relpath}:{self.lineno}:{self.col}"


@dataclass(frozen=True)
class Located:
    """A file's literals and the LibCST nodes they are, for the rewrite."""

    wrapper: MetadataWrapper
    nodes: dict[str, cst.CSTNode]  # Literal.key -> node
    literals: tuple[Literal, ...]
    skipped: tuple[str, ...]  # lines for the summary: what was found but cannot move


def locate(relpath: str, text: str, module_name: str) -> Located:
    """Every hard-coded value of one file (RK112-RK115, named constants but secrets left
    out), named from its context."""
    sites = [s for s in value_sites(ast.parse(text)) if not named_constant(s)]
    wrapper = MetadataWrapper(cst.parse_module(text))
    finder = _NodeFinder(wrapper)
    lines = text.splitlines()
    nodes: dict[str, cst.CSTNode] = {}
    literals: list[Literal] = []
    skipped: list[str] = []
    for site in sites:
        col = _char_col(lines[site.lineno - 1], site.col) if site.lineno <= len(lines) else 0
        node = finder.node_at(site, col)
        literal = None if node is None else _literal(relpath, site, col, node, finder, module_name)
        if node is None or literal is None:
            skipped.append(f"{relpath}:{site.lineno}: {site.text!r} left alone: not a literal")
            continue
        nodes[literal.key] = node
        literals.append(literal)
    return Located(wrapper, nodes, tuple(literals), tuple(skipped))


def _char_col(line: str, byte_col: int) -> int:
    """`ast` counts UTF-8 bytes, LibCST characters."""
    return len(line.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))


def _literal(
    relpath: str,
    site: ValueSite,
    col: int,
    node: cst.CSTNode,
    finder: _NodeFinder,
    module_name: str,
) -> Literal | None:
    try:
        value = _value(node.right if isinstance(node, cst.BinaryOperation) else node)
    except (ValueError, SyntaxError):
        return None
    call = finder.keyword_call(node)
    binds = finder.module_constant(node)
    name = binds or constant_name(site, value, call, module_name)
    runtime = finder.at_runtime(node)
    code = CODES[site.kind]
    return Literal(relpath, site.lineno, col, code, site.kind, name, value, runtime, binds)


def _value(node: cst.CSTNode) -> object:
    assert isinstance(node, cst.BaseExpression)
    # in parentheses: "a"\n"b" spread over lines is one literal only inside them
    return ast.literal_eval("(" + cst.Module([]).code_for_node(node) + ")")


class _NodeFinder:
    """Positions, parents and function bodies of one parsed module."""

    def __init__(self, wrapper: MetadataWrapper) -> None:
        self.positions = wrapper.resolve(PositionProvider)
        self.parents = wrapper.resolve(ParentNodeProvider)
        self.at: dict[tuple[int, int], list[cst.CSTNode]] = {}
        for node, where in self.positions.items():
            if isinstance(node, (*_LITERALS, cst.BinaryOperation)):
                self.at.setdefault((where.start.line, where.start.column), []).append(node)

    def node_at(self, site: ValueSite, col: int) -> cst.CSTNode | None:
        found = self.at.get((site.lineno, col), [])
        literals = [n for n in found if isinstance(n, _LITERALS)]
        # "a" "b" is one ast Constant: the ConcatenatedString, not its first part
        outer = [n for n in literals if isinstance(n, cst.ConcatenatedString)]
        return (outer or literals or _divisions(site, found) or [None])[0]

    def keyword_call(self, node: cst.CSTNode) -> str:
        """The called name when `node` is a keyword argument's value (`SMTP` for
        `smtplib.SMTP(port=2525)`), else ""."""
        parent = self.parents.get(node)
        if not isinstance(parent, cst.Arg) or parent.keyword is None:
            return ""
        call = self.parents.get(parent)
        if not isinstance(call, cst.Call):
            return ""
        func = call.func
        if isinstance(func, cst.Attribute):
            return func.attr.value
        return func.value if isinstance(func, cst.Name) else ""

    def module_constant(self, node: cst.CSTNode) -> str:
        """`API_KEY` when `node` is the whole value of a module-level `API_KEY = ...` alone
        on its line: the settings constant takes its name and the statement goes."""
        assign = self.parents.get(node)
        line = self.parents.get(assign) if assign is not None else None
        if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
            return ""
        if not isinstance(self.parents.get(line), cst.Module):
            return ""
        target = _single_target(assign)
        return target if _PUBLIC_CONSTANT.match(target) else ""

    def at_runtime(self, node: cst.CSTNode) -> bool:
        """Inside a function's body (or a lambda's), not its defaults or decorators."""
        child, parent = node, self.parents.get(node)
        while parent is not None:
            if isinstance(parent, cst.FunctionDef) and child is parent.body:
                return True
            if isinstance(parent, cst.Lambda) and child is parent.body:
                return True
            child, parent = parent, self.parents.get(parent)
        return False


def _single_target(assign: cst.CSTNode | None) -> str:
    if isinstance(assign, cst.Assign) and len(assign.targets) == 1:
        target: cst.BaseExpression = assign.targets[0].target
    elif isinstance(assign, cst.AnnAssign):
        target = assign.target
    else:
        return ""
    return target.value if isinstance(target, cst.Name) else ""


def _divisions(site: ValueSite, found: list[cst.CSTNode]) -> list[cst.CSTNode]:
    """`Path.cwd() / "static"` starts with no literal: the division is the value."""
    return [n for n in found if site.kind == "cwd-path" and _cwd_division(n)][-1:]


def _cwd_division(node: cst.CSTNode) -> bool:
    if not isinstance(node, cst.BinaryOperation) or not isinstance(node.operator, cst.Divide):
        return False
    return isinstance(node.left, cst.Call) and isinstance(node.right, cst.SimpleString)


def constant_name(site: ValueSite, value: object, call: str, module_name: str) -> str:
    """The settings constant's name, from the name the value is given to (and the call
    whose keyword it is), else from the value itself (a URL's host, a path's last part)."""
    base = _snake(site.name)
    if not base or base in _VAGUE:
        return _name_from_value(site.kind, value).upper() or "SETTING"
    if call and not base.startswith(_snake(call) + "_"):
        return f"{_snake(call)}_{base}".upper()
    if base in _GENERIC:
        base = f"{_snake(module_name.rpartition('.')[2])}_{base}"
    return base.upper() or "SETTING"


def _name_from_value(kind: str, value: object) -> str:
    text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
    if kind in ("url", "host-port"):
        return _address_name(text)
    if kind in ("path", "cwd-path"):
        return _path_name(text)
    return "secret" if kind == "secret" else "value"


def _address_name(text: str) -> str:
    """`https://hooks.resale.example/x` -> hooks_resale_url; `db.internal:5432` ->
    db_address."""
    host = text.partition("://")[2] or text
    host = host.split("/")[0].rpartition("@")[2].split(":")[0]
    words = [w for w in host.split(".") if w and w.lower() not in _TLDS]
    return "_".join(_snake(w) for w in words[:2]) + ("_url" if "://" in text else "_address")


def _path_name(text: str) -> str:
    """`/var/lib/app/exports` -> exports_dir; `templates/x.txt` -> x_path."""
    last = text.rstrip("/\\").replace("\\", "/").rpartition("/")[2].strip("~")
    stem, dot, _ = last.partition(".")
    if not stem:
        return "base_dir"
    return _snake(stem) + ("_path" if dot else "_dir")


def _snake(text: str) -> str:
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text)
    return "_".join(w.lower() for w in _WORD.findall(text))


def chosen(literals: Sequence[Literal], codes: Sequence[str], only: Sequence[str]) -> list[Literal]:
    """The literals of the codes asked (all when none), and of `--only` (names or
    `path:line`) when given."""
    picked = [lit for lit in literals if not codes or lit.code in codes]
    if not only:
        return picked
    return [lit for lit in picked if _selected(lit, only)]


def _selected(literal: Literal, only: Sequence[str]) -> bool:
    at = f"{literal.relpath}:{literal.lineno}"
    return any(o in (literal.name, at, literal.key) or o == str(literal.lineno) for o in only)
