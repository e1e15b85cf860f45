"""`refactorkit graph`: DOT always, SVG/PNG through Graphviz, a clear message without it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from refactorkit.reporting.dot import graphviz_available
from tests.functional.rk_run import rk, write

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    write(root, "shop/__init__.py", "")
    write(root, "shop/core/__init__.py", "")
    write(root, "shop/core/models.py", "import json\n\nfrom shop.core import db\n")
    write(root, "shop/core/db.py", "from shop.core import models\n")
    write(root, "shop/api/__init__.py", "")
    write(root, "shop/api/views.py", "import flask\n\nfrom shop.core.models import x\n")
    write(root, "shop/cli.py", "from shop.api import views\n")
    return root


def graph(root: Path, *args: str) -> tuple[int, str, str]:
    run = rk("graph", ".", "--cache-dir", str(root.parent / "cache"), *args, cwd=root)
    return run.code, run.out, run.err


def test_dot_on_stdout(project: Path) -> None:
    code, out, err = graph(project)
    assert code == 0
    assert out.startswith("digraph imports {")
    assert '"shop.core.models" -> "shop.core.db"' in out
    assert '"shop.core.db" -> "shop.core.models"' in out
    assert '"shop.cli" -> "shop.api.views"' in out
    assert "flask" not in out and "json" not in out  # externals hidden by default
    assert "#d62728" in out  # the cycle is red
    assert "cycle(s)" in err


def test_depth_focus_and_external(project: Path) -> None:
    code, out, _ = graph(project, "--depth", "2")
    assert code == 0
    assert '"shop.api" -> "shop.core"' in out and '"shop.cli" -> "shop.api"' in out
    assert "shop.core.models" not in out
    code, out, _ = graph(project, "--focus", "shop.cli", "--hops", "1")
    assert '"shop.cli" -> "shop.api.views"' in out and "shop.core.db" not in out
    code, out, _ = graph(project, "--external")
    assert '"shop.api.views" -> "flask"' in out and '"shop.core.models" -> "json"' in out


def test_unknown_focus_is_a_usage_error(project: Path) -> None:
    code, _, err = graph(project, "--focus", "nope")
    assert code == 2 and "no module named 'nope'" in err


@pytest.mark.skipif(not graphviz_available(), reason="Graphviz `dot` is not installed")
def test_svg_and_png_files(project: Path, tmp_path: Path) -> None:
    svg = tmp_path / "g.svg"
    assert graph(project, "--format", "svg", "-o", str(svg))[0] == 0
    assert "<svg" in svg.read_text() and "shop.core.models" in svg.read_text()
    png = tmp_path / "g.png"
    assert graph(project, "--format", "png", "-o", str(png))[0] == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_without_graphviz_the_dot_is_written_and_install_explained(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("shutil.which", lambda name, *a, **k: None)
    target = tmp_path / "g.svg"
    code, _, err = graph(project, "--format", "svg", "-o", str(target))
    assert code == 2
    assert "apt-get install graphviz" in err and "brew install graphviz" in err
    assert not target.exists()
    assert (tmp_path / "g.dot").read_text().startswith("digraph imports {")
    assert f"dot -Tsvg {tmp_path / 'g.dot'} -o {tmp_path / 'g.svg'}" in err


def test_output_to_a_pipe_is_written_in_place_not_replaced(project: Path, tmp_path: Path) -> None:
    # `-o /dev/null` must not rename a temporary file over the device; a FIFO stands in for it.
    import os
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    code, _, err = graph(project, "-o", str(fifo))
    reader.join(timeout=30)
    assert code == 0, err
    assert fifo.is_fifo()  # still the pipe, not a regular file
    assert received and received[0].startswith(b"digraph imports {")


def test_output_through_a_symlink_keeps_the_link(project: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.dot"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.dot"
    link.symlink_to(real)
    code, _, err = graph(project, "-o", str(link))
    assert code == 0, err
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("digraph imports {")


def big_project(root: Path) -> Path:
    """`app` with 3 packages of 20 modules (a cycle between two), and a tests/ folder."""
    for p in range(3):
        write(root, f"app/p{p}/__init__.py", "")
        for i in range(20):
            write(root, f"app/p{p}/m{i}.py", f"from app.p{min(p + 1, 2)} import m0\n")
    write(root, "app/__init__.py", "")
    write(root, "app/p2/m0.py", "from app.p1 import m1\n")
    write(root, "tests/test_app.py", "from app.p0 import m0\nfrom app.p2 import m5\n")
    write(root, "docs/conf.py", "import app.p1.m3\n")
    return root


def test_a_graph_over_the_node_budget_is_collapsed_and_says_how_to_see_more(
    tmp_path: Path,
) -> None:
    root = big_project(tmp_path / "big")
    code, out, err = graph(root)
    assert code == 0
    assert '"app.p0" -> "app.p1"' in out and "app.p0.m3" not in out
    assert "64 nodes are over the budget of 40" in err
    assert "--depth 3 --max-nodes 64" in err and "--max-nodes 0" in err
    code, out, err = graph(root, "--max-nodes", "0")
    assert '"app.p0.m3" -> "app.p1.m0"' in out and "over the budget" not in err


def test_tests_and_docs_are_left_out_unless_asked(tmp_path: Path) -> None:
    root = big_project(tmp_path / "big")
    code, out, err = graph(root, "--max-nodes", "0")
    assert code == 0 and "tests.test_app" not in out and '"docs.conf"' not in out
    assert "left out 2 of 66 modules as tests, docs or examples (--include-tests" in err
    code, out, _ = graph(root, "--max-nodes", "0", "--include-tests")
    assert '"tests.test_app" -> "app.p0.m0"' in out and '"docs.conf"' in out


def test_cycles_only_draws_the_tangle_and_labels_the_cut(tmp_path: Path) -> None:
    root = big_project(tmp_path / "big")
    code, out, _ = graph(root, "--cycles-only", "--max-nodes", "0")
    assert code == 0
    nodes = set(re.findall(r'^"(app[\w.]*)" \[', out, flags=re.M))
    assert nodes == {"app.p1.m1", "app.p2.m0"}  # m1 imports p2.m0, which imports p1.m1
    assert out.count('label="cut"') == 1


@pytest.mark.skipif(not graphviz_available(), reason="Graphviz `dot` is not installed")
def test_png_without_output_goes_to_the_cache_folder_not_the_project(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    before = sorted(p.name for p in project.rglob("*"))
    code, _, err = graph(project, "--format", "png")
    assert code == 0
    (written,) = (tmp_path / "xdg" / "refactorkit" / "graphs").glob("proj-*.png")
    assert f"wrote {written}" in err
    assert sorted(p.name for p in project.rglob("*")) == before
