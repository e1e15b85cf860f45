"""`refactorkit extract-settings`: hard-coded values (RK112-RK115) become settings.

The literals are those the rules report (`refactorkit.graph.values`); the work is in
`refactorkit.codemods.extract_settings` (find, decide, name, render, rewrite).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from refactorkit.codemods.base import Codemod, option
from refactorkit.codemods.extract_settings.api import build, request_of, scan
from refactorkit.domain import ChangeSet
from refactorkit.project import Project


@dataclass(frozen=True)
class ExtractSettingsOptions:
    paths: tuple[Path, ...] = ()
    into: str = option(
        "",
        "The settings module, dotted (default: the package's settings, config "
        "or conf module, else a new pkg/settings.py).",
    )
    env: str = option(
        "",
        "Read each setting from the environment variable PREFIX + its name, "
        "the old literal as the default (e.g. --env APP_).",
    )
    select: tuple[str, ...] = option((), "Only these rule codes (RK112,RK113,RK114,RK115).")
    only: tuple[str, ...] = option((), "Only these values: a constant's name, FILE:LINE or LINE.")
    plan: str = option("", "The plan written by `refactorkit plan extract-settings` (edited).")
    secret_defaults: bool = option(
        False,
        "Write secrets into the settings module as defaults (by default a "
        "secret is read from the environment only, with a clear error when unset).",
    )


class ExtractSettings(Codemod[ExtractSettingsOptions]):
    """Move hard-coded values into the settings module and import them where they were used.

    The values are those RK112-RK115 report (paths, URLs and host:port, secrets, magic
    numbers), chosen by `--select CODE`, `--only NAME|FILE:LINE`, or an edited plan
    (`refactorkit plan extract-settings PATH`). Each becomes one typed constant, named from
    its context (`smtplib.SMTP(port=2525)` -> `SMTP_PORT: int = 2525`); with `--env APP_`
    it is read from `APP_SMTP_PORT`, the literal as its default. A path relative to the
    current folder that names a file of the repository becomes
    `Path(__file__).resolve().parents[N] / ...`. A secret becomes a function reading the
    environment only (`login_password()`), with a clear error when the variable is unset;
    one read at import time is left alone unless `--secret-defaults`.
    """

    name = "extract-settings"
    summary = "Move hard-coded paths, URLs, secrets and numbers into the settings module."
    Options = ExtractSettingsOptions

    def plan(self, project: Project, options: ExtractSettingsOptions) -> ChangeSet:
        request = request_of(options)
        return build(project, request, scan(project, request))
