"""template.yaml and the state machine definition it deploys: names, limits, logging, alarm, IAM and the ASL graph.

ARCHITECTURE.md §1 is the specification. IAM is checked twice: as written in template.yaml, and as deployed, i.e.
after the AWS::Serverless-2016-10-31 transform (aws-sam-translator, offline), which expands SAM policy templates and
adds the managed policies SAM attaches by itself.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .support import REPO

FUNCTIONS = {"RecipeFunction": "recipe", "PriceFunction": "price", "CombineFunction": "combine"}
TABLES = {
    "RecipesTable": ("ai-chef-recipes", "request_id"),
    "PricesTable": ("ai-chef-prices", "name"),
    "RecipeCacheTable": ("ai-chef-recipe-cache", "cache_key"),
}
LAMBDA_SERVICE_ERRORS = {
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
    "Lambda.ClientExecutionTimeoutException",
}
LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke"
DYNAMODB_PUT_ITEM = "arn:aws:states:::dynamodb:putItem"
# Actions AWS documents as supporting no resource-level permissions, so `Resource: "*"` is the narrowest possible.
STAR_RESOURCE_ACTIONS = {
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
}
# AWS managed policies SAM attaches by itself (basic execution logs; Tracing) - the only ones the stack may use.
ALLOWED_MANAGED_POLICIES = {
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
}
SCOPED_SERVICES = {
    "dynamodb": {"AWS::DynamoDB::Table"},
    "lambda": {"AWS::Serverless::Function", "AWS::Lambda::Function", "AWS::Lambda::Alias"},
}
CLOUDWATCH_RETENTION_DAYS = {
    1,
    3,
    5,
    7,
    14,
    30,
    60,
    90,
    120,
    150,
    180,
    365,
    400,
    545,
    731,
    1096,
    1827,
    2192,
    2557,
    2922,
    3288,
    3653,
}
PLACEHOLDER = re.compile(r"\$\{([^}]+)\}")


def sub(text: str) -> dict[str, str]:
    return {"Fn::Sub": text}


def ref(name: str) -> dict[str, str]:
    return {"Ref": name}


def get_att(resource: str, attribute: str) -> dict[str, list[str]]:
    return {"Fn::GetAtt": [resource, attribute]}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def referenced_ids(expression: Any) -> set[str]:
    """Logical ids an intrinsic expression refers to (Ref, GetAtt, Sub placeholders), pseudo parameters included."""
    if isinstance(expression, list):
        return set().union(*(referenced_ids(item) for item in expression)) if expression else set()
    if not isinstance(expression, dict):
        return set()
    if "Ref" in expression:
        return {expression["Ref"].removesuffix(".Alias")}  # SAM's FunctionLogicalId.Alias: that function's alias
    if "Fn::GetAtt" in expression:
        target = expression["Fn::GetAtt"]
        return {target[0] if isinstance(target, list) else target.split(".")[0]}
    if "Fn::Sub" in expression:
        text, variables = (
            (expression["Fn::Sub"], {}) if isinstance(expression["Fn::Sub"], str) else expression["Fn::Sub"]
        )
        names = {name.split(".")[0] for name in PLACEHOLDER.findall(text) if not name.startswith("!")}
        return (names - set(variables)) | referenced_ids(list(variables.values()))
    return referenced_ids(list(expression.values()))


# --- Transform and Globals ------------------------------------------------------------------------------------------


def test_template_is_a_sam_template(template: dict[str, Any]) -> None:
    assert template["Transform"] == "AWS::Serverless-2016-10-31"


def test_globals_run_every_function_on_python313_arm64_with_powertools_settings(template: dict[str, Any]) -> None:
    function_globals = template["Globals"]["Function"]
    variables = function_globals["Environment"]["Variables"]

    assert function_globals["Runtime"] == "python3.13"
    assert function_globals["Architectures"] == [ref("Architecture")]
    assert template["Parameters"]["Architecture"]["Default"] == "arm64"
    assert variables["POWERTOOLS_METRICS_NAMESPACE"] == "AiChef"
    assert variables["POWERTOOLS_LOG_LEVEL"] == ref("LogLevel")
    assert variables["POWERTOOLS_LOGGER_LOG_EVENT"] == "false"  # events carry user input: never log them whole


def test_no_function_overrides_the_global_runtime_or_architecture(resources: dict[str, Any]) -> None:
    overrides = {
        name: sorted({"Runtime", "Architectures"} & set(r["Properties"]))
        for name, r in resources.items()
        if r["Type"] == "AWS::Serverless::Function"
    }

    assert {name: keys for name, keys in overrides.items() if keys} == {}


def test_functions_get_the_shared_layer_built_for_python313_arm64(
    template: dict[str, Any], resources: dict[str, Any]
) -> None:
    layer = resources["SharedLayer"]

    assert template["Globals"]["Function"]["Layers"] == [ref("SharedLayer")]
    assert layer["Type"] == "AWS::Serverless::LayerVersion"
    assert layer["Metadata"] == {"BuildMethod": "python3.13", "BuildArchitecture": ref("Architecture")}
    assert layer["Properties"]["CompatibleRuntimes"] == ["python3.13"]
    assert layer["Properties"]["CompatibleArchitectures"] == [ref("Architecture")]
    assert (REPO / layer["Properties"]["ContentUri"] / "requirements.txt").is_file()


def test_the_architecture_is_a_parameter_lambda_accepts_arm64_by_default(template: dict[str, Any]) -> None:
    """arm64 as deployed; x86_64 only so that a local container build can match an x86_64 host (make sam-local).
    https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html (Architectures: x86_64 | arm64)"""
    parameter = template["Parameters"]["Architecture"]

    assert (parameter["Type"], parameter["Default"], parameter["AllowedValues"]) == (
        "String",
        "arm64",
        ["arm64", "x86_64"],
    )


# --- Functions ------------------------------------------------------------------------------------------------------


def test_the_stack_has_exactly_the_three_functions(resources: dict[str, Any]) -> None:
    assert {name for name, r in resources.items() if r["Type"] == "AWS::Serverless::Function"} == set(FUNCTIONS)


@pytest.mark.parametrize(("logical_id", "short"), sorted(FUNCTIONS.items()))
def test_function_name_handler_code_and_limits(resources: dict[str, Any], logical_id: str, short: str) -> None:
    properties = resources[logical_id]["Properties"]
    code_dir = REPO / properties["CodeUri"]
    module = ast.parse((code_dir / "app.py").read_text("utf-8"))
    handlers = [node.name for node in module.body if isinstance(node, ast.FunctionDef)]

    assert properties["FunctionName"] == sub(f"${{NamePrefix}}ai-chef-{short}")
    assert properties["CodeUri"].rstrip("/") == f"functions/{short}"
    assert properties["Handler"] == "app.lambda_handler"
    assert "lambda_handler" in handlers, f"functions/{short}/app.py defines {handlers}"
    assert (code_dir / "requirements.txt").is_file()
    assert isinstance(properties["Timeout"], int) and 1 <= properties["Timeout"] <= 900
    assert isinstance(properties["MemorySize"], int) and 128 <= properties["MemorySize"] <= 10240
    assert properties["Environment"]["Variables"]["POWERTOOLS_SERVICE_NAME"] == f"ai-chef-{short}"


@pytest.mark.parametrize(("logical_id", "short"), sorted(FUNCTIONS.items()))
def test_function_logs_go_to_its_own_log_group_with_the_retention_parameter(
    resources: dict[str, Any], logical_id: str, short: str
) -> None:
    log_group_ref = resources[logical_id]["Properties"]["LoggingConfig"]["LogGroup"]
    log_group = resources[log_group_ref["Ref"]]

    assert log_group["Type"] == "AWS::Logs::LogGroup"
    assert log_group["Properties"] == {
        "LogGroupName": sub(f"/aws/lambda/${{NamePrefix}}ai-chef-{short}"),
        "RetentionInDays": ref("LogRetentionDays"),
    }


def lambda_tasks_by_function(asl: dict[str, Any], substitutions: dict[str, Any]) -> dict[str, dict[str, int]]:
    """{function logical id: {task name: TimeoutSeconds}} for every lambda:invoke Task, Parallel branches included."""
    tasks: dict[str, dict[str, int]] = {}
    for name, state, _ in walk_states(asl):
        if state["Type"] != "Task" or not state["Resource"].startswith(LAMBDA_INVOKE):
            continue
        target = state["Arguments"]["FunctionName"]
        match = re.fullmatch(r"\$\{(\w+)\}", target)
        assert match, f"{name} invokes {target!r}: use a DefinitionSubstitutions placeholder, not a literal"
        (function,) = referenced_ids(substitutions[match.group(1)])
        tasks.setdefault(function, {})[name] = state.get("TimeoutSeconds")
    return tasks


def test_each_function_is_invoked_by_the_expected_tasks(
    asl: dict[str, Any], state_machine: tuple[str, dict[str, Any]]
) -> None:
    tasks = lambda_tasks_by_function(asl, state_machine[1]["DefinitionSubstitutions"])

    assert {function: sorted(names) for function, names in tasks.items()} == {
        "RecipeFunction": ["GenerateRecipe"],
        "PriceFunction": ["GetPricing", "PriceGaps"],
        "CombineFunction": ["CombineResults"],
    }


@pytest.mark.parametrize("logical_id", sorted(FUNCTIONS))
def test_function_timeout_is_below_the_timeout_of_every_task_that_invokes_it(
    resources: dict[str, Any], asl: dict[str, Any], state_machine: tuple[str, dict[str, Any]], logical_id: str
) -> None:
    """Otherwise Step Functions gives up (States.Timeout) while the function still runs and its error is lost."""
    timeout = resources[logical_id]["Properties"]["Timeout"]
    tasks = lambda_tasks_by_function(asl, state_machine[1]["DefinitionSubstitutions"])[logical_id]

    assert tasks, f"no Task invokes {logical_id}"
    assert {
        task: seconds for task, seconds in tasks.items() if not (isinstance(seconds, int) and timeout < seconds)
    } == {}, f"{logical_id} Timeout is {timeout} s"


# --- State machine --------------------------------------------------------------------------------------------------


def test_state_machine_name_type_and_definition_file(state_machine: tuple[str, dict[str, Any]]) -> None:
    _, properties = state_machine
    definition = REPO / properties["DefinitionUri"]

    assert properties["Name"] == {
        "Fn::If": [
            "IsExpress",
            sub("${NamePrefix}ai-chef-recipe-workflow-express"),
            sub("${NamePrefix}ai-chef-recipe-workflow"),
        ]
    }
    assert properties["Type"] == ref("WorkflowType")
    assert definition.parent == REPO / "statemachine" and definition.is_file(), properties["DefinitionUri"]
    assert "Definition" not in properties, "the definition lives in statemachine/, never inline"


def test_every_placeholder_in_the_definition_has_a_substitution_and_vice_versa(
    state_machine: tuple[str, dict[str, Any]], asl_path: Path
) -> None:
    placeholders = set(PLACEHOLDER.findall(asl_path.read_text("utf-8")))
    substitutions = state_machine[1]["DefinitionSubstitutions"]

    assert placeholders == set(substitutions)
    assert substitutions == {
        "RecipeFunctionArn": ref("RecipeFunction.Alias"),
        "PriceFunctionArn": ref("PriceFunction.Alias"),
        "CombineFunctionArn": ref("CombineFunction.Alias"),
        "RecipesTableName": ref("RecipesTable"),
        **{
            f"Model{name}": {"Fn::FindInMap": ["ModelRetry", ref("WorkflowType"), name]}
            for name in (
                "ThrottledIntervalSeconds",
                "ThrottledMaxAttempts",
                "ThrottledMaxDelaySeconds",
                "UnavailableMaxAttempts",
            )
        },
    }


def test_workflow_type_is_standard_unless_express_is_chosen(template: dict[str, Any]) -> None:
    parameter = template["Parameters"]["WorkflowType"]

    # STANDARD by default: exactly-once steps, so the conditional putItem records each execution once
    assert parameter["Default"] == "STANDARD"
    assert parameter["AllowedValues"] == ["STANDARD", "EXPRESS"]
    assert template["Conditions"]["IsExpress"] == {"Fn::Equals": [ref("WorkflowType"), "EXPRESS"]}


def test_state_machine_logs_errors_with_execution_data_to_the_workflow_log_group(
    state_machine: tuple[str, dict[str, Any]],
) -> None:
    # Express keeps no execution history: its log group gets every event (ALL), Standard only errors
    assert state_machine[1]["Logging"] == {
        "Level": {"Fn::If": ["IsExpress", "ALL", "ERROR"]},
        "IncludeExecutionData": True,
        "Destinations": [{"CloudWatchLogsLogGroup": {"LogGroupArn": get_att("WorkflowLogGroup", "Arn")}}],
    }


def test_workflow_log_group_name_and_retention(template: dict[str, Any], resources: dict[str, Any]) -> None:
    log_group = resources["WorkflowLogGroup"]
    retention = template["Parameters"]["LogRetentionDays"]

    assert log_group["Type"] == "AWS::Logs::LogGroup"
    assert log_group["Properties"]["LogGroupName"] == sub("/aws/stepfunctions/${NamePrefix}ai-chef-workflow")
    assert log_group["Properties"]["RetentionInDays"] == ref("LogRetentionDays")
    assert retention["Default"] == 7
    assert set(retention["AllowedValues"]) <= CLOUDWATCH_RETENTION_DAYS, "a value CloudWatch Logs would reject"
    assert retention["Default"] in retention["AllowedValues"]


def test_every_parameter_default_is_an_allowed_value(template: dict[str, Any]) -> None:
    bad = {
        name: spec["Default"]
        for name, spec in template["Parameters"].items()
        if "AllowedValues" in spec and spec.get("Default") not in spec["AllowedValues"]
    }

    assert bad == {}


# --- Tables ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("logical_id", "expected"), sorted(TABLES.items()))
def test_table_name_key_and_billing(resources: dict[str, Any], logical_id: str, expected: tuple[str, str]) -> None:
    name, key = expected
    table = resources[logical_id]
    properties = table["Properties"]

    assert table["Type"] == "AWS::DynamoDB::Table"
    assert properties["TableName"] == sub(f"${{NamePrefix}}{name}")
    assert properties["KeySchema"] == [{"AttributeName": key, "KeyType": "HASH"}]
    assert properties["AttributeDefinitions"] == [{"AttributeName": key, "AttributeType": "S"}]
    assert properties["BillingMode"] == "PAY_PER_REQUEST"


def test_the_recipe_cache_expires_by_ttl_on_the_attribute_powertools_writes(resources: dict[str, Any]) -> None:
    from aichef import recipe_cache

    table = resources["RecipeCacheTable"]["Properties"]
    function = resources["RecipeFunction"]["Properties"]["Environment"]["Variables"]

    assert table["TimeToLiveSpecification"] == {"AttributeName": recipe_cache.EXPIRES_AT, "Enabled": True}
    assert table["KeySchema"][0]["AttributeName"] == recipe_cache.KEY
    assert function["RECIPE_CACHE_TABLE"] == {"Ref": "RecipeCacheTable"}
    assert function["RECIPE_CACHE_TTL_HOURS"] == {"Ref": "RecipeCacheTtlHours"}
    assert function["BEDROCK_MODEL_ID"] == {"Ref": "BedrockModelId"}
    assert function["RECIPE_ENGINE"] == {"Ref": "RecipeEngine"}


def test_engine_and_model_parameters(template: dict[str, Any]) -> None:
    parameters = template["Parameters"]
    pattern = re.compile(parameters["BedrockModelId"]["AllowedPattern"])

    assert parameters["RecipeEngine"]["AllowedValues"] == ["bedrock", "catalog"]
    assert parameters["RecipeEngine"]["Default"] == "bedrock"
    assert parameters["BedrockModelId"]["Default"] == "global.anthropic.claude-haiku-4-5-20251001-v1:0"
    for profile in (
        "us.anthropic.claude-haiku-4-5-20251001-v1:0",
        "eu.amazon.nova-lite-v1:0",
        "apac.anthropic.claude-sonnet-4-20250514-v1:0",
    ):
        assert pattern.fullmatch(profile), profile
    # a bare foundation model id is refused: the IAM grant is written for an inference profile
    assert not pattern.fullmatch("anthropic.claude-haiku-4-5-20251001-v1:0")


@pytest.mark.parametrize(
    ("profile", "forced_tool"),
    [
        ("global.anthropic.claude-haiku-4-5-20251001-v1:0", True),
        ("us.anthropic.claude-3-haiku-20240307-v1:0", True),
        ("us.anthropic.claude-3-5-sonnet-20241022-v2:0", True),
        ("us.anthropic.claude-3-7-sonnet-20250219-v1:0", True),
        ("us.anthropic.claude-opus-4-1-20250805-v1:0", True),
        ("eu.anthropic.claude-sonnet-4-5-20250929-v1:0", True),
        ("us.amazon.nova-micro-v1:0", True),
        ("apac.amazon.nova-pro-v1:0", True),
        ("us.amazon.nova-premier-v1:0", True),
        ("global.amazon.nova-2-lite-v1:0", True),
        ("us.anthropic.claude-v2:1", False),
        ("us.anthropic.claude-instant-v1", False),
        ("us.meta.llama3-1-70b-instruct-v1:0", False),
        ("us.mistral.pixtral-large-2502-v1:0", False),
        ("us.deepseek.r1-v1:0", False),
        ("us.amazon.nova-canvas-v1:0", False),
        ("us.amazon.titan-text-premier-v1:0", False),
    ],
)
def test_the_model_parameter_admits_only_models_that_accept_a_forced_tool(
    template: dict[str, Any], profile: str, forced_tool: bool
) -> None:
    """The engine sends toolChoice.tool, "only supported by Anthropic Claude 3 and Amazon Nova models"
    (API_runtime_ToolChoice.html): any other model fails every request, so the stack refuses it at deploy time."""
    pattern = re.compile(template["Parameters"]["BedrockModelId"]["AllowedPattern"])

    assert bool(pattern.fullmatch(profile)) is forced_tool


# --- Alarm and outputs ----------------------------------------------------------------------------------------------


def test_executions_failed_alarm(resources: dict[str, Any], state_machine: tuple[str, dict[str, Any]]) -> None:
    alarms = [
        r["Properties"]
        for r in resources.values()
        if r["Type"] == "AWS::CloudWatch::Alarm" and r["Properties"].get("MetricName") == "ExecutionsFailed"
    ]

    assert len(alarms) == 1, alarms
    alarm = alarms[0]
    assert alarm["Namespace"] == "AWS/States"
    assert alarm["Dimensions"] == [{"Name": "StateMachineArn", "Value": ref(state_machine[0])}]
    assert alarm["Statistic"] == "Sum"
    assert alarm["Period"] == 300
    assert alarm["EvaluationPeriods"] == 1
    assert alarm["Threshold"] == 1
    assert alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
    assert alarm["TreatMissingData"] == "notBreaching"


def test_state_machine_arn_is_exported_for_the_api_stack(
    template: dict[str, Any], state_machine: tuple[str, dict[str, Any]]
) -> None:
    output = template["Outputs"]["StateMachineArn"]

    assert output["Value"] == ref(state_machine[0])
    assert output["Export"] == {"Name": sub("${AWS::StackName}-StateMachineArn")}


# --- IAM ------------------------------------------------------------------------------------------------------------


def source_statements(resources: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """(owner, statement) for every inline IAM statement written in the template."""
    for name, resource in resources.items():
        properties = resource.get("Properties", {})
        if resource["Type"] in ("AWS::Serverless::Function", "AWS::Serverless::StateMachine"):
            for policy in as_list(properties.get("Policies", [])):
                if isinstance(policy, dict) and "Statement" in policy:
                    for statement in as_list(policy["Statement"]):
                        yield name, statement
        elif resource["Type"] == "AWS::IAM::Role":
            for policy in properties.get("Policies", []):
                for statement in as_list(policy["PolicyDocument"]["Statement"]):
                    yield name, statement
        elif resource["Type"] in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            for statement in as_list(properties["PolicyDocument"]["Statement"]):
                yield name, statement


def statement_problems(statement: dict[str, Any], resources: dict[str, Any]) -> list[str]:
    """What makes an Allow statement broader than least privilege."""
    if statement.get("Effect") != "Allow":
        return []
    problems = [f"uses {key}" for key in ("NotAction", "NotResource") if key in statement]
    actions = [str(action) for action in as_list(statement.get("Action", []))]
    targets = as_list(statement.get("Resource", []))
    problems += [f"wildcard action {action}" for action in actions if "*" in action]
    if "*" in targets:
        problems += [f"{action} on Resource '*'" for action in actions if action not in STAR_RESOURCE_ACTIONS]
    for action in actions:
        allowed_types = SCOPED_SERVICES.get(action.split(":")[0])
        if allowed_types is None:
            continue
        for target in targets:
            named = {rid for rid in referenced_ids(target) if resources.get(rid, {}).get("Type") in allowed_types}
            if not named:
                problems.append(f"{action} on {target!r}, not a named {'/'.join(sorted(allowed_types))} of the stack")
    return problems


def test_iam_statements_in_the_template_are_least_privilege(resources: dict[str, Any]) -> None:
    statements = list(source_statements(resources))
    problems = {
        f"{owner} #{index} {statement.get('Sid', '')}": statement_problems(statement, resources)
        for index, (owner, statement) in enumerate(statements)
    }

    assert statements, "no inline IAM statement found: the walker is broken"
    assert {key: found for key, found in problems.items() if found} == {}


def test_no_sam_policy_template_grants_by_name_prefix(resources: dict[str, Any]) -> None:
    found = []
    for name, resource in resources.items():
        for policy in as_list(resource.get("Properties", {}).get("Policies", [])):
            assert not isinstance(policy, str), f"{name} attaches the managed policy {policy}"
            if isinstance(policy, dict) and "Statement" not in policy:
                ((template_name, parameters),) = policy.items()
                targets = {rid for rid in referenced_ids(parameters) if rid in resources}
                found.append((name, template_name, sorted(targets)))

    # SAM's LambdaInvokePolicy grants `function:<name>*` (a prefix); the invoke statement is inline on exact ARNs
    assert found == []


@pytest.fixture(scope="module")
def transformed(template: dict[str, Any]) -> dict[str, Any]:
    """The template after the SAM transform, as CloudFormation will receive it (local URIs replaced by S3 ones)."""
    from .conftest import transform_with

    return transform_with(template, {})


def deployed_grants(transformed: dict[str, Any]) -> dict[str, set[tuple[str, str]]]:
    """{principal logical id: {(action, target logical id)}} of the dynamodb and lambda grants after the transform."""
    resources = transformed["Resources"]
    owners = {}
    for name, resource in resources.items():
        role = resource.get("Properties", {}).get("Role") or resource.get("Properties", {}).get("RoleArn")
        if isinstance(role, dict):
            owners[next(iter(referenced_ids(role)))] = name
    grants: dict[str, set[tuple[str, str]]] = {}
    for name, resource in resources.items():
        if resource["Type"] != "AWS::IAM::Role":
            continue
        for policy in resource["Properties"].get("Policies", []):
            for statement in as_list(policy["PolicyDocument"]["Statement"]):
                if statement.get("Effect") != "Allow":
                    continue
                for action in as_list(statement["Action"]):
                    if action.split(":")[0] in SCOPED_SERVICES:
                        for target in as_list(statement["Resource"]):
                            for rid in referenced_ids(target) & set(resources):
                                grants.setdefault(owners[name], set()).add((action, function_of(rid, resources)))
    return grants


def function_of(rid: str, resources: dict[str, Any]) -> str:
    """A generated AWS::Lambda::Alias stands for its function (the source template names FunctionLogicalId.Alias)."""
    if resources[rid]["Type"] == "AWS::Lambda::Alias":
        (function,) = referenced_ids(resources[rid]["Properties"]["FunctionName"])
        return str(function)
    return rid


def test_deployed_roles_are_least_privilege(transformed: dict[str, Any]) -> None:
    resources = transformed["Resources"]
    roles = {name: r["Properties"] for name, r in resources.items() if r["Type"] == "AWS::IAM::Role"}
    problems = {}
    for name, role in roles.items():
        for policy in role.get("Policies", []):
            for index, statement in enumerate(as_list(policy["PolicyDocument"]["Statement"])):
                problems[f"{name}/{policy['PolicyName']} #{index} {statement.get('Sid', '')}"] = statement_problems(
                    statement, resources
                )
    managed = {
        name: sorted(set(role.get("ManagedPolicyArns", [])) - ALLOWED_MANAGED_POLICIES) for name, role in roles.items()
    }

    assert sorted(roles) == ["CombineFunctionRole", "PriceFunctionRole", "RecipeFunctionRole", "RecipeWorkflowRole"]
    assert {key: found for key, found in problems.items() if found} == {}
    assert {name: arns for name, arns in managed.items() if arns} == {}
    # Named roles would need CAPABILITY_NAMED_IAM; samconfig grants CAPABILITY_IAM.
    assert [name for name, role in roles.items() if "RoleName" in role] == []


def required_by_the_definition(asl: dict[str, Any], substitutions: dict[str, Any]) -> set[tuple[str, str]]:
    """(IAM action, target logical id) every service-integration Task of the definition needs."""
    needed = set()
    for name, state, _ in walk_states(asl):
        if state["Type"] != "Task":
            continue
        resource = state["Resource"]
        if resource.startswith(LAMBDA_INVOKE):
            placeholder = re.fullmatch(r"\$\{(\w+)\}", state["Arguments"]["FunctionName"]).group(1)
            needed |= {("lambda:InvokeFunction", rid) for rid in referenced_ids(substitutions[placeholder])}
        elif match := re.fullmatch(r"arn:aws:states:::dynamodb:(\w+)", resource):
            placeholder = re.fullmatch(r"\$\{(\w+)\}", state["Arguments"]["TableName"]).group(1)
            action = "dynamodb:" + match.group(1)[0].upper() + match.group(1)[1:]
            needed |= {(action, rid) for rid in referenced_ids(substitutions[placeholder])}
        else:
            pytest.fail(f"{name}: unexpected Task resource {resource}")
    return needed


DYNAMODB_CLIENT_CALL = re.compile(
    r"\.(batch_get_item|batch_write_item|get_item|put_item|update_item|delete_item|query"
    r"|scan|transact_get_items|transact_write_items)\("
)


def dynamodb_actions_called_in(paths: list[Path]) -> set[str]:
    """The IAM actions of the DynamoDB client calls in these source files (`batch_get_item` -> BatchGetItem)."""
    calls = {m for path in paths for m in DYNAMODB_CLIENT_CALL.findall(path.read_text("utf-8"))}
    return {"dynamodb:" + "".join(word.title() for word in call.split("_")) for call in calls}


def test_granted_dynamodb_and_lambda_actions_are_exactly_the_ones_used(
    transformed: dict[str, Any], asl: dict[str, Any], state_machine: tuple[str, dict[str, Any]]
) -> None:
    """No missing grant (AccessDenied in production) and no unused one (least privilege)."""
    price_needs = dynamodb_actions_called_in([REPO / "functions/price/app.py", REPO / "layer/aichef/pricing.py"])
    cache_needs = dynamodb_actions_called_in([REPO / "functions/recipe/app.py", REPO / "layer/aichef/recipe_cache.py"])

    assert price_needs == {"dynamodb:BatchGetItem"}
    assert cache_needs == {
        "dynamodb:BatchGetItem",
        "dynamodb:PutItem",
        "dynamodb:BatchWriteItem",
        "dynamodb:DeleteItem",
    }
    assert deployed_grants(transformed) == {
        state_machine[0]: required_by_the_definition(asl, state_machine[1]["DefinitionSubstitutions"]),
        "PriceFunction": {(action, "PricesTable") for action in price_needs},
        "RecipeFunction": {(action, "RecipeCacheTable") for action in cache_needs},
    }


def test_bedrock_is_granted_only_on_the_configured_inference_profile(resources: dict[str, Any]) -> None:
    """InvokeModel (all Converse needs) on the profile, and on foundation models only through that profile."""
    granted = [
        (owner, statement)
        for owner, statement in source_statements(resources)
        if any(str(action).startswith("bedrock:") for action in as_list(statement["Action"]))
    ]
    statements = [statement for _, statement in granted]
    profile = {
        "Fn::Sub": "arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:inference-profile/${BedrockModelId}"
    }

    assert [owner for owner, _ in granted] == ["RecipeFunction", "RecipeFunction"]
    assert [as_list(statement["Action"]) for statement in statements] == [["bedrock:InvokeModel"]] * 2
    assert statements[0]["Resource"] == profile and "Condition" not in statements[0]
    assert statements[1]["Resource"] == {"Fn::Sub": "arn:${AWS::Partition}:bedrock:*::foundation-model/*"}
    assert statements[1]["Condition"] == {"StringEquals": {"bedrock:InferenceProfileArn": profile}}


# --- The state machine definition (ASL) -----------------------------------------------------------------------------


def walk_states(asl: dict[str, Any], scope: tuple[str, ...] = ()) -> Iterator[tuple[str, dict[str, Any], tuple]]:
    """(name, state, scope) for every state, nested branches included; scope names the enclosing Parallel/Map states."""
    for name, state in asl["States"].items():
        yield name, state, scope
        for branch in state.get("Branches", []):
            yield from walk_states(branch, (*scope, name))
        for key in ("ItemProcessor", "Iterator"):
            if key in state:
                yield from walk_states(state[key], (*scope, name))


def scope_states(asl: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """{state name: the States dict that holds it} - names are unique across the whole definition."""
    holders: dict[str, dict[str, Any]] = {}

    def collect(machine: dict[str, Any]) -> None:
        for name, state in machine["States"].items():
            assert name not in holders, f"state name {name} is used twice"
            holders[name] = machine["States"]
            for branch in state.get("Branches", []):
                collect(branch)
            for key in ("ItemProcessor", "Iterator"):
                if key in state:
                    collect(state[key])

    collect(asl)
    return holders


def successors(state: dict[str, Any]) -> list[str]:
    nexts = [state["Next"]] if "Next" in state else []
    nexts += [choice["Next"] for choice in state.get("Choices", [])]
    nexts += [state["Default"]] if "Default" in state else []
    return nexts


def test_definition_passes_the_asl_schema_of_cfn_lint(asl: dict[str, Any]) -> None:
    from cfnlint.api import ManualArgs, lint

    document = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {
            "Workflow": {
                "Type": "AWS::StepFunctions::StateMachine",
                "Properties": {"RoleArn": "arn:aws:iam::123456789012:role/workflow", "Definition": asl},
            }
        },
    }

    matches = lint(json.dumps(document), config=ManualArgs(regions=["us-east-1"]))

    assert [str(match) for match in matches] == []


JSONPATH_FIELDS = {
    "Parameters",
    "ResultPath",
    "ResultSelector",
    "InputPath",
    "OutputPath",
    "Variable",
    "ErrorPath",
    "CausePath",
    "ItemsPath",
    "TimeoutSecondsPath",
    "HeartbeatSecondsPath",
}


def test_query_language_is_jsonata_with_no_jsonpath_field(asl: dict[str, Any]) -> None:
    def keys(value: Any) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {key for item in value.values() for key in keys(item)}
        return {key for item in value for key in keys(item)} if isinstance(value, list) else set()

    assert asl["QueryLanguage"] == "JSONata"
    assert {state.get("QueryLanguage", "JSONata") for _, state, _ in walk_states(asl)} == {"JSONata"}
    assert keys(asl) & JSONPATH_FIELDS == set()
    assert not [key for key in keys(asl) if key.endswith(".$")]
    assert "$$." not in json.dumps(asl) and "States.Format" not in json.dumps(asl)


def test_the_definition_fits_in_12_states_and_300_lines(asl: dict[str, Any], asl_path: Path) -> None:
    states = [name for name, _, _ in walk_states(asl)]

    assert len(states) == 12, states
    assert len(asl_path.read_text("utf-8").splitlines()) <= 300


def test_every_transition_target_exists_and_every_state_is_reachable(asl: dict[str, Any]) -> None:
    holders = scope_states(asl)
    dangling, unreachable = [], []

    def check(machine: dict[str, Any]) -> None:
        states = machine["States"]
        reached, todo = set(), [machine["StartAt"]]
        while todo:
            name = todo.pop()
            if name in reached:
                continue
            if name not in states:
                dangling.append(name)
                continue
            reached.add(name)
            todo += successors(states[name]) + [catcher["Next"] for catcher in states[name].get("Catch", [])]
        unreachable.extend(sorted(set(states) - reached))
        for state in states.values():
            for branch in state.get("Branches", []):
                check(branch)

    check(asl)

    assert len(holders) == sum(1 for _ in walk_states(asl))
    assert (dangling, unreachable) == ([], [])


def test_top_level_flow(asl: dict[str, Any]) -> None:
    states = asl["States"]
    parallel = states["RecipeGeneration"]
    choice = states["AllPriced"]

    assert asl["StartAt"] == "RecipeGeneration"
    assert (parallel["Type"], parallel["Next"]) == ("Parallel", "CombineResults")
    assert [branch["StartAt"] for branch in parallel["Branches"]] == ["GenerateRecipe", "GetPricing"]
    assert [branch["States"][branch["StartAt"]]["Type"] for branch in parallel["Branches"]] == ["Task", "Task"]
    assert (states["CombineResults"]["Type"], states["CombineResults"]["Next"]) == ("Task", "AllPriced")
    assert choice["Type"] == "Choice"
    assert [rule["Next"] for rule in choice["Choices"]] == ["PriceGaps"]
    assert choice["Default"] == "SaveRecipe"
    assert (states["PriceGaps"]["Type"], states["PriceGaps"]["Next"]) == ("Task", "CombineResults")
    assert states["SaveRecipe"].get("End") is True


def test_request_recipe_and_quotes_live_in_variables(asl: dict[str, Any]) -> None:
    """The Parallel keeps what its branches made; Combine reads only variables, PriceGaps adds its quotes to them."""
    states = asl["States"]
    payload = states["CombineResults"]["Arguments"]["Payload"]

    assert states["RecipeGeneration"]["Assign"] == {
        "request": "{% $states.input %}",
        "recipe": "{% $states.result[0] %}",
        "quotes": "{% $states.result[1] %}",
        "gapsPriced": False,
    }
    assert {key: payload[key] for key in ("request", "recipe", "quotes")} == {
        "request": "{% $request %}",
        "recipe": "{% $recipe %}",
        "quotes": "{% $quotes %}",
    }
    assert states["PriceGaps"]["Assign"]["quotes"] == "{% $merge([$quotes, $states.result.Payload.quotes]) %}"


def test_combines_output_is_passed_on_unchanged(asl: dict[str, Any]) -> None:
    """Combine owns the output's shape (more fields are welcome): the save stores it whole and returns it whole."""
    states = asl["States"]
    save = states["SaveRecipe"]

    assert states["CombineResults"]["Output"] == "{% $states.result.Payload %}"
    assert save["Output"] == "{% $states.input.output %}"
    assert save["Arguments"]["Item"]["output"] == {"S": "{% $string($states.input.output) %}"}


