"""rewrite_references on symbol moves (what `split --rewrite-imports` and move-symbol use)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from refactorkit.codemods.references import SymbolMove
from tests.unit.codemods.refs_helpers import dedent, rewrite

BASE = {
    "pkg/__init__.py": "",
    "pkg/models.py": "class Brand: ...\nclass Stock: ...\nclass Other: ...\n",
}
SPLIT = {
    "symbol_moves": [
        SymbolMove("pkg.models", "Brand", "pkg.models.catalog"),
        SymbolMove("pkg.models", "Stock", "pkg.models.stock"),
    ]
}


def run(tmp_path: Path, source: str, **moves: Any) -> tuple[str, tuple[str, ...]]:
    changed, result = rewrite(tmp_path, {**BASE, "pkg/use.py": source}, **(moves or SPLIT))
    return changed.get("pkg/use.py", dedent(source)), result.review


def test_one_import_per_new_module(tmp_path: Path) -> None:
    new, _ = run(tmp_path, "from pkg.models import Brand, Other, Stock\n")
    assert new == (  # one statement was trivially sorted, so its parts are sorted too
        "from pkg.models import Other\n"
        "from pkg.models.catalog import Brand\n"
        "from pkg.models.stock import Stock\n"
    )


def test_relative_stays_relative_and_aliases_kept(tmp_path: Path) -> None:
    new, _ = run(tmp_path, "from .models import Brand as B, Stock\n")
    assert new == "from .models.catalog import Brand as B\nfrom .models.stock import Stock\n"


def test_parenthesized_multiline_kept_tidy(tmp_path: Path) -> None:
    source = "from pkg.models import (\n    Brand,  # main\n    Other,\n    Stock,\n)\n"
    new, _ = run(tmp_path, source)
    assert new == (
        "from pkg.models import (\n    Other,\n)\n"
        "from pkg.models.catalog import (\n    Brand,  # main\n)\n"
        "from pkg.models.stock import (\n    Stock,\n)\n"
    )


def test_import_inside_function_keeps_indent(tmp_path: Path) -> None:
    source = "def f():\n    from pkg.models import Brand, Stock\n    return Brand, Stock\n"
    new, _ = run(tmp_path, source)
    assert new == (
        "def f():\n    from pkg.models.catalog import Brand\n"
        "    from pkg.models.stock import Stock\n    return Brand, Stock\n"
    )


def test_module_imports_stay_because_old_module_reexports(tmp_path: Path) -> None:
    source = "import pkg.models as m\nfrom pkg import models\nm.Brand, models.Stock\n"
    new, review = run(tmp_path, source)
    assert new == source
    assert review == ()


def test_patch_target_defaults_to_new_module(tmp_path: Path) -> None:
    new, _ = run(tmp_path, 'mock.patch("pkg.models.Brand.save")\n')
    assert new == 'mock.patch("pkg.models.catalog.Brand.save")\n'


def test_patch_target_uses_run_time_lookup_modules(tmp_path: Path) -> None:
    source = 'monkeypatch.setattr("pkg.models.Brand", None)\n'
    targets = {"pkg.models.Brand": ["pkg.models.stock", "pkg.models.orders"]}
    new, review = run(tmp_path, source, symbol_moves=SPLIT["symbol_moves"], patch_targets=targets)
    assert new == 'monkeypatch.setattr("pkg.models.stock.Brand", None)\n'
    assert review == (
        "pkg/use.py:1: patch target 'pkg.models.Brand' is looked up in several modules: "
        "pkg.models.stock.Brand, pkg.models.orders.Brand",
    )


def test_patch_object_of_moved_name_is_listed(tmp_path: Path) -> None:
    new, review = run(tmp_path, 'from pkg import models\nmock.patch.object(models, "Brand")\n')
    assert "mock.patch.object" in new
    assert len(review) == 1 and "now defined in pkg.models.catalog" in review[0]


def test_renamed_symbol_renames_local_uses(tmp_path: Path) -> None:
    moves = [SymbolMove("pkg.models", "Brand", "pkg.brands", "Label")]
    new, _ = run(tmp_path, "from pkg.models import Brand\n\nx = Brand()\n", symbol_moves=moves)
    assert new == "from pkg.brands import Label\n\nx = Label()\n"


def test_renamed_symbol_in_all_keeps_old_local_name(tmp_path: Path) -> None:
    moves = [SymbolMove("pkg.models", "Brand", "pkg.brands", "Label")]
    source = 'from pkg.models import Brand\n\n__all__ = ["Brand"]\n'
    new, _ = run(tmp_path, source, symbol_moves=moves)
    assert new == 'from pkg.brands import Label as Brand\n\n__all__ = ["Brand"]\n'


def test_crlf_file_stays_crlf(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg/__init__.py").write_bytes(b"")
    (tmp_path / "pkg/models.py").write_bytes(b"class Brand: ...\r\nclass Stock: ...\r\n")
    source = b"from pkg.models import (\r\n    Brand,\r\n    Stock,\r\n)\r\nx = 1\r\n"
    (tmp_path / "pkg/use.py").write_bytes(source)
    changed, _ = rewrite(tmp_path, {}, **SPLIT)
    assert changed["pkg/use.py"] == (
        "from pkg.models.catalog import (\r\n    Brand,\r\n)\r\n"
        "from pkg.models.stock import (\r\n    Stock,\r\n)\r\nx = 1\r\n"
    )


DROPPED = {"symbol_moves": [SymbolMove("pkg.models", "Brand", "pkg.brands", None, False)]}


def test_module_attribute_use_follows_a_dropped_name(tmp_path: Path) -> None:
    new, _ = run(tmp_path, "from pkg import models\n\nmodels.Brand, models.Other\n", **DROPPED)
    assert new == "from pkg import brands, models\n\nbrands.Brand, models.Other\n"


def test_dotted_attribute_use_follows_a_dropped_name(tmp_path: Path) -> None:
    new, _ = run(tmp_path, "import pkg.models\n\nx = pkg.models.Brand\n", **DROPPED)
    assert new == "import pkg.brands\nimport pkg.models\n\nx = pkg.brands.Brand\n"


def test_aliased_module_use_follows_a_dropped_name(tmp_path: Path) -> None:
    new, _ = run(tmp_path, "import pkg.models as m\n\nx = m.Brand\n", **DROPPED)
    # `m` has no other use: the new import takes its place (pyflakes would call it unused)
    assert new == "import pkg.brands as brands\n\nx = brands.Brand\n"


def test_attribute_use_with_taken_name_is_listed(tmp_path: Path) -> None:
    source = "from pkg import models\n\nbrands = 1\nx = models.Brand\n"
    new, review = run(tmp_path, source, **DROPPED)
    assert new == source
    assert review == ("pkg/use.py:4: models.Brand moved to pkg.brands; update it",)


def test_two_bindings_of_the_old_module_share_one_new_import(tmp_path: Path) -> None:
    source = "from pkg import models\nimport pkg.models as m\n\nx = models.Brand, m.Brand\n"
    new, review = run(tmp_path, source, **DROPPED)
    # not a second `import pkg.brands as brands` (a redefinition the validation refuses)
    assert new == "from pkg import brands\n\nx = brands.Brand, brands.Brand\n"
    assert review == ()


def test_new_module_bound_only_inside_a_function_is_not_reused(tmp_path: Path) -> None:
    source = (
        "import pkg.models as m\n\n"
        "def f():\n    from pkg import models\n    return models.Brand\n\n"
        "x = m.Brand\n"
    )
    new, review = run(tmp_path, source, **DROPPED)
    assert "    from pkg import brands\n    return brands.Brand\n" in new
    assert new.endswith("x = m.Brand\n")
    assert review == ("pkg/use.py:7: m.Brand moved to pkg.brands; update it",)


def test_unused_old_binding_in_a_list_is_replaced_in_place(tmp_path: Path) -> None:
    source = "from pkg import models, other\n\nx = models.Brand, other\n"
    new, _ = run(tmp_path, source, **DROPPED)
    assert new == "from pkg import brands, other\n\nx = brands.Brand, other\n"


def test_relative_binding_left_unused_becomes_the_new_import(tmp_path: Path) -> None:
    moves = {"symbol_moves": [SymbolMove("pkg.a.m", "price", "pkg.b.prices", None, False)]}
    files = {"pkg/a/__init__.py": "", "pkg/a/m.py": "def price(): ...\n"}
    source = "from .a import m  # the helpers\nfrom .a.m import price\n\nx = price, m.price\n"
    changed, _ = rewrite(tmp_path, {**BASE, **files, "pkg/use.py": source}, **moves)
    assert changed["pkg/use.py"] == (
        "from .b import prices  # the helpers\nfrom .b.prices import price\n\n"
        "x = price, prices.price\n"
    )
