"""Parser and resolver edge cases, each through the whole pipeline."""

from __future__ import annotations

from pathlib import Path

from scanner.engine import scan


def findings(tmp_path: Path, files: dict[str, str | bytes]) -> list[tuple[str, str, int]]:
    for name, body in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body)
    report = scan([str(tmp_path)], tmp_path)
    assert report.errors == []
    return sorted((f.rule.id, f.location.file, f.location.start_line) for f in report.findings)


def test_terraform_json_syntax(tmp_path):
    body = '{"resource": {"aws_iam_policy": {"p": {"policy": "{\\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"*\\", \\"Resource\\": \\"*\\"}]}"}}}}'
    assert findings(tmp_path, {"main.tf.json": body}) == [("NPE-PERM-AWS-001", "main.tf.json", 1)]


def test_crlf_line_endings_and_trimmed_heredoc(tmp_path):
    body = 'resource "aws_iam_policy" "p" {\r\n  policy = <<-EOT\r\n    {"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}\r\n  EOT\r\n}\r\n'
    assert findings(tmp_path, {"main.tf": body.encode()}) == [("NPE-PERM-AWS-001", "main.tf", 2)]


def test_variable_default_and_locals_flow_into_a_policy(tmp_path):
    body = """variable "actions" {
  default = ["*"]
}
locals {
  everything = "*"
  doc = { Statement = [{ Effect = "Allow", Action = var.actions, Resource = local.everything }] }
}
resource "aws_iam_policy" "p" {
  policy = jsonencode(local.doc)
}
"""
    assert findings(tmp_path, {"main.tf": body}) == [("NPE-PERM-AWS-001", "main.tf", 6)]


def test_conditional_values_are_unknown_not_findings(tmp_path):
    body = """variable "admin" {}
resource "aws_iam_policy" "p" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = var.admin ? "*" : "s3:GetObject", Resource = "*" }] })
}
"""
    assert findings(tmp_path, {"main.tf": body}) == []


def test_kubernetes_list_kind_and_json_manifest(tmp_path):
    listing = """apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Secret
    metadata: {name: t, namespace: ci}
    type: kubernetes.io/service-account-token
"""
    role = '{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "x"},\n "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]}'
    assert findings(tmp_path, {"list.yaml": listing, "role.json": role}) == [
        ("NPE-LIFE-003", "list.yaml", 4),
        ("NPE-PERM-K8S-002", "role.json", 2),
    ]


def test_cloudformation_join_and_getatt_forms(tmp_path):
    template = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  User: {Type: AWS::IAM::User}
  Key:
    Type: AWS::IAM::AccessKey
    Properties: {UserName: !Ref User}
  A:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::111122223333:role/a
      Environment: {Variables: {S: !GetAtt [Key, SecretAccessKey]}}
  B:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::111122223333:role/b
      Environment: {Variables: {S: !Join ["", [!GetAtt Key.SecretAccessKey]]}}
"""
    assert findings(tmp_path, {"t.yaml": template}) == [
        ("NPE-LIFE-001", "t.yaml", 4),
        ("NPE-SEC-005", "t.yaml", 4),
    ]


def test_values_known_only_at_apply_time_do_not_break_rules(tmp_path):
    """Every list-valued attribute a rule reads, written as a variable or a dynamic block."""
    body = """variable "x" {}
