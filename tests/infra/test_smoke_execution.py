"""The smoke execution every deploy ends with (scripts/smoke.sh), end to end against moto in server mode: moto's
CloudFormation holds the stack outputs, its Step Functions interpreter runs small state machines that end the way a
deployed one can (a record written, a named failure, no record, still running), and its DynamoDB holds the record.
StartSyncExecution, which moto lacks, is checked with botocore's Stubber."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ReadTimeoutError
from botocore.stub import ANY, Stubber

from .support import REPO, load_script

smoke = load_script("smoke_execution")

STACK = "ai-chef-stepfunctions-dev"
REGION = "us-east-1"
TABLE = "dev-ai-chef-recipes"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing", "region_name": REGION}
SAVE_RECORD = {  # what SaveRecipe does: the record keyed by the execution name, status SUCCEEDED
    "Type": "Task",
    "Resource": "arn:aws:states:::dynamodb:putItem",
    "End": True,
    "Parameters": {
        "TableName": TABLE,
        "Item": {"request_id": {"S.$": "$$.Execution.Name"}, "status": {"S": "SUCCEEDED"}},
    },
}
DEFINITIONS = {
    "succeeds": {"StartAt": "SaveRecipe", "States": {"SaveRecipe": SAVE_RECORD}},
    "fails": {
        "StartAt": "NoModel",
        "States": {
            "NoModel": {
                "Type": "Fail",
                "Error": "RecipeGenerationFailed",
                "Cause": (
                    "no access to global.anthropic.claude-haiku-4-5-20251001-v1:0:"
                    " complete the account's one-time set-up"
                ),
            }
        },
    },
    "no-record": {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}},
    "runs-long": {"StartAt": "Slow", "States": {"Slow": {"Type": "Wait", "Seconds": 120, "End": True}}},
}


@dataclass
class MotoStack:
    endpoint: str
    sfn: Any
    cfn: Any

    def deploy(self, behaviour: str) -> str:
        """A state machine that behaves so, as the dev stack's StateMachineArn output."""
        arn = self.sfn.create_state_machine(
            name=f"dev-ai-chef-{behaviour}",
            definition=json.dumps(DEFINITIONS[behaviour]),
            roleArn="arn:aws:iam::123456789012:role/sfn",
        )["stateMachineArn"]
        template = {
            "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
            "Outputs": {"StateMachineArn": {"Value": arn}, "RecipesTableName": {"Value": TABLE}},
        }
        self.cfn.create_stack(StackName=STACK, TemplateBody=json.dumps(template))
        return arn


@pytest.fixture
def moto_stack(monkeypatch: pytest.MonkeyPatch) -> Iterator[MotoStack]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        monkeypatch.setenv("MOTO_PORT", str(port))  # the server's own ASL interpreter calls DynamoDB on this port
        # the server's backends are the process's: start from none, with the ASL interpreter on
        urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"))
        config = json.dumps({"stepfunctions": {"execute_state_machine": True}}).encode()
        urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/config", data=config, method="POST"))
        boto3.client("dynamodb", endpoint_url=endpoint, **CREDENTIALS).create_table(
            TableName=TABLE,
            BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "request_id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "request_id", "AttributeType": "S"}],
        )
        yield MotoStack(
            endpoint,
            boto3.client("stepfunctions", endpoint_url=endpoint, **CREDENTIALS),
            boto3.client("cloudformation", endpoint_url=endpoint, **CREDENTIALS),
        )
        off = json.dumps({"stepfunctions": {"execute_state_machine": False}}).encode()  # moto's default again
        urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/config", data=off, method="POST"))
    finally:
        server.stop()


