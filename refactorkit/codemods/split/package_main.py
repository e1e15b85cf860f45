"""`__main__.py` for the new package, so `python -m pkg.models` still runs the old main block.

`python -m` on a package runs its `__main__.py`, never the `if __name__ == "__main__":` block
of `__init__.py` (whose `__name__` is the package's). The block's body moves here, with
imports of what it reads: the module's own names from the submodules that define them.
"""

from __future__ import annotations

import libcst as cst

from refactorkit.codemods.split.layout import INIT, Layout
from refactorkit.codemods.split.model import ModuleModel, Unit, UnitKind
from refactorkit.codemods.split.render import from_import, import_section


def render_main(model: ModuleModel, layout: Layout) -> str | None:
    """The text of `__main__.py`, or None when the module has no (simple) main block."""

    found = _simple_main(model)
    if found is None:
        return None
    main, guard = found
    block = guard.body
    if not isinstance(block, cst.IndentedBlock):
        return None
    body = "".join(model.cst_module.code_for_node(stmt) for stmt in block.body)
    wanted, siblings = _main_needs(model, layout, main)
    return _main_file(model, wanted, _sibling_imports(model, layout, siblings)) + body


def _main_file(model: ModuleModel, wanted: set[str], links: str) -> str:
    """Header, docstring and imports of `__main__.py`, up to the blank line before the body."""
    nl = model.newline
    plain, guarded = import_section(model, wanted, nl)
    parts = [model.header] if model.header else []
    parts.append(
        f'"""Run as `python -m`: the old module\'s `if __name__ == "__main__":` block."""{nl}'
    )
    parts.extend(p for p in (plain, guarded, links) if p)
    return nl.join(p.rstrip("\r\n") + nl for p in parts) + nl


def _sibling_imports(model: ModuleModel, layout: Layout, siblings: dict[str, list[str]]) -> str:
    """`from .group import ...` lines for the module's own names, in the layout's file order."""
    return "".join(
        from_import(f".{g}", siblings[g], model.newline, indent=model.indent)
        for g in layout.order
        if g in siblings
    )


def _simple_main(model: ModuleModel) -> tuple[Unit, cst.If] | None:
    """The module's one `if __name__ == "__main__":` unit and its node, when it has no `else:`."""
    mains = [u for u in model.units if u.kind is UnitKind.MAIN]
    if len(mains) != 1:
        return None
    node = mains[0].node
    if not isinstance(node, cst.If) or node.orelse:
        return None
    return mains[0], node


def _main_needs(
    model: ModuleModel, layout: Layout, main: Unit
) -> tuple[set[str], dict[str, list[str]]]:
    """What the main block reads: names to import as the module did, and per submodule."""
    wanted: set[str] = set()
    siblings: dict[str, list[str]] = {}
    for use in main.uses:
        if use.name in main.defines:
            continue  # the block binds it itself (imaplib: `Debug = int(val)`)
        seen_by = model.binding(use.name, main.index, run_time=False)
        if seen_by is None:
            continue
        owner = model.units[seen_by]
        group = layout.place.get(seen_by)
        if owner.kind is UnitKind.DEFINITION and group and group != INIT:
            names = siblings.setdefault(group, [])
            if use.name not in names:
                names.append(use.name)
        elif owner.kind in (UnitKind.IMPORT, UnitKind.IMPORT_BLOCK):
            wanted.add(use.name)
    return wanted, siblings