def test_gaps_are_priced_at_most_once(asl: dict[str, Any]) -> None:
    """PriceGaps -> CombineResults -> AllPriced is a cycle: the `gapsPriced` variable is what keeps it to one pass."""
    states = asl["States"]
    (rule,) = states["AllPriced"]["Choices"]

    assert states["RecipeGeneration"]["Assign"]["gapsPriced"] is False
    assert states["PriceGaps"]["Assign"]["gapsPriced"] is True
    assert rule["Condition"] == "{% $count($states.input.pending) > 0 and $not($gapsPriced) %}"


def test_every_task_has_a_timeout_and_a_retry(asl: dict[str, Any]) -> None:
    tasks = {name: state for name, state, _ in walk_states(asl) if state["Type"] == "Task"}
    missing = {
        name: [key for key in ("TimeoutSeconds", "Retry") if not state.get(key)] for name, state in tasks.items()
    }

    assert sorted(tasks) == [
        "CombineResults",
        "GenerateRecipe",
        "GetPricing",
        "PriceGaps",
        "RecordFailure",
        "SaveRecipe",
    ]
    assert {name: keys for name, keys in missing.items() if keys} == {}
    assert all(isinstance(state["TimeoutSeconds"], int) and state["TimeoutSeconds"] > 0 for state in tasks.values())


