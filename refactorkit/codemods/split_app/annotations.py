"""Annotations that pydantic and FastAPI evaluate while the module is imported.

With `from __future__ import annotations` the split counts an annotation as a type-only use,
which an import at the end of a cycle or an `if TYPE_CHECKING:` block may provide. A pydantic
model resolves its field annotations when the class is created, and FastAPI resolves the
signature of each route handler and `Depends(...)` provider when the route is registered:
for those statements an annotation is an import-time use, so the new file imports the name
(or the plan check reports the cycle) instead of reading it through the package later.
"""

from __future__ import annotations

from dataclasses import replace

from refactorkit.codemods.split.model import ModuleModel, Unit
from refactorkit.codemods.split.names import UseKind
from refactorkit.codemods.split_app.classify import DEPENDENCIES, SCHEMAS, Classification
from refactorkit.codemods.split_app.frameworks import FASTAPI


def evaluated(model: ModuleModel, found: Classification) -> ModuleModel:
    """`model` with the type-only uses of schemas, FastAPI handlers and providers made
    import-time uses."""
    wanted = {i for i, group in found.place.items() if group == SCHEMAS}
    if FASTAPI in found.apps.values() or found.routers:
        wanted |= found.handlers
        wanted |= {i for i, group in found.place.items() if group == DEPENDENCIES}
    units = tuple(_eager(u) if u.index in wanted else u for u in model.units)
    return model if units == model.units else replace(model, units=units)


def _eager(unit: Unit) -> Unit:
    uses = tuple(
        replace(use, kind=UseKind.IMPORT_TIME, signature=False) if use.kind is UseKind.TYPE else use
        for use in unit.uses
    )
    return replace(unit, uses=uses)
