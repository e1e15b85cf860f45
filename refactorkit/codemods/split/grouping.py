"""The planner's passes that give unhinted statements a group.

Each pass fills in or changes `assign` (unit index -> group name) in place: class families,
CamelCase prefixes, the groups that use a statement or that it uses, then folding groups that
came out too small (or too many) into their closest neighbour.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from refactorkit.codemods.split.graph import Edge
from refactorkit.codemods.split.model import Unit

BASE_WORDS = frozenset(
    {"base", "bases", "mixin", "mixins", "abstract", "common", "shared", "core", "declarative"}
)
CAMEL_WORD = re.compile(r"[A-Z][a-z0-9]+|[A-Z]+(?![a-z])")
MIN_GROUP_LINES = 60


def snake(name: str) -> str:
    parts = (CAMEL_WORD.findall(name) or [name])[:3]
    return "_".join(p.lower() for p in parts)


def prefix_hints(units: list[Unit], assign: dict[int, str], base: str) -> None:
    """Unassigned classes sharing a CamelCase first word (Supplier, SupplierAccount) group up."""
    free = [u for u in units if u.index not in assign and u.defines and _class_text(u)]
    firsts = {u.index: _first_word(u.defines[0]) for u in free}
    counts = Counter(firsts.values())
    anchors = _anchor_words(units, assign, base)
    for index, word in firsts.items():
        if word in anchors:
            assign[index] = anchors[word]
        elif _family_word(word, counts):
            assign[index] = word.lower()


def _anchor_words(units: list[Unit], assign: dict[int, str], base: str) -> dict[str, str]:
    """First CamelCase word of each assigned (non-base) statement's name -> its group."""
    return {
        _first_word(u.defines[0]): assign[u.index]
        for u in units
        if u.index in assign and u.defines and assign[u.index] != base
    }


def _class_text(unit: Unit) -> bool:
    return unit.code.lstrip().startswith(("class", "@"))


def _first_word(name: str) -> str:
    words: list[str] = CAMEL_WORD.findall(name)
    return (words or [""])[0]


def _family_word(word: str, counts: Counter[str]) -> bool:
    """A first word shared by two classes or more, long enough and not a `Base`-like word."""
    return len(word) >= 3 and counts[word] >= 2 and word.lower() not in BASE_WORDS


def follow_users(units: list[Unit], edges: list[Edge], assign: dict[int, str], base: str) -> None:
    """Unassigned units join the one group that uses them; shared ones go to base."""
    users: dict[int, set[int]] = {}
    for edge in edges:
        users.setdefault(edge.target, set()).add(edge.source)
    free = [u.index for u in units if u.index not in assign]
    for _ in range(len(free) + 1):  # until nothing changes (a join can make another possible)
        if not _follow_users_once(free, users, assign, base):
            break


def _follow_users_once(
    free: list[int], users: dict[int, set[int]], assign: dict[int, str], base: str
) -> bool:
    """One pass of `follow_users`; True when some unit changed group."""
    changed = False
    for index in free:
        target = _users_group({assign[s] for s in users.get(index, ()) if s in assign}, base)
        if target is not None and assign.get(index) != target:
            assign[index] = target
            changed = True
    return changed


def _users_group(groups: set[str], base: str) -> str | None:
    """The one non-base group among `groups`, else base; None when nothing uses the unit."""
    if not groups:
        return None
    others = groups - {base}
    return others.pop() if len(others) == 1 and base not in groups else base


def follow_uses(units: list[Unit], edges: list[Edge], assign: dict[int, str], base: str) -> None:
    """What nothing uses joins the domain it uses most; lone classes head a group of their own."""
    uses: dict[int, set[int]] = {}
    for edge in edges:
        uses.setdefault(edge.source, set()).add(edge.target)
    order = [u.index for u in units]
    for index in order:
        if index not in assign:
            group = _most_used_group(uses.get(index, ()), assign, base)
            if group is not None:
                assign[index] = group
    _lone_classes_head_groups(units, assign)
    last = base
    for index in order:  # left over: nothing uses them and they use nothing; keep file order
        last = assign.setdefault(index, last)


def _lone_classes_head_groups(units: list[Unit], assign: dict[int, str]) -> None:
    """A class nothing ties to a group heads its own."""
    for unit in units:
        if unit.index not in assign and unit.is_class and unit.defines:
            assign[unit.index] = snake(unit.defines[0])


def _most_used_group(targets: Iterable[int], assign: dict[int, str], base: str) -> str | None:
    """The group a unit uses most, preferring domain groups to base; None if it uses none."""
    used = Counter(assign[t] for t in targets if t in assign)
    domains = Counter({g: n for g, n in used.items() if g != base})
    counts = domains or used
    return counts.most_common(1)[0][0] if counts else None


