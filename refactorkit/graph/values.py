"""Literals that look hard-coded: filesystem paths, URLs and host:port, secrets, and magic
numbers given to ports, timeouts and sizes (RK112-RK115).

One pure pass over the already-parsed `ast` tree. Each literal is judged by its text and by
the name it is given to (`timeout=30`, `API_KEY = "..."`, `{"password": "..."}`). Docstrings
and f-strings are not judged. Beside `graph.prints` for the same reason: rules and codemods
read it and may not import `refactorkit.analysis`.
"""

from __future__ import annotations

import ast
import math
import re
from collections import Counter
from collections.abc import Callable
from itertools import repeat
from typing import Any

from refactorkit.domain import ValueSite
from refactorkit.workspace import is_test_path

_URL = re.compile(
    r"^(https?|ftps?|wss?|s3|gs|postgres(ql)?|mysql|mariadb|redis|rediss|amqps?|mongodb(\+srv)?"
    r"|sqlite|oracle|mssql)(\+\w+)?://[^\s/]*[\w\]](:\d+)?(/\S*)?$"
)
# Names, not addresses: XML namespaces and SAX features are URLs no program connects to.
_NAMESPACE = re.compile(
    r"^https?://(www\.)?(w3\.org|purl\.org|openoffice\.org|xml\.org|docs\.oasis-open\.org"
    r"|schemas\.[\w.-]+|ns\.[\w.-]+|xmlns\.[\w.-]+)/"
)
_HOST_PORT = re.compile(r"^(localhost|[\w-]+(\.[\w-]+)+|\d{1,3}(\.\d{1,3}){3}):\d{2,5}$")
_PATH = re.compile(
    r"^(/(home|usr|var|etc|opt|tmp|srv|mnt|data|Users|Library|private|root|media|Volumes)"
    r"(/|$)|[A-Za-z]:[\\/]|~[\\/])"
)
_SECRET_NAME = re.compile(
    r"(?i)(^|_)(secret|password|passwd|pwd|token|api_?key|private_?key|access_?key"
    r"|auth_?key|signing_?key|encryption_?key|field_?key|credentials?)s?(_|$)"
)
_NOT_SECRET_NAME = re.compile(r"(?i)(primary|foreign|sort|cache|lookup|header|env|prefix|name)")
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")  # "APP_SECRET": the name of a variable, not a value
_WORDS = re.compile(r"^[a-z_]+(\.[a-z_]+)*$")
_TOKENISH = re.compile(r"^[A-Za-z0-9+/=_\-]{20,}$")
_MAGIC_NAME = re.compile(
    r"(?i)(^|_)(port|timeout|ttl|interval|delay|retries|max_retries|backoff|size|max_size"
    r"|max_bytes|chunk_size|buffer_size|pool_size|limit)(_|$)"
)
_CWD_CALLS = frozenset({"getcwd", "getcwdb", "cwd"})
# Calls whose first argument is a path: a relative literal there names a file in the
# current folder, whichever folder the program was started from.
_PATH_CALLS = frozenset({"open", "Path", "PurePath", "join", "read_csv", "read_text", "listdir"})
_RELATIVE = re.compile(r"^(\.{1,2}/)?[\w.-]+(/[\w.-]+)*/?$")
_EXTENSION = re.compile(
    r"\.(csv|json|ya?ml|toml|ini|cfg|txt|db|sqlite3?|html?|jinja2?|xml|pem|key|crt|log)$"
)


# A settings module is where these values belong: its literals are the defaults.
SETTINGS_MODULES = frozenset(
    {"settings", "config", "conf", "configuration", "local_settings", "_settings", "_config"}
)
_CONSTANT = re.compile(r"^_?[A-Z][A-Z0-9_]*$")
# The kind of each site -> the code of the rule that reports it.
CODES = {
    "path": "RK112",
    "cwd-path": "RK112",
    "url": "RK113",
    "host-port": "RK113",
    "secret": "RK114",
    "magic-number": "RK115",
}


def named_constant(site: ValueSite) -> bool:
    """`API_URL = "https://..."`: a named module constant is one place to change already;
    only a secret is reported there too (it should not be in the code at all)."""
    return site.kind != "secret" and bool(_CONSTANT.match(site.name))


def judged_file(relpath: str, module: str | None) -> bool:
    """Library code outside the settings modules (tests may hard-code what they like)."""
    if is_test_path(relpath):
        return False
    parts = (module or relpath.removesuffix(".py").replace("/", ".")).split(".")
    return not (set(parts) & SETTINGS_MODULES)


