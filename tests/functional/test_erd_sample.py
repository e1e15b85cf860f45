"""issue 15 acceptance: the ER model read statically from the sample equals what SQLAlchemy's
own metadata says (imported in a subprocess, so the test process never imports the sample)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from refactorkit.analysis.erd import read_models

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
