"""`--format` for analyze and check: the built-in formats plus plugins' (`refactorkit.formats`)."""

from __future__ import annotations

from typing import Any

import click


class FormatChoice(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2
    """A built-in format name, or a plugin's (plugins are only loaded for an unknown name)."""

    name = "format"

    def __init__(self, builtin: tuple[str, ...], verb: str) -> None:
        self.builtin = builtin
        self.verb = verb

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "[" + "|".join(self.builtin) + "|PLUGIN]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value in self.builtin:
            return value
        from refactorkit.plugins import plugin_formats

        formats, problems = plugin_formats(self.verb)
        for problem in problems:
            click.echo(f"refactorkit: {problem}", err=True)
        if value in formats:
            return value
        known = ", ".join([*self.builtin, *sorted(formats)])
        self.fail(f"{value!r} is not a format (known: {known})", param, ctx)


def render_plugin(verb: str, name: str, result: Any, top: int) -> str:
    """The output of the plugin format `name` (already validated by FormatChoice)."""
    from refactorkit.plugins import plugin_formats

    formats, _ = plugin_formats(verb)
    return formats[name].render(result, top)
