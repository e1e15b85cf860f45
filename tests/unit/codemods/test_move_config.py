"""Module paths in pyproject.toml, setup.cfg and ini files (config_refs)."""

from __future__ import annotations

from pathlib import Path

from refactorkit.codemods.config_refs import PathMove, rewrite_config_files
from refactorkit.codemods.references import ModuleMove
from tests.unit.codemods.refs_helpers import dedent, write_tree

MOVE = [ModuleMove("shop.domains.products", "shop.domains.catalog")]
PATHS = [PathMove("shop/domains/products", "shop/domains/catalog")]

PYPROJECT = """
[project]
name = "shop.domains.products"

[project.scripts]
shop = "shop.domains.products.cli:main"
other = "shop.domains.productsx:main"

[project.entry-points."shop.plugins"]
catalog = "shop.domains.products.plugin"

[tool.pytest.ini_options]
testpaths = ["shop/domains/products", "tests"]
addopts = "--cov=shop.domains.products"

[tool.ruff.lint.per-file-ignores]
"shop/domains/products/*.py" = ["E501"]
"""

SETUP_CFG = """
[options.entry_points]
console_scripts =
    shop = shop.domains.products.cli:main

[mypy-shop.domains.products.*]
ignore_errors = True

[tool:pytest]
DJANGO_SETTINGS_MODULE = shop.domains.products.settings
"""


def test_pyproject_sections_that_name_modules(tmp_path: Path) -> None:
    write_tree(tmp_path, {"pyproject.toml": PYPROJECT})
    result = rewrite_config_files(tmp_path, MOVE, PATHS)
    [change] = result.changes
    expected = dedent(PYPROJECT).replace("domains.products.", "domains.catalog.")
    expected = expected.replace('"shop/domains/products', '"shop/domains/catalog')
    expected = expected.replace("--cov=shop.domains.products", "--cov=shop.domains.catalog")
    # [project] name is not a module path: listed, not changed.
    expected = expected.replace('name = "shop.domains.catalog"', 'name = "shop.domains.products"')
    assert change.new_text == expected
    assert 'other = "shop.domains.productsx:main"' in expected
    assert result.review == ("pyproject.toml:2: [project] names a moved module; not changed",)


def test_setup_cfg_entry_points_sections_and_pytest_options(tmp_path: Path) -> None:
    write_tree(
        tmp_path, {"setup.cfg": SETUP_CFG, "tox.ini": "[x]\nmodule = shop.domains.products\n"}
    )
    result = rewrite_config_files(tmp_path, MOVE, PATHS)
    by_path = {c.path: c.new_text for c in result.changes}
    assert by_path["setup.cfg"] == dedent(SETUP_CFG).replace("products", "catalog")
    assert by_path["tox.ini"] == "[x]\nmodule = shop.domains.catalog\n"


def test_one_part_module_needs_a_dot_or_colon(tmp_path: Path) -> None:
    write_tree(tmp_path, {"setup.cfg": "[a]\nname = utils\nmain = utils:run\nx = utils.y\n"})
    result = rewrite_config_files(tmp_path, [ModuleMove("utils", "pkg.utils")])
    assert (
        result.changes[0].new_text == "[a]\nname = utils\nmain = pkg.utils:run\nx = pkg.utils.y\n"
    )


def test_unrelated_config_is_untouched(tmp_path: Path) -> None:
    write_tree(tmp_path, {"pyproject.toml": "[tool.x]\na = 'shop.domains.productivity'\n"})
    assert rewrite_config_files(tmp_path, MOVE, PATHS).changes == ()


def test_alembic_paths_relative_to_here_or_dot_but_not_inside_other_paths(tmp_path: Path) -> None:
    ini = (
        "[alembic]\n"
        "script_location = %(here)s/shop/domains/products/migrations\n"
        "a = ./shop/domains/products\n"
        "b = ../shop/domains/products\n"
        "c = vendor/shop/domains/products\n"
    )
    write_tree(tmp_path, {"alembic.ini": ini})
    [change] = rewrite_config_files(tmp_path, MOVE, PATHS).changes
    assert change.new_text == (
        "[alembic]\n"
        "script_location = %(here)s/shop/domains/catalog/migrations\n"
        "a = ./shop/domains/catalog\n"
        "b = ../shop/domains/products\n"
        "c = vendor/shop/domains/products\n"
    )
