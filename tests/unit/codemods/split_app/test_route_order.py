"""Converted routers are registered so that every request finds the route it found before."""

from __future__ import annotations

import textwrap

import pytest

from refactorkit.codemods.split.model import build_model
from refactorkit.codemods.split_app.classify import classify
from refactorkit.codemods.split_app.convert import convert
from refactorkit.codemods.split_app.route_order import Route, overlap, router_order


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("/items", "/{page}", True),
        ("/items/{id}", "/items/new", True),
        ("/items/<int:id>", "/items/new", True),
        ("/items", "/orders", False),
        ("/items", "/items/{id}", False),
        ("/static/{p:path}", "/static/css/a.css", True),
        ("/<path:p>", "/a/b/c", True),
        ("/a/{x}/c", "/a/b/d", False),
        ("/", "/", True),
    ],
)
def test_overlap(a: str, b: str, expected: bool) -> None:
    assert overlap(a, b) is expected
    assert overlap(b, a) is expected


def route(router: str, rule: str, methods: str | None = "GET", line: int = 1) -> Route:
    return Route(router, rule, frozenset({methods}) if methods else None, line)


def test_a_router_whose_route_a_catch_all_would_shadow_goes_first() -> None:
    routes = [route("main", "/health"), route("items", "/items"), route("main", "/{page}")]
    assert router_order(routes, ["main", "items"]) == (["items", "main"], [])


def test_other_methods_and_disjoint_paths_keep_first_appearance() -> None:
    routes = [route("main", "/health"), route("items", "/items", "POST"), route("main", "/{p}")]
    assert router_order(routes, ["main", "items"]) == (["main", "items"], [])
    any_method = [route("main", "/x"), route("items", "/items", None), route("main", "/{p}")]
    assert router_order(any_method, ["main", "items"])[0] == ["items", "main"]


def test_opposite_needs_are_refused_naming_the_routes() -> None:
    routes = [
        route("a", "/{x}/one", line=1),
        route("b", "/b/one", line=2),
        route("b", "/{y}/two", line=3),
        route("a", "/a/two", line=4),
    ]
    order, problems = router_order(routes, ["a", "b"])
    assert order == ["a", "b"] and len(problems) == 2
    heads = sorted(p.split(", which")[0] for p in problems)
    assert heads == [
        "line 2: /b/one (router b) must stay behind /{x}/one (line 1, router a)",
        "line 4: /a/two (router a) must stay behind /{y}/two (line 3, router b)",
    ]


APP = """
from fastapi import FastAPI

app = FastAPI()


@app.get("/health")
def health():
    return "ok"


@app.get("/items")
def items():
    return []


@app.get("/items/{item_id}")
def item(item_id: int):
    return item_id


@app.get("/{page}")
def page(page: str):
    return page
"""


def test_conversion_registers_items_before_the_catch_all() -> None:
    model = build_model(textwrap.dedent(APP), "pkg/app.py", "pkg.app")
    text = convert(model, classify(model), factory=False, style="blueprint").text
    first_seen = text.index("main_router = APIRouter()") < text.index("items_router = APIRouter()")
    assert first_seen  # main appears first in the module ...
    # ... but is registered after items, whose /items the catch-all /{page} would answer.
    assert text.index("app.include_router(items_router)") < text.index(
        "app.include_router(main_router)"
    )
