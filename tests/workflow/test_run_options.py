"""`aichef run` options of the fault and load runs: --inject-faults / --seed, --concurrency, --time-scale."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aichef_local.cli import main
from aichef_local.inprocess_lambda import FaultSpecError, parse_fault_spec

ROOT = Path(__file__).resolve().parents[2]
AICHEF = Path(sys.executable).parent / "aichef"


def test_a_fault_spec_names_functions_and_probabilities():
    assert parse_fault_spec("recipe=0.3, price=1,combine=0") == {"recipe": 0.3, "price": 1.0, "combine": 0.0}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("recipe=1.5", "recipe=1.5: P must be between 0 and 1"),
        ("price=-0.1", "price=-0.1: P must be between 0 and 1"),
        ("recipe=nan", "recipe=nan: P must be between 0 and 1"),
        ("recipe=abc", "recipe=abc: P must be a number between 0 and 1"),
        ("soup=0.1", "'soup' is not a function (choose from recipe, price, combine)"),
        ("recipe", "'recipe': expected NAME=P, e.g. recipe=0.3"),
        ("", "'': expected NAME=P, e.g. recipe=0.3"),
        ("recipe=0.3,,price=0.1", "'': expected NAME=P, e.g. recipe=0.3"),
        ("recipe=0.3,recipe=0.4", "'recipe' is given twice"),
    ],
)
def test_a_bad_fault_spec_is_a_usage_error_naming_the_problem(capsys, spec, message):
    with pytest.raises(FaultSpecError):
        parse_fault_spec(spec)

    code = main(
        [
            "run",
            "--input",
            str(ROOT / "events" / "workflow-request.json"),
            "--template",
            str(ROOT / "template.yaml"),
            "--inject-faults",
            spec,
        ]
    )

    err = capsys.readouterr().err
    assert code == 2
    assert err == f"aichef: --inject-faults: {message}\n"


def test_a_permanent_price_outage_from_the_command_line(tmp_path):
    requests = tmp_path / "requests.jsonl"
    requests.write_text('{"ingredients": ["eggs", "kimchi"]}\n{"ingredients": ["tofu"], "diet": ["vegan"]}\n')

    completed = subprocess.run(
        [
            str(AICHEF),
            "run",
            "--input",
            str(requests),
            "--json",
            "--inject-faults",
            "price=1",
            "--seed",
            "3",
            "--time-scale",
            "0",
            "--logs",
            str(tmp_path / "run.log"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )

    assert completed.returncode == 1
    results = [json.loads(line) for line in completed.stdout.splitlines()]
    assert [(r["status"], r["error"]) for r in results] == [("FAILED", "PricingFailed")] * 2
    assert all(r["record"]["status"] == "FAILED" and r["record"]["error"] == "PricingFailed" for r in results)
    # the summary is the last line; a loaded machine may print a progress line (every 5 s off a terminal) before it
    summary = completed.stderr.splitlines()[-1]
    assert summary.startswith("aichef: 2 requests: 0 succeeded, 2 failed, 0 without a matching record; ")
    assert summary.endswith("executions/s")


def test_concurrency_runs_at_most_n_executions_at_a_time_and_reaches_n(workflow, korean_request):
    requests = [korean_request] * 8

    results = workflow.run(requests, concurrency=3)

    names = {result.request_id for result in results}
    executions = [
        e
        for e in workflow.sfn.list_executions(stateMachineArn=workflow.state_machine_arn, maxResults=1000)["executions"]
        if e["name"] in names
    ]
    assert len(executions) == 8
    moments = sorted(
        [(e["startDate"], 1) for e in executions] + [(e["stopDate"], -1) for e in executions],
        key=lambda moment: (moment[0], moment[1]),
    )
    running, peak = 0, 0
    for _, change in moments:
        running += change
        peak = max(peak, running)
    assert peak == 3


def test_the_time_scale_multiplies_the_interpreters_retry_waits(monkeypatch):
    from moto.stepfunctions.parser.asl.component.common.retry import retrier_decl

    from aichef_local.moto_patches import scaled_retry_waits

    slept: list[float] = []
    original = retrier_decl.time
    with scaled_retry_waits(0.25):
        monkeypatch.setattr(time, "sleep", slept.append)
        retrier_decl.time.sleep(4.0)
        monkeypatch.undo()
    assert slept == [1.0]
    assert retrier_decl.time is original


def test_the_time_scale_never_edits_the_definition(workflow):
    deployed = workflow.sfn.describe_state_machine(stateMachineArn=workflow.state_machine_arn)["definition"]

    assert deployed == workflow.stack.state_machine.definition()
    assert workflow.time_scale == 0.0


def test_a_history_moto_cannot_serialise_costs_the_timeline_not_the_result(workflow, monkeypatch):
    """Seen once in a 96-request burst: moto's history of an execution whose Parallel branch was stopped while
    scheduling its task fails to serialise (TypeError); the run must still report the outcome and the record."""

    def broken_history(request_id):
        raise TypeError("int() argument must be a string, a bytes-like object or a real number, not 'dict'")

    monkeypatch.setattr(workflow, "history", broken_history)

    (result,) = workflow.run([{"ingredients": ["eggs"], "servings": 0}])

    assert (result.status, result.error) == ("FAILED", "InvalidRequest")
    assert result.record["status"] == "FAILED" and result.record["cause"] == result.cause
    assert (result.states, result.transitions) == ([], 0)


def test_every_contract_model_is_built_at_import():
    """pydantic's deferred build is not thread-safe: a concurrent first use in the local runner validated with the
    base class's validator (3 PricingFailed of 500 at --concurrency 16). Deferring saved no measurable cold start.
    The price and output models (`aichef.price_contracts`) are built when their module is imported, under the
    import lock, the first time `aichef.contracts` hands one out."""
    script = (
        "import json\n"
        "from pydantic import BaseModel\n"
        "from aichef import contracts, price_contracts\n"
        "models = [v for module in (contracts, price_contracts) for v in vars(module).values()"
        " if isinstance(v, type) and issubclass(v, BaseModel) and v.__module__ == module.__name__]\n"
        "print(json.dumps([len(models), sorted(m.__name__ for m in models if not m.__pydantic_complete__)]))\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)

    count, deferred = json.loads(completed.stdout)
    assert count == 17
    assert deferred == []
