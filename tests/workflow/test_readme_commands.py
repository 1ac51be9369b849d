"""The README's `aichef` commands run as written on this checkout, and its contract example is a real run's output."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text("utf-8")
AICHEF = ".venv/bin/aichef"
NOT_OFFLINE = ("--engine bedrock", "prices load", " serve")
"""Bedrock and `prices load` need AWS; `serve` runs until stopped (tests/api/test_api_serve.py runs it)."""


def readme_commands() -> list[str]:
    """Every `.venv/bin/aichef ...` line of the README's bash blocks, continuation lines joined, comments dropped."""
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", README, flags=re.DOTALL):
        for command in block.replace("\\\n", " ").splitlines():
            words = shlex.split(command, comments=True)
            if words and AICHEF in words:
                commands.append(shlex.join(words))
    return commands


OFFLINE = [command for command in readme_commands() if not any(part in command for part in NOT_OFFLINE)]


def test_the_readme_names_the_offline_commands_this_test_runs() -> None:
    assert len(OFFLINE) == 10, OFFLINE
    assert all(command.startswith(AICHEF) for command in OFFLINE)  # no environment prefix: these run as written


@pytest.mark.slow
@pytest.mark.parametrize("command", OFFLINE)
def test_a_readme_command_runs_as_written(command: str) -> None:
    env = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
    completed = subprocess.run(
        shlex.split(command), cwd=ROOT, capture_output=True, text=True, timeout=300, env=env, check=False
    )

    faults = "--inject-faults" in command  # injected faults may fail requests: exit 1, never a usage error
    assert completed.returncode in ((0, 1) if faults else (0,)), completed.stderr
    assert completed.stdout.strip(), completed.stderr
    assert "Traceback" not in completed.stdout + completed.stderr
    if "--json" in command and " cost" not in command:
        assert all(json.loads(line)["status"] for line in completed.stdout.splitlines())


def _matches(shown: Any, real: Any, where: str) -> None:
    """`shown` (from the README) against `real`: "…" stands for any value, or as a list's last item for the rest."""
    if shown == "…":
        return
    if isinstance(shown, dict):
        assert isinstance(real, dict), where
        assert set(shown) == set(real), f"{where}: {sorted(set(shown) ^ set(real))}"
        for key, value in shown.items():
            _matches(value, real[key], f"{where}.{key}")
    elif isinstance(shown, list) and shown and shown[-1] == "…":
        assert len(real) >= len(shown) - 1, where
        for index, value in enumerate(shown[:-1]):
            _matches(value, real[index], f"{where}[{index}]")
    else:
        assert shown == real, where


def test_the_contract_example_is_a_real_event_and_its_real_output() -> None:
    section = README[README.index("## The contract") :]
    example_input, example_output = re.findall(r"```json\n(.*?)```", section, flags=re.DOTALL)[:2]
    assert json.loads(example_input) == json.loads((ROOT / "events/workflow-request.json").read_text("utf-8"))

    completed = subprocess.run(
        [str(Path(sys.executable).parent / "aichef"), "run", "--input", "events/workflow-request.json", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    _matches(json.loads(example_output), json.loads(completed.stdout)["output"], "output")


def test_the_sample_price_file_the_readme_loads_is_a_valid_price_list() -> None:
    from aichef.pricing import read_price_csv

    rows = read_price_csv((ROOT / "events/prices-sample.csv").read_text("utf-8"))

    assert [(row.name, row.unit, str(row.price_krw), str(row.price_usd)) for row in rows] == [
        ("kimchi", "kg", "9500", "10.50"),
        ("egg", "ea", "330", "0.38"),
        ("green onion", "kg", "3800", "5.50"),
        ("tofu", "ea", "1900", "2.40"),
    ]
