"""The sample's Mermaid ER diagram parses with Mermaid itself (`mermaid.parse` in Node).

Needs Node and an npm-installed mermaid; set RK_MERMAID_DIR to the folder that holds
`node_modules/mermaid` (`npm install mermaid@11` there), else the test is skipped:
tests never download. The line-by-line grammar test in tests/unit/analysis/test_erd.py
always runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.functional.rk_run import rk

SAMPLE = Path(__file__).parents[2] / "fixtures" / "inventory_app"
MERMAID_DIR = os.environ.get("RK_MERMAID_DIR", "")
PARSE = """
import fs from "node:fs";
import mermaid from "mermaid";
try {
  const result = await mermaid.parse(fs.readFileSync(process.argv[2], "utf8"));
  console.log("parsed " + result.diagramType);
} catch (error) {
  console.log("error " + (error.message || error));
  process.exit(1);
}
"""

needs_mermaid = pytest.mark.skipif(
    not (MERMAID_DIR and (Path(MERMAID_DIR) / "node_modules" / "mermaid").is_dir())
    or shutil.which("node") is None,
    reason="set RK_MERMAID_DIR to a folder with node_modules/mermaid (and install Node)",
)


def parse(text: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = Path(MERMAID_DIR) / "rk_parse_check.mjs"  # beside node_modules, to resolve it
    script.write_text(PARSE, encoding="utf-8")
    diagram = tmp_path / "diagram.mmd"
    diagram.write_text(text, encoding="utf-8")
    return subprocess.run(
        ["node", str(script), str(diagram)], capture_output=True, text=True, timeout=120
    )


@needs_mermaid
def test_the_sample_diagram_parses_with_mermaid(tmp_path: Path) -> None:
    run = rk("erd", str(SAMPLE), cwd=tmp_path)
    assert run.code == 0
    done = parse(run.out, tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == "parsed er", done.stdout


@needs_mermaid
def test_mermaid_really_rejects_a_bad_diagram(tmp_path: Path) -> None:
    done = parse("erDiagram\n    a {\n        Numeric(12, 2) price\n    }\n", tmp_path)
    assert done.returncode == 1 and "Parse error" in done.stdout
