"""The deploy workflow: what triggers it, the job chain, OIDC and least-privilege tokens, one deploy per environment,
the Discord notice, and the supply-chain rules that hold for every workflow (pinned actions, no persisted token,
no GitHub expression inside a script).
"""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.specifiers import SpecifierSet

from .support import REPO, load_cfn_yaml, load_script

deploy_paths = load_script("deploy_paths")

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.y*ml"))
DEPLOY = REPO / ".github/workflows/deploy.yml"
BOOTSTRAP = REPO / "pipeline/github-deploy-role.yaml"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
ENVIRONMENT = "${{ needs.confirm.outputs.environment }}"


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text("utf-8"))


def triggers_of(workflow: dict[str, Any]) -> dict[str, Any]:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` key as True


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    return load(DEPLOY)


@pytest.fixture(scope="module")
def jobs(workflow: dict[str, Any]) -> dict[str, Any]:
    return workflow["jobs"]


def step_named(job: dict[str, Any], name: str) -> dict[str, Any]:
    (step,) = [step for step in job["steps"] if step.get("name") == name]
    return step


def uses(job: dict[str, Any]) -> list[str]:
    return [step.get("uses", "run").split("@")[0] for step in job["steps"]]


# --- triggers ------------------------------------------------------------------------------------------------------


def test_every_push_to_main_runs_the_workflow_which_deploys_when_a_deployed_path_changed(
    workflow: dict[str, Any],
) -> None:
    push = triggers_of(workflow)["push"]

    assert push == {"branches": ["main"]}, "no path filter: the workflow is main's one test run"
    for pattern in deploy_paths.DEPLOYED:
        matches = [path for path in REPO.glob(pattern) if path.is_file()] if "**" in pattern else [REPO / pattern]
        assert matches and all(path.exists() for path in matches), f"{pattern} matches no file: a typo?"
    assert deploy_paths.deploys(["api/template.yaml"]) and deploy_paths.deploys(["layer/aichef/bedrock.py"])
    assert deploy_paths.deploys(["README.md", "statemachine/recipe_workflow.asl.json"])
    assert not deploy_paths.deploys(["README.md", "tests/unit/test_units.py", "bench/anchor/app.py", ""])


def run_step(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A workflow step's `run` script with bash as GitHub runs it (-e, pipefail)."""
    return subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout.strip()


@pytest.mark.parametrize(
    ("changed", "before", "expected"),
    [
        ("README.md", "parent", "deploy=false\n"),
        ("api/template.yaml", "parent", "deploy=true\n"),
        ("README.md", "0000000000000000000000000000000000000000", "deploy=true\n"),  # a new branch: everything
    ],
)
def test_the_confirm_job_compares_the_push_with_the_commit_before_it(
    jobs: dict[str, Any], tmp_path: Path, changed: str, before: str, expected: str
) -> None:
    """The step's own script in a repository of two commits, with this repository's scripts/deploy_paths.py."""
    step = step_named(jobs["confirm"], "What the push changed")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts/deploy_paths.py").write_text((REPO / "scripts/deploy_paths.py").read_text("utf-8"))
    git(tmp_path, "init", "-q")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "first")
    parent = git(tmp_path, "rev-parse", "HEAD")
    (tmp_path / changed).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / changed).write_text("changed\n", "utf-8")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "second")
    output = tmp_path / "github_output"
    env = {
        "PATH": os.environ["PATH"],
        "BEFORE": parent if before == "parent" else before,
        "GITHUB_SHA": git(tmp_path, "rev-parse", "HEAD"),
        "GITHUB_OUTPUT": str(output),
    }

    result = run_step(step["run"], tmp_path, env)

    assert result.returncode == 0, result.stderr
    assert output.read_text("utf-8") == expected
    assert step["env"] == {"BEFORE": "${{ github.event.before }}"} and step["if"] == "github.event_name == 'push'"
    assert jobs["confirm"]["outputs"]["deploy"] == "${{ steps.changed.outputs.deploy || 'true' }}"


def test_a_manual_run_needs_the_typed_word_and_a_choice_of_dev_or_prod(
    workflow: dict[str, Any], samconfig: dict[str, Any]
) -> None:
    inputs = triggers_of(workflow)["workflow_dispatch"]["inputs"]
    bootstrap = load_cfn_yaml(BOOTSTRAP)

    assert inputs["confirm"] == {"description": "Type deploy to confirm", "required": True, "type": "string"}
    assert inputs["environment"]["type"] == "choice" and inputs["environment"]["default"] == "dev"
    assert inputs["environment"]["options"] == ["dev", "prod"]
    assert bootstrap["Parameters"]["Environment"]["AllowedValues"] == ["dev", "prod"]
    assert {"dev", "prod"} <= set(samconfig)


def choose(
    event: str, confirm: str = "", chosen: str = "", tmp_path: Path | None = None, script: str = ""
) -> tuple[int, str, str]:
    """Run the confirm job's script with bash as GitHub would; (exit code, stdout, what it wrote to GITHUB_OUTPUT)."""
    assert tmp_path is not None
    output = tmp_path / "github_output"
    output.write_text("", "utf-8")
    env = {
        "PATH": os.environ["PATH"],
        "EVENT": event,
        "CONFIRM": confirm,
        "CHOSEN": chosen,
        "GITHUB_OUTPUT": str(output),
    }
    result = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-c", script], env=env, capture_output=True, text=True, timeout=30, check=False
    )
    return result.returncode, result.stdout, output.read_text("utf-8")


@pytest.mark.parametrize(
    ("event", "confirm", "chosen", "expected"),
    [
        ("push", "", "", (0, "", "environment=dev\n")),
        ("workflow_dispatch", "deploy", "dev", (0, "", "environment=dev\n")),
        ("workflow_dispatch", "deploy", "prod", (0, "", "environment=prod\n")),
        (
            "workflow_dispatch",
            "yes",
            "prod",
            (1, "::error title=Not confirmed::type deploy in the confirm input to run a manual deploy\n", ""),
        ),
        (
            "workflow_dispatch",
            "Deploy",
            "prod",
            (1, "::error title=Not confirmed::type deploy in the confirm input to run a manual deploy\n", ""),
        ),
        ("workflow_dispatch", "deploy", "staging", (1, "::error title=Unknown environment::staging\n", "")),
    ],
)
def test_the_confirm_job_picks_the_environment_or_stops(
    jobs: dict[str, Any], tmp_path: Path, event: str, confirm: str, chosen: str, expected: tuple[int, str, str]
) -> None:
    step = step_named(jobs["confirm"], "Choose the environment")

    assert step["env"] == {
        "EVENT": "${{ github.event_name }}",
        "CONFIRM": "${{ inputs.confirm }}",
        "CHOSEN": "${{ inputs.environment }}",
    }
    assert choose(event, confirm, chosen, tmp_path, step["run"]) == expected


# --- the job chain -------------------------------------------------------------------------------------------------


def test_tests_run_once_then_the_workflow_stack_then_the_api_stack_then_the_notice(jobs: dict[str, Any]) -> None:
    """One run deploys in order: the API stack imports the workflow stack's exports, so it waits for that deploy
    (and its smoke execution); both run only when the push changed a deployed path, or on a manual run."""
    assert list(jobs) == ["confirm", "test", "deploy", "deploy-api", "notify"]
    assert "needs" not in jobs["confirm"]
    assert jobs["test"]["needs"] == "confirm"
    assert jobs["test"]["uses"] == "$/.github/workflows/ci.yml", "the same make test as every other push"
    assert jobs["test"]["with"] == {"environment": ENVIRONMENT}, "its own concurrency group (ci.yml)"
    assert jobs["deploy"]["needs"] == ["confirm", "test"]
    assert jobs["deploy"]["if"] == "needs.confirm.outputs.deploy == 'true'"
    assert jobs["deploy-api"]["needs"] == ["confirm", "deploy"] and "if" not in jobs["deploy-api"]
    assert jobs["notify"]["needs"] == ["confirm", "test", "deploy", "deploy-api"]
    assert [name for name, job in jobs.items() if job.get("uses", "").endswith("ci.yml")] == ["test"], "make test once"


def test_deploy_steps_build_then_run_the_deploy_script(jobs: dict[str, Any], samconfig: dict[str, Any]) -> None:
    deploy = jobs["deploy"]
    run = step_named(deploy, "Deploy")["run"]

    assert uses(deploy) == [
        "run",
        "actions/checkout",
        "actions/setup-python",
        "aws-actions/setup-sam",
        "run",
        "aws-actions/configure-aws-credentials",
        "run",
        "run",
        "run",
    ]
    assert step_named(deploy, "sam build")["run"] == "sam build"
    assert 'scripts/deploy.sh "$DEPLOY_ENV" --s3-bucket "$BUCKET" --outputs-file' in run
    assert deploy["env"] == {"DEPLOY_ENV": ENVIRONMENT}
    assert step_named(deploy, "Deploy")["env"]["BUCKET"] == "${{ vars.AWS_ARTIFACTS_BUCKET }}"


def test_every_deploy_ends_with_a_smoke_execution_that_fails_the_job(jobs: dict[str, Any]) -> None:
    """The last step runs the deployed state machine once with the deployed engine; its failure is the job's, so the
    Discord notice says failed (a model-access problem shows on the first deploy, not on the first user)."""
    deploy = jobs["deploy"]
    smoke = deploy["steps"][-1]

    assert smoke["name"] == "Smoke execution"
    assert smoke["run"] == 'scripts/smoke.sh "$DEPLOY_ENV" --timeout 600'
    assert smoke["env"] == {"DEPLOY_PYTHON": "python"}
    assert "continue-on-error" not in smoke and "if" not in smoke
    assert [step.get("name") for step in deploy["steps"]][-2:] == ["Deploy", "Smoke execution"]


def test_sam_cli_version_of_the_deploy_is_one_the_project_accepts(jobs: dict[str, Any]) -> None:
    (setup_sam,) = [
        step
        for step in jobs["deploy"]["steps"]
        if step.get("uses", "").startswith("aws-actions/setup") and "sam" in step["uses"]
    ]
    with (REPO / "pyproject.toml").open("rb") as handle:
        dev = tomllib.load(handle)["project"]["optional-dependencies"]["dev"]
    (sam_requirement,) = [req for req in dev if req.startswith("aws-sam-cli")]

    assert setup_sam["with"]["use-installer"] is True
    assert setup_sam["with"]["version"] in SpecifierSet(sam_requirement.removeprefix("aws-sam-cli"))


# --- AWS access: OIDC only, one environment per deploy ------------------------------------------------------------


def test_aws_access_is_the_environments_oidc_role_in_the_stacks_region(
    jobs: dict[str, Any], samconfig: dict[str, Any]
) -> None:
    (credentials,) = [
        step
        for step in jobs["deploy"]["steps"]
        if step.get("uses", "").startswith("aws-actions/configure-aws-credentials@")
    ]

    assert credentials["with"]["role-to-assume"] == "${{ vars.AWS_DEPLOY_ROLE_ARN }}"
    assert not {"aws-access-key-id", "aws-secret-access-key", "aws-session-token"} & set(credentials["with"])
    assert {samconfig[env]["global"]["parameters"]["region"] for env in ("dev", "prod")} == {
        credentials["with"]["aws-region"]
    }
    assert "secrets.AWS" not in DEPLOY.read_text("utf-8")


def test_missing_environment_variables_stop_the_deploy_with_a_message(jobs: dict[str, Any], tmp_path: Path) -> None:
    step = jobs["deploy"]["steps"][0]
    env = {"PATH": os.environ["PATH"], "DEPLOY_ENV": "prod", "ROLE_ARN": "arn:aws:iam::1:role/r", "BUCKET": ""}

    result = subprocess.run(
        ["bash", "-e", "-c", step["run"]], env=env, capture_output=True, text=True, timeout=30, check=False
    )
    ok = subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        env={**env, "BUCKET": "b"},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert step["env"] == {"ROLE_ARN": "${{ vars.AWS_DEPLOY_ROLE_ARN }}", "BUCKET": "${{ vars.AWS_ARTIFACTS_BUCKET }}"}
    assert result.returncode == 1
    assert "set AWS_DEPLOY_ROLE_ARN and AWS_ARTIFACTS_BUCKET on the GitHub environment prod" in result.stdout
    assert ok.returncode == 0


def test_token_permissions_are_empty_by_default_and_id_token_only_for_the_deploy(
    workflow: dict[str, Any], jobs: dict[str, Any]
) -> None:
    assert workflow["permissions"] == {}
    assert jobs["deploy"]["permissions"] == {"contents": "read", "id-token": "write"}
    assert jobs["test"]["permissions"] == {"contents": "read"}
    assert jobs["notify"]["permissions"] == {"contents": "read"}
    assert jobs["deploy-api"]["permissions"] == {"contents": "read", "id-token": "write"}
    assert jobs["confirm"]["permissions"] == {"contents": "read"}, "reads the history to compare the push"


def test_one_deploy_per_environment_at_a_time_never_cancelled(workflow: dict[str, Any], jobs: dict[str, Any]) -> None:
    deploy = jobs["deploy"]

    assert deploy["environment"] == {"name": ENVIRONMENT}
    assert deploy["concurrency"] == {"group": f"deploy-{ENVIRONMENT}", "cancel-in-progress": False}
    assert jobs["deploy-api"]["concurrency"] == {"group": f"deploy-api-{ENVIRONMENT}", "cancel-in-progress": False}
    # no workflow-level group: a waiting run that a newer one replaced would lose its changes from the next diff
    assert "concurrency" not in workflow


@pytest.mark.parametrize(
    ("template", "role", "job"),
    [
        ("github-deploy-role.yaml", "DeployRole", "deploy"),
        ("github-deploy-api-role.yaml", "ApiDeployRole", "deploy-api"),
    ],
)
def test_each_role_trusts_only_this_workflow_file_on_its_branch_in_its_environment(
    jobs: dict[str, Any], template: str, role: str, job: str
) -> None:
    """The OIDC subject is customised (repo, context, job_workflow_ref): the role trusts deploy.yml run from
    DeployBranch (main) in the GitHub environment, so no other branch and no other workflow file naming the
    environment can assume it, dev as much as prod."""
    bootstrap = load_cfn_yaml(REPO / "pipeline" / template)
    (statement,) = bootstrap["Resources"][role]["Properties"]["AssumeRolePolicyDocument"]["Statement"]

    assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert statement["Condition"] == {
        "StringEquals": {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": {
                "Fn::Sub": "repo:${GitHubOwner}/${GitHubRepository}:environment:${Environment}:job_workflow_ref:"
                "${GitHubOwner}/${GitHubRepository}/.github/workflows/deploy.yml@refs/heads/${DeployBranch}"
            },
        }
    }
    assert bootstrap["Parameters"]["DeployBranch"]["Default"] == "main"
    assert triggers_of(load(DEPLOY))["push"]["branches"] == ["main"]
    assert jobs[job]["environment"] == {"name": ENVIRONMENT}
    assert "StringLike" not in statement["Condition"], "no wildcard subject"


# --- the notice ----------------------------------------------------------------------------------------------------


def test_the_notice_follows_every_confirmed_run_and_gets_everything_through_env(jobs: dict[str, Any]) -> None:
    notify = jobs["notify"]
    step = step_named(notify, "Post the notice")

    assert notify["if"] == (
        "always() && needs.confirm.result == 'success' && "
        "(needs.confirm.outputs.deploy == 'true' || needs.test.result != 'success')"
    )
    assert step["env"]["API_STACK_OUTPUTS"] == "${{ needs.deploy-api.outputs.stack-outputs }}"
    assert step["run"] == "python3 scripts/discord_notice.py"
    assert step["env"]["DISCORD_WEBHOOK_URL"] == "${{ secrets.DISCORD_WEBHOOK_URL }}"
    assert step["env"]["DEPLOY_ENVIRONMENT"] == ENVIRONMENT
    assert step["env"]["STACK_OUTPUTS"] == "${{ needs.deploy.outputs.stack-outputs }}"
    assert jobs["deploy"]["outputs"] == {"stack-outputs": "${{ steps.deploy.outputs.stack-outputs }}"}
    assert "continue-on-error" not in step, "the script itself never fails"


# --- every workflow -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version_noted(path: Path) -> None:
    uses_lines = [line.strip() for line in path.read_text("utf-8").splitlines() if re.match(r"\s*(- )?uses:", line)]
    references = [re.sub(r"^(- )?uses:\s*", "", line) for line in uses_lines]
    remote = [ref for ref in references if not ref.startswith(("$/", "./"))]

    assert remote, "no action used: the checks below would pass vacuously"
    assert [ref for ref in remote if not PINNED.match(ref.split(" #")[0].strip())] == []
    assert [ref for ref in remote if not re.search(r" # v\d+(\.\d+)*$", ref)] == []


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_checkout_leaves_no_token_behind(path: Path) -> None:
    checkouts = [
        step
        for job in load(path)["jobs"].values()
        for step in job.get("steps", [])
        if step.get("uses", "").startswith("actions/checkout@")
    ]

    assert checkouts
    assert [step.get("with", {}).get("persist-credentials") for step in checkouts] == [False] * len(checkouts)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_no_github_expression_is_pasted_into_a_script(path: Path) -> None:
    runs = [step["run"] for job in load(path)["jobs"].values() for step in job.get("steps", []) if "run" in step]

    assert runs
    assert [run for run in runs if "${{" in run] == [], "pass values through env: instead (template injection)"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_job_that_runs_steps_has_a_timeout(path: Path) -> None:
    jobs = load(path)["jobs"]

    # at most an hour, the deploy 90 minutes (two bounded waits for operations in progress, sam deploy, the smoke run)
    limit = {"deploy": 90}
    assert [
        name
        for name, job in jobs.items()
        if "steps" in job and not 0 < job.get("timeout-minutes", 0) <= limit.get(name, 60)
    ] == []


def test_the_deploy_step_hands_the_stack_outputs_to_the_notice_as_one_json_line(
    jobs: dict[str, Any], tmp_path: Path
) -> None:
    """The step's own script, with a stand-in scripts/deploy.sh that records its arguments and writes outputs."""
    (tmp_path / "scripts").mkdir()
    fake = tmp_path / "scripts/deploy.sh"
    fake.write_text(
        '#!/usr/bin/env bash\nprintf "%s\\n" "$@" > args.txt\n'
        "while [[ $# -gt 0 ]]; do [[ $1 == --outputs-file ]] && out=$2; shift; done\n"
        'printf \'{\\n  "StateMachineArn": "arn:aws:states:us-east-1:1:stateMachine:dev-ai-chef"\\n}\\n\''
        ' > "$out"\n',
        "utf-8",
    )
    fake.chmod(0o755)
    github_output = tmp_path / "github_output"
    env = {
        "PATH": os.environ["PATH"],
        "DEPLOY_ENV": "dev",
        "BUCKET": "artifacts-1",
        "RUNNER_TEMP": str(tmp_path),
        "GITHUB_OUTPUT": str(github_output),
    }

    result = run_step(step_named(jobs["deploy"], "Deploy")["run"], tmp_path, env)

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "args.txt").read_text("utf-8").split() == [
        "dev",
        "--s3-bucket",
        "artifacts-1",
        "--outputs-file",
        str(tmp_path / "stack-outputs.json"),
        "--wait-timeout",
        "1200",
        "--import-kept-tables",
    ]
    assert github_output.read_text("utf-8") == (
        'stack-outputs={"StateMachineArn":"arn:aws:states:us-east-1:1:stateMachine:dev-ai-chef"}\n'
    )
