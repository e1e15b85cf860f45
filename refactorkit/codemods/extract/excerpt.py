"""One function of a module on its own: every other line blanked, so each cut re-parses only it.

`extract --auto` cuts a function many times, re-parsing after each cut and measuring each
candidate; on a 2,800-line module that parse dominated. The excerpt keeps the module's line
numbers: the function's lines, and the header lines of the classes and defs around it (so a
method is still a method of its class), with every other line empty. Once the function is cut
down, its lines (now with its helpers after it) go back in place of the old ones.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from refactorkit.codemods.extract.region import DEFS, first_line

_OWNERS = (*DEFS, ast.ClassDef)
# line breaks of str.splitlines that Python's tokenizer does not break lines at
_ODD_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


@dataclass(frozen=True)
class Excerpt:
    text: str  # the module with every line outside the function and its owners' headers blank
    first: int  # the function's first line (decorators included)
    last: int  # its last line
    total: int  # the module's number of lines


def excerpt_of(
    text: str, tree: ast.Module, qualname: str, function: ast.stmt | None
) -> Excerpt | None:
    """The excerpt of `function`, the def `qualname` of `tree`, or None when it is not
    reached through classes and defs only (one under an `if` or `try` keeps the whole text)."""
    chain = _chain(tree.body, qualname.split("."))
    if chain is None or chain[-1] is not function or _ODD_BREAKS.search(text):
        return None
    lines = text.splitlines(keepends=True)
    keep: set[int] = set()
    for owner in chain[:-1]:
        keep.update(range(first_line(owner), first_line(owner.body[0])))
    function = chain[-1]
    first, last = first_line(function), function.end_lineno or function.lineno
    keep.update(range(first, last + 1))
    kept = [line if number in keep else _blank(line) for number, line in enumerate(lines, 1)]
    return Excerpt("".join(kept), first, last, len(lines))


def put_back(text: str, excerpt: Excerpt, new_excerpt: str) -> str:
    """`text` with the excerpt's function lines replaced by those of `new_excerpt`."""
    lines = text.splitlines(keepends=True)
    new_lines = new_excerpt.splitlines(keepends=True)
    after = excerpt.total - excerpt.last  # the lines after the function are unchanged
    middle = new_lines[excerpt.first - 1 : len(new_lines) - after]
    return "".join([*lines[: excerpt.first - 1], *middle, *lines[excerpt.last :]])


def _chain(
    body: list[ast.stmt], names: list[str]
) -> list[ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef] | None:
    """The classes and defs named `names` from the module down, or None."""
    chain: list[ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef] = []
    for name in names:
        node = next((n for n in body if isinstance(n, _OWNERS) and n.name == name), None)
        if node is None:
            return None
        chain.append(node)
        body = node.body
    return chain if isinstance(chain[-1], DEFS) else None


def _blank(line: str) -> str:
    if line.endswith("\r\n"):
        return "\r\n"
    return "\n" if line.endswith(("\n", "\r")) else ""
