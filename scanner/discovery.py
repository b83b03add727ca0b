"""Find the files to scan and decide their format by content, not only by extension."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

SKIP_DIRS = {".git", ".terraform", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"}
YAML_SUFFIXES = (".yaml", ".yml")
JSON_SUFFIXES = (".json", ".template")
MAX_FILE_BYTES = 5 * 1024 * 1024

_CFN_MARKERS = re.compile(rb"AWSTemplateFormatVersion|[\"']?Type[\"']?\s*:\s*[\"']?AWS::[A-Za-z0-9]+::")
_K8S_MARKERS = (
    re.compile(rb"(?m)(?:^|[{,])\s*[\"']?apiVersion[\"']?\s*:"),
    re.compile(rb"(?m)(?:^|[{,])\s*[\"']?kind[\"']?\s*:"),
)


@dataclass(frozen=True)
class SourceFile:
    """A file chosen for scanning; ``rel`` is its path relative to the scan root, with '/'."""

    path: Path
    rel: str
    kind: str  # terraform | tfvars | yaml | json


def walk(paths: Iterable[str | Path], root: Path) -> Iterator[SourceFile]:
    """Yield candidate files under ``paths`` in a stable order."""
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
                for name in sorted(filenames):
                    yield from _candidate(Path(dirpath) / name, root, seen)
        elif p.is_file():
            yield from _candidate(p, root, seen)


def _candidate(path: Path, root: Path, seen: set[Path]) -> Iterator[SourceFile]:
    kind = kind_of(path.name)
    if kind is None or path.is_symlink() and not path.resolve().is_file():
        return
    real = path.resolve()
    if real in seen:
        return
    seen.add(real)
    yield SourceFile(path, relative(path, root), kind)


def kind_of(name: str) -> str | None:
    """The file kind by name: Terraform, tfvars, YAML or JSON candidates; None to skip."""
    lower = name.lower()
    if lower.endswith(".tf") or lower.endswith(".tf.json"):
        return "terraform"
    if lower.endswith(".tfvars") or lower.endswith(".tfvars.json"):
        return "tfvars"
    if lower.endswith(YAML_SUFFIXES):
        return "yaml"
    if lower.endswith(JSON_SUFFIXES):
        return "json"
    return None


def relative(path: Path, root: Path) -> str:
    """Repo-relative path with forward slashes; absolute when outside the root."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def sniff(data: bytes) -> str | None:
    """cloudformation | kubernetes | None for a YAML or JSON file's content."""
    if _CFN_MARKERS.search(data):
        return "cloudformation"
    if all(m.search(data) for m in _K8S_MARKERS):
        return "kubernetes"
    return None