def value_sites(tree: ast.Module) -> tuple[ValueSite, ...]:
    """Every hard-coded-looking literal of `tree`, in source order. (A text prefilter was
    tried: its regular expression cost more than this walk.)"""
    finder = _ValueFinder()
    finder.walk(tree)
    return tuple(sorted(finder.sites, key=lambda s: (s.lineno, s.col)))


def kind_of_text(text: str, name: str = "") -> str:
    """ "path", "url", "host-port" or "secret" for a string literal given to `name`, or ""."""
    if _URL.match(text):
        return "" if _NAMESPACE.match(text) or name.startswith("xmlns") else "url"
    if _HOST_PORT.match(text):
        return "host-port"
    if _PATH.match(text):
        return "path"
    if secret_name(name) and _secret_value(text, name):
        return "secret"
    return "secret" if high_entropy(text) else ""


def _secret_value(text: str, name: str) -> bool:
    """Could `text` be the secret itself, not a label ("Password:", "secret"), a variable's
    name ("APP_SECRET") or a placeholder too short to matter?"""
    if len(text) < 4 or _ENV_NAME.match(text) or any(c.isspace() for c in text):
        return False
    if _WORDS.match(text):
        return False  # "base", "resale.models": a module or word, not a password
    return text.lower().strip(":") not in name.lower()


def secret_name(name: str) -> bool:
    return bool(_SECRET_NAME.search(name)) and not _NOT_SECRET_NAME.search(name)


def high_entropy(text: str) -> bool:
    """A token-like string (20+ base64/hex characters, letters and digits) of high entropy."""
    if not _token_like(text):
        return False
    counts = Counter(text)
    entropy = -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())
    hexadecimal = all(c in "0123456789abcdefABCDEF" for c in text)
    return entropy >= (3.0 if hexadecimal and len(text) >= 32 else 4.2)


def _token_like(text: str) -> bool:
    if not _TOKENISH.match(text) or not (re.search(r"\d", text) and re.search(r"[A-Za-z]", text)):
        return False
    # an alphabet or a URL path, not a key
    return not ("0123" in text or "abcd" in text.lower() or text.startswith("/"))


def masked(text: str) -> str:
    return text[:3] + "..." if len(text) > 6 else "***"


