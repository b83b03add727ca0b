"""Run Checkov on a folder for the frameworks npe-scan covers; its JSON reports as a list."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

FRAMEWORKS = ["terraform", "cloudformation", "kubernetes", "secrets"]


def reports(path: Path, checkov: str) -> list[dict[str, Any]] | None:
    """Checkov's reports for ``path``, or None when it printed no JSON."""
    done = subprocess.run(
        [checkov, "-d", str(path), "--quiet", "--compact", "-o", "json", "--skip-download", "--framework", *FRAMEWORKS],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        data = json.loads(done.stdout or "[]")
    except json.JSONDecodeError:
        return None
    return [r for r in (data if isinstance(data, list) else [data]) if isinstance(r, dict)]
