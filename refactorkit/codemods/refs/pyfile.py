"""Rewriting the references of one Python file, by span edits located with `ast`.

`ast` is used to find the sites because it is an order of magnitude faster than a LibCST parse;
the edits touch only the spans that change, so formatting and comments elsewhere stay as they
are. LibCST is used only to rebuild an import statement that must be split.
"""

from __future__ import annotations

import ast
import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass

from refactorkit.codemods.refs.attrs import rewrite_attribute_uses
from refactorkit.codemods.refs.collect import collect, dotted_name
from refactorkit.codemods.refs.context import FileContext
from refactorkit.codemods.refs.imports import member_key, rewrite_import, rewrite_import_from
from refactorkit.codemods.refs.model import Mapper
from refactorkit.codemods.refs.strings import note_dynamic_paths, rewrite_strings
from refactorkit.codemods.refs.text import Edit, LineIndex, apply_edits

_STATEMENT_START = re.compile(r"(?m)^(?=from\s|import\s)")
_NO_SORT = re.compile(r"isort:\s*skip|isort:\s*off")
_SORTING_OFF = re.compile(r"(?m)^\s*#\s*isort:\s*(off|skip_file)")
_SIMPLE_FROM = re.compile(r"from\s+([.\w]+)\s+import\s+([\w ,]+?)[ \t]*(\r?\n|$)\Z")
_IMPORT_KEY = re.compile(
    r"\s*(from|import)\s+(\.*)\s*((?!import\b)[\w.]*)(?:\s+import\s+\(?\s*(\w+))?"
)


@dataclass(frozen=True)
class FileResult:
    """The new text of a file (None when unchanged) and the sites to review."""

    new_text: str | None
    review: tuple[str, ...]


def rewrite_file(
    text: str,
    *,
    relpath: str,
    module: str | None,
    is_package: bool,
    mapper: Mapper,
    words: set[str],
) -> FileResult:
    """Rewrite every reference in `text`; raises SyntaxError/ValueError when it does not parse."""
    tree = ast.parse(text)
    new_module = mapper.module(module) if module else None
    index = LineIndex(text)
    hit_lines = None if new_module else _hit_lines(index, words)
    ctx = FileContext(
        relpath=relpath,
        module=module,
        new_module=new_module or module,
        is_package=is_package,
        mapper=mapper,
        index=index,
        facts=collect(tree, words, hit_lines),
    )
    for node in ctx.facts.imports:
        if isinstance(node, ast.Import):
            rewrite_import(ctx, node)
        else:
            rewrite_import_from(ctx, node)
    _rewrite_chains(ctx)
    _rewrite_alias_chains(ctx)
    _rewrite_renamed_names(ctx)
    rewrite_attribute_uses(ctx)
    rewrite_strings(ctx)
    note_dynamic_paths(ctx)
    if not ctx.edits:
        return FileResult(None, tuple(ctx.review))
    edits = _keep_blocks_sorted(ctx, tree, ctx.edits)
    new_text, dropped = apply_edits(text, edits)
    for edit in dropped:
        ctx.note(ctx.index.text.count("\n", 0, edit.start) + 1, "overlapping rewrite skipped")
    return FileResult(new_text if new_text != text else None, tuple(ctx.review))


def _hit_lines(index: LineIndex, words: set[str]) -> list[int]:
    """Sorted line numbers holding one of `words` as an identifier."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    lines = sorted({bisect_right(index.starts, m.start()) for m in pattern.finditer(index.text)})
    return lines


def _rewrite_chains(ctx: FileContext) -> None:
    """`a.b.x` after `import a.b`: the moved module's part of the chain is renamed."""
    roots = ctx.facts.plain_roots
    if not roots:
        return
    for node in ctx.facts.attributes:
        dotted = dotted_name(node)
        if dotted is None or dotted.partition(".")[0] not in roots:
            continue
        if dotted in ctx.mapper.moved_prefixes():
            _replace_with_new_module(ctx, node, dotted)
    for old in ctx.mapper.moved_prefixes():
        if "." not in old and old in roots:
            for name in ctx.facts.names.get(old, ()):
                _replace_with_new_module(ctx, name, old)


