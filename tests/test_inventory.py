"""The inventory of a small estate, exactly: identities, credentials, consumers, tiers, risks, links."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from scanner import inventory
from scanner.engine import scan

ESTATE = FIXTURES / "inventory" / "estate"
TF = "terraform:inventory/estate/"


@pytest.fixture(scope="module")
def records():
    data = inventory.build(scan([str(ESTATE)], FIXTURES))
    return {r["id"]: r for r in data["identities"]}


def summary(record):
    return (
        record["kind"],
        record["privilege"],
        record["risk"],
        sorted((c["kind"], c["long_lived"], c["owned"], c["shared_by"]) for c in record["credentials"]),
        sorted((c["name"], c["via"]) for c in record["consumers"]),
        record["findings"],
    )


def test_every_identity_exactly(records):
    assert {k: summary(v) for k, v in records.items()} == {
        TF + "aws_iam_user.ci": (
            "aws-iam-user",
            "admin",
            "critical",
            [("aws-access-key", True, True, 2)],
            [("export", "holds-credential"), ("report", "holds-credential")],
            ["NPE-LIFE-001", "NPE-PERM-AWS-001", "NPE-SEC-005"],
        ),
        TF + "aws_iam_role.irsa": ("aws-iam-role", "write", "medium", [], [("orders", "federated")], []),
        TF + "aws_iam_role.api": (
            "aws-iam-role",
            "read",
            "medium",
            [("aws-access-key", True, False, 2)],
            [("api", "runs-as"), ("batch", "runs-as"), ("report", "runs-as")],  # batch: an EC2 instance profile
            ["NPE-HYG-001"],
        ),
        "kubernetes:shop/ServiceAccount/orders": (  # medium: it can do what its IRSA role can (write)
            "k8s-service-account",
            "none",
            "medium",
            [],
            [("orders", "runs-as")],
            ["NPE-LIFE-005"],
        ),
        "kubernetes:shop/ServiceAccount/default": (
            "k8s-service-account",
            "none",
            "none",
            [],
            [("cleanup", "runs-as")],
            [],
        ),
    }


def test_sorted_by_risk(records):
    data = inventory.build(scan([str(ESTATE)], FIXTURES))
    assert [r["risk"] for r in data["identities"]] == ["critical", "medium", "medium", "medium", "none"]


def test_service_account_federates_to_the_cloud_role(records):
    assert records["kubernetes:shop/ServiceAccount/orders"]["assumes"] == TF + "aws_iam_role.irsa"
    assert records["kubernetes:shop/ServiceAccount/orders"]["effective_privilege"] == "write"
    assert records[TF + "aws_iam_role.irsa"]["assumed_by"] == ["kubernetes:shop/ServiceAccount/orders"]


def test_risk_reasons_and_locations(records):
    user = records[TF + "aws_iam_user.ci"]
    assert user["risk_reasons"] == ["privilege: admin", "long-lived credential", "shared by several workloads"]
    assert user["location"] == {"file": "inventory/estate/main.tf", "line": 47}
    assert user["credentials"][0]["location"] == {"file": "inventory/estate/main.tf", "line": 51}
    assert user["credentials"][0]["expires"] is None


def test_table_shrinks_to_a_terminal_width():
    data = inventory.build(scan([str(ESTATE)], FIXTURES))
    wide = inventory.to_table(data).splitlines()
    narrow = inventory.to_table(data, width=110).splitlines()
    assert max(map(len, narrow[:-2])) < max(map(len, wide[:-2]))
    assert all(line.rstrip().endswith(w.rstrip().split()[-1]) for line, w in zip(narrow[1:-2], wide[1:-2], strict=True))
