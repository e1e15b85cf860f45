"""Small edits of a module's text: remove imports nobody uses, insert import statements."""

from __future__ import annotations

import ast
import sys
from collections.abc import Sequence
from typing import TypeGuard

import libcst as cst

from refactorkit.codemods.refs.definitions import used_names


def drop_unused_imports(module: cst.Module, candidates: set[str]) -> cst.Module:
    """Remove imports the moved code was the last user of, and TYPE_CHECKING blocks left empty."""
    used = _used(module)
    unused = candidates - used
    if not unused:
        return module
    result = module.visit(_DropImports(unused))
    # A removed `if TYPE_CHECKING:` block may have been the last user of `TYPE_CHECKING`
    # (or of `t` in `if t.TYPE_CHECKING:`).
    orphans = used - _used(result)
    return result.visit(_DropImports(orphans)) if orphans else result


def _used(module: cst.Module) -> set[str]:
    """Names read anywhere (quoted annotations included) and whole string values (`__all__`)."""
    tree = ast.parse(module.code)
    strings = {
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }
    return used_names(module.code) | strings


# Stands for a removed statement until its parent block hands its blank lines on (a removed
# import's leading blank line often separates two import groups, which must stay apart).
_REMOVED = "__refactorkit_removed__"


def _removed_marker(leading: Sequence[cst.EmptyLine]) -> cst.SimpleStatementLine:
    return cst.SimpleStatementLine([cst.Expr(cst.Name(_REMOVED))], leading_lines=leading)


def _is_marker(stmt: cst.BaseStatement) -> TypeGuard[cst.SimpleStatementLine]:
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return False
    expr = stmt.body[0]
    return (
        isinstance(expr, cst.Expr)
        and isinstance(expr.value, cst.Name)
        and (expr.value.value == _REMOVED)
    )


