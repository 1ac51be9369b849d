"""The API's pipeline: the deploy-api job of .github/workflows/deploy.yml follows the workflow stack's deploy in the
same run (same tests, pinned actions, OIDC, concurrency, notice), and its bootstrap role can deploy exactly the API
stack."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from .support import REPO, load_cfn_yaml
from .test_bootstrap_role import MECHANICS, WRITES, as_list, granted, handler_permissions, service

DEPLOY = REPO / ".github/workflows/deploy.yml"
API_ROLE = REPO / "pipeline/github-deploy-api-role.yaml"
ENVIRONMENT = "${{ needs.confirm.outputs.environment }}"
# What a create/update of each API stack type calls beyond the workflow stack's types (read/delete: in full).
API_WRITES = {
    "AWS::ApiGatewayV2::Api": {"apigateway:POST", "apigateway:PUT", "apigateway:PATCH"},
    "AWS::ApiGatewayV2::Authorizer": {"apigateway:POST", "apigateway:PATCH"},
    "AWS::ApiGatewayV2::Integration": {"apigateway:POST", "apigateway:PATCH"},
    "AWS::ApiGatewayV2::Route": {"apigateway:POST", "apigateway:PATCH"},
    "AWS::ApiGatewayV2::Stage": {"apigateway:POST", "apigateway:PATCH"},
    "AWS::Lambda::Permission": {"lambda:AddPermission"},
    "AWS::Logs::MetricFilter": {"logs:PutMetricFilter", "logs:DescribeMetricFilters"},
    # the workflow stack's function writes, and the API function's reserved concurrency (ApiReservedConcurrency)
    "AWS::Lambda::Function": WRITES["AWS::Lambda::Function"]
    | {"lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency"},
    # the types the workflow stack has too: the same handler calls, from one table
    **{
        kind: WRITES[kind]
        for kind in (
            "AWS::Lambda::LayerVersion",
            "AWS::IAM::Role",
            "AWS::Logs::LogGroup",
            "AWS::CloudWatch::Alarm",
        )
    },
}
# apigateway:TagResource is in the Stage schema's handlers but is no IAM action (tags are POST/DELETE on /tags/*)
NOT_IAM_ACTIONS = {"apigateway:TagResource", "apigateway:UntagResource"}


def load(path: Any) -> dict[str, Any]:
    import yaml

    return yaml.safe_load(path.read_text("utf-8"))


@pytest.fixture(scope="module")
def stack_jobs() -> dict[str, Any]:
    return load(DEPLOY)["jobs"]


def step_named(job: dict[str, Any], name: str) -> dict[str, Any]:
    (step,) = [step for step in job["steps"] if step.get("name") == name]
    return step


def test_the_api_is_deployed_by_the_same_run_after_the_workflow_stack() -> None:
    """One workflow file: a push that changes layer/ (both stacks) deploys them in order in one run, not in two
    workflows racing; the API stack imports the workflow stack's exports."""
    workflows = sorted(path.name for path in (REPO / ".github/workflows").glob("*.y*ml"))

    assert workflows == ["ci.yml", "deploy.yml"]
    assert load(DEPLOY)["jobs"]["deploy-api"]["needs"] == ["confirm", "deploy"]


def test_the_api_deploy_job_sets_up_like_the_stacks_then_builds_api_and_deploys_it_with_the_same_script(
    stack_jobs: dict[str, Any],
) -> None:
    deploy, stack_deploy = stack_jobs["deploy-api"], stack_jobs["deploy"]
    setup = [step["uses"] for step in deploy["steps"] if "uses" in step]
    run = step_named(deploy, "Deploy")["run"]

    assert setup == [step["uses"] for step in stack_deploy["steps"] if "uses" in step]
    assert step_named(deploy, "sam build") == {"name": "sam build", "working-directory": "api", "run": "sam build"}
    assert 'scripts/deploy.sh "$DEPLOY_ENV" --config-file api/samconfig.toml' in run
    assert "--template-file api/.aws-sam/build/template.yaml" in run
    assert "--wait-timeout 600" in run and deploy["timeout-minutes"] >= 2 * 10 + 5
    assert deploy["permissions"] == stack_deploy["permissions"] == {"contents": "read", "id-token": "write"}
    assert deploy["environment"] == stack_deploy["environment"] == {"name": ENVIRONMENT}
    credentials = step_named(deploy, "AWS credentials (OIDC, no stored keys)")["with"]
    assert credentials["role-to-assume"] == "${{ vars.AWS_API_DEPLOY_ROLE_ARN }}"
    assert credentials["aws-region"] == "us-east-1"


def test_the_sam_build_output_is_where_the_deploy_step_reads_it() -> None:
    """sam build in api/ writes api/.aws-sam/build; the deploy script runs sam from the repository root."""
    import tomllib

    with (REPO / "api/samconfig.toml").open("rb") as handle:
        build = tomllib.load(handle)["default"]["build"]["parameters"]

    assert "build_dir" not in build


