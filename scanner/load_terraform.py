"""Terraform folders as modules: parse each folder once, then instantiate it as a root or, when a
local ``module "x" { source = "../x" }`` block calls it, once per call with the caller's inputs.

A folder that some scanned folder calls is not a root: Terraform never applies it alone, so its
resources appear only through its callers, with their inputs as variable values and addresses
such as ``examples/app/module.role/aws_iam_role.this``.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scanner import discovery
from scanner.model import Location, ParseError, Resource
from scanner.suppress import attach_comments, comment_suppressions

if TYPE_CHECKING:
    from scanner.load import Loaded
    from scanner.parse.terraform import Block

MAX_DEPTH = 4
META_ARGUMENTS = {"source", "version", "count", "for_each", "providers", "depends_on", "__labels__"}
SourceText = tuple[discovery.SourceFile, str]


@dataclass
class Folder:
    """One parsed folder: its blocks, its auto-loaded tfvars values, and the text of each file."""

    blocks: list[Block] = field(default_factory=list)
    tfvars: dict[str, Any] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    tfvars_resources: list[Resource] = field(default_factory=list)


def load(modules: dict[str, list[SourceText]], var_files: dict[str, list[SourceText]], out: Loaded) -> None:
    """Parse every folder, then instantiate the roots (and through them the modules they call)."""
    folders = {
        d: _parse(d, modules.get(d, []), var_files.get(d, []), out) for d in sorted(set(modules) | set(var_files))
    }
    called = {child for d, folder in folders.items() for child, _ in _calls(d, folder.blocks) if child in folders}
    for name, folder in folders.items():
        out.resources.extend(folder.tfvars_resources)
        if name not in called:
            _instantiate(name, name, folder.tfvars, folders, out, ())


def _parse(folder_name: str, files: list[SourceText], var_files: list[SourceText], out: Loaded) -> Folder:
    from scanner.parse import terraform

    folder = Folder()
    for src, text in files:
        try:
            parse = terraform.parse_json if src.rel.endswith(".json") else terraform.parse
            folder.blocks.extend(parse(text, src.rel))
        except terraform.TerraformSyntaxError as err:
            out.errors.append(ParseError(src.rel, err.line, str(err)))
            continue
        folder.texts[src.rel] = text
        out.files.append(src.rel)
    for src, text in sorted(var_files, key=lambda f: _tfvars_order(f[0].rel)):
        try:
            values = terraform.parse_tfvars(text, src.rel)
        except terraform.TerraformSyntaxError as err:
            out.errors.append(ParseError(src.rel, err.line, str(err)))
            continue
        if _applies_automatically(src.rel):
            folder.tfvars.update(values)
        resource = _tfvars_resource(src.rel, values, folder_name)
        attach_comments([resource], comment_suppressions(text.splitlines()))
        folder.tfvars_resources.append(resource)
        out.files.append(src.rel)
    return folder


def _calls(folder_name: str, blocks: list[Block]) -> list[tuple[str, Block]]:
    """(called folder, module block) for each local ``source``."""
    out = []
    for block in blocks:
        if block.type != "module" or not block.labels or "source" not in block.attrs:
            continue
        node = block.attrs["source"]
        source = node.value if node.literal else _literal_string(node.node)
        if isinstance(source, str) and source.startswith(("./", "../")):
            out.append((posixpath.normpath(posixpath.join(folder_name, source)), block))
    return out


def _literal_string(node: Any) -> str | None:
    from scanner.parse.terraform import Evaluator, Module

    value = Evaluator(Module("", []), "").expr(node)
    return value if isinstance(value, str) else None


def _instantiate(
    name: str, folder_name: str, inputs: dict[str, Any], folders: dict[str, Folder], out: Loaded, stack: tuple[str, ...]
) -> Any:
    """Instantiate a folder: its called modules first, so ``module.x.output`` resolves in it."""
    from scanner.parse import terraform

    folder = folders[folder_name]
    module = terraform.Module(name, folder.blocks, inputs)
    if len(stack) < MAX_DEPTH:
        for child, block in _calls(folder_name, folder.blocks):
            if child not in folders or child in stack or child == folder_name or module.absent(block):
                continue
            label = f"module.{block.labels[0]}" if name == "." else f"{name}/module.{block.labels[0]}"
            for each in module.instances(block) or [None]:
                values = terraform.Evaluator(module, block.file, each).body(block)
                child_inputs = {k: v for k, v in values.items() if k not in META_ARGUMENTS}
                instance = f'{label}["{each[0]}"]' if each else label
                child_module = _instantiate(instance, child, child_inputs, folders, out, (*stack, folder_name))
                module.children.setdefault(block.labels[0], child_module)
    resources = module.to_resources()
    for rel, text in folder.texts.items():
        attach_comments([r for r in resources if r.location.file == rel], comment_suppressions(text.splitlines()))
    out.resources.extend(resources)
    return module


def _applies_automatically(rel: str) -> bool:
    name = Path(rel).name
    return name in ("terraform.tfvars", "terraform.tfvars.json") or ".auto.tfvars" in name


def _tfvars_order(rel: str) -> tuple[int, str]:
    name = Path(rel).name
    return (0 if name.startswith("terraform.tfvars") else 1, name)


def _tfvars_resource(rel: str, values: dict[str, Any], folder_name: str) -> Resource:
    lines = getattr(values, "key_lines", {})
    return Resource(
        format="terraform",
        type="tfvars",
        name=Path(rel).name,
        address=f"tfvars.{Path(rel).name}",
        module=folder_name,
        location=Location(rel, 1, max(lines.values(), default=1)),
        attributes=values,
    )
