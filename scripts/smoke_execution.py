"""Smoke-test a deployed AI Chef stack: run its state machine once on a real request and check the record it leaves.

Run through `scripts/smoke.sh ENV` (a samconfig.toml environment, as for scripts/deploy.sh). The state machine ARN and
the recipes table come from the stack's outputs. A Standard state machine is started with StartExecution and polled
until it ends or `--timeout` passes (then the execution is stopped); an Express one is run with StartSyncExecution,
whose answer is the result. It passes (exit 0) only if the execution SUCCEEDED and the record in the recipes table
says SUCCEEDED; otherwise it prints the error, the cause and the execution's console URL and exits 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

sys.path.insert(0, str(Path(__file__).resolve().parent))
from deploy_stack import REPO, DeployConfigError, read_target, stack_outputs

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
DEFAULT_INPUT = REPO / "events/workflow-request.json"
DEFAULT_TIMEOUT_SECONDS = 600.0
POLL_SECONDS = 5.0
EXPRESS_CAP_SECONDS = 300  # an Express execution stops after 5 minutes


@dataclass(frozen=True)
class Outcome:
    """How one smoke execution ended."""

    execution_arn: str
    status: str
    error: str = ""
    cause: str = ""


def console_url(region: str, execution_arn: str, express: bool) -> str:
    """The Step Functions console page of one execution."""
    view = "express-executions" if express else "v2/executions"
    return f"https://{region}.console.aws.amazon.com/states/home?region={region}#/{view}/details/{execution_arn}"


def run_standard(
    sfn: Any, arn: str, name: str, request: str, *, timeout: float, poll: float, sleep: Callable[[float], None]
) -> Outcome:
    """StartExecution, then DescribeExecution every `poll` s; an execution still running after `timeout` is stopped."""
    execution_arn = sfn.start_execution(stateMachineArn=arn, name=name, input=request)["executionArn"]
    waited = 0.0
    while True:
        described = sfn.describe_execution(executionArn=execution_arn)
        if described["status"] != "RUNNING":
            return Outcome(execution_arn, described["status"], described.get("error", ""), described.get("cause", ""))
        if waited >= timeout:
            cause = f"did not finish within {timeout:g} s; the smoke run stopped it"
            sfn.stop_execution(executionArn=execution_arn, error="SmokeTimeout", cause=cause)
            return Outcome(execution_arn, "ABORTED", "SmokeTimeout", cause)
        sleep(poll)
        waited += poll


def run_express(sfn_sync: Any, arn: str, name: str, request: str) -> Outcome:
    """StartSyncExecution on a one-attempt client: the call returns when the execution ends (at most 5 minutes)."""
    answer = sfn_sync.start_sync_execution(stateMachineArn=arn, name=name, input=request)
    return Outcome(answer["executionArn"], answer["status"], answer.get("error", ""), answer.get("cause", ""))


def record_problem(dynamodb: Any, table: str, request_id: str) -> str | None:
    """Why the execution's record does not prove success, or None when it says SUCCEEDED."""
    item = dynamodb.get_item(TableName=table, Key={"request_id": {"S": request_id}}, ConsistentRead=True).get("Item")
    if item is None:
        return f"no record {request_id} in {table}"
    status = item.get("status", {}).get("S")
    if status != "SUCCEEDED":
        detail = (
            f": {item.get('error', {}).get('S', '')}: {item.get('cause', {}).get('S', '')}" if "error" in item else ""
        )
        return f"the record {request_id} in {table} says {status}{detail}"
    return None


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="scripts/smoke.sh", description=__doc__.splitlines()[0])
    parser.add_argument(
        "config_env",
        nargs="?",
        default="default",
        help="samconfig.toml environment (default, dev, prod); default: %(default)s",
    )
    parser.add_argument("--input", type=Path, default=DEFAULT_INPUT, help="the request; default: %(default)s")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_SECONDS,
        help="seconds to wait for a Standard execution; default: %(default)s",
    )
    parser.add_argument("--poll", type=float, default=POLL_SECONDS, help="seconds between polls; default: %(default)s")
    return parser.parse_args(argv)


def clients(region: str) -> tuple[Any, Any, Any, Any]:
    """CloudFormation, Step Functions, Step Functions for StartSyncExecution and DynamoDB clients, every call
    bounded. The synchronous start waits up to Express's 5 minutes and gets one attempt: botocore's standard mode
    retries a read timeout, and a retried StartSyncExecution is a second execution (Express does not de-duplicate
    by name, https://docs.aws.amazon.com/step-functions/latest/dg/express-at-least-once-execution.html)."""
    import boto3
    from botocore.config import Config

    def config(read: float, attempts: int = 3) -> Config:
        return Config(
            connect_timeout=5, read_timeout=read, retries={"mode": "standard", "total_max_attempts": attempts}
        )

    return (
        boto3.client("cloudformation", region_name=region, config=config(30)),
        boto3.client("stepfunctions", region_name=region, config=config(30)),
        boto3.client("stepfunctions", region_name=region, config=config(EXPRESS_CAP_SECONDS + 10, attempts=1)),
        boto3.client("dynamodb", region_name=region, config=config(30)),
    )


def main(
    argv: Sequence[str] | None = None,
    *,
    aws: tuple[Any, Any, Any, Any] | None = None,
    out: TextIO = sys.stdout,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Run the smoke execution; the exit code says whether the deployed stack works."""
    args = parse_args(argv)
    try:
        target = read_target(args.config_env)
        request = json.dumps(json.loads(args.input.read_text("utf-8")))
    except (DeployConfigError, OSError, ValueError) as error:
        print(f"error: {error}", file=out)
        return EXIT_USAGE
    if args.timeout <= 0 or args.poll <= 0:
        print("error: --timeout and --poll must be positive", file=out)
        return EXIT_USAGE
    from botocore.exceptions import BotoCoreError, ClientError

    cfn, sfn, sfn_sync, dynamodb = aws or clients(target.region)
    name = f"smoke-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    try:
        outputs = stack_outputs(cfn, target.stack_name)
        arn, table = outputs["StateMachineArn"], outputs["RecipesTableName"]
        express = sfn.describe_state_machine(stateMachineArn=arn)["type"] == "EXPRESS"
        print(
            f"Smoke execution {name} of {arn} ({'EXPRESS' if express else 'STANDARD'}) on {args.input.name}",
            file=out,
            flush=True,
        )
        outcome = (
            run_express(sfn_sync, arn, name, request)
            if express
            else run_standard(sfn, arn, name, request, timeout=args.timeout, poll=args.poll, sleep=sleep)
        )
        problem = (
            f"the execution ended {outcome.status}: {outcome.error}: {outcome.cause}"
            if outcome.status != "SUCCEEDED"
            else record_problem(dynamodb, table, name)
        )
    except KeyError as missing:
        print(f"error: stack {target.stack_name} has no output {missing}", file=out)
        return EXIT_FAILED
    except (ClientError, BotoCoreError) as error:
        print(f"error: the smoke execution could not run: {error}", file=out)
        return EXIT_FAILED
    if problem is not None:
        print(f"error: smoke execution failed: {problem}", file=out)
        print(f"  console: {console_url(target.region, outcome.execution_arn, express)}", file=out)
        return EXIT_FAILED
    print(f"Smoke execution {name} SUCCEEDED and its record says SUCCEEDED", file=out)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
