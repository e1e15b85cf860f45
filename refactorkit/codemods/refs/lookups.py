"""Patch targets that stop reaching a moved definition (move-symbol).

`mock.patch("shop.models.helper")` replaces the `helper` that `describe` looks up in
`shop.models`. Once `describe` moves to `shop.text`, it looks `helper` up there and the patch
no longer reaches it; when the source module keeps using `helper` itself, which target the
test meant cannot be decided. Such sites are listed for review, never changed.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from refactorkit.domain import SourceFile
from refactorkit.workspace import SourceError, read_source

# A patch-like call on the same line as the string (mock.patch, patch.dict, setattr, ...).
_PATCH_CALL = re.compile(r"\b(?:patch|setattr|delattr)\b")


def stale_patch_targets(
    files: Iterable[SourceFile],
    source: str,
    target: str,
    moved: str,
    names: Collection[str],
) -> list[str]:
    """`path:line: why` for each patch target `source.N` where N is a name `moved` looks up."""
    if not names:
        return []
    spelled = "|".join(re.escape(n) for n in sorted(names))
    pattern = re.compile(rf"""["']{re.escape(source)}\.({spelled})(?:\.[\w.]*)?["']""")
    needle = source.encode()
    found: list[str] = []
    for file in files:
        text = _text_naming(file, needle)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            match = pattern.search(line)
            if match is None or not _PATCH_CALL.search(line):
                continue
            name = match.group(1)
            found.append(
                f"{file.relpath}:{number}: patches {source}.{name}, but {moved} now looks "
                f"{name} up in {target}: patch {target}.{name} too if the test means it"
            )
    return found


def _text_naming(file: SourceFile, needle: bytes) -> str | None:
    """The file's text when its bytes hold `needle` (cheap to test first); else None."""
    try:
        if needle not in file.path.read_bytes():
            return None
        return read_source(file.path)[0]
    except (OSError, SourceError):
        return None
