"""The rewrites that lower a function's complexity without a new function.

`dict_dispatch` (an if/elif chain of literals -> one lookup: fewer decisions),
`collapsible_if` (`if a:` holding only `if b:` -> `if a and b:`) and `guard_clause` (a
function ending in one `if` -> an early return): the last two lower nesting (cognitive
complexity) and bring statements to the top level, where `extract --auto` can cut them.
Each is an `Edit` of the module's lines, found on its `ast`; an edit whose result does not
parse is dropped.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from refactorkit.codemods.extract.qualnames import find_qualname
from refactorkit.codemods.extract.rewrites.collapse import collapsible_if
from refactorkit.codemods.extract.rewrites.dispatch import dict_dispatch
from refactorkit.codemods.extract.rewrites.edit import Edit
from refactorkit.codemods.extract.rewrites.guard import guard_clause

Rewrite = Callable[[ast.FunctionDef | ast.AsyncFunctionDef, list[str]], Edit | None]
REWRITES: tuple[Rewrite, ...] = (dict_dispatch, collapsible_if, guard_clause)
MAX_REWRITES = 40  # per function


def rewrite_function(text: str, qualname: str) -> tuple[str, list[str]]:
    """`text` with every rewrite that fits applied to the def `qualname`, and what was done."""
    done: list[str] = []
    while len(done) < MAX_REWRITES:
        function = find_qualname(ast.parse(text), qualname)
        edit = _first_edit(function, text.splitlines(keepends=True)) if function else None
        if edit is None:
            break
        new_text = edit.apply(text.splitlines(keepends=True))
        try:
            ast.parse(new_text)
        except SyntaxError:
            break
        text = new_text
        done.append(edit.what)
    return text, done


def _first_edit(function: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> Edit | None:
    for rewrite in REWRITES:
        edit = rewrite(function, lines)
        if edit is not None:
            return edit
    return None


__all__ = ["REWRITES", "Edit", "rewrite_function"]
