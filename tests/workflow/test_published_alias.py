"""The local run invokes what a deploy invokes: each function's `live` alias (AutoPublishAlias), which the runner
publishes in moto and resolves to the in-process handler. moto, unlike AWS, lets any caller invoke $LATEST too; the
template's role allows only the aliases (tests/infra/test_template.py)."""

from __future__ import annotations

import json
from typing import Any

from aichef_local.runner import LocalWorkflow


def test_every_lambda_task_invokes_the_alias_and_the_handler_answers(
    workflow: LocalWorkflow, korean_request: dict[str, Any]
) -> None:
    (result,) = workflow.run([korean_request])
    execution_arn = workflow.state_machine_arn.replace(":stateMachine:", ":execution:") + f":{result.request_id}"
    events = workflow.sfn.get_execution_history(executionArn=execution_arn, maxResults=1000)["events"]
    invoked = {
        json.loads(event["taskScheduledEventDetails"]["parameters"])["FunctionName"]
        for event in events
        if event["type"] == "TaskScheduled" and event["taskScheduledEventDetails"]["resource"] == "invoke"
    }
    lambda_client = workflow.client("lambda")

    assert result.status == "SUCCEEDED"
    assert invoked == {f"{spec.arn}:live" for spec in workflow.stack.functions.values()}
    for spec in workflow.stack.functions.values():
        alias = lambda_client.get_alias(FunctionName=spec.name, Name="live")
        assert (spec.alias, alias["FunctionVersion"]) == ("live", "1")
