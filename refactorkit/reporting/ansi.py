"""ANSI colours for terminal reports, off unless the CLI turned them on (`--color`, NO_COLOR).

Renderers lay a line out in plain text first (widths count characters, not escape codes)
and colour whole pieces of it afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

_CODES = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "cyan": "36",
}


@dataclass(frozen=True)
class Palette:
    """`Palette(True).red("x")` is "x" in red; `Palette(False)` leaves every text as it is."""

    enabled: bool = False

    def paint(self, text: str, *styles: str) -> str:
        if not self.enabled or not text:
            return text
        codes = ";".join(_CODES[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"

    def bold(self, text: str) -> str:
        return self.paint(text, "bold")

    def red(self, text: str) -> str:
        return self.paint(text, "red")

    def yellow(self, text: str) -> str:
        return self.paint(text, "yellow")

    def green(self, text: str) -> str:
        return self.paint(text, "green")

    def dim(self, text: str) -> str:
        return self.paint(text, "dim")


def strip_ansi(text: str) -> str:
    """`text` without the escape codes a Palette adds."""
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)
