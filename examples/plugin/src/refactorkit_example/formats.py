"""An output format: `refactorkit analyze --format csv` lists the findings as CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from refactorkit.plugins import OutputFormat


class FindingsCsv(OutputFormat):
    name = "csv"
    verb = "analyze"
    summary = "one CSV row per finding: code, rule, path, line, value, limit, fix"

    def render(self, result: Any, top: int) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["code", "rule", "path", "line", "value", "limit", "fix"])
        for f in result.findings:
            fix = f.fix.text if f.fix is not None else ""
            writer.writerow([f.code, f.rule, f.relpath, f.line, f.value, f.limit, fix])
        return out.getvalue()