def test_lambda_tasks_retry_the_lambda_service_errors_with_backoff(asl: dict[str, Any]) -> None:
    lambda_tasks = {
        name: state
        for name, state, _ in walk_states(asl)
        if state["Type"] == "Task" and state["Resource"].startswith(LAMBDA_INVOKE)
    }
    problems = {}
    for name, state in lambda_tasks.items():
        retriers = [r for r in state["Retry"] if set(r["ErrorEquals"]) >= LAMBDA_SERVICE_ERRORS]
        if not retriers:
            problems[name] = "no retrier covers all five Lambda service errors"
        elif not all(r.get("BackoffRate", 2.0) > 1 and r.get("MaxAttempts", 3) >= 2 for r in retriers):
            problems[name] = f"retrier without backoff or without a second attempt: {retriers}"

    assert sorted(lambda_tasks) == ["CombineResults", "GenerateRecipe", "GetPricing", "PriceGaps"]
    assert problems == {}


def test_model_errors_are_retried_only_where_the_model_is_called(asl: dict[str, Any]) -> None:
    retried = [
        (name, retrier)
        for name, state, _ in walk_states(asl)
        for retrier in state.get("Retry", [])
        if {"ModelThrottled", "ModelUnavailable"} & set(retrier["ErrorEquals"])
    ]

    assert [name for name, _ in retried] == ["GenerateRecipe", "GenerateRecipe"]
    assert [retrier for _, retrier in retried] == [
        {
            "ErrorEquals": ["ModelThrottled"],
            "IntervalSeconds": 15,
            "MaxAttempts": 4,
            "BackoffRate": 2.0,
            "MaxDelaySeconds": 60,
            "JitterStrategy": "FULL",
        },
        {
            "ErrorEquals": ["ModelUnavailable"],
            "IntervalSeconds": 2,
            "MaxAttempts": 2,
            "BackoffRate": 2.0,
            "MaxDelaySeconds": 8,
            "JitterStrategy": "FULL",
        },
    ]


