"""The `aichef` command as a user runs it: exit codes, JSON output, the readable view, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from aichef.contracts import Recipe, WorkflowOutput
from aichef_local.cli import main

ROOT = Path(__file__).resolve().parents[2]
AICHEF = Path(sys.executable).parent / "aichef"


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(AICHEF), *args], cwd=cwd, capture_output=True, text=True, timeout=180)


def test_run_prints_the_recipe_the_price_table_and_the_timeline(tmp_path):
    completed = run_cli("run", "--input", "events/workflow-request.json", "--logs", str(tmp_path / "run.log"))

    assert completed.returncode == 0, completed.stderr
    out = completed.stdout
    assert "돼지고기 김치볶음밥 (한식)" in out
    for heading in ("재료", "만드는 법", "가격 (KRW)", "합계", "1인분 (2인분 중)", "Timeline"):
        assert heading in out
    for state in ("RecipeGeneration", "GenerateRecipe", "GetPricing", "CombineResults", "SaveRecipe"):
        assert f"  {state} " in out
    assert "record: SUCCEEDED" in out
    assert completed.stderr == ""
    log_lines = (tmp_path / "run.log").read_text().splitlines()
    assert any(json.loads(line).get("service") == "ai-chef-recipe" for line in log_lines if line.startswith("{"))


def test_cuisines_lists_the_catalogs_cuisines_with_their_recipe_counts(capsys):
    from aichef.recipes import bundled_catalog

    assert main(["cuisines"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert main(["cuisines", "--json"]) == 0
    counts = json.loads(capsys.readouterr().out)

    assert counts == bundled_catalog().cuisines
    # a recipe counts in its own cuisine and in each of its also_cuisines
    assert sum(counts.values()) == sum(len(recipe.cuisines) for recipe in bundled_catalog().recipes) == 885
    assert len(lines) == len(counts)
    assert lines[list(counts).index("korean")].split() == ["korean", str(counts["korean"]), "recipes"]


def test_run_json_lines_in_input_order_with_exit_1_when_any_failed(tmp_path):
    requests = tmp_path / "requests.jsonl"
    requests.write_text(
        '{"ingredients": ["eggs", "kimchi"], "cuisine": "korean"}\n\n{"ingredients": ["eggs"], "servings": 0}\n'
    )

    completed = run_cli(
        "run", "--input", str(requests), "--json", "--concurrency", "2", "--logs", str(tmp_path / "run.log")
    )

    assert completed.returncode == 1
    first, second = (json.loads(line) for line in completed.stdout.splitlines())
    assert first["status"] == "SUCCEEDED"
    WorkflowOutput.model_validate(first["output"])
    assert first["record"]["status"] == "SUCCEEDED"
    assert first["transitions"] == len(first["states"])
    assert all(set(state) == {"name", "duration_ms", "attempts"} for state in first["states"])
    assert second["status"] == "FAILED"
    assert second["error"] == "InvalidRequest"
    assert second["cause"].startswith("servings:")
    assert second["record"]["status"] == "FAILED"
    assert "output" not in second


def test_run_builds_a_request_from_flags(capsys, tmp_path):
    # moto's state is one per process: a prefix keeps this run's tables apart from the session's deployment
    code = main(
        [
            "run",
            "--parameter",
            "NamePrefix=dev-",
            "--ingredients",
            "tofu, vegan kimchi, 2 cups rice",
            "--servings",
            "3",
            "--diet",
            "vegan",
            "--currency",
            "USD",
            "--json",
            "--logs",
            str(tmp_path / "log"),
        ]
    )

    assert code == 0
    (line,) = capsys.readouterr().out.splitlines()
    output = json.loads(line)["output"]
    assert output["recipe"]["servings"] == 3
    assert "vegan" in output["recipe"]["diet"]
    assert output["pricing"]["currency"] == "USD"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--input", "missing.json"], "missing.json: No such file"),
        (["run"], "give --input FILE or --ingredients"),
        (["run", "--ingredients", "eggs", "--parameter", "Bogus=1"], "no parameter 'Bogus'"),
        (["run", "--ingredients", "eggs", "--template", "nope.yaml"], "nope.yaml: no such template"),
        (["invoke", "NoSuchFunction", "--event", "events/recipe.json"], "no function 'NoSuchFunction'"),
        (["invoke", "recipe", "--event", "missing.json"], "missing.json: No such file"),
    ],
)
def test_usage_errors_exit_2_with_one_line_and_no_traceback(capsys, monkeypatch, args, message):
    monkeypatch.chdir(ROOT)

    code = main(args)

    captured = capsys.readouterr()
    assert code == 2
    assert message in captured.err
    assert "Traceback" not in captured.err + captured.out


def test_a_line_that_is_not_json_is_a_usage_error(capsys, tmp_path):
    requests = tmp_path / "bad.jsonl"
    requests.write_text('{"ingredients": ["eggs"]}\n{"ingredients": [\n')

    code = main(["run", "--input", str(requests), "--template", str(ROOT / "template.yaml")])

    assert code == 2
    assert "bad.jsonl:2:18: not JSON (Expecting value)" in capsys.readouterr().err


def test_argparse_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "--concurrency", "0"])
    assert exit_info.value.code == 2


def test_invoke_runs_one_handler_like_sam_local_invoke():
    completed = run_cli("invoke", "RecipeFunction", "-e", "events/recipe.json", "-n", "events/env-offline.json")

    assert completed.returncode == 0, completed.stderr
    recipe = Recipe.model_validate(json.loads(completed.stdout))
    assert recipe.engine == "catalog" and recipe.cuisine == "korean" and recipe.servings == 2


def test_invoke_reports_a_named_error_with_exit_1(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    event = tmp_path / "bad.json"
    event.write_text(json.dumps({"request_id": "x", "request": {"ingredients": ["eggs"], "servings": 0}}))

    code = main(["invoke", "combine", "--event", str(event)])

    body = json.loads(capsys.readouterr().out)
    assert code == 1
    assert body["errorType"] == "InvalidRequest"
    assert body["errorMessage"].startswith("servings:")
    assert "stackTrace" not in body


def test_prices_load_writes_every_row_of_the_bundled_list(capsys, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    prices = ROOT / "layer" / "aichef" / "data" / "prices.csv"
    rows = len(prices.read_text("utf-8").splitlines()) - 1
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName="cli-prices",
            KeySchema=[{"AttributeName": "name", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "name", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )

        code = main(["prices", "load", str(prices), "--table", "cli-prices", "--region", "us-east-1"])

        assert code == 0
        assert capsys.readouterr().out.strip() == f"loaded {rows} prices into cli-prices"
        assert client.scan(TableName="cli-prices", Select="COUNT")["Count"] == rows
        egg = client.get_item(TableName="cli-prices", Key={"name": {"S": "egg"}})["Item"]
        assert egg["name_ko"]["S"] == "달걀" and egg["unit"]["S"] == "ea"


def test_prices_load_rejects_a_bad_csv_naming_the_line(capsys, tmp_path):
    bad = tmp_path / "prices.csv"
    bad.write_text("name,name_ko,unit,price_krw,price_usd,source,as_of\negg,달걀,dozen,350,0.4,x,2026-11-01\n")

    code = main(["prices", "load", str(bad), "--table", "t", "--region", "us-east-1"])

    assert code == 2
    assert "line 2: unit must be kg, l or ea" in capsys.readouterr().err


def test_the_loaded_table_is_what_the_price_function_reads(workflow, korean_request):
    """Prices written with `aichef prices load` win over the bundled list (PRICE_SOURCES=dynamodb,catalog)."""
    from aichef.pricing import PriceRow
    from aichef_local.price_table import load_prices

    table = next(spec.name for spec in workflow.stack.tables.values() if spec.logical_id == "PricesTable")
    row = PriceRow.from_mapping(
        {
            "name": "kimchi",
            "name_ko": "김치",
            "unit": "kg",
            "price_krw": 99000,
            "price_usd": 70,
            "source": "test",
            "as_of": "2026-11-26",
        }
    )
    load_prices(workflow.client("dynamodb"), table, [row])
    try:
        (result,) = workflow.run([korean_request])
    finally:
        workflow.client("dynamodb").delete_item(TableName=table, Key={"name": {"S": "kimchi"}})

    kimchi = next(line for line in result.output["pricing"]["lines"] if line["name"] == "kimchi")
    assert kimchi["source"] == "dynamodb"
    assert kimchi["cost"] == round(kimchi["quantity"] / 1000 * 99000)
    others = [line["source"] for line in result.output["pricing"]["lines"] if line["name"] != "kimchi"]
    assert set(others) == {"catalog"}


def test_make_demo_target_runs_the_workflow_request():
    makefile = (ROOT / "Makefile").read_text()
    assert "aichef run --input events/workflow-request.json" in makefile
    assert os.access(ROOT / ".ci" / "run", os.X_OK)


def test_in_process_routing_survives_blocks_that_end_out_of_order(stack):
    """pytest ends fixtures of different scopes in any order; each block's handlers must stay reachable."""
    from moto import mock_aws
    from moto.awslambda.models import LambdaFunction

    from aichef_local.inprocess_lambda import InProcessLambdas
    from aichef_local.moto_patches import in_process_invocations as patch_moto

    original = LambdaFunction._invoke_lambda
    price = stack.function("price")
    with mock_aws():
        offline = {price.logical_id: {"PRICE_SOURCES": "catalog"}}
        first, second = InProcessLambdas([price], offline), InProcessLambdas([price], offline)
        outer, inner = patch_moto(first), patch_moto(second)
        outer.__enter__()
        inner.__enter__()
        outer.__exit__(None, None, None)  # the outer block ends first
        payload, errored, _ = LambdaFunction._invoke_lambda(
            type("F", (), {"function_name": price.name})(), json.dumps({"request": {"ingredients": ["egg"]}})
        )
        inner.__exit__(None, None, None)

    assert not errored, payload
    assert json.loads(payload)["currency"] == "KRW"
    assert (len(first.invocations), len(second.invocations)) == (0, 1)
    assert LambdaFunction._invoke_lambda is original


