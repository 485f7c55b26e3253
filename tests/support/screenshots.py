"""Where a browser test saves its screenshot: docs/screenshots/<name> when that file is missing or
WSP_SCREENSHOTS=1 (refresh after a change to the widget, the inbox or the answers), else a
temporary file, so a test run leaves the working tree alone."""

from __future__ import annotations

import os
from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def screenshot_path(name: str, tmp_path: Path) -> Path:
    target = SCREENSHOTS / name
    if os.environ.get("WSP_SCREENSHOTS") == "1" or not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        return target
    return tmp_path / name