def test_the_model_retries_are_one_file_with_per_type_values(template: dict[str, Any]) -> None:
    """The two workflow types share the definition file; only the substituted numbers differ (Mappings)."""
    from .conftest import asl_for

    standard, express = asl_for("STANDARD"), asl_for("EXPRESS")
    retry = template["Mappings"]["ModelRetry"]

    def model_retriers(definition: dict[str, Any]) -> list[tuple[str, int, int, int]]:
        (state,) = [state for name, state, _ in walk_states(definition) if name == "GenerateRecipe"]
        return [
            (r["ErrorEquals"][0], r["IntervalSeconds"], r["MaxAttempts"], r["MaxDelaySeconds"])
            for r in state["Retry"]
            if r["ErrorEquals"][0].startswith("Model")
        ]

    assert model_retriers(standard) == [("ModelThrottled", 15, 4, 60), ("ModelUnavailable", 2, 2, 8)]
    assert model_retriers(express) == [("ModelThrottled", 10, 1, 10), ("ModelUnavailable", 2, 1, 8)]
    assert set(retry) == {"STANDARD", "EXPRESS"} == set(template["Parameters"]["WorkflowType"]["AllowedValues"])
    assert all(isinstance(value, str) for row in retry.values() for value in row.values())  # DefinitionSubstitutions


