"""`refactorkit extract`: cut a block of a function into a helper, by hand or automatically.

`plan_extract` (lines START..END of a file) and `plan_auto` (every function over a
complexity in a file or folder) return a ChangeSet; the runner shows or applies it.
"""

from __future__ import annotations

from refactorkit.codemods.extract.api import ExtractOptions, plan_auto, plan_extract
from refactorkit.codemods.extract.region import Refused

__all__ = ["ExtractOptions", "Refused", "plan_auto", "plan_extract"]
