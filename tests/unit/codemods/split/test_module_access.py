"""`--rewrite-imports` for `m.Brand` reads through the module: `m.catalog.Brand`."""

from __future__ import annotations

import textwrap
from pathlib import Path

from refactorkit.changes.validation import validate
from refactorkit.codemods.split.api import SplitOptions, split
from refactorkit.codemods.split.module_access import expand_star_imports, retarget_module_access

GROUPS = {"Brand": "catalog", "Order": "orders"}


def run(source: str, own: str | None = "pkg.app", is_package: bool = False) -> str:
    text = textwrap.dedent(source)
    return retarget_module_access(text, "pkg.models", GROUPS, own, is_package)


def test_reads_through_an_alias_go_to_the_submodule() -> None:
    before = """\
        import pkg.models as m

        def f():
            return m.Brand(m.Order.x), m.Brand.detect, m.helper
        """
    assert run(before) == textwrap.dedent(
        """\
        import pkg.models as m

        def f():
            return m.catalog.Brand(m.orders.Order.x), m.catalog.Brand.detect, m.helper
        """
    )


def test_writes_and_deletes_through_the_module_stay_on_the_package() -> None:
    before = """\
        from pkg import models

        models.Brand = None
        models.Order += 1
        del models.Brand
        models.Brand.name = "x"
        for models.Order in ():
            pass
        """
    after = run(before)
    assert after == textwrap.dedent(before).replace(
        'models.Brand.name = "x"', 'models.catalog.Brand.name = "x"'
    )


def test_dotted_and_relative_module_imports() -> None:
    assert run("import pkg.models\nx = pkg.models.Brand\n") == (
        "import pkg.models\nx = pkg.models.catalog.Brand\n"
    )
    assert run("from . import models\nx = models.Order\n") == (
        "from . import models\nx = models.orders.Order\n"
    )
    init = "from . import models\nx = models.Order\n"
    assert (
        run(init, own="pkg", is_package=True) == "from . import models\nx = models.orders.Order\n"
    )
    # From pkg/sub/app.py, `from . import models` is pkg.sub.models: not ours.
    assert run("from . import models\nx = models.Order\n", own="pkg.sub.app") == (
        "from . import models\nx = models.Order\n"
    )


def test_names_rebound_in_the_file_are_left_alone() -> None:
    for source in (
        "import pkg.models as m\n\ndef f(m):\n    return m.Brand\n",
        "import pkg.models as m\nm = other\nx = m.Brand\n",
        "import pkg.models\npkg = None\nx = pkg.models.Brand\n",
        "import other.models as m\nx = m.Brand\n",
        "from pkg import models\nx = models.Brand\nfrom other import models\n",
    ):
        assert run(source) == source


def test_unparsable_text_is_returned_unchanged() -> None:
    assert run("import pkg.models as m\nx = (m.Brand\n") == "import pkg.models as m\nx = (m.Brand\n"


SOURCES = [("", ("VERSION",)), ("catalog", ("Brand",)), ("orders", ("Order", "OrderLine"))]


def expand(text: str, own: str = "pkg", is_package: bool = True) -> str:
    return expand_star_imports(text, "pkg.models", SOURCES, own, is_package)


def test_star_import_becomes_one_import_per_submodule() -> None:
    before = "import os\nfrom .models import *  # noqa: F403\nfrom .util import *\n"
    assert expand(before) == (
        "import os\n"
        "from .models import VERSION  # noqa: F403\n"
        "from .models.catalog import Brand\n"
        "from .models.orders import Order, OrderLine\n"
        "from .util import *\n"
    )
    assert expand("from pkg.models import *\n") == (
        "from pkg.models import VERSION\n"
        "from pkg.models.catalog import Brand\n"
        "from pkg.models.orders import Order, OrderLine\n"
    )


def test_long_star_expansion_is_parenthesized() -> None:
    names = tuple(f"VeryLongModelName{i}" for i in range(5))
    text = expand_star_imports(
        "from pkg.models import *\n", "pkg.models", [("catalog", names)], "pkg", True
    )
    assert text.splitlines()[0] == "from pkg.models.catalog import ("
    assert text.splitlines()[1:3] == ["    VeryLongModelName0,", "    VeryLongModelName1,"]
    assert text.endswith("    VeryLongModelName4,\n)\n")


def test_other_star_imports_are_left_alone() -> None:
    for text in ("from .sub.models import *\n", "from other.models import *\n"):
        assert expand(text) == text
    # In pkg/sub/__init__.py, `from .models import *` is pkg.sub.models.
    assert expand("from .models import *\n", own="pkg.sub") == "from .models import *\n"


def test_split_spells_out_star_imports_in_init_files_only(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    root.mkdir()
    (root / "pkg").mkdir()
    (root / "pkg" / "__init__.py").write_text("from .models import *\n", encoding="utf-8")
    (root / "pkg" / "api.py").write_text("from .models import *\n", encoding="utf-8")
    (root / "pkg" / "models.py").write_text(MODELS, encoding="utf-8")
    plan = root / "plan.toml"
    plan.write_text(
        '[[groups]]\nname = "catalog"\nnames = ["Brand"]\n'
        '[[groups]]\nname = "orders"\nnames = ["Order"]\n',
        encoding="utf-8",
    )
    options = SplitOptions(plan_path=plan, rewrite_imports=True, shim=True)
    changeset = split(root / "pkg" / "models.py", options, root=root)
    texts = {c.path: c.new_text for c in changeset.changes}
    assert texts["pkg/__init__.py"] == (
        "from .models.catalog import Brand\nfrom .models.orders import Order\n"
    )
    assert "pkg/api.py" not in texts
    stars = [w for w in changeset.warnings if "star-imports" in w]
    assert stars == [
        "pkg/api.py:1 star-imports pkg.models: with --shim each moved name it takes warns "
        "(DeprecationWarning); import the names from the submodules instead"
    ]
    assert validate(changeset) == ()


MODELS = """\
__all__ = ["Brand", "Order"]


class Brand:
    pass


class Order:
    brand = Brand
"""


def test_a_parameter_named_like_the_module_shadows_it_only_in_its_body() -> None:
    """jinja2's idtracking.py: `def f(nodes: t.Iterable[nodes.Node])`; the annotation reads
    the module, the body's `nodes` is the parameter. The file was left alone, and under
    --shim every `nodes.Node` read warned (an error in jinja2's suite)."""
    source = (
        "from . import nodes\n\n\n"
        "def find(nodes: list[nodes.Node]) -> nodes.Node:\n"
        "    return nodes.Node\n\n\n"
        "X = nodes.Node\n"
    )
    new = retarget_module_access(source, "pkg.nodes", {"Node": "base"}, "pkg.idtracking")
    assert new == (
        "from . import nodes\n\n\n"
        "def find(nodes: list[nodes.base.Node]) -> nodes.base.Node:\n"
        "    return nodes.Node\n\n\n"
        "X = nodes.base.Node\n"
    )