resource "azurerm_role_definition" "r" {
  name              = "r"
  scope             = var.x
  assignable_scopes = var.x
  dynamic "permissions" {
    for_each = var.x
    content {
      actions = var.x
    }
  }
}
resource "azuread_application" "a" {
  display_name = "a"
  dynamic "password" {
    for_each = var.x
    content {
      display_name = "p"
    }
  }
}
resource "google_compute_instance" "vm" {
  name = "vm"
  service_account {
    scopes = var.x
  }
}
resource "kubernetes_cluster_role_v1" "c" {
  metadata {
    name = "c"
  }
  rule {
    api_groups = var.x
    resources  = var.x
    verbs      = var.x
  }
}
resource "kubernetes_pod_v1" "p" {
  metadata {
    name = "p"
  }
  spec {
    automount_service_account_token = false
    volume {
      name = "v"
      projected {
        sources = var.x
      }
    }
    container {
      name = "c"
      env  = var.x
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy  = var.x
  managed_policy_arns = var.x
  inline_policy {
    policy = var.x
  }
}
"""
    assert findings(tmp_path, {"main.tf": body}) == [("NPE-LIFE-007", "main.tf", 17)]  # no end_date: true


def test_local_module_calls_apply_the_callers_inputs(tmp_path):
    module = """variable "name" {}
variable "actions" {
  default = ["s3:GetObject"]
}
resource "aws_iam_role" "this" {
  name               = var.name
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}
resource "aws_iam_role_policy" "this" {
  role   = aws_iam_role.this.id
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = var.actions, Resource = "arn:aws:s3:::data/*" }] })
}
"""
    caller = """module "reader" {
  source = "../modules/role"
  name   = "reader"
}
module "admin" {
  source  = "../modules/role"
  name    = "admin"
  actions = ["*"]
}
"""
    for name, body in {"modules/role/main.tf": module, "live/main.tf": caller}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(body)
    report = scan([str(tmp_path)], tmp_path)
    assert report.errors == []
    identities = {i.id for i in report.graph.identities.values()}
    assert identities == {
        "terraform:live/module.reader/aws_iam_role.this",
        "terraform:live/module.admin/aws_iam_role.this",
    }
    from scanner import privilege

    tiers = {i: privilege.tier(report.graph, i) for i in identities}
    assert tiers == {
        "terraform:live/module.reader/aws_iam_role.this": "read",
        "terraform:live/module.admin/aws_iam_role.this": "write",  # every action, but on one bucket
    }


def test_count_zero_removes_a_resource_and_module_instances_merge(tmp_path):
    module = """variable "create_key" {
  default = true
}
resource "aws_iam_user" "this" {
  name = "u"
}
resource "aws_iam_access_key" "this" {
  count = var.create_key && true ? 1 : 0
  user  = aws_iam_user.this.name
}
"""
    caller = """module "a" {
  source = "../modules/user"
}
module "b" {
  source = "../modules/user"
}
module "no_key" {
  source     = "../modules/user"
  create_key = false
}
"""
    for name, body in {"modules/user/main.tf": module, "live/main.tf": caller}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(body)
    report = scan([str(tmp_path)], tmp_path)
    (finding,) = report.findings
    assert (finding.rule.id, finding.location.file, finding.location.start_line) == (
        "NPE-LIFE-001",
        "modules/user/main.tf",
        7,
    )
    assert finding.message.endswith("(also in 1 other instance(s) of this module)")
    assert [(loc.file, loc.start_line) for loc, _ in finding.related] == [("live/main.tf", 4)]


def test_for_each_over_known_values_makes_one_resource_per_element(tmp_path):
    body = """variable "policies" {
  default = {
    read  = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    admin = "arn:aws:iam::aws:policy/AdministratorAccess"
  }
}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = "{}"
}
resource "aws_iam_role_policy_attachment" "this" {
  for_each   = var.policies
  role       = aws_iam_role.r.name
  policy_arn = each.value
}
"""
    assert findings(tmp_path, {"main.tf": body}) == [("NPE-PERM-AWS-001", "main.tf", 14)]


def test_for_expressions_over_known_values(tmp_path):
    body = """variable "policies" {
  default = { admin = "arn:aws:iam::aws:policy/AdministratorAccess", none = "" }
}
variable "create" {
  default = true
}
resource "aws_iam_role" "r" {
  name               = "r"
  assume_role_policy = "{}"
}
resource "aws_iam_role_policy_attachment" "this" {
  for_each   = { for k, v in var.policies : k => v if var.create && v != "" }
  role       = aws_iam_role.r.name
  policy_arn = each.value
}
resource "aws_iam_role_policy" "p" {
  role   = aws_iam_role.r.id
  policy = jsonencode({ Statement = [for a in ["s3:*"] : { Effect = "Allow", Action = a, Resource = "*" }] })
}
"""
    assert findings(tmp_path, {"main.tf": body}) == [
        ("NPE-PERM-AWS-001", "main.tf", 14),
        ("NPE-PERM-AWS-002", "main.tf", 18),
    ]


def test_module_outputs_link_workloads_to_identities_and_keys(tmp_path):
    module = """resource "aws_iam_role" "this" {
  name               = "worker"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }] })
}
resource "aws_iam_user" "bot" {
  name = "bot"
}
resource "aws_iam_access_key" "bot" {
  user = aws_iam_user.bot.name
}
output "role_arn" {
  value = aws_iam_role.this.arn
}
output "key_secret" {
  value     = aws_iam_access_key.bot.secret
  sensitive = true
}
"""
    caller = """module "identity" {
  source = "./modules/identity"
}
resource "aws_lambda_function" "a" {
  function_name = "a"
  role          = module.identity.role_arn
  environment {
    variables = { KEY = module.identity.key_secret }
  }
}
resource "aws_lambda_function" "b" {
  function_name = "b"
  role          = module.identity.role_arn
  environment {
    variables = { KEY = module.identity.key_secret }
  }
}
"""
    for name, body in {"modules/identity/main.tf": module, "main.tf": caller}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(body)
    report = scan([str(tmp_path)], tmp_path)
    graph = report.graph
    assert {w.name: w.identity for w in graph.workloads.values()} == {
        "a": "terraform:module.identity/aws_iam_role.this",
        "b": "terraform:module.identity/aws_iam_role.this",
    }
    assert sorted((f.rule.id, f.location.file, f.location.start_line) for f in report.findings) == [
        ("NPE-HYG-001", "modules/identity/main.tf", 1),
        ("NPE-LIFE-001", "modules/identity/main.tf", 8),
        ("NPE-SEC-005", "modules/identity/main.tf", 8),
    ]
