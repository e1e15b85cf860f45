"""From the split's flat package to the web layout: `routers__products.py` becomes
`routers/products.py`, and every import between the new files follows.

The split names groups with one identifier; split-app names a group in a folder
`routers__products`. Here each such file moves into its folder (with an `__init__.py`), its
relative imports gain a dot, and every new file's references to a moved sibling are spelled
with the folder: `from .routers__products import x` -> `from .routers.products import x`,
`from . import routers__products` -> `from .routers import products as routers__products`,
`app.routers__products.x` -> `app.routers.products.x`.
"""

from __future__ import annotations

from dataclasses import replace

import libcst as cst

from refactorkit.domain import ChangeSet, CreateFile, FileChange, ModifyFile, MoveFile

SEP = "__"


def flat(group: str) -> str:
    return group.replace("/", SEP)


def nested(group: str) -> str:
    return group.replace(SEP, "/")


class _Spell(cst.CSTTransformer):
    """Rewrites sibling references in one new file `depth` folders below the package."""

    def __init__(self, moved: dict[str, tuple[str, str]], depth: int) -> None:
        self.moved = moved  # flat group -> (folder, module)
        self.depth = depth

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom:
        if not updated_node.relative:
            return updated_node
        dots = [cst.Dot() for _ in range(len(updated_node.relative) + self.depth)]
        node = updated_node.with_changes(relative=dots)
        if node.module is None and isinstance(node.names, (list, tuple)) and len(node.names) == 1:
            return self._from_folder(node, node.names[0])
        module = node.module
        if isinstance(module, cst.Name) and module.value in self.moved:
            folder, name = self.moved[module.value]
            return node.with_changes(module=cst.Attribute(cst.Name(folder), cst.Name(name)))
        return node

    def _from_folder(self, node: cst.ImportFrom, alias: cst.ImportAlias) -> cst.ImportFrom:
        """`from . import routers__x [as a]` -> `from .routers import x as routers__x`."""
        target = alias.name
        if not isinstance(target, cst.Name) or target.value not in self.moved:
            return node
        folder, name = self.moved[target.value]
        local = alias.asname.name if alias.asname is not None else cst.Name(target.value)
        assert isinstance(local, cst.Name)
        return node.with_changes(
            module=cst.Name(folder),
            names=[cst.ImportAlias(cst.Name(name), asname=cst.AsName(local))],
        )

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.Attribute:
        if updated_node.attr.value not in self.moved:
            return updated_node
        folder, name = self.moved[updated_node.attr.value]
        inner = updated_node.with_changes(attr=cst.Name(folder))
        return cst.Attribute(inner, cst.Name(name))


def respell(text: str, moved: dict[str, tuple[str, str]], depth: int) -> str:
    """`text` (a new file `depth` folders down) with its sibling imports spelled nested."""
    if depth == 0 and not any(group in text for group in moved):
        return text
    tree = cst.parse_module(text)
    return tree.visit(_Spell(moved, depth)).code


def nest_changeset(changeset: ChangeSet, package: str) -> ChangeSet:
    """Move `package/a__b.py` files to `package/a/b.py` and respell the imports of all."""
    moved: dict[str, tuple[str, str]] = {}
    for change in changeset.changes:
        stem = _stem(change, package)
        if stem is not None and SEP in stem.strip("_"):
            folder, _, name = stem.partition(SEP)
            moved[stem] = (folder, name)
    changes: list[FileChange] = [_respelled(c, package, moved) for c in changeset.changes]
    for folder in sorted({f for f, _ in moved.values()}):
        changes.append(CreateFile(f"{package}/{folder}/__init__.py", new_text=""))
    summary = tuple(_summary_line(line, package, moved) for line in changeset.summary)
    return replace(changeset, changes=tuple(changes), summary=summary)


def _stem(change: FileChange, package: str) -> str | None:
    path = change.path if isinstance(change, CreateFile) else None
    if path is None or not path.startswith(package + "/") or not path.endswith(".py"):
        return None
    stem = path[len(package) + 1 : -3]
    return stem if "/" not in stem else None


def _respelled(change: FileChange, package: str, moved: dict[str, tuple[str, str]]) -> FileChange:
    if isinstance(change, MoveFile) and change.new_text is not None:
        return replace(change, new_text=respell(change.new_text, moved, 0))
    if isinstance(change, (CreateFile, ModifyFile)) and change.path.startswith(package + "/"):
        stem = _stem(change, package)
        if stem in moved:
            folder, name = moved[stem]
            path = f"{package}/{folder}/{name}.py"
            return replace(change, path=path, new_text=respell(change.new_text, moved, 1))
        return replace(change, new_text=respell(change.new_text, moved, 0))
    return change


def _summary_line(line: str, package: str, moved: dict[str, tuple[str, str]]) -> str:
    for stem, (folder, name) in moved.items():
        line = line.replace(f"{package}/{stem}.py", f"{package}/{folder}/{name}.py")
    return line
