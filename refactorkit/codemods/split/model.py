"""A module seen as a list of top-level statements ("units") with what each binds and reads.

LibCST keeps every statement's exact text (with the comments above it) so a split can copy it
byte for byte; `ast` answers the name questions, which is an order of magnitude faster than
LibCST's scope metadata on a 3,000-line module.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

import libcst as cst

from refactorkit.codemods.split.kinds import UnitKind, classify, is_docstring, is_type_checking
from refactorkit.codemods.split.names import (
    NameFacts,
    Use,
    UseKind,
    always_bound,
    analyze_statement,
)
from refactorkit.codemods.split.orm import OrmFacts, orm_facts, section_title

__all__ = ["ModelError", "ModuleModel", "Unit", "UnitKind", "build_model"]


@dataclass(frozen=True)
class Unit:
    """One top-level statement (a `;`-joined line counts as one) and its facts."""

    index: int
    kind: UnitKind
    code: str  # exact text, comments and blank lines above it included
    first_line: int  # 1-based line of the statement itself in the original file
    last_line: int
    defines: tuple[str, ...]
    uses: tuple[Use, ...]
    rebinds: frozenset[str]
    orm: OrmFacts
    section: str | None  # the section banner above this statement, if any
    type_checking: bool = False  # an `if TYPE_CHECKING:` import block
    uses_file: bool = False  # reads __file__
    uses_name: bool = False  # reads __name__ (outside the __main__ guard)
    has_star_import: bool = False
    bases: tuple[str, ...] = ()  # base class names of a class statement (last dotted part)
    conditional: frozenset[str] = frozenset()  # bound only in some branches (if/try)
    node: cst.BaseStatement | None = field(default=None, compare=False, repr=False)

    @property
    def lines(self) -> int:
        return self.last_line - self.first_line + 1

    @property
    def is_class(self) -> bool:
        return isinstance(self.node, cst.ClassDef)

    @property
    def label(self) -> str:
        """How messages name this statement."""
        names = ", ".join(self.defines) if self.defines else ""
        return (
            f"{names} (line {self.first_line})" if names else f"statement at line {self.first_line}"
        )

    def names_used(self, *kinds: UseKind) -> set[str]:
        wanted = set(kinds) or set(UseKind)
        return {use.name for use in self.uses if use.kind in wanted}


@dataclass(frozen=True)
class ModuleModel:
    """A parsed module ready to be planned and split."""

    relpath: str
    module: str | None  # dotted name, None when not importable
    text: str
    newline: str
    header: str  # comment lines before the first statement (license), copied to every file
    preamble: str  # the whole header, kept in __init__.py
    footer: str
    units: tuple[Unit, ...]
    postponed_annotations: bool
    all_names: tuple[str, ...] | None  # a literal __all__, if the module has one
    cst_module: cst.Module = field(compare=False, repr=False)
    indent: str = "    "  # one level of the module's indentation (a tab in a tab-indented file)

    def providers(self) -> Mapping[str, tuple[int, ...]]:
        """Name -> indices of the definition units that bind it (several: defined twice)."""
        found: dict[str, list[int]] = {}
        for unit in self.units:
            if unit.kind in (UnitKind.DEFINITION, UnitKind.SIDE_EFFECT):
                for name in unit.defines:
                    found.setdefault(name, []).append(unit.index)
        return {name: tuple(indices) for name, indices in found.items()}

    @cached_property
    def _bindings(self) -> dict[str, tuple[int, ...]]:
        found: dict[str, list[int]] = {}
        kinds = (UnitKind.IMPORT, UnitKind.IMPORT_BLOCK, UnitKind.DEFINITION)
        for unit in self.units:
            if unit.kind in kinds:
                for name in unit.defines:
                    found.setdefault(name, []).append(unit.index)
        return {name: tuple(indices) for name, indices in found.items()}

    def binding(self, name: str, at: int, run_time: bool) -> int | None:
        """The unit whose binding of `name` a read in unit `at` sees.

        At import time that is the last binding above the statement (stdlib `_pyio` imports
        FileIO, uses it, and defines a class FileIO much later); at run time, the last one.
        """
        indices = self._bindings.get(name)
        if not indices:
            return None
        if not run_time:
            earlier = [i for i in indices if i < at]
            if earlier:
                return earlier[-1]
        return indices[-1]

    def names_listed(self) -> set[str]:
        """Names a module-level list of strings offers by name (jinja2's `exported = [...]`).

        Code generated from such a list (`"from jinja2.runtime import " + ", ".join(exported)`)
        imports them from the module by string, which no import statement shows.
        """
        bound = set(self._bindings)
        found: set[str] = set()
        for unit in self.units:
            if unit.kind is UnitKind.DEFINITION and isinstance(unit.node, cst.SimpleStatementLine):
                for stmt in ast.parse(unit.code).body:
                    found.update(_listed_names(stmt, bound))
        return found

    def import_providers(self) -> Mapping[str, tuple[int, ...]]:
        """Name -> indices of import units (or import blocks) that bind it."""
        found: dict[str, list[int]] = {}
        for unit in self.units:
            if unit.kind in (UnitKind.IMPORT, UnitKind.IMPORT_BLOCK):
                for name in unit.defines:
                    found.setdefault(name, []).append(unit.index)
        return {name: tuple(indices) for name, indices in found.items()}

    def definition_names(self) -> list[str]:
        """Every name a definition unit binds, in order of first definition."""
        seen: dict[str, None] = {}
        for unit in self.units:
            if unit.kind is UnitKind.DEFINITION:
                for name in unit.defines:
                    seen.setdefault(name, None)
        return list(seen)

    def tables(self) -> Mapping[str, int]:
        """Table name (and schema.table) -> unit index of the class or Table that maps it."""
        found: dict[str, int] = {}
        for unit in self.units:
            if unit.orm.tablename:
                found[unit.orm.tablename] = unit.index
                if unit.orm.schema:
                    found[f"{unit.orm.schema}.{unit.orm.tablename}"] = unit.index
        return found


class ModelError(ValueError):
    """The module cannot be modelled (it does not parse)."""


def build_model(text: str, relpath: str, module: str | None) -> ModuleModel:
    """Parse `text` and describe each top-level statement."""
    try:
        tree = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        raise ModelError(f"{relpath}: does not parse: {exc.message} (line {exc.raw_line})") from exc
    preamble = "".join(tree.code_for_node(line) for line in tree.header)
    reader = _UnitReader(tree, relpath, preamble)
    units = [reader.read(index, stmt) for index, stmt in enumerate(tree.body)]
    units = _blocks_reading_definitions(_fallback_constants(units))
    return ModuleModel(
        relpath=relpath,
        module=module,
        text=text,
        newline=tree.default_newline,
        header=_license(tree, preamble),
        preamble=preamble,
        footer="".join(tree.code_for_node(ln) for ln in tree.footer),
        units=tuple(units),
        postponed_annotations=reader.postponed,
        all_names=_all_names(units),
        cst_module=tree,
        indent=tree.default_indent,
    )


class _UnitReader:
    """Describes top-level statements in file order, carrying what earlier ones set: the line
    number, the current section banner, `from __future__ import annotations`."""

    def __init__(self, tree: cst.Module, relpath: str, preamble: str) -> None:
        self.tree = tree
        self.relpath = relpath
        self.line = preamble.count("\n") + 1
        self.postponed = False
        # A banner right above the first statement is in LibCST's module header.
        attached = preamble.split("\n\n")[-1].splitlines()
        self.section = section_title([ln for ln in attached if ln.lstrip().startswith("#")])

    def read(self, index: int, stmt: cst.SimpleStatementLine | cst.BaseCompoundStatement) -> Unit:
        code = self.tree.code_for_node(stmt)
        try:
            parsed = ast.parse(code).body
        except SyntaxError as exc:  # pragma: no cover - LibCST accepted it
            raise ModelError(f"{self.relpath}: line {self.line}: {exc.msg}") from exc
        comments = [ln.comment.value for ln in stmt.leading_lines if ln.comment is not None]
        title = section_title(comments)
        if title is not None:
            self.section = title
        kind = classify(stmt, parsed, index)
        if kind is UnitKind.FUTURE and _imports_annotations(parsed):
            self.postponed = True
        facts = (
            analyze_statement(parsed, self.postponed)
            if kind is not UnitKind.DOCSTRING
            else _NO_FACTS
        )
        start = self.line + len(stmt.leading_lines)
        end = self.line + code.count("\n") - (0 if code.endswith("\n") else -1) - 1
        self.line += code.count("\n")
        lines = (start, max(start, end))
        return _unit(index, kind, code, lines, parsed, facts, self.section, stmt)


def _unit(
    index: int,
    kind: UnitKind,
    code: str,
    lines: tuple[int, int],
    parsed: list[ast.stmt],
    facts: NameFacts,
    section: str | None,
    stmt: cst.BaseStatement,
) -> Unit:
    read = {u.name for u in facts.uses}
    return Unit(
        index=index,
        kind=kind,
        code=code,
        first_line=lines[0],
        last_line=lines[1],
        defines=facts.defines,
        uses=tuple(u for u in facts.uses if u.name not in ("__file__", "__name__")),
        rebinds=facts.rebinds,
        orm=orm_facts(parsed[0]) if len(parsed) == 1 else OrmFacts(),
        section=section,
        type_checking=kind is UnitKind.IMPORT_BLOCK and is_type_checking(parsed[0]),
        uses_file="__file__" in read,
        uses_name=kind is not UnitKind.MAIN and "__name__" in read,
        has_star_import=_has_star_import(parsed),
        bases=_bases(parsed),
        conditional=frozenset(facts.defines) - always_bound(parsed),
        node=stmt,
    )


def _imports_annotations(parsed: list[ast.stmt]) -> bool:
    """`from __future__ import annotations` among `parsed`."""
    return any(
        a.name == "annotations" for s in parsed if isinstance(s, ast.ImportFrom) for a in s.names
    )


def _has_star_import(parsed: list[ast.stmt]) -> bool:
    return any(
        isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names)
        for s in parsed
        for n in ast.walk(s)
    )


def _listed_names(stmt: ast.stmt, bound: set[str]) -> list[str]:
    """The strings of a literal list or tuple (two or more) when each is a bound name."""
    value = getattr(stmt, "value", None)
    if not isinstance(value, (ast.List, ast.Tuple)) or len(value.elts) < 2:
        return []
    strings = [e.value for e in value.elts if isinstance(e, ast.Constant)]
    if len(strings) == len(value.elts) and all(isinstance(v, str) and v in bound for v in strings):
        return [str(v) for v in strings]
    return []


_NO_FACTS = NameFacts((), (), frozenset())


def _fallback_constants(units: list[Unit]) -> list[Unit]:
    """Constants that import blocks read or rebind travel with them, as imports do.

    shutil: `_WINDOWS = os.name == 'nt'` and `posix = nt = None` come before
    `if os.name == 'posix': import posix ... elif _WINDOWS: import nt`. Copied into every file
    that needs them, they keep running before the block, as in the old module.
    """
    wanted = _import_block_names(units)
    defined = {n for u in units if u.kind is UnitKind.DEFINITION for n in u.defines}
    rebound = {n for u in units for n in u.rebinds}
    return [
        replace(u, kind=UnitKind.IMPORT_BLOCK)
        if _fallback_constant(u, wanted, defined, rebound)
        else u
        for u in units
    ]


def _import_block_names(units: list[Unit]) -> set[str]:
    """Every name an import block reads or binds."""
    blocks = [u for u in units if u.kind is UnitKind.IMPORT_BLOCK]
    return {n for u in blocks for n in (*u.names_used(), *u.defines)}


def _fallback_constant(unit: Unit, wanted: set[str], defined: set[str], rebound: set[str]) -> bool:
    """Plain assignments of names an import block reads or binds, reading no definition."""
    return (
        unit.kind is UnitKind.DEFINITION
        and isinstance(unit.node, cst.SimpleStatementLine)
        and all(isinstance(s, cst.Assign) for s in unit.node.body)
        and set(unit.defines) <= wanted
        and not set(unit.defines) & rebound
        and not unit.names_used() & defined
    )


def _blocks_reading_definitions(units: list[Unit]) -> list[Unit]:
    """An import block whose fallback reads a definition of the module is a definition.

    `try: from math import sumprod as _s` / `except ImportError: _s = dotproduct` cannot be
    hoisted with the imports above `def dotproduct`: it keeps its place in statement order,
    in a group, after what it reads.
    """
    defined: set[str] = set()
    out = []
    for unit in units:
        reads = unit.kind is UnitKind.IMPORT_BLOCK and not unit.type_checking
        if reads and unit.names_used() & defined:
            unit = replace(unit, kind=UnitKind.DEFINITION)
        if unit.kind is UnitKind.DEFINITION:
            defined.update(unit.defines)
        out.append(unit)
    return out


def _license(tree: cst.Module, preamble: str) -> str:
    """Header comments worth copying to new files: up to the last blank line, no shebang."""
    lines = preamble.splitlines(keepends=True)
    if lines and lines[0].startswith("#!"):
        lines = lines[1:]
    blank = [i for i, ln in enumerate(lines) if not ln.strip()]
    first_is_docstring = bool(tree.body) and is_docstring(tree.body[0])
    keep = lines if first_is_docstring or not blank else lines[: blank[-1]]
    while keep and not keep[-1].strip():
        keep.pop()
    return "".join(keep)


def _bases(parsed: list[ast.stmt]) -> tuple[str, ...]:
    if len(parsed) != 1 or not isinstance(parsed[0], ast.ClassDef):
        return ()
    names = []
    for base in parsed[0].bases:
        if isinstance(base, ast.Name):
            names.append(base.id)
        elif isinstance(base, ast.Attribute):
            names.append(base.attr)
    return tuple(names)


def _all_names(units: list[Unit]) -> tuple[str, ...] | None:
    names: list[str] | None = None
    for unit in units:
        if unit.kind is not UnitKind.ALL:
            continue
        for stmt in ast.parse(unit.code).body:
            value = getattr(stmt, "value", None)
            if isinstance(value, (ast.List, ast.Tuple)):
                literal = _string_elements(value)
                names = literal if isinstance(stmt, ast.Assign) else [*(names or []), *literal]
    return tuple(names) if names is not None else None


def _string_elements(value: ast.List | ast.Tuple) -> list[str]:
    return [e.value for e in value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
