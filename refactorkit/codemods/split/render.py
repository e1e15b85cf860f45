"""Rendering one new file of a split: its imports, sibling imports and edited statements.

Kept apart from `transform` (which assembles the whole ChangeSet) so that the package
`__init__.py` and `__main__.py` renderers can share these helpers without an import cycle.
"""

from __future__ import annotations

import ast
import re

from refactorkit.codemods.import_order import sorted_names
from refactorkit.codemods.split.import_copy import copy_import
from refactorkit.codemods.split.layout import INIT, Layout, Needs, file_needs
from refactorkit.codemods.split.model import ModuleModel, Unit, UnitKind
from refactorkit.codemods.split.splice import (
    Edit,
    apply_edits,
    deeper_relative_imports,
    file_path_edits,
)

_RELATIVE = re.compile(r"\bfrom\s+\.")
LINE_LIMIT = 88


def first_line(unit: Unit) -> str:
    lines = [ln for ln in unit.code.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    return lines[0].strip() if lines else ""


def render_submodule(
    model: ModuleModel,
    layout: Layout,
    group: str,
    warnings: list[str],
    keep_name: bool = False,
) -> tuple[str, list[str]]:
    """The text of one submodule, and the names it defines."""
    units = layout.units_in(model, group)
    needs = file_needs(model, layout, group)
    aliases = _module_aliases(model, layout, needs, units)
    nl = model.newline
    parts = _head_parts(model, layout, needs, aliases, keep_name)
    body = [edited_code(model, u, needs, aliases, group, warnings) for u in units]
    if body:
        body[0] = _strip_leading_blank(body[0])
    head = nl.join(p for p in parts if p)
    text = (head + nl + nl if head else "") + "".join(body)
    names = [n for u in units for n in u.defines]
    return text, names


def _head_parts(
    model: ModuleModel, layout: Layout, needs: Needs, aliases: dict[str, str], keep_name: bool
) -> list[str]:
    """A submodule's header, imports and `__name__` line (some may be empty)."""
    nl = model.newline
    parts = [model.header] if model.header else []
    plain, guarded = import_section(model, needs.imports, nl)
    parts.append(plain)
    parts.append(sibling_section(needs, aliases, layout.order, model, nl))
    parts.append(guarded)
    if keep_name and model.module:
        # Classes and functions take __module__ from __name__ when they are created; so do
        # loggers and registries that use it. Imports use __package__, which stays right.
        parts.append(f'__name__ = "{model.module}"  # the old module path: see docs/split.md{nl}')
    return parts


def _module_aliases(
    model: ModuleModel, layout: Layout, needs: Needs, units: list[Unit]
) -> dict[str, str]:
    """How a submodule spells the modules it reaches by attribute: group -> expression.

    `""` is the package itself (`models`), a group reached through it `models.orders`, an
    earlier group imported as a module `base` (`_base` when the name is taken).
    """
    if not needs.modules and not needs.direct:
        return {}
    taken = {name for u in units for name in _identifiers(u.code)}
    alias = _alias((model.module or "").rpartition(".")[2], taken)
    aliases = {m: f"{alias}.{m}" if m else alias for m in needs.modules}
    aliases.update({m: _alias(m, taken | set(layout.order) - {m}) for m in needs.direct})
    return aliases


def import_section(model: ModuleModel, wanted: set[str], nl: str) -> tuple[str, str]:
    """(`from __future__` imports and the module's imports binding a wanted name, as written;
    the `if TYPE_CHECKING:` blocks among them, which go after the sibling imports)."""
    future = "".join(
        _strip_leading_blank(u.code)
        for u in model.units
        if u.kind is UnitKind.FUTURE and u.node is not None
    )
    copied, guarded = _copied_imports(model, wanted, nl)
    imports = "".join(copied)
    return nl.join(p for p in (future, imports) if p), "".join(guarded)


def _copied_imports(model: ModuleModel, wanted: set[str], nl: str) -> tuple[list[str], list[str]]:
    """The import statements that bind a wanted name (plain ones, TYPE_CHECKING blocks)."""
    copied: list[str] = []
    guarded: list[str] = []
    owed = False
    for unit in model.units:
        if unit.kind not in (UnitKind.IMPORT, UnitKind.IMPORT_BLOCK) or unit.node is None:
            continue
        into = guarded if unit.type_checking else copied
        code = _copy_wanted(model, unit, wanted, strip_lead=not into)
        if code is None:
            # a dropped import held the blank line between two sections
            owed = owed or unit.code.startswith(("\n", "\r"))
            continue
        if owed and into and not code.startswith(("\n", "\r")):
            code = nl + code
        owed = False
        into.append(code)
    return copied, guarded


def _copy_wanted(model: ModuleModel, unit: Unit, wanted: set[str], strip_lead: bool) -> str | None:
    """The import unit filtered to the `wanted` names, None when it binds none of them."""
    if unit.node is None or not wanted & set(unit.defines):
        return None
    return copy_import(model.cst_module, unit.node, wanted, deeper=True, strip_lead=strip_lead)


def sibling_section(
    needs: Needs, aliases: dict[str, str], order: tuple[str, ...], model: ModuleModel, nl: str
) -> str:
    lines = _from_sibling_imports(needs, order, model, nl)
    lines.extend(_module_imports(needs, aliases, order, model, nl))
    typed = [g for g in order if g in needs.type_only]
    if typed:
        if "TYPE_CHECKING" not in model.import_providers():
            lines.insert(0, f"from typing import TYPE_CHECKING{nl}{nl}")
        lines.append(_type_checking_block(needs, typed, model, nl, first=not lines))
    return "".join(lines)


def _from_sibling_imports(
    needs: Needs, order: tuple[str, ...], model: ModuleModel, nl: str
) -> list[str]:
    """`from .group import ...` per group, then guarded imports of conditional names."""
    lines: list[str] = []
    maybe = conditional_names(model)
    guarded: list[str] = []
    for group in order:
        names = needs.siblings.get(group, [])
        plain = [n for n in names if n not in maybe]
        if plain:
            lines.append(from_import(f".{group}", plain, nl, indent=model.indent))
        guarded.extend(
            guarded_import(f".{group}", n, nl, model.indent) for n in names if n in maybe
        )
    return lines + guarded


def _type_checking_block(
    needs: Needs, typed: list[str], model: ModuleModel, nl: str, first: bool
) -> str:
    """`if TYPE_CHECKING:` with the sibling imports only annotations need."""
    tab = model.indent
    block = [f"if TYPE_CHECKING:{nl}" if first else f"{nl}if TYPE_CHECKING:{nl}"]
    block.extend(
        tab
        + from_import(f".{g}", needs.type_only[g], nl, indent=tab)
        .replace(nl, nl + tab)
        .rstrip(" \t")
        for g in typed
    )
    return "".join(block)


def _module_imports(
    needs: Needs, aliases: dict[str, str], order: tuple[str, ...], model: ModuleModel, nl: str
) -> list[str]:
    """`from . import base` for earlier groups read by attribute, and the package if needed."""
    lines = []
    for group in order:
        if group in needs.direct:
            alias = aliases[group]
            lines.append(f"from . import {group}" + (f" as {alias}" if alias != group else "") + nl)
    if needs.modules:
        # The package, not the submodule: importing it triggers nothing (it is being imported
        # already), and `package.submodule.name` resolves at call time, cycle or not.
        alias = aliases[next(iter(needs.modules))].split(".")[0]  # the package's local name
        parent, _, name = (model.module or "").rpartition(".")
        statement = f"from .. import {name}" if parent else f"import {name}"
        lines.append(statement + (f" as {alias}" if alias != name else "") + nl)
    return lines


def conditional_names(model: ModuleModel) -> set[str]:
    """Names some branch of an `if`/`try` may leave unbound (platform or version code)."""
    return {n for u in model.units for n in u.conditional}


def guarded_import(module: str, name: str, nl: str, indent: str = "    ") -> str:
    """Import a name that may not exist: the old module did not always define it either."""
    return (
        f"try:{nl}{indent}from {module} import {name}{nl}"
        f"except ImportError:  # not defined in every configuration{nl}{indent}pass{nl}"
    )


def from_import(
    module: str, names: list[str], nl: str, sort: bool = True, indent: str = "    "
) -> str:
    """`from module import a, b`, wrapped one name per line when too long."""
    names = sorted_names(names) if sort else names
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= LINE_LIMIT:
        return line + nl
    inner = "".join(f"{indent}{n},{nl}" for n in names)
    return f"from {module} import ({nl}{inner}){nl}"


def edited_code(
    model: ModuleModel,
    unit: Unit,
    needs: Needs | None,
    aliases: dict[str, str],
    group: str,
    warnings: list[str],
) -> str:
    """A unit's code with the edits its new place requires."""
    code = unit.code
    edits: list[Edit] = []
    if needs is not None:
        for use, home in needs.attribute_uses.get(unit.index, []):
            edits.append(Edit(use.line, use.col, use.end_col, f"{aliases[home]}.{use.name}"))
    has_relative = _RELATIVE.search(code) is not None
    if has_relative or unit.uses_file:
        tree = ast.parse(code)
        if has_relative:
            edits.extend(deeper_relative_imports(tree, code))
        if unit.uses_file:
            edits.extend(_file_edits(model, unit, tree, group, warnings))
    return apply_edits(code, edits) if edits else code


def _file_edits(
    model: ModuleModel, unit: Unit, tree: ast.Module, group: str, warnings: list[str]
) -> list[Edit]:
    """Edits for `__file__`-relative paths one folder deeper, with a warning for each kind."""
    file_edits, left = file_path_edits(tree, unit.code)
    where = "__init__.py" if group == INIT else f"{group}.py"
    if file_edits:
        warnings.append(
            f"{model.relpath}:{unit.first_line}: __file__-relative folder of {unit.label} "
            f"adjusted for the new depth ({where})"
        )
    if left:
        warnings.append(
            f"{model.relpath}:{unit.first_line}: {unit.label} reads __file__, which is now "
            f"{where} one folder deeper: check it"
        )
    return file_edits


def _identifiers(code: str) -> set[str]:
    """Every name a statement binds or reads, at any depth (parameters included)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Name):
            out.add(node.id)
        elif isinstance(node, ast.arg):
            out.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out.add(node.name)
        elif isinstance(node, ast.alias):
            out.add(node.asname or node.name.split(".")[0])
    return out


def _alias(module: str, taken: set[str]) -> str:
    alias = module
    while alias in taken:
        alias = f"_{alias}"
    return alias


def _strip_leading_blank(code: str) -> str:
    lines = code.splitlines(keepends=True)
    while lines and not lines[0].strip():
        lines.pop(0)
    return "".join(lines)
