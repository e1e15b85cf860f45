"""An example per-file codemod: `dict()` and `list()` calls with no arguments become literals.

`{}` and `[]` say the same thing faster (no name lookup, no call) and cannot be shadowed by a
local `dict`. A module that binds `dict` or `list` itself is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst
import libcst.matchers as m

from refactorkit.codemods.base import FileCodemod


@dataclass(frozen=True)
class EmptyLiteralsOptions:
    paths: tuple[Path, ...] = ()
    only_dict: bool = field(default=False, metadata={"help": "Leave `list()` calls alone."})


class _Literals(cst.CSTTransformer):
    def __init__(self, options: EmptyLiteralsOptions, shadowed: set[str]) -> None:
        super().__init__()
        self.names = {"dict"} if options.only_dict else {"dict", "list"}
        self.names -= shadowed

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if updated.args or not m.matches(updated.func, m.Name()):
            return updated
        name = updated.func.value  # type: ignore[attr-defined]
        if name not in self.names:
            return updated
        return cst.Dict([]) if name == "dict" else cst.List([])


class EmptyLiterals(FileCodemod[EmptyLiteralsOptions]):
    """Replace `dict()` and `list()` (no arguments) with `{}` and `[]`.

    Files that bind `dict` or `list` themselves (an import, a def, an assignment) keep
    their calls for that name.
    """

    name = "xmp-empty-literals"
    summary = "Replace dict() and list() with {} and []."
    Options = EmptyLiteralsOptions

    def transform(self, module: cst.Module, options: EmptyLiteralsOptions) -> cst.Module:
        shadowed = {name for name in ("dict", "list") if _binds(module, name)}
        return module.visit(_Literals(options, shadowed))


def _binds(module: cst.Module, name: str) -> bool:
    """Whether the module assigns, defines or imports `name` anywhere."""
    bound = m.Name(name)
    return any(
        m.findall(module, pattern)
        for pattern in (
            m.AssignTarget(target=bound),
            m.FunctionDef(name=bound),
            m.ClassDef(name=bound),
            m.ImportAlias(asname=m.AsName(name=bound)),
            m.ImportAlias(name=bound, asname=None),
        )
    )
