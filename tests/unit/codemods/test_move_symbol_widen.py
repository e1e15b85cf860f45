"""move-symbol widens instead of refusing: --with, --with-auto, the printed command, and
--allow-lazy-import only on request."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from refactorkit.codemods.move_symbol import MoveSymbolOptions, plan_move_symbol
from refactorkit.errors import UserError
from tests.functional.rk_run import rk
from tests.unit.codemods.refs_helpers import write_tree
from tests.unit.codemods.test_move import apply, run_python

MODELS = """\
RATE = 0.2


def rate_for(kind):
    return RATE if kind == "std" else 0.0


def tax(amount):
    return amount * rate_for("std")


def describe_tax(amount):
    return str(tax(amount))
"""
TREE = {
    "pyproject.toml": "[project]\nname = 'shop'\n",
    "shop/__init__.py": "",
    "shop/models.py": MODELS,
}
CHECK = (
    "from shop.models import describe_tax, tax; assert describe_tax(10) == '2.0' == str(tax(10))"
)


def test_the_refusal_names_what_must_move_along(tmp_path: Path) -> None:
    write_tree(tmp_path, TREE)
    with pytest.raises(UserError) as caught:
        plan_move_symbol(tmp_path, "shop.models:tax", "shop.taxes")
    message = str(caught.value)
    assert "import cycle: shop.models -> shop.taxes -> shop.models" in message
    assert "Moving rate_for, RATE along breaks it" in message
    assert "refactorkit move-symbol shop.models:tax shop.taxes --with rate_for,RATE" in message


@pytest.mark.parametrize(
    "options",
    [MoveSymbolOptions(with_auto=True), MoveSymbolOptions(with_names=("rate_for", "RATE"))],
    ids=["with-auto", "with"],
)
def test_widened_move_applies_and_runs(tmp_path: Path, options: MoveSymbolOptions) -> None:
    write_tree(tmp_path, TREE)
    changeset = plan_move_symbol(tmp_path, "shop.models:tax", "shop.taxes", options)
    assert changeset.title == "move-symbol shop.models:tax -> shop.taxes:tax with rate_for, RATE"
    apply(changeset)
    taxes = (tmp_path / "shop" / "taxes.py").read_text()
    assert "import" not in taxes  # nothing from shop.models: no cycle
    assert "def rate_for" in taxes and "RATE = 0.2" in taxes
    models = (tmp_path / "shop" / "models.py").read_text()
    assert models.startswith("from shop.taxes import tax\n")
    done = run_python(tmp_path, CHECK)
    assert done.returncode == 0, done.stderr


def test_no_widening_when_there_is_no_cycle(tmp_path: Path) -> None:
    write_tree(tmp_path, TREE)
    changeset = plan_move_symbol(
        tmp_path, "shop.models:describe_tax", "shop.text", MoveSymbolOptions(with_auto=True)
    )
    assert changeset.title == "move-symbol shop.models:describe_tax -> shop.text:describe_tax"


TRY_MODELS = """\
try:
    import json

    def dumps(value):
        return json.dumps(value)
except ImportError:  # pragma: no cover

    def dumps(value):
        return str(value)


def report(value):
    \"\"\"The value as text.\"\"\"
    return dumps(value)


def summary(value):
    return report(value).upper()
"""


def test_lazy_import_only_on_request(tmp_path: Path) -> None:
    write_tree(tmp_path, {**TREE, "shop/models.py": TRY_MODELS})
    with pytest.raises(UserError, match="No set of definitions moved along breaks it"):
        plan_move_symbol(tmp_path, "shop.models:report", "shop.reports", MoveSymbolOptions())
    options = MoveSymbolOptions(allow_lazy_import=True)
    changeset = plan_move_symbol(tmp_path, "shop.models:report", "shop.reports", options)
    apply(changeset)
    reports = (tmp_path / "shop" / "reports.py").read_text()
    assert reports == (
        'def report(value):\n    """The value as text."""\n'
        "    from shop.models import dumps\n    return dumps(value)\n"
    )
    done = run_python(tmp_path, "from shop.models import summary; assert summary([1]) == '[1]'")
    assert done.returncode == 0, done.stderr


def test_cli_refusal_prints_a_command_that_works(tmp_path: Path) -> None:
    write_tree(tmp_path, TREE)
    run = rk("move-symbol", "shop.models:tax", "shop.taxes", cwd=tmp_path)
    assert run.code == 2
    command = next(line.strip() for line in run.err.splitlines() if "--with" in line)
    argv = shlex.split(command)
    assert argv[:2] == ["refactorkit", "move-symbol"]
    run = rk(*argv[1:], "--apply", "--allow-dirty", cwd=tmp_path)
    assert run.code == 0, run.err
    done = run_python(tmp_path, CHECK)
    assert done.returncode == 0, done.stderr