def test_every_retrier_backs_off(asl: dict[str, Any]) -> None:
    flat = {
        (name, i): r.get("BackoffRate", 2.0)
        for name, state, _ in walk_states(asl)
        for i, r in enumerate(state.get("Retry", []))
    }

    assert {key: rate for key, rate in flat.items() if not rate > 1} == {}


def test_no_retrier_retries_a_bad_request(asl: dict[str, Any]) -> None:
    """InvalidRequest never succeeds on a retry; States.ALL / States.TaskFailed would retry it too."""
    retried = {
        (name, error)
        for name, state, _ in walk_states(asl)
        for retrier in state.get("Retry", [])
        for error in retrier["ErrorEquals"]
        if error in ("InvalidRequest", "States.ALL", "States.TaskFailed")
    }

    assert retried == set()


def failure_routes(asl: dict[str, Any], start: str) -> list[list[str]]:
    """Every route a caught error can take from state `start`, until a Fail state at the top level.

    A Fail state inside a Parallel branch fails the Parallel with that error, so the route continues with the
    Parallel's first matching catcher (every catcher when the error name is computed by ErrorPath).
    A route that ends anywhere else (End, Succeed, an uncaught branch failure) ends in "<...>".
    """
    states_of = scope_states(asl)
    parent_of = {name: scope for name, _, scope in walk_states(asl)}
    routes: list[list[str]] = []

    def follow(name: str, route: list[str]) -> None:
        if name in route:
            routes.append([*route, f"<loop to {name}>"])
            return
        route = [*route, name]
        state = states_of[name][name]
        scope = parent_of[name]
        if state["Type"] == "Fail":
            if not scope:
                routes.append(route)
                return
            parallel = asl_state(asl, scope[-1])
            error = state.get("Error")
            catchers = parallel.get("Catch", [])
            matching = [
                c for c in catchers if error is None or error in c["ErrorEquals"] or "States.ALL" in c["ErrorEquals"]
            ]
            if error is not None:
                matching = matching[:1]
            if not matching:
                routes.append([*route, f"<{error or 'dynamic error'} escapes {scope[-1]}>"])
            for catcher in matching:
                follow(catcher["Next"], [*route, f"({scope[-1]} catches)"])
            return
        nexts = successors(state)
        if not nexts:
            routes.append([*route, f"<ends in {state['Type']}>"])
        for next_name in nexts:
            follow(next_name, route)

    follow(start, [])
    return routes


