"""AWS's own validator (amazon-states-language-service, the AWS Toolkit's ASL language service, which knows JSONata)
accepts the definition exactly as it is deployed: placeholders substituted. `make test` installs it with `npm ci`."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from aichef_local.stack import load_stack

from .support import REPO, TEMPLATE

VALIDATOR = REPO / "tests" / "infra" / "validate_asl.mjs"


def validate(definition: dict[str, Any], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    if not (REPO / "node_modules" / "amazon-states-language-service").is_dir() or shutil.which("node") is None:
        pytest.fail("amazon-states-language-service is not installed: run `npm ci` (make test does it)")
    path = tmp_path / "definition.asl.json"
    path.write_text(json.dumps(definition, indent=2), "utf-8")
    return subprocess.run(["node", str(VALIDATOR), str(path)], capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def substituted() -> dict[str, Any]:
    machine = load_stack(TEMPLATE).state_machine
    assert machine is not None
    return json.loads(machine.definition())


def test_the_substituted_definition_has_no_diagnostic(substituted: dict[str, Any], tmp_path: Path) -> None:
    assert "${" not in json.dumps(substituted)

    completed = validate(substituted, tmp_path)

    assert (completed.returncode, completed.stdout, completed.stderr) == (0, "", "")


def test_a_broken_copy_fails_with_each_diagnostic(substituted: dict[str, Any], tmp_path: Path) -> None:
    broken = json.loads(json.dumps(substituted))
    broken["States"]["CombineResults"]["Next"] = "NoSuchState"
    broken["States"]["SaveRecipe"]["TimeoutSeconds"] = "ten"

    completed = validate(broken, tmp_path)

    assert completed.returncode == 1
    messages = [line.split(": ", 2)[-1] for line in completed.stdout.splitlines()]
    assert sorted(messages) == sorted(
        [
            'The value of "Next" property must be the name of an existing state.',
            "Incorrect type. Expected one of integer, JSONata expression.",
            "The state cannot be reached. It must be referenced by at least one other state.",
        ]
    )
