"""`__main__.py` for the new package, so `python -m pkg.models` still runs the old main block.

`python -m` on a package runs its `__main__.py`, never the `if __name__ == "__main__":` block
of `__init__.py` (whose `__name__` is the package's). The block's body moves here, with
imports of what it reads: the module's own names from the submodules that define them.
"""

from __future__ import annotations

import libcst as cst

from refactorkit.codemods.split.layout import INIT, Layout
from refactorkit.codemods.split.model import ModuleModel, UnitKind
from refactorkit.codemods.split.render import from_import, import_section


def render_main(model: ModuleModel, layout: Layout) -> str | None:
    """The text of `__main__.py`, or None when the module has no (simple) main block."""

    mains = [u for u in model.units if u.kind is UnitKind.MAIN]
    if len(mains) != 1 or not isinstance(mains[0].node, cst.If) or mains[0].node.orelse:
        return None
    block = mains[0].node.body
    if not isinstance(block, cst.IndentedBlock):
        return None
    nl = model.newline
    module = model.cst_module
    body = "".join(module.code_for_node(stmt) for stmt in block.body)
    wanted: set[str] = set()
    siblings: dict[str, list[str]] = {}
    for use in mains[0].uses:
        if use.name in mains[0].defines:
            continue  # the block binds it itself (imaplib: `Debug = int(val)`)
        seen_by = model.binding(use.name, mains[0].index, run_time=False)
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
    plain, guarded = import_section(model, wanted, nl)
    parts = [model.header] if model.header else []
    parts.append(
        f'"""Run as `python -m`: the old module\'s `if __name__ == "__main__":` block."""{nl}'
    )
    parts.extend(p for p in (plain, guarded) if p)
    links = "".join(
        from_import(f".{g}", siblings[g], nl, indent=model.indent)
        for g in layout.order
        if g in siblings
    )
    if links:
        parts.append(links)
    return nl.join(p.rstrip("\r\n") + nl for p in parts) + nl + body
