"""Suppression comments: `# refactorkit: ignore[RK101]` on a line, `ignore-file[...]` per file.

A bare `ignore` / `ignore-file` (no brackets) silences every rule. We match comments with a
regular expression instead of tokenizing: it is only run on files that have violations, and a
match inside a string literal merely suppresses, it can never create a violation.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass

from refactorkit.domain import Finding

_COMMENT = re.compile(r"#\s*refactorkit:\s*(ignore-file|ignore)\b(?:\[([A-Za-z0-9,\s]*)\])?")
ALL = "*"


@dataclass(frozen=True)
class Suppressions:
    """The codes silenced per line (1-based) and for the whole file of one source text."""

    lines: dict[int, frozenset[str]]
    file: frozenset[str]

    def silences(self, code: str, lines: Iterable[int]) -> bool:
        """Whether `code` is suppressed for the file or on any of `lines`."""
        if code in self.file or ALL in self.file:
            return True
        for line in lines:
            codes = self.lines.get(line, frozenset())
            if code in codes or ALL in codes:
                return True
        return False


def parse_suppressions(text: str) -> Suppressions:
    """Find every suppression comment in a source text."""
    lines: dict[int, frozenset[str]] = {}
    whole: set[str] = set()
    if "refactorkit:" not in text:  # the common case: no work at all
        return Suppressions(lines, frozenset())
    for number, line in enumerate(text.splitlines(), start=1):
        if "refactorkit:" not in line:
            continue
        for match in _COMMENT.finditer(line):
            kind, listed = match.group(1), match.group(2)
            codes = {c.strip().upper() for c in (listed or "").split(",") if c.strip()} or {ALL}
            if kind == "ignore-file":
                whole |= codes
            else:
                lines[number] = lines.get(number, frozenset()) | frozenset(codes)
    return Suppressions(lines, frozenset(whole))


def matches_glob(relpath: str, pattern: str) -> bool:
    """Glob match for per_file_ignores: `*` spans folders; a bare name matches in any folder."""
    if "/" not in pattern:
        return fnmatch.fnmatch(relpath.rsplit("/", 1)[-1], pattern)
    return fnmatch.fnmatch(relpath, pattern)


def ignored_by_config(
    violation: Finding, per_file: tuple[tuple[str, tuple[str, ...]], ...]
) -> bool:
    """Whether a `per_file_ignores` glob of the config silences this violation."""
    return any(
        violation.code in codes and matches_glob(violation.relpath, glob)
        for glob, codes in per_file
    )
