"""The API stack (api/template.yaml): what it imports is what the workflow stack exports, its function's grants are
the ones the API needs and no more, auth/CORS/throttling per route/reserved concurrency/logging/alarms are wired, its
samconfig follows the workflow stack's, and the SAM CLI validates and builds it without Docker."""

from __future__ import annotations

import copy
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from .support import REPO, TEMPLATE, load_cfn_yaml
from .test_sam_cli import (
    ELF_MACHINE_AARCH64,
    RUNTIME_PROVIDED,
    elf_machine,
    importable_names,
    output_of,
    run_sam,
    top_level_imports,
)

API = REPO / "api"
API_TEMPLATE = API / "template.yaml"
ENVIRONMENTS = ("default", "dev", "prod")


def translate(parameters: dict[str, str]) -> dict[str, Any]:
    """The API template's resources after the SAM transform, as CloudFormation receives them."""
    import boto3
    from samtranslator.parser.parser import Parser
    from samtranslator.translator.translator import Translator

    document = copy.deepcopy(load_cfn_yaml(API_TEMPLATE))
    for resource in document["Resources"].values():
        for key in ("CodeUri", "ContentUri"):
            if key in resource.get("Properties", {}):
                resource["Properties"][key] = "s3://artifacts/key"
    translator = Translator(None, Parser(), boto_session=boto3.session.Session(region_name="us-east-1"))
    return translator.translate(document, parameter_values=parameters, get_managed_policy_map=dict)["Resources"]


def walk(value: Any) -> list[Any]:
    """Every dict and list inside a template value, depth first."""
    found = [value]
    children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    for child in children:
        found += walk(child)
    return found


@pytest.fixture(scope="module")
def api() -> dict[str, Any]:
    return load_cfn_yaml(API_TEMPLATE)


