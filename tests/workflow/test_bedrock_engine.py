"""The Bedrock engine in the real workflow: the real boto3 client talks to a scripted Converse endpoint on localhost
(AWS_ENDPOINT_URL_BEDROCK_RUNTIME), everything else runs in moto. Model calls are counted at the endpoint."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aichef.bedrock import CLIENT_ATTEMPTS
from aichef.contracts import WorkflowOutput
from aichef_local.cli import main
from aichef_local.fake_bedrock import (
    ANSWER_TOKENS,
    PROMPT_TOKENS,
    FakeBedrock,
    error_body,
    serve,
    stopped,
    text_answer,
    tool_answer,
    two_tool_uses,
)
from aichef_local.inprocess_lambda import InProcessLambdas
from aichef_local.runner import LocalWorkflow
from aichef_local.stack import load_stack

ROOT = Path(__file__).resolve().parents[2]
AICHEF = Path(sys.executable).parent / "aichef"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RECIPE = json.loads((FIXTURES / "converse_recipe_kimchi_fried_rice.json").read_text("utf-8"))
MODEL = "global.anthropic.claude-haiku-4-5-20251001-v1:0"  # the template's default BedrockModelId
THROTTLED = error_body("ThrottlingException", "Too many requests, please wait before trying again.")


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeBedrock]:
    with serve(FakeBedrock()) as server:
        yield server


@pytest.fixture(scope="module")
def bedrock_env(fake: FakeBedrock) -> Iterator[None]:
    """What a developer sets to run against Bedrock: credentials, a Region, and here the endpoint override."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", fake.url)
        patch.setenv("AWS_ACCESS_KEY_ID", "AKIDLOCALDEVELOPER")
        patch.setenv("AWS_SECRET_ACCESS_KEY", "local-secret")
        patch.setenv("AWS_REGION", "us-west-2")
        patch.delenv("AWS_PROFILE", raising=False)
        yield


@pytest.fixture(scope="module")
def bedrock_workflow(bedrock_env: None) -> Iterator[LocalWorkflow]:
    """The dev- environment of the stack with the bedrock engine (its own names, so it can live beside the
    session's catalog deployment whichever is deployed first)."""
    with LocalWorkflow(
        load_stack(ROOT / "template.yaml", {"NamePrefix": "dev-"}), time_scale=0.0, engine="bedrock"
    ) as deployed:
        yield deployed


@pytest.fixture
def script(fake: FakeBedrock, bedrock_workflow: LocalWorkflow) -> Iterator[FakeBedrock]:
    """A fresh script and request log per test, and an empty recipe cache."""
    fake.script.clear()
    fake.requests.clear()
    fake.paths.clear()
    fake.default = None
    table = next(t.name for t in bedrock_workflow.stack.tables.values() if t.logical_id == "RecipeCacheTable")
    for item in bedrock_workflow.dynamodb.scan(TableName=table)["Items"]:
        bedrock_workflow.dynamodb.delete_item(TableName=table, Key={"cache_key": item["cache_key"]})
    yield fake


def korean(**changes: Any) -> dict[str, Any]:
    return {
        "ingredients": ["계란 4개", "300g pork belly", "kimchi", "2 cups rice", "대파"],
        "servings": 2,
        "cuisine": "korean",
        "max_minutes": 40,
        **changes,
    }


def invocations(workflow: LocalWorkflow, function_suffix: str, since: int) -> int:
    return sum(call.function.endswith(function_suffix) for call in workflow.lambdas.invocations[since:])