def ends_in_record_failure_then_fail(asl: dict[str, Any], route: list[str]) -> bool:
    if len(route) < 2 or route[-1].startswith("<"):
        return False
    return route[-2] == "RecordFailure" and asl_state(asl, route[-1])["Type"] == "Fail"


def asl_state(asl: dict[str, Any], name: str) -> dict[str, Any]:
    return scope_states(asl)[name][name]


def test_every_task_and_parallel_catches_everything_and_records_the_failure(asl: dict[str, Any]) -> None:
    """Each failure ends `... -> RecordFailure -> <Fail>`: no request disappears without a FAILED record."""
    problems: dict[str, list[Any]] = {}
    checked = []
    for name, state, _ in walk_states(asl):
        if state["Type"] not in ("Task", "Parallel") or name == "RecordFailure":
            continue
        checked.append(name)
        catchers = state.get("Catch", [])
        if not any("States.ALL" in c["ErrorEquals"] for c in catchers):
            problems[name] = ["no States.ALL catcher"]
            continue
        for catcher in catchers:
            if name == "SaveRecipe" and catcher["ErrorEquals"] == ["DynamoDB.ConditionalCheckFailedException"]:
                continue  # the record exists already (a redelivered write): see test_error_policy.py
            for route in failure_routes(asl, catcher["Next"]):
                if not ends_in_record_failure_then_fail(asl, route):
                    problems.setdefault(name, []).append(route)

    assert sorted(checked) == [
        "CombineResults",
        "GenerateRecipe",
        "GetPricing",
        "PriceGaps",
        "RecipeGeneration",
        "SaveRecipe",
    ]
    assert problems == {}