# --- the API deploy role --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def role_statements() -> dict[str, dict[str, Any]]:
    role = load_cfn_yaml(API_ROLE)["Resources"]["ApiDeployRole"]["Properties"]
    (policy,) = role["Policies"]
    return {statement["Sid"]: statement for statement in policy["PolicyDocument"]["Statement"]}


@pytest.fixture(scope="module")
def api_stack_types() -> set[str]:
    from .test_api_stack import translate

    return {resource["Type"] for resource in translate({}).values()}


def test_the_api_role_covers_every_resource_type_of_the_api_stack(
    api_stack_types: set[str], role_statements: dict[str, dict[str, Any]]
) -> None:
    actions = granted(role_statements)
    missing = {}
    for resource_type in sorted(api_stack_types):
        handlers = handler_permissions(resource_type)
        prefix = service(resource_type) + ":"
        required = (
            {action for name in ("read", "delete") for action in handlers.get(name, set()) if action.startswith(prefix)}
            | API_WRITES[resource_type]
        ) - NOT_IAM_ACTIONS
        if required - actions:
            missing[resource_type] = sorted(required - actions)

    assert missing == {}


def test_the_api_role_grants_nothing_no_handler_of_the_api_stack_calls(
    api_stack_types: set[str], role_statements: dict[str, Any]
) -> None:
    called = set().union(
        *(
            permissions
            for resource_type in api_stack_types
            for permissions in handler_permissions(resource_type).values()
        )
    )
    access_log_delivery = set(as_list(role_statements["AccessLogDelivery"]["Action"]))

    assert sorted(granted(role_statements) - called - MECHANICS - access_log_delivery) == []


def test_the_api_role_is_scoped_to_the_api_stacks_names(role_statements: dict[str, dict[str, Any]]) -> None:
    scopes = (
        "${Environment}-ai-chef-api",
        "ai-chef-api-${Environment}",
        ":aws:transform/Serverless-2016-10-31",
        "changeSet/samcli-deploy*/*",
        "::/apis",
        "::/tags/*",
    )
    unscoped = {
        sid: json.dumps(resource)
        for sid, statement in role_statements.items()
        for resource in as_list(statement["Resource"])
        if not any(scope in json.dumps(resource) for scope in scopes)
    }

    assert unscoped == {
        "FindLogGroups": json.dumps(
            {"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*"}
        ),
        "AccessLogDelivery": '"*"',
    }
    assert role_statements["PassTheFunctionRoleToLambda"]["Condition"] == {
        "StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}
    }


def test_the_api_role_trusts_the_same_github_environment_as_the_stacks_role() -> None:
    api_trust = load_cfn_yaml(API_ROLE)["Resources"]["ApiDeployRole"]["Properties"]["AssumeRolePolicyDocument"]
    stack_trust = load_cfn_yaml(REPO / "pipeline/github-deploy-role.yaml")["Resources"]["DeployRole"]["Properties"][
        "AssumeRolePolicyDocument"
    ]
    (api_statement,), (stack_statement,) = api_trust["Statement"], stack_trust["Statement"]

    assert api_statement["Condition"] == stack_statement["Condition"]
    assert api_statement["Principal"] == {"Federated": {"Ref": "OidcProviderArn"}}


def test_every_named_api_resource_matches_what_the_role_may_change() -> None:
    template = load_cfn_yaml(REPO / "api/template.yaml")
    names = {}
    for logical_id, resource in copy.deepcopy(template["Resources"]).items():
        for key in ("FunctionName", "LayerName", "LogGroupName", "Name", "AlarmName"):
            value = resource.get("Properties", {}).get(key)
            if value is not None and not (isinstance(value, dict) and "Ref" in value):  # a Ref names nothing new
                names[logical_id] = value.get("Fn::Sub") if isinstance(value, dict) else value
    pattern = re.compile(r"^(/aws/(lambda|apigateway)/)?\$\{NamePrefix\}ai-chef-api(-[a-z0-9-]+)?$")

    assert set(names) == {
        "ApiLayer",
        "ApiFunction",
        "ApiFunctionLogGroup",
        "HttpApi",
        "AccessLogGroup",
        "Api5xxAlarm",
        "Api429Alarm",
        "StartLatencyAlarm",
        "JwtAuthorizer",
    }
    assert {
        logical_id: name
        for logical_id, name in names.items()
        if logical_id != "JwtAuthorizer" and not pattern.match(str(name))
    } == {}


def test_the_deploy_script_reads_the_api_samconfig_and_hands_it_to_sam() -> None:
    from .support import load_script

    deploy_stack = load_script("deploy_stack")
    config = REPO / "api/samconfig.toml"
    target = deploy_stack.read_target("dev", config)

    assert (target.stack_name, target.region) == ("ai-chef-api-dev", "us-east-1")
    assert deploy_stack.sam_deploy_command(target, config_file=config)[-2:] == ["--config-file", str(config)]
    assert "--config-file" not in deploy_stack.sam_deploy_command(target, config_file=deploy_stack.SAMCONFIG)
    assert deploy_stack.parse_args(["dev", "--config-file", "api/samconfig.toml"]).config_file == Path(
        "api/samconfig.toml"
    )
