"""plan_move_symbol: the definition moves with its comments, imports follow, importers change."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from refactorkit.codemods.move_symbol import MoveSymbolOptions, plan_move_symbol
from refactorkit.errors import UserError
from tests.unit.codemods.refs_helpers import write_tree
from tests.unit.codemods.test_move import apply, run_python

MODELS = '''\
"""Models."""

from __future__ import annotations

import decimal
from dataclasses import dataclass

from .money import Money

RATE = decimal.Decimal("0.2")


# The brand of a product.
# Kept small on purpose.
@dataclass
class Brand:
    name: str
    price: Money

    def taxed(self) -> decimal.Decimal:
        return self.price.amount * decimal.Decimal("1.2")


def tax(amount: decimal.Decimal) -> decimal.Decimal:
    return amount * RATE


def describe(brand: Brand) -> str:
    return brand.name
'''
TREE = {
    "shop/__init__.py": "",
    "shop/money.py": "class Money:\n    amount = 1\n",
    "shop/models.py": MODELS,
    "shop/use.py": "from shop.models import Brand, describe\n\nx = Brand, describe\n",
    "tests/test_x.py": 'from unittest import mock\n\nmock.patch("shop.models.Brand")\n',
}


def test_class_moves_with_decorator_comments_and_imports(tmp_path: Path) -> None:
    write_tree(tmp_path, TREE)
    changeset = plan_move_symbol(tmp_path, "shop.models:Brand", "shop.brands")
    apply(changeset)
    brands = (tmp_path / "shop/brands.py").read_text()
    assert (
        brands
        == (
            "from __future__ import annotations\n"
            "\n"
            "import decimal\n"
            "from dataclasses import dataclass\n"
            "\n"
            "from .money import Money\n"
            "\n\n"
            "# The brand of a product.\n"
            "# Kept small on purpose.\n"
            "@dataclass\n"
            "class Brand:\n"
        )
        + MODELS.split("class Brand:\n", 1)[1].split("\n\ndef tax")[0]
    )
    models = (tmp_path / "shop/models.py").read_text()
    assert "class Brand" not in models and "# The brand" not in models
    assert "from .brands import Brand\n" in models  # still used by describe(): imported back
    assert (tmp_path / "shop/use.py").read_text() == (
        "from shop.brands import Brand\nfrom shop.models import describe\n\nx = Brand, describe\n"
    )
    assert run_python(tmp_path, "import shop.use").returncode == 0
    # describe() still looks Brand up in shop.models (imported back): the patch keeps its target
    assert 'mock.patch("shop.models.Brand")' in (tmp_path / "tests/test_x.py").read_text()


def test_cycle_is_refused_with_the_chain(tmp_path: Path) -> None:
    write_tree(tmp_path, TREE)
    # tax() needs RATE from shop.models, which still uses tax() in describe_tax() below.
    models = (
        MODELS
        + "\n\ndef describe_tax(brand: Brand) -> str:\n    return str(tax(brand.price.amount))\n"
    )
    write_tree(tmp_path, {"shop/models.py": models})
    cycle = "import cycle: shop.models -> shop.taxes -> shop.models"
    with pytest.raises(UserError, match=re.escape(cycle)):
        plan_move_symbol(tmp_path, "shop.models:tax", "shop.taxes")


def test_function_moves_and_is_renamed(tmp_path: Path) -> None:
    write_tree(tmp_path, TREE)
    apply(plan_move_symbol(tmp_path, "shop.models:describe", "shop.text:describe_brand"))
    text = (tmp_path / "shop/text.py").read_text()
    assert "def describe_brand(brand: Brand) -> str:" in text
    assert "from .models import Brand\n" in text  # shop's modules import each other relatively
    assert (tmp_path / "shop/use.py").read_text() == (
        "from shop.models import Brand\nfrom shop.text import describe_brand\n\n"
        "x = Brand, describe_brand\n"
    )
    assert run_python(tmp_path, "import shop.use").returncode == 0


def test_shim_warns_on_old_access(tmp_path: Path) -> None:
    write_tree(tmp_path, {**TREE, "shop/use.py": "", "tests/test_x.py": ""})
    options = MoveSymbolOptions(shim=True, until="2027-06")
    apply(plan_move_symbol(tmp_path, "shop.models:describe", "shop.text", options))
    done = run_python(
        tmp_path,
        "from shop.models import describe; import shop.text as t\nassert describe is t.describe",
    )
    assert done.returncode == 0, done.stderr
    assert "shop.models.describe is deprecated, import shop.text.describe instead" in done.stderr


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("shop.models", "shop.other", "expected PKG.MOD:NAME"),
        ("shop.models:Nope", "shop.other", "no top-level definition of 'Nope'"),
        ("shop.models:Brand", "shop.money.sub", "shop/money.py is a module, not a package"),
        ("shop.models:Brand", "shop.other:1x", "not a valid identifier"),
        ("shop.missing:Brand", "shop.other", "no such module"),
    ],
)
def test_bad_input_is_refused(tmp_path: Path, source: str, target: str, message: str) -> None:
    write_tree(tmp_path, TREE)
    with pytest.raises(UserError, match=re.escape(message)):
        plan_move_symbol(tmp_path, source, target)


def test_second_run_is_a_no_op(tmp_path: Path) -> None:
    write_tree(tmp_path, TREE)
    apply(plan_move_symbol(tmp_path, "shop.models:describe", "shop.text"))
    again = plan_move_symbol(tmp_path, "shop.models:describe", "shop.text")
    assert again.is_empty
    assert again.title == "shop.models:describe is already at shop.text:describe"


def test_patch_of_a_name_the_moved_code_looks_up_is_listed(tmp_path: Path) -> None:
    patches = (
        "from unittest import mock\n\n"
        'mock.patch("shop.models.RATE", 1)\n'  # tax() looks RATE up: moved
        'mock.patch("shop.models.decimal.Decimal")\n'  # tax() and taxed() both use decimal
        'mock.patch("shop.models.Money")\n'  # tax() does not use Money
        'LABEL = "shop.models.RATE"\n'  # not a patch call
    )
    write_tree(tmp_path, {**TREE, "tests/test_x.py": patches})
    changeset = plan_move_symbol(tmp_path, "shop.models:tax", "shop.taxes")
    assert [w for w in changeset.warnings if "patches" in w] == [
        "tests/test_x.py:3: patches shop.models.RATE, but shop.taxes.tax now looks RATE up in "
        "shop.taxes: patch shop.taxes.RATE too if the test means it",
        "tests/test_x.py:4: patches shop.models.decimal, but shop.taxes.tax now looks decimal "
        "up in shop.taxes: patch shop.taxes.decimal too if the test means it",
    ]
    assert not any(c.path == "tests/test_x.py" for c in changeset.changes)  # listed, not changed


def test_source_left_without_code_becomes_empty_and_unused_binding_is_replaced(
    tmp_path: Path,
) -> None:
    tree = {
        "shop/__init__.py": "",
        "shop/a/__init__.py": "",
        "shop/a/sibling.py": "VALUE = 1\n",
        "shop/a/m.py": (
            "from . import sibling\n\n\n# Price helper.\ndef price() -> int:\n"
            "    return sibling.VALUE\n"
        ),
        "shop/use.py": "from .a import m\nfrom .a.m import price\n\nx = price, m.price\n",
    }
    write_tree(tmp_path, tree)
    changeset = plan_move_symbol(tmp_path, "shop.a.m:price", "shop.b.prices")
    apply(changeset)
    assert (tmp_path / "shop/a/m.py").read_text() == ""
    assert (tmp_path / "shop/b/prices.py").read_text() == (
        "from ..a import sibling\n\n\n# Price helper.\ndef price() -> int:\n"
        "    return sibling.VALUE\n"
    )
    assert (tmp_path / "shop/use.py").read_text() == (
        "from .b import prices\nfrom .b.prices import price\n\nx = price, prices.price\n"
    )
    assert run_python(tmp_path, "import shop.use").returncode == 0


def test_src_layout_gets_no_init_above_the_import_root(tmp_path: Path) -> None:
    tree = {f"src/{rel}": text for rel, text in TREE.items() if rel.startswith("shop/")}
    write_tree(tmp_path, {**tree, "pyproject.toml": "[project]\nname = 'shop'\n"})
    changeset = plan_move_symbol(tmp_path, "shop.models:describe", "shop.extra.text")
    created = sorted(c.path for c in changeset.changes if c.kind == "create")
    assert created == ["src/shop/extra/__init__.py", "src/shop/extra/text.py"]


def test_type_checking_guard_follows_an_imported_typing_alias(tmp_path: Path) -> None:
    models = (
        "import typing as t\n\nif t.TYPE_CHECKING:\n    from shop.money import Money\n\n\n"
        "def cost(m: 'Money') -> t.Any:\n    return m\n"
    )
    write_tree(tmp_path, {**TREE, "shop/models.py": models})
    apply(plan_move_symbol(tmp_path, "shop.models:cost", "shop.costs"))
    assert (tmp_path / "shop/costs.py").read_text() == (
        "import typing as t\n\nif t.TYPE_CHECKING:\n    from shop.money import Money\n\n\n"
        "def cost(m: 'Money') -> t.Any:\n    return m\n"
    )
    # `t` was left for the TYPE_CHECKING block only, which went with its last import
    assert (tmp_path / "shop/models.py").read_text() == ""


def test_new_module_imports_absolutely_where_its_package_does(tmp_path: Path) -> None:
    tree = {**TREE, "shop/models.py": MODELS.replace("from .money", "from shop.money")}
    write_tree(tmp_path, tree)
    apply(plan_move_symbol(tmp_path, "shop.models:describe", "shop.text"))
    assert "from shop.models import Brand\n" in (tmp_path / "shop/text.py").read_text()


PATCHED = {
    "shop/__init__.py": "",
    "shop/models.py": (
        "def helper() -> str:\n    return 'x'\n\n\n"
        "def walk(n: int) -> int:\n    return walk(n - 1) if n else 0\n\n\n"
        "def describe() -> str:\n    return helper() + str(walk(1))\n"
    ),
    "tests/test_x.py": (
        "from unittest import mock\n\n"
        'mock.patch("shop.models.helper")\n'
        'mock.patch("shop.models.walk")\n'
        'mock.patch("shop.models.describe")\n'
    ),
}


def test_patch_targets_follow_where_the_name_is_looked_up(tmp_path: Path) -> None:
    write_tree(tmp_path, PATCHED)
    # describe() still calls helper through the import back: the old target still works
    kept = plan_move_symbol(tmp_path, "shop.models:helper", "shop.helpers")
    assert not any(c.path == "tests/test_x.py" for c in kept.changes)
    # nothing in shop.models uses describe any more: its patch goes where it now lives
    gone = plan_move_symbol(tmp_path, "shop.models:describe", "shop.text")
    [tests] = [c for c in gone.changes if c.path == "tests/test_x.py"]
    assert 'mock.patch("shop.text.describe")' in (tests.new_text or "")
    # walk() calls itself from its new module and describe() calls it from the old: listed
    both = plan_move_symbol(tmp_path, "shop.models:walk", "shop.walking")
    assert not any(c.path == "tests/test_x.py" for c in both.changes)
    assert (
        "tests/test_x.py:4: patch target 'shop.models.walk' is looked up in several modules: "
        "shop.models.walk, shop.walking.walk"
    ) in both.warnings


def test_target_needing_the_source_that_imports_it_is_refused(tmp_path: Path) -> None:
    models = (
        "from shop.money import Money\n\n\nclass Brand:\n    price: Money\n\n\n"
        "def describe(b: Brand) -> str:\n    return str(b)\n"
    )
    tree = {"shop/__init__.py": "", "shop/models.py": models, "shop/money.py": "class Money: ...\n"}
    write_tree(tmp_path, tree)
    message = (
        "moving would create an import cycle: shop.money -> shop.models -> shop.money "
        "(shop.money needs Brand from shop.models)"
    )
    with pytest.raises(UserError, match=re.escape(message)):
        plan_move_symbol(tmp_path, "shop.models:describe", "shop.money")


def test_import_the_move_takes_away_does_not_count_as_a_cycle(tmp_path: Path) -> None:
    models = (
        "from shop.money import Money\n\n\nclass Brand: ...\n\n\n"
        "def describe(b: Brand, m: Money) -> str:\n    return str(b)\n"
    )
    tree = {"shop/__init__.py": "", "shop/models.py": models, "shop/money.py": "class Money: ...\n"}
    write_tree(tmp_path, tree)
    apply(plan_move_symbol(tmp_path, "shop.models:describe", "shop.money"))
    assert (tmp_path / "shop/models.py").read_text() == "class Brand: ...\n"
    done = run_python(tmp_path, "import shop.money, shop.models; shop.money.describe")
    assert done.returncode == 0, done.stderr