def seed_families(units: list[Unit], assign: dict[int, str], base: str) -> None:
    """Unhinted class families (a class and its subclasses) become groups.

    A class that several free classes derive from is a shared base; each of its direct
    subclasses heads a family (Node -> base; Expr, Stmt -> families `expr`, `stmt`).
    """
    free = {u.index: u for u in units if u.index not in assign and u.is_class}
    parent, children = _class_tree(free)
    for index in sorted(free):
        chain = [index]  # the class, its parent, ... up to the root
        while chain[-1] in parent:
            chain.append(parent[chain[-1]])
        if len(chain) == 1 and not children[index]:
            continue  # a standalone class: name prefixes or the graph decide
        assign[index] = _family_group(chain, children, free, base)


def _class_tree(free: dict[int, Unit]) -> tuple[dict[int, int], Counter[int]]:
    """Each free class's first free base class defined above it, and each class's child count."""
    by_name = {u.defines[0]: u.index for u in free.values() if u.defines}
    parent: dict[int, int] = {}
    children: Counter[int] = Counter()
    for index, unit in free.items():
        found = [by_name[b] for b in unit.bases if by_name.get(b, index) < index]
        if found:
            parent[index] = found[0]
            children[found[0]] += 1
    return parent, children


def _family_group(
    chain: list[int], children: Counter[int], free: dict[int, Unit], base: str
) -> str:
    """A shared root goes to base and each of its children heads a family; else the root does."""
    root = chain[-1]
    if children[root] < 2:
        return snake(free[root].defines[0])
    return base if len(chain) == 1 else snake(free[chain[-2]].defines[0])


def merge_small(
    units: list[Unit], edges: list[Edge], assign: dict[int, str], base: str, keep: set[str]
) -> None:
    """Fold tiny groups (and too many groups) made from the graph into their closest group.

    About one group per 300 lines (2 to 12); hinted groups are never folded away.
    """
    for _ in range(len(units)):
        merge = _next_merge(units, edges, assign, base, keep)
        if merge is None:
            return
        smallest, target = merge
        for index, group in assign.items():
            if group == smallest:
                assign[index] = target


def _next_merge(
    units: list[Unit], edges: list[Edge], assign: dict[int, str], base: str, keep: set[str]
) -> tuple[str, str] | None:
    """The smallest foldable group and where it goes, or None when no group needs folding."""
    size, first = _group_sizes(units, assign)
    domains = [g for g in size if g != base]
    smallest = _group_to_fold(units, domains, size, first, keep)
    if smallest is None:
        return None
    others = sorted((g for g in domains if g != smallest), key=lambda g: first[g])
    if not others:
        return None
    links = _links_to(smallest, edges, assign, base)
    if links:
        return smallest, links.most_common(1)[0][0]
    return smallest, _neighbour_above(smallest, others, first)


def _neighbour_above(group: str, others: list[str], first: dict[str, int]) -> str:
    """The group just above `group` in the file, else the first group below it."""
    before = [g for g in others if first[g] < first[group]]
    return before[-1] if before else others[0]


def _group_to_fold(
    units: list[Unit],
    domains: list[str],
    size: Counter[str],
    first: dict[str, int],
    keep: set[str],
) -> str | None:
    """The smallest unhinted group, when it is tiny or there are too many groups."""
    movable = [g for g in domains if g not in keep]
    if not movable:
        return None
    total = sum(u.lines for u in units)
    smallest = min(movable, key=lambda g: (size[g], -first[g]))
    tiny = size[smallest] < MIN_GROUP_LINES and total >= 10 * MIN_GROUP_LINES
    too_many = len(domains) > max(2, min(12, total // 300))  # about one group per 300 lines
    return smallest if tiny or too_many else None


def _group_sizes(units: list[Unit], assign: dict[int, str]) -> tuple[Counter[str], dict[str, int]]:
    """Lines per group, and the index of each group's first unit."""
    size: Counter[str] = Counter()
    first: dict[str, int] = {}
    for unit in units:
        size[assign[unit.index]] += unit.lines
        first.setdefault(assign[unit.index], unit.index)
    return size, first


def _links_to(group: str, edges: list[Edge], assign: dict[int, str], base: str) -> Counter[str]:
    """How many edges join `group` to each other non-base group."""
    links: Counter[str] = Counter()
    for edge in edges:
        pair = (assign.get(edge.source), assign.get(edge.target))
        if group in pair:
            other = pair[1] if pair[0] == group else pair[0]
            if other not in (group, base, None):
                links[other] += 1
    return links
