"""References in Python, classified by the syntax node that holds each match.

Every textual match of NAME is placed in the innermost interesting node around it: an import,
an attribute path, a name, a settings dict key, an `os.environ[...]` / `os.getenv(...)`
argument, a `create_engine(...)` URL, a Django `.using(...)` alias, an SQL string, any other
string or f-string. A match in no node is a comment or plain text.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from refactorkit.codemods.retire.model import Reference

_ENV_CALLS = frozenset({"getenv", "getenvb"})
_ENV_OBJECTS = frozenset({"environ", "os.environ", "env"})
# Callee name -> the kind of its first argument.
_FIRST_ARG_KIND = {
    "create_engine": "engine-url",
    "create_async_engine": "engine-url",
    "make_engine": "engine-url",
    "make_url": "engine-url",
    "using": "django-using",
    "db_manager": "django-using",
    "text": "sql",
    "execute": "sql",
    "exec_driver_sql": "sql",
    "executescript": "sql",
    "raw": "sql",
}
_SQL_START = re.compile(r"^\s*(select|insert|update|delete|create|alter|drop|with|attach)\b", re.I)
_CODE = "code: renaming or deleting it is a refactor (refactorkit move / move-symbol); review"
_ENV = "code reading the variable; review the code path by hand"
_SHARED = "the entry shares its lines with other code"


@dataclass(frozen=True)
class _Span:
    start: tuple[int, int]  # (line, utf-8 byte column)
    end: tuple[int, int]
    kind: str
    entry: tuple[int, int] | None = None
    why_not: str = ""
    replaceable: bool = True

    def holds(self, point: tuple[int, int]) -> bool:
        return self.start <= point < self.end


def _span(node: ast.AST, kind: str, **extra: object) -> _Span:
    start = (node.lineno, node.col_offset)  # type: ignore[attr-defined]
    end = (node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
    return _Span(start, end, kind, **extra)  # type: ignore[arg-type]


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _is_setting(target: ast.AST) -> bool:
    """An UPPER_CASE module or class constant (`DATABASES`, `settings.CACHES`)."""
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    return isinstance(name, str) and name.isupper()


def _callee(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else _dotted(func)


def _is_environ_get(node: ast.Call) -> bool:
    func = node.func
    if isinstance(func, ast.Attribute) and func.attr == "get":
        return _dotted(func.value) in _ENV_OBJECTS
    return _callee(node) in _ENV_CALLS


class _Collector(ast.NodeVisitor):
    """Spans of interesting nodes in pre-order (the last span holding a point is innermost)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.spans: list[_Span] = []
        self.claimed: dict[int, _Span] = {}
        self.settings: set[int] = set()  # dicts assigned to UPPER_CASE names, and their dicts

    def claim(self, node: ast.AST, kind: str, **extra: object) -> None:
        if isinstance(node, (ast.Constant, ast.JoinedStr)):
            self.claimed[id(node)] = _span(node, kind, **extra)

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        self.spans.append(_span(node, "import", why_not=_CODE, replaceable=False))

    visit_ImportFrom = visit_Import

    def visit_Assign(self, node: ast.Assign | ast.AnnAssign) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if node.value is not None and any(_is_setting(t) for t in targets):
            self.settings.add(id(node.value))
        self.generic_visit(node)

    visit_AnnAssign = visit_Assign

    def visit_Dict(self, node: ast.Dict) -> None:
        settings = id(node) in self.settings
        kind = "settings-key" if settings else "dict-key"
        for key, value in zip(node.keys, node.values, strict=True):
            if settings:
                self.settings.add(id(value))
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                entry = self._entry(key, value)
                self.claim(key, kind, entry=entry, why_not="" if entry else _SHARED)
        self.generic_visit(node)

    def _entry(self, key: ast.AST, value: ast.AST) -> tuple[int, int] | None:
        first = self.lines[key.lineno - 1].encode()[: key.col_offset]  # type: ignore[attr-defined]
        last = self.lines[value.end_lineno - 1].encode()[value.end_col_offset :]  # type: ignore[attr-defined]
        if first.strip() or not re.fullmatch(rb"\s*,?\s*(#.*)?", last.rstrip(b"\r\n")):
            return None
        return (key.lineno, value.end_lineno)  # type: ignore[attr-defined]

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if _dotted(node.value) in _ENV_OBJECTS:
            self.claim(node.slice, "env-var", why_not=_ENV)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        kind = "env-var" if _is_environ_get(node) else _FIRST_ARG_KIND.get(_callee(node))
        if kind is not None and node.args:
            self.claim(node.args[0], kind, why_not=_ENV if kind == "env-var" else _CODE)
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str):
            self.spans.append(self.claimed.get(id(node)) or _span(node, _string_kind(node.value)))

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        self.spans.append(self.claimed.get(id(node)) or _span(node, "f-string"))

    def visit_Attribute(self, node: ast.Attribute) -> None:
        self.spans.append(_span(node, "attribute", why_not=_CODE, replaceable=False))
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        self.spans.append(_span(node, "name", why_not=_CODE, replaceable=False))

    def visit_keyword(self, node: ast.keyword) -> None:
        self.spans.append(_span(node, "keyword", why_not=_CODE, replaceable=False))
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.AST) -> None:
        line = node.lineno  # type: ignore[attr-defined]
        end = (line, len(self.lines[line - 1].encode()))
        self.spans.append(_Span((line, 0), end, "definition", why_not=_CODE, replaceable=False))
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_ClassDef = visit_FunctionDef

    def visit_arg(self, node: ast.arg) -> None:
        self.spans.append(_span(node, "name", why_not=_CODE, replaceable=False))
        self.generic_visit(node)


