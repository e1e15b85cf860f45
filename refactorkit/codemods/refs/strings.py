"""Module paths inside string literals: import_module, mock.patch targets, dotted-path lists.

Only strings in contexts that name modules are rewritten; any other string that spells an old
path exactly is listed for review, never changed.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence

from refactorkit.codemods.refs.collect import dotted_name
from refactorkit.codemods.refs.context import FileContext
from refactorkit.codemods.refs.model import ModuleMove, is_under

_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?::[A-Za-z_][\w.]*)?")
_ENTRY_POINT = re.compile(r"(\s*[\w.-]+\s*=\s*)([A-Za-z_][\w.]*)(:[\w.]+)?(\s*\[[^\]]*\])?\s*")
_IMPORTERS = {"import_module", "__import__", "import_string", "find_spec", "import_object"}
_PATCHERS = {"patch", "setattr", "delattr"}
_PREFIX = re.compile(r"[rRuU]?")


def rewrite_strings(ctx: FileContext) -> None:
    """Rewrite module paths in strings that name modules; list look-alikes for review."""
    handled: set[int] = set()
    for call in ctx.facts.calls:
        _call(ctx, call, handled)
    for node in ctx.facts.string_lists:
        _dotted_list(ctx, node, handled)
    for entry in ctx.facts.all_entries:
        handled.add(id(entry))
        _all_entry(ctx, entry)
    for string in ctx.facts.strings:
        if id(string) not in handled:
            _other(ctx, string)


def _dotted_list(ctx: FileContext, node: ast.List | ast.Tuple | ast.Set, handled: set[int]) -> None:
    """A list of strings that all look like dotted paths (INSTALLED_APPS): each is mapped."""
    values = [_text(e) for e in node.elts]
    if not all(_DOTTED.fullmatch(v) for v in values):
        return
    for elt, value in zip(node.elts, values, strict=True):
        assert isinstance(elt, ast.Constant)
        handled.add(id(elt))
        _replace(ctx, elt, _map_path(ctx, value))


def note_dynamic_paths(ctx: FileContext) -> None:
    """List module paths built at run time under a moved module's parent (see below)."""
    for line, why in dynamic_path_notes(ctx.index.text, ctx.mapper.module_moves):
        ctx.note(line, why)


def dynamic_prefixes(moves: Sequence[ModuleMove]) -> list[bytes]:
    """Bytes a file must hold to build a path under a moved module's parent (`b"a.b."`)."""
    return [
        f"{m.old.rpartition('.')[0]}.".encode() for m in moves if "." in m.old.rpartition(".")[0]
    ]


def dynamic_path_notes(text: str, moves: Sequence[ModuleMove]) -> list[tuple[int, str]]:
    """(line, why) for module paths built at run time under a moved module's parent.

    `import_module("docutils.writers." + name)` reaches `docutils.writers.html5_polyglot`
    without spelling it (so do `"a.b.%s" % name`, `f"a.b.{name}"` and `"a.b.{}".format`);
    when the file also holds the moved module's last name as a string (an alias table), both
    sites are listed. Text only: files that never name the moved module are not parsed.
    """
    notes: list[tuple[int, str]] = []
    for move in moves:
        parent, _, last = move.old.rpartition(".")
        if "." not in parent:  # "pkg." + name is too common in a big package to mean much
            continue
        prefix = re.compile(rf"""["']{re.escape(parent)}\.(?:["']|%[sr]|\{{)""")
        found = [m.start() for m in prefix.finditer(text)]
        if not found:
            continue
        for offset in found:
            notes.append(
                (
                    text.count("\n", 0, offset) + 1,
                    f"module path built at run time under {parent}: it may reach the moved "
                    f"{move.old}",
                )
            )
        for match in re.finditer(rf"""["']{re.escape(last)}["']""", text):
            notes.append(
                (
                    text.count("\n", 0, match.start()) + 1,
                    f"string {last!r} may name the moved module {move.old} (now {move.new})",
                )
            )
    return notes


