"""Checks a ChangeSet must pass before it is written: new code parses, and no name breaks.

Pyflakes runs on the old and the new version of every Python file; only messages the change
introduced count (compared without line numbers, which a change shifts anyway):
- modified and moved files are compared with their own old version. Skipped without running
  pyflakes (~15 us a line, the bulk of a large dry run): files whose text does not change, and
  changes that only rewrite import statements binding the same names (`import_edits`);
- an import the change renamed (`from pkg import utils` -> `from pkg import helpers`) that was
  already unused, or already a redefinition, is not new (see `_renamed`);
- created files are compared with the union of the files the change set removes, moves or
  edits beyond imports (where their code came from: see `_may_give_code`), except that an
  undefined name is always reported, and so is an
  unused import outside `__init__.py` unless its statement, the same lines, was already unused
  in one of those files (each such old import excuses one copy: see `_carried`);
- a message on a line with a `# noqa` comment that covers it is never reported (see `noqa`);
- unused imports in any `__init__.py` are ignored: re-exports are the norm there and pyflakes
  cannot tell them from dead imports (names in `__all__` already count as used).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pyflakes import checker, messages  # type: ignore[import-untyped]

from refactorkit.changes.diffing import new_text_of, old_text_of
from refactorkit.changes.import_edits import imports_only_change
from refactorkit.changes.materialize import materialize
from refactorkit.domain import ChangeSet, CreateFile, FileChange, MoveFile, final_path

_UNDEFINED = (messages.UndefinedName, messages.UndefinedExport, messages.UndefinedLocal)
_UNUSED = (messages.UnusedImport,)
_REDEFINED = (messages.RedefinedWhileUnused,)
_CHECKED = _UNDEFINED + _UNUSED + _REDEFINED
# Messages about an import that a change may rename (see `_renamed`).
_RENAMABLE = ("UnusedImport", "RedefinedWhileUnused")
# The flake8/ruff codes of the messages we check, for noqa comments naming codes.
_CODES = {
    "UnusedImport": "F401",
    "RedefinedWhileUnused": "F811",
    "UndefinedName": "F821",
    "UndefinedExport": "F822",
    "UndefinedLocal": "F823",
}
# ruff's syntax: a bare noqa comment covers every code, one with a colon and codes
# (`F401, E501`) the listed ones, one with a colon and no valid code nothing (ruff warns).
_NOQA = re.compile(r"#\s*noqa(?P<colon>:\s?(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*)?)?", re.I)
# An unused import and the exact lines of its statement (stripped of indentation).
_Carried = tuple[tuple[str, str], str]


@dataclass(frozen=True)
class Flake:
    """One pyflakes message; `key` ignores the line so shifted code compares equal."""

    key: tuple[str, str]
    line: int
    text: str


def validate(changeset: ChangeSet) -> tuple[str, ...]:
    """Problems that block applying: unsafe paths, unparsable new code, newly broken names."""
    problems = list(materialize(changeset).problems)
    source_keys, carried = _source_flakes(changeset)
    shared = _taken_by_siblings(changeset)
    for change in changeset.changes:
        if change.kind == "delete" or not final_path(change).endswith(".py"):
            continue
        problems += _check(
            changeset, change, source_keys, carried, shared.get(final_path(change), set())
        )
    return tuple(problems)


def _source_flakes(changeset: ChangeSet) -> tuple[set[tuple[str, str]], Counter[_Carried]]:
    """The pyflakes messages of the files new files may take code from (none without new
    files), and their unused imports' statements: code carried over unchanged keeps them."""
    source_keys: set[tuple[str, str]] = set()
    carried = Counter[_Carried]()
    if not any(c.kind == "create" for c in changeset.changes):
        return source_keys, carried
    for change in changeset.changes:
        if _may_give_code(changeset.root, change):
            text = old_text_of(changeset.root, change) or ""
            tree = _parse(text, change.path)
            found = () if tree is None else _flakes_of(tree, change.path, text)
            source_keys |= {f.key for f in found}
            carried.update(_carried(found, text, tree).values())
    return source_keys, carried


def _taken_by_siblings(changeset: ChangeSet) -> dict[str, set[str]]:
    """Path of a new file -> names other new files import from it (`from .base import X`).

    A split's `if PY3: from io import StringIO ... else: ...` block lands whole in `base`;
    its imports are used by the siblings that take them from there, not unused.
    """
    out: dict[str, set[str]] = {}
    for change in changeset.changes:
        text = change.new_text if isinstance(change, (CreateFile, MoveFile)) else None
        if text is not None and "from ." in text:
            folder = PurePosixPath(final_path(change)).parent
            for module, names in _sibling_imports(_parse(text, change.path)):
                out.setdefault((folder / f"{module}.py").as_posix(), set()).update(names)
    return out


