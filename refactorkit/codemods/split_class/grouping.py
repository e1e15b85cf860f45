"""Proposing parts: methods grouped by the banner sections, calls, attributes and name prefixes
they share; each group a mixin named after what its methods have in common."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from refactorkit.codemods.split_class.model import ClassModel, Member

# Name words that say nothing about a responsibility.
_GENERIC = {"get", "set", "is", "has", "to", "from", "do", "make", "on", "the", "can", "as", "of"}
_GENERIC |= {"test"}  # test_ methods: the word after it says what they test
_MERGE_AT = 1.0  # weakest affinity (per pair of methods, on average) that joins two groups


@dataclass(frozen=True)
class Part:
    """One mixin: its class name, its module (next to the class's module) and its members."""

    name: str
    module: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class ClassPlan:
    """How one class is divided: the parts, and what stays in the class."""

    module: str  # dotted name of the class's module
    class_name: str
    parts: tuple[Part, ...]
    stays: tuple[str, ...]

    def group_of(self) -> dict[str, str]:
        """Member -> the part's class name ("" for the class itself)."""
        out = {name: "" for name in self.stays}
        for part in self.parts:
            out.update((name, part.name) for name in part.members)
        return out


def affinity(a: Member, b: Member, users: Counter[str], methods: int) -> float:
    """How much two methods belong together: calls, shared attributes (rarer ones weigh more),
    a shared name prefix, the same banner section."""
    score = 3.0 * ((b.name in a.calls | a.attributes) + (a.name in b.calls | b.attributes))
    for attribute in sorted(a.attributes & b.attributes):  # one float sum order
        if 1 < users[attribute] <= max(2, methods // 2):
            score += 2.0 / (users[attribute] - 1)
    if _prefix(a.name) and _prefix(a.name) == _prefix(b.name):
        score += 1.5
    if a.section and a.section == b.section:
        score += 4.0
    return score


def _prefix(name: str) -> str:
    words = [w for w in name.strip("_").split("_") if w]
    for word in words[:2]:
        if word not in _GENERIC and len(word) >= 3:
            return word
    return ""


def propose(model: ClassModel, limit: int, reserved: set[str]) -> ClassPlan:
    """Groups of movable methods, each under `limit` methods, named and placed."""
    pinned = _pinned(model)
    movable = [m for m in model.movable() if m.name not in pinned]
    by_name = {m.name: m for m in movable}
    stays = [m.name for m in model.members if m.stays or m.name in pinned]
    groups = _with_leftovers(model, _clusters(model, movable, limit), stays, limit)
    taken = set(reserved) | set(model.bindings)
    parts = [_named(model, _topic([by_name[n] for n in g]), g, taken) for g in groups]
    return _ordered(model, parts, stays)


def _with_leftovers(
    model: ClassModel, groups: list[list[str]], stays: list[str], limit: int
) -> list[list[str]]:
    """Groups of two or more; single methods stay in the class while it has room (added to
    `stays`), the rest form groups of their own."""
    alone = [g[0] for g in groups if len(g) < 2]
    room = limit - sum(model.member(n).defs for n in stays)
    kept = _fitting(model, alone, room)
    stays += kept
    spare = [n for n in alone if n not in kept]
    return [g for g in groups if len(g) > 1] + _chunks(model, spare, limit)


def _fitting(model: ClassModel, names: list[str], room: int) -> list[str]:
    """The first of `names` that fit in `room` methods (what the class keeps)."""
    kept: list[str] = []
    for name in names:
        defs = model.member(name).defs
        if defs <= room:
            kept.append(name)
            room -= defs
    return kept


def _chunks(model: ClassModel, names: list[str], limit: int) -> list[list[str]]:
    """`names` in source order, cut into groups of at most `limit` methods."""
    out: list[list[str]] = []
    size = limit
    for name in names:
        defs = model.member(name).defs
        if size + defs > limit:
            out.append([])
            size = 0
        out[-1].append(name)
        size += defs
    return out


def _ordered(model: ClassModel, parts: list[Part], stays: list[str]) -> ClassPlan:
    """The plan with parts and what stays in the class's source order."""
    order = {m.name: i for i, m in enumerate(model.members)}
    return ClassPlan(
        model.module,
        model.name,
        tuple(sorted(parts, key=lambda p: order[p.members[0]])),
        tuple(sorted(stays, key=order.__getitem__)),
    )


def _pinned(model: ClassModel) -> set[str]:
    """Movable members tied to one that stays (they must stay with it)."""
    staying = {m.name for m in model.members if m.stays}
    pinned: set[str] = set()
    changed = True
    while changed:
        changed = False
        for a, b, _ in model.ties:
            pair = {a, b} - {""}
            if (not b or pair & (staying | pinned)) and not pair <= staying | pinned:
                pinned |= pair - staying
                changed = True
    return pinned


def _clusters(model: ClassModel, movable: list[Member], limit: int) -> list[list[str]]:
    """Agglomerative clustering of the movable methods (ties joined first)."""
    order = {m.name: i for i, m in enumerate(model.members)}
    groups = _tie_groups(model, movable)
    users: Counter[str] = Counter(a for m in movable for a in m.attributes)
    pair = {
        (a.name, b.name): affinity(a, b, users, len(movable)) for a, b in combinations(movable, 2)
    }
    size = {m.name: max(1, m.defs) for m in movable}
    while True:
        best = _best_merge(groups, pair, size, limit)
        if best is None:
            break
        i, j = best
        groups[i] = groups[i] + groups[j]
        del groups[j]
    return [sorted(g, key=order.__getitem__) for g in groups]


def _tie_groups(model: ClassModel, movable: list[Member]) -> list[list[str]]:
    names = [m.name for m in movable]
    parent = {n: n for n in names}

    def root(n: str) -> str:
        while parent[n] != n:
            n = parent[n]
        return n

    for a, b, _ in model.ties:
        if a in parent and b in parent:
            parent[root(a)] = root(b)
    out: dict[str, list[str]] = {}
    for n in names:
        out.setdefault(root(n), []).append(n)
    return list(out.values())


def _best_merge(
    groups: list[list[str]],
    pair: dict[tuple[str, str], float],
    size: dict[str, int],
    limit: int,
) -> tuple[int, int] | None:
    best: tuple[float, int, int] | None = None
    for i, j in combinations(range(len(groups)), 2):
        if sum(size[n] for n in groups[i] + groups[j]) > limit:
            continue
        score = _linkage(groups[i], groups[j], pair)
        if score >= _MERGE_AT and (best is None or score > best[0]):
            best = (score, i, j)
    return None if best is None else (best[1], best[2])


def _linkage(a: list[str], b: list[str], pair: dict[tuple[str, str], float]) -> float:
    total = sum(pair.get((x, y), 0.0) + pair.get((y, x), 0.0) for x in a for y in b)
    return total / math.sqrt(len(a) * len(b))


def _topic(members: list[Member]) -> str:
    """What the group is about: its banner, its commonest name word, or its commonest attribute."""
    sections = Counter(m.section for m in members if m.section)
    words = Counter(_prefix(m.name) for m in members if _prefix(m.name))
    attributes = Counter(a for m in members for a in m.attributes)
    for counts, least in ((sections, 1), (words, 2), (attributes, 1)):
        # Ties go to the first in name order: attributes come from sets, whose order changes
        # with the hash seed, and a plan must come out the same on every run.
        top = min(counts.items(), key=lambda item: (-item[1], item[0]), default=None)
        if top is not None and top[1] >= least:
            return top[0]
    return members[0].name


def camel(words: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", words) if w)


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def _named(model: ClassModel, topic: str, group: list[str], taken: set[str]) -> Part:
    """A part for `group`: `<Class><Topic>Mixin` in `<class>_<topic>.py`, never a name in use.

    A test class (`TestX`) gets `X<Topic>Tests` in `x_<topic>_tests.py`: neither is collected
    by pytest on its own (no `Test` prefix, no `test_*.py` name), only through the class.
    """
    base = camel(topic) or "Part"
    testing = model.name.startswith("Test") and len(model.name) > 4
    stem = model.name[4:] if testing else model.name
    private = model.module.rpartition(".")[2].startswith("_")
    for number in _numbers():
        name = f"{stem}{base}{number}{'Tests' if testing else 'Mixin'}"
        module = ("_" if private else "") + snake(f"{stem}{base}{number}")
        module += "_tests" if testing else ""
        if name not in taken and module not in taken:
            taken.update((name, module))
            return Part(name, module, tuple(group))
    raise AssertionError("unreachable")


def _numbers() -> Iterable[str]:
    yield ""
    number = 2
    while True:
        yield str(number)
        number += 1
