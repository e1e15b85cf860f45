"""Handlers on the global app become a router per module; optionally an app factory."""

from __future__ import annotations

from dataclasses import dataclass

from refactorkit.codemods.split.model import ModuleModel
from refactorkit.codemods.split_app.classify import Classification


@dataclass(frozen=True)
class Conversion:
    """The module text to split (converted or not), what was refused, and notes."""

    text: str
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


def convert(model: ModuleModel, found: Classification, factory: bool, style: str) -> Conversion:
    return Conversion(model.text)
