"""The commands of the README and of every docs/ page run as written on this checkout: each offline one is run (and
the output shown under it is checked against the real run's), every other one is named here with why it is not;
the contract's example is a real run's output."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["README.md", *sorted(str(path.relative_to(ROOT)) for path in (ROOT / "docs").glob("*.md"))]
AICHEF = ".venv/bin/aichef"
NOT_RUN = {
    "--engine bedrock": "calls Amazon Bedrock (tests/workflow/test_bedrock_engine.py runs it on a scripted endpoint)",
    "prices load": "writes a DynamoDB table in AWS (tests/workflow/test_cli.py loads one in moto)",
    f"{AICHEF} serve": "serves until stopped (tests/api/test_api_serve.py runs it)",
    f"{AICHEF} record": "rewrites the committed recordings (tests/unit/test_bedrock_replay.py runs it into a folder)",
    "make test": "the suite itself",
    "make lint": "make test runs it first",
    "make scan": "tests/infra/test_scans.py, part of make test",
    "make mutate": "an hour or more; not part of make test",
    "make bench": "minutes of measuring; not part of make test",
    "make sam-local": "needs a container engine; .ci/run runs it after make test",
    ".venv/bin/python -m pytest": "part of the suite this test belongs to",
    "curl ": "needs aichef serve or a deployed API",
    "aws ": "needs AWS",
    "sam ": "builds or deploys (tests/infra/test_sam_cli.py builds and validates)",
    "scripts/deploy.sh": "deploys (tests/infra/test_deploy_script.py runs it against moto and a fake sam)",
    "scripts/smoke.sh": "needs a deployed stack (tests/infra/test_smoke_execution.py runs it against moto)",
    "source .venv/bin/activate": "changes the shell, runs nothing",
    "gh api": "changes a GitHub repository's settings",
    "cd api &&": "builds the API stack for a deploy",
    "ARN=": "needs AWS",
    "MODEL=": "part of the one-time model set-up in AWS",
    "TOKEN=": "part of the one-time model set-up in AWS",
}
"""What a command contains -> why it is not run here."""


def _blocks(text: str) -> list[tuple[str, str, int]]:
    """(language, body, end offset) of every fenced block."""
    return [(m[1], m[2], m.end()) for m in re.finditer(r"^```(\w*)\n(.*?)^```\n", text, flags=re.DOTALL | re.M)]


def _commands_of(body: str) -> list[str]:
    """A bash block's commands: continuation lines joined, comments dropped, words as the shell splits them."""
    commands = []
    for line in body.replace("\\\n", " ").splitlines():
        words = shlex.split(line, comments=True)
        if words:
            commands.append(shlex.join(words))
    return commands


@cache
def page_commands() -> dict[str, list[str]]:
    """Every command of each page, in order: the lines of its bash blocks and `.venv/bin/aichef ...` code spans."""
    found = {}
    for page in PAGES:
        text = (ROOT / page).read_text("utf-8")
        commands = [
            command for language, body, _ in _blocks(text) if language == "bash" for command in _commands_of(body)
        ]
        prose = re.sub(r"^```.*?^```\n", "", text, flags=re.DOTALL | re.M)
        commands += [shlex.join(shlex.split(span)) for span in re.findall(rf"`({re.escape(AICHEF)} [^`]+)`", prose)]
        found[page] = commands
    return found


@cache
def shown_output() -> dict[str, str]:
    """Command -> the output a page shows for it: a bash block of one command followed by a text block."""
    shown = {}
    for page in PAGES:
        text = (ROOT / page).read_text("utf-8")
        blocks = _blocks(text)
        for (language, body, end), (next_language, next_body, _) in zip(blocks, blocks[1:], strict=False):
            commands = _commands_of(body)
            following = text[end:].lstrip("\n")
            if (
                language == "bash"
                and next_language == "text"
                and len(commands) == 1
                and following.startswith("```text")
            ):
                shown[commands[0]] = next_body
    return shown


def why_not_run(command: str) -> str | None:
    return next((reason for part, reason in NOT_RUN.items() if part in command), None)


def runnable() -> list[str]:
    """The offline commands, each once: `.venv/bin/aichef ...` and the quick make targets, as written."""
    every = [command for commands in page_commands().values() for command in commands]
    return list(dict.fromkeys(command for command in every if why_not_run(command) is None))


def test_every_command_of_the_docs_is_run_here_or_says_why_not() -> None:
    quick = ("make demo", "make help")
    unknown = [command for command in runnable() if not command.startswith(AICHEF) and command not in quick]

    assert unknown == [], "run these here, or name them in NOT_RUN with the reason"
    assert all(command.startswith(AICHEF) or command in quick for command in runnable())


