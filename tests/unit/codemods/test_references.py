"""rewrite_references on module moves: one test per reference form, in and out of the tree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from refactorkit.codemods.references import ModuleMove
from tests.unit.codemods.refs_helpers import dedent, rewrite

BASE = {
    "shop/__init__.py": "",
    "shop/domains/__init__.py": "",
    "shop/domains/products/__init__.py": "from .models import Product\n",
    "shop/domains/products/models.py": "class Product:\n    pass\n",
    "shop/domains/pricing.py": "RATE = 2\n",
}
RENAME = {"module_moves": [ModuleMove("shop.domains.products", "shop.domains.catalog")]}
ELSEWHERE = {"module_moves": [ModuleMove("shop.domains.products", "shop.inventory.products")]}


def check(tmp_path: Path, before: str, after: str, moves: dict[str, Any] = RENAME) -> None:
    """`before` in shop/use.py becomes `after`; running again on `after` changes nothing."""
    changed, _ = rewrite(tmp_path / "a", {**BASE, "shop/use.py": before}, **moves)
    assert changed.get("shop/use.py", dedent(before)) == dedent(after)
    again, _ = rewrite(tmp_path / "b", {**BASE, "shop/use.py": after}, **moves)
    assert "shop/use.py" not in again


CASES = {
    "import_dotted": ("import shop.domains.products\n", "import shop.domains.catalog\n"),
    "import_as": ("import shop.domains.products as p\n", "import shop.domains.catalog as p\n"),
    "import_submodule": (
        "import shop.domains.products.models\n",
        "import shop.domains.catalog.models\n",
    ),
    "from_package_import_module": (
        "from shop.domains import products\n\nproducts.Product()\n",
        "from shop.domains import catalog\n\ncatalog.Product()\n",
    ),
    "from_module_import_name_as": (
        "from shop.domains.products.models import Product as P\n",
        "from shop.domains.catalog.models import Product as P\n",
    ),
    "relative_into_tree": (
        "from .domains.products import Product\n",
        "from .domains.catalog import Product\n",
    ),
    "relative_name_from_package": (
        "from .domains import pricing, products\n\nproducts.Product\n",
        "from .domains import catalog, pricing\n\ncatalog.Product\n",
    ),
    "attribute_chain": (
        "import shop.domains.products.models\n\nx = shop.domains.products.models.Product\n",
        "import shop.domains.catalog.models\n\nx = shop.domains.catalog.models.Product\n",
    ),
    "inside_function_and_type_checking": (
        """
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from shop.domains.products import Product


        def load():
            from shop.domains.products.models import Product

            return Product
        """,
        """
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from shop.domains.catalog import Product


        def load():
            from shop.domains.catalog.models import Product

            return Product
        """,
    ),
    "import_module_literals": (
        'importlib.import_module("shop.domains.products.models")\n__import__("shop.domains.products")\n',
        'importlib.import_module("shop.domains.catalog.models")\n__import__("shop.domains.catalog")\n',
    ),
    "mock_patch_targets": (
        'mock.patch("shop.domains.products.models.Product")\n'
        'monkeypatch.setattr("shop.domains.products.models.Product", None)\n',
        'mock.patch("shop.domains.catalog.models.Product")\n'
        'monkeypatch.setattr("shop.domains.catalog.models.Product", None)\n',
    ),
    "installed_apps_list": (
        'INSTALLED_APPS = [\n    "django.contrib.admin",\n    "shop.domains.products",\n]\n',
        'INSTALLED_APPS = [\n    "django.contrib.admin",\n    "shop.domains.catalog",\n]\n',
    ),
    "comments_and_parens_kept": (
        "from shop.domains.products import (  # keep\n    Product,  # the one\n)\n",
        "from shop.domains.catalog import (  # keep\n    Product,  # the one\n)\n",
    ),
    "sorted_block_stays_sorted": (
        "import os\nfrom shop.domains.pricing import RATE\n"
        "from shop.domains.products import Product\n",
        "import os\nfrom shop.domains.catalog import Product\n"
        "from shop.domains.pricing import RATE\n",
    ),
}


CASES["patch_decorator_on_long_class_method"] = (
    "from unittest import mock\n\n\nclass TestThing:\n"
    + "".join(f"    def helper_{i}(self):\n        return {i}\n\n" for i in range(12))
    + '    @mock.patch("shop.domains.products.models.Product")\n'
    + "    def test_it(self, product):\n        pass\n",
    "from unittest import mock\n\n\nclass TestThing:\n"
    + "".join(f"    def helper_{i}(self):\n        return {i}\n\n" for i in range(12))
    + '    @mock.patch("shop.domains.catalog.models.Product")\n'
    + "    def test_it(self, product):\n        pass\n",
)
CASES["patch_decorator_on_function"] = (
    '@mock.patch("shop.domains.products.models.Product")\ndef test_it(product):\n    pass\n',
    '@mock.patch("shop.domains.catalog.models.Product")\ndef test_it(product):\n    pass\n',
)


@pytest.mark.parametrize("name", sorted(CASES))
def test_rename_reference_form(tmp_path: Path, name: str) -> None:
    before, after = CASES[name]
    check(tmp_path, before, after)


def test_move_to_other_package_splits_mixed_relative_import(tmp_path: Path) -> None:
    check(
        tmp_path,
        "from .domains import pricing, products as p\n",
        "from .domains import pricing\nfrom .inventory import products as p\n",
        ELSEWHERE,
    )


def test_unsorted_block_is_not_sorted(tmp_path: Path) -> None:
    check(
        tmp_path,
        "from shop.domains.products import Product\nimport os\n",
        "from shop.domains.catalog import Product\nimport os\n",
    )


def test_rename_of_local_name_falls_back_to_alias_when_name_is_taken(tmp_path: Path) -> None:
    check(
        tmp_path,
        "from shop.domains import products\n\ncatalog = products.Product\n",
        "from shop.domains import catalog as products\n\ncatalog = products.Product\n",
    )


def test_files_inside_moved_tree_relevel_relative_imports(tmp_path: Path) -> None:
    files = {
        **BASE,
        "shop/domains/products/models.py": "from ..pricing import RATE\nfrom . import helpers\n",
        "shop/domains/products/helpers.py": "",
    }
    changed, _ = rewrite(tmp_path, files, **ELSEWHERE)
    assert changed["shop/domains/products/models.py"] == (
        "from ...domains.pricing import RATE\nfrom . import helpers\n"
    )
    assert "shop/domains/products/__init__.py" not in changed


def test_lookalike_strings_stay_and_exact_paths_are_rewritten(tmp_path: Path) -> None:
    source = (
        'doc = "see shop.domains.products for details"\n'
        'url = "/api/products"\n'
        'name = "shop.domains.products"\n'
        'backend = "shop.domains.products.models:Product"\n'
    )
    changed, result = rewrite(tmp_path, {**BASE, "shop/use.py": source}, **RENAME)
    assert changed["shop/use.py"] == (
        'doc = "see shop.domains.products for details"\n'
        'url = "/api/products"\n'
        'name = "shop.domains.catalog"\n'
        'backend = "shop.domains.catalog.models:Product"\n'
    )
    assert result.review == ()


def test_one_part_module_string_is_only_reviewed(tmp_path: Path) -> None:
    files = {"utils.py": "", "use.py": 'import utils\nname = "utils.helper"\nutils.x\n'}
    changed, result = rewrite(tmp_path, files, module_moves=[ModuleMove("utils", "pkg.utils")])
    assert changed["use.py"] == 'import pkg.utils\nname = "utils.helper"\npkg.utils.x\n'
    assert result.review == (
        "use.py:2: string 'utils.helper' may name a moved name (-> 'pkg.utils.helper')",
    )


def test_other_modules_with_the_same_last_name_are_untouched(tmp_path: Path) -> None:
    source = "from other import products\nimport products\nx.products.y = 1\n"
    changed, _ = rewrite(tmp_path, {**BASE, "shop/use.py": source}, **RENAME)
    assert "shop/use.py" not in changed


def test_unparsable_candidate_is_reported(tmp_path: Path) -> None:
    files = {**BASE, "shop/bad.py": "from shop.domains import products\ndef (:\n"}
    _, result = rewrite(tmp_path, files, **RENAME)
    assert [s.relpath for s in result.unparsable] == ["shop/bad.py"]
    assert "syntax error at line 2" in result.unparsable[0].reason


def test_unparsable_file_without_the_name_is_not_read(tmp_path: Path) -> None:
    _, result = rewrite(tmp_path, {**BASE, "shop/bad.py": "def (:\n"}, **RENAME)
    assert result.unparsable == ()


def test_excluded_files_are_left_alone(tmp_path: Path) -> None:
    files = {**BASE, "shop/use.py": "from shop.domains import products\n"}
    changed, _ = rewrite(tmp_path, files, exclude={"shop/use.py"}, **RENAME)
    assert changed == {}


def test_entry_point_string_in_setup_py(tmp_path: Path) -> None:
    source = 'entry_points = {"console_scripts": ["shop = shop.domains.products.models:main"]}\n'
    changed, _ = rewrite(tmp_path, {**BASE, "setup.py": source}, **RENAME)
    assert changed["setup.py"] == source.replace("products", "catalog")


def test_all_entry_of_parent_package_is_renamed(tmp_path: Path) -> None:
    files = {**BASE, "shop/domains/__init__.py": 'from . import products\n__all__ = ["products"]\n'}
    changed, _ = rewrite(tmp_path, files, **RENAME)
    assert changed["shop/domains/__init__.py"] == 'from . import catalog\n__all__ = ["catalog"]\n'


def test_split_import_in_sorted_block_is_sorted_as_two_statements(tmp_path: Path) -> None:
    check(
        tmp_path,
        "import os\nfrom shop.domains import pricing, products\nfrom shop.zz import z\n",
        "import os\nfrom shop.aaa import products\nfrom shop.domains import pricing\n"
        "from shop.zz import z\n",
        {"module_moves": [ModuleMove("shop.domains.products", "shop.aaa.products")]},
    )


def test_all_entry_of_another_package_keeps_its_name_with_an_alias(tmp_path: Path) -> None:
    files = {
        **BASE,
        "shop/__init__.py": 'from shop.domains import products\n__all__ = ["products"]\n',
    }
    changed, _ = rewrite(tmp_path, files, **RENAME)
    assert changed["shop/__init__.py"] == (
        'from shop.domains import catalog as products\n__all__ = ["products"]\n'
    )


def test_implicitly_concatenated_string_is_rewritten_in_its_piece(tmp_path: Path) -> None:
    check(
        tmp_path,
        'NAME = (\n    "shop.domains.products.models."\n    "Product"\n)\n',
        'NAME = (\n    "shop.domains.catalog.models."\n    "Product"\n)\n',
    )


def test_module_paths_built_at_run_time_are_listed(tmp_path: Path) -> None:
    source = (
        'ALIASES = {"p": "products"}\n'
        "def load(name):\n"
        '    return importlib.import_module("shop.domains." + ALIASES[name])\n'
    )
    changed, result = rewrite(tmp_path, {**BASE, "shop/use.py": source}, **RENAME)
    assert "shop/use.py" not in changed
    assert result.review == (
        "shop/use.py:3: module path built at run time under shop.domains: "
        "it may reach the moved shop.domains.products",
        "shop/use.py:1: string 'products' may name the moved module shop.domains.products "
        "(now shop.domains.catalog)",
    )


def test_isort_skip_pins_the_order(tmp_path: Path) -> None:
    check(
        tmp_path,
        "import os\nfrom shop.domains.pricing import RATE  # isort:skip\n"
        "from shop.domains.products import Product\n",
        "import os\nfrom shop.domains.pricing import RATE  # isort:skip\n"
        "from shop.domains.catalog import Product\n",
    )


def test_submodule_moved_to_top_level_becomes_a_plain_import(tmp_path: Path) -> None:
    check(
        tmp_path,
        "from shop.domains import pricing, products as p\n",
        "import products as p\nfrom shop.domains import pricing\n",
        {"module_moves": [ModuleMove("shop.domains.products", "products")]},
    )


def test_sorted_block_merges_imports_from_the_same_module(tmp_path: Path) -> None:
    check(
        tmp_path,
        "from shop.domains import products\nfrom shop.inventory import stock\n",
        "from shop.inventory import products, stock\n",
        ELSEWHERE,
    )


def test_one_import_per_line_style_is_not_merged(tmp_path: Path) -> None:
    check(
        tmp_path,
        "from shop.domains import products\nfrom shop.inventory import a\n"
        "from shop.inventory import b\n",
        "from shop.inventory import a\nfrom shop.inventory import b\n"
        "from shop.inventory import products\n",
        ELSEWHERE,
    )


def test_sorted_relative_block_with_package_import(tmp_path: Path) -> None:
    check(
        tmp_path,
        "from . import app\nfrom .domains.pricing import RATE\n"
        "from .domains.products import Product\n",
        "from . import app\nfrom .domains.catalog import Product\n"
        "from .domains.pricing import RATE\n",
    )


def test_lost_top_level_binding_is_listed(tmp_path: Path) -> None:
    source = "import shop.domains.products\n\nx = shop.domains.products.Product\ny = shop.other\n"
    moves = {"module_moves": [ModuleMove("shop.domains.products", "market.products")]}
    changed, result = rewrite(tmp_path, {**BASE, "shop/use.py": source}, **moves)
    assert changed["shop/use.py"] == (
        "import market.products\n\nx = market.products.Product\ny = shop.other\n"
    )
    assert result.review == (
        "shop/use.py:1: `import shop.domains.products` became `import market.products`: "
        "`shop` is still used here",
    )


@pytest.mark.parametrize(
    "built",
    ['"shop.domains.%s" % name', 'f"shop.domains.{name}"', '"shop.domains.{}".format(name)'],
)
def test_formatted_module_paths_are_listed_too(tmp_path: Path, built: str) -> None:
    source = f"def load(name):\n    return importlib.import_module({built})\n"
    changed, result = rewrite(tmp_path, {**BASE, "shop/use.py": source}, **RENAME)
    assert "shop/use.py" not in changed
    assert result.review == (
        "shop/use.py:2: module path built at run time under shop.domains: "
        "it may reach the moved shop.domains.products",
    )


@pytest.mark.parametrize(
    ("binding", "use", "after"),
    [
        ("import shop.domains as d", "d.products.Product", "d.catalog.Product"),
        ("from shop import domains", "domains.products.Product", "domains.catalog.Product"),
        ("from shop import domains as d", "d.products.models.Product", "d.catalog.models.Product"),
        ("from . import domains", "domains.products.Product", "domains.catalog.Product"),
    ],
)
def test_chain_through_an_alias_of_the_parent_package(
    tmp_path: Path, binding: str, use: str, after: str
) -> None:
    """`import pkg as p; p.util.f()`: nothing imports the old path any more, so the package
    has no `util` attribute; the chain must follow the move like `pkg.util.f()` does."""
    check(
        tmp_path,
        f"{binding}\n\n\ndef f():\n    return {use}\n",
        (f"{binding}\n\n\ndef f():\n    return {after}\n"),
    )


def test_chain_through_an_alias_moved_out_of_its_package_is_listed(tmp_path: Path) -> None:
    source = "import shop.domains as d\n\nd.products.Product\n"
    changed, result = rewrite(tmp_path, {**BASE, "shop/use.py": source}, **ELSEWHERE)
    assert "shop/use.py" not in changed
    assert result.review == (
        "shop/use.py:3: d.products is shop.domains.products, moved to "
        "shop.inventory.products; import it",
    )
