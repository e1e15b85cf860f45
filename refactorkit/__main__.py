"""`python -m refactorkit` is the same as the `refactorkit` console script."""

from __future__ import annotations

from refactorkit.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
