"""Side by side with Checkov on npe-scan's own positive fixtures.

    python bench/compare_checkov.py [--checkov PATH] [RULE ...]

For every expected finding (an ``expect: RULE`` marker in fixtures/RULE/pos), reports whether
Checkov fails any check on a resource whose line range covers the marked line. This measures
recall on the cases npe-scan is built for; it says nothing about Checkov's other checks.
Needs Checkov installed (``pip install '.[bench]'``); the tests never run it.
"""

from __future__ import annotations

import argparse
import re
import shutil
from collections import defaultdict
from pathlib import Path

import checkov_run

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
MARK = re.compile(r"expect(-below)?:\s*(NPE-[A-Z0-9-]+(?:\s*,\s*NPE-[A-Z0-9-]+)*)")


def expected(folder: Path) -> list[tuple[str, str, int]]:
    out = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        for number, line in enumerate(path.read_text("utf-8", errors="replace").splitlines(), start=1):
            for m in MARK.finditer(line):
                for rule in re.split(r"\s*,\s*", m.group(2)):
                    out.append((rule, path.name, number + 1 if m.group(1) else number))
    return out


def checkov_failures(folder: Path, checkov: str) -> list[tuple[str, int, int, str]]:
    out = []
    for report in checkov_run.reports(folder, checkov) or []:
        for check in report.get("results", {}).get("failed_checks", []):
            start, end = check.get("file_line_range") or [0, 0]
            out.append((Path(check["file_path"]).name, start, end, check["check_id"]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rules", nargs="*")
    parser.add_argument("--checkov", default=shutil.which("checkov"))
    args = parser.parse_args()
    if not args.checkov:
        raise SystemExit("Checkov is not installed: pip install '.[bench]' or pass --checkov PATH")
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    print("| rule | expected findings | Checkov fails a check there |")
    print("|---|---|---|")
    for folder in sorted(FIXTURES.glob("NPE-*/pos")):
        rule = folder.parent.name
        if args.rules and rule not in args.rules:
            continue
        marks = [m for m in expected(folder) if m[0] == rule]
        failures = checkov_failures(folder, args.checkov)
        caught = sum(any(f == file and s <= line <= e for f, s, e, _ in failures) for _, file, line in marks)
        totals[rule] = [len(marks), caught]
        print(f"| {rule} | {len(marks)} | {caught} |")
    found = sum(t[0] for t in totals.values())
    caught = sum(t[1] for t in totals.values())
    print(f"| all | {found} | {caught} |")


if __name__ == "__main__":
    main()