def _map_path(ctx: FileContext, value: str) -> str | None:
    """New form of 'a.b.c' or 'a.b:attr' (entry-point style), else None."""
    path, colon, attr = value.partition(":")
    if colon:
        symbol = ctx.mapper.symbol(path, attr.partition(".")[0])
        if symbol is not None:
            rest = attr[len(symbol.name) :]
            return f"{symbol.new_module}:{symbol.target_name}{rest}"
        new = ctx.mapper.module(path)
        return f"{new}:{attr}" if new else None
    return ctx.mapper.dotted(value)


def _is_str(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _text(node: ast.expr) -> str:
    """The value of a string constant ("" for anything else)."""
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""


def _call(ctx: FileContext, call: ast.Call, handled: set[int]) -> None:
    func = dotted_name(call.func) or ""
    last = func.rpartition(".")[2]
    first = call.args[0]
    if last in _IMPORTERS and isinstance(first, ast.Constant) and _is_str(first):
        handled.add(id(first))
        _imported_path(ctx, first, last)
        return
    if last in _PATCHERS or func.endswith("patch.object"):
        _patch_call(ctx, call, handled)


def _patch_call(ctx: FileContext, call: ast.Call, handled: set[int]) -> None:
    """`patch("a.b.name")`, `setattr(mod, "name", ...)`, `patch.object(mod, "name")`."""
    first = call.args[0]
    if isinstance(first, ast.Constant) and "." in _text(first):
        handled.add(id(first))
        _patch_target(ctx, first)
        return
    if len(call.args) >= 2 and isinstance(call.args[1], ast.Constant) and _is_str(call.args[1]):
        _patch_object(ctx, call, call.args[1])


def _imported_path(ctx: FileContext, first: ast.Constant, func: str) -> None:
    """`import_module("a.b")`: the path is mapped; a relative one is listed when it may move."""
    value = _text(first)
    if not value.startswith("."):
        _replace(ctx, first, _map_path(ctx, value))
    elif ctx.mapper.words() & set(value.split(".")):
        ctx.note(first.lineno, f"relative {func}({value!r}) may name a moved module")


def _patch_target(ctx: FileContext, first: ast.Constant) -> None:
    """`mock.patch("a.b.name")`: retargeted; listed when several modules look the name up."""
    new, candidates = ctx.mapper.patch_target(_text(first))
    _replace(ctx, first, new)
    if candidates:
        ctx.note(
            first.lineno,
            f"patch target {_text(first)!r} is looked up in several modules: "
            + ", ".join(candidates),
        )


def _patch_object(ctx: FileContext, call: ast.Call, attr: ast.Constant) -> None:
    """`patch.object(mod, "name")`: retargeting needs the object, so moved names are listed."""
    owner = dotted_name(call.args[0])
    if owner is None:
        return
    for move in ctx.mapper.symbol_moves:
        if attr.value == move.name and owner.rpartition(".")[2] in (
            move.old_module.rpartition(".")[2],
            move.old_module,
        ):
            ctx.note(
                attr.lineno,
                f"patches {owner}.{attr.value}, now defined in {move.new_module}: "
                "retarget if the code under test looks it up there",
            )


def _all_entry(ctx: FileContext, entry: ast.Constant) -> None:
    value = _text(entry)
    if value in ctx.renames:
        _replace(ctx, entry, ctx.renames[value])
        return
    if ctx.module is None or not ctx.is_package:
        return
    full = ctx.mapper.module(f"{ctx.module}.{value}")
    if full is None or ctx.mapper.module(ctx.module) is not None:
        return
    parent, _, name = full.rpartition(".")
    if parent == ctx.module:
        _replace(ctx, entry, name)
    else:
        ctx.note(entry.lineno, f"__all__ names {value!r}, which moved to {full}")


def _other(ctx: FileContext, node: ast.Constant) -> None:
    value = _text(node)
    if _DOTTED.fullmatch(value):
        new = _map_path(ctx, value)
        if new is None:
            return
        if _names_moved_module(ctx, value):
            _replace(ctx, node, new)
        else:
            ctx.note(node.lineno, f"string {value!r} may name a moved name (-> {new!r})")
        return
    match = _ENTRY_POINT.fullmatch(value)
    if match is None:
        _code_mentions(ctx, node, value)
        return
    target = match.group(2) + (match.group(3) or "")
    new_path = _map_path(ctx, target)
    if new_path is not None:
        head = match.group(1)
        _replace(ctx, node, head + new_path + value[len(head) + len(target) :])


def code_mention_pattern(old: str) -> re.Pattern[str]:
    """`old` used as code in prose: `import old`, `from old import`, `old.attr`, `old(`."""
    path = re.escape(old)
    return re.compile(rf"(?:\b(?:import|from)\s+{path}\b|(?<![\w.]){path}(?=\.\w|\s*\())")


def _code_mentions(ctx: FileContext, node: ast.Constant, value: str) -> None:
    """A doc string whose example code (doctest, `.. testcode::`) uses a moved module."""
    for move in ctx.mapper.module_moves:
        if "." not in move.old:
            continue
        found = code_mention_pattern(move.old).search(value)
        if found is not None:
            line = node.lineno + value.count("\n", 0, found.start())
            ctx.note(line, f"example code in a string uses {move.old}: update it to {move.new}")


def _names_moved_module(ctx: FileContext, value: str) -> bool:
    """A whole string spelling a moved module's full dotted path (or `path:attr`) is one.

    The old path stops existing, so leaving it would break whatever imports it by name. A
    one-part old name (`utils`) is too likely to be a plain word, and a symbol's old path
    keeps working through the old module's re-export: both are only listed.
    """
    path = value.partition(":")[0]
    if any(path.startswith(f"{m.old_module}.{m.name}") for m in ctx.mapper.symbol_moves):
        return False
    return any(is_under(path, m.old) and "." in m.old for m in ctx.mapper.module_moves)


def _replace(ctx: FileContext, node: ast.Constant, new: str | None) -> None:
    """Replace the value of a plain string literal, keeping its prefix and quotes."""
    if new is None or new == node.value:
        return
    start, end = ctx.index.span(node)
    segment = ctx.index.text[start:end]
    prefix = _PREFIX.match(segment)
    assert prefix is not None
    body = segment[prefix.end() :]
    quote = body[:3] if body[:3] in ('"""', "'''") else body[:1]
    inner = body[len(quote) : len(body) - len(quote)]
    if quote in ('"', "'", '"""', "'''") and inner == node.value and body.endswith(quote):
        ctx.add(start, end, segment[: prefix.end()] + quote + new + quote)
    elif not _replace_in_piece(ctx, node, new, start, segment):
        ctx.note(node.lineno, f"string {_text(node)!r} should become {new!r}; not a plain literal")


def _replace_in_piece(
    ctx: FileContext, node: ast.Constant, new: str, start: int, segment: str
) -> bool:
    """Implicit concatenation ("a.b." "C"): a moved prefix written once, inside one piece, is
    replaced there (True); anything else is left for review (False)."""
    value = _text(node)
    for old_prefix, new_prefix in _prefixes(ctx):
        if (
            value.startswith(old_prefix)
            and new == new_prefix + value[len(old_prefix) :]
            and segment.count(old_prefix) == 1
            and "\\" not in segment
        ):
            at = start + segment.index(old_prefix)
            ctx.add(at, at + len(old_prefix), new_prefix)
            return True
    return False


def _prefixes(ctx: FileContext) -> list[tuple[str, str]]:
    """(old, new) dotted prefixes of the module moves, with the separator that follows."""
    pairs = []
    for move in ctx.mapper.module_moves:
        pairs.extend([(move.old + ".", move.new + "."), (move.old + ":", move.new + ":")])
    return pairs
