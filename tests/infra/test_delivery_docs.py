"""What the delivery needs from an operator is all in the pipeline's set-up (docs/pipeline.md), and what the build
writes is all removed by `make clean`."""

from __future__ import annotations

import re
import subprocess

from .support import REPO


def setup_section() -> str:
    text = (REPO / "docs" / "pipeline.md").read_text("utf-8")
    return text.split("\n## Set-up, once per AWS account and repository\n", 1)[1].split("\n## ", 1)[0]


def test_every_variable_and_secret_the_workflows_read_is_named_in_the_set_up() -> None:
    names = {
        name
        for path in (REPO / ".github/workflows").glob("*.y*ml")
        for name in re.findall(r"\$\{\{\s*(?:vars|secrets)\.(\w+)\s*\}\}", path.read_text("utf-8"))
    }
    setup = setup_section()

    assert {"AWS_DEPLOY_ROLE_ARN", "AWS_API_DEPLOY_ROLE_ARN", "AWS_ARTIFACTS_BUCKET", "DISCORD_WEBHOOK_URL"} <= names
    assert sorted(name for name in names if f"`{name}`" not in setup) == []
    assert "pipeline/github-deploy-api-role.yaml" in setup, "the API's deploy role is deployed in the set-up too"


def test_make_clean_removes_the_build_output_of_every_sam_project() -> None:
    """Each directory with a samconfig.toml is a SAM project whose `sam build` writes DIR/.aws-sam."""
    dry_run = subprocess.run(
        ["make", "-n", "clean"], cwd=REPO, capture_output=True, text=True, check=True, timeout=60
    ).stdout
    removed = {word.rstrip("/") for line in dry_run.splitlines() if line.startswith("rm -rf") for word in line.split()}
    projects = sorted(
        path.parent.relative_to(REPO) for path in REPO.glob("**/samconfig.toml") if ".venv" not in path.parts
    )

    assert [str(project) for project in projects] == [".", "api"]
    assert {str(project / ".aws-sam") for project in projects} <= removed