def test_a_bedrock_recipe_is_priced_and_stored(script: FakeBedrock, bedrock_workflow: LocalWorkflow) -> None:
    script.script.append(tool_answer(RECIPE))

    (result,) = bedrock_workflow.run([korean()])

    assert result.status == "SUCCEEDED", result.cause
    output = WorkflowOutput.model_validate(result.output)
    assert (output.recipe.engine, output.recipe.source_id) == ("bedrock", MODEL)
    assert output.recipe.title == "Kimchi Fried Rice with Pork Belly and Fried Eggs"
    assert output.pricing.total == sum(line.cost for line in output.pricing.lines)
    assert {line.name for line in output.pricing.lines} >= {"pork belly", "kimchi", "egg", "cooked rice"}
    assert result.record["status"] == "SUCCEEDED"
    assert script.calls == 1
    # the real client signed a Converse call for the profile, to the endpoint boto3 resolved from the environment
    assert script.paths == ["/model/global.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse"]
    assert script.requests[0]["toolConfig"]["toolChoice"] == {"tool": {"name": "record_recipe"}}
    assert script.requests[0]["toolConfig"]["tools"][0]["toolSpec"]["strict"] is True  # StrictToolUse's default


def test_strict_tool_use_follows_the_template_parameter_not_the_sdk(
    script: FakeBedrock, bedrock_workflow: LocalWorkflow
) -> None:
    """StrictToolUse=false sends the plain tool even though this botocore knows toolSpec.strict: the recipe
    handler, built from the template with that parameter, beside the module's stack (same tables)."""
    script.script.append(tool_answer(RECIPE))
    spec = load_stack(ROOT / "template.yaml", {"NamePrefix": "dev-", "StrictToolUse": "false"}).function("recipe")
    engine_env = bedrock_workflow.extra_env[spec.logical_id]
    handlers = InProcessLambdas([spec], {spec.logical_id: engine_env})

    payload, errored, _ = handlers.invoke(spec.name, {"request_id": "plain-1", "request": korean(), "step": "s#1"})

    assert not errored, payload
    assert spec.environment["STRICT_TOOL_USE"] == "false"
    assert "strict" not in script.requests[0]["toolConfig"]["tools"][0]["toolSpec"]


def test_a_repeated_request_is_answered_from_the_cache_without_a_model_call(
    script: FakeBedrock, bedrock_workflow: LocalWorkflow
) -> None:
    same = [
        korean(),
        korean(ingredients=["kimchi", "pork belly 500 g", "eggs", "2 cups rice", "green onion"]),
        korean(currency="USD"),
    ]
    different = [korean(servings=3), korean(max_minutes=35), korean(diet=["nut-free"])]
    script.script += [tool_answer({**RECIPE, "servings": request["servings"]}) for request in [same[0], *different]]

    results = bedrock_workflow.run(same + different)

    assert [result.status for result in results] == ["SUCCEEDED"] * 6, [r.cause for r in results]
    # 1 call for the first request, 0 for the two that normalise to it, 1 for each of the 3 different ones
    assert script.calls == 4
    assert [r.output["recipe"]["title"] for r in results[:3]] == [RECIPE["title"]] * 3


def test_throttling_beyond_the_clients_retries_is_retried_by_the_state_machine(
    script: FakeBedrock, bedrock_workflow: LocalWorkflow
) -> None:
    script.script += [THROTTLED] * CLIENT_ATTEMPTS + [THROTTLED, tool_answer(RECIPE)]
    since = len(bedrock_workflow.lambdas.invocations)

    (result,) = bedrock_workflow.run([korean()])

    assert result.status == "SUCCEEDED", result.cause
    # invocation 1: the client tried twice, both throttled -> ModelThrottled; the ASL retried:
    # invocation 2: throttled once, then answered within the client's own retry
    assert script.calls == CLIENT_ATTEMPTS + 2
    assert invocations(bedrock_workflow, "ai-chef-recipe", since) == 2
    errors = [call.error_type for call in bedrock_workflow.lambdas.invocations[since:] if call.errored]
    assert errors == ["ModelThrottled"]


