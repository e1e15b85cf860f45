"""The plan for a test module: parts pytest still collects, with the same tests and fixtures.

pytest finds tests by file name (`python_files`) and collects every test function or class
bound in a test file, imported ones too; it finds fixtures by name in the test file and in
the `conftest.py` files above it. So the parts of a split test module are named like test
files (`test_<group>.py`), the module's fixtures go to the package's `conftest.py` (which
covers exactly the parts, as the module covered its own tests), shared helpers go to the base
group, and a test is never imported by another part: tests that refer to each other (a test
class deriving from another) share a part.
"""

from __future__ import annotations

import ast
import re
from collections import Counter

from refactorkit.codemods.split.graph import Edge, definition_units, ties, unit_edges
from refactorkit.codemods.split.model import ModuleModel, Unit
from refactorkit.codemods.split.planner import Group, SplitPlan
from refactorkit.codemods.split.sizing import noun
from refactorkit.pytest_names import PytestNames, Role, roles

CONFTEST = "conftest"


def unit_roles(model: ModuleModel, names: PytestNames) -> dict[int, Role]:
    """The pytest role of each definition unit (a block binding a test is a test)."""
    by_name = roles(ast.parse(model.text), names)
    out: dict[int, Role] = {}
    for unit in definition_units(model):
        found = {by_name.get(n, Role.HELPER) for n in unit.defines}
        out[unit.index] = next((r for r in (Role.TEST, Role.FIXTURE) if r in found), Role.HELPER)
    return out


def test_items(model: ModuleModel, names: PytestNames, *wanted: Role) -> frozenset[str]:
    """The names of the module's tests and fixtures (or of the `wanted` roles): the package's
    `__init__.py` must not bind them, or pytest collects the tests twice where `__init__.py`
    is a test file too."""
    role = unit_roles(model, names)
    keep = set(wanted) or {Role.TEST, Role.FIXTURE}
    units = [u for u in definition_units(model) if role[u.index] in keep]
    return frozenset(n for u in units for n in u.defines)


def test_plan_problems(model: ModuleModel, names: PytestNames) -> list[str]:
    """Reads of a test by a fixture or helper: the test would be imported into another
    part, and pytest would collect it twice."""
    role = unit_roles(model, names)
    out = []
    for edge in unit_edges(model):
        if role.get(edge.target) is Role.TEST and role.get(edge.source, Role.TEST) is not Role.TEST:
            user = model.units[edge.source]
            out.append(
                f"{model.relpath}:{user.first_line}: {user.label} uses the test {edge.name}; "
                "wherever it is imported, pytest collects that test again"
            )
    return out


def pytest_plan(
    model: ModuleModel,
    plan: SplitPlan,
    names: PytestNames,
    budget: int,
    reserved: frozenset[str] = frozenset(),
) -> SplitPlan:
    """`plan` (the general proposal) reshaped for pytest, parts no larger than `budget` lines,
    none named as one of `reserved` (the module's siblings)."""
    placement = _Placement(model, plan, names)
    placement.place_tests(_fallback_group(model))
    placement.place_fixtures()
    placement.place_helpers()
    if placement.keep_ties():
        placement.place_helpers()
    _cut_parts(placement.tests, placement.place, budget)
    return _named(model, placement, names, reserved)


def _fallback_group(model: ModuleModel) -> str:
    """The part for tests when the proposal put them all in the base group."""
    stem = (model.module or model.relpath).rpartition(".")[2].removesuffix(".py")
    return stem.removeprefix("test_") or "tests"


