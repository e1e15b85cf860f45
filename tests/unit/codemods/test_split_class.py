"""split-class: what stays in the class and why, grouping, plan validation, refusals."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from refactorkit.codemods.split_class.api import propose_split, split_class
from refactorkit.codemods.split_class.grouping import ClassPlan, Part
from refactorkit.codemods.split_class.model import build_model
from refactorkit.codemods.split_class.plan_file import parse_plan, render_plan, validate_plan
from refactorkit.domain import CreateFile, ModifyFile
from refactorkit.errors import UserError

BANNERS = """
class Shop:
    tax = 2

    def __init__(self):
        self.items = []
        self.orders = []

    # --- items ---

    def add_item(self, item):
        self.items.append(item)

    def remove_item(self, item):
        self.items.remove(item)

    def item_count(self):
        return len(self.items)

    # --- orders ---

    def place_order(self, order):
        self.orders.append(order)

    def order_total(self):
        return sum(self.orders) * self.tax

    def __repr__(self):
        return "Shop()"
"""


def project(tmp_path: Path, source: str, name: str = "mod") -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    package = tmp_path / "pkg"
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text("")
    (package / f"{name}.py").write_text(textwrap.dedent(source).lstrip())
    return tmp_path


def model_of(source: str, name: str = "Shop"):  # type: ignore[no-untyped-def]
    return build_model(textwrap.dedent(source), "pkg/mod.py", "pkg.mod", name)


def test_banners_make_the_parts(tmp_path: Path) -> None:
    root = project(tmp_path, BANNERS)
    plan = propose_split(root, "pkg.mod:Shop", 20).plan
    assert [p.members for p in plan.parts] == [
        ("add_item", "remove_item", "item_count"),
        ("place_order", "order_total"),
    ]
    assert [p.name for p in plan.parts] == ["ShopItemsMixin", "ShopOrdersMixin"]
    assert plan.stays == ("tax", "__init__", "__repr__")


def test_the_class_derives_from_its_parts_first(tmp_path: Path) -> None:
    root = project(tmp_path, BANNERS)
    changes = {c.path: c for c in split_class(root, "pkg.mod:Shop").changes}
    module = changes["pkg/mod.py"]
    assert isinstance(module, ModifyFile)
    assert "class Shop(ShopItemsMixin, ShopOrdersMixin):" in module.new_text
    assert "from pkg.shop_items import ShopItemsMixin" in module.new_text
    assert "# --- items ---" not in module.new_text
    assert "def add_item" not in module.new_text
    part = changes["pkg/shop_items.py"]
    assert isinstance(part, CreateFile)
    assert "class ShopItemsMixin:" in part.new_text
    assert "    def remove_item(self, item):\n        self.items.remove(item)" in part.new_text
    namespace: dict[str, object] = {}
    exec(compile(part.new_text, "part", "exec"), namespace)  # the part runs on its own


STAYS = """
import logging
HELPER = 1

def deco(f):
    return f

class Shop:
    def __init__(self):
        self.__secret = 1

    def mangled(self):
        return self.__secret

    def uses_name(self):
        return logging.getLogger(__name__)

    def looks_up(self):
        return globals()["HELPER"]

    @deco
    def decorated(self):
        return 1

    def default(self, value=HELPER):
        return value

    def oneliner(self): return 1

    def free(self):
        return HELPER
