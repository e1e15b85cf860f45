"""Routes added by a call (`app.add_url_rule`, `app.add_api_route`) convert like decorated ones."""

from __future__ import annotations

import ast
import textwrap

import pytest

from refactorkit.codemods.split.model import build_model
from refactorkit.codemods.split_app import facts
from refactorkit.codemods.split_app.classify import classify
from refactorkit.codemods.split_app.convert import convert

FLASK_APP = """
from flask import Flask, views

app = Flask(__name__)


@app.get("/items")
def list_items():
    return "[]"


def about():
    return "about"


app.add_url_rule("/about", "about_page", about)


class ItemAPI(views.MethodView):
    def get(self, item_id):
        return str(item_id)


app.add_url_rule("/items/<int:item_id>", view_func=ItemAPI.as_view("item"))
"""

FASTAPI_APP = """
from fastapi import APIRouter, FastAPI

app = FastAPI()
extra = APIRouter(prefix="/extra")


def one(item_id: int):
    return item_id


app.add_api_route("/items/{item_id}", one, name="one_item")


def feed(websocket):
    pass


app.add_api_websocket_route("/ws/feed", endpoint=feed)


def more():
    return 1


extra.add_api_route("/more", more)
app.include_router(extra)
"""


def model_of(source: str):  # type: ignore[no-untyped-def]
    return build_model(textwrap.dedent(source), "pkg/app.py", "pkg.app")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ('app.add_url_rule("/a", "a", view)', ("app", "add_url_rule", "/a", "view")),
        ('app.add_url_rule("/a", view_func=V.as_view("v"))', ("app", "add_url_rule", "/a", "V")),
        ('r.add_api_route("/a", views.a, methods=["GET"])', ("r", "add_api_route", "/a", "views")),
        ('app.add_route(path="/a", route=f)', ("app", "add_route", "/a", "f")),
        ('app.add_url_rule("/a")', ("app", "add_url_rule", "/a", None)),
    ],
)
def test_registration_facts(code: str, expected: tuple[str, str, str, str | None]) -> None:
    found = facts.registration(ast.parse(code).body[0])
    assert found is not None
    assert (found.owner, found.method, found.rule, found.view) == expected


@pytest.mark.parametrize("code", ["app.run()", "x = app.add_url_rule('/a')", "f(app)", "a.b.c()"])
def test_other_statements_are_no_registration(code: str) -> None:
    assert facts.registration(ast.parse(code).body[0]) is None


def test_views_of_registrations_are_handlers_of_the_rule_router() -> None:
    model = model_of(FLASK_APP)
    found = classify(model)
    by_name = {u.defines[0]: found.place.get(u.index) for u in model.units if u.defines}
    assert by_name["about"] == "routers/main"
    assert by_name["ItemAPI"] == "routers/items"  # /items and /items/<id>: a nested prefix
    assert sorted(found.registered.values()) == ["routers/items", "routers/main"]
    views = {model.units[i].defines[0] for i in found.handlers}
    assert views == {"list_items", "about", "ItemAPI"}


def test_flask_registrations_move_to_the_router_with_their_endpoint() -> None:
    model = model_of(FLASK_APP)
    result = convert(model, classify(model), factory=False, style="blueprint")
    text = result.text
    assert 'main_bp.add_url_rule("/about", "about_page", about)' in text
    view = 'view_func=ItemAPI.as_view("item")'
    assert f'items_bp.add_url_rule("/items/<int:item_id>", {view})' in text
    assert "\napp.add_url_rule" not in text
    created = text.index('main_bp = AppBlueprint("main", __name__)')
    assert created < text.index("main_bp.add_url_rule")
    converted = classify(model_of(text))
    attached = {model_of(text).units[i].code.strip()[:22] for i in converted.attached}
    assert attached == {'main_bp.add_url_rule("', "items_bp.add_url_rule("}


def test_fastapi_registrations_move_and_router_ones_stay() -> None:
    model = model_of(FASTAPI_APP)
    text = convert(model, classify(model), factory=False, style="blueprint").text
    assert 'main_router.add_api_route("/items/{item_id}", one, name="one_item")' in text
    assert 'websockets_router.add_api_websocket_route("/ws/feed", endpoint=feed)' in text
    assert 'extra.add_api_route("/more", more)' in text  # already on a router
    found = classify(model_of(text))
    assert sorted(found.attached.values()) == ["extra", "main_router", "websockets_router"]


def test_keep_style_leaves_registrations_on_the_app() -> None:
    model = model_of(FLASK_APP)
    kept = convert(model, classify(model), factory=False, style="keep")
    assert kept.text == model.text
    factory = convert(model, classify(model), factory=True, style="keep")
    body = factory.text.split("def create_app(config=None):", 1)[1]
    assert '    app.add_url_rule("/about", "about_page", about)\n' in body
    assert dict(factory.placed)["about"] == "routers/main"  # the view still moves
