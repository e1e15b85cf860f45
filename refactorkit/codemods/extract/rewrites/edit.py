"""One rewrite's edit: lines first..last of the module replaced by new lines."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Edit:
    first: int
    last: int
    new_lines: list[str]
    what: str  # for the summary: "guard clause", "collapsed if", "dict dispatch"

    def apply(self, lines: list[str]) -> str:
        return "".join([*lines[: self.first - 1], *self.new_lines, *lines[self.last :]])
