"""The hook from .pre-commit-hooks.yaml, run by real pre-commit against a real git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.skipif(
    shutil.which("pre-commit") is None or shutil.which("git") is None, reason="needs pre-commit and git"
)

WILDCARD = 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })\n}\n'
SCOPED = 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*" }] })\n}\n'


def git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def hook_source(tmp_path_factory) -> Path:
    """A committed copy of this project: pre-commit installs hooks from a git repository."""
    src = tmp_path_factory.mktemp("hook-src")
    shutil.copytree(
        ROOT,
        src,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns(
            ".git", "*.egg-info", "__pycache__", ".pytest_cache", ".ruff_cache", "build", "fixtures", "tests"
        ),
    )
    git(src, "init", "-q")
    git(src, "add", "-A")
    assert git(src, "commit", "-qm", "hook").returncode == 0
    return src


@pytest.fixture
def repo(tmp_path) -> Path:
    git(tmp_path, "init", "-q")
    return tmp_path


def try_repo(hook_source: Path, repo: Path, *files: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(hook_source.parent / "pre-commit-cache")}
    return subprocess.run(
        ["pre-commit", "try-repo", str(hook_source), "npe-scan", "--files", *files],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )


def test_hook_stops_a_wildcard_policy(hook_source, repo):
    (repo / "iam.tf").write_text(WILDCARD)
    git(repo, "add", "iam.tf")
    run = try_repo(hook_source, repo, "iam.tf")
    assert run.returncode == 1, run.stdout + run.stderr
    assert "NPE-PERM-AWS-001" in run.stdout
    assert "iam.tf" in run.stdout


def test_hook_passes_a_scoped_policy(hook_source, repo):
    (repo / "iam.tf").write_text(SCOPED)
    git(repo, "add", "iam.tf")
    run = try_repo(hook_source, repo, "iam.tf")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Passed" in run.stdout
