"""Import-time paths between two modules, reading only the modules on the way."""

from __future__ import annotations

import ast
from collections.abc import Mapping

from refactorkit.domain import ImportKind, SourceFile
from refactorkit.graph.digraph import shortest_path
from refactorkit.graph.imports import extract_imports
from refactorkit.workspace import Discovery, SourceError, read_source


def import_chain(found: Discovery, start: str, goal: str) -> list[str] | None:
    """Modules from `start` to `goal` following import-time edges, or None when unreachable.

    Breadth-first (`digraph.shortest_path`), reading only the modules it reaches.
    """
    files = {f.module: f for f in found.files if f.module is not None}
    return shortest_path(start, goal, lambda module: _loaded_at_import(files, module))


def _loaded_at_import(files: Mapping[str, SourceFile], module: str) -> list[str]:
    """The internal modules `module` imports at import time (none if it cannot be read)."""
    source = files.get(module)
    if source is None:
        return []
    try:
        tree = ast.parse(read_source(source.path)[0])
    except (SourceError, SyntaxError, ValueError):
        return []
    return [
        candidate
        for record in extract_imports(tree, source.module, source.is_package)
        if record.kind is ImportKind.TOP
        for candidate in _targets(record.module, record.name, files, module)
    ]


def _targets(
    module: str, name: str | None, files: Mapping[str, object], importer: str
) -> list[str]:
    """The internal modules an import loads: the module, its parents, and a named submodule.

    The importer's own parent packages are left out: Python starts a package's `__init__`
    before any module inside it, so importing one from inside never runs it (it is already
    loaded, or being loaded further up the stack). Django's `query.py` imports
    `from django.db.models import AutoField` while `django/db/models/__init__.py` imports
    `query`: no new import-time order comes from that edge.
    """
    parts = module.split(".")
    loaded = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
    if name and f"{module}.{name}" in files:
        loaded.append(f"{module}.{name}")
    return [m for m in loaded if m in files and not importer.startswith(m + ".")]


def chain_from_text(
    found: Discovery, text: str, module: str, is_package: bool, goal: str
) -> list[str] | None:
    """Like `import_chain` from `module`, reading `module` from `text` (its planned content)."""
    files = {f.module: f for f in found.files if f.module is not None}
    for record in extract_imports(ast.parse(text), module, is_package):
        if record.kind is not ImportKind.TOP:
            continue
        for candidate in _targets(record.module, record.name, files, module):
            if candidate == module:
                continue
            chain = import_chain(found, candidate, goal)
            if chain:
                return [module, *chain]
    return None