"""


@pytest.mark.parametrize(
    ("member", "reason"),
    [
        ("__init__", "special method"),
        ("mangled", "name-mangled"),
        ("uses_name", "__name__"),
        ("looks_up", "globals()"),
        ("decorated", "deco of the module"),
        ("default", "HELPER of the module"),
        ("oneliner", "on the def line"),
    ],
)
def test_what_stays_and_why(member: str, reason: str) -> None:
    assert reason in model_of(STAYS).member(member).stays


def test_a_method_using_a_module_name_imports_it_when_called(tmp_path: Path) -> None:
    root = project(tmp_path, STAYS)
    assert "calls HELPER of the module" in model_of(STAYS).member("free").stays
    model = build_model(textwrap.dedent(STAYS), "pkg/mod.py", "pkg.mod", "Shop", lazy=True)
    assert not model.member("free").stays
    plan = ClassPlan("pkg.mod", "Shop", (Part("ShopFreeMixin", "shop_free", ("free",)),), ())
    stays = tuple(m.name for m in model.members if m.name != "free")
    plan = ClassPlan(plan.module, plan.class_name, plan.parts, stays)
    plan_file = tmp_path / "plan.toml"
    plan_file.write_text(render_plan(plan, model, 20))
    with pytest.raises(UserError, match="free cannot leave the class"):
        split_class(root, "pkg.mod:Shop", plan_file)
    changes = {c.path: c for c in split_class(root, "pkg.mod:Shop", plan_file, lazy=True).changes}
    part = changes["pkg/shop_free.py"]
    assert isinstance(part, CreateFile)
    assert "    def free(self):\n        from pkg.mod import HELPER\n        return HELPER" in (
        part.new_text
    )


def test_super_calls_tie_methods_together() -> None:
    source = """
    class Base:
        def save(self): ...
    class Shop(Base):
        def save(self):
            return super().save()
        def save_all(self):
            return super().save()
        def other(self):
            return super(Shop, self).save()
    """
    model = model_of(source)
    assert ("save_all", "save", "save_all calls super().save") in model.ties
    assert ("save", "", "other calls super(Shop, ...).save") in model.ties


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("class Shop(NamedTuple):", "NamedTuple"),
        ("class Shop(typing.Protocol):", "Protocol"),
        ("class Shop(metaclass=Registry):", "metaclass Registry"),
    ],
)
def test_refused_classes(header: str, reason: str) -> None:
    with pytest.raises(UserError, match=reason):
        model_of(f"{header}\n    def a(self): ...\n")


def test_a_base_with_init_subclass_is_refused() -> None:
    source = """
    class Base:
        def __init_subclass__(cls):
            assert "a" in cls.__dict__
    class Shop(Base):
        def a(self): ...
    """
    with pytest.raises(UserError, match="__init_subclass__"):
        model_of(source)


def plan_problems(plan_toml: str) -> list[str]:
    model = model_of(BANNERS)
    plan = parse_plan(_toml(plan_toml), "plan.toml")
    return validate_plan(plan, model, {"mod"})


def _toml(text: str) -> dict[str, object]:
    import tomllib

    head = '[split-class]\nmodule = "pkg.mod"\nclass = "Shop"\n'
    return tomllib.loads(head + textwrap.dedent(text))


def test_a_user_edited_plan_names_the_members() -> None:
    problems = plan_problems(
        """
        [stays]
        members = ["__init__", "__repr__", "add_item"]
        [[parts]]
        name = "A"
        module = "a"
        members = ["add_item", "remove_item", "tax", "nope"]
        [[parts]]
        name = "B"
        module = "mod"
        members = ["place_order"]
        """
    )
    text = "\n".join(problems)
    assert "add_item is in several places (stays, A)" in text
    assert "tax cannot leave the class" in text
    assert "nope (A) is not a member of class Shop" in text
    assert "not in any part: item_count" in text
    assert "not in any part: order_total" in text
    assert "part module 'mod' clashes with an existing module" in text


def test_a_broken_tie_is_named() -> None:
    source = """
    class Shop:
        @property
        def size(self):
            return 1

        @size.setter
        def size(self, value):
            pass

        @size.deleter
        def drop_size(self):
            pass
    """
    model = model_of(source)
    assert model.member("size").defs == 2  # the getter and the setter are one member
    plan = ClassPlan(
        "pkg.mod",
        "Shop",
        (Part("A", "a", ("size",)), Part("B", "b", ("drop_size",))),
        (),
    )
    assert validate_plan(plan, model, set()) == [
        "the decorator of drop_size uses size: drop_size is in B but size must be in A; "
        "put drop_size and size in one place"
    ]


def test_cli_plan_then_apply(tmp_path: Path) -> None:
    from tests.functional.rk_run import rk

    root = project(tmp_path, BANNERS)
    run = rk("plan", "split-class", "pkg.mod:Shop", "-o", "plan.toml", cwd=root)
    assert run.code == 0, run.err
    assert "ShopItemsMixin" in run.out
    run = rk("split-class", "pkg.mod:Shop", "--plan", "plan.toml", "--apply", cwd=root)
    assert run.code == 0, run.err
    assert (root / "pkg" / "shop_orders.py").is_file()
    run = rk("undo", cwd=root)
    assert run.code == 0, run.err
    assert not (root / "pkg" / "shop_orders.py").exists()
    assert rk("split-class", "pkg.mod:Shop", cwd=root).code == 2  # neither --plan nor --auto


def test_a_comment_right_above_a_method_is_no_banner() -> None:
    source = """
    class Shop:
        # --- stock ---

        def add(self):
            pass

        # Only used by the admin.
        def remove(self):
            pass

        # Orders

        def order(self):
            pass
    """
    model = model_of(source)
    assert [model.member(n).section for n in ("add", "remove", "order")] == [
        "stock",
        "stock",
        "Orders",
    ]


NESTED_CLASS = """
from string import ascii_letters


class Shop:
    def __init__(self):
        self.items = []

    # --- items ---

    def numbering(self, style):
        class Counter:
            def __init__(self, style):
                self.style = style

            def label(self, number):
                return ascii_letters[number]

        return Counter(style)

    def add_item(self, item):
        self.items.append(item)
"""


def test_names_a_class_inside_a_method_reads_are_imported_by_its_part(tmp_path: Path) -> None:
    """docutils' manpage `Translator.list_start` defines `EnumChar`, whose `__next__` reads
    the module's `RomanNumeral`: the part lacked the import (pyflakes refused the split)."""
    assert "ascii_letters" in model_of(NESTED_CLASS).member("numbering").globals_used
    root = project(tmp_path, NESTED_CLASS)
    changes = {c.path: c for c in split_class(root, "pkg.mod:Shop").changes}
    part = next(
        c for path, c in changes.items() if "numbering" in c.new_text and path != "pkg/mod.py"
    )
    assert "from string import ascii_letters\n" in part.new_text
