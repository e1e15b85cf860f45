"""Rule settings from `[tool.refactorkit]`: one limits table, legacy keys, contracts, errors."""

from __future__ import annotations

from typing import Any

import pytest

from refactorkit.config import Config, ConfigError
from refactorkit.rules.contracts import ForbiddenImport, Layers
from refactorkit.rules.settings import RuleSettings, load_settings


def settings(**tables: Any) -> RuleSettings:
    return load_settings(Config(**tables))


def test_defaults() -> None:
    found = settings()
    limits = found.limits
    assert (limits["max_file_lines"], limits["max_complexity"]) == (500, 10)
    assert (limits["max_class_methods"], limits["max_module_classes"]) == (20, 15)
    assert (limits["max_average_complexity"], limits["min_maintainability"]) == (8.0, 10.0)
    assert found.contracts.cycles == "runtime"
    assert found.deprecations == ()


def test_limits_table_with_dashed_keys() -> None:
    found = settings(limits={"max-file-lines": 900, "max_average_complexity": 4.5})
    assert found.limits["max_file_lines"] == 900
    assert found.limits["max_average_complexity"] == 4.5
    assert found.deprecations == ()


def test_check_table_contracts_and_ignores() -> None:
    found = settings(
        check={
            "cycles": "all",
            "ignore": ["rk105"],
            "per-file-ignores": {"legacy/*.py": ["RK101", "RK102"]},
            "forbidden": [{"source": "app.api", "target": ["app.db", "sqlalchemy"]}],
            "layers": ["app.api", "app.service", "app.db"],
            "baseline": "ci/baseline.json",
        }
    )
    assert found.contracts.cycles == "all"
    assert found.ignore == ("RK105",)
    assert found.per_file_ignores == (("legacy/*.py", ("RK101", "RK102")),)
    assert found.contracts.forbidden == (
        ForbiddenImport("app.api", "app.db"),
        ForbiddenImport("app.api", "sqlalchemy"),
    )
    assert found.contracts.layers == (Layers(("app.api", "app.service", "app.db")),)
    assert found.baseline == "ci/baseline.json"


def test_legacy_check_limits_are_read_with_a_message_naming_the_new_key() -> None:
    found = settings(check={"max_file_lines": 800, "max_rank": "C"})
    assert found.limits["max_file_lines"] == 800
    assert found.limits["max_complexity"] == 20
    assert found.deprecations == (
        "tool.refactorkit.check.max_file_lines is deprecated: use "
        "tool.refactorkit.limits.max_file_lines (read for one more release)",
        "tool.refactorkit.check.max_rank is deprecated: use "
        "tool.refactorkit.limits.max_complexity (read for one more release)",
    )


def test_legacy_thresholds_of_analyze() -> None:
    found = settings(thresholds={"max_module_lines": 700, "complex_rank": "D"})
    assert found.limits["max_file_lines"] == 700
    assert found.limits["max_complexity"] == 20  # rank D and worse flagged: 20 is allowed
    assert [d.split(" is ")[0] for d in found.deprecations] == [
        "tool.refactorkit.thresholds.max_module_lines",
        "tool.refactorkit.thresholds.complex_rank",
    ]


def test_new_table_wins_over_legacy_ones() -> None:
    found = settings(
        limits={"max_file_lines": 600},
        check={"max_file_lines": 700},
        thresholds={"max_module_lines": 800},
    )
    assert found.limits["max_file_lines"] == 600
    assert (
        settings(check={"max_file_lines": 700}, thresholds={"max_module_lines": 800}).limits[
            "max_file_lines"
        ]
        == 700
    )


def test_overrides_set_limits_and_check_keys() -> None:
    config = Config(limits={"max_file_lines": 600}, check={"cycles": "all"})
    found = load_settings(config, {"max_file_lines": 900, "cycles": "off", "max_rank": "B"})
    assert found.limits["max_file_lines"] == 900
    assert found.limits["max_complexity"] == 10
    assert found.contracts.cycles == "off"
    assert found.deprecations == ()  # --set of an old name is not a deprecated config key


@pytest.mark.parametrize(
    ("tables", "named"),
    [
        ({"limits": {"max_lines": 3}}, "tool.refactorkit.limits.max_lines"),
        ({"limits": {"max_file_lines": 0}}, "tool.refactorkit.limits.max_file_lines"),
        ({"limits": {"max_file_lines": "500"}}, "tool.refactorkit.limits.max_file_lines"),
        ({"limits": {"max_file_lines": True}}, "tool.refactorkit.limits.max_file_lines"),
        ({"limits": {"max_file_lines": 2.5}}, "tool.refactorkit.limits.max_file_lines"),
        ({"limits": {"min_maintainability": float("nan")}}, "limits.min_maintainability"),
        ({"check": {"max_lines": 3}}, "tool.refactorkit.check.max_lines"),
        ({"check": {"max_file_lines": True}}, "tool.refactorkit.check.max_file_lines"),
        ({"check": {"max_complexity": -1}}, "tool.refactorkit.check.max_complexity"),
        ({"check": {"max_rank": "F"}}, "tool.refactorkit.check.max_rank"),
        ({"check": {"cycles": "sometimes"}}, "tool.refactorkit.check.cycles"),
        ({"check": {"ignore": ["E501"]}}, "tool.refactorkit.check.ignore"),
        ({"check": {"ignore": ["RK999"]}}, "unknown rule code 'RK999'"),
        ({"check": {"forbidden": [{"source": "a"}]}}, "tool.refactorkit.check.forbidden[0]"),
        ({"check": {"layers": ["only-one"]}}, "tool.refactorkit.check.layers[0]"),
        ({"check": {"per_file_ignores": {"x.py": ["RK1"]}}}, "check.per_file_ignores.x.py"),
        ({"check": {"max_rank": "B", "max_complexity": 4}}, "max_complexity or max_rank"),
        ({"thresholds": {"max_module_lines": True}}, "thresholds.max_module_lines"),
        ({"thresholds": {"complex_rank": "Z"}}, "thresholds.complex_rank"),
        ({"thresholds": {"bogus": 1}}, "unknown key tool.refactorkit.thresholds.bogus"),
    ],
)
def test_errors_name_the_key(tables: dict[str, Any], named: str) -> None:
    escaped = named.replace("[", r"\[").replace("]", r"\]").replace(".", r"\.")
    with pytest.raises(ConfigError, match=escaped):
        settings(**tables)
