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

from refactorkit.domain import ValueSite

_URL = re.compile(
    r"^(https?|ftps?|wss?|s3|gs|postgres(ql)?|mysql|mariadb|redis|rediss|amqps?|mongodb(\+srv)?"
    r"|sqlite|oracle|mssql)(\+\w+)?://[^\s/]*[\w\]](:\d+)?(/\S*)?$"
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


def value_sites(tree: ast.Module) -> tuple[ValueSite, ...]:
    finder = _ValueFinder()
    finder.visit(tree)
    return tuple(sorted(finder.sites, key=lambda s: (s.lineno, s.col)))


def kind_of_text(text: str, name: str = "") -> str:
    """ "path", "url", "host-port" or "secret" for a string literal given to `name`, or ""."""
    if _URL.match(text):
        return "url"
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


class _ValueFinder(ast.NodeVisitor):
    def __init__(self) -> None:
        self.sites: list[ValueSite] = []
        self.name = ""

    def visit_Expr(self, node: ast.Expr) -> None:
        if not isinstance(node.value, ast.Constant):  # a docstring or bare string: no value
            self.visit(node.value)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                self.visit(value.value)

    def visit_Assign(self, node: ast.Assign) -> None:
        target = node.targets[0] if len(node.targets) == 1 else None
        self._named(_target_name(target), node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self._named(_target_name(node.target), node.value)

    def visit_keyword(self, node: ast.keyword) -> None:
        self._named(node.arg or "", node.value)

    def visit_Dict(self, node: ast.Dict) -> None:
        for key, value in zip(node.keys, node.values, strict=False):
            key_text = key.value if isinstance(key, ast.Constant) else None
            if key is not None:
                self.visit(key)
            self._named(key_text if isinstance(key_text, str) else "", value)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        first = node.args[0] if node.args else None
        if name in _PATH_CALLS and first is not None:
            self._cwd_path(first)
        # A call's positional arguments are not the value the name is given to:
        # `key = text.encode("utf-8")` names no secret "utf-8".
        saved, self.name = self.name, ""
        self.generic_visit(node)
        self.name = saved

    def visit_BinOp(self, node: ast.BinOp) -> None:
        literal = isinstance(node.right, ast.Constant) and isinstance(node.right.value, str)
        if isinstance(node.op, ast.Div) and _is_cwd(node.left) and literal:
            self._add("cwd-path", node, ast.unparse(node))
        self.generic_visit(node)

    def _cwd_path(self, first: ast.expr) -> None:
        """`open("data/x.csv")`, `Path("static")`, `os.path.join(os.getcwd(), ...)`."""
        if _is_cwd(first):
            self._add("cwd-path", first, ast.unparse(first))
        elif isinstance(first, ast.Constant) and relative_path(first.value):
            self._add("cwd-path", first, str(first.value))

    def visit_Constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        if isinstance(value, str):
            kind = kind_of_text(value, self.name)
            if kind:
                self._add(kind, node, masked(value) if kind == "secret" else value)
        elif _magic(value, self.name):
            self._add("magic-number", node, repr(value))

    def _named(self, name: str, value: ast.expr) -> None:
        saved, self.name = self.name, name
        self.visit(value)
        self.name = saved

    def _add(self, kind: str, node: ast.expr, text: str) -> None:
        self.sites.append(ValueSite(kind, node.lineno, node.col_offset, text, self.name))


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
