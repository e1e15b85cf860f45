"""`[tool.refactorkit]` parsing: typed values, defaults, and errors naming the bad key."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactorkit.config import Config, ConfigError, load_config, parse_config


def test_defaults_without_pyproject(tmp_path: Path) -> None:
    assert load_config(tmp_path) == Config()


def test_reads_nearest_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.refactorkit]\nroots = ["src"]\nexclude = ["legacy/"]\n'
        '[tool.refactorkit.thresholds]\nmax-module-lines = 800\ncomplex_rank = "D"\n',
        encoding="utf-8",
    )
    (tmp_path / "src" / "pkg").mkdir(parents=True)
    config = load_config(tmp_path / "src" / "pkg")
    assert config.project_root == tmp_path
    assert config.roots == ("src",)
    assert config.exclude == ("legacy/",)
    # The rule tables stay raw here; refactorkit.rules.settings types them (test_settings.py).
    assert config.thresholds == {"max-module-lines": 800, "complex_rank": "D"}


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"rots": ["src"]}, "unknown key tool.refactorkit.rots"),
        ({"roots": "src"}, "roots must be a list of strings"),
        ({"thresholds": 3}, "tool.refactorkit.thresholds must be a table"),
        ({"limits": []}, "tool.refactorkit.limits must be a table"),
        ({"check": "x"}, "tool.refactorkit.check must be a table"),
        ({"churn_days": 0}, "churn_days"),
        ({"churn_days": True}, "churn_days"),
    ],
)
def test_bad_values_name_the_key(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_config(table, project_root=None)


def test_broken_toml_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.refactorkit\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path)
