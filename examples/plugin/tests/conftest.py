"""Run the plugin's tests from a checkout: its src/ on the path (an install also works)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
