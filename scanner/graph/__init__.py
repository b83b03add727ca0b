"""The identity graph: machine identities, their credentials, the workloads that use them, and grants.

This is the domain every rule and the inventory read. Builders per provider fill it from the
resolved resources of all three formats; ``build`` runs them in order (identities first, then
credentials and workloads that point at them, then grants).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from scanner.model import Location, Ref, Resource


@dataclass
class Identity:
    """A machine identity: IAM role or user, GCP or Kubernetes service account, Azure principal."""

    id: str
    name: str
    kind: str
    provider: str
    location: Location
    resource: Resource | None = None  # None for identities implied but not declared (default SA)
    annotations: dict[str, Any] = field(default_factory=dict)  # e.g. the cloud role an SA assumes
    assumes: str | None = None  # the cloud identity a Kubernetes service account federates to


@dataclass
class Use:
    """One place where a workload takes a credential or secret."""

    consumer: str  # workload id
    location: Location
    how: str  # e.g. "environment variable S", "volume", "secretKeyRef"


@dataclass
class Credential:
    """A secret that authenticates a machine: access key, SA key, client secret, token, literal."""

    id: str
    kind: str
    provider: str
    location: Location
    owner: str | None = None  # identity id the credential belongs to
    long_lived: bool = False
    expires: str | None = None
    resource: Resource | None = None
    uses: list[Use] = field(default_factory=list)
    name: str = ""
    detection: Any = None  # literal secrets: why the value is one (secrets.Detection; never printed)
    path: tuple[Any, ...] = ()  # literal secrets: where in the resource's attributes

    @property
    def consumers(self) -> list[str]:
        return sorted({u.consumer for u in self.uses})


@dataclass
class Workload:
    """A consumer: something that runs code as an identity (Lambda, ECS task, VM, pod, ...)."""

    id: str
    name: str
    kind: str
    provider: str
    location: Location
    resource: Resource
    identity: str | None = None
    identity_location: Location | None = None
    automount_token: bool | None = None  # Kubernetes: token mounted into the pod
    pod_spec_path: tuple[Any, ...] | None = None  # Kubernetes: where the pod spec stands


@dataclass
class Statement:
    """One normalised AWS policy statement."""

    effect: str
    actions: list[str]
    not_actions: list[str]
    resources: list[str]
    not_resources: list[str]
    principals: Any  # "*" or {"AWS": [...], "Service": [...], ...} or None
    not_principals: Any
    conditions: dict[str, Any]
    index: int  # position in its document


@dataclass
class Grant:
    """A permission held by an identity (or written but not attached: ``holder`` None).

    kind: ``aws-policy`` (a statement), ``aws-managed-policy`` (by ARN), ``aws-trust`` (a trust
    statement), ``k8s-rule``, ``k8s-role-ref`` (a built-in role bound by name), ``gcp-role``,
    ``azure-role``.
    """

    kind: str
    location: Location
    source: Resource
    holder: str | None = None
    via: list[tuple[Location, str]] = field(default_factory=list)  # attachments and bindings
    statement: Statement | None = None
    role: str | None = None  # managed policy ARN, Kubernetes role, GCP role, Azure role
    scope: str | None = None  # GCP/Azure scope, Kubernetes namespace or "cluster"
    rule: dict[str, Any] | None = None  # a Kubernetes PolicyRule
    member: str | None = None  # GCP member or Azure principal as written


@dataclass
class Graph:
    """Everything rules and the inventory query."""

    resources: list[Resource]
    identities: dict[str, Identity] = field(default_factory=dict)
    credentials: dict[str, Credential] = field(default_factory=dict)
    workloads: dict[str, Workload] = field(default_factory=dict)
    grants: list[Grant] = field(default_factory=list)
    by_address: dict[tuple[str, str], Resource] = field(default_factory=dict)  # (module, address)

    def resource_at(self, module: str, ref: Ref | str) -> Resource | None:
        """The resource a reference names inside ``module``."""
        if isinstance(ref, Ref):
            return self.by_address.get((ref.module or module, ref.target))
        return self.by_address.get((module, ref))

    def workloads_of(self, identity_id: str) -> list[Workload]:
        """Workloads that run as the identity, directly or through a federated service account."""
        federated = {i.id for i in self.identities.values() if i.assumes == identity_id}
        return [w for w in self.workloads.values() if w.identity == identity_id or w.identity in federated]

    def grants_of(self, identity_id: str) -> list[Grant]:
        return [g for g in self.grants if g.holder == identity_id]

    def holders(self, source: Resource) -> list[str]:
        return sorted({g.holder for g in self.grants if g.source is source and g.holder})

    def referrers(self, resource: Resource) -> list[Resource]:
        """Resources in the same module whose attributes reference ``resource`` (references to a
        for_each resource name all its instances)."""
        base = base_address(resource.address)
        return self._referrers.get((resource.module, base), [])

    def label(self, identity_id: str | None) -> str:
        """``aws-iam-role 'app'``: how messages name an identity."""
        ident = self.identities.get(identity_id or "")
        if ident is None:
            return "no identity declared in this scan"
        module = ident.resource.module if ident.resource is not None else ""
        instance = module.partition("module.")[2] if module.startswith("module.") or "/module." in module else ""
        return f"{ident.kind} '{ident.name}'" + (f" of module.{instance}" if instance else "")

    def holder_label(self, grant: Grant) -> str:
        """Who holds a grant, for messages: the identity, or the policy when nothing attaches it."""
        if grant.holder:
            return self.label(grant.holder) + self.run_by(grant.holder)
        return f"policy {grant.source.address} (attached to no machine identity in this scan)"

    def workload_label(self, workload_id: str) -> str:
        work = self.workloads.get(workload_id)
        return f"{work.kind} '{work.name}'" if work else workload_id

    def run_by(self, identity_id: str | None) -> str:
        """`` (used by aws-lambda 'f', k8s-deployment 'api')`` or empty."""
        names = [f"{w.kind} '{w.name}'" for w in self.workloads_of(identity_id)] if identity_id else []
        return f" (used by {', '.join(names[:4])}{' …' if len(names) > 4 else ''})" if names else ""

    def identities_of(self, workload_ids: list[str]) -> str:
        """`` (identities: aws-iam-role 'a', ...)`` for the workloads that have one, else empty."""
        idents = sorted({self.workloads[w].identity for w in workload_ids if w in self.workloads} - {None})
        return f" (identities: {', '.join(self.label(i) for i in idents)})" if idents else ""

    def index(self) -> None:
        self.by_address = {(r.module, r.address): r for r in self.resources}
        for r in self.resources:  # a for_each resource's plain name stands for its first instance
            self.by_address.setdefault((r.module, base_address(r.address)), r)
        refs: dict[tuple[str, str], list[Resource]] = defaultdict(list)
        for r in self.resources:
            for key in sorted({(ref.module or r.module, ref.target) for ref in r.refs}):
                refs[key].append(r)
        self._referrers = refs

    _referrers: dict[tuple[str, str], list[Resource]] = field(default_factory=dict)


def base_address(address: str) -> str:
    """``aws_iam_role.r["a"]`` -> ``aws_iam_role.r``."""
    return address.split("[", 1)[0]


def build(resources: list[Resource]) -> Graph:
    """Run every builder over the resources."""
    from scanner.graph import aws, azure, common, gcp, kubernetes

    graph = Graph(resources)
    graph.index()
    common.add_identities(graph)
    kubernetes.add_identities(graph)
    common.add_workloads(graph)
    kubernetes.add_workloads(graph)
    common.add_credentials(graph)
    kubernetes.add_credentials(graph)
    common.add_secret_store_uses(graph)
    common.add_dynamic_reference_uses(graph)
    common.add_literal_secrets(graph)
    aws.add_grants(graph)
    kubernetes.add_grants(graph)
    gcp.add_grants(graph)
    azure.add_grants(graph)
    kubernetes.add_federation(graph)
    return graph
