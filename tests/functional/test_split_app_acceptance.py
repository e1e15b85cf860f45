"""Issue 17 acceptance: `split-app --auto --factory --apply` on the sample's resale/app.py.

The sample's suite passes, the URL map (rule, methods, endpoint), the error handlers and the
request hooks are the same before and after (each tree imported in its own process), and no
new file is over 300 lines.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.functional.rk_run import rk

SAMPLE = Path(__file__).parents[2] / "fixtures" / "inventory_app"
LIMIT = 300

# The app's wiring as JSON: rules, error handlers and hooks by the names of their functions.
DUMP = """
import json
from resale.app import create_app
from resale.settings import Settings

app = create_app(Settings(database_url="sqlite://", api_keys=("k",), admin_api_keys=("a",)))
rules = sorted([r.rule, sorted(r.methods), r.endpoint] for r in app.url_map.iter_rules())
errors = {
    str(scope): {str(code): sorted(f"{c.__name__}:{f.__name__}" for c, f in table.items())
                 for code, table in codes.items()}
    for scope, codes in app.error_handler_spec.items()
}
hooks = {
    kind: {str(k): [f.__name__ for f in fs] for k, fs in getattr(app, kind).items()}
    for kind in ("before_request_funcs", "after_request_funcs", "teardown_request_funcs")
}
print(json.dumps({"rules": rules, "errors": errors, "hooks": hooks}))
"""


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def wiring(root: Path) -> dict[str, object]:
    run = subprocess.run(
        [sys.executable, "-c", DUMP], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)  # type: ignore[no-any-return]


def test_split_app_keeps_the_url_map_and_the_suite_green(tmp_path: Path) -> None:
    root = tmp_path / "app"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("__pycache__"))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "sample")
    before = wiring(root)
    assert len(before["rules"]) > 90  # type: ignore[arg-type]
    run = rk("split-app", "resale/app.py", "--auto", "--factory", "--apply", cwd=root)
    assert run.code == 0, run.out + run.err
    assert not (root / "resale" / "app.py").exists()
    package = root / "resale" / "app"
    assert (package / "routers" / "products.py").is_file()
    assert (package / "middleware.py").is_file()
    assert (package / "dependencies.py").is_file()
    sizes = {
        p.relative_to(root).as_posix(): len(p.read_text().splitlines())
        for p in package.rglob("*.py")
    }
    assert max(sizes.values()) <= LIMIT, sizes
    assert wiring(root) == before
    suite = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert suite.returncode == 0, suite.stdout[-3000:]