class _ValueFinder:
    """An iterative walk (a stack of (node, name) pairs, no visitor dispatch: this runs on
    every file `analyze` measures) that knows the name each value is given to."""

    def __init__(self) -> None:
        self.sites: list[ValueSite] = []

    def walk(self, tree: ast.AST) -> None:
        """List fields are pushed whole, their None and str items skipped when popped (no
        call or test per item: this loop runs once per node of every product file)."""
        stack: list[tuple[ast.AST, str]] = [(tree, "")]
        pop, push, extend = stack.pop, stack.append, stack.extend
        handlers = self._handlers()
        fields: dict[type, tuple[str, ...]] = {}
        while stack:
            node, name = pop()
            cls = type(node)
            handler = handlers.get(cls)
            if handler is not None:
                handler(node, name, stack)
                continue
            if cls not in fields:
                fields[cls] = tuple(f for f in cls._fields if f not in _LEAVES)
            for field in fields[cls]:
                value = getattr(node, field, None)
                if type(value) is list:
                    extend(zip(value, repeat(name)))
                elif isinstance(value, ast.AST):
                    push((value, name))

    def _handlers(self) -> dict[type, Callable[[Any, str, list[tuple[ast.AST, str]]], None]]:
        return {
            type(None): _skip,
            str: _skip,
            ast.Constant: self._constant,
            ast.Expr: self._expr,
            ast.JoinedStr: self._joined,
            ast.Assign: self._assign,
            ast.AnnAssign: self._assign,
            ast.keyword: self._keyword,
            ast.Dict: self._dict,
            ast.Call: self._call,
            ast.BinOp: self._binop,
            ast.ClassDef: self._class,
        }

    def _class(self, node: ast.ClassDef, name: str, stack: list[tuple[ast.AST, str]]) -> None:
        """A class-level default (`timeout: float = 30.0`, a dataclass or settings field) is
        a named setting already, as a module constant is: its name is given in capitals."""
        for part in (*node.decorator_list, *node.bases, *node.keywords):
            stack.append((part, ""))
        for stmt in node.body:
            target = _field_name(stmt)
            if target and stmt.value is not None:  # type: ignore[attr-defined]
                stack.append((stmt.value, target.upper()))  # type: ignore[attr-defined]
            else:
                stack.append((stmt, name))

    def _expr(self, node: ast.Expr, name: str, stack: list[tuple[ast.AST, str]]) -> None:
        if not isinstance(node.value, ast.Constant):  # a docstring or bare string: no value
            stack.append((node.value, name))

    def _joined(self, node: ast.JoinedStr, name: str, stack: list[tuple[ast.AST, str]]) -> None:
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                stack.append((value.value, ""))

    def _assign(
        self, node: ast.Assign | ast.AnnAssign, name: str, stack: list[tuple[ast.AST, str]]
    ) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        target = _target_name(targets[0]) if len(targets) == 1 else ""
        if node.value is not None:
            stack.append((node.value, target))

    def _keyword(self, node: ast.keyword, name: str, stack: list[tuple[ast.AST, str]]) -> None:
        stack.append((node.value, node.arg or ""))

    def _dict(self, node: ast.Dict, name: str, stack: list[tuple[ast.AST, str]]) -> None:
        for key, value in zip(node.keys, node.values, strict=False):
            key_text = key.value if isinstance(key, ast.Constant) else None
            if key is not None:
                stack.append((key, ""))
            stack.append((value, key_text if isinstance(key_text, str) else ""))

    def _call(self, node: ast.Call, name: str, stack: list[tuple[ast.AST, str]]) -> None:
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if called in _PATH_CALLS and node.args:
            self._cwd_path(node.args[0])
        # A call's positional arguments are not the value the name is given to:
        # `key = text.encode("utf-8")` names no secret "utf-8".
        stack.append((func, ""))
        stack.extend((arg, "") for arg in node.args)
        stack.extend((keyword, "") for keyword in node.keywords)

    def _binop(self, node: ast.BinOp, name: str, stack: list[tuple[ast.AST, str]]) -> None:
        literal = isinstance(node.right, ast.Constant) and isinstance(node.right.value, str)
        if isinstance(node.op, ast.Div) and _is_cwd(node.left) and literal:
            self._add("cwd-path", node, ast.unparse(node), name)
        # A factor multiplying or dividing a value (`mb * 1024 * 1024`, `minutes * 60`) is a
        # unit conversion, not the setting: only a literal standing alone is one.
        scaled = isinstance(node.op, (ast.Mult, ast.Div, ast.FloorDiv))
        stack.append((node.left, "" if scaled else name))
        stack.append((node.right, "" if scaled else name))

    def _cwd_path(self, first: ast.expr) -> None:
        """`open("data/x.csv")`, `Path("static")`, `os.path.join(os.getcwd(), ...)`."""
        if _is_cwd(first):
            self._add("cwd-path", first, ast.unparse(first), "")
        elif isinstance(first, ast.Constant) and relative_path(first.value):
            self._add("cwd-path", first, str(first.value), "")

    def _constant(self, node: ast.Constant, name: str, stack: list[tuple[ast.AST, str]]) -> None:
        value = node.value
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        if isinstance(value, str):
            kind = kind_of_text(value, name)
            if kind:
                self._add(kind, node, masked(value) if kind == "secret" else value, name)
        elif _magic(value, name):
            self._add("magic-number", node, repr(value), name)

    def _add(self, kind: str, node: ast.expr, text: str, name: str) -> None:
        self.sites.append(ValueSite(kind, node.lineno, node.col_offset, text, name))


# Fields that never hold a node with a literal in it.
_LEAVES = frozenset({"ctx", "op", "ops", "name", "id", "attr", "arg", "asname", "module"})


def _skip(_node: object, _name: str, _stack: list[tuple[ast.AST, str]]) -> None:
    """A None or str item of a list field (`Dict.keys` of `**d`, `Global.names`)."""


def relative_path(text: object) -> bool:
    """A relative path to a file or folder of the project ("data/x.csv", "./static")."""
    if not isinstance(text, str) or not _RELATIVE.match(text) or text in (".", ".."):
        return False
    return "/" in text or bool(_EXTENSION.search(text))


def _is_cwd(node: ast.expr) -> bool:
    if not isinstance(node, ast.Call) or node.args:
        return False
    func = node.func
    return (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")) in _CWD_CALLS


def _field_name(stmt: ast.stmt) -> str:
    """The name a class-body `x = ...` or `x: T = ...` binds, else ""."""
    if isinstance(stmt, ast.AnnAssign):
        return stmt.target.id if isinstance(stmt.target, ast.Name) else ""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        return stmt.targets[0].id if isinstance(stmt.targets[0], ast.Name) else ""
    return ""


def _target_name(target: ast.expr | None) -> str:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    return ""


def _magic(value: object, name: str) -> bool:
    """An int or float other than 0, 1 and -1 given to a port, timeout or size by a name that
    is not itself a named constant (`TIMEOUT = 30` is the setting already)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if value in (0, 1, -1) or not name or _ENV_NAME.match(name):
        return False
    return bool(_MAGIC_NAME.search(name))
