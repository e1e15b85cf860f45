"""Per-file part of clone detection: every line of code, token-normalised and hashed.

A line's fingerprint is its text with comments removed, every string literal replaced by
`"`, every number by `0` and every name that is not a keyword by `N`, without spaces: two
lines that differ only in the names and literals they use have the same fingerprint. Lines
that say nothing of the code's shape are left out, as pylint's similarity checker leaves
them out by default: blank and comment lines, docstrings, imports, `def`/`class` headers
(signatures and decorators), and lines of only brackets and commas. What is left is a
file's sequence of (line number, fingerprint) that `analysis.duplicates` windows over the
whole project. Regular expressions do the work at C speed; one statement walk (not a walk
of every node) finds the lines to leave out.
"""

from __future__ import annotations

import ast
import keyword
import re
import zlib
from collections.abc import Iterator

# Strings (prefix included) and comments in one scan, so a quote inside a comment or a `#`
# inside a string is never mistaken for the other.
# Each pattern starts with a lookahead of its first character, which lets the regex engine
# skip the text in between at C speed (about twice as fast on Django).
_STRINGS_AND_COMMENTS = re.compile(
    r"(?=[rRbBuUfFtT'\"#])(?<![\w])[rRbBuUfFtT]{0,2}(?:'''[^'\\]*(?:(?:\\.|'(?!''))[^'\\]*)*'''"
    r'|"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'
    r"|'[^\n'\\]*(?:\\.[^\n'\\]*)*'"
    r'|"[^\n"\\]*(?:\\.[^\n"\\]*)*")'
    r"|#[^\n]*",
    re.DOTALL,
)
_KEYWORDS = "|".join(sorted([*keyword.kwlist, *keyword.softkwlist], key=len, reverse=True))
# attribute names (after a dot) are kept: a pasted copy renames its variables, not the
# methods and fields it uses
_NAMES = re.compile(rf"(?=[^\W\d])(?<![\w.])(?!(?:{_KEYWORDS})\b)[^\W\d]\w*")
_NUMBERS = re.compile(r"(?=[.\d])(?<![\w.])\.?\d[\w.]*")
BARRIER = -1  # fingerprints are crc32 values, never negative
_BRACKETS = "()[]{},:;\\"
_LETTER = re.compile(r"[^\W\d_]")
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_IMPORTS = (ast.Import, ast.ImportFrom)
_TRY_FIELDS = ("body", "handlers", "orelse", "finalbody")
# The statement lists of each compound statement (an except handler or a match case holds
# statements itself, in its `body`).
_BODIES: dict[type, tuple[str, ...]] = {
    ast.FunctionDef: ("body",),
    ast.AsyncFunctionDef: ("body",),
    ast.ClassDef: ("body",),
    ast.If: ("body", "orelse"),
    ast.For: ("body", "orelse"),
    ast.AsyncFor: ("body", "orelse"),
    ast.While: ("body", "orelse"),
    ast.With: ("body",),
    ast.AsyncWith: ("body",),
    ast.Try: _TRY_FIELDS,
    ast.Match: ("cases",),
}
if hasattr(ast, "TryStar"):  # Python 3.11+
    _BODIES[ast.TryStar] = _TRY_FIELDS


def _blank_out(match: re.Match[str]) -> str:
    """A comment disappears; a string becomes `"`, keeping its line breaks (line numbers)."""
    text = match.group()
    if text[0] == "#":
        return ""
    return '"' + "\n" * text.count("\n")


def normalized_lines(text: str) -> list[str]:
    """Every physical line of `text`, comments removed and tokens normalised."""
    code = _STRINGS_AND_COMMENTS.sub(_blank_out, text)
    code = _NUMBERS.sub("0", _NAMES.sub("N", code))
    return ["".join(line.split()) for line in code.split("\n")]


def left_out_lines(tree: ast.Module) -> tuple[set[int], set[int]]:
    """Line numbers of docstrings, imports and `def`/`class` headers (decorators included),
    and the first line of each header (where a clone must stop: it never spans two
    definitions)."""
    out: set[int] = set()
    headers: set[int] = set()
    for node in _statements(tree.body):
        if isinstance(node, _IMPORTS) or _is_lone_string(node):
            out.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
        elif isinstance(node, _DEFS):
            first = min([d.lineno for d in node.decorator_list] + [node.lineno])
            out.update(range(first, max(node.body[0].lineno, node.lineno + 1)))
            headers.add(first)
    return out, headers


def _is_lone_string(node: ast.stmt) -> bool:
    """A docstring, or any other string standing alone as a statement."""
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, nested ones included (expressions are not visited)."""
    stack = list(body)
    while stack:
        node = stack.pop()
        yield node
        for name in _BODIES.get(type(node), ()):
            for child in getattr(node, name):
                stack.extend(child.body if name in ("handlers", "cases") else (child,))


def _telling(line: str) -> bool:
    """Whether a normalised line says something of the code's shape: not only literals and
    brackets (`"blank",` in a list of strings is data) nor one name alone (`x,`)."""
    return _LETTER.search(line) is not None and line.strip(_BRACKETS) != "N"


def code_line_hashes(tree: ast.Module, text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(line numbers, fingerprints) of the lines that count for clone detection; a
    definition's header is a `BARRIER` entry (line number 0) that no clone crosses."""
    out, headers = left_out_lines(tree)
    numbers: list[int] = []
    hashes: list[int] = []
    for lineno, line in enumerate(normalized_lines(text), start=1):
        if lineno in headers and hashes and hashes[-1] != BARRIER:
            numbers.append(0)
            hashes.append(BARRIER)
        if lineno in out or not _telling(line):
            continue
        numbers.append(lineno)
        # crc32 is stable across runs (the cache keeps it) and C-fast; a clone needs a whole
        # window of equal fingerprints, so a collision of two lines alone finds nothing.
        hashes.append(zlib.crc32(line.encode()))
    return tuple(numbers), tuple(hashes)
