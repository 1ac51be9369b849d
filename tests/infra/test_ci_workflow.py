"""CI runs the same command as a developer (`make test`), with pinned actions and a read-only token."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from .support import REPO

CI = REPO / ".github/workflows/ci.yml"
CI_RUN = REPO / ".ci/run"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    return yaml.safe_load(CI.read_text("utf-8"))


@pytest.fixture(scope="module")
def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    (job,) = workflow["jobs"].values()
    return job["steps"]


def commands(text: str) -> list[str]:
    """The non-comment, non-blank lines of a shell script or `run:` block."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def step_using(steps: list[dict[str, Any]], action: str) -> dict[str, Any]:
    (step,) = [step for step in steps if step.get("uses", "").split("@")[0] == action]
    return step


def test_ci_entry_point_runs_make_test() -> None:
    assert "make test" in commands(CI_RUN.read_text("utf-8"))


def test_ci_entry_point_proves_sam_local_invoke_after_the_tests() -> None:
    """The design card's `sam local invoke` row: every function in a Lambda container, once the suite is green."""
    run = commands(CI_RUN.read_text("utf-8"))

    assert run.index("make sam-local") > run.index("make test")
    assert "set -euo pipefail" in CI_RUN.read_text("utf-8")  # a failing make test stops the run before it


def test_workflow_runs_on_pushes_to_other_branches_and_pull_requests_and_as_the_deploy_workflows_test_job(
    workflow: dict[str, Any],
) -> None:
    """A push to main is tested once, by the Deploy workflow that calls this one (it runs on every push to main)."""
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` key as True
    deploy = yaml.safe_load((REPO / ".github/workflows/deploy.yml").read_text("utf-8"))
    deploy_triggers = deploy.get("on", deploy.get(True))

    assert set(triggers) == {"push", "pull_request", "workflow_call"}
    assert triggers["push"] == {"branches-ignore": ["main"]} and triggers["pull_request"] is None
    assert deploy_triggers["push"] == {"branches": ["main"]}, "no path filter: Deploy tests every push to main"
    assert deploy["jobs"]["test"]["uses"] == "$/.github/workflows/ci.yml"
    # one input, the environment of the calling deploy; it only names the concurrency group (the steps never read it)
    assert triggers["workflow_call"] == {
        "inputs": {
            "environment": {
                "description": (
                    "The environment the calling deploy goes to (keeps its test job apart from other deploys')."
                ),
                "required": True,
                "type": "string",
            }
        }
    }
    assert all("inputs." not in json.dumps(job) for job in workflow["jobs"].values())


def test_workflow_token_is_read_only(workflow: dict[str, Any]) -> None:
    assert workflow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in workflow["jobs"].values())


def test_superseded_runs_of_the_same_ref_are_cancelled_but_never_a_deploys_tests(workflow: dict[str, Any]) -> None:
    """Called by the deploy workflow, the group is evaluated in the caller's context: github.workflow is "Deploy" and
    github.ref is main for a pushed dev deploy and a manual prod deploy alike. Without the environment in the group,
    the later of the two would cancel the other's test job (cancel-in-progress), failing that deploy."""
    concurrency = workflow["concurrency"]
    group = concurrency["group"]

    def evaluate(workflow_name: str, ref: str, environment: str) -> tuple[str, bool]:
        name = (
            group.replace("${{ github.workflow }}", workflow_name)
            .replace("${{ github.ref }}", ref)
            .replace("${{ inputs.environment || 'ci' }}", environment or "ci")
        )
        return name, concurrency["cancel-in-progress"] == "${{ !inputs.environment }}" and not environment

    push, dev_deploy, prod_deploy = (
        evaluate("CI", "refs/heads/main", ""),
        evaluate("Deploy", "refs/heads/main", "dev"),
        evaluate("Deploy", "refs/heads/main", "prod"),
    )
    assert push == ("ci-CI-refs/heads/main-ci", True), "a newer push supersedes the run in progress"
    assert dev_deploy == ("ci-Deploy-refs/heads/main-dev", False)
    assert prod_deploy == ("ci-Deploy-refs/heads/main-prod", False)


def test_one_job_on_ubuntu_latest(workflow: dict[str, Any]) -> None:
    (job,) = workflow["jobs"].values()

    assert job["runs-on"] == "ubuntu-latest"
    assert 0 < job["timeout-minutes"] <= 30


def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version_noted() -> None:
    uses_lines = [line.strip() for line in CI.read_text("utf-8").splitlines() if re.match(r"\s*(- )?uses:", line)]
    references = [re.sub(r"^(- )?uses:\s*", "", line) for line in uses_lines]

    assert uses_lines, "no action used: the checks below would pass vacuously"
    assert [ref for ref in references if not PINNED.match(ref.split(" #")[0].strip())] == []
    assert [ref for ref in references if not re.search(r" # v\d+(\.\d+)*$", ref)] == []


def test_checkout_does_not_persist_the_token(steps: list[dict[str, Any]]) -> None:
    checkout = step_using(steps, "actions/checkout")

    assert checkout["with"]["persist-credentials"] is False


def test_python_is_313_with_a_pip_cache_keyed_on_both_dependency_files(
    steps: list[dict[str, Any]], template: dict[str, Any]
) -> None:
    setup = step_using(steps, "actions/setup-python")
    with (REPO / "pyproject.toml").open("rb") as handle:
        requires_python = tomllib.load(handle)["project"]["requires-python"]
    makefile = (REPO / "Makefile").read_text("utf-8")

    assert setup["with"] == {
        "python-version": "3.13",
        "cache": "pip",
        "cache-dependency-path": "pyproject.toml\nrequirements-scanners.txt\n",
    }
    # the cache key files are exactly the ones the Makefile installs from
    assert "$(STAMP): pyproject.toml" in makefile and "$(SCAN_STAMP): requirements-scanners.txt" in makefile
    # The same Python as the Lambda runtime and the project.
    assert template["Globals"]["Function"]["Runtime"] == "python" + setup["with"]["python-version"]
    assert requires_python == ">=3.13,<3.14"


def test_the_last_step_runs_make_test_with_python313(steps: list[dict[str, Any]]) -> None:
    runs = [commands(step["run"]) for step in steps if "run" in step]

    assert [step.get("uses", "run").split("@")[0] for step in steps] == [
        "actions/checkout",
        "actions/setup-python",
        "run",
    ]
    assert runs == [["make test PYTHON=python3.13"]]


def test_make_test_runs_every_test_directory_including_these() -> None:
    makefile = (REPO / "Makefile").read_text("utf-8")
    recipe = re.search(r"^test:.*\n((?:\t.*\n)+)", makefile, re.M)
    with (REPO / "pyproject.toml").open("rb") as handle:
        testpaths = tomllib.load(handle)["tool"]["pytest"]["ini_options"]["testpaths"]

    assert recipe and "-m pytest" in recipe.group(1)
    assert testpaths == ["tests"]
    assert Path(__file__).parent.parent.name == "tests"
