"""Time npe-scan (and Checkov, when installed) on folders of real IaC.

    python bench/benchmark.py PATH [PATH ...] [--runs 3] [--checkov /path/to/checkov]

Prints, per folder: files read, findings by family, median wall time over the runs, peak memory
of one run, and the same for Checkov's run with the matching frameworks. Speed is measured here,
not in the tests.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import checkov_run


def run_npe(path: Path, runs: int) -> dict:
    times = []
    data: dict = {}
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "scanner.cli", "scan", str(path), "--format", "json", "--fail-on", "none"],
            capture_output=True,
            text=True,
        )
        times.append(time.perf_counter() - started)
        data = json.loads(done.stdout)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return {
        "seconds": round(statistics.median(times), 2),
        "files": data["summary"]["files"],
        "findings": data["summary"]["findings"],
        "errors": data["summary"]["errors"],
        "by_family": dict(Counter(f["family"] for f in data["findings"] if not f["suppressed"])),
        "peak_mb_any_run": peak,
    }


def run_checkov(path: Path, checkov: str) -> dict:
    started = time.perf_counter()
    found = checkov_run.reports(path, checkov)
    seconds = round(time.perf_counter() - started, 2)
    if found is None:
        return {"seconds": seconds, "error": "no JSON output"}
    return {"seconds": seconds, "failed_checks_all_kinds": sum(r.get("summary", {}).get("failed", 0) for r in found)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--checkov", default=shutil.which("checkov"))
    args = parser.parse_args()
    for path in args.paths:
        row = {"path": str(path), "npe-scan": run_npe(path, args.runs)}
        if args.checkov:
            row["checkov"] = run_checkov(path, args.checkov)
        print(json.dumps(row))


if __name__ == "__main__":
    main()
