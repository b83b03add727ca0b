"""Rules and the findings they raise."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scanner.model import Location, Resource, Suppression

if TYPE_CHECKING:
    from scanner.config import Settings
    from scanner.graph import Graph

SEVERITIES = ("low", "medium", "high", "critical")
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}
FAMILIES = ("wildcard-permission", "shared-secret", "hardcoded-secret", "non-expiring-credential", "identity-hygiene")


@dataclass(frozen=True)
class Rule:
    """A rule's metadata; ``npe-scan rules``, SARIF ``rules[]`` and the README table come from it."""

    id: str
    name: str  # PascalCase, for SARIF
    title: str
    family: str
    severity: str
    owasp: tuple[str, ...]
    description: str  # why it matters
    fix: str  # how to fix
    precision: str = "high"
    help_uri: str | None = None
    formats: tuple[str, ...] = ("terraform", "cloudformation", "kubernetes")

    def __post_init__(self) -> None:
        assert self.family in FAMILIES, self.family
        assert self.severity in SEVERITIES, self.severity


@dataclass
class Finding:
    """One problem on one resource; ``key`` tells findings of a rule on one resource apart
    (it is part of the fingerprint, so it must never contain a secret)."""

    rule: Rule
    message: str
    location: Location
    key: str
    resource: Resource | None = None
    identity: str | None = None
    related: list[tuple[Location, str]] = field(default_factory=list)
    severity: str | None = None
    suppression: Suppression | None = None
    properties: dict[str, Any] = field(default_factory=dict)

    @property
    def level(self) -> str:
        return self.severity or self.rule.severity

    @property
    def fingerprint(self) -> str:
        """Stable across unrelated edits: rule, file, resource and key, never line numbers."""
        subject = self.resource.address if self.resource is not None else ""
        text = "\x1f".join((self.rule.id, self.location.file, subject, self.key))
        return hashlib.sha256(text.encode()).hexdigest()[:32]


Check = Callable[["Graph", "Settings"], Iterable[Finding]]
