"""The plan file: TOML round trip, and validation messages that name the names and the fix."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from refactorkit.codemods.split.model import build_model
from refactorkit.codemods.split.plan_file import PlanError, read_plan, render_plan, validate_plan
from refactorkit.codemods.split.planner import Group, SplitPlan

SOURCE = textwrap.dedent(
    """\
    class Base:
        pass


    class Brand(Base):
        pass


    class Order(Base):
        brand = Brand


    A = B = 1
    counter = 0


    def bump():
        global counter
        counter += 1
    """
)
MODEL = build_model(SOURCE, "shop/models.py", "shop.models")


def plan(**groups: tuple[str, ...]) -> SplitPlan:
    return SplitPlan(tuple(Group(name, names) for name, names in groups.items()))


GOOD = plan(base=("Base", "A", "B", "counter", "bump"), catalog=("Brand",), orders=("Order",))


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "split-plan.toml"
    path.write_text(render_plan(GOOD, "shop/models.py", MODEL), encoding="utf-8")
    module, read = read_plan(path)
    assert module == "shop/models.py"
    assert read == GOOD
    assert validate_plan(read, MODEL) == []
    assert "# 1 names, 2 lines" in path.read_text(encoding="utf-8")


def test_membership_problems() -> None:
    bad = plan(base=("Base", "A", "B", "counter", "bump", "Nope"), catalog=("Brand", "Base"))
    assert validate_plan(bad, MODEL) == [
        "Base is in several groups (base, catalog): keep it in one",
        "Nope (group base) is not a top-level name of shop/models.py",
        "not in any group: Order (add it to catalog, the group it shares most references with)",
    ]


def test_a_name_in_no_group_is_sent_where_its_references_are() -> None:
    bad = plan(base=("Base", "A", "B", "counter"), catalog=("Brand",))
    assert validate_plan(bad, MODEL) == [
        # Order reads Base and Brand: a tie, and base is for what several groups share.
        "not in any group: Order (add it to catalog, the group it shares most references with)",
        # bump rebinds counter (in base) and nothing else references it.
        "not in any group: bump (add it to base, the group it shares most references with)",
    ]
    lonely = plan(one=("Base", "A", "B", "counter", "bump", "Brand"))
    source = SOURCE + "\n\ndef alone():\n    return 0\n"
    model = build_model(source, "shop/models.py", "shop.models")
    assert validate_plan(lonely, model) == [
        "not in any group: Order (add it to one, the group it shares most references with)",
        "not in any group: alone (nothing references it: add it to any group, e.g. one)",
    ]


def test_torn_statement_and_global_rebinding() -> None:
    bad = plan(base=("Base", "A", "counter"), catalog=("Brand", "B", "bump"), orders=("Order",))
    problems = validate_plan(bad, MODEL)
    assert problems == [
        "A, B are bound by one statement (line 13) but placed in base, catalog: "
        "move them to one group",
        "bump (line 17) rebinds counter with `global`: bump (line 17) is in catalog but "
        "counter (line 14) is in base; put both in one group",
    ]


def test_import_cycle_names_the_names_and_the_fix() -> None:
    bad = plan(base=("Base", "A", "B", "counter", "bump", "Order"), catalog=("Brand",))
    (problem,) = validate_plan(
        plan(one=("Base", "A", "B", "counter", "bump", "Order"), two=("Brand",)), MODEL
    )
    assert problem.startswith("import cycle between groups ")
    assert "two needs Base from one at import time (Brand (line 5))" in problem
    assert "one needs Brand from two at import time (Order (line 9))" in problem
    assert problem.endswith("(or to the base group)")
    assert validate_plan(bad, MODEL)  # same cycle with the base group


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("class", "group name 'class' is not a valid module name"),
        (
            "bump",
            "group name 'bump' clashes with the top-level name bump of the module: "
            "rename the group",
        ),
        ("util", "group name 'util' clashes with an existing module: rename the group"),
    ],
)
def test_group_names(name: str, message: str) -> None:
    bad = SplitPlan((Group(name, ("Base", "A", "B", "counter", "bump", "Brand", "Order")),))
    assert validate_plan(bad, MODEL, reserved={"util"})[0] == message


def test_bad_files(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text("[[groups]]\nname = 1\n", encoding="utf-8")
    with pytest.raises(PlanError, match="needs name"):
        read_plan(path)
    path.write_text("[split\n", encoding="utf-8")
    with pytest.raises(PlanError, match="not valid TOML"):
        read_plan(path)
    path.write_text("[oops]\n", encoding="utf-8")
    with pytest.raises(PlanError, match="unknown table"):
        read_plan(path)
