"""Shared helpers: scan a fixture folder, read the findings its files expect."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
MARK = re.compile(r"expect(-below)?:\s*(NPE-[A-Z0-9-]+(?:\s*,\s*NPE-[A-Z0-9-]+)*)")

# JSON has no comments: the findings its fixtures expect are listed here (rule, file, line).
JSON_EXPECTATIONS: dict[str, set[tuple[str, str, int]]] = {
    "NPE-PERM-AWS-001/pos": {("NPE-PERM-AWS-001", "NPE-PERM-AWS-001/pos/policy.json", 12)},
}


def expected_findings(folder: Path) -> set[tuple[str, str, int]]:
    """Every (rule, file, line) that ``expect: RULE`` comments in the folder's files announce."""
    out: set[tuple[str, str, int]] = set()
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(FIXTURES).as_posix()
        for number, line in enumerate(path.read_text("utf-8", errors="replace").splitlines(), start=1):
            for m in MARK.finditer(line):
                target = number + 1 if m.group(1) else number
                for rule in re.split(r"\s*,\s*", m.group(2)):
                    out.add((rule, rel, target))
    out |= JSON_EXPECTATIONS.get(folder.relative_to(FIXTURES).as_posix(), set())
    return out


def scan_folder(folder: Path):
    from scanner.engine import scan

    return scan([str(folder)], FIXTURES)


@pytest.fixture
def fixtures_root() -> Path:
    return FIXTURES