@pytest.mark.parametrize("lines", [1, 2])
def test_run_refuses_a_request_over_256_kib_before_any_execution_starts(tmp_path, capsys, monkeypatch, lines):
    """StartExecution refuses an input over 256 KiB; the local run says so as a usage error, naming file and limit."""
    from aichef_local import runner

    big = json.dumps({"ingredients": ["eggs"], "note": "x" * (256 * 1024)})
    path = tmp_path / "big.jsonl"
    path.write_text(big if lines == 1 else '{"ingredients": ["eggs"]}\n' + big + "\n")
    monkeypatch.setattr(runner.LocalWorkflow, "__enter__", lambda self: pytest.fail("an execution was started"))

    code = main(["run", "--input", str(path)])

    where = str(path) if lines == 1 else f"{path}:2"
    assert code == 2
    assert capsys.readouterr().err.strip() == (
        f"aichef: {where}: the request is {len(big)} bytes of JSON, over Step "
        "Functions' 256 KiB input limit (262144 bytes)"
    )


def test_run_accepts_a_request_of_exactly_256_kib(tmp_path):
    from aichef_local.cli import MAX_INPUT_BYTES, read_requests

    request = {"ingredients": ["eggs"], "note": ""}
    request["note"] = "x" * (MAX_INPUT_BYTES - len(json.dumps(request)))
    path = tmp_path / "edge.json"
    path.write_text(json.dumps(request))

    assert read_requests(type("Args", (), {"input": path})()) == [request]