def test_throttling_that_never_ends_fails_as_recipe_generation_failed_with_a_record(
    script: FakeBedrock, bedrock_workflow: LocalWorkflow
) -> None:
    script.default = THROTTLED
    since = len(bedrock_workflow.lambdas.invocations)

    (result,) = bedrock_workflow.run([korean()])

    assert result.status == "FAILED"
    assert result.error == "RecipeGenerationFailed"
    assert "GenerateRecipe failed after 4 retries: ModelThrottled" in result.cause
    assert result.record["status"] == "FAILED"
    attempts = 1 + 4  # the first invocation and STANDARD's 4 retries of ModelThrottled (past a minute in AWS)
    assert invocations(bedrock_workflow, "ai-chef-recipe", since) == attempts
    assert script.calls == attempts * CLIENT_ATTEMPTS


def test_a_diet_violating_answer_twice_fails_with_the_reason_and_a_record(
    script: FakeBedrock, bedrock_workflow: LocalWorkflow
) -> None:
    script.default = tool_answer(RECIPE)  # pork belly, whatever we say

    (result,) = bedrock_workflow.run([korean(diet=["pescatarian"])])

    assert result.status == "FAILED"
    assert result.error == "RecipeGenerationFailed"
    assert result.cause.endswith(
        "gave no valid recipe after 1 correction: diet pescatarian rules out pork belly (meat)"
    )
    assert result.record["cause"] == result.cause
    assert script.calls == 2


def test_an_invalid_request_fails_before_any_model_call(script: FakeBedrock, bedrock_workflow: LocalWorkflow) -> None:
    script.default = tool_answer(RECIPE)

    (result,) = bedrock_workflow.run([korean(servings=20)])

    assert (result.status, result.error) == ("FAILED", "InvalidRequest")
    assert script.calls == 0


def test_a_retried_step_returns_the_recipe_it_already_paid_for(
    script: FakeBedrock, bedrock_workflow: LocalWorkflow
) -> None:
    """The response of an invocation is lost after the model answered (e.g. Lambda.ServiceException on the way
    back): the state machine invokes the same step again, which must not call the model again - even when the
    request cache no longer has the recipe."""
    script.script.append(tool_answer(RECIPE))
    lambdas = bedrock_workflow.lambdas
    recipe_function = next(name for name in lambdas.specs if name.endswith("ai-chef-recipe"))
    event = {
        "request": korean(),
        "request_id": "retried-step",
        "step": "arn:aws:states:us-east-1:123456789012:execution:wf:retried-step#GenerateRecipe",
    }

    first, first_failed, _ = lambdas.invoke(recipe_function, event)
    table = next(t.name for t in bedrock_workflow.stack.tables.values() if t.logical_id == "RecipeCacheTable")
    items = bedrock_workflow.dynamodb.scan(TableName=table)["Items"]
    for item in items:  # forget the request-level cache: only the step record can answer now
        if item["cache_key"]["S"].startswith("recipe-request"):
            bedrock_workflow.dynamodb.delete_item(TableName=table, Key={"cache_key": item["cache_key"]})
    again, again_failed, _ = lambdas.invoke(recipe_function, event)
    other_step, _, _ = lambdas.invoke(recipe_function, {**event, "step": event["step"].replace("retried", "other")})

    assert not first_failed and not again_failed
    assert json.loads(again) == json.loads(first)
    assert sorted(item["cache_key"]["S"].split("#")[0] for item in items) == ["recipe-request", "recipe-step"]
    assert {item["status"]["S"] for item in items} == {"COMPLETED"}
    assert all(int(item["expires_at"]["N"]) > 0 for item in items)  # the table's TTL attribute
    # one model call for both invocations of the step; the other step found nothing cached and had to ask
    assert json.loads(other_step)["errorType"] == "RecipeGenerationFailed"  # the script was empty: it asked
    assert script.calls == 2


