"""Django models read statically (placeholder)."""

from __future__ import annotations

from refactorkit.analysis.erd.model import Entity
from refactorkit.analysis.erd.scan import Scan


def django_entities(scan: Scan) -> list[Entity]:
    return []
