"""Text positions from `ast` (UTF-8 byte columns) and non-overlapping span edits."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] (character offsets) with `text`."""

    start: int
    end: int
    text: str


class LineIndex:
    """Converts `ast` (lineno, byte col) positions into character offsets of one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Lines end where ast ends them: at \r\n, \r or \n. str.splitlines also breaks at
        # \x0c and \u2028, which ast does not.
        self.lines: list[str] = _LINE.findall(text)
        starts = [0]
        for line in self.lines:
            starts.append(starts[-1] + len(line))
        self.starts = starts

    def offset(self, lineno: int, col: int) -> int:
        line = self.lines[lineno - 1] if lineno - 1 < len(self.lines) else ""
        if not line.isascii():
            col = len(line.encode("utf-8")[:col].decode("utf-8", errors="replace"))
        return self.starts[lineno - 1] + col

    def span(self, node: ast.AST) -> tuple[int, int]:
        """Character span of a located node."""
        start = self.offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]
        end = self.offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
        return start, end

    def segment(self, node: ast.AST) -> str:
        start, end = self.span(node)
        return self.text[start:end]

    def line_indent(self, lineno: int) -> str:
        line = self.lines[lineno - 1]
        return line[: len(line) - len(line.lstrip(" \t"))]


def apply_edits(text: str, edits: list[Edit]) -> tuple[str, list[Edit]]:
    """Apply edits; an edit overlapping an earlier one is dropped and returned for review."""
    kept: list[Edit] = []
    dropped: list[Edit] = []
    last_end = -1
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < last_end:
            if kept and (kept[-1].start, kept[-1].end, kept[-1].text) == (
                edit.start,
                edit.end,
                edit.text,
            ):
                continue  # the same edit found twice
            dropped.append(edit)
            continue
        kept.append(edit)
        last_end = edit.end
    parts: list[str] = []
    pos = 0
    for edit in kept:
        parts.append(text[pos : edit.start])
        parts.append(edit.text)
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts), dropped


def line_of(text: str, offset: int) -> int:
    return len(_BREAK.findall(text, 0, offset)) + 1
