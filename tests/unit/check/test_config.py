"""`[tool.refactorkit.check]` parsing: typed values, and errors that name the bad key."""

from __future__ import annotations

import pytest

from refactorkit.check.config import CheckConfig, ForbiddenImport, Layers, parse_check_config
from refactorkit.config import ConfigError


def test_defaults() -> None:
    config = parse_check_config({})
    assert config == CheckConfig()
    assert (config.max_file_lines, config.max_complexity, config.cycles) == (500, 10, "runtime")


def test_values_and_dashed_keys() -> None:
    config = parse_check_config(
        {
            "max-file-lines": 900,
            "max_average_complexity": 4.5,
            "min_maintainability": 15,
            "cycles": "all",
            "ignore": ["RK105"],
            "per-file-ignores": {"legacy/*.py": ["RK101", "RK102"]},
            "forbidden": [{"source": "app.api", "target": ["app.db", "sqlalchemy"]}],
            "layers": ["app.api", "app.service", "app.db"],
        }
    )
    assert config.max_file_lines == 900
    assert config.max_average_complexity == 4.5
    assert config.min_maintainability == 15.0
    assert config.cycles == "all"
    assert config.ignore == ("RK105",)
    assert config.per_file_ignores == (("legacy/*.py", ("RK101", "RK102")),)
    assert config.forbidden == (
        ForbiddenImport("app.api", "app.db"),
        ForbiddenImport("app.api", "sqlalchemy"),
    )
    assert config.layers == (Layers(("app.api", "app.service", "app.db")),)


def test_max_rank_sets_the_complexity_limit() -> None:
    assert parse_check_config({"max_rank": "B"}).max_complexity == 10
    assert parse_check_config({"max_rank": "C"}).max_complexity == 20


def test_several_layer_contracts() -> None:
    config = parse_check_config({"layers": [["a", "b"], ["c", "d", "e"]]})
    assert config.layers == (Layers(("a", "b")), Layers(("c", "d", "e")))


def test_cycles_accepts_booleans() -> None:
    assert parse_check_config({"cycles": False}).cycles == "off"
    assert parse_check_config({"cycles": True}).cycles == "runtime"


@pytest.mark.parametrize(
    ("table", "named"),
    [
        ({"max_lines": 3}, "tool.refactorkit.check.max_lines"),
        ({"max_file_lines": 0}, "tool.refactorkit.check.max_file_lines"),
        ({"max_file_lines": "500"}, "tool.refactorkit.check.max_file_lines"),
        ({"max_file_lines": True}, "tool.refactorkit.check.max_file_lines"),
        ({"max_complexity": -1}, "tool.refactorkit.check.max_complexity"),
        ({"max_rank": "F"}, "tool.refactorkit.check.max_rank"),
        ({"cycles": "sometimes"}, "tool.refactorkit.check.cycles"),
        ({"ignore": ["E501"]}, "tool.refactorkit.check.ignore"),
        ({"forbidden": [{"source": "a"}]}, "tool.refactorkit.check.forbidden[0]"),
        ({"layers": ["only-one"]}, "tool.refactorkit.check.layers[0]"),
        ({"per_file_ignores": {"x.py": ["nope"]}}, "tool.refactorkit.check.per_file_ignores.x.py"),
        ({"max_rank": "B", "max_complexity": 4}, "max_complexity or max_rank"),
    ],
)
def test_errors_name_the_key(table: dict[str, object], named: str) -> None:
    with pytest.raises(ConfigError, match=named.replace("[", r"\[").replace("]", r"\]")):
        parse_check_config(table)