class _Placement:
    """Which part each definition goes to, starting from the general proposal."""

    def __init__(self, model: ModuleModel, plan: SplitPlan, names: PytestNames) -> None:
        self.model = model
        self.base = plan.base
        self.role = unit_roles(model, names)
        self.units = [u for u in definition_units(model) if u.defines]
        self.edges = [e for e in unit_edges(model) if e.source != e.target]
        group_of = plan.group_of_name()
        self.place = {u.index: group_of.get(u.defines[0], plan.base) for u in self.units}
        self.tests = [u for u in self.units if self.role[u.index] is Role.TEST]

    def place_tests(self, fallback: str) -> None:
        """Tests keep the proposal's part, never the base group: one left there joins the
        part of the nearest test above it (else below). Tests that read each other (a class
        deriving from another) share a part, so none is imported into another part."""
        ties = _TestTies(self.tests, self.edges)
        nearest = self._nearest_parts()
        chosen: dict[int, str] = {}
        for unit in self.tests:
            own = self.place[unit.index]
            here = own if own != self.base else nearest.get(unit.index, fallback)
            chosen.setdefault(ties.find(unit.index), here)
        for unit in self.tests:
            self.place[unit.index] = chosen[ties.find(unit.index)]

    def _nearest_parts(self) -> dict[int, str]:
        """For each test, the part of the nearest test above it the proposal put in a part
        (else the nearest below)."""
        nearest: dict[int, str] = {}
        for sequence in (self.tests[::-1], self.tests):  # the pass from above wins
            last: str | None = None
            for unit in sequence:
                own = self.place[unit.index]
                last = own if own != self.base else last
                if last is not None:
                    nearest[unit.index] = last
        return nearest

    def place_fixtures(self) -> None:
        for unit in self.units:
            if self.role[unit.index] is Role.FIXTURE:
                self.place[unit.index] = CONFTEST

    def place_helpers(self) -> None:
        """A helper read by one part only lives there (the conftest included); one read by
        several, or by the base group, goes to base and stays there, until nothing moves."""
        readers: dict[int, set[int]] = {}
        for edge in self.edges:
            readers.setdefault(edge.target, set()).add(edge.source)
        helpers = [u.index for u in self.units if self.role[u.index] is Role.HELPER]
        for _ in range(len(helpers) + 1):
            moved = [i for i in helpers if self._rehome(i, readers.get(i, set()))]
            if not moved:
                return

    def _rehome(self, index: int, readers: set[int]) -> bool:
        """Move one helper to where its readers are; True when it moved."""
        if self.place[index] == self.base:
            return False
        parts = {self.place[r] for r in readers if r in self.place}
        home = self.place[index] if not parts else (parts.pop() if len(parts) == 1 else self.base)
        moved = home != self.place[index]
        self.place[index] = home
        return moved

    def keep_ties(self) -> bool:
        """Units that must share a group (defined twice, `global`) join the test's part when
        one is a test, else the base group. True when something moved."""
        moved = False
        for a, b, _ in ties(self.model):
            if a not in self.place or b not in self.place or self.place[a] == self.place[b]:
                continue
            test = a if self.role[a] is Role.TEST else b
            home = self.place[test] if self.role[test] is Role.TEST else self.base
            self.place[a] = self.place[b] = home
            moved = True
        return moved

    def holds_tests(self) -> set[str]:
        return {self.place[u.index] for u in self.tests}


class _TestTies:
    """Tests connected by reads, as union-find."""

    def __init__(self, tests: list[Unit], edges: list[Edge]) -> None:
        self.parent = {u.index: u.index for u in tests}
        for edge in edges:
            if edge.source in self.parent and edge.target in self.parent:
                self.parent[self.find(edge.source)] = self.find(edge.target)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            i = self.parent[i]
        return i


def _cut_parts(tests: list[Unit], place: dict[int, str], budget: int) -> None:
    """A part over `budget` lines is cut into runs of its tests in file order; each run after
    the first is named after its tests (see `_run_name`)."""
    members: dict[str, list[Unit]] = {}
    for unit in tests:
        members.setdefault(place[unit.index], []).append(unit)
    used = set(place.values())
    for group, inside in members.items():
        runs = _runs(inside, budget)
        for number, run in enumerate(runs[1:], start=2):
            name = _run_name(run)
            name = name if name and name not in used else f"{group}_{number}"
            used.add(name)
            for unit in run:
                place[unit.index] = name


