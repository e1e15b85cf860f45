"""Which names other modules of the repo take from the module being split.

`from pkg.models import X`, `pkg.models.X` / `m.X` after `import pkg.models as m` or
`from pkg import models`, and dotted strings such as `mock.patch("pkg.models.X")`. A cheap
text filter (the module's last name must appear) keeps the scan fast on large trees.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field

from refactorkit.codemods.split.model import ModuleModel
from refactorkit.codemods.split.module_access import import_origin
from refactorkit.codemods.split.source import SplitSource
from refactorkit.domain import Progress, SourceFile, counted
from refactorkit.graph.imports import extract_imports
from refactorkit.workspace import SourceError, discover, read_source


@dataclass(frozen=True)
class ImporterUsage:
    """Names taken from the old module, and by which files."""

    names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name -> relpaths
    patched: frozenset[str] = frozenset()  # names replaced through the old path (mock.patch)
    patched_objects: frozenset[str] = frozenset()  # ... as patch.object(module, "X"): no string
    files: tuple[str, ...] = ()  # every file that refers to the module
    skipped: tuple[str, ...] = ()  # files that could not be read or parsed, with the reason
    sources: tuple[SourceFile, ...] = ()  # the files of `files`, for the reference rewriter
    star_imports: tuple[str, ...] = ()  # "relpath:line" of each `from <module> import *`
    reloads: tuple[str, ...] = ()  # "relpath:line" of each `importlib.reload(<module>)`


def scan_importers(
    source: SplitSource, model: ModuleModel, progress: Progress | None = None
) -> ImporterUsage:
    """Scan the project of `source` for uses of its module (nothing when it has no name)."""
    module = source.module
    if not module:
        return ImporterUsage()
    scan = _ImporterScan(source, module)
    for item in counted(discover(source.root).files, progress):
        if item.path != source.path:
            scan.add(item)
    return scan.usage()


class _ImporterScan:
    """What the files of the project take from `module`, gathered file by file."""

    def __init__(self, source: SplitSource, module: str) -> None:
        self.module = module
        self.last = module.rsplit(".", 1)[-1]
        self.found: dict[str, set[str]] = {}
        self.patched: set[str] = set()
        self.objects: set[str] = set()
        self.files: list[str] = []
        self.sources: list[SourceFile] = []
        self.skipped: list[str] = []
        self.stars: list[str] = []
        self.reloads: list[str] = []
        self.strings = re.compile(r"[\"']" + re.escape(module) + r"\.([A-Za-z_]\w*)")
        # "pkg.models.X" replaces X itself; "pkg.models.X.attr" patches the shared object X.
        self.exact = re.compile(r"[\"']" + re.escape(module) + r"\.([A-Za-z_]\w*)[\"']")
        parent = module.rpartition(".")[0]
        # Absolute references name the parent package ("pkg" in "pkg.models", "from pkg import
        # models"); relative ones can only come from inside it. Everything else is skipped unread.
        self.needle = parent or module
        self.inside = source.relpath.rpartition("/")[0] + "/" if parent else ""

    def add(self, item: SourceFile) -> None:
        read = self._read(item)
        if read is None:
            return
        text, tree = read
        names, aliases = _names_taken(tree, self.module, item.module, item.is_package)
        attributes = _patched_attributes(tree, aliases)
        self.patched |= set(self.exact.findall(text)) | attributes
        self.objects |= attributes
        names |= set(self.strings.findall(text))
        if f"{self.last}.__file__" in text:  # also `parsers.rst.states.__file__` (docutils)
            names.add("__file__")
        if names or _imports_module(tree, self.module, item.module, item.is_package):
            self.files.append(item.relpath)
            self.sources.append(item)
        for name in names:
            self.found.setdefault(name, set()).add(item.relpath)
        self.stars += _at(item, star_imports(tree, self.module, item.module, item.is_package))
        self.reloads += _at(item, _reload_lines(tree, self.module, aliases))

    def _read(self, item: SourceFile) -> tuple[str, ast.Module] | None:
        """The file's text and tree; None when it cannot name the module or does not parse."""
        try:
            text, _ = read_source(item.path)
        except SourceError as exc:
            self.skipped.append(f"{item.relpath}: {exc}")
            return None
        if self.last not in text or (
            self.needle not in text and not item.relpath.startswith(self.inside)
        ):
            return None
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError) as exc:
            self.skipped.append(f"{item.relpath}: does not parse ({exc})")
            return None
        return text, tree

    def usage(self) -> ImporterUsage:
        return ImporterUsage(
            {n: tuple(sorted(f)) for n, f in sorted(self.found.items())},
            frozenset(self.patched),
            frozenset(self.objects),
            tuple(self.files),
            tuple(self.skipped),
            tuple(self.sources),
            tuple(self.stars),
            tuple(self.reloads),
        )


def _at(item: SourceFile, lines: list[int]) -> list[str]:
    return [f"{item.relpath}:{n}" for n in lines]


def star_imports(tree: ast.Module, module: str, own: str | None, is_package: bool) -> list[int]:
    """Lines of `from <module> import *` (absolute or relative) in the file."""
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        and node.names[0].name == "*"
        and import_origin(node, own, is_package) == module
    ]


def _reload_lines(tree: ast.Module, module: str, aliases: set[str]) -> list[int]:
    """Lines of `reload(m)` / `importlib.reload(sys.modules["pkg.mod"])` of the module."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = _dotted(node.func) or ""
        if name.rpartition(".")[2] != "reload":
            continue
        target = node.args[0]
        named = any(isinstance(n, ast.Constant) and n.value == module for n in ast.walk(target))
        if named or _dotted(target) in aliases:
            lines.append(node.lineno)
    return lines


def _imports_module(tree: ast.Module, module: str, own: str | None, is_package: bool) -> bool:
    for record in extract_imports(tree, own, is_package):
        if record.module == module or (
            record.name and f"{record.module}.{record.name}".startswith(module)
        ):
            return True
    return False


def _names_taken(
    tree: ast.Module, module: str, own: str | None, is_package: bool
) -> tuple[set[str], set[str]]:
    """(names taken from the module, local dotted names bound to the module itself)."""
    names, aliases = _imported(tree, module, own, is_package)
    last = module.rsplit(".", 1)[-1]
    aliases |= {
        node.asname
        for node in ast.walk(tree)
        if isinstance(node, ast.alias) and node.asname and node.name in (module, last)
    }
    if aliases:
        names |= {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and _dotted(node.value) in aliases
        }
    return names, aliases


def _imported(
    tree: ast.Module, module: str, own: str | None, is_package: bool
) -> tuple[set[str], set[str]]:
    """(names imported from the module, local names its imports bind to the module)."""
    names: set[str] = set()
    aliases: set[str] = set()
    for record in extract_imports(tree, own, is_package):
        if record.module == module and record.name:
            names.add(record.name)
        elif record.name and f"{record.module}.{record.name}" == module:
            aliases.add(record.name)
        elif record.module == module and record.name is None:
            aliases.add(module)
    return names, aliases


def _patched_attributes(tree: ast.Module, aliases: set[str]) -> set[str]:
    """X of `setattr(m, "X", ...)`, `monkeypatch.setattr(m, "X", ...)`, `patch.object(m, "X")`."""
    out: set[str] = set()
    if not aliases:
        return out
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or len(node.args) < 2:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        target, attr = node.args[0], node.args[1]
        if (
            name in ("setattr", "object", "delattr")
            and _dotted(target) in aliases
            and isinstance(attr, ast.Constant)
            and isinstance(attr.value, str)
        ):
            out.add(attr.value)
    return out


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None