def test_record_failure_always_ends_in_the_fail_state(asl: dict[str, Any]) -> None:
    states = asl["States"]
    record = states["RecordFailure"]

    assert states[record["Next"]]["Type"] == "Fail"
    assert [c["ErrorEquals"] for c in record["Catch"]] == [["States.ALL"]]
    assert states[record["Catch"][0]["Next"]]["Type"] == "Fail"
    assert "Assign" not in record["Catch"][0], "keep $failure for the Fail state"


@pytest.mark.parametrize(("state_name", "status"), [("SaveRecipe", "SUCCEEDED"), ("RecordFailure", "FAILED")])
def test_records_are_written_once_by_the_direct_dynamodb_integration(
    asl: dict[str, Any], state_name: str, status: str
) -> None:
    state = asl["States"][state_name]
    parameters = state["Arguments"]
    item = parameters["Item"]

    assert state["Resource"] == DYNAMODB_PUT_ITEM
    assert parameters["TableName"] == "${RecipesTableName}"
    assert parameters["ConditionExpression"] == "attribute_not_exists(request_id)"
    assert item["request_id"] == {"S": "{% $states.context.Execution.Name %}"}
    assert item["status"] == {"S": status}
    assert "request" in item
    if status == "FAILED":
        assert {"error", "cause"} <= set(item)


