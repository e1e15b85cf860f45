"""Baseline / ratchet: new and worse violations fail, known and improved ones pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from refactorkit.check.baseline import (
    Baseline,
    BaselineEntry,
    dumps,
    from_violations,
    judge,
    load,
    loads,
    save,
    tighten,
)
from refactorkit.domain import Finding
from refactorkit.errors import UserError
from tests.unit.check.helpers import violation


def long_file(lines: int, path: str = "pkg/models.py") -> Finding:
    return violation("RK101", path, 1, 1, "file has too many lines", "", lines, 500)


def complex_fn(cc: int, name: str = "f", line: int = 10) -> Finding:
    return violation("RK102", "pkg/a.py", line, 5, "too complex", name, cc, 10)


def low_mi(mi: float) -> Finding:
    return violation("RK105", "pkg/a.py", 1, 1, "low", "", mi, 10.0, lower_is_worse=True)


BASE = from_violations([long_file(900), complex_fn(15), low_mi(8.0)])


def statuses(violations: list[Finding]) -> list[tuple[str, str]]:
    return [(j.finding.code, j.status) for j in judge(violations, BASE)]


def test_unchanged_violations_are_known() -> None:
    assert statuses([long_file(900), complex_fn(15), low_mi(8.0)]) == [
        ("RK101", "known"),
        ("RK102", "known"),
        ("RK105", "known"),
    ]


def test_a_file_that_grows_fails_and_one_that_shrinks_passes() -> None:
    (grown,) = judge([long_file(950)], BASE)
    assert (grown.status, grown.recorded, grown.fails) == ("worse", 900, True)
    (shrunk,) = judge([long_file(850)], BASE)
    assert (shrunk.status, shrunk.fails) == ("known", False)


def test_lower_is_worse_for_maintainability() -> None:
    assert statuses([low_mi(7.0)]) == [("RK105", "worse")]
    assert statuses([low_mi(9.0)]) == [("RK105", "known")]


def test_new_file_or_function_is_new() -> None:
    assert statuses([long_file(600, "pkg/other.py")]) == [("RK101", "new")]
    assert statuses([complex_fn(11, name="g")]) == [("RK102", "new")]


def test_line_moves_do_not_matter() -> None:
    assert statuses([complex_fn(15, line=400)]) == [("RK102", "known")]


def test_duplicate_keys_pair_worst_with_worst() -> None:
    base = from_violations([complex_fn(15), complex_fn(12)])
    judged = judge([complex_fn(13), complex_fn(15), complex_fn(11)], base)
    assert sorted((j.finding.value, j.status) for j in judged) == [
        (11, "new"),
        (13, "worse"),  # paired with the recorded 12
        (15, "known"),
    ]


def test_tighten_lowers_improved_values_drops_fixed_and_never_loosens_or_adds() -> None:
    current = [long_file(850), complex_fn(20), long_file(700, "pkg/new.py")]
    tightened, changes = tighten(BASE, current)
    assert tightened.entries == (
        BaselineEntry("RK102", "pkg/a.py", "f", 15),  # got worse: the recorded 15 stays
        BaselineEntry("RK101", "pkg/models.py", "", 850),  # shrank: recorded as 850 now
    )
    assert changes == [
        "fixed: RK105 pkg/a.py",
        "tightened: RK101 pkg/models.py: 900 -> 850",
    ]
    # after tightening, growing back to 900 fails
    assert judge([long_file(900)], tightened)[0].status == "worse"


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    save(path, BASE)
    assert load(path) == BASE
    assert '"lower_is_worse": true' in path.read_text()
    assert dumps(load(path)) == path.read_text()


def test_bad_files_are_user_errors(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="create it with `refactorkit baseline`"):
        load(tmp_path / "missing.json")
    with pytest.raises(UserError, match="not a refactorkit baseline"):
        loads("[1, 2]")
    with pytest.raises(UserError, match="unsupported version"):
        loads('{"version": 99, "violations": []}')


def test_empty_baseline_makes_everything_new() -> None:
    assert [j.status for j in judge([long_file(501)], Baseline(()))] == ["new"]
