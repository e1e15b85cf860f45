"""Every analyze format shows each function's cognitive complexity next to its cyclomatic one."""

from __future__ import annotations

import dataclasses
import json

from refactorkit.reporting.html import render_html
from refactorkit.reporting.json_report import render_json
from refactorkit.reporting.markdown import render_markdown
from refactorkit.reporting.text import render_text
from tests.unit.analysis.builders import analysis, func
from tests.unit.reporting.sample import sample_report


def _report():  # type: ignore[no-untyped-def]
    fn = func("Orders.reconcile", 23, line=40, length=60, cognitive=37)
    file = analysis("shop/orders.py", "shop.orders", functions=(fn,))
    return dataclasses.replace(sample_report(), files=(file,))


def test_text() -> None:
    row = next(line for line in render_text(_report()).splitlines() if "Orders.reconcile" in line)
    assert row.split()[:4] == ["23", "D", "37", "60"]


def test_json_in_worst_functions_and_per_file() -> None:
    document = json.loads(render_json(_report()))
    (worst,) = [w for w in document["worst_functions"] if w["qualname"] == "Orders.reconcile"]
    assert worst["cognitive"] == 37
    (file,) = [f for f in document["files"] if f["path"] == "shop/orders.py"]
    assert file["functions"][0]["cognitive"] == 37


def test_markdown() -> None:
    text = render_markdown(_report())
    assert "| Function | Where | CC | Rank | Cognitive | Lines |" in text
    assert "| `Orders.reconcile` | shop/orders.py:40 | 23 | D | 37 | 60 |" in text


def test_html() -> None:
    html = render_html(_report())
    assert "<th class=n>Cognitive</th>" in html
    assert "<td class=n>23</td><td class=n>37</td><td class=n>60</td>" in html