def test_aichef_run_engine_bedrock_end_to_end(script: FakeBedrock, tmp_path: Path) -> None:
    """The command as a developer runs it, in its own process, with credentials and the endpoint in the environment."""
    script.default = tool_answer(RECIPE)
    request = tmp_path / "request.json"
    request.write_text(json.dumps(korean()), "utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env.update(
        AWS_ENDPOINT_URL_BEDROCK_RUNTIME=script.url,
        AWS_ACCESS_KEY_ID="AKIDLOCALDEVELOPER",
        AWS_SECRET_ACCESS_KEY="local-secret",
        AWS_REGION="us-west-2",
    )

    completed = subprocess.run(
        [
            str(AICHEF),
            "run",
            "--engine",
            "bedrock",
            "--input",
            str(request),
            "--json",
            "--time-scale",
            "0",
            "--logs",
            str(tmp_path / "run.log"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )

    assert completed.returncode == 0, completed.stderr
    (line,) = completed.stdout.splitlines()
    result = json.loads(line)
    assert result["status"] == "SUCCEEDED"
    assert result["output"]["recipe"]["engine"] == "bedrock"
    assert script.calls == 1
    logs = [json.loads(text) for text in (tmp_path / "run.log").read_text().splitlines() if text.startswith("{")]
    usage = [entry for entry in logs if entry.get("message") == "model call"]
    assert [(u["model_id"], u["input_tokens"], u["output_tokens"], u["latency_ms"]) for u in usage] == [
        (MODEL, PROMPT_TOKENS, ANSWER_TOKENS, 4100)
    ]


@pytest.mark.usefixtures("no_aws_credentials")
def test_aichef_run_engine_bedrock_without_credentials_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", "--engine", "bedrock", "--ingredients", "kimchi, eggs"])

    assert code == 2
    assert "--engine bedrock needs AWS credentials" in capsys.readouterr().err


def test_the_catalog_stays_the_local_default(script: FakeBedrock) -> None:
    with LocalWorkflow(load_stack(ROOT / "template.yaml", {"NamePrefix": "prod-"}), time_scale=0.0) as workflow:
        (result,) = workflow.run([korean()])

    assert result.output["recipe"]["engine"] == "catalog"
    assert script.calls == 0


def test_a_plain_text_answer_is_corrected_in_the_workflow(script: FakeBedrock, bedrock_workflow: LocalWorkflow) -> None:
    script.script += [text_answer("Kimchi fried rice would be great here!"), tool_answer(RECIPE)]

    (result,) = bedrock_workflow.run([korean(max_minutes=45)])

    assert result.status == "SUCCEEDED", result.cause
    second = script.requests[1]["messages"]
    assert [message["role"] for message in second] == ["user", "assistant", "user"]
    assert "answered in text instead of calling record_recipe" in second[2]["content"][0]["text"]
    assert copy.deepcopy(second[1]["content"]) == [{"text": "Kimchi fried rice would be great here!"}]


def test_two_tool_uses_each_get_a_tool_result_so_the_correction_is_accepted(
    script: FakeBedrock, bedrock_workflow: LocalWorkflow
) -> None:
    """Before, only the first toolUse got a toolResult and Bedrock refused the correction (ValidationException)."""
    slow = {**RECIPE, "total_minutes": 55}
    script.script += [two_tool_uses(slow, slow), tool_answer(RECIPE)]

    (result,) = bedrock_workflow.run([korean()])

    assert result.status == "SUCCEEDED", result.cause
    assert script.calls == 2
    correction = script.requests[1]["messages"][2]["content"]
    assert [("toolResult" in block) for block in correction] == [True, True, False]


@pytest.mark.parametrize("stop_reason", ["malformed_model_output", "malformed_tool_use"])
def test_a_malformed_answer_is_retried_afresh_in_the_workflow(
    script: FakeBedrock, bedrock_workflow: LocalWorkflow, stop_reason: str
) -> None:
    """Before, the empty assistant message was sent back, which Bedrock (and now the fake) refuses."""
    script.script += [stopped(stop_reason), tool_answer(RECIPE)]

    (result,) = bedrock_workflow.run([korean()])

    assert result.status == "SUCCEEDED", result.cause
    assert [len(body["messages"]) for body in script.requests] == [1, 1]


def test_a_vegan_request_answered_with_unknown_animal_food_fails_naming_the_lines(
    script: FakeBedrock, bedrock_workflow: LocalWorkflow
) -> None:
    """The issue's answer (pork, cheese, lard, egg yolk, kimchi juice) was served labelled vegan before."""
    lines = [{"name": name, "quantity": 50, "unit": "g"} for name in ("tofu", "pork", "cheese", "lard", "egg yolk")]
    script.default = tool_answer(
        {**RECIPE, "ingredients": [*lines, {"name": "kimchi juice", "quantity": 2, "unit": "tbsp"}]}
    )

    (result,) = bedrock_workflow.run([{"ingredients": ["tofu", "kimchi"], "diet": ["vegan"]}])

    assert result.status == "FAILED" and result.error == "RecipeGenerationFailed"
    assert "diet vegan rules out cheese (dairy), egg yolk (egg), lard (meat), pork (meat)" in result.cause
    assert "diet vegan cannot be confirmed for kimchi juice" in result.cause
    assert script.calls == 2


KOREAN_DRAFT = json.loads((FIXTURES / "recordings" / "synthetic-english-steps-then-korean.json").read_text("utf-8"))[
    "calls"
][1]["output"]["message"]["content"][0]["toolUse"]["input"]


def sent_text(body: dict[str, Any]) -> str:
    """Every text a Converse request carries: the system prompt, the turns and the tool's schema."""
    return json.dumps(body, ensure_ascii=False)


def test_a_korean_request_asks_the_model_for_korean_and_corrects_an_english_answer_once(
    script: FakeBedrock, bedrock_workflow: LocalWorkflow
) -> None:
    script.script += [tool_answer(RECIPE), tool_answer(KOREAN_DRAFT)]

    (result,) = bedrock_workflow.run(
        [korean(ingredients=["계란 4개", "300g pork belly", "김치", "2 cups rice", "대파"])]
    )

    assert result.status == "SUCCEEDED", result.cause
    recipe = result.output["recipe"]
    assert (recipe["language"], recipe["title"], recipe["engine"]) == ("ko", "삼겹살 김치볶음밥", "bedrock")
    assert recipe["steps"][1] == "팬에 식용유를 두르고 중불에서 삼겹살을 6분 볶아 기름을 낸다."
    assert [(line["name"], line["label"]) for line in recipe["ingredients"][:3]] == [
        ("cooked rice", "밥"),
        ("kimchi", "김치"),
        ("pork belly", "삼겹살"),
    ]
    first, correction = script.requests
    assert "Language: write the title and every step in Korean (한국어)" in sent_text(first)
    assert "in English" not in first["messages"][0]["content"][0]["text"]
    # the tool's schema tells the model the title and steps follow the language the user turn names
    assert "in the answer's language" in sent_text(first["toolConfig"])
    assert "steps 1, 2, 3, 4, 5, 6 are not in Korean: write every step in Korean" in sent_text(correction)
    assert script.calls == 2


def test_an_english_request_asks_the_model_for_english(script: FakeBedrock, bedrock_workflow: LocalWorkflow) -> None:
    script.script.append(tool_answer(RECIPE))

    (result,) = bedrock_workflow.run([korean(language="en")])

    assert result.status == "SUCCEEDED", result.cause
    assert (result.output["recipe"]["language"], result.output["recipe"]["title"]) == (
        "en",
        "Kimchi Fried Rice with Pork Belly and Fried Eggs",
    )
    (request,) = script.requests
    assert "Language: write the title and every step in English" in sent_text(request)
    assert "한국어" not in request["messages"][0]["content"][0]["text"]
