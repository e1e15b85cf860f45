"""What moves where: module and symbol moves, the rewrite result, and the name mapper."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from refactorkit.domain import FileChange, SkippedFile


@dataclass(frozen=True)
class ModuleMove:
    """A module or package renamed; a package move covers all its submodules."""

    old: str
    new: str


@dataclass(frozen=True)
class SymbolMove:
    """One top-level name moved from `old_module` to `new_module` (optionally renamed)."""

    old_module: str
    name: str
    new_module: str
    new_name: str | None = None
    # False when the old module stops offering the name: `mod.name` uses elsewhere are then
    # pointed at the new module too (split keeps a re-export, so it leaves this True).
    old_keeps_name: bool = True

    @property
    def target_name(self) -> str:
        return self.new_name or self.name


@dataclass(frozen=True)
class ReferenceRewrite:
    """Files whose references changed, sites left for review, and files that did not parse."""

    changes: tuple[FileChange, ...]
    review: tuple[str, ...]
    unparsable: tuple[SkippedFile, ...]


def is_under(name: str, prefix: str) -> bool:
    """True when dotted `name` is `prefix` or inside it."""
    return name == prefix or name.startswith(prefix + ".")


@dataclass(frozen=True)
class Mapper:
    """Maps old dotted names (modules, module attributes) to their new names."""

    module_moves: tuple[ModuleMove, ...] = ()
    symbol_moves: tuple[SymbolMove, ...] = ()
    patch_targets: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def module(self, name: str) -> str | None:
        """New name of module `name` when it (or a package holding it) moves, else None."""
        for move in self.module_moves:
            if is_under(name, move.old):
                return move.new + name[len(move.old) :]
        return None

    def symbol(self, module: str, name: str) -> SymbolMove | None:
        """The symbol move of `module.name`, if any."""
        for move in self.symbol_moves:
            if move.old_module == module and move.name == name:
                return move
        return None

    def dotted(self, path: str) -> str | None:
        """New form of a dotted path naming a module, or an object (and attributes) inside one."""
        for move in self.symbol_moves:
            old = f"{move.old_module}.{move.name}"
            if is_under(path, old):
                return f"{move.new_module}.{move.target_name}{path[len(old) :]}"
        return self.module(path)

    def patch_target(self, path: str) -> tuple[str | None, tuple[str, ...]]:
        """New form of a mock.patch target, plus all candidates when several modules qualify."""
        for move in self.symbol_moves:
            old = f"{move.old_module}.{move.name}"
            if not is_under(path, old):
                continue
            rest = path[len(old) :]
            modules = tuple(self.patch_targets.get(old, ()))
            # `X.attr` patches the one object X wherever it is looked up: its new home will do.
            if not modules or rest:
                return f"{move.new_module}.{move.target_name}{rest}", ()
            targets = tuple(f"{m}.{move.target_name}{rest}" for m in modules)
            return targets[0], targets if len(targets) > 1 else ()
        return self.module(path), ()

    def words(self) -> set[str]:
        """Identifiers a file must contain to possibly reference a moved thing."""
        found = {m.old.rpartition(".")[2] for m in self.module_moves}
        for move in self.symbol_moves:
            found.add(move.name)
            found.add(move.old_module.rpartition(".")[2])
        return found

    def moved_prefixes(self) -> tuple[str, ...]:
        return tuple(m.old for m in self.module_moves)
