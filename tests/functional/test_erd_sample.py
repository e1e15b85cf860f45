"""issue 15 acceptance: the ER model read statically from the sample equals what SQLAlchemy's
own metadata says (imported in a subprocess, so the test process never imports the sample)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from refactorkit.analysis.erd import read_models
from tests.functional.rk_run import rk

SAMPLE = Path(__file__).parents[2] / "fixtures" / "inventory_app"

METADATA = """
import json
from resale.models import Base

tables = {}
for table in Base.metadata.sorted_tables:
    tables[table.fullname] = sorted(
        [c.name, c.primary_key, c.nullable, sorted(fk.target_fullname for fk in c.foreign_keys)]
        for c in table.columns
    )
print(json.dumps(tables))
"""


def metadata_tables() -> dict[str, list[list[object]]]:
    done = subprocess.run(
        [sys.executable, "-c", METADATA], cwd=SAMPLE, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def static_tables() -> dict[str, list[list[object]]]:
    sources = []
    for path in sorted(SAMPLE.rglob("*.py")):
        rel = path.relative_to(SAMPLE)
        sources.append((rel.as_posix(), ".".join(rel.with_suffix("").parts), path.read_text()))
    model = read_models(sources)
    return {
        e.key: sorted(
            [c.name, c.primary_key, c.nullable, [c.foreign_key] if c.foreign_key else []]
            for c in e.columns
        )
        for e in model.entities
    }


def test_sample_tables_columns_and_foreign_keys_match_sqlalchemy_metadata() -> None:
    expected = metadata_tables()
    actual = static_tables()
    assert sorted(actual) == sorted(expected)
    for table in expected:
        assert actual[table] == expected[table], table


def test_erd_command_formats(tmp_path: Path) -> None:
    run = rk("erd", str(SAMPLE), cwd=tmp_path)
    assert run.code == 0, run.err
    assert run.out.startswith("erDiagram\n") and run.out.count(" {\n") == 25
    assert "25 tables, 26 relationships" in run.err
    markdown = tmp_path / "models.md"
    assert (
        rk("erd", str(SAMPLE), "--format", "markdown", "-o", str(markdown), cwd=tmp_path).code == 0
    )
    assert "| transactions.order_line.order_id | transactions.orders.id | many-to-one |" in (
        markdown.read_text(encoding="utf-8")
    )
    dot = rk("erd", str(SAMPLE), "--format", "dot", "--group", "module", cwd=tmp_path)
    assert dot.code == 0 and '"resale.models"' in dot.out
    (tmp_path / "empty").mkdir()
    assert rk("erd", str(tmp_path / "empty"), cwd=tmp_path).code == 1


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_erd_renders_svg(tmp_path: Path) -> None:
    target = tmp_path / "models.svg"
    assert rk("erd", str(SAMPLE), "--format", "svg", "-o", str(target), cwd=tmp_path).code == 0
    assert target.read_text(encoding="utf-8").lstrip().startswith("<?xml")
