"""The JSON report: valid against the shipped JSON Schema, with schema_version 1."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest

import refactorkit.reporting
from refactorkit.reporting.json_report import SCHEMA_VERSION, render_json, report_to_dict
from tests.unit.reporting.sample import LONG_PATH, sample_report

SCHEMA_PATH = Path(refactorkit.reporting.__file__).parent / "analyze.schema.json"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(data)
    return data


def test_output_validates(schema: dict[str, Any]) -> None:
    document = json.loads(render_json(sample_report()))
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    assert document["schema_version"] == SCHEMA_VERSION == 2


def test_output_without_churn_validates(schema: dict[str, Any]) -> None:
    document = report_to_dict(sample_report(churn=False))
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    assert document["churn"] is None
    assert all(f["churn"] is None for f in document["files"])


def test_schema_rejects_undocumented_keys(schema: dict[str, Any]) -> None:
    document = report_to_dict(sample_report())
    document["files"][0]["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)


def test_values() -> None:
    document = report_to_dict(sample_report(), top=2)
    assert document["summary"]["files"] == 2
    assert document["summary"]["lines"] == 1280
    # The builders give each file loc - sloc blank lines: 300 + 0.
    assert [document["summary"][k] for k in ("comments", "blank", "docstring_lines")] == [0, 300, 0]
    assert document["summary"]["findings"] == {
        "file-too-long": 1,
        "complex-function": 2,
        "complex-module": 1,
        "god-class": 1,
        "import-cycle": 1,
    }
    assert len(document["hotspots"]) == 2  # --top applies to ranked lists
    assert len(document["findings"]) == 6  # findings are always complete
    first = document["hotspots"][0]
    assert (first["path"], first["score"], first["flags"]) == (
        LONG_PATH,
        176.4,
        ["file-too-long", "complex-module", "import-cycle"],
    )
    long = document["findings"][0]
    assert long == {
        "code": "RK101",
        "rule": "file-too-long",
        "path": LONG_PATH,
        "line": 1,
        "symbol": "",
        "message": "file has too many lines",
        "score": 176.4,
        "value": 1200,
        "limit": 500,
        "fix": {
            "kind": "split",
            "text": f"refactorkit split {LONG_PATH} --auto",
            "argv": ["refactorkit", "split", LONG_PATH, "--auto"],
        },
        "test": False,
    }
    assert document["limits"]["max_file_lines"] == 500
    models = next(f for f in document["files"] if f["path"] == LONG_PATH)
    assert (models["fan_in"], models["fan_out"], models["churn"]) == (3, 1, 7)
    assert models["max_complexity"] == 44
    assert models["imports"] == [
        {
            "module": "app",
            "name": None,
            "line": 3,
            "kind": "top",
            "in_try": False,
            "category": "internal",
        }
    ]
    assert (document["graph"]["third_party"], document["graph"]["stdlib"]) == (
        ["sqlalchemy"],
        ["os"],
    )
    cycles = document["graph"]["cycles"]
    assert [c["runtime"] for c in cycles] == [True, False]
    assert cycles[0]["chain"][1]["kind"] == "function"
    assert document["churn"]["files"] == {LONG_PATH: 7, "app.py": 1}
    models_package = "very.deeply.nested.package.with_.a.really.long.name"
    assert document["graph"]["packages"] == [
        {"name": "app", "modules": 1, "lines": 80, "fan_in": 0, "fan_out": 1,
         "imports": [models_package], "imported_by": []},
        {"name": models_package, "modules": 1, "lines": 1200, "fan_in": 1, "fan_out": 0,
         "imports": [], "imported_by": ["app"]},
    ]  # fmt: skip
    assert document["skipped"][0] == {
        "path": "broken.py",
        "reason": "syntax error at line 3: invalid syntax",
    }


def test_json_is_plain_text_with_unicode_kept() -> None:
    report = sample_report()
    report = dataclasses.replace(
        report, skipped=(dataclasses.replace(report.skipped[0], relpath="café.py"),)
    )
    assert '"path": "café.py"' in render_json(report)
    assert render_json(report).endswith("}\n")


def test_test_code_is_flagged_and_ranked_apart(schema: dict[str, Any]) -> None:
    report = sample_report()
    apart = dataclasses.replace(report, test_paths=frozenset({LONG_PATH}))
    document = json.loads(render_json(apart))
    assert [h["path"] for h in document["hotspots"]] == ["app.py"]
    assert {h["path"] for h in document["test_hotspots"]} == {LONG_PATH}
    assert document["summary"]["test_files"] == 1
    flags = {f["path"]: f["test"] for f in document["files"]}
    assert flags == {LONG_PATH: True, "app.py": False}
    assert all(f["test"] for f in document["findings"] if f["path"] == LONG_PATH)
    assert document["worst_functions"][0]["path"] == "app.py"
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
