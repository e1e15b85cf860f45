"""A file's newline style, so generated code follows it (LibCST and our templates write `\n`).

A codemod reads a file, works on LF text, and writes its result back in the file's own style:
CRLF stays CRLF, CR-only stays CR. A file that mixes styles is left as it is (no guessing).
"""

from __future__ import annotations

import re

_BREAK = re.compile(r"\r\n|\r|\n")


def newline_of(text: str) -> str | None:
    """The one line break `text` uses ("\\n" when it has none), or None when it mixes them."""
    found = set(_BREAK.findall(text))
    if len(found) > 1:
        return None
    return found.pop() if found else "\n"


def to_lf(text: str, newline: str | None) -> str:
    """`text` with its line breaks as `\\n` (unchanged for LF or mixed text)."""
    return text if newline in (None, "\n") else text.replace(newline, "\n")


def from_lf(text: str, newline: str | None) -> str:
    """LF text back in the file's style (unchanged for LF or mixed)."""
    return text if newline in (None, "\n") else text.replace("\n", newline)
