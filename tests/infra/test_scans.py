"""Security and correctness scans, part of `make test`: actionlint and zizmor on the workflows (no findings), checkov on
every CloudFormation/SAM template (no failed check; a skip only inline, with a reason), cfn-lint on the bootstraps.

The scanners come from .venv-scanners (requirements-scanners.txt, installed by the Makefile); cfn-lint comes with
aws-sam-cli in .venv. All run offline: zizmor's online audits and checkov's guideline download are switched off.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .support import REPO, CfnLoader

SCANNERS = Path(os.environ.get("AICHEF_SCANNERS_BIN", REPO / ".venv-scanners/bin"))
WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.y*ml"))
BOOTSTRAP = sorted((REPO / "pipeline").glob("*.y*ml"))
NOT_SOURCE = {".venv", ".venv-scanners", ".aws-sam", ".git", "node_modules", ".pytest_cache", "build"}


def scanner(name: str) -> Path:
    path = SCANNERS / name
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make test` (it installs the scanners into .venv-scanners)")
    return path


def run(*command: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )


def cloudformation_templates() -> list[Path]:
    """Every YAML file in the repository with a top-level Resources mapping: the SAM template and the bootstrap."""
    found = []
    paths = []
    for root, directories, files in os.walk(REPO):
        directories[:] = [name for name in directories if name not in NOT_SOURCE]  # never walk the virtualenvs
        paths += [Path(root, name) for name in files if name.endswith((".yaml", ".yml"))]
    for path in sorted(paths):
        document = yaml.load(path.read_text("utf-8"), Loader=CfnLoader)  # noqa: S506 - a SafeLoader subclass
        if isinstance(document, dict) and isinstance(document.get("Resources"), dict):
            found.append(path)
    return found


def test_the_templates_scanned_are_the_sam_templates_and_the_bootstraps() -> None:
    assert [path.relative_to(REPO).as_posix() for path in cloudformation_templates()] == [
        "api/template.yaml",
        "pipeline/github-deploy-api-role.yaml",
        "pipeline/github-deploy-role.yaml",
        "template.yaml",
    ]
    assert [path.name for path in WORKFLOWS] == ["ci.yml", "deploy.yml"]


def test_actionlint_finds_nothing_in_the_workflows() -> None:
    # shellcheck checks every run: script; pyflakes is off (no inline Python), so every machine checks the same.
    result = run(scanner("actionlint"), "-no-color", f"-shellcheck={scanner('shellcheck')}", "-pyflakes=", *WORKFLOWS)

    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_zizmor_finds_nothing_in_the_workflows() -> None:
    result = run(scanner("zizmor"), "--offline", "--no-progress", "--format", "json", *WORKFLOWS)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


@pytest.fixture(scope="module")
def checkov_report() -> dict[str, Any]:
    templates = cloudformation_templates()
    command: list[str | Path] = [
        scanner("checkov"),
        "--framework",
        "cloudformation",
        "--output",
        "json",
        "--skip-download",
        "--compact",
    ]
    for template in templates:
        command += ["--file", template.relative_to(REPO)]
    result = run(*command)
    assert result.returncode in (0, 1), result.stderr[-3000:]
    report = json.loads(result.stdout)
    assert report["summary"]["parsing_errors"] == 0
    return report


def test_checkov_fails_no_check_on_any_template(checkov_report: dict[str, Any]) -> None:
    failed = [
        f"{check['check_id']} {check['resource']} ({check['file_path']}): {check['check_name']}"
        for check in checkov_report["results"].get("failed_checks", [])
    ]

    assert checkov_report["summary"]["passed"] > 0
    assert failed == []


def test_every_checkov_skip_is_inline_with_a_reason(checkov_report: dict[str, Any]) -> None:
    skipped = checkov_report["results"].get("skipped_checks", [])
    reasons = {
        f"{check['check_id']} {check['resource']}": (check["check_result"].get("suppress_comment") or "").strip()
        for check in skipped
    }
    no_reason = [check for check, reason in reasons.items() if reason in ("", "No comment provided")]

    assert no_reason == []
    assert not (REPO / ".checkov.yaml").exists() and not (REPO / ".checkov.yml").exists(), "skips live inline"


@pytest.mark.parametrize("template", BOOTSTRAP, ids=lambda path: path.name)
def test_cfn_lint_passes_the_bootstrap_template(template: Path) -> None:
    result = run(Path(sys.executable).parent / "cfn-lint", "--", template)

    assert (result.returncode, result.stdout + result.stderr) == (0, "")