def smoke_sh(stack: MotoStack, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "AWS_ENDPOINT_URL": stack.endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "DEPLOY_PYTHON": sys.executable,
    }
    return subprocess.run(
        [str(REPO / "scripts/smoke.sh"), "dev", "--poll", "0.2", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def console(arn_prefix: str) -> str:
    return f"  console: https://{REGION}.console.aws.amazon.com/states/home?region={REGION}#/v2/executions/details/{arn_prefix}"


def test_a_succeeded_execution_with_a_succeeded_record_passes(moto_stack: MotoStack) -> None:
    arn = moto_stack.deploy("succeeds")

    result = smoke_sh(moto_stack)

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"of {arn} (STANDARD) on workflow-request.json" in result.stdout
    assert "SUCCEEDED and its record says SUCCEEDED" in result.stdout


def test_a_failed_execution_prints_error_cause_and_console_url_and_fails(moto_stack: MotoStack) -> None:
    arn = moto_stack.deploy("fails")

    result = smoke_sh(moto_stack)
    lines = result.stdout.splitlines()

    assert result.returncode == 1
    assert lines[-2] == (
        "error: smoke execution failed: the execution ended FAILED: RecipeGenerationFailed: no access "
        "to global.anthropic.claude-haiku-4-5-20251001-v1:0: complete the account's one-time set-up"
    )
    assert lines[-1].startswith(console(arn.replace(":stateMachine:", ":execution:") + ":smoke-"))


def test_a_succeeded_execution_without_its_record_fails(moto_stack: MotoStack) -> None:
    moto_stack.deploy("no-record")

    result = smoke_sh(moto_stack)
    error = result.stdout.splitlines()[-2]

    assert result.returncode == 1
    assert error.startswith("error: smoke execution failed: no record smoke-") and error.endswith(f" in {TABLE}")


def test_an_execution_still_running_at_the_timeout_is_stopped_and_fails(moto_stack: MotoStack) -> None:
    moto_stack.deploy("runs-long")

    result = smoke_sh(moto_stack, "--timeout", "1")
    machine = moto_stack.sfn.list_state_machines()["stateMachines"][0]["stateMachineArn"]
    executions = moto_stack.sfn.list_executions(stateMachineArn=machine)["executions"]

    assert result.returncode == 1
    assert (
        "error: smoke execution failed: the execution ended ABORTED: SmokeTimeout: did not finish within 1 s; "
        "the smoke run stopped it"
    ) in result.stdout
    assert [execution["status"] for execution in executions] == ["ABORTED"]


# --- Express: StartSyncExecution (moto has none) --------------------------------------------------------------------

EXPRESS_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:dev-ai-chef-recipe-workflow-express"


def express_clients(
    status: str, record: dict[str, Any] | None, **failure: str
) -> tuple[tuple[Any, Any, Any, Any], list[Stubber]]:
    cfn, sfn, dynamodb = (
        boto3.client(service, **CREDENTIALS) for service in ("cloudformation", "stepfunctions", "dynamodb")
    )
    stubbers = [Stubber(cfn), Stubber(sfn), Stubber(dynamodb)]
    stubbers[0].add_response(
        "describe_stacks",
        {
            "Stacks": [
                {
                    "StackName": STACK,
                    "StackStatus": "UPDATE_COMPLETE",
                    "CreationTime": "2026-12-01T00:00:00Z",
                    "Outputs": [
                        {"OutputKey": "StateMachineArn", "OutputValue": EXPRESS_ARN},
                        {"OutputKey": "RecipesTableName", "OutputValue": TABLE},
                    ],
                }
            ]
        },
        {"StackName": STACK},
    )
    stubbers[1].add_response(
        "describe_state_machine",
        {
            "stateMachineArn": EXPRESS_ARN,
            "name": "dev-ai-chef-recipe-workflow-express",
            "definition": "{}",
            "roleArn": "arn:aws:iam::123456789012:role/sfn",
            "type": "EXPRESS",
            "creationDate": "2026-12-01T00:00:00Z",
        },
        {"stateMachineArn": EXPRESS_ARN},
    )
    execution = EXPRESS_ARN.replace(":stateMachine:", ":express:") + ":smoke:1"
    stubbers[1].add_response(
        "start_sync_execution",
        {
            "executionArn": execution,
            "startDate": "2026-12-01T00:00:00Z",
            "stopDate": "2026-12-01T00:00:09Z",
            "status": status,
            **failure,
        },
        {"stateMachineArn": EXPRESS_ARN, "name": ANY, "input": ANY},
    )
    if status == "SUCCEEDED":
        stubbers[2].add_response(
            "get_item",
            {"Item": record} if record else {},
            {"TableName": TABLE, "Key": {"request_id": {"S": ANY}}, "ConsistentRead": True},
        )
    return (cfn, sfn, sfn, dynamodb), stubbers


@pytest.mark.parametrize(
    ("status", "record", "failure", "expected"),
    [
        ("SUCCEEDED", {"status": {"S": "SUCCEEDED"}}, {}, "SUCCEEDED and its record says SUCCEEDED"),
        (
            "FAILED",
            None,
            {"error": "PricingFailed", "cause": "GetPricing failed after retries"},
            "error: smoke execution failed: the execution ended FAILED: PricingFailed: GetPricing failed after retries",
        ),
        (
            "SUCCEEDED",
            {"status": {"S": "FAILED"}, "error": {"S": "SaveFailed"}, "cause": {"S": "throttled"}},
            {},
            "the record smoke-",
        ),
    ],
)
def test_an_express_state_machine_is_run_synchronously(
    status: str, record: dict[str, Any] | None, failure: dict[str, str], expected: str
) -> None:
    aws, stubbers = express_clients(status, record, **failure)
    out = io.StringIO()

    for stubber in stubbers:
        stubber.activate()
    code = smoke.main(["dev"], aws=aws, out=out, sleep=lambda seconds: None)
    for stubber in stubbers:
        stubber.assert_no_pending_responses()

    assert code == (0 if expected.startswith("SUCCEEDED") else 1)
    assert expected in out.getvalue()
    assert "(EXPRESS)" in out.getvalue()
    if code:
        assert "#/express-executions/details/" in out.getvalue()


def test_a_bad_request_file_is_a_usage_error(tmp_path: Path) -> None:
    out = io.StringIO()

    code = smoke.main(["dev", "--input", str(tmp_path / "missing.json")], aws=(None, None, None, None), out=out)

    assert code == 2 and out.getvalue().startswith("error: [Errno 2] No such file or directory")


def test_the_synchronous_start_is_sent_once_even_when_it_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """The smoke script's StartSyncExecution client, as it builds it, on a call whose answer never comes in time:
    one request, no retry (a retried StartSyncExecution would be a second Express execution)."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    _, sfn, sfn_sync, _ = smoke.clients("us-east-1")
    sent: list[str] = []

    def read_times_out(request: Any, **kwargs: Any) -> None:
        sent.append(request.url)
        raise ReadTimeoutError(endpoint_url=request.url)

    sfn_sync.meta.events.register("before-send.sfn.StartSyncExecution", read_times_out)
    with pytest.raises(ReadTimeoutError):
        smoke.run_express(sfn_sync, EXPRESS_ARN, "smoke-1", "{}")

    assert len(sent) == 1
    assert sfn_sync.meta.config.retries == {"mode": "standard", "total_max_attempts": 1}
    assert sfn_sync.meta.config.read_timeout == smoke.EXPRESS_CAP_SECONDS + 10
    assert sfn.meta.config.retries["total_max_attempts"] == 3  # StartExecution of a name is idempotent on STANDARD
