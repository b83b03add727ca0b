"""Discover, read and parse every file of a scan into Resources, collecting parse errors.

One bad file never stops the others; its error names the file and line and never quotes it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from scanner import discovery
from scanner.model import ParseError, Resource
from scanner.suppress import attach_comments, comment_suppressions

SNIFF_BYTES = 64 * 1024
_TEMPLATE = re.compile(r"\{\{-?\s*[-.$a-zA-Z/(]")


@dataclass
class Loaded:
    """Everything parsed from one scan."""

    resources: list[Resource] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # files that yielded IaC
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, why) for notes


def load(
    paths: list[str], root: Path, max_bytes: int = discovery.MAX_FILE_BYTES, progress: Callable[..., None] | None = None
) -> Loaded:
    """Parse every IaC file under ``paths``; ``progress(count)`` is told every 50 files."""
    out = Loaded()
    modules: dict[str, list[tuple[discovery.SourceFile, str]]] = defaultdict(list)
    tfvars: dict[str, list[tuple[discovery.SourceFile, str]]] = defaultdict(list)
    count = 0
    for src in discovery.walk(with_module_context(paths), root):
        count += 1
        if progress is not None and count % 50 == 0:
            progress(count)
        text = _read(src, out, max_bytes)
        if text is None:
            continue
        if src.kind == "terraform":
            modules[str(Path(src.rel).parent)].append((src, text))
        elif src.kind == "tfvars":
            tfvars[str(Path(src.rel).parent)].append((src, text))
        else:
            _load_document(src, text, out)
    if modules or tfvars:
        from scanner import load_terraform

        load_terraform.load(modules, tfvars, out)
    if progress is not None and count >= 50:
        progress(count, True)
    return out


def with_module_context(paths: list[str]) -> list[str]:
    """A named .tf file brings the rest of its module, so references across files resolve."""
    out = list(paths)
    for raw in paths:
        p = Path(raw)
        if p.is_file() and discovery.kind_of(p.name) in ("terraform", "tfvars"):
            out.extend(
                str(sibling)
                for sibling in sorted(p.parent.iterdir())
                if sibling.is_file() and discovery.kind_of(sibling.name) in ("terraform", "tfvars")
            )
    return out


def _read(src: discovery.SourceFile, out: Loaded, max_bytes: int) -> str | None:
    try:
        size = src.path.stat().st_size
        with src.path.open("rb") as fh:
            data = fh.read(min(size, max_bytes) + 1 if size <= max_bytes else SNIFF_BYTES)
    except OSError as err:
        out.errors.append(ParseError(src.rel, 0, f"cannot be read ({err.strerror})"))
        return None
    if not data.strip():
        return None
    if b"\x00" in data[:SNIFF_BYTES]:
        out.skipped.append((src.rel, "binary file"))
        return None
    if src.kind in ("yaml", "json") and discovery.sniff(data[:SNIFF_BYTES] if size > max_bytes else data) is None:
        return None
    if size > max_bytes:
        out.errors.append(
            ParseError(src.rel, 0, f"is {size} bytes, over the {max_bytes}-byte limit; raise it with --max-file-size")
        )
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        out.errors.append(ParseError(src.rel, line, "is not UTF-8 text; save it as UTF-8"))
        return None


def _load_document(src: discovery.SourceFile, text: str, out: Loaded) -> None:
    fmt = discovery.sniff(text.encode("utf-8", "replace"))
    try:
        if fmt == "cloudformation":
            resources = _cloudformation(src, text)
        elif fmt == "kubernetes":
            resources = _kubernetes(src, text)
        else:
            return
    except _FileError as err:
        if fmt == "kubernetes" and _TEMPLATE.search(text):
            out.skipped.append((src.rel, "template (Helm or similar), not a manifest"))
            return
        out.errors.append(ParseError(src.rel, err.line, err.message))
        return
    if not resources:
        return
    out.files.append(src.rel)
    attach_comments(resources, comment_suppressions(text.splitlines()))
    out.resources.extend(resources)


class _FileError(Exception):
    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message = message
        self.line = line


def _cloudformation(src: discovery.SourceFile, text: str) -> list[Resource]:
    from scanner.parse import cloudformation

    is_json = text.lstrip().startswith("{")
    if not is_json:
        _check_yaml_bounds(text)
    try:
        template = cloudformation.decode(text, is_json)
    except cloudformation.TemplateError as err:
        raise _FileError(str(err), err.line) from None
    return cloudformation.to_resources(template, src.rel)


def _kubernetes(src: discovery.SourceFile, text: str) -> list[Resource]:
    import yaml

    from scanner.parse import kubernetes
    from scanner.yaml_safe import DocumentTooLarge

    try:
        docs = kubernetes.documents(text)
    except DocumentTooLarge as err:
        raise _FileError(str(err), err.line) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise _FileError(f"invalid YAML: {err.problem or err.context}", (mark.line + 1) if mark else 1) from None
    except yaml.YAMLError:
        raise _FileError("invalid YAML", 1) from None
    except RecursionError:
        raise _FileError("nesting too deep", 1) from None
    return kubernetes.to_resources(docs, src.rel)


def _check_yaml_bounds(text: str) -> None:
    """Refuse alias bombs and deep nesting before the CloudFormation decoder expands them."""
    import yaml

    from scanner.yaml_safe import DocumentTooLarge, compose_documents

    try:
        for _ in compose_documents(text):  # composing never constructs, so !Ref tags are fine
            pass
    except DocumentTooLarge as err:
        raise _FileError(str(err), err.line) from None
    except yaml.YAMLError:
        return  # the decoder reports syntax errors with its own line
    except RecursionError:
        raise _FileError("nesting too deep", 1) from None