def _replace_with_new_module(ctx: FileContext, node: ast.expr, old: str) -> None:
    """Spell the moved module `old` (which `node` reads) by its new name."""
    new = ctx.mapper.module(old)
    assert new is not None
    start, end = ctx.index.span(node)
    ctx.add(start, end, new)


def _rewrite_alias_chains(ctx: FileContext) -> None:
    """`p.util.f` after `import pkg as p` (or `from a import pkg`) when `pkg.util` moves.

    The package binds a submodule as an attribute only once something imports it; after the
    move nothing imports the old path, so `p.util` would raise AttributeError at run time.
    """
    aliases = _module_aliases(ctx)
    if not aliases:
        return
    for node in ctx.facts.attributes:
        dotted = dotted_name(node)
        root, _, rest = (dotted or "").partition(".")
        base = aliases.get(root)
        if base is None or not rest:
            continue
        new = ctx.mapper.module(f"{base}.{rest}")
        if new is None or f"{base}.{rest}" not in ctx.mapper.moved_prefixes():
            continue
        start, end = ctx.index.span(node)
        if new.startswith(base + "."):
            ctx.add(start, end, f"{root}{new[len(base) :]}")
        else:
            ctx.note(node.lineno, f"{dotted} is {base}.{rest}, moved to {new}; import it")


def _module_aliases(ctx: FileContext) -> dict[str, str]:
    """Local names bound once to a module under another name (`import a.pkg as p`, `from a import
    pkg`): local -> dotted module. Plain `import a.b` roots are handled by `_rewrite_chains`."""
    found: dict[str, str] = {}
    for node in ctx.facts.imports:
        for alias in node.names:
            full = _aliased_module(ctx, node, alias)
            local = alias.asname or alias.name
            if full and ctx.facts.import_bound[local] == 1 and not ctx.facts.bound[local]:
                found[local] = full
    return found


def _aliased_module(ctx: FileContext, node: ast.Import | ast.ImportFrom, alias: ast.alias) -> str:
    """What `alias` binds when it may be a module under a local name of its own ("" if not)."""
    if isinstance(node, ast.Import):
        return alias.name if alias.asname else ""
    base = ctx.resolve(node.level, node.module)
    return f"{base}.{alias.name}" if base and alias.name != "*" else ""


def _rewrite_renamed_names(ctx: FileContext) -> None:
    for old, new in ctx.renames.items():
        for name in ctx.facts.names.get(old, ()):
            start, end = ctx.index.span(name)
            ctx.add(start, end, new)


_Key = tuple[int, int, str, tuple[int, str]]


def _import_key(text: str, names: str = "type") -> _Key:
    """isort/ruff default order: `import x` before `from x`, farther relatives first, then
    the module, then (one import per line style) the first imported name, compared by type
    (CONSTANTS, Classes, others: ruff/isort) or case-insensitively (reorder-python-imports)."""
    match = _IMPORT_KEY.match(text)
    if match is None:
        return (2, 0, text, (0, ""))
    kind = 0 if match.group(1) == "import" else 1
    first = match.group(4) or ""
    name = member_key(first) if names == "type" and first else (0, first.lower())
    return (kind, -len(match.group(2)), match.group(3).lower(), name)


def _sorted_by(texts: list[str]) -> str | None:
    """The name convention under which `texts` are sorted, if any."""
    for names in ("type", "nocase"):
        keys = [_import_key(t, names) for t in texts]
        if keys == sorted(keys):
            return names
    return None