def _string_kind(value: str) -> str:
    return "sql" if _SQL_START.match(value) else "string"


def scan_python(relpath: str, text: str, pattern: re.Pattern[str]) -> list[Reference]:
    """Every match of `pattern` in a Python file, each classified by its syntax node."""
    lines = text.splitlines(keepends=True)
    if not pattern.search(text):
        return []
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        tree = None
    collector = _Collector(lines)
    starts: dict[int, int] = {}
    if tree is not None:
        collector.visit(tree)
        starts = _statement_starts(tree)
    found: list[Reference] = []
    for number, line in enumerate(lines, start=1):
        for match in pattern.finditer(line):
            point = (number, len(line[: match.start()].encode()))
            span = _innermost(collector.spans, point)
            found.append(_reference(relpath, number, line, match, span, starts.get(number, 0)))
    return found


def _statement_starts(tree: ast.AST) -> dict[int, int]:
    """Line -> the first line of the innermost statement holding it (where a comment fits)."""
    starts: dict[int, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt):
            for line in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                starts[line] = max(starts.get(line, 0), node.lineno)
    return starts


def _innermost(spans: list[_Span], point: tuple[int, int]) -> _Span | None:
    held = [s for s in spans if s.holds(point)]
    return held[-1] if held else None


def _reference(
    relpath: str, number: int, line: str, match: re.Match[str], span: _Span | None, start: int
) -> Reference:
    base = {"path": relpath, "line": number, "col": match.start(), "source": "python"}
    text = line.strip()
    if span is not None:
        return Reference(
            **base,  # type: ignore[arg-type]
            kind=span.kind,
            match=match.group(),
            text=text,
            entry=span.entry,
            why_not=span.why_not,
            replaceable=span.replaceable,
            anchor=span.entry[0] if span.entry else start,
        )
    comment = "#" in line[: match.start()]
    whole = (number, number) if text.startswith("#") else None
    kind = "comment" if comment else "text"
    anchor = number if whole else start
    return Reference(**base, kind=kind, match=match.group(), text=text, entry=whole, anchor=anchor)  # type: ignore[arg-type]
