"""Small in-place text edits of a statement's code at positions `ast` reported.

`ast` columns are UTF-8 byte offsets, so edits are applied to the encoded line. Everything not
edited stays byte for byte.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Edit:
    """Replace bytes [col, end_col) of line `line` (1-based) with `text`."""

    line: int
    col: int
    end_col: int
    text: str


def apply_edits(code: str, edits: Iterable[Edit]) -> str:
    """`code` with the edits applied (they must not overlap)."""
    lines = code.splitlines(keepends=True)
    for edit in sorted(edits, key=lambda e: (e.line, e.col), reverse=True):
        raw = lines[edit.line - 1].encode("utf-8")
        raw = raw[: edit.col] + edit.text.encode("utf-8") + raw[edit.end_col :]
        lines[edit.line - 1] = raw.decode("utf-8")
    return "".join(lines)


def deeper_relative_imports(tree: ast.Module, code: str) -> list[Edit]:
    """One more leading dot for every relative import, at any depth."""
    lines = code.splitlines(keepends=True)
    edits = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            raw = lines[node.lineno - 1].encode("utf-8")
            dot = raw.find(b".", node.col_offset + len("from"))
            if dot >= 0:
                edits.append(Edit(node.lineno, dot, dot, "."))
    return edits


def _mentions_file(node: ast.expr, spelled: frozenset[str]) -> bool:
    """`__file__` (or another of `spelled`: `states.__file__` in an importer), possibly
    through os.path.abspath/realpath or Path(...).resolve()."""
    if isinstance(node, ast.Name | ast.Attribute):
        return ast.unparse(node) in spelled
    if isinstance(node, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in ("abspath", "realpath", "normpath", "Path", "PurePath", "fspath"):
            return len(node.args) == 1 and _mentions_file(node.args[0], spelled)
        if name in ("resolve", "absolute") and isinstance(func, ast.Attribute):
            return _mentions_file(func.value, spelled)
    return False


def file_path_edits(
    tree: ast.Module, code: str, spelled: frozenset[str] = frozenset({"__file__"})
) -> tuple[list[Edit], int]:
    """Edits that keep `__file__`-relative folders pointing where they did one level up.

    `os.path.dirname(X)` becomes `os.path.dirname(os.path.dirname(X))`, `Path(X).parent`
    `Path(X).parent.parent`, `Path(X).parents[1]` `Path(X).parents[2]` and
    `os.path.join(X, '..', ...)` `os.path.join(X, '..', '..', ...)` when X is `__file__`
    (maybe made absolute; docutils' tests use the last two). `spelled`: how the file is
    written (`states.__file__` in a module that imports `states`). Returns the edits and the
    number of reads of it left unadjusted.
    """
    edits: list[Edit] = []
    covered: set[int] = set()  # ids of the nodes inside an adjusted expression
    segment = _Segments(code, spelled)
    for node in ast.walk(tree):
        adjusted = _deeper(node, segment)
        if adjusted is not None:
            edits.extend(adjusted[0])
            covered.update(id(n) for n in ast.walk(adjusted[1]))
    reads = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Name | ast.Attribute) and _spelled(n, spelled)
    ]
    return edits, sum(1 for n in reads if id(n) not in covered)


def _deeper(node: ast.AST, segment: _Segments) -> tuple[list[Edit], ast.expr] | None:
    """The edit of one of the four forms, if `node` is one."""
    return (
        _deeper_dirname(node, segment)
        or _deeper_parent(node, segment)
        or _deeper_parents(node, segment)
        or _deeper_join(node, segment)
    )


def _deeper_dirname(node: ast.AST, segment: _Segments) -> tuple[list[Edit], ast.expr] | None:
    """`dirname(X)` -> `dirname(dirname(X))` for a one-line X that mentions `__file__`."""
    if not (
        isinstance(node, ast.Call)
        and len(node.args) == 1
        and _mentions_file(node.args[0], segment.spelled)
        and _func_name(node.func) == "dirname"
    ):
        return None
    arg = node.args[0]
    if arg.end_lineno != arg.lineno or arg.end_col_offset is None:
        return None
    func_text = segment.text(node.func)
    edits = [
        Edit(arg.lineno, arg.col_offset, arg.col_offset, f"{func_text}("),
        Edit(arg.end_lineno, arg.end_col_offset, arg.end_col_offset, ")"),
    ]
    return edits, arg


def _deeper_parent(node: ast.AST, segment: _Segments) -> tuple[list[Edit], ast.expr] | None:
    """`X.parent` -> `X.parent.parent` when X mentions `__file__`."""
    if not (
        isinstance(node, ast.Attribute)
        and node.attr == "parent"
        and _mentions_file(node.value, segment.spelled)
        and node.end_col_offset is not None
        and node.end_lineno is not None
    ):
        return None
    return [Edit(node.end_lineno, node.end_col_offset, node.end_col_offset, ".parent")], node.value


def _deeper_parents(node: ast.AST, segment: _Segments) -> tuple[list[Edit], ast.expr] | None:
    """`X.parents[N]` -> `X.parents[N + 1]` when X mentions `__file__`."""
    if not (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "parents"
        and _mentions_file(node.value.value, segment.spelled)
    ):
        return None
    index = node.slice
    if not (isinstance(index, ast.Constant) and type(index.value) is int):
        return None
    if index.end_lineno != index.lineno or index.end_col_offset is None:
        return None
    edit = Edit(index.lineno, index.col_offset, index.end_col_offset, str(index.value + 1))
    return [edit], node.value.value


def _deeper_join(node: ast.AST, segment: _Segments) -> tuple[list[Edit], ast.expr] | None:
    """`join(X, '..', ...)` -> `join(X, '..', '..', ...)` when X mentions `__file__`."""
    if not (
        isinstance(node, ast.Call)
        and _func_name(node.func) == "join"
        and len(node.args) >= 2
        and _mentions_file(node.args[0], segment.spelled)
        and isinstance(node.args[1], ast.Constant)
        and node.args[1].value == ".."
    ):
        return None
    first = node.args[0]
    if first.end_lineno is None or first.end_col_offset is None:
        return None
    up = ast.get_source_segment(segment.code, node.args[1]) or "'..'"
    return [Edit(first.end_lineno, first.end_col_offset, first.end_col_offset, f", {up}")], first


def _func_name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _spelled(node: ast.expr, spelled: frozenset[str]) -> bool:
    return (
        ast.unparse(node) in spelled
        if isinstance(node, ast.Attribute)
        else (isinstance(node, ast.Name) and node.id in spelled)
    )


class _Segments:
    def __init__(self, code: str, spelled: frozenset[str] = frozenset({"__file__"})) -> None:
        self.code = code
        self.spelled = spelled

    def text(self, node: ast.expr) -> str:
        return ast.get_source_segment(self.code, node) or "os.path.dirname"