def test_the_pages_hold_the_commands_this_test_runs() -> None:
    counts = {
        page: sum(why_not_run(command) is None for command in commands)
        for page, commands in page_commands().items()
        if commands
    }

    assert counts == {
        "README.md": 6,
        "docs/bedrock.md": 0,
        "docs/contract.md": 1,
        "docs/deploying.md": 0,
        "docs/http-api.md": 0,
        "docs/performance.md": 3,
        "docs/pipeline.md": 0,
        "docs/runner.md": 12,
        "docs/sam-local.md": 0,
        "docs/stack.md": 0,
        "docs/testing.md": 0,
        "docs/workflow.md": 1,
    }
    assert set(shown_output()) == {
        f"{AICHEF} run --ingredients '돼지고기 400g, 김치 반 포기, 두부 1모, 양파, 대파' --servings 3",
        f"{AICHEF} run --ingredients 'chiken thighs 500g, 2 onions, garlick, rice, blorptangle' --currency USD",
        f"{AICHEF} parse '2 large cloves garlic, minced' '다진파 1큰술' garlick 'salt and pepper' blorptangle",
        f"{AICHEF} parse --json '1/2 teaspoon salt, plus more to taste'",
    }


def _line_pattern(shown: str) -> re.Pattern[str]:
    """A shown line as a pattern: "…" stands for anything (a request id, a time, the rest of a long step)."""
    return re.compile(".*".join(re.escape(part) for part in shown.split("…")))


def assert_shown_in(shown: str, real: str) -> None:
    """Each shown line (but a bare "…", which marks lines left out) matches a real line, in the real order."""
    lines = [line.rstrip() for line in real.splitlines()]
    position = 0
    for wanted in (line.rstrip() for line in shown.splitlines()):
        if wanted.strip() in ("", "…"):
            continue
        pattern = _line_pattern(wanted)
        position = next((i + 1 for i in range(position, len(lines)) if pattern.fullmatch(lines[i])), -1)
        assert position > 0, f"not in the real output (after the lines before it): {wanted!r}\n{real}"


@pytest.mark.slow
@pytest.mark.parametrize("command", runnable())
def test_a_docs_command_runs_as_written_and_prints_what_the_docs_show(command: str) -> None:
    env = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
    completed = subprocess.run(
        shlex.split(command), cwd=ROOT, capture_output=True, text=True, timeout=300, env=env, check=False
    )

    faults = "--inject-faults" in command  # injected faults may fail requests: exit 1, never a usage error
    assert completed.returncode in ((0, 1) if faults else (0,)), completed.stderr
    assert completed.stdout.strip(), completed.stderr
    assert "Traceback" not in completed.stdout + completed.stderr
    if "--json" in command and command.startswith(f"{AICHEF} run"):
        assert all(json.loads(line)["status"] for line in completed.stdout.splitlines())
    if command in shown_output():
        assert_shown_in(shown_output()[command], completed.stdout)


def test_shown_output_is_matched_line_by_line_in_order() -> None:
    real = "━━ 김치찌개 (korean) ━━  request local-0001-ce039929\n재료\n  김치      450g\n합계  ₩16,407\n"

    assert_shown_in("━━ 김치찌개 (korean) ━━  request …\n…\n  김치      450g\n", real)
    with pytest.raises(AssertionError, match="not in the real output"):
        assert_shown_in("  김치      450g\n재료\n", real)  # out of order
    with pytest.raises(AssertionError, match="not in the real output"):
        assert_shown_in("  김치      451g\n", real)


def _matches(shown: Any, real: Any, where: str) -> None:
    """`shown` (from the docs) against `real`: "…" stands for any value, or as a list's last item for the rest."""
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
    contract = (ROOT / "docs" / "contract.md").read_text("utf-8")
    example_input, example_output = [body for language, body, _ in _blocks(contract) if language == "json"][:2]
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


def test_the_sample_price_file_the_docs_load_is_a_valid_price_list() -> None:
    from aichef.pricing import read_price_csv

    rows = read_price_csv((ROOT / "events/prices-sample.csv").read_text("utf-8"))

    assert [(row.name, row.unit, str(row.price_krw), str(row.price_usd)) for row in rows] == [
        ("kimchi", "kg", "9500", "10.50"),
        ("egg", "ea", "330", "0.38"),
        ("green onion", "kg", "3800", "5.50"),
        ("tofu", "ea", "1900", "2.40"),
    ]


def test_every_make_target_is_in_the_docs() -> None:
    """`make help` and the docs agree: each target a person runs is shown somewhere as `make <target>`."""
    phony = re.findall(r"^\.PHONY:(.*)$", (ROOT / "Makefile").read_text("utf-8"), re.M)[0].split()
    text = "\n".join((ROOT / page).read_text("utf-8") for page in PAGES)

    assert [target for target in phony if not re.search(rf"\bmake {re.escape(target)}\b", text)] == []