def _without_markers(body: Sequence[cst.BaseStatement]) -> list[cst.BaseStatement]:
    """Drop the markers; the next statement gets their blank lines when it has none above it."""
    kept: list[cst.BaseStatement] = []
    blanks: list[cst.EmptyLine] = []
    for stmt in body:
        if _is_marker(stmt):
            blanks = blanks or [line for line in stmt.leading_lines if line.comment is None]
            continue
        if not isinstance(stmt, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            kept.append(stmt)
            continue
        leading = list(stmt.leading_lines)
        if blanks and not (leading and leading[0].comment is None):
            stmt = stmt.with_changes(leading_lines=[*blanks, *leading])
        kept.append(stmt)
        blanks = []
    return kept


def _is_type_checking(test: cst.BaseExpression) -> bool:
    if isinstance(test, cst.Name):
        return test.value == "TYPE_CHECKING"
    return isinstance(test, cst.Attribute) and test.attr.value == "TYPE_CHECKING"


def _last_comma(
    own: cst.Comma | cst.MaybeSentinel, last: cst.Comma | cst.MaybeSentinel
) -> cst.Comma | cst.MaybeSentinel:
    """The comma of a name that becomes the last one: a trailing comma in parentheses stays.

    Keeping its own comma keeps a comment after it (`b,  # why`); the indentation of the line
    after it is taken from the old last name, so the closing parenthesis stays where it was.
    """
    if not isinstance(own, cst.Comma) or not isinstance(last, cst.Comma):
        return cst.MaybeSentinel.DEFAULT
    after, last_after = own.whitespace_after, last.whitespace_after
    if isinstance(after, cst.ParenthesizedWhitespace) and isinstance(
        last_after, cst.ParenthesizedWhitespace
    ):
        return own.with_changes(whitespace_after=after.with_changes(last_line=last_after.last_line))
    return cst.MaybeSentinel.DEFAULT


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
        if kept and kept[-1] is not aliases[-1]:
            kept[-1] = kept[-1].with_changes(comma=_last_comma(kept[-1].comma, aliases[-1].comma))
        return kept

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine:
        body: list[cst.BaseSmallStatement] = []
        for small in updated_node.body:
            if isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(
                small.names, cst.ImportStar
            ):
                kept = self._keep(small.names)
                if not kept:
                    continue
                small = small.with_changes(names=kept)
            body.append(small)
        if not body:
            return _removed_marker(updated_node.leading_lines)
        if len(body) < len(updated_node.body):
            body[-1] = body[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(body=body)

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        return updated_node.with_changes(body=_without_markers(updated_node.body))

    def leave_If(self, original_node: cst.If, updated_node: cst.If) -> cst.BaseStatement:
        emptied = original_node.body.body and not updated_node.body.body
        if emptied and updated_node.orelse is None and _is_type_checking(updated_node.test):
            return _removed_marker(updated_node.leading_lines)
        return updated_node

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        body = _without_markers(updated_node.body)
        first = body[0] if body else None
        opened_by_removed = (
            bool(updated_node.body)
            and _is_marker(updated_node.body[0])
            and not any(line.comment for line in updated_node.header)  # a licence stays apart
        )
        # What opened the file went away: its successor does not start with blank lines.
        if opened_by_removed and isinstance(
            first, (cst.SimpleStatementLine, cst.BaseCompoundStatement)
        ):
            leading = list(first.leading_lines)
            while leading and leading[0].comment is None:
                leading.pop(0)
            body[0] = first.with_changes(leading_lines=leading)
        return updated_node.with_changes(body=body)


def insert_imports(text: str, statements: list[str]) -> str:
    """Insert import statements after the last top-level import (or docstring) of `text`."""
    if not statements:
        return text
    block = "\n".join(statements) + "\n"
    if not text.strip():
        return block
    tree = ast.parse(text)
    after, last_import = _insertion_point(tree)
    lines = text.splitlines(keepends=True)
    if after == 0:
        return block + "\n" + text
    head, tail = lines[:after], lines[after:]
    separator = "\n" if head and not head[-1].endswith("\n") else ""
    is_doc_only = not any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in tree.body)
    other_group = last_import is not None and _group_key(last_import) != _first_group(statements)
    lead = "\n" if is_doc_only or other_group else ""
    return "".join(head) + separator + lead + block + "".join(tail)


def _insertion_point(tree: ast.Module) -> tuple[int, ast.stmt | None]:
    """(last line of the first run of top-level imports, or of the docstring; 0 when neither
    opens the module) and the last import statement of that run."""
    after = 0
    last_import: ast.stmt | None = None
    for node in tree.body:
        is_doc = node is tree.body[0] and _is_docstring(node)
        if isinstance(node, (ast.Import, ast.ImportFrom)) or is_doc:
            after = node.end_lineno or node.lineno
            last_import = node if not is_doc else last_import
        elif after:
            break
    return after, last_import


def _is_docstring(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _first_group(statements: list[str]) -> str:
    try:
        return _group_key(ast.parse(statements[0]).body[0])
    except (SyntaxError, IndexError):
        return ""


def _group_key(node: ast.stmt) -> str:
    """The isort-like group of an import: stdlib, relative, or its top-level package."""
    if isinstance(node, ast.ImportFrom) and node.level:
        return "."
    if isinstance(node, ast.ImportFrom):
        top = (node.module or "").partition(".")[0]
    elif isinstance(node, ast.Import):
        top = node.names[0].name.partition(".")[0]
    else:
        return ""
    return "stdlib" if top in sys.stdlib_module_names else top


_REEXPORT = "# noqa: F401"


def mark_reexports(module: cst.Module, names: set[str]) -> cst.Module:
    """Put `# noqa: F401` on the imports of `names` the module itself no longer reads.

    Other modules import these names through this one (a re-export): linters must not drop
    them. The comment goes where ruff reports the name (its own line in a parenthesized import),
    else at the end of the statement; the runner's validation accepts either line.
    """
    unused = names - _used(module)
    return module.visit(_MarkReexports(unused)) if unused else module


class _MarkReexports(cst.CSTTransformer):
    def __init__(self, names: set[str]) -> None:
        super().__init__()
        self.names = names

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine:
        unmarked = False  # a re-exported name with no line of its own: comment the statement
        body: list[cst.BaseSmallStatement] = []
        for small in updated_node.body:
            if isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(
                small.names, cst.ImportStar
            ):
                aliases = [self._alias(a) for a in small.names]
                pairs = zip(aliases, small.names, strict=True)
                unmarked = unmarked or any(_bound(a) in self.names and a is b for a, b in pairs)
                small = small.with_changes(names=aliases)
            body.append(small)
        line = updated_node.with_changes(body=body)
        if unmarked:
            line = line.with_changes(trailing_whitespace=_commented(line.trailing_whitespace))
        return line

    def _alias(self, alias: cst.ImportAlias) -> cst.ImportAlias:
        """The alias with the comment on its own line, when it has a line of its own."""
        comma = alias.comma
        if _bound(alias) not in self.names or not isinstance(comma, cst.Comma):
            return alias
        after = comma.whitespace_after
        if not isinstance(after, cst.ParenthesizedWhitespace):
            return alias
        after = after.with_changes(first_line=_commented(after.first_line))
        return alias.with_changes(comma=comma.with_changes(whitespace_after=after))


def _bound(alias: cst.ImportAlias) -> str:
    """The local name an import alias binds (`a` for `import a.b`)."""
    bound = alias.asname.name if alias.asname else alias.name
    return cst.Module([]).code_for_node(bound).partition(".")[0]


def _commented(trailing: cst.TrailingWhitespace) -> cst.TrailingWhitespace:
    """The end of a line with the re-export comment (after any comment already there)."""
    if trailing.comment is None:
        return trailing.with_changes(
            whitespace=cst.SimpleWhitespace("  "), comment=cst.Comment(_REEXPORT)
        )
    old = trailing.comment.value
    if "noqa" in old.lower():
        return trailing
    return trailing.with_changes(comment=cst.Comment(f"{old}  {_REEXPORT}"))
