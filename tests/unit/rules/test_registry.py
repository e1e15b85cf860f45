"""The rule registry: every built-in rule found, well formed, documented, and docs in sync."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from refactorkit.domain import FileAnalysis, Finding
from refactorkit.plugins import load_group
from refactorkit.reporting.rule_docs import TABLE_END, TABLE_START, rule_page, rules_table
from refactorkit.rules import FileRule, RuleContext
from refactorkit.rules.limits import specs_of
from refactorkit.rules.registry import builtin_rules, limit_specs, why_not_a_rule

DOCS = Path(__file__).resolve().parents[3] / "docs" / "check.md"


def test_builtin_rules_are_found_by_scanning_the_package() -> None:
    codes = [rule.code for rule in builtin_rules()]
    assert codes == sorted(codes) == sorted(set(codes))
    assert codes[:9] == [f"RK10{i}" for i in range(1, 10)]


@pytest.mark.parametrize("rule", builtin_rules(), ids=lambda r: r.code)
def test_every_rule_is_well_formed_and_documented(rule: Any) -> None:
    assert why_not_a_rule(rule) is None
    assert dataclasses.is_dataclass(rule.options_type)
    assert len(rule.docs().splitlines()) >= 3, "docs say why it matters and how to fix it"
    assert rule.fix_hint
    assert rule.code in rule_page(rule) and rule.summary in rule_page(rule)


def test_shared_option_names_share_their_value() -> None:
    specs = limit_specs()
    assert specs["max_file_lines"].default == 500
    assert specs["max_complexity"].kind is int
    assert specs["min_maintainability"].kind is float


def test_docs_table_is_the_generated_one() -> None:
    text = DOCS.read_text(encoding="utf-8")
    start, end = text.index(TABLE_START), text.index(TABLE_END) + len(TABLE_END) + 1
    assert text[start:end] == rules_table(builtin_rules()), (
        "docs/check.md is stale: paste `refactorkit rule --markdown` between its markers"
    )


@dataclasses.dataclass(frozen=True)
class _Opts:
    max_widgets: int = 3


class _Widgets(FileRule[_Opts]):
    """Too many widgets.

    Widgets pile up.
    Remove some.
    """

    code = "XW101"
    name = "too-many-widgets"
    summary = "Too many widgets."
    options_type = _Opts
    fix_hint = "remove some"

    def check_file(self, analysis: FileAnalysis, context: RuleContext) -> list[Finding]:
        return []


@pytest.mark.parametrize(
    ("candidate", "reason"),
    [
        (object, "not a subclass"),
        (type("NoCode", (FileRule,), {"name": "x", "summary": "s"}), "no code"),
        (type("Bad", (_Widgets,), {"code": "widgets"}), "not like RK101"),
        (type("Bad", (_Widgets,), {"name": "Widgets"}), "kebab-case"),
        (type("Bad", (_Widgets,), {"scope": "galaxy"}), "scope"),
    ],
)
def test_malformed_rules_are_refused_with_a_reason(candidate: Any, reason: str) -> None:
    assert reason in (why_not_a_rule(candidate) or "")


def test_a_plugins_options_join_the_limits_table() -> None:
    specs = specs_of([*builtin_rules(), _Widgets])
    assert specs["max_widgets"].codes == ("XW101",)


def test_broken_plugins_are_reported_in_one_line_and_skipped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Point:
        def __init__(self, name: str, value: str, loaded: Any) -> None:
            self.name, self.value, self._loaded = name, value, loaded

        def load(self) -> Any:
            if isinstance(self._loaded, Exception):
                raise self._loaded
            return self._loaded

    points = [
        Point("good", "pkg:Widgets", _Widgets),
        Point("broken", "pkg.missing:Rule", ImportError("No module named 'pkg.missing'")),
        Point("wrong", "pkg:thing", 42),
    ]
    monkeypatch.setattr("refactorkit.plugins.entry_points", lambda group: points)
    loaded = load_group("refactorkit.rules", why_not_a_rule)
    assert [name for name, _ in loaded.objects] == ["good"]
    assert loaded.problems == (
        "plugin 'broken' (pkg.missing:Rule, refactorkit.rules) skipped: ImportError: "
        "No module named 'pkg.missing'",
        "plugin 'wrong' (pkg:thing, refactorkit.rules) skipped: not a subclass of "
        "refactorkit.rules.Rule",
    )
