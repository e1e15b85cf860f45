"""`--rewrite-imports` for `m.Brand` reads through the module: `m.catalog.Brand`."""

from __future__ import annotations

import textwrap

from refactorkit.codemods.split.module_access import retarget_module_access

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
