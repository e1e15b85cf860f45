"""Per-file part of clone detection: every line of code, token-normalised and hashed.

A line's fingerprint is its text with comments removed, every string literal replaced by
`"`, every number by `0` and every name that is not a keyword or an attribute by `N`,
without spaces: two lines that differ only in the variables and literals they use have the
same fingerprint. Lines that say nothing of the code's shape are left out, as pylint's
similarity checker leaves them out by default: blank and comment lines, docstrings, imports,
`def`/`class` headers (signatures and decorators), lines of only literals and brackets, and
a lone name. What is left is a file's sequence of (line number, fingerprint) that
`graph/duplicates.py` windows over the whole project. Regular expressions do the work at C
speed; one walk of the statement lists (not of every node) finds the headers.
"""

from __future__ import annotations

import ast
import keyword
import re
import zlib

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
_IMPORTS = ("import", "from")  # a normalised line starting so is an import statement
_LITERAL_KEYS = ('":', "0:")  # a normalised line starting so is a dict entry, `"key": value`
_HOLDERS = ("handlers", "cases")  # their items hold the statements, in `body`
_SPACES = re.compile(r"[ \t\f\v\r]+")
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
    code = _SPACES.sub("", _NUMBERS.sub("0", _NAMES.sub("N", code)))
    return code.split("\n")


def header_spans(tree: ast.Module) -> list[tuple[int, int]]:
    """(first line, first line of the body) of every `def` and `class`, decorators included.

    Only compound statements are looked into: a walk of the statement lists, not of every
    node. Docstrings and imports need no tree: a lone string normalises to `"` and an import
    line starts with `import` or `from`.
    """
    spans = []
    stack = [tree.body]
    while stack:
        for node in stack.pop():
            fields = _BODIES.get(type(node))
            if fields is None:
                continue
            if isinstance(node, _DEFS):
                first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
                spans.append((first, max(node.body[0].lineno, node.lineno + 1)))
            stack.extend(_bodies(node, fields))
    return spans


def _bodies(node: ast.stmt, fields: tuple[str, ...]) -> list[list[ast.stmt]]:
    """The statement lists directly inside a compound statement."""
    found: list[list[ast.stmt]] = []
    for name in fields:
        children = getattr(node, name)
        if name in _HOLDERS:
            found.extend(child.body for child in children)
        else:
            found.append(children)
    return found


def counts(line: str) -> bool:
    """Whether a normalised line is a line of code for clone detection: not empty, not an
    import, not only literals and brackets (`"blank",` is data), not an entry of a dict
    display under a literal key (`"email": Field("str", required=True),` is data: two
    schemas with different fields are not one copied block) nor one name alone (`x,`)."""
    return (
        bool(line)
        and not line.startswith(_IMPORTS)
        and not line.startswith(_LITERAL_KEYS)
        and _LETTER.search(line) is not None
        and line.strip(_BRACKETS) != "N"
    )


def code_line_hashes(tree: ast.Module, text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(line numbers, fingerprints) of the lines that count for clone detection; a
    definition's header is a `BARRIER` entry (line number 0) that no clone crosses."""
    spans = header_spans(tree)
    headers = {line for start, end in spans for line in range(start, end)}
    barriers = {start for start, _ in spans}
    numbers: list[int] = []
    hashes: list[int] = []
    for lineno, line in enumerate(normalized_lines(text), start=1):
        if lineno in barriers and hashes and hashes[-1] != BARRIER:
            numbers.append(0)
            hashes.append(BARRIER)
        if lineno not in headers and counts(line):
            numbers.append(lineno)
            # crc32 is stable across runs (the cache keeps it) and C-fast; a clone needs a
            # whole window of equal fingerprints, so two lines colliding find nothing.
            hashes.append(zlib.crc32(line.encode()))
    return tuple(numbers), tuple(hashes)
