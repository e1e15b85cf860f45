"""Recognising, from the text alone, a change that only rewrote import statements.

A move rewrites `from a.b import x` into `from c.d import x` and may re-sort the block the line
sits in. Pyflakes' undefined/unused/redefined messages depend on which names are bound where,
not on the module an import reads from, so when every changed line belongs to a run of import
statements that binds the same names as before, the change cannot introduce one of them and
the two pyflakes runs (the bulk of a big dry run) can be skipped.

The comparison works on lines: each text becomes a sequence of tokens, where a maximal run of
import statements at one indentation (blank and comment lines included, so isort sections
count as one run) is one token and every other line is its own token. The change qualifies
when both sequences have the same length, other lines are equal, and paired runs that differ
have the same indentation and bind the same multiset of names (each run parsed alone with
`ast`). `__future__` imports are ordinary lines: they must stay first. Anything unusual (a run
that does not parse, or holds another statement after a `;`) falls back to pyflakes. A line
inside a string that looks like an import is harmless: if it changes, either its run still
parses and binds the same names (and a string cannot bind any), or the check falls back.
"""

from __future__ import annotations

import ast
import re
import warnings
from collections import Counter
from dataclasses import dataclass

_IMPORT_START = re.compile(r"([ \t]*)(?:import|from)[ \t]")
_FUTURE = re.compile(r"[ \t]*from[ \t]+__future__[ \t]")
_BLANK_OR_COMMENT = re.compile(r"[ \t\f]*(?:#.*)?[\r\n]*")


@dataclass(frozen=True)
class _Run:
    """Consecutive import statements (and the blank or comment lines between them)."""

    indent: str
    lines: tuple[str, ...]


_Token = str | _Run


def imports_only_change(old: str, new: str) -> bool:
    """True when `new` differs from `old` only in import runs that bind the same names."""
    old_tokens, new_tokens = _tokens(old), _tokens(new)
    if len(old_tokens) != len(new_tokens):
        return False
    for before, after in zip(old_tokens, new_tokens, strict=True):
        if before == after:
            continue
        if not isinstance(before, _Run) or not isinstance(after, _Run):
            return False
        if before.indent != after.indent:
            return False
        old_names, new_names = bound_names(before), bound_names(after)
        if old_names is None or old_names != new_names:
            return False
    return True


def _tokens(text: str) -> list[_Token]:
    lines = text.splitlines(keepends=True)
    runs = _RunCollector()
    i = 0
    while i < len(lines):
        line = lines[i]
        match = _IMPORT_START.match(line)
        # A `__future__` import must stay first: it is an ordinary line, compared exactly.
        if match is not None and not _FUTURE.match(line):
            end = _statement_end(lines, i)
            runs.add_import(match.group(1), lines[i:end])
            i = end
            continue
        runs.add_line(line)
        i += 1
    return runs.finish()


class _RunCollector:
    """Lines and runs of import statements at one indentation, in order."""

    def __init__(self) -> None:
        self.tokens: list[_Token] = []
        self.run: list[str] = []
        self.indent: str | None = None

    def _close(self) -> None:
        if self.indent is not None:
            self.tokens.append(_Run(self.indent, tuple(self.run)))
        self.run, self.indent = [], None

    def add_import(self, indent: str, statement: list[str]) -> None:
        if self.indent is not None and indent != self.indent:
            self._close()
        self.indent = indent
        self.run.extend(statement)

    def add_line(self, line: str) -> None:
        if self.indent is not None and _BLANK_OR_COMMENT.fullmatch(line):
            self.run.append(line)  # blank and comment lines inside a run belong to it
            return
        self._close()
        self.tokens.append(line)

    def finish(self) -> list[_Token]:
        self._close()
        return self.tokens


def _statement_end(lines: list[str], start: int) -> int:
    """Index after the last line of the statement starting at `start` (parens, backslashes)."""
    depth = 0
    i = start
    while i < len(lines):
        # An import holds no string literal, so '#' always starts a comment.
        code = lines[i].split("#", 1)[0]
        depth += code.count("(") - code.count(")")
        i += 1
        if depth <= 0 and not code.rstrip().endswith("\\"):
            break
    return i


def bound_names(run: _Run) -> Counter[str] | None:
    """Names the run binds (`import a.b` binds `a`), or None when it is not plain imports."""
    body = "".join(line.removeprefix(run.indent) for line in run.lines)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(body)
    except (SyntaxError, ValueError):
        return None
    names: Counter[str] = Counter()
    for node in tree.body:
        bound = _bound_by(node)
        if bound is None:
            return None
        names.update(bound)
    return names


def _bound_by(node: ast.stmt) -> list[str] | None:
    """The names one plain import statement binds; None for anything else or `__future__`."""
    if isinstance(node, ast.Import):
        return [alias.asname or alias.name.split(".")[0] for alias in node.names]
    if not isinstance(node, ast.ImportFrom) or node.module == "__future__":
        return None  # `__future__` is position-sensitive: let pyflakes and the compiler judge
    return [alias.asname or alias.name for alias in node.names]
