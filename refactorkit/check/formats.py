"""Render a `CheckResult` as linter text, JSON, SARIF 2.1.0 or GitHub Actions annotations."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

from refactorkit import __version__
from refactorkit.check.result import CheckResult, Judged
from refactorkit.domain import Finding
from refactorkit.rules.fixes import fix_as_json
from refactorkit.rules.registry import rule_classes, rules_by_code

FORMATS = ("text", "json", "sarif", "github")
JSON_SCHEMA_VERSION = 2  # 2: each violation carries its `fix` (kind, text, argv)
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(result: CheckResult, fmt: str) -> str:
    """The whole output of a check run in one of FORMATS."""
    if fmt == "json":
        return render_json(result)
    if fmt == "sarif":
        return render_sarif(result)
    if fmt == "github":
        return render_github(result)
    return render_text(result)


def _ordered(result: CheckResult) -> list[Judged]:
    return sorted(
        result.failing,
        key=lambda j: (j.finding.relpath, j.finding.line, j.finding.col, j.finding.code),
    )


def _line(judged: Judged) -> str:
    v = judged.finding
    text = f"{v.relpath}:{v.line}:{max(v.col, 1)}: {v.code} {v.message}"
    if v.comparison:
        text += f" {v.comparison}"
    if judged.status == "worse" and judged.recorded is not None:
        text += f" [worse than baseline {_num(judged.recorded)}]"
    return text


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _rule_name(code: str) -> str:
    rule = rules_by_code().get(code)
    return rule.name if rule is not None else code


def fix_hint(finding: Finding) -> str:
    """What to do about `finding`: its own fix, else its rule's hint from the registry."""
    if finding.fix is not None:
        return finding.fix.text
    rule = rules_by_code().get(finding.code)
    return rule.fix_hint if rule is not None else ""


def render_text(result: CheckResult) -> str:
    """`path:line:col: CODE message (value > limit)` lines, each with its fix indented under
    it, then counts per rule."""
    failing = _ordered(result)
    lines = []
    for judged in failing:
        lines.append(_line(judged))
        hint = fix_hint(judged.finding)
        if hint:
            lines.append(f"    fix: {hint}")
    if failing:
        files = len({j.finding.relpath for j in failing})
        noun = "violation" if len(failing) == 1 else "violations"
        lines += ["", f"Found {len(failing)} {noun} in {files} file{'s' * (files != 1)}:"]
        counts = Counter(j.finding.code for j in failing)
        for code in sorted(counts):
            lines.append(f"  {code}  {_rule_name(code):<20} {counts[code]:>5}")
    else:
        checked = result.files_checked
        lines.append(f"All checks passed ({checked} file{'s' * (checked != 1)} checked).")
    if result.baseline and result.known:
        lines.append(
            f"{result.known} known violation(s) accepted by the baseline {result.baseline}."
        )
    return "\n".join(lines) + "\n"


def render_json(result: CheckResult) -> str:
    """A stable document: schema_version, violations (failing first-class), summary."""
    violations = []
    for judged in _ordered(result):
        v = judged.finding
        violations.append(
            {
                "code": v.code,
                "rule": v.rule,
                "path": v.relpath,
                "line": v.line,
                "column": max(v.col, 1),
                "message": v.message,
                "symbol": v.symbol,
                "value": v.value,
                "limit": v.limit,
                "status": judged.status,
                "baseline_value": judged.recorded,
                "fix": fix_as_json(v.fix),
            }
        )
    counts = Counter(v["code"] for v in violations)
    document = {
        "schema_version": JSON_SCHEMA_VERSION,
        "tool": {"name": "refactorkit", "version": __version__},
        "violations": violations,
        "summary": {
            "files_checked": result.files_checked,
            "violations": len(violations),
            "by_code": dict(sorted(counts.items())),
            "baseline": result.baseline,
            "baseline_known": result.known,
            "skipped": [{"path": s.relpath, "reason": s.reason} for s in result.skipped],
        },
    }
    return json.dumps(document, indent=2) + "\n"


def _fingerprint(judged: Judged) -> str:
    # Stable across line moves, like the baseline key, so code scanning tracks one alert.
    v = judged.finding
    return hashlib.sha256(f"{v.code}\0{v.relpath}\0{v.symbol}".encode()).hexdigest()[:32]


def render_sarif(result: CheckResult) -> str:
    """A SARIF 2.1.0 log with one run; paths are relative to %SRCROOT% (the project root)."""
    known = rule_classes()
    index = {rule.code: i for i, rule in enumerate(known)}
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.docs()},
            "defaultConfiguration": {"level": "error"},
        }
        for rule in known
    ]
    results: list[dict[str, Any]] = []
    for judged in _ordered(result):
        v = judged.finding
        text = f"{v.message} {v.comparison}".strip()
        results.append(
            {
                "ruleId": v.code,
                "ruleIndex": index[v.code],
                "level": "error",
                "message": {"text": text},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": v.relpath, "uriBaseId": "%SRCROOT%"},
                            "region": {"startLine": max(v.line, 1), "startColumn": max(v.col, 1)},
                        }
                    }
                ],
                "partialFingerprints": {"refactorkitKey/v1": _fingerprint(judged)},
            }
        )
        if v.related:  # the other imports of a cycle's chain
            results[-1]["relatedLocations"] = [
                {
                    "id": number,
                    "physicalLocation": {
                        "artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": max(line, 1)},
                    },
                }
                for number, (path, line) in enumerate(v.related, start=1)
            ]
    root_uri = result.root.resolve().as_uri().rstrip("/") + "/"
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "refactorkit", "version": __version__, "rules": rules}},
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root_uri}},
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: CheckResult) -> str:
    """GitHub Actions workflow commands: one `::error file=...` annotation per violation."""
    lines = []
    for judged in _ordered(result):
        v = judged.finding
        title = _escape_property(f"{v.code} {v.rule}")
        props = f"file={_escape_property(v.relpath)},line={v.line},col={max(v.col, 1)}"
        message = _line(judged).split(": ", 1)[1]
        hint = fix_hint(v)
        message = _escape_data(f"{message}\nfix: {hint}" if hint else message)
        lines.append(f"::error {props},title={title}::{message}")
    return "\n".join(lines) + ("\n" if lines else "")
