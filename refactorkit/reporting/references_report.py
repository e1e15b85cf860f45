"""`refactorkit references` output: text, JSON and Markdown from the plain search record."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

Record = Mapping[str, Any]


def _rows(record: Record) -> Sequence[Mapping[str, Any]]:
    rows: Sequence[Mapping[str, Any]] = record["references"]
    return rows


def _totals(record: Record) -> str:
    rows = _rows(record)
    files = len({r["path"] for r in rows})
    by_result = Counter(str(r["result"]) for r in rows)
    results = ", ".join(f"{n} {what}" for what, n in sorted(by_result.items()))
    return (
        f"{len(rows)} reference(s) to {record['name']} in {files} of "
        f"{record['files_searched']} file(s) searched" + (f": {results}" if rows else "")
    )


def render_text(record: Record) -> str:
    """One line per reference (`path:line:col: source/kind [rule -> result] text`), totals."""
    lines = []
    for r in _rows(record):
        rule = f" [{r['rule']} -> {r['result']}]" if r["rule"] != "-" else ""
        note = f" ({r['note']})" if r["result"] == "review" else ""
        lines.append(f"{r['path']}:{r['line']}:{r['col']}: {r['source']}/{r['kind']}{rule}{note}")
        lines.append(f"    {r['text']}")
    lines.append(_totals(record))
    return "\n".join(lines) + "\n"


def render_json(record: Record) -> str:
    return json.dumps(record, indent=2, ensure_ascii=False) + "\n"


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def render_markdown(record: Record) -> str:
    """A table per reference and counts per source type, for an issue or a pull request."""
    out = [f"## References to `{record['name']}`", "", _totals(record), ""]
    by_source = Counter(str(r["source"]) for r in _rows(record))
    if by_source:
        out += ["| source | references |", "|---|---:|"]
        out += [f"| {s} | {n} |" for s, n in sorted(by_source.items())]
        out += [
            "",
            "| file | line | source | kind | rule | result | text |",
            "|---|---:|---|---|---|---|---|",
        ]
    for r in _rows(record):
        cells = (r["path"], r["line"], r["source"], r["kind"], r["rule"], r["result"])
        out.append("| " + " | ".join(_cell(c) for c in cells) + f" | {_cell(r['text'])} |")
    return "\n".join(out) + "\n"


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}
