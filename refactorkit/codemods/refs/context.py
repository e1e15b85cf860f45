"""The state of rewriting one file: where it is, where it goes, and the edits so far."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from refactorkit.codemods.refs.collect import FileFacts
from refactorkit.codemods.refs.model import Mapper
from refactorkit.codemods.refs.text import Edit, LineIndex


@dataclass
class FileContext:
    """One file being rewritten; `module`/`new_module` are its dotted names before and after."""

    relpath: str
    module: str | None
    new_module: str | None
    is_package: bool
    mapper: Mapper
    index: LineIndex
    facts: FileFacts
    edits: list[Edit] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    renames: dict[str, str] = field(default_factory=dict)  # local name -> new local name

    def package(self, *, new: bool) -> str | None:
        """The package relative imports of this file resolve against (old or new location)."""
        module = self.new_module if new else self.module
        if module is None:
            return None
        return module if self.is_package else module.rpartition(".")[0]

    def resolve(self, level: int, module: str | None) -> str | None:
        """Absolute name of `from <level dots><module> import ...`, None when it cannot resolve."""
        if level == 0:
            return module
        package = self.package(new=False)
        if package is None:
            return None
        parts = package.split(".") if package else []
        if level - 1 > len(parts) or (level - 1 == len(parts) and not module):
            return None
        base = parts[: len(parts) - (level - 1)]
        if module:
            base.append(module)
        return ".".join(base) if base else None

    def add(self, start: int, end: int, text: str) -> None:
        if self.index.text[start:end] != text:
            self.edits.append(Edit(start, end, text))

    def note(self, lineno: int, why: str) -> None:
        self.review.append(f"{self.relpath}:{lineno}: {why}")

    def mentions(self, name: str) -> bool:
        """Whether `name` appears as an identifier anywhere in the file.

        Only statements on lines holding a moved name were walked; a name may be bound on any
        other line, so clashes are checked on the text.
        """
        return re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", self.index.text) is not None

    def can_rename(self, old: str, new: str, *, in_all_ok: bool = False) -> bool:
        """Whether every use of local `old` can become `new` without clashing."""
        facts = self.facts
        if facts.bound[old] or facts.import_bound[old] != 1:
            return False
        if new in facts.names or facts.bound[new] or facts.import_bound[new]:
            return False
        if self.mentions(new):
            return False
        return in_all_ok or all(entry.value != old for entry in facts.all_entries)


def relative_spec(package: str | None, target: str) -> str | None:
    """`..x.y` naming `target` from inside `package`, or None when they share no top package."""
    if not package or not target:
        return None
    here = package.split(".")
    there = target.split(".")
    common = 0
    for a, b in zip(here, there, strict=False):
        if a != b:
            break
        common += 1
    if common == 0:
        return None
    return "." * (len(here) - common + 1) + ".".join(there[common:])
