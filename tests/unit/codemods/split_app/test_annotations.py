"""Postponed annotations that pydantic and FastAPI evaluate at import time count as such."""

from __future__ import annotations

import textwrap

from refactorkit.codemods.split.model import build_model
from refactorkit.codemods.split.names import UseKind
from refactorkit.codemods.split_app.annotations import evaluated
from refactorkit.codemods.split_app.classify import classify

APP = """
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI
from pydantic import BaseModel

app = FastAPI()


class Token:
    pass


class TokenOut(BaseModel):
    token: Token


def current(token: Token) -> str:
    return "x"


@app.get("/me")
def me(user: Annotated[str, Depends(current)]) -> TokenOut:
    return TokenOut(token=Token())


def helper(token: Token) -> Token:
    return token
"""


def kinds(model, name: str) -> set[UseKind]:  # type: ignore[no-untyped-def]
    unit = next(u for u in model.units if name in u.defines)
    return {use.kind for use in unit.uses if use.name in ("Token", "TokenOut", "Annotated")}


def test_schemas_handlers_and_providers_read_annotations_at_import_time() -> None:
    model = build_model(textwrap.dedent(APP), "pkg/app.py", "pkg.app")
    assert kinds(model, "TokenOut") == {UseKind.TYPE}  # what the split alone sees
    eager = evaluated(model, classify(model))
    assert kinds(eager, "TokenOut") == {UseKind.IMPORT_TIME}  # pydantic resolves fields
    assert UseKind.TYPE not in kinds(eager, "me")  # FastAPI reads the handler's signature
    assert kinds(eager, "current") == {UseKind.IMPORT_TIME}  # and its providers'
    assert kinds(eager, "helper") == {UseKind.TYPE}  # a plain function: still type-only
