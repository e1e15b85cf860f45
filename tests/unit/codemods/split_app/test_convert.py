"""Handlers on the global app moved to routers, and the factory."""

from __future__ import annotations

import textwrap

from refactorkit.codemods.split.model import build_model
from refactorkit.codemods.split_app.classify import classify
from refactorkit.codemods.split_app.convert import convert

APP = """
from flask import Flask

app = Flask(__name__)
app.config["A"] = 1


@app.before_request
def hook():
    pass


@app.get("/items/<int:item_id>")
def get_item(item_id):
    return str(item_id)


@app.route("/items")
def list_items():
    return "[]"


if __name__ == "__main__":
    app.run()
"""


def converted(source: str, factory: bool = False, style: str = "blueprint") -> str:
    model = build_model(textwrap.dedent(source), "pkg/app.py", "pkg.app")
    result = convert(model, classify(model), factory=factory, style=style)
    assert not result.problems, result.problems
    compile(result.text, "app.py", "exec")
    return result.text


def test_routes_move_to_a_router_that_keeps_endpoint_names() -> None:
    text = converted(APP)
    assert "class AppBlueprint(Blueprint):" in text
    assert 'items_bp = AppBlueprint("items", __name__)' in text
    assert '@items_bp.get("/items/<int:item_id>")' in text
    assert '@items_bp.route("/items")' in text
    # Hooks become calls right after their definition: one order with the statements that
    # configure the app (add_middleware), wherever the split puts those.
    assert "def hook():\n    pass\napp.before_request(hook)\n" in text
    registered = text.index("app.register_blueprint(items_bp)")
    assert text.index("def list_items") < registered < text.index('if __name__ == "__main__":')


def test_the_converted_app_serves_the_same_endpoints() -> None:
    namespace: dict[str, object] = {"__name__": "converted"}
    exec(converted(APP), namespace)
    app = namespace["app"]
    rules = {(r.rule, r.endpoint) for r in app.url_map.iter_rules()}  # type: ignore[attr-defined]
    assert ("/items/<int:item_id>", "get_item") in rules
    assert ("/items", "list_items") in rules


def test_factory_registers_in_source_order() -> None:
    text = converted(APP, factory=True)
    body = text[text.index("def create_app(config=None):") :]
    order = [
        "app = Flask(__name__)",
        'app.config["A"] = 1',
        "if config is not None:",
        "app.before_request(hook)",
        "app.register_blueprint(items_bp)",
        "return app",
        "\napp = create_app()",
    ]
    positions = [body.index(line) for line in order]
    assert positions == sorted(positions)
    assert "@app.before_request" not in text
    namespace: dict[str, object] = {"__name__": "converted"}
    exec(text, namespace)
    make = namespace["create_app"]
    assert make({"B": 2}).config["B"] == 2  # type: ignore[operator]


def test_keep_style_with_factory_registers_handlers_on_the_app() -> None:
    text = converted(APP, factory=True, style="keep")
    assert 'app.get("/items/<int:item_id>")(get_item)' in text
    assert "AppBlueprint" not in text


def test_an_object_built_from_the_app_is_refused_with_factory() -> None:
    source = APP.replace('app.config["A"] = 1', "cache = dict(app=app)")
    model = build_model(textwrap.dedent(source), "pkg/app.py", "pkg.app")
    result = convert(model, classify(model), factory=True, style="blueprint")
    assert result.problems and "cache is built from the app" in result.problems[0]


def test_a_module_without_a_global_app_is_left_as_it_is() -> None:
    source = "from flask import Blueprint\nbp = Blueprint('x', __name__)\n"
    model = build_model(source, "pkg/app.py", "pkg.app")
    result = convert(model, classify(model), factory=True, style="blueprint")
    assert result.text == source
    assert result.notes
