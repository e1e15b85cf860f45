"""Names other modules take from a module (`from mod import NAME`, `mod.NAME` chains), and
whether a module's new text still binds them.

move-symbol uses both: a source import that other modules import *through* the source stays
there (a re-export), and a change after which some importer's name no longer resolves in the
source is refused before anything is written.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass

from refactorkit.codemods.refs.definitions import source_bindings
from refactorkit.domain import SourceFile
from refactorkit.graph.imports import resolve_relative
from refactorkit.workspace import SourceError, read_source


@dataclass(frozen=True)
class TakenName:
    """`importer` (a path) takes `name` from the module at `line`."""

    name: str
    importer: str
    line: int


def names_taken(
    files: Sequence[SourceFile],
    module: str,
    *,
    names: Collection[str] | None = None,
    texts: Mapping[str, str] | None = None,
    exclude: Collection[str] = (),
) -> list[TakenName]:
    """Every `from module import NAME` and `module.NAME` read by the files (but `exclude`).

    `texts` gives the planned text of changed files (by path); the others are read from disk.
    With `names`, only those names are looked for. Only files that may reach the module are
    parsed (`_may_import`): in Django about 50 of the 210 that name `query`.
    """
    wanted = _words(names) if names else None
    found: list[TakenName] = []
    last = module.rpartition(".")[2]
    for source, text in _matching(files, last, wanted, texts or {}, exclude):
        found += _taken_in_text(text, source, module)
    return [t for t in found if not names or t.name in names]


def _matching(
    files: Sequence[SourceFile],
    last: str,
    wanted: re.Pattern[str] | None,
    texts: Mapping[str, str],
    exclude: Collection[str],
) -> Iterator[tuple[SourceFile, str]]:
    """The files (with their text) that may import from the module, naming a wanted name."""
    for source in files:
        if source.relpath in exclude or source.module is None:
            continue
        text = texts[source.relpath] if source.relpath in texts else _read(source, last)
        if text is None or not _may_import(text, last):
            continue
        if wanted is None or wanted.search(text):
            yield source, text


def _read(source: SourceFile, last: str) -> str | None:
    """The file's text when its bytes hold `last` (most files are skipped undecoded)."""
    try:
        if last.encode() not in source.path.read_bytes():
            return None
        return read_source(source.path, max_bytes=None)[0]
    except (OSError, SourceError):
        return None  # the rewrite reports files it cannot read


def _may_import(text: str, last: str) -> bool:
    """Whether `text` may take names from a module whose last part is `last`: `last import`
    (`from .query import`), a chain `x.last.Name` not on `self` (`models.query.QuerySet`),
    `last` in a parenthesized import, or on a line after `import` (`from . import query`).
    Substring tests first: a regex over every file costs more than the parses it saves."""
    if f"{last} import" in text or f".{last}." in text.replace(f"self.{last}.", ""):
        return True
    if "import (" in text or "import(" in text:
        word = rf"(?<!\w){re.escape(last)}(?!\w)"
        if re.search(rf"import\s*\([^)]*{word}", text):
            return True
    return any("import" in text[text.rfind("\n", 0, at) + 1 : at] for at in _finds(text, last))


def _finds(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at != -1:
        yield at
        at = text.find(word, at + len(word))


def _words(words: Collection[str]) -> re.Pattern[str]:
    return re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in words))


def _taken_in_text(text: str, source: SourceFile, module: str) -> list[TakenName]:
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return []  # the rewrite reports files that do not parse
    return _taken_in(tree, source, module)


def _taken_in(tree: ast.Module, source: SourceFile, module: str) -> list[TakenName]:
    """The names `tree` takes from `module`: imported from it, or read as an attribute."""
    aliases: dict[str, str] = {}  # local name -> the module (or a parent package) it binds
    taken: list[TakenName] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = resolve_relative(source.module, source.is_package, node.level, node.module)
            taken += _from_import(node, base, module, aliases, source.relpath)
        elif isinstance(node, ast.Import):
            aliases.update(_plain_import(node, module))
    if aliases:
        taken += _attributes(tree, aliases, module, source.relpath)
    return taken


def _from_import(
    node: ast.ImportFrom, base: str | None, module: str, aliases: dict[str, str], where: str
) -> Iterator[TakenName]:
    for alias in node.names:
        if base == module and alias.name != "*":
            yield TakenName(alias.name, where, node.lineno)
        elif base and _leads_to(f"{base}.{alias.name}", module):
            aliases[alias.asname or alias.name] = f"{base}.{alias.name}"


def _plain_import(node: ast.Import, module: str) -> dict[str, str]:
    out = {}
    for alias in node.names:
        if alias.asname and _leads_to(alias.name, module):
            out[alias.asname] = alias.name
        elif not alias.asname and _leads_to(alias.name.partition(".")[0], module):
            out[alias.name.partition(".")[0]] = alias.name.partition(".")[0]
    return out


def _leads_to(name: str, module: str) -> bool:
    """Whether `name` is `module` or a package above it (`a.b` for `a.b.c`)."""
    return module == name or module.startswith(name + ".")


def _attributes(
    tree: ast.Module, aliases: Mapping[str, str], module: str, where: str
) -> Iterator[TakenName]:
    """`alias.rest.NAME` chains that spell `module.NAME`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            dotted = _dotted(node.value, aliases)
            if dotted == module:
                yield TakenName(node.attr, where, node.lineno)


def _dotted(node: ast.expr, aliases: Mapping[str, str]) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or node.id not in aliases:
        return None
    return ".".join([aliases[node.id], *reversed(parts)])


def bound_names(text: str, module: str, is_package: bool) -> set[str] | None:
    """The names a module's text binds at top level; None when it may bind any (a star import
    or a module `__getattr__`) or does not parse."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return None
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and any(a.name == "*" for a in node.names):
            return None
        if isinstance(node, ast.FunctionDef) and node.name == "__getattr__":
            return None
    return set(source_bindings(tree, module, is_package, module))


def lost_names(
    taken: Sequence[TakenName], old: set[str] | None, new: set[str] | None
) -> list[TakenName]:
    """The names taken that the old text bound and the new one does not."""
    if old is None or new is None:
        return []
    return [t for t in taken if t.name in old and t.name not in new]


def unresolved_message(source: str, lost: Sequence[TakenName]) -> str:
    """The refusal when importers would take names the source no longer binds."""
    by_name: dict[str, list[str]] = {}
    for taken in lost:
        by_name.setdefault(taken.name, []).append(f"{taken.importer}:{taken.line}")
    listed = "; ".join(f"{name} ({', '.join(where)})" for name, where in sorted(by_name.items()))
    return (
        f"after the move these names would no longer be importable from {source}, which other "
        f"modules import them from: {listed}; move them along (--with) or change those imports "
        "first"
    )
