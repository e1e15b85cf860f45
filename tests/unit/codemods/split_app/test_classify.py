"""Which file of the web layout each top-level statement goes to."""

from __future__ import annotations

import textwrap

from refactorkit.codemods.split.model import build_model
from refactorkit.codemods.split_app.classify import classify, first_part, prefix_router


def placed(source: str) -> dict[str, str]:
    model = build_model(textwrap.dedent(source), "pkg/app.py", "pkg.app")
    found = classify(model)
    return {
        n: found.place[u.index] for u in model.units if u.index in found.place for n in u.defines
    }


FLASK = """
from flask import Blueprint, Flask, g, jsonify

app = Flask(__name__)
api = Blueprint("catalog", __name__, url_prefix="/api/catalog")
LIMIT = 10


class ApiError(Exception):
    pass


class NotFound(ApiError):
    pass


def login_required(view):
    return view


def current_user():
    return g.user


def serialize_item(item):
    return {"id": item}


def _page(items):
    return items[:LIMIT]


@api.get("/items")
@login_required
def list_items():
    return jsonify(_page([serialize_item(1)]))


@app.route("/")
def index():
    return "home"


@app.get("/orders/<int:order_id>")
def get_order(order_id):
    return jsonify(serialize_item(order_id))


@app.get("/orders")
def list_orders():
    return jsonify([])


@app.errorhandler(ApiError)
def api_error(error):
    return "bad", 400


def register_hooks(app):
    @app.before_request
    def hook():
        pass
"""


def test_flask_statements_go_to_their_files() -> None:
    where = placed(FLASK)
    assert where["app"] == "factory"
    assert where["api"] == "routers/catalog"
    assert where["list_items"] == "routers/catalog"
    assert where["index"] == "routers/main"
    assert where["get_order"] == where["list_orders"] == "routers/orders"
    assert where["api_error"] == "middleware"
    assert where["register_hooks"] == "middleware"
    assert where["login_required"] == "dependencies"
    assert where["current_user"] == "dependencies"
    assert where["ApiError"] == where["NotFound"] == "errors"


def test_helpers_follow_their_users() -> None:
    where = placed(FLASK)
    assert where["_page"] == "services/catalog"  # only the catalog router calls it
    assert where["LIMIT"] == "services/catalog"  # used by a service of that router
    assert where["serialize_item"] == "services/common"  # two routers


FASTAPI = """
from fastapi import APIRouter, Depends, FastAPI
from pydantic import BaseModel

app = FastAPI()
router = APIRouter(prefix="/users")


class UserIn(BaseModel):
    name: str


class UserOut(UserIn):
    id: int


def get_db():
    return {}


@router.get("/")
def list_users(db=Depends(get_db)):
    return []


@app.websocket("/ws")
async def ws(websocket):
    pass


@app.middleware("http")
async def timing(request, call_next):
    return await call_next(request)
"""


def test_fastapi_statements_go_to_their_files() -> None:
    where = placed(FASTAPI)
    assert where["app"] == "factory"
    assert where["router"] == where["list_users"] == "routers/users"
    assert where["UserIn"] == where["UserOut"] == "schemas"
    assert where["get_db"] == "dependencies"
    assert where["ws"] == "routers/websockets"
    assert where["timing"] == "middleware"


def test_url_prefixes() -> None:
    assert first_part("/api/v2/playbooks/<int:id>") == "playbooks"
    assert first_part("/") == ""
    assert prefix_router("/api/playbooks/<id>", {"playbooks"}) == "playbooks"
    assert prefix_router("/login", {"playbooks"}) == "main"
    assert prefix_router("/api/me", {"playbooks"}) == "api"


EXTENDED = """
import os
from flask import Flask
from flasgger import Swagger

tmpl = os.path.join(os.path.dirname(__file__), "templates")
app = Flask(__name__, template_folder=tmpl)
swagger = Swagger(app)


def resource(name):
    return os.path.join(tmpl, name)


@app.get("/a/<n>")
def a(n):
    return resource(n)


@app.get("/a")
def a_list():
    return resource("x")


@app.get("/b/<n>")
def b(n):
    return n
"""


def test_what_the_app_is_made_from_goes_to_the_factory() -> None:
    where = placed(EXTENDED)
    assert where["tmpl"] == "factory"  # read while the app is created
    assert where["swagger"] == "factory"  # built from the app at import time
    assert where["a"] == where["a_list"] == "routers/a"
    assert where["b"] == "routers/main"  # one handler under /b: no router of its own


def test_an_enum_used_by_a_schema_is_a_schema() -> None:
    model = build_model(
        textwrap.dedent(
            """
            import enum
            from fastapi import FastAPI
            from pydantic import BaseModel

            app = FastAPI()


            class Role(str, enum.Enum):
                admin = "admin"


            class Colour(enum.Enum):
                red = 1


            class UserOut(BaseModel):
                role: Role


            def paint():
                return Colour.red
            """
        ),
        "pkg/app.py",
        "pkg.app",
    )
    found = classify(model)
    place = {u.defines[0]: found.place.get(u.index) for u in model.units if u.defines}
    assert place["Role"] == "schemas"
    assert place["Colour"] != "schemas"  # no schema uses it
