"""issue 15: `refactorkit erd` (read statically) against paracelsus and eralchemy (both
import the models) on the sample: the same tables, columns, primary keys and foreign keys."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.functional.test_erd_sample import SAMPLE, static_tables

Columns = dict[str, dict[str, tuple[bool, str]]]  # table -> column -> (primary key, FK target)
ERALCHEMY = """
import sys
from eralchemy import render_er
from resale.models import Base
render_er(Base, sys.argv[1])
"""


def ours() -> Columns:
    return {
        table: {name: (pk, fks[0].rsplit(".", 1)[0] if fks else "") for name, pk, _, fks in rows}
        for table, rows in static_tables().items()
    }


def needs(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed (it is in the dev extra)")


def paracelsus_columns() -> tuple[Columns, set[tuple[str, str, str]]]:
    """Tables (without their schema: paracelsus drops it) and (child, column, parent) edges."""
    needs("paracelsus")
    command = ["graph", "resale.models:Base", "--python-dir", ".", "--format", "mermaid"]
    text = subprocess.run(
        [sys.executable, "-m", "paracelsus.cli", *command],
        cwd=SAMPLE,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    tables: Columns = {}
    edges = set()
    table = ""
    for line in text.splitlines():
        line = line.strip()
        if found := re.match(r"^(\w+) \{$", line):
            table = found.group(1)
            tables[table] = {}
        elif line == "}":
            table = ""
        elif found := re.match(r"^(\w+) \S+--\S+ (\w+) : (\w+)$", line):
            edges.add((found.group(2), found.group(3), found.group(1)))
        elif table and line:
            _type, name, *marks = line.split()
            tables[table][name] = ("PK" in marks, "")
    return tables, edges


def test_paracelsus_finds_the_same_tables_columns_keys_and_edges() -> None:
    tables, edges = paracelsus_columns()
    mine = {table.rsplit(".", 1)[-1]: columns for table, columns in ours().items()}
    assert len(mine) == len(ours()) == 25  # table names are unique without their schema
    assert {t: {c: pk for c, (pk, _) in cols.items()} for t, cols in mine.items()} == {
        t: {c: pk for c, (pk, _) in cols.items()} for t, cols in tables.items()
    }
    my_edges = {
        (table, column, target.rsplit(".", 1)[-1])
        for table, columns in mine.items()
        for column, (_, target) in columns.items()
        if target
    }
    assert len(my_edges) == 26
    assert my_edges == edges


def test_eralchemy_finds_the_same_tables_columns_keys_and_edges(tmp_path: Path) -> None:
    needs("eralchemy")
    out = tmp_path / "sample.er"
    subprocess.run(
        [sys.executable, "-c", ERALCHEMY, str(out)], cwd=SAMPLE, capture_output=True, check=True
    )
    tables: Columns = {}
    edges = set()
    table = ""
    for line in out.read_text(encoding="utf-8").splitlines():
        if found := re.match(r"^\[(.+)\]$", line.strip()):
            table = found.group(1)
            tables[table] = {}
        elif line.startswith("    ") and table:
            name = line.strip().split(" {")[0]
            tables[table][name.lstrip("*+")] = (name.startswith("*"), "")
        elif found := re.match(r'^([\w.]+)\."\w+" \S+ ([\w.]+)\."(\w+)"$', line):
            edges.add((found.group(2), found.group(3), found.group(1)))
    mine = ours()
    assert {t: {c: pk for c, (pk, _) in cols.items()} for t, cols in mine.items()} == {
        t: {c: pk for c, (pk, _) in cols.items()} for t, cols in tables.items()
    }
    my_edges = {
        (t, c, target) for t, cols in mine.items() for c, (_, target) in cols.items() if target
    }
    assert my_edges == edges and len(edges) == 26
