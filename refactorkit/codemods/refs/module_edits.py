"""Small edits of a module's text: remove imports nobody uses, insert import statements."""

from __future__ import annotations

import ast
from collections.abc import Sequence

import libcst as cst


def drop_unused_imports(module: cst.Module, candidates: set[str]) -> cst.Module:
    """Remove imports the moved definition was the last user of."""
    tree = ast.parse(module.code)
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    used |= {
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }
    unused = candidates - used
    return module.visit(_DropImports(unused)) if unused else module


class _DropImports(cst.CSTTransformer):
    def __init__(self, names: set[str]) -> None:
        super().__init__()
        self.names = names

    def _keep(self, aliases: Sequence[cst.ImportAlias]) -> list[cst.ImportAlias]:
        kept = []
        for alias in aliases:
            bound = alias.asname.name if alias.asname else alias.name
            local = cst.Module([]).code_for_node(bound).partition(".")[0]
            if local not in self.names:
                kept.append(alias)
        if kept and len(kept) < len(aliases):
            kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return kept

    def leave_Import(
        self, original_node: cst.Import, updated_node: cst.Import
    ) -> cst.Import | cst.RemovalSentinel:
        kept = self._keep(updated_node.names)
        return updated_node.with_changes(names=kept) if kept else cst.RemoveFromParent()

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom | cst.RemovalSentinel:
        if isinstance(updated_node.names, cst.ImportStar):
            return updated_node
        kept = self._keep(updated_node.names)
        return updated_node.with_changes(names=kept) if kept else cst.RemoveFromParent()


def insert_imports(text: str, statements: list[str]) -> str:
    """Insert import statements after the last top-level import (or docstring) of `text`."""
    if not statements:
        return text
    block = "\n".join(statements) + "\n"
    if not text.strip():
        return block
    tree = ast.parse(text)
    after = 0
    for node in tree.body:
        is_doc = (
            node is tree.body[0]
            and isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        )
        if isinstance(node, (ast.Import, ast.ImportFrom)) or is_doc:
            after = node.end_lineno or node.lineno
        elif after:
            break
    lines = text.splitlines(keepends=True)
    if after == 0:
        return block + "\n" + text
    head, tail = lines[:after], lines[after:]
    separator = "\n" if head and not head[-1].endswith("\n") else ""
    is_doc_only = not any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in tree.body)
    lead = "\n" if is_doc_only else ""
    return "".join(head) + separator + lead + block + "".join(tail)
