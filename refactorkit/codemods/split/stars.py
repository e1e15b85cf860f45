"""Star imports from modules of the same package, spelled out before a split.

`from .nodes import *` provides a statically known set of names when `nodes.py` sits next to
the module and has a literal `__all__` (or, without one, binds its public names plainly):
the split sees an explicit import of exactly those names instead of refusing.
"""

from __future__ import annotations

import ast
from pathlib import Path

from refactorkit.codemods.split.names import bound_names
from refactorkit.workspace import SourceError, read_source


def spell_out_star_imports(text: str, path: Path) -> tuple[str, list[str]]:
    """`text` with each resolvable `from .x import *` spelled out, and a note per one."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return text, []  # the model reports it
    edits: list[tuple[int, int, str]] = []
    notes: list[str] = []
    offsets = _line_offsets(text)
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or not _is_star(node):
            continue
        names = _star_names(path, node)
        if not names:
            continue
        star = node.names[0]
        start = offsets[star.lineno - 1] + star.col_offset
        end = offsets[(star.end_lineno or star.lineno) - 1] + (star.end_col_offset or 0)
        edits.append((start, end, spelled(names, node.col_offset)))
        notes.append(
            f"line {node.lineno}: `from {'.' * node.level}{node.module or ''} import *` "
            f"spelled out as the {len(names)} names it provides"
        )
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text, notes


def _star_names(path: Path, node: ast.ImportFrom) -> list[str]:
    """The names `node` binds, when its module is a sibling file that says so statically."""
    if node.level != 1 or not node.module:
        return []
    tree = _sibling_tree(path.parent.joinpath(*node.module.split(".")))
    if tree is None or any(_is_star(n) for n in ast.walk(tree)):
        return []
    listed = _literal_all(tree)
    if listed is not None:
        return listed
    return sorted(n for n in bound_names(tree.body) if not n.startswith("_"))


def _sibling_tree(base: Path) -> ast.Module | None:
    target = base.with_suffix(".py") if base.with_suffix(".py").is_file() else base / "__init__.py"
    try:
        return ast.parse(read_source(target)[0])
    except (SourceError, SyntaxError, ValueError, OSError):
        return None


def _is_star(node: ast.AST) -> bool:
    return isinstance(node, ast.ImportFrom) and node.names[0].name == "*"


def _literal_all(tree: ast.Module) -> list[str] | None:
    """A module's `__all__` when it is one literal list of strings, bound once."""
    for stmt in tree.body:
        mentions = any(isinstance(n, ast.Name) and n.id == "__all__" for n in ast.walk(stmt))
        if not mentions:
            continue
        value = stmt.value if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 else None
        return _strings(value)  # None: computed or changed (`__all__ += ...`): run it to tell
    return None


def _strings(value: ast.expr | None) -> list[str] | None:
    items = value.elts if isinstance(value, (ast.List, ast.Tuple)) else []
    strings = [e.value for e in items if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return strings if items and len(strings) == len(items) else None


def spelled(names: list[str], indent: int) -> str:
    """The names in place of `*`: on the line when short, else one per line in parentheses."""
    if indent + 40 + len(", ".join(names)) <= 88:
        return ", ".join(names)
    pad = " " * indent
    return "(\n" + "".join(f"{pad}    {n},\n" for n in names) + pad + ")"


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    for line in text.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(line))
    return offsets
