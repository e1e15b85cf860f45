"""Copying import statements into a new file: only the names it uses, in the original style.

Filtering works on the LibCST node, so what is kept (aliases, parentheses, comments, relative or
absolute form) prints exactly as written; relative imports gain one dot because the new files
sit one package level deeper.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst


def bound_name(alias: cst.ImportAlias, is_from: bool) -> str:
    """The name an alias binds: `a.b` binds `a`, `x as y` binds `y`."""
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    if is_from:
        return _dotted(alias.name)
    return _dotted(alias.name).split(".")[0]


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


class _Filter(cst.CSTTransformer):
    """Drops what binds no wanted name; inside kept classes and functions nothing is dropped."""

    def __init__(self, keep: set[str], deeper: bool) -> None:
        self.keep = keep
        self.deeper = deeper
        self.depth = 0  # > 0 inside a class or function body

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self.depth += 1
        return True

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self.depth += 1
        return True

    def leave_ClassDef(
        self, original: cst.ClassDef, updated: cst.ClassDef
    ) -> cst.ClassDef | cst.RemovalSentinel:
        self.depth -= 1
        keep = self.depth > 0 or updated.name.value in self.keep
        return updated if keep else cst.RemoveFromParent()

    def leave_FunctionDef(
        self, original: cst.FunctionDef, updated: cst.FunctionDef
    ) -> cst.FunctionDef | cst.RemovalSentinel:
        self.depth -= 1
        keep = self.depth > 0 or updated.name.value in self.keep
        return updated if keep else cst.RemoveFromParent()

    def leave_AnnAssign(
        self, original: cst.AnnAssign, updated: cst.AnnAssign
    ) -> cst.AnnAssign | cst.RemovalSentinel:
        target = updated.target
        if self.depth or not isinstance(target, cst.Name) or target.value in self.keep:
            return updated
        return cst.RemoveFromParent()

    def leave_Import(
        self, original: cst.Import, updated: cst.Import
    ) -> cst.Import | cst.RemovalSentinel:
        names = [a for a in updated.names if bound_name(a, False) in self.keep]
        if not names:
            return cst.RemoveFromParent()
        return updated.with_changes(
            names=_fix_commas(names, updated.names[-1], parenthesized=False)
        )

    def leave_ImportFrom(
        self, original: cst.ImportFrom, updated: cst.ImportFrom
    ) -> cst.ImportFrom | cst.RemovalSentinel:
        if isinstance(updated.names, cst.ImportStar):
            return updated
        names = [a for a in updated.names if bound_name(a, True) in self.keep]
        if not names:
            return cst.RemoveFromParent()
        if self.deeper and updated.relative:
            updated = updated.with_changes(relative=[cst.Dot(), *updated.relative])
        parenthesized = updated.lpar is not None
        old_last = names[-1] if isinstance(original.names, cst.ImportStar) else original.names[-1]
        return updated.with_changes(names=_fix_commas(names, old_last, parenthesized))

    def leave_Assign(
        self, original: cst.Assign, updated: cst.Assign
    ) -> cst.Assign | cst.RemovalSentinel:
        targets = [t.target for t in updated.targets]
        if self.depth:
            return updated
        if all(isinstance(t, cst.Name) and t.value not in self.keep for t in targets):
            return cst.RemoveFromParent()
        return updated

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine | cst.RemovalSentinel:
        if not updated.body:
            return cst.RemoveFromParent()
        last = updated.body[-1]
        if isinstance(last, (cst.Import, cst.ImportFrom, cst.Assign)) and last.semicolon:
            body = [*updated.body[:-1], last.with_changes(semicolon=cst.MaybeSentinel.DEFAULT)]
            return updated.with_changes(body=body)
        return updated

    def leave_IndentedBlock(
        self, original: cst.IndentedBlock, updated: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        if not updated.body:
            return updated.with_changes(body=[cst.SimpleStatementLine([cst.Pass()])])
        first = updated.body[0]
        if first is not original.body[0] and isinstance(
            first, (cst.SimpleStatementLine, cst.BaseCompoundStatement)
        ):
            # The statements above it are gone: so is the blank line that separated them.
            lead = list(first.leading_lines)
            while lead and lead[0].comment is None:
                lead.pop(0)
            body = [first.with_changes(leading_lines=lead), *updated.body[1:]]
            return updated.with_changes(body=body)
        return updated


def _fix_commas(
    names: Sequence[cst.ImportAlias], old_last: cst.ImportAlias, parenthesized: bool
) -> list[cst.ImportAlias]:
    """The new last alias takes the old last one's comma: it holds the line break before `)`."""
    out = list(names)
    last = out[-1]
    if not parenthesized:
        if not isinstance(last.comma, cst.MaybeSentinel):
            out[-1] = last.with_changes(comma=cst.MaybeSentinel.DEFAULT)
    elif last is not old_last:
        out[-1] = last.with_changes(comma=old_last.comma)
    return out


def copy_import(
    module: cst.Module, stmt: cst.BaseStatement, keep: set[str], deeper: bool, strip_lead: bool
) -> str | None:
    """The statement keeping only imports (and fallbacks) that bind a name in `keep`.

    None when nothing is left. `strip_lead` drops the blank lines above the statement but keeps
    the comments attached to it.
    """
    new = stmt.visit(_Filter(keep, deeper))
    if not isinstance(new, cst.BaseStatement) or not _binds_any(new, keep):
        return None
    if strip_lead and isinstance(new, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
        lead = list(new.leading_lines)
        while lead and lead[0].comment is None:
            lead.pop(0)
        new = new.with_changes(leading_lines=lead)
    return module.code_for_node(new)


def _binds_any(stmt: cst.CSTNode, keep: set[str]) -> bool:
    found = False

    class _Seek(cst.CSTVisitor):
        def visit_ImportAlias(self, node: cst.ImportAlias) -> None:
            nonlocal found
            found = found or bound_name(node, True) in keep or bound_name(node, False) in keep

        def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
            nonlocal found
            found = found or (isinstance(node.target, cst.Name) and node.target.value in keep)

        def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
            nonlocal found
            found = found or (isinstance(node.target, cst.Name) and node.target.value in keep)

        def visit_ClassDef(self, node: cst.ClassDef) -> None:
            nonlocal found
            found = found or node.name.value in keep

        def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
            nonlocal found
            found = found or node.name.value in keep

    stmt.visit(_Seek())
    return found
