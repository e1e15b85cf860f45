"""refactorkit: find the refactoring hotspots of a Python codebase and fix them mechanically."""

from __future__ import annotations

__version__ = "0.1.0"