def _sibling_imports(tree: ast.Module | None) -> list[tuple[str, list[str]]]:
    """(`base` as a path part, names) of each `from .base import X, Y` in `tree`."""
    return [
        (node.module.replace(".", "/"), [a.name for a in node.names])
        for node in (ast.walk(tree) if tree is not None else ())
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
    ]


def _may_give_code(root: Path, change: FileChange) -> bool:
    """Whether a created file's code may come from this file (a split, move or move-symbol).

    Deleted and moved files, and modified files whose edit is more than import rewriting: the
    old module of `move --shim` becomes a shim, the source of `move-symbol` loses a definition.
    Import-only edits (most importers of a move) are skipped: they give no code, and running
    pyflakes on each would cost more than the rest of a large dry run.
    """
    if not change.path.endswith(".py") or change.kind == "create":
        return False
    if change.kind != "modify":
        return True
    old, new = old_text_of(root, change), new_text_of(root, change)
    return old is not None and new is not None and not imports_only_change(old, new)


def _check(
    changeset: ChangeSet,
    change: FileChange,
    source_keys: set[tuple[str, str]],
    carried: Counter[_Carried],
    shared: frozenset[str] | set[str] = frozenset(),
) -> list[str]:
    path = final_path(change)
    texts = _texts_to_check(changeset.root, change)
    if texts is None:
        return []
    old, new = texts
    new_tree = _parse(new, path)
    if new_tree is None:
        return [f"{path}: {_syntax_error(new, path)}"]
    new_flakes = _flakes_of(new_tree, path, new)
    excused = _Excuses(change.kind == "create", PurePosixPath(path).name == "__init__.py", shared)
    excused.compare_with(old, new_tree, path, source_keys)
    if excused.created:
        excused.carry(carried, _carried(new_flakes, new, new_tree))
    return [f"{path}:{f.line}: {f.text}" for f in new_flakes if not excused(f)]


def _texts_to_check(root: Path, change: FileChange) -> tuple[str | None, str] | None:
    """(old text or None for a new file, new text), or None when there is nothing to check."""
    if isinstance(change, MoveFile) and change.new_text is None:
        return None  # same bytes under a new name: nothing new to find (pyflakes is the slow part)
    new = new_text_of(root, change)
    if new is None:
        return None
    old = None if change.kind == "create" else old_text_of(root, change)
    if old is not None and (old == new or imports_only_change(old, new)):
        return None
    return old, new


@dataclass
class _Excuses:
    """Which of a changed file's pyflakes messages are not the change's doing."""

    created: bool
    is_init: bool
    shared: frozenset[str] | set[str]
    baseline: set[tuple[str, str]] = field(default_factory=set)
    renames: Counter[str] = field(default_factory=Counter)
    new_names: frozenset[str] = frozenset()
    carried: Counter[_Carried] = field(default_factory=Counter)
    new_carried: dict[Flake, _Carried] = field(default_factory=dict)

    def compare_with(
        self, old: str | None, new_tree: ast.Module, path: str, source_keys: set[tuple[str, str]]
    ) -> None:
        """The messages before the change: the file's own, or its sources' for a new file."""
        if self.created:
            self.baseline = source_keys
            return
        old_tree = _parse(old or "", path)
        old_flakes = () if old_tree is None else _flakes_of(old_tree, path, old or "")
        self.baseline = {f.key for f in old_flakes}
        self.renames, self.new_names = _renamed(old_flakes, old_tree, new_tree)

    def carry(self, carried: Counter[_Carried], new_carried: dict[Flake, _Carried]) -> None:
        self.carried, self.new_carried = carried, new_carried

    def __call__(self, flake: Flake) -> bool:
        kind, name = flake.key
        if kind == "UnusedImport" and _re_exported(name, self.is_init, self.shared):
            return True
        statement = self.new_carried.get(flake)
        if statement is not None and self.carried[statement] > 0:
            self.carried[statement] -= 1  # the source module's own unused import, unchanged
            return True
        always = self.created and kind in ("UndefinedName", "UnusedImport")
        if not always and flake.key in self.baseline:
            return True
        if self.renames[kind] > 0 and name in self.new_names:
            self.renames[kind] -= 1  # the same import under the name the change gave it
            return True
        return False


def _re_exported(imported: str, is_init: bool, shared: frozenset[str] | set[str]) -> bool:
    """An unused import that is a re-export: in an `__init__.py`, or taken by siblings."""
    return is_init or _bound_name(imported) in shared


def _bound_name(imported: str) -> str:
    """The local name of pyflakes' `io.StringIO` / `x.y as z` (`StringIO`, `z`)."""
    return imported.rpartition(" as ")[2] if " as " in imported else imported.rpartition(".")[2]