def _runs(inside: list[Unit], budget: int) -> list[list[Unit]]:
    """`inside` as consecutive runs of about equal lines, none over `budget` unless one
    statement is (one run when all fit)."""
    total = sum(u.lines for u in inside)
    size = total / max(1, -(-total // budget))
    runs: list[list[Unit]] = [[]]
    count = 0
    for unit in inside:
        if count >= size * len(runs) and runs[-1]:
            runs.append([])
        runs[-1].append(unit)
        count += unit.lines
    return runs


def _run_name(run: list[Unit]) -> str | None:
    """After the largest test class (`TestAsyncForLoop` -> `async_for_loop`), else the word
    most test functions start with (`test_native_async`, `test_native_list` -> `native`)."""
    classes = [u for u in run if u.is_class]
    if classes:
        words = _words(max(classes, key=lambda u: u.lines).defines[0])[:3]
    else:
        firsts = Counter(w[0] for u in run if (w := _words(u.defines[0])))
        words = [firsts.most_common(1)[0][0]] if firsts else []
    stem = "_".join(words)
    return stem if stem.isidentifier() else None


def _stem(group: str) -> str:
    """A group name without the `test` the planner took from `TestFilter` (`testfilter`)."""
    rest = group.removeprefix("test").lstrip("_")
    return rest if rest.isidentifier() else group


def _words(name: str) -> list[str]:
    found = re.findall(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z0-9]+|[A-Z]+", name)
    return [w.lower() for w in found if w.lower() != "test"]


def _named(
    model: ModuleModel, placement: _Placement, names: PytestNames, reserved: frozenset[str]
) -> SplitPlan:
    """The plan: base, conftest, then the test parts in file order, named for collection."""
    base, place = placement.base, placement.place
    rename = _part_names(model, placement, names, reserved)
    bucket: dict[str, list[str]] = {}
    for unit in placement.units:
        here = bucket.setdefault(rename[place[unit.index]], [])
        here.extend(n for n in unit.defines if n not in here)
    first = [g for g in (base, CONFTEST) if g in bucket]
    order = first + [g for g in bucket if g not in first]
    return SplitPlan(tuple(Group(g, tuple(bucket[g])) for g in order), base)


def _part_names(
    model: ModuleModel, placement: _Placement, names: PytestNames, reserved: frozenset[str]
) -> dict[str, str]:
    """Group -> module name: parts holding tests are named so pytest collects them."""
    base, place = placement.base, placement.place
    taken = set(model.definition_names()) | set(model.import_providers()) | set(reserved)
    taken |= {base, CONFTEST}
    tested = placement.holds_tests()
    rename = {base: base, CONFTEST: CONFTEST}
    for group in dict.fromkeys(place[u.index] for u in placement.units):
        if group in rename:
            continue
        wanted = _test_part_name(group, placement, names, taken) if group in tested else group
        rename[group] = _free(wanted, taken)
        taken.add(rename[group])
    return rename


def _test_part_name(group: str, placement: _Placement, names: PytestNames, taken: set[str]) -> str:
    """`test_<group>` for a group named from a hint (a section banner); else, or when that is
    taken, named after the tests it now holds: the proposal named it after a class that may
    have moved since (`TestAsyncX` and `TestAsyncY` both make `async`, `async_2` says nothing)."""
    wanted = names.part_name(_stem(group))
    classes = {noun(n) for u in placement.units if u.is_class for n in u.defines}
    if wanted in taken or group in classes or re.search(r"_[0-9]+$", wanted):
        inside = [u for u in placement.units if placement.place[u.index] == group]
        wanted = names.part_name(_run_name(inside) or group)
    return wanted


def _free(wanted: str, taken: set[str]) -> str:
    name, count = wanted, 1
    while name in taken:
        count += 1
        name = f"{wanted}_{count}"
    return name


def collection_problems(plan: SplitPlan, model: ModuleModel, names: PytestNames) -> list[str]:
    """Parts of an (edited) plan whose tests pytest would not collect as before."""
    tests = test_items(model, names, Role.TEST)
    out = []
    for group in plan.groups:
        held = [n for n in group.names if n in tests]
        collected = group.name != CONFTEST and names.collects_file(f"{group.name}.py")
        if held and not collected:
            out.append(
                f"group {group.name} holds tests ({', '.join(held[:3])}"
                f"{', ...' if len(held) > 3 else ''}) but pytest does not collect "
                f"{group.name}.py: name it {names.part_name(group.name)}"
            )
    return out
