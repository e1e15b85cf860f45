"""The package `__init__.py` of a split app, with its re-exports wrapped many to a line.

The split writes one re-exported name per line; an app module of 2,000 lines re-exports
some 250 names, which alone would put `__init__.py` over the 300-line limit.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import replace

from refactorkit.domain import ChangeSet, MoveFile

_BLOCK = re.compile(
    r"^(?P<head>from \S+ import \(|__all__ = \[)\n"
    r"(?P<names>(?:    [^\n#()\[\]]*,\n)+)(?P<end>[)\]])\n",
    re.M,
)
WIDTH = 88
_KEEP = "\x00"  # holds `name as name` together while wrapping


def _wrapped(match: re.Match[str]) -> str:
    names = [line.strip().rstrip(",").replace(" ", _KEEP) for line in match["names"].splitlines()]
    body = textwrap.fill(
        ", ".join(names) + ",",
        WIDTH,
        initial_indent="    ",
        subsequent_indent="    ",
        break_long_words=False,
        break_on_hyphens=False,
    ).replace(_KEEP, " ")
    return f"{match['head']}\n{body}\n{match['end']}\n"


def compact_text(text: str) -> str:
    """Re-export imports and a literal `__all__` list wrapped to `WIDTH` columns."""
    return _BLOCK.sub(_wrapped, text)


def compact_init(changeset: ChangeSet) -> ChangeSet:
    """`changeset` with the moved module's new `__init__.py` compacted."""
    changes = tuple(
        replace(c, new_text=compact_text(c.new_text))
        if isinstance(c, MoveFile) and c.new_text is not None
        else c
        for c in changeset.changes
    )
    return replace(changeset, changes=changes)