@pytest.fixture(scope="module")
def api_samconfig() -> dict[str, Any]:
    with (API / "samconfig.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_every_import_names_an_export_of_the_workflow_stack(api: dict[str, Any]) -> None:
    imports = {
        node["Fn::ImportValue"]["Fn::Sub"]
        for node in walk(api["Resources"])
        if isinstance(node, dict) and "Fn::ImportValue" in node
    }
    exports = {
        output["Export"]["Name"]["Fn::Sub"]
        for output in load_cfn_yaml(TEMPLATE)["Outputs"].values()
        if "Export" in output
    }

    assert imports == {
        "${WorkflowStackName}-StateMachineArn",
        "${WorkflowStackName}-RecipesTableName",
        "${WorkflowStackName}-RecipesTableArn",
        "${WorkflowStackName}-RequestsTableName",
        "${WorkflowStackName}-RequestsTableArn",
    }
    assert {name.replace("${WorkflowStackName}", "${AWS::StackName}") for name in imports} <= exports


def test_the_exports_are_the_values_the_api_needs(template: dict[str, Any]) -> None:
    outputs = template["Outputs"]

    assert outputs["StateMachineArn"]["Value"] == {"Ref": "RecipeWorkflow"}
    assert outputs["RecipesTableName"]["Value"] == {"Ref": "RecipesTable"}
    assert outputs["RecipesTableArn"]["Value"] == {"Fn::GetAtt": ["RecipesTable", "Arn"]}
    assert outputs["RequestsTableName"]["Value"] == {"Ref": "RequestsTable"}
    assert outputs["RequestsTableArn"]["Value"] == {"Fn::GetAtt": ["RequestsTable", "Arn"]}


def test_the_requests_table_is_kept_and_indexed_by_owner_and_time(template: dict[str, Any]) -> None:
    """The owners outlive the API stack (deleted and created again when the workflow type changes)."""
    table = template["Resources"]["RequestsTable"]
    (index,) = table["Properties"]["GlobalSecondaryIndexes"]

    assert (table["DeletionPolicy"], table["UpdateReplacePolicy"]) == ("RetainExceptOnCreate", "Retain")
    assert table["Properties"]["KeySchema"] == [{"AttributeName": "request_id", "KeyType": "HASH"}]
    assert index == {
        "IndexName": "owner-created_at",
        "KeySchema": [
            {"AttributeName": "owner", "KeyType": "HASH"},
            {"AttributeName": "created_at", "KeyType": "RANGE"},
        ],
        "Projection": {"ProjectionType": "KEYS_ONLY"},
    }
    assert table["Properties"]["BillingMode"] == "PAY_PER_REQUEST"


COMMON_GRANTS = {
    "StartExecutions": "states:StartExecution",
    "DescribeItsExecutions": "states:DescribeExecution",
    "ReadRecords": ["dynamodb:GetItem", "dynamodb:BatchGetItem"],
    "ClaimRequests": ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:DeleteItem"],
    "ListOwnersRequests": "dynamodb:Query",
}


@pytest.mark.parametrize(
    ("workflow_type", "expected"),
    [
        ("STANDARD", {**COMMON_GRANTS, "StopItsExecutions": "states:StopExecution"}),
        ("EXPRESS", {**COMMON_GRANTS, "StartSyncExecutions": "states:StartSyncExecution"}),
    ],
)
def test_the_function_may_start_describe_and_read_only_the_one_workflow(
    workflow_type: str, expected: dict[str, str]
) -> None:
    resources = translate({"WorkflowType": workflow_type})
    (policy,) = resources["ApiFunctionRole"]["Properties"]["Policies"]
    statements = []
    for statement in policy["PolicyDocument"]["Statement"]:
        if "Fn::If" in statement:  # the condition's branch for this WorkflowType
            condition, when_true, when_false = statement["Fn::If"]
            statement = when_true if (condition == "IsExpress") == (workflow_type == "EXPRESS") else when_false
        if statement != {"Ref": "AWS::NoValue"}:
            statements.append(statement)
    machine = {"Fn::ImportValue": {"Fn::Sub": "${WorkflowStackName}-StateMachineArn"}}

    assert {statement["Sid"]: statement["Action"] for statement in statements} == expected
    assert all(
        statement["Effect"] == "Allow" and "*" not in json.dumps(statement["Resource"]).replace(':*"', "")
        for statement in statements
    )
    by_sid = {statement["Sid"]: statement["Resource"] for statement in statements}
    requests = {"Fn::ImportValue": {"Fn::Sub": "${WorkflowStackName}-RequestsTableArn"}}
    assert by_sid["StartExecutions"] == machine
    assert by_sid["ReadRecords"] == {"Fn::ImportValue": {"Fn::Sub": "${WorkflowStackName}-RecipesTableArn"}}
    assert by_sid["ClaimRequests"] == requests
    assert by_sid["ListOwnersRequests"] == {"Fn::Sub": ["${Table}/index/owner-created_at", {"Table": requests}]}
    assert by_sid["DescribeItsExecutions"]["Fn::Sub"][0].endswith(":execution:${MachineName}:*")
    if workflow_type == "STANDARD":
        assert by_sid["StopItsExecutions"] == by_sid["DescribeItsExecutions"]
    assert resources["ApiFunctionRole"]["Properties"]["ManagedPolicyArns"] == [
        "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
    ]


def test_the_function_is_python_313_on_arm64_with_its_handler_and_timeouts_under_the_30_s_cap(
    api: dict[str, Any],
) -> None:
    function = api["Resources"]["ApiFunction"]["Properties"]
    integration = api["Resources"]["ApiIntegration"]["Properties"]
    source = (API / function["CodeUri"] / "app.py").read_text("utf-8")

    assert (function["Runtime"], function["Architectures"], function["Handler"]) == (
        "python3.13",
        ["arm64"],
        "app.lambda_handler",
    )
    assert "def lambda_handler(" in source
    assert 20 + 5 <= function["Timeout"] < integration["TimeoutInMillis"] / 1000 <= 30  # ?wait=20 fits
    assert (integration["IntegrationType"], integration["PayloadFormatVersion"]) == ("AWS_PROXY", "2.0")
    assert api["Resources"]["ApiLayer"]["Properties"]["ContentUri"] == "../layer/"


def test_every_route_is_iam_by_default_and_jwt_when_issuer_and_audience_are_set(api: dict[str, Any]) -> None:
    routes = {
        props["RouteKey"]: props
        for props in (
            resource["Properties"]
            for resource in api["Resources"].values()
            if resource["Type"] == "AWS::ApiGatewayV2::Route"
        )
    }
    authorizer = api["Resources"]["JwtAuthorizer"]

    assert set(routes) == {
        "POST /recipes",
        "GET /recipes",
        "GET /recipes/{request_id}",
        "DELETE /recipes/{request_id}",
        "GET /openapi.json",
        "ANY /recipes",  # the other methods reach the function, which answers 405 with Allow
        "ANY /recipes/{request_id}",
    }
    assert {key: route["AuthorizationType"] for key, route in routes.items()} == {
        key: {"Fn::If": ["UseJwt", "JWT", "AWS_IAM"]} for key in routes
    }
    assert all(
        route["AuthorizerId"] == {"Fn::If": ["UseJwt", {"Ref": "JwtAuthorizer"}, {"Ref": "AWS::NoValue"}]}
        for route in routes.values()
    )
    assert authorizer["Condition"] == "UseJwt"
    assert authorizer["Properties"]["JwtConfiguration"] == {
        "Issuer": {"Ref": "JwtIssuer"},
        "Audience": [{"Ref": "JwtAudience"}],
    }
    assert api["Conditions"]["UseJwt"] == {"Fn::Not": [{"Fn::Equals": [{"Ref": "JwtIssuer"}, ""]}]}
    assert "JwtIssuerAndAudienceTogether" in api["Rules"]


def test_each_route_is_throttled_by_parameters_starts_and_cancels_lower_and_the_stage_access_logged(
    api: dict[str, Any],
) -> None:
    stage = api["Resources"]["DefaultStage"]
    log_group = api["Resources"]["AccessLogGroup"]["Properties"]
    start_limits = {
        "ThrottlingBurstLimit": {"Ref": "StartThrottlingBurstLimit"},
        "ThrottlingRateLimit": {"Ref": "StartThrottlingRateLimit"},
    }
    parameters = api["Parameters"]

    assert stage["Properties"]["DefaultRouteSettings"] == {
        "ThrottlingBurstLimit": {"Ref": "ThrottlingBurstLimit"},
        "ThrottlingRateLimit": {"Ref": "ThrottlingRateLimit"},
    }
    assert stage["Properties"]["RouteSettings"] == {
        "POST /recipes": start_limits,
        "DELETE /recipes/{request_id}": start_limits,
    }
    assert set(stage["DependsOn"]) == {"StartRecipeRoute", "CancelRecipeRoute"}  # a route setting needs its route
    defaults = [parameters[name]["Default"] for name in ("ThrottlingBurstLimit", "ThrottlingRateLimit")]
    start_defaults = [parameters[name]["Default"] for name in ("StartThrottlingBurstLimit", "StartThrottlingRateLimit")]
    assert (defaults, start_defaults) == ([20, 10], [10, 5])
    assert stage["Properties"]["AccessLogSettings"]["DestinationArn"] == {"Fn::GetAtt": ["AccessLogGroup", "Arn"]}
    line = (
        stage["Properties"]["AccessLogSettings"]["Format"].replace("\n", "").replace("$context.responseLatency", "12")
    )
    assert json.loads(line)["latencyMs"] == 12  # a number, for the latency metric filter
    assert set(json.loads(line)) >= {"requestId", "caller", "routeKey", "status", "latencyMs"}
    assert log_group["RetentionInDays"] == {"Ref": "LogRetentionDays"}


def test_cors_is_a_parameter_applied_by_the_http_api_itself_and_off_by_default(api: dict[str, Any]) -> None:
    cors = api["Resources"]["HttpApi"]["Properties"]["CorsConfiguration"]["Fn::If"]
    origins = api["Parameters"]["CorsAllowOrigins"]

    assert (cors[0], cors[2], origins["Default"]) == ("AllowCors", {"Ref": "AWS::NoValue"}, "")
    assert cors[1] == {
        "AllowOrigins": {"Fn::Split": [",", {"Ref": "CorsAllowOrigins"}]},
        "AllowMethods": ["GET", "POST", "DELETE"],
        "AllowHeaders": [
            "authorization",
            "content-type",
            "idempotency-key",
            "x-amz-date",
            "x-amz-security-token",
            "x-amz-content-sha256",
        ],
        "ExposeHeaders": ["location", "retry-after"],
        "MaxAge": 600,
    }
    for good in ["", "*", "https://app.example.com", "https://a.example,http://localhost:3000"]:
        assert re.fullmatch(origins["AllowedPattern"], good), good
    for bad in ["app.example.com", "https://a.example/path", "https://a, https://b", "ftp://x"]:
        assert not re.fullmatch(origins["AllowedPattern"], bad), bad


def test_the_api_function_has_reserved_concurrency_unless_the_parameter_is_0(api: dict[str, Any]) -> None:
    function = api["Resources"]["ApiFunction"]["Properties"]

    assert function["ReservedConcurrentExecutions"] == {
        "Fn::If": ["ReserveConcurrency", {"Ref": "ApiReservedConcurrency"}, {"Ref": "AWS::NoValue"}]
    }
    assert api["Conditions"]["ReserveConcurrency"] == {
        "Fn::Not": [{"Fn::Equals": [{"Ref": "ApiReservedConcurrency"}, 0]}]
    }
    assert api["Parameters"]["ApiReservedConcurrency"]["Default"] == 20


def test_429s_and_the_p95_latency_of_starts_come_from_the_access_log_and_alarm(api: dict[str, Any]) -> None:
    """An HTTP API publishes no 429 metric, and its Latency includes GET ?wait: both are metric filters."""
    resources = api["Resources"]
    throttled, latency = (
        resources["ThrottledMetricFilter"]["Properties"],
        resources["StartLatencyMetricFilter"]["Properties"],
    )
    throttled_alarm, latency_alarm = (
        resources["Api429Alarm"]["Properties"],
        resources["StartLatencyAlarm"]["Properties"],
    )

    assert (throttled["LogGroupName"], throttled["FilterPattern"]) == (
        {"Ref": "AccessLogGroup"},
        '{ $.status = "429" }',
    )
    assert (latency["FilterPattern"], latency["MetricTransformations"][0]["MetricValue"]) == (
        '{ $.routeKey = "POST /recipes" }',
        "$.latencyMs",
    )
    assert (throttled_alarm["MetricName"], throttled_alarm["Statistic"], throttled_alarm["Threshold"]) == (
        throttled["MetricTransformations"][0]["MetricName"],
        "Sum",
        10,
    )
    assert (latency_alarm["MetricName"], latency_alarm["ExtendedStatistic"], latency_alarm["Threshold"]) == (
        latency["MetricTransformations"][0]["MetricName"],
        "p95",
        3000,
    )
    for alarm in (throttled_alarm, latency_alarm):
        assert alarm["Namespace"] == throttled["MetricTransformations"][0]["MetricNamespace"]
        assert alarm["TreatMissingData"] == "notBreaching"


def test_an_alarm_watches_the_stages_5xx(api: dict[str, Any]) -> None:
    alarm = api["Resources"]["Api5xxAlarm"]["Properties"]

    assert (alarm["Namespace"], alarm["MetricName"], alarm["Statistic"], alarm["Threshold"]) == (
        "AWS/ApiGateway",
        "5xx",
        "Sum",
        1,
    )
    assert alarm["Dimensions"] == [
        {"Name": "ApiId", "Value": {"Ref": "HttpApi"}},
        {"Name": "Stage", "Value": "$default"},
    ]
    assert alarm["TreatMissingData"] == "notBreaching"


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_each_api_environment_sits_on_the_workflow_stack_of_the_same_environment(
    api_samconfig: dict[str, Any], samconfig: dict[str, Any], template: dict[str, Any], environment: str
) -> None:
    stack = api_samconfig[environment]["global"]["parameters"]["stack_name"]
    deploy = api_samconfig[environment]["deploy"]["parameters"]
    workflow_stack = samconfig[environment]["global"]["parameters"]["stack_name"]
    workflow_overrides = samconfig[environment]["deploy"]["parameters"]["parameter_overrides"]
    workflow_type = template["Parameters"]["WorkflowType"]["Default"]
    if "WorkflowType=" in workflow_overrides:
        workflow_type = workflow_overrides.split('WorkflowType="', 1)[1].split('"', 1)[0]
    prefix = workflow_overrides.split('NamePrefix="', 1)[1].split('"', 1)[0]

    assert stack == {"default": "ai-chef-api"}.get(environment, f"ai-chef-api-{environment}")
    assert deploy["s3_prefix"] == stack, "artifacts land under the prefix the API deploy role may write"
    assert f'WorkflowStackName="{workflow_stack}"' in deploy["parameter_overrides"]
    assert f'WorkflowType="{workflow_type}"' in deploy["parameter_overrides"]
    assert f'NamePrefix="{prefix}"' in deploy["parameter_overrides"]
    assert deploy["capabilities"] == "CAPABILITY_IAM"


# --- the SAM CLI ----------------------------------------------------------------------------------------------------


def test_sam_validate_lint_says_the_api_template_is_valid() -> None:
    result = run_sam("validate", "--lint", "--template", str(API_TEMPLATE), timeout=180)

    assert result.returncode == 0, output_of(result)
    assert "api/template.yaml is a valid SAM Template" in result.stdout + result.stderr, output_of(result)


@pytest.fixture(scope="module")
def api_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sam-api")
    result = run_sam(
        "build",
        "--template",
        str(API_TEMPLATE),
        "--no-cached",
        "--build-dir",
        str(root / "build"),
        "--cache-dir",
        str(root / "cache"),
        timeout=600,
    )
    assert result.returncode == 0, output_of(result)
    return root / "build"


@pytest.mark.slow
def test_sam_build_makes_the_function_zip_our_modules_only_and_an_arm64_layer(api_build: Path) -> None:
    function = api_build / "ApiFunction"
    python = api_build / "ApiLayer" / "python"
    shared_objects = sorted(python.rglob("*.so"))

    assert sorted(path.name for path in function.iterdir()) == [
        "accept_language.py",
        "api_models.py",
        "app.py",
        "callers.py",
        "front_door.py",
        "openapi_document.py",
        "recipe_requests.py",
        "request_ledger.py",
        "requirements.txt",
        "workflow_gateway.py",
    ]
    assert {"aichef", "aws_lambda_powertools", "pydantic", "pydantic_core"} <= importable_names(python)
    assert shared_objects and {elf_machine(path) for path in shared_objects} == {ELF_MACHINE_AARCH64}


@pytest.mark.slow
def test_every_import_of_the_api_function_is_in_its_zip_its_layer_or_the_runtime(api_build: Path) -> None:
    import sys

    available = (
        set(sys.stdlib_module_names)
        | RUNTIME_PROVIDED
        | importable_names(api_build / "ApiLayer" / "python")
        | importable_names(api_build / "ApiFunction")
    )
    missing = {
        path.name: sorted(top_level_imports(path) - available) for path in (api_build / "ApiFunction").glob("*.py")
    }

    assert {name: names for name, names in missing.items() if names} == {}


@pytest.mark.slow
def test_the_api_function_with_its_layer_stays_within_5_mb_zipped_and_its_zip_within_64_kib(api_build: Path) -> None:
    from aichef_local.packaging import zipped_size

    function, layer = zipped_size(api_build / "ApiFunction"), zipped_size(api_build / "ApiLayer")

    assert function + layer <= 5 * 1024 * 1024, f"function {function / 1024:.1f} KiB, layer {layer / 1024:.1f} KiB"
    assert function <= 64 * 1024, f"{function / 1024:.1f} KiB: dependencies leaked into the function zip"