# --- Published versions behind an alias ---------------------------------------------------------------------------


def test_the_state_machine_invokes_only_the_published_alias_of_each_function(transformed: dict[str, Any]) -> None:
    """Each deploy publishes a version behind `live` and the definition names the alias, so an execution that spans a
    deploy runs every step on a published version; the role may invoke the three aliases and nothing else."""
    resources = transformed["Resources"]
    aliases = {name: r["Properties"] for name, r in resources.items() if r["Type"] == "AWS::Lambda::Alias"}
    machine = next(r["Properties"] for r in resources.values() if r["Type"] == "AWS::StepFunctions::StateMachine")
    (policy,) = resources["RecipeWorkflowRole"]["Properties"]["Policies"]
    (invoke,) = [s for s in policy["PolicyDocument"]["Statement"] if s["Action"] == "lambda:InvokeFunction"]

    assert {props["Name"] for props in aliases.values()} == {"live"}
    assert {function_of(name, resources) for name in aliases} == {"RecipeFunction", "PriceFunction", "CombineFunction"}
    assert {key: value for key, value in machine["DefinitionSubstitutions"].items() if key.endswith("FunctionArn")} == {
        f"{function}Arn": {"Ref": f"{function}Aliaslive"}
        for function in ("RecipeFunction", "PriceFunction", "CombineFunction")
    }
    assert sorted(target["Ref"] for target in invoke["Resource"]) == sorted(aliases)
    versions = [r for r in resources.values() if r["Type"] == "AWS::Lambda::Version"]
    assert len(versions) == 3 and all(
        v["DeletionPolicy"] == "Retain" for v in versions
    )  # running executions keep theirs


def test_any_change_publishes_new_versions_parameters_included(template: dict[str, Any]) -> None:
    """AllProperties publishes on a property or layer change (PublishLambdaVersion); SAM hashes parameter references
    unresolved, so parameter values reach the hash through AutoPublishCodeSha256 (resolved) = ConfigurationDigest."""
    from .conftest import transform_with

    globals_ = template["Globals"]["Function"]
    resources = template["Resources"]

    def version_ids(**parameters: str) -> set[str]:
        translated = transform_with(template, parameters)["Resources"]
        return {name for name, r in translated.items() if r["Type"] == "AWS::Lambda::Version"}

    assert globals_["AutoPublishAlias"] == "live"
    assert resources["SharedLayer"]["Properties"]["PublishLambdaVersion"] is True
    for name in ("RecipeFunction", "PriceFunction", "CombineFunction"):
        assert resources[name]["Properties"]["AutoPublishAliasAllProperties"] is True
        assert resources[name]["Properties"]["AutoPublishCodeSha256"] == ref("ConfigurationDigest")
    assert version_ids(ConfigurationDigest="a1") == version_ids(ConfigurationDigest="a1")
    assert version_ids(ConfigurationDigest="a1").isdisjoint(version_ids(ConfigurationDigest="b2"))
    # the reason for the digest: a parameter alone does not change SAM's hash (aws/serverless-application-model#3820)
    assert version_ids(ConfigurationDigest="a1", BedrockModelId="us.amazon.nova-pro-v1:0") == version_ids(
        ConfigurationDigest="a1"
    )


def test_snapstart_of_the_recipe_function_is_a_parameter_off_by_default(template: dict[str, Any]) -> None:
    parameter = template["Parameters"]["RecipeSnapStart"]

    assert (parameter["Default"], parameter["AllowedValues"]) == ("None", ["None", "PublishedVersions"])
    assert template["Resources"]["RecipeFunction"]["Properties"]["SnapStart"] == {"ApplyOn": ref("RecipeSnapStart")}
