"""What Flask, FastAPI and Starlette call their app, router, route and hook objects."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Framework:
    """The names one web framework uses, as far as split-app needs them."""

    name: str
    apps: frozenset[str]  # classes whose instance is the application
    router: str  # the class a router module defines (Blueprint, APIRouter)
    router_module: str  # where it is imported from
    routes: frozenset[str]  # decorator attributes that register a handler
    hooks: frozenset[str]  # decorator attributes and calls that wire middleware and handlers

    def router_statement(self, variable: str, name: str) -> str:
        """The statement creating the router of a converted router module."""
        if self.router == "Blueprint":
            return f'{variable} = {KEEP_NAMES}("{name}", __name__)\n'
        return f"{variable} = APIRouter()\n"

    def register_statement(self, app: str, variable: str) -> str:
        """How the app takes a converted router (in the order the handlers came)."""
        if self.router == "Blueprint":
            return f"{app}.register_blueprint({variable})\n"
        return f"{app}.include_router({variable})\n"

    def apply_config(self, app: str) -> str:
        """The factory's use of `config`: Flask's config, an ASGI app's state."""
        if self.router == "Blueprint":
            return f"{app}.config.update(config)"
        return f"{app}.state.config = config"

    def helper_class(self) -> str:
        """The class converted Flask routers are made of (none for APIRouter, whose routes
        keep their names)."""
        return _KEEP_NAMES_CLASS if self.router == "Blueprint" else ""


KEEP_NAMES = "AppBlueprint"
# A Blueprint prefixes endpoint names with its own name (`posts.show_post`), which would break
# `url_for("show_post")` and `request.endpoint == "show_post"`. Rules recorded through
# `Blueprint.record` go to the app as they are, with the names they had on the app.
_KEEP_NAMES_CLASS = f'''

class {KEEP_NAMES}(Blueprint):
    """A Blueprint whose routes keep the endpoint names they had on the app (no prefix)."""

    def add_url_rule(
        self, rule, endpoint=None, view_func=None, provide_automatic_options=None, **options
    ):
        if endpoint is None and view_func is not None:
            endpoint = view_func.__name__
        self.record(
            lambda state: state.app.add_url_rule(
                rule, endpoint, view_func, provide_automatic_options, **options
            )
        )
'''


_FLASK_HOOKS = (
    "before_request after_request teardown_request teardown_appcontext errorhandler "
    "register_error_handler context_processor template_filter template_global "
    "url_value_preprocessor url_defaults before_app_request after_app_request "
    "teardown_app_request app_errorhandler app_context_processor shell_context_processor"
)
_ASGI_HOOKS = "middleware exception_handler add_middleware add_exception_handler on_event"

FLASK = Framework(
    "flask",
    frozenset({"Flask", "Quart"}),
    "Blueprint",
    "flask",
    frozenset("route get post put patch delete".split()),  # noqa: SIM905
    frozenset(_FLASK_HOOKS.split()),
)
FASTAPI = Framework(
    "fastapi",
    frozenset({"FastAPI", "Starlette"}),
    "APIRouter",
    "fastapi",
    frozenset("api_route get post put patch delete head options trace websocket route".split()),  # noqa: SIM905
    frozenset(_ASGI_HOOKS.split()),
)
FRAMEWORKS = (FLASK, FASTAPI)
ROUTER_CLASSES = frozenset({"Blueprint", "APIRouter", KEEP_NAMES})
WEBSOCKET_ROUTES = frozenset({"websocket", "websocket_route"})
