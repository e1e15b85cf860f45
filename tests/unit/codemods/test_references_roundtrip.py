"""Property: moving a module there and back gives every importer its original bytes."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from refactorkit.codemods.references import ModuleMove
from refactorkit.codemods.refs.pyfile import _import_key
from tests.unit.codemods.refs_helpers import rewrite

# Import forms of shop.domains.products (OLD) and the code that uses each binding; no two
# import from the same module, as an isort-formatted file would have merged them.
FORMS = [
    ("import shop.domains.products", "shop.domains.products.Product"),
    ("import shop.domains.products as p", "p.Product"),
    ("from shop.domains import products", "products.Product"),
    ("from shop.domains.products import Product", "Product"),
    ("from shop.domains.products.models import Product as M", "M"),
    ("from .domains.products import Product as R", "R"),
    ("from .domains import pricing, products", "products.Product, pricing.RATE"),
    ("from shop.domains.pricing import RATE", "RATE"),
    ("import os", "os.sep"),
]
# Not a top-level target: `from shop.domains import products` -> `import catalog` cannot come
# back as a from-import (`import shop.domains.products` is the faithful inverse).
TARGETS = ["shop.domains.catalog", "shop.inventory.products", "shop.deep.er.catalog"]
BASE = {
    "shop/__init__.py": "",
    "shop/domains/__init__.py": "",
    "shop/domains/products/__init__.py": "from .models import Product\n",
    "shop/domains/products/models.py": "class Product:\n    pass\n",
    "shop/domains/pricing.py": "RATE = 2\n",
}


def source(picks: list[int], strings: bool) -> str:
    """An isort-sorted importer (an unsorted block is never re-sorted, so a split stays split)."""
    picks = sorted(picks, key=lambda i: _import_key(FORMS[i][0] + "\n"))
    imports = [FORMS[i][0] for i in picks]
    uses = [FORMS[i][1] for i in picks]
    body = "\n".join(imports) + "\n\n\ndef use():\n    return " + ", ".join(uses) + "\n"
    if strings:
        body += 'mock.patch("shop.domains.products.models.Product")\n'
    return body


@settings(max_examples=40, deadline=None)
@given(
    picks=st.lists(st.integers(0, len(FORMS) - 1), min_size=1, max_size=5, unique=True),
    target=st.sampled_from(TARGETS),
    strings=st.booleans(),
)
def test_there_and_back_restores_importers(picks: list[int], target: str, strings: bool) -> None:
    text = source(picks, strings)
    there = {"module_moves": [ModuleMove("shop.domains.products", target)]}
    with tempfile.TemporaryDirectory() as scratch:
        changed, _ = rewrite(Path(scratch) / "a", {**BASE, "shop/use.py": text}, **there)
        moved = changed.get("shop/use.py", text)
        compile(moved, "use.py", "exec")  # still valid Python
        assert "domains.products" not in moved or "pricing" in moved
        back = {"module_moves": [ModuleMove(target, "shop.domains.products")]}
        tree = {**BASE, "shop/use.py": moved}
        tree[target.replace(".", "/") + "/__init__.py"] = "from .models import Product\n"
        tree[target.replace(".", "/") + "/models.py"] = "class Product:\n    pass\n"
        changed_back, _ = rewrite(Path(scratch) / "b", tree, **back)
        assert changed_back.get("shop/use.py", moved) == text