def _renamed(
    old_flakes: tuple[Flake, ...], old_tree: ast.Module | None, new_tree: ast.Module
) -> tuple[Counter[str], frozenset[str]]:
    """Per kind, old messages about imports the change no longer makes; names it newly imports.

    A move turns `from pkg import models, utils` into `from pkg import helpers, models`: when
    `utils` was already unused, the unused `helpers` is the same import under its new name,
    not a new problem. Each such old message excuses one new message of its kind about a name
    the change newly imports; an import that was used before and is unused now, or an import
    added next to the old one, is still reported.
    """
    old_keys, new_keys = _import_keys(old_tree), _import_keys(new_tree)
    gone = old_keys - new_keys
    excuses = Counter(f.key[0] for f in old_flakes if f.key[0] in _RENAMABLE and f.key[1] in gone)
    return excuses, frozenset(new_keys - old_keys)


def _carried(found: tuple[Flake, ...], text: str, tree: ast.Module | None) -> dict[Flake, _Carried]:
    """Each unused-import message with the exact lines of its statement, indentation stripped.

    A split moves `try: import h2 except ImportError: ...` (httpx) or platform's
    `import java.lang` unchanged into a new file, where pyflakes finds it unused as it did in
    the old module: the statement's text, not only the name, must match, so an import the
    split filtered or rewrote is still checked.
    """
    starts = {
        node.lineno: node.end_lineno or node.lineno
        for node in (ast.walk(tree) if tree is not None else ())
        if isinstance(node, (ast.Import, ast.ImportFrom))
    }
    lines = text.splitlines()
    result = {}
    for flake in found:
        if flake.key[0] == "UnusedImport" and flake.line in starts:
            span = lines[flake.line - 1 : starts[flake.line]]
            result[flake] = (flake.key, "\n".join(line.strip() for line in span))
    return result


def noqa(text: str, tree: ast.Module, found: list[Flake]) -> list[Flake]:
    """The messages no `# noqa` comment covers (ruff/flake8 semantics, codes as in `_CODES`).

    The comment counts on the reported line, and for an import on any line of its statement:
    ruff reports an unused name of a parenthesized import at the name's own line, pyflakes at
    the statement's first. Comments are found with `tokenize`, so `"# noqa"` in a string is
    not one; the tokenizer runs only when the text mentions noqa at all.
    """
    if not found or "noqa" not in text.lower():
        return found
    spans = {
        node.lineno: node.end_lineno or node.lineno
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
    }
    comments = _comments(text)
    kept = []
    for flake in found:
        last = spans.get(flake.line, flake.line) if flake.key[0] == "UnusedImport" else flake.line
        code = _CODES[flake.key[0]]
        if not any(_covers(comments.get(n, ""), code) for n in range(flake.line, last + 1)):
            kept.append(flake)
    return kept


def _covers(comment: str, code: str) -> bool:
    for match in _NOQA.finditer(comment):
        if match.group("colon") is None:
            return True
        codes = match.group("codes")
        if codes is not None and code in re.split(r"[,\s]+", codes.upper()):
            return True
    return False


def _comments(text: str) -> dict[int, str]:
    """Line number -> the comment on that line."""
    comments = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                comments[token.start[0]] = token.string
    except (tokenize.TokenError, SyntaxError):
        pass  # the text parsed with `ast`, so this does not arise; keep the messages then
    return comments


def _import_keys(tree: ast.Module | None) -> Counter[str]:
    """The names imports bind, spelled as pyflakes' messages are keyed (`import a.b`: `b`)."""
    keys: Counter[str] = Counter()
    for node in ast.walk(tree) if tree is not None else ():
        if isinstance(node, ast.Import):
            keys.update(a.asname or a.name.rpartition(".")[2] for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            keys.update(a.asname or a.name for a in node.names)
    return keys


def flakes(text: str | None, path: str) -> tuple[Flake, ...] | None:
    """The checked pyflakes messages of `text` no noqa comment covers; None if it does not parse."""
    if text is None:
        return ()
    tree = _parse(text, path)
    return None if tree is None else _flakes_of(tree, path, text)


def _flakes_of(tree: ast.Module, path: str, text: str) -> tuple[Flake, ...]:
    result = checker.Checker(tree, filename=path)
    found = []
    for message in result.messages:
        if isinstance(message, _CHECKED):
            name = str(message.message_args[0]) if message.message_args else ""
            if isinstance(message, _UNUSED):
                # 'a.b.x' and 'a.c.x' bind the same `x`: a retargeted import is not a new one.
                name = name.rpartition(" as ")[2].rpartition(".")[2]
            text_ = message.message % message.message_args
            found.append(Flake((type(message).__name__, name), message.lineno, text_))
    return tuple(sorted(noqa(text, tree, found), key=lambda f: (f.line, f.text)))


def _parse(text: str, path: str) -> ast.Module | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences are not our business here
            return ast.parse(text, filename=path)
    except (SyntaxError, ValueError):
        return None


def _syntax_error(text: str, path: str) -> str:
    try:
        ast.parse(text, filename=path)
    except SyntaxError as exc:
        return f"new code does not parse: {exc.msg} (line {exc.lineno})"
    except ValueError as exc:
        return f"new code does not parse: {exc}"
    return "new code does not parse"
