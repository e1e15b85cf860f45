"""references and fleet output: the same record as text, JSON, Markdown (and fleet's HTML)."""

from __future__ import annotations

import json

from refactorkit.reporting import fleet_report, references_report

RECORD = {
    "name": "legacy_orders",
    "files_searched": 5,
    "files_changed": 1,
    "warnings": [],
    "references": [
        {"path": ".env", "line": 2, "col": 1, "source": "env", "kind": "variable",
         "match": "LEGACY_ORDERS", "text": "LEGACY_ORDERS_URL=x", "rule": "env", "action": "remove",
         "result": "removed", "note": ""},
        {"path": "a.py", "line": 3, "col": 8, "source": "python", "kind": "import",
         "match": "legacy_orders", "text": "import `legacy_orders` | x", "rule": "code",
         "action": "review", "result": "review", "note": "code: review"},
    ],
}  # fmt: skip


def test_references_text_lists_each_reference_with_rule_result_and_review_note() -> None:
    text = references_report.render_text(RECORD)
    assert ".env:2:1: env/variable [env -> removed]\n" in text
    assert "a.py:3:8: python/import [code -> review] (code: review)\n" in text
    assert text.endswith(
        "2 reference(s) to legacy_orders in 2 of 5 file(s) searched: 1 removed, 1 review\n"
    )


def test_references_markdown_escapes_cells_and_counts_sources() -> None:
    md = references_report.render_markdown(RECORD)
    assert "| env | 1 |\n| python | 1 |" in md
    assert "| a.py | 3 | python | import | code | review | import `legacy_orders` \\| x |" in md
    assert json.loads(references_report.render_json(RECORD)) == RECORD


def test_fleet_summary_totals_success_rate_and_formats() -> None:
    records = [
        {"name": "a", "verb": "check", "status": "ok", "seconds": 1.5, "revision": "abc",
         "counts": {"findings": 2, "rule:complex-function": 2}},
        {"name": "b", "verb": "check", "status": "ok", "seconds": 0.5, "revision": "def",
         "counts": {"findings": 1, "rule:file-too-long": 1}},
        {"name": "c", "verb": "check", "status": "failed", "seconds": 0.1, "revision": "",
         "counts": {}, "error": "Traceback\nBoom: <bad>"},
    ]  # fmt: skip
    summary = fleet_report.summarize(records, ["b"], 3.0, "local")
    assert summary["success_rate"] == round(2 / 3, 4)
    assert summary["totals"] == {"findings": 3, "rule:complex-function": 2, "rule:file-too-long": 1}
    assert summary["task_seconds"] == 2.1
    text = fleet_report.render_text(summary)
    assert (
        "b: ok 0.5s 1 findings (done before)\n" in text and "c: failed 0.1s Boom: <bad>\n" in text
    )
    assert "| c | failed | Traceback Boom: <bad> | 0.1 | `` |" in fleet_report.render_markdown(
        summary
    )
    assert "Boom: &lt;bad&gt;" in fleet_report.render_html(summary)
