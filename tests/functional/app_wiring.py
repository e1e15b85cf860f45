"""What a web app is wired to, read in a fresh process: URL map, handlers, hooks, OpenAPI.

Split-app tests compare this before and after a split; each tree is imported in its own
process so nothing cached from the first import answers for the second.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

FLASK = """
import json, os
{make}

def name(f):
    # functools.partial hooks (ihatemoney's) have no __name__: the function they wrap.
    return getattr(f, "__name__", None) or name(f.func)

rules = sorted([r.rule, sorted(r.methods), r.endpoint] for r in app.url_map.iter_rules())
errors = {{
    str(scope): {{str(code): sorted(f"{{c.__name__}}:{{name(f)}}" for c, f in table.items())
                 for code, table in codes.items()}}
    for scope, codes in app.error_handler_spec.items()
}}
hooks = {{
    kind: {{str(k): [name(f) for f in fs] for k, fs in getattr(app, kind).items()}}
    for kind in ("before_request_funcs", "after_request_funcs", "teardown_request_funcs",
                 "url_value_preprocessors", "url_default_functions")
}}
# Registering a blueprint gives it Flask's default context processor; a request only reaches
# a blueprint's entry through a dotted endpoint, which converted routes do not have.
hooks["context"] = [name(f) for f in app.template_context_processors[None]]
filters = sorted(k for k in app.jinja_env.filters if k == "shout")
root = os.path.relpath(app.root_path)
print(json.dumps(dict(rules=rules, errors=errors, hooks=hooks, root=root, filters=filters)))
"""

ASGI = """
import json
{make}

def flat(routes):
    # FastAPI >= 0.12x includes a router lazily (an _IncludedRouter holding it), older
    # versions copy its routes: either way, the routes a request can reach.
    for route in routes:
        inner = getattr(route, "original_router", None)
        yield from flat(inner.routes) if inner is not None else [route]

routes = [[type(r).__name__, getattr(r, "path", ""), sorted(getattr(r, "methods", None) or []),
           getattr(r, "name", "")] for r in flat(app.routes)]

import re
from starlette.routing import Match

def dispatch(routes):
    # Which route answers each route's own path (params filled in): Starlette matches in
    # order, so this catches a reordering that lets one route shadow another.
    out = []
    for route in routes:
        path = re.sub(r"{{[^}}]+}}", "1", getattr(route, "path", ""))
        kind = "websocket" if type(route).__name__.endswith("WebSocketRoute") else "http"
        for method in sorted(getattr(route, "methods", None) or [""]):
            scope = {{"type": kind, "path": path, "method": method, "root_path": ""}}
            first = next((r for r in routes if r.matches(scope)[0] == Match.FULL), None)
            out.append([kind, path, method, getattr(first, "name", None)])
    return sorted(out)

middleware = [m.cls.__name__ for m in app.user_middleware]
handlers = sorted(getattr(k, "__name__", str(k)) for k in app.exception_handlers)
print(json.dumps(dict(routes=sorted(routes), openapi=app.openapi(), middleware=middleware,
                      handlers=handlers, dispatch=dispatch(list(flat(app.routes))))))
"""


def wiring(root: Path, template: str, make: str) -> dict[str, Any]:
    """The app made by the statements `make` (they bind `app`), as plain data."""
    run = subprocess.run(
        [sys.executable, "-c", template.format(make=make)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    # The last line: the app's own start-up may print before it (the sample's db.py does).
    return json.loads(run.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def suite(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )


def git_sample(source: Path, root: Path) -> None:
    """`source` copied to `root` as a fresh git repository with one commit."""
    import shutil

    shutil.copytree(source, root, ignore=shutil.ignore_patterns("__pycache__"))
    for args in (
        ("init", "-q"),
        ("add", "-A"),
        ("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "sample"),
    ):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def line_counts(package: Path) -> dict[str, int]:
    """Lines of each file of `package`, by its path in the package (`routers/items.py`)."""
    return {
        p.relative_to(package).as_posix(): len(p.read_text().splitlines())
        for p in package.rglob("*.py")
    }
