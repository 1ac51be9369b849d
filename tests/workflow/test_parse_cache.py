"""The parsed definition kept on disk between runs (aichef_local.parse_cache): read back instead of parsing, the same
answers from it, and a parse whenever an entry cannot be used."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import moto
import pytest
from moto.stepfunctions.parser.asl.parse.asl_parser import AmazonStateLanguageParser

from aichef_local.moto_patches import parse_each_definition_once
from aichef_local.parse_cache import entry_path
from aichef_local.stack import load_stack

ROOT = Path(__file__).resolve().parents[2]
DEFINITION = load_stack(ROOT / "template.yaml").state_machine.definition()  # type: ignore[union-attr]
REQUEST = {"ingredients": ["kimchi", "2 cups rice", "eggs", "300g pork belly"], "servings": 2}


def _no_parser(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """moto's parser replaced by one that records the call and fails: a program must come from the disk."""
    calls: list[str] = []

    def refuse(definition: str) -> Any:
        calls.append(definition)
        raise AssertionError("parsed instead of read from the cache")

    monkeypatch.setattr(AmazonStateLanguageParser, "parse", staticmethod(refuse))
    return calls


def test_a_parsed_definition_is_read_back_by_the_next_process_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with parse_each_definition_once(tmp_path):
        program, tree = AmazonStateLanguageParser.parse(DEFINITION)
    assert tree is not None and entry_path(tmp_path, DEFINITION).is_file()

    _no_parser(monkeypatch)
    with parse_each_definition_once(tmp_path):  # a fresh in-memory cache, as in a new process
        stored, stored_tree = AmazonStateLanguageParser.parse(DEFINITION)

    assert type(stored) is type(program) and stored is not program and stored_tree is None
    assert [type(state).__name__ for state in stored.states.states.values()] == [
        type(state).__name__ for state in program.states.states.values()
    ]


def _run(folder: Path, parser_refuses: bool) -> dict[str, Any]:
    """One `aichef run --json` in `folder` (its .aichef/ there), in a process of its own; with `parser_refuses`,
    moto's parser exits the process if it is called."""
    refuse = (
        "from moto.stepfunctions.parser.asl.parse.asl_parser import AmazonStateLanguageParser as P\n"
        "P.parse = staticmethod(lambda definition: sys.exit('parsed instead of read from the cache'))\n"
    )
    script = (
        f"import sys\n{refuse if parser_refuses else ''}"
        f"sys.argv = ['aichef', 'run', '--template', {str(ROOT / 'template.yaml')!r}, "
        f"'--input', {str(ROOT / 'events' / 'workflow-request.json')!r}, '--json']\n"
        "from aichef_local.cli import entry\nentry()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=folder, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    line = done.stdout.splitlines()[0]
    return _without_what_varies(json.loads(line.replace(json.loads(line)["request_id"], "REQUEST_ID")))


VARIES = {"duration_ms", "recorded_at"}
"""What differs between two runs of one request, besides its id: timings and the record's clock time."""


def _without_what_varies(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_what_varies(inner) for key, inner in value.items() if key not in VARIES}
    if isinstance(value, list):
        return [_without_what_varies(inner) for inner in value]
    return value


def test_aichef_run_keeps_it_in_its_folder_and_the_next_run_answers_alike_from_it(tmp_path: Path) -> None:
    parsed = _run(tmp_path, parser_refuses=False)
    entries = list((tmp_path / ".aichef" / "parsed").iterdir())
    stored = _run(tmp_path, parser_refuses=True)

    assert [entry.name for entry in entries] == [entry_path(Path(), DEFINITION).name]
    assert (tmp_path / ".aichef" / "run.log").is_file()
    assert parsed["status"] == stored["status"] == "SUCCEEDED" and parsed["output"]["recipe"]
    assert stored["output"] == parsed["output"]
    # the states it went through (their attempts may differ when a loaded machine makes a task time out)
    assert _in_order(stored["states"]) == _in_order(parsed["states"])


BRANCH_STATES = frozenset({"GenerateRecipe", "GetPricing"})
"""The Parallel's two branches: they run side by side, so either may end first in the timeline."""


def _in_order(states: list[dict[str, Any]]) -> list[str]:
    """The states' names in timeline order, each run of the Parallel's branch states in name order."""
    names: list[str] = []
    branch: list[str] = []
    for name in [state["name"] for state in states] + [""]:
        if name in BRANCH_STATES:
            branch.append(name)
            continue
        names += sorted(branch)
        branch = []
        if name:
            names.append(name)
    return names


def test_an_unreadable_entry_is_parsed_again_and_replaced(tmp_path: Path) -> None:
    entry = entry_path(tmp_path, DEFINITION)
    entry.write_bytes(b"\x80\x05 torn")

    with parse_each_definition_once(tmp_path):
        program, tree = AmazonStateLanguageParser.parse(DEFINITION)

    assert tree is not None  # parsed, not read
    assert entry.stat().st_size > 1000 and sorted(path.name for path in tmp_path.iterdir()) == [entry.name]


def test_another_definition_or_another_moto_has_its_own_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    here = Path("cache")
    changed = DEFINITION.replace('"Comment"', '"Comment" ', 1)
    first = entry_path(here, DEFINITION)

    assert entry_path(here, DEFINITION) == first
    assert entry_path(here, changed) != first
    monkeypatch.setattr(moto, "__version__", "0.0.0")
    assert entry_path(here, DEFINITION) != first
