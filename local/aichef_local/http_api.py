"""The API function of `api/template.yaml`, loaded in-process against a LocalWorkflow, and the HTTP API (payload
format 2.0) events it is called with, as API Gateway would build them."""

from __future__ import annotations

import base64
import inspect
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import yaml

from aichef_local.inprocess_lambda import LambdaContext, load_handler
from aichef_local.runner import LocalWorkflow
from aichef_local.stack import ACCOUNT, REGION, FunctionSpec, TemplateError

API_FUNCTION = "ApiFunction"
# Locally GET ?wait=N polls the record this often (deployed: 1 s, the template's POLL_SECONDS).
LOCAL_POLL_SECONDS = "0.05"
_TERMINAL = {"SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"}

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


class _IgnoreTags(yaml.SafeLoader):
    """Reads a template's plain values; intrinsic functions (!ImportValue, !Sub, ...) become None."""


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)


def api_function_spec(api_template: Path, workflow: LocalWorkflow, public_base_url: str = "") -> FunctionSpec:
    """The API function as `api/template.yaml` declares it, wired to the local workflow's state machine and tables."""
    document = yaml.load(api_template.read_text("utf-8"), Loader=_IgnoreTags)
    resource = (document.get("Resources") or {}).get(API_FUNCTION)
    if not resource:
        raise TemplateError(f"{api_template}: no {API_FUNCTION} resource")
    props = resource["Properties"]
    defaults = (document.get("Globals") or {}).get("Function") or {}
    variables = {
        key: str(value)
        for key, value in (props.get("Environment") or {}).get("Variables", {}).items()
        if isinstance(value, (str, int, float))
    }
    machine = workflow.stack.state_machine
    assert machine is not None
    variables.update(
        STATE_MACHINE_ARN=workflow.state_machine_arn,
        RECIPES_TABLE=workflow.recipes_table,
        REQUESTS_TABLE=workflow.requests_table,
        WORKFLOW_TYPE=machine.type,
        POLL_SECONDS=LOCAL_POLL_SECONDS,
        PUBLIC_BASE_URL=public_base_url,
        AUTH="NONE",  # nothing is authorised locally: every request is LOCAL_CALLER's, and the document says so
    )
    return FunctionSpec(
        logical_id=API_FUNCTION,
        name=str(props.get("FunctionName") or "ai-chef-api"),
        handler=str(props["Handler"]),
        code_dir=(api_template.parent / str(props["CodeUri"])).resolve(),
        environment=variables,
        timeout=int(props.get("Timeout", defaults.get("Timeout", 3))),
        memory=int(props.get("MemorySize", defaults.get("MemorySize", 128))),
        runtime=str(defaults.get("Runtime", "python3.13")),
    )


class LocalSyncExecutions:
    """StartSyncExecution for a local EXPRESS workflow, which moto lacks: StartExecution, then wait for the end."""

    def __init__(self, sfn: Any, poll_seconds: float = 0.01, sleep: Callable[[float], None] = time.sleep) -> None:
        self.sfn = sfn
        self.poll_seconds = poll_seconds
        self.sleep = sleep

    def start_sync_execution(self, stateMachineArn: str, name: str, input: str) -> dict[str, Any]:
        arn = self.sfn.start_execution(stateMachineArn=stateMachineArn, name=name, input=input)["executionArn"]
        while (description := self.sfn.describe_execution(executionArn=arn))["status"] not in _TERMINAL:
            self.sleep(self.poll_seconds)
        return {key: description[key] for key in ("status", "output", "error", "cause") if key in description}


def load_api(
    api_template: Path, workflow: LocalWorkflow, sleep: Callable[[float], None] = time.sleep, public_base_url: str = ""
) -> tuple[Handler, FunctionSpec]:
    """The API's real `lambda_handler`, imported inside the workflow's moto context (its clients talk to moto);
    `sleep` is what the handler waits with (GET ?wait, a local sync execution)."""
    spec = api_function_spec(api_template, workflow, public_base_url)
    if str(spec.code_dir) not in sys.path:
        sys.path.insert(0, str(spec.code_dir))  # the handler's sibling modules, as /var/task is in Lambda
    handler = load_handler(spec)
    requests = inspect.unwrap(handler).__globals__["requests"]  # the app module's RecipeRequests
    requests.sleep = sleep
    if spec.environment["WORKFLOW_TYPE"] == "EXPRESS":
        requests.gateway.sfn_sync = LocalSyncExecutions(workflow.client("stepfunctions"), sleep=sleep)
    return handler, spec


LOCAL_CALLER = {"iam": {"accountId": ACCOUNT, "userArn": f"arn:aws:iam::{ACCOUNT}:user/local", "callerId": "local"}}
"""Who calls `aichef serve`: one IAM user (serve checks no signature), the owner of every request it serves."""


def gateway_headers(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Request headers as an HTTP API hands them to the function (payload 2.0): names in lower case, the values of
    a repeated header joined with commas.
    https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html"""
    combined: dict[str, str] = {}
    for name, value in pairs:
        key = name.lower()
        combined[key] = f"{combined[key]},{value}" if key in combined else value
    return combined


def http_event(
    method: str,
    target: str,
    headers: dict[str, str],
    body: bytes,
    source_ip: str = "127.0.0.1",
    authorizer: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An HTTP API payload 2.0 event for one request, as an authorised route receives it (`authorizer`: the
    requestContext.authorizer API Gateway adds, by default LOCAL_CALLER's IAM identity), over plain HTTP."""
    path, _, query = target.partition("?")
    lowered = {"x-forwarded-proto": "http", **{name.lower(): value for name, value in headers.items()}}
    text_body = body.decode("utf-8", errors="strict") if _is_text(body) else None
    now = time.time()
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "headers": lowered,
        "queryStringParameters": dict(parse_qsl(query, keep_blank_values=True)) or None,
        "requestContext": {
            "accountId": ACCOUNT,
            "apiId": "local",
            "domainName": lowered.get("host", "localhost"),
            "domainPrefix": "local",
            "requestId": str(uuid.uuid4()),
            "routeKey": "$default",
            "stage": "$default",
            "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
            "timeEpoch": int(now * 1000),
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": lowered.get("user-agent", ""),
            },
            "authorizer": LOCAL_CALLER if authorizer is None else authorizer,
        },
        "body": text_body if text_body is not None else base64.b64encode(body).decode("ascii"),
        "isBase64Encoded": text_body is None,
    }


def _is_text(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def invoke(handler: Handler, spec: FunctionSpec, event: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
    """Call the handler like the Lambda service does for API Gateway; (status, headers, body bytes)."""
    context = LambdaContext(
        function_name=spec.name,
        memory_limit_in_mb=spec.memory,
        invoked_function_arn=f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{spec.name}",
        timeout_seconds=spec.timeout,
    )
    response = handler(event, context)
    body = str(response.get("body") or "")
    data = base64.b64decode(body) if response.get("isBase64Encoded") else body.encode("utf-8")
    return int(response["statusCode"]), {str(k): str(v) for k, v in (response.get("headers") or {}).items()}, data