def _keep_blocks_sorted(ctx: FileContext, tree: ast.Module, edits: list[Edit]) -> list[Edit]:
    """Re-sort a run of top-level imports that was sorted before the edits and is not after."""
    text = ctx.index.text
    if _SORTING_OFF.search(text):
        return edits
    result = list(edits)
    for run in _import_runs(tree):
        spans = [_line_span(ctx, node) for node in run]
        inside = [e for e in result if _within(e, spans[0][0], spans[-1][1])]
        if not inside:
            continue
        replacement = _resorted(text, spans, inside)
        if replacement is not None:
            result = [e for e in result if e not in inside]
            result.append(replacement)
    return result


def _resorted(text: str, spans: list[tuple[int, int]], inside: list[Edit]) -> Edit | None:
    """One edit writing the run (`spans`) with its `inside` edits applied, sorted as it was;
    None when it was not sorted (or its order is pinned), or still is."""
    old_texts = [text[s:e] for s, e in spans]
    if any(_NO_SORT.search(t) for t in old_texts):
        return None  # the author pinned this order (isort:skip)
    names = _sorted_by(old_texts)
    if names is None:
        return None
    new_texts = _edited_statements(text, spans, inside)
    ordered = sorted(new_texts, key=lambda t: _import_key(t, names))
    if not _has_same_module_pairs(old_texts):  # not a one-import-per-line style
        ordered = _merge_same_module(ordered)
    if ordered == new_texts:
        return None
    return Edit(spans[0][0], spans[-1][1], "".join(ordered))


def _edited_statements(text: str, spans: list[tuple[int, int]], inside: list[Edit]) -> list[str]:
    """The text of each statement of the run once edited."""
    new_texts = []
    for s, e in spans:
        own = [Edit(x.start - s, x.end - s, x.text) for x in inside if _within(x, s, e)]
        # An import split in several statements sorts each of them on its own.
        new_texts.extend(_STATEMENT_START.split(apply_edits(text[s:e], own)[0]))
    return [t for t in new_texts if t]


def _has_same_module_pairs(texts: list[str]) -> bool:
    modules = [m.group(1) for m in map(_SIMPLE_FROM.match, texts) if m]
    return any(a == b for a, b in itertools.pairwise(modules))


def _merge_same_module(texts: list[str]) -> list[str]:
    """isort's default: adjacent one-line `from x import ...` of the same module become one."""
    merged: list[str] = []
    for text in texts:
        match = _SIMPLE_FROM.match(text)
        last = _SIMPLE_FROM.match(merged[-1]) if merged else None
        if match and last and match.group(1) == last.group(1):
            names = [n.strip() for n in (last.group(2) + "," + match.group(2)).split(",")]
            names.sort(key=lambda n: member_key(n.partition(" ")[0]))
            merged[-1] = f"from {match.group(1)} import {', '.join(names)}{match.group(3)}"
        else:
            merged.append(text)
    return merged


def _within(edit: Edit, start: int, end: int) -> bool:
    """Whether an edit belongs to the span; an insertion at a boundary belongs to what precedes."""
    if edit.start == edit.end:
        return start < edit.start <= end
    return start <= edit.start and edit.end <= end


def _line_span(ctx: FileContext, node: ast.stmt) -> tuple[int, int]:
    """From the start of the statement's first line to the end of its last line."""
    start = ctx.index.offset(node.lineno, 0)
    end_line = node.end_lineno or node.lineno
    return start, ctx.index.starts[min(end_line, len(ctx.index.lines))]


def _import_runs(tree: ast.Module) -> list[list[ast.stmt]]:
    """Top-level imports on consecutive lines (a lone import counts: a split makes it two)."""
    runs: list[list[ast.stmt]] = []
    current: list[ast.stmt] = []
    for node in tree.body:
        is_import = isinstance(node, (ast.Import, ast.ImportFrom)) and node.col_offset == 0
        if is_import and current and node.lineno == (current[-1].end_lineno or 0) + 1:
            current.append(node)
            continue
        if current:
            runs.append(current)
        current = [node] if is_import else []
    if current:
        runs.append(current)
    return runs
