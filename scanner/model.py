"""Format-neutral records that parsers produce and everything downstream reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, order=True)
class Location:
    """A span in a scanned file; ``file`` is relative to the scan root."""

    file: str
    start_line: int
    end_line: int = 0

    @property
    def last_line(self) -> int:
        return max(self.start_line, self.end_line)


@dataclass(frozen=True)
class Ref:
    """An unresolved reference to another object, e.g. ``aws_iam_access_key.ci`` attribute ``secret``.

    ``target`` is the address of the referenced object in its module: a Terraform address
    (``aws_iam_role.app``, ``var.x``), a CloudFormation logical id or parameter name.
    """

    target: str
    attr: str = ""
    module: str = ""  # set when the target lives in another Terraform module instance (a module output)

    def __str__(self) -> str:
        return "${" + self.target + ("." + self.attr if self.attr else "") + "}"


class Unknown:
    """A value that cannot be known before deploy (a conditional, an unsupported function)."""

    __slots__ = ("refs",)

    def __init__(self, refs: tuple[Ref, ...] = ()):
        self.refs = refs

    def __repr__(self) -> str:
        return "Unknown()"

    def __str__(self) -> str:
        return "${unknown}"


@dataclass
class Suppression:
    """An in-source or baseline waiver of one rule on one resource."""

    rule_id: str
    reason: str
    kind: str = "inSource"  # SARIF suppression kind: inSource | external
    until: str | None = None  # ISO date after which the finding returns


@dataclass
class Resource:
    """One block (Terraform), resource or parameter (CloudFormation) or document (Kubernetes)."""

    format: str  # terraform | cloudformation | kubernetes
    type: str  # aws_iam_role | AWS::IAM::Role | ServiceAccount
    name: str  # as written: resource name, logical id, metadata.name
    address: str  # unique within its module: aws_iam_role.app, Role, app/ServiceAccount/checkout
    module: str  # scope of names: Terraform directory, CloudFormation file, Kubernetes "k8s"
    location: Location
    attributes: dict[str, Any] = field(default_factory=dict)
    refs: set[Ref] = field(default_factory=set)  # every reference found in the attributes
    suppressions: list[Suppression] = field(default_factory=list)

    @property
    def id(self) -> str:
        """Stable id across formats: ``terraform:aws_iam_role.app``."""
        if self.format == "terraform" and self.module not in ("", "."):
            return f"terraform:{self.module}/{self.address}"
        if self.format == "cloudformation":
            return f"cloudformation:{self.location.file}/{self.address}"
        return f"{self.format}:{self.address}"

    def line(self, *path: Any) -> int:
        """Line of the attribute at ``path`` (falls back to the block's first line)."""
        from scanner.located import line_at

        return line_at(self.attributes, tuple(path), self.location.start_line)


@dataclass
class ParseError:
    """A file that could not be read; the message never quotes the file's content."""

    file: str
    line: int
    message: str
