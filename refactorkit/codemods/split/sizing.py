"""Plans that respect the size limit, and group names that say what a group holds.

A group over the limit (check's `max_file_lines`, default 500, or `--max-lines`) is cut into
consecutive runs of its statements in file order: a statement's import-time reads point
above it, so the runs keep the import-time DAG. Each cut is placed where the fewest run-time
references cross backwards (an earlier run calling into a later one would be an import
cycle once split). A statement that alone exceeds the limit is reported, never hidden.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable

from refactorkit.codemods.split.graph import Edge
from refactorkit.codemods.split.model import ModuleModel, Unit
from refactorkit.graph.digraph import find_cycle

_HELPER = re.compile(r"(Mixin|Helper|Base|Meta|Protocol|Error|Exception|Warning)$|^Base")
_CAMEL_WORD = re.compile(r"[A-Z][a-z0-9]+|[A-Z]+(?![a-z])")


def file_budget(model: ModuleModel, limit: int) -> int:
    """Lines of statements a submodule may hold: the limit less its header and imports."""
    header = model.header.count("\n") + 2
    imports = sum(u.lines for u in model.units if u.kind.value in ("import", "future"))
    return max(limit // 2, limit - header - min(imports, limit // 5) - 12)


def cut_large_groups(
    units: list[Unit], edges: list[Edge], assign: dict[int, str], budget: int
) -> None:
    """Split every group whose statements exceed `budget` lines (`catalog`, `product`)."""
    members = _members(units, assign)
    used = set(members)
    for group, inside in members.items():
        total = sum(u.lines for u in inside)
        if total <= budget or len(inside) < 2:
            continue
        for number, run in enumerate(_runs(inside, edges, budget, total), start=1):
            name = group if number == 1 else _part_name(run, edges, f"{group}_{number}", used)
            used.add(name)
            for unit in run:
                assign[unit.index] = name


def _part_name(run: list[Unit], edges: list[Edge], fallback: str, used: set[str]) -> str:
    """A part after the first is named after its main class, else `group_N` (a free one:
    taking a name in use would merge the part into that group)."""
    name = group_noun(run, edges)
    if name is not None and name not in used:
        return name
    stem, number = fallback.rsplit("_", 1)
    count = int(number)
    while f"{stem}_{count}" in used:
        count += 1
    return f"{stem}_{count}"


def _members(units: list[Unit], assign: dict[int, str]) -> dict[str, list[Unit]]:
    members: dict[str, list[Unit]] = {}
    for unit in units:
        members.setdefault(assign[unit.index], []).append(unit)
    return members


def _runs(inside: list[Unit], edges: list[Edge], budget: int, total: int) -> list[list[Unit]]:
    """Consecutive runs of `inside` of about equal size, each at most `budget` lines."""
    target = total / math.ceil(total / budget)
    back = _back_references(inside, edges)
    runs: list[list[Unit]] = [[]]
    size = 0
    rest = total
    for i, unit in enumerate(inside):
        runs[-1].append(unit)
        size += unit.lines
        rest -= unit.lines
        if rest and size >= target * 0.6 and _good_cut(inside, i, size, budget, target, back):
            runs.append([])
            size = 0
    return [r for r in runs if r]


def _back_references(inside: list[Unit], edges: list[Edge]) -> Counter[int]:
    """Per cut position i (after `inside[i]`): run-time reads from before it to after it."""
    position = {u.index: i for i, u in enumerate(inside)}
    back = Counter[int]()
    for edge in edges:
        a, b = position.get(edge.source, -1), position.get(edge.target, -1)
        if 0 <= a < b and edge.kind == "run":
            back.update(range(a, b))
    return back


def _good_cut(
    inside: list[Unit], i: int, size: int, budget: int, target: float, back: Counter[int]
) -> bool:
    """Cut after `i` when the run is near its target and no later cut in reach is cleaner."""
    if i + 1 >= len(inside):
        return False
    nxt = inside[i + 1].lines
    if size + nxt > budget:
        return True
    reach = [
        j
        for j in range(i + 1, len(inside) - 1)
        if size + sum(u.lines for u in inside[i + 1 : j + 1]) <= budget
    ]
    return size >= target and all(back[i] <= back[j] for j in reach)


def oversized(units: Iterable[Unit], limit: int) -> list[Unit]:
    """Statements that alone exceed the limit: no split of the module brings them under."""
    return [u for u in units if u.lines > limit]


def oversize_note(unit: Unit, limit: int) -> str:
    kind = "class" if unit.is_class else "statement"
    why = "by itself" if unit.lines > limit else "with the imports its file needs"
    return (
        f"{unit.label} is one {kind} of {unit.lines:,} lines, over the {limit}-line limit {why}: "
        "its submodule stays over it; split the class itself (move groups of methods "
        "to mixins or to helper functions it calls), see docs/split.md"
    )


def group_noun(inside: list[Unit], edges: list[Edge]) -> str | None:
    """A domain noun for a group: its main public class (most referenced from the rest of the
    module, weighed by size), not a mixin or helper."""
    mine = {u.index for u in inside}
    # References from the rest of the module say what the group offers; inside it, a big
    # class referencing its helpers (QuerySet -> ValuesListIterable) would crown a helper.
    refs = Counter(e.target for e in edges if e.target in mine and e.source not in mine)
    candidates = [u for u in inside if _names_a_domain(u)]
    if not candidates:
        return None
    # Weighed by size: httpx's `Client` (711 lines) over `BoundSyncStream`, read once more.
    best = max(candidates, key=lambda u: ((refs[u.index] + 1) * u.lines, -u.index))
    return noun(best.defines[0])


def _helper_name(inside: list[Unit]) -> str | None:
    """A group of mixins or helpers only is named after its largest class, whole
    (`request_encoding_mixin`), not after a class of another group it was seeded from."""
    classes = [u for u in inside if u.is_class and u.defines]
    if not classes:
        return None
    words = _CAMEL_WORD.findall(max(classes, key=lambda u: u.lines).defines[0])
    return "_".join(w.lower() for w in words[:3]) or None


def _names_a_domain(unit: Unit) -> bool:
    """A public class that is not a mixin, base, helper or exception."""
    name = unit.defines[0] if unit.defines else "_"
    return unit.is_class and not name.startswith("_") and not _HELPER.search(name)


def noun(name: str) -> str:
    """`QuerySet` -> `queryset`, `Request` -> `request`, `PreparedRequestBody` ->
    `prepared_request`: a module name that reads as the thing the group holds."""
    words = _CAMEL_WORD.findall(name) or [name]
    if len(words) == 2 and len("".join(words)) <= 10:
        return "".join(words).lower()
    return "_".join(w.lower() for w in words[:2])


def rename_by_noun(
    units: list[Unit], edges: list[Edge], assign: dict[int, str], fixed: set[str]
) -> None:
    """Name each group not in `fixed` (hinted, base) after its most referenced public class."""
    members = _members(units, assign)
    used = set(members)
    for group, inside in members.items():
        if group in fixed:
            continue
        name = group_noun(inside, edges) or _helper_name(inside)
        if name is None or name == group or name in used:
            continue
        used.discard(group)
        used.add(name)
        for unit in inside:
            assign[unit.index] = name


def break_run_cycles(
    units: list[Unit], edges: list[Edge], assign: dict[int, str], pinned: set[int]
) -> None:
    """Move what closes a cycle of import or run-time references between groups to its reader.

    `check` reports such a cycle once split (a run-time reference to a later submodule is read
    through the package). Each round takes the arc of the cycle with the fewest lines to move,
    counting only run-time arcs (import-time cycles are broken before), and moves the
    definitions it reaches into the group that reads them. Statements placed by a hint
    (`pinned`: a section banner, a schema) are not moved: such a cycle stays, for the user.
    """
    lines = {u.index: u.lines for u in units}
    for _ in range(4 * len(set(assign.values())) + 4):
        arcs = _group_arcs(edges, assign)
        cycle = find_cycle(sorted(set(assign.values())), arcs)
        movable = [p for p in itertools.pairwise(cycle or []) if _movable(arcs[p], pinned)]
        if not movable:
            return  # no cycle, or an import-time / hinted one: not ours to move
        reader, target = min(movable, key=lambda p: sum(lines[e.target] for e in arcs[p]))
        for edge in arcs[(reader, target)]:
            assign[edge.target] = reader


def _group_arcs(edges: list[Edge], assign: dict[int, str]) -> dict[tuple[str, str], list[Edge]]:
    """(group, group) -> the import-time and run-time edges between them."""
    arcs: dict[tuple[str, str], list[Edge]] = {}
    for edge in edges:
        a, b = assign.get(edge.source), assign.get(edge.target)
        if a is not None and b is not None and a != b and edge.kind in ("import", "run"):
            arcs.setdefault((a, b), []).append(edge)
    return arcs


def _movable(edges: list[Edge], pinned: set[int]) -> bool:
    return all(e.kind == "run" and e.target not in pinned for e in edges)
