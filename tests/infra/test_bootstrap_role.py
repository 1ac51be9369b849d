"""The bootstrap's deploy role can deploy exactly this stack: every resource type the stack has (after the SAM
transform) is covered, nothing is granted that no CloudFormation handler of those types calls, and every grant is
scoped to the environment's names, which are the names template.yaml and samconfig.toml actually produce.

The handler permissions are CloudFormation's resource-provider schemas as shipped with cfn-lint (the `handlers`
section lists the IAM actions CloudFormation calls with the caller's credentials).
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from typing import Any

import pytest
import yaml

from .support import REPO, load_cfn_yaml
from .test_template import transformed  # noqa: F401 - the SAM-transformed template fixture

BOOTSTRAP = REPO / "pipeline/github-deploy-role.yaml"
ENVIRONMENTS = ("dev", "prod")

# What a create/update of each type calls (checked against the handler schema below); read and delete handlers are
# required in full. A resource type missing here makes the coverage test fail: add its permissions to the role.
WRITES = {
    "AWS::Lambda::Function": {
        "lambda:CreateFunction",
        "lambda:UpdateFunctionCode",
        "lambda:UpdateFunctionConfiguration",
        "lambda:TagResource",
        "lambda:UntagResource",
    },
    "AWS::Lambda::LayerVersion": {"lambda:PublishLayerVersion"},
    "AWS::Lambda::Version": {
        "lambda:PublishVersion",
        "lambda:ListVersionsByFunction",
        "lambda:GetFunctionConfiguration",
    },
    "AWS::Lambda::Alias": {"lambda:CreateAlias", "lambda:UpdateAlias"},
    "AWS::IAM::Role": {
        "iam:CreateRole",
        "iam:PutRolePolicy",
        "iam:AttachRolePolicy",
        "iam:DeleteRolePolicy",
        "iam:DetachRolePolicy",
        "iam:UpdateAssumeRolePolicy",
        "iam:TagRole",
        "iam:UntagRole",
    },
    "AWS::Logs::LogGroup": {
        "logs:CreateLogGroup",
        "logs:PutRetentionPolicy",
        "logs:DeleteRetentionPolicy",
        "logs:TagResource",
        "logs:UntagResource",
    },
    "AWS::DynamoDB::Table": {
        "dynamodb:CreateTable",
        "dynamodb:UpdateTable",
        "dynamodb:UpdateContinuousBackups",
        "dynamodb:UpdateTimeToLive",
        "dynamodb:TagResource",
        "dynamodb:UntagResource",
    },
    "AWS::StepFunctions::StateMachine": {
        "states:CreateStateMachine",
        "states:UpdateStateMachine",
        "states:TagResource",
        "states:UntagResource",
    },
    "AWS::CloudWatch::Alarm": {"cloudwatch:PutMetricAlarm", "cloudwatch:TagResource", "cloudwatch:UntagResource"},
    "AWS::SNS::Topic": {
        "sns:CreateTopic",
        "sns:SetTopicAttributes",
        "sns:TagResource",
        "sns:UntagResource",
        "sns:Subscribe",
        "sns:Unsubscribe",
    },
    "AWS::SNS::Subscription": {"sns:Subscribe", "sns:SetSubscriptionAttributes"},
    "AWS::KMS::Key": {
        "kms:CreateKey",
        "kms:PutKeyPolicy",
        "kms:EnableKeyRotation",
        "kms:DisableKeyRotation",
        "kms:EnableKey",
        "kms:DisableKey",
        "kms:UpdateKeyDescription",
        "kms:TagResource",
        "kms:UntagResource",
    },
}
# How sam deploy itself works (change sets, artifacts) and the state machine's vended log delivery, which no
# resource handler lists because Step Functions calls it on the caller's behalf.
MECHANICS = {
    "cloudformation:CreateChangeSet",
    "cloudformation:DescribeChangeSet",
    "cloudformation:ExecuteChangeSet",
    "cloudformation:DeleteChangeSet",
    "cloudformation:DescribeStacks",
    "cloudformation:DescribeStackEvents",
    "cloudformation:DescribeStackResource",
    "cloudformation:DescribeStackResources",
    "cloudformation:GetTemplate",
    "cloudformation:GetTemplateSummary",
    "cloudformation:ListStackResources",
    "cloudformation:DeleteStack",
    "s3:PutObject",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "iam:PassRole",
    # sam deploy lists what is already uploaded under the stack's prefix
    "s3:ListBucket",
    # the smoke execution after every deploy (scripts/smoke.sh)
    "states:StartExecution",
    "states:StartSyncExecution",
    "states:DescribeExecution",
    "states:StopExecution",
    "dynamodb:GetItem",
}
UNSCOPED = {"StateMachineLogDelivery": "*"}


@cache
def handler_permissions(resource_type: str) -> dict[str, set[str]]:
    """{handler: actions} from cfn-lint's copy of CloudFormation's resource schema (us-east-1)."""
    import cfnlint

    schemas = os.path.join(os.path.dirname(cfnlint.__file__), "data", "schemas")
    with open(os.path.join(schemas, "providers", "us-east-1.json"), encoding="utf-8") as handle:
        index = json.load(handle)
    with open(os.path.join(schemas, "resources", f"{index[resource_type]}.json"), encoding="utf-8") as handle:
        schema = json.load(handle)
    return {name: set(handler.get("permissions", [])) for name, handler in schema["handlers"].items()}


def service(resource_type: str) -> str:
    return {"StepFunctions": "states", "CloudWatch": "cloudwatch"}.get(
        resource_type.split("::")[1], resource_type.split("::")[1].lower()
    )


@pytest.fixture(scope="module")
def statements() -> dict[str, dict[str, Any]]:
    role = load_cfn_yaml(BOOTSTRAP)["Resources"]["DeployRole"]["Properties"]
    (policy,) = role["Policies"]
    return {statement["Sid"]: statement for statement in policy["PolicyDocument"]["Statement"]}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def granted(statements: dict[str, dict[str, Any]]) -> set[str]:
    return {
        action
        for statement in statements.values()
        if statement["Effect"] == "Allow"
        for action in as_list(statement["Action"])
    }


@pytest.fixture(scope="module")
def stack_types(transformed: dict[str, Any]) -> set[str]:  # noqa: F811 - the imported fixture
    return {resource["Type"] for resource in transformed["Resources"].values()}


def test_every_resource_type_of_the_stack_can_be_created_read_updated_and_deleted(
    stack_types: set[str], statements: dict[str, dict[str, Any]]
) -> None:
    actions = granted(statements)
    missing = {}
    for resource_type in sorted(stack_types):
        if resource_type not in WRITES:
            missing[resource_type] = "unknown to the bootstrap role: add its permissions and a WRITES entry"
            continue
        handlers = handler_permissions(resource_type)
        prefix = service(resource_type) + ":"
        required = {
            action for name in ("read", "delete") for action in handlers.get(name, set()) if action.startswith(prefix)
        } | WRITES[resource_type]
        if required - actions:
            missing[resource_type] = sorted(required - actions)

    assert missing == {}


def test_the_write_actions_required_are_ones_cloudformation_calls() -> None:
    for resource_type, writes in WRITES.items():
        handlers = handler_permissions(resource_type)
        assert writes <= handlers["create"] | handlers.get("update", set()), resource_type


def test_nothing_is_granted_that_no_handler_of_the_stacks_types_calls(
    stack_types: set[str], statements: dict[str, dict[str, Any]]
) -> None:
    called = set().union(
        *(permissions for resource_type in stack_types for permissions in handler_permissions(resource_type).values())
    )

    assert sorted(granted(statements) - called - MECHANICS) == []


def test_every_grant_is_scoped_to_the_environments_names(statements: dict[str, dict[str, Any]]) -> None:
    allowed_scopes = (
        "${Environment}-ai-chef-",
        "ai-chef-stepfunctions-${Environment}",
        ":aws:transform/Serverless-2016-10-31",
        "changeSet/samcli-deploy*/*",
    )
    tagged = {"aws:RequestTag/ai-chef:stack", "aws:ResourceTag/ai-chef:stack"}
    unscoped = {}
    for sid, statement in statements.items():
        prefixes = statement.get("Condition", {}).get("StringLike", {}).get("s3:prefix", [])
        if prefixes and all("ai-chef-stepfunctions-${Environment}" in prefix["Fn::Sub"] for prefix in prefixes):
            continue  # the artifact bucket, listable only under the stack's prefix
        condition = statement.get("Condition", {}).get("StringEquals", {})
        if {key for key in condition if condition[key] == {"Fn::Sub": "ai-chef-stepfunctions-${Environment}"}} & tagged:
            continue  # scoped by the stack's tag (KMS keys have no name)
        for resource in as_list(statement["Resource"]):
            text = resource if isinstance(resource, str) else json.dumps(resource)
            if not any(scope in text for scope in allowed_scopes):
                unscoped[sid] = text

    assert unscoped == {
        **UNSCOPED,
        "FindLogGroups": json.dumps(
            {"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*"}
        ),
    }
    assert set(as_list(statements["FindLogGroups"]["Action"])) == {"logs:DescribeLogGroups"}, "read-only"


def test_managed_policies_attachable_are_exactly_the_ones_sam_attaches(
    transformed: dict[str, Any],  # noqa: F811 - the fixture imported above
    statements: dict[str, dict[str, Any]],
) -> None:
    attached = {
        arn
        for resource in transformed["Resources"].values()
        if resource["Type"] == "AWS::IAM::Role"
        for arn in resource["Properties"].get("ManagedPolicyArns", [])
    }
    allowed = statements["StackRolesManagedPolicies"]["Condition"]["ArnEquals"]["iam:PolicyARN"]

    assert {re.sub(r"^arn:aws:", "arn:${AWS::Partition}:", arn) for arn in attached} == {
        entry["Fn::Sub"] for entry in allowed
    }


def test_roles_are_passed_only_to_lambda_and_step_functions(statements: dict[str, dict[str, Any]]) -> None:
    pass_role = statements["PassStackRolesToLambdaAndStepFunctions"]

    assert pass_role["Condition"] == {
        "StringEquals": {"iam:PassedToService": ["lambda.amazonaws.com", "states.amazonaws.com"]}
    }
    assert [sid for sid, statement in statements.items() if "iam:PassRole" in as_list(statement["Action"])] == [
        "PassStackRolesToLambdaAndStepFunctions"
    ]


NAME_PROPERTIES = ("FunctionName", "LayerName", "TableName", "LogGroupName", "Name", "AlarmName", "TopicName")


def test_every_kms_key_of_the_stack_carries_the_tag_the_role_is_scoped_to(resources: dict[str, Any]) -> None:
    keys = {name: resource["Properties"] for name, resource in resources.items() if resource["Type"] == "AWS::KMS::Key"}

    assert keys, "no KMS key: drop this test and the role's KMS statements"
    assert {
        name: key.get("Tags")
        for name, key in keys.items()
        if {"Key": "ai-chef:stack", "Value": {"Ref": "AWS::StackName"}} not in key.get("Tags", [])
    } == {}


def test_every_named_resource_of_the_stack_carries_the_prefix_the_role_is_scoped_to(template: dict[str, Any]) -> None:
    names = {}
    for logical_id, resource in template["Resources"].items():
        for key in NAME_PROPERTIES:
            value = resource.get("Properties", {}).get(key)
            if isinstance(value, dict) and "Fn::If" in value:  # one name per branch (the state machine's per type)
                for index, branch in enumerate(value["Fn::If"][1:]):
                    names[f"{logical_id}[{index}]"] = branch.get("Fn::Sub") if isinstance(branch, dict) else branch
            elif value is not None:
                names[logical_id] = value.get("Fn::Sub") if isinstance(value, dict) else value
    pattern = re.compile(r"^(/aws/(lambda|stepfunctions)/)?\$\{NamePrefix\}ai-chef-[a-z0-9-]+$")

    assert len(names) >= 10
    assert {logical_id: name for logical_id, name in names.items() if not pattern.match(str(name))} == {}


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_samconfig_follows_the_naming_the_role_assumes(samconfig: dict[str, Any], environment: str) -> None:
    stack = samconfig[environment]["global"]["parameters"]["stack_name"]
    deploy = samconfig[environment]["deploy"]["parameters"]

    assert stack == f"ai-chef-stepfunctions-{environment}"
    assert f'NamePrefix="{environment}-"' in deploy["parameter_overrides"]
    assert deploy["s3_prefix"] == stack, "artifacts land under the prefix the role may write"
    assert deploy["capabilities"] == "CAPABILITY_IAM"


def test_the_artifact_bucket_is_listable_only_under_the_stacks_prefix(statements: dict[str, dict[str, Any]]) -> None:
    """Without s3:ListBucket sam cannot tell an uploaded artifact from a missing one (403 instead of 404)."""
    listing = statements["ListTheStackArtifacts"]

    assert (listing["Action"], listing["Resource"]) == ("s3:ListBucket", {"Fn::GetAtt": ["ArtifactsBucket", "Arn"]})
    assert listing["Condition"] == {
        "StringLike": {
            "s3:prefix": [
                {"Fn::Sub": "ai-chef-stepfunctions-${Environment}/*"},
                {"Fn::Sub": "ai-chef-stepfunctions-${Environment}"},
            ]
        }
    }


def test_current_artifacts_never_expire_so_a_later_rollback_finds_them() -> None:
    """An update that fails rolls back to the previous template's artifacts; an expired current object is NoSuchKey
    and the stack ends UPDATE_ROLLBACK_FAILED. Only replaced (noncurrent) versions expire.
    https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-configuration-examples.html"""
    bucket = load_cfn_yaml(BOOTSTRAP)["Resources"]["ArtifactsBucket"]["Properties"]
    (rule,) = bucket["LifecycleConfiguration"]["Rules"]

    assert bucket["VersioningConfiguration"] == {"Status": "Enabled"}
    assert rule == {
        "Id": "ExpireReplacedArtifactVersions",
        "Status": "Enabled",
        "NoncurrentVersionExpiration": {"NoncurrentDays": 7},
        "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
    }


def test_the_role_session_outlasts_the_deploy_job_and_its_longest_waits() -> None:
    """The OIDC session lasts role-duration-seconds (at most the role's MaxSessionDuration); the deploy job's timeout,
    and in it the deploy script's two waits for operations in progress, must end before the credentials do."""
    role = load_cfn_yaml(BOOTSTRAP)["Resources"]["DeployRole"]["Properties"]
    job = yaml.safe_load((REPO / ".github/workflows/deploy.yml").read_text("utf-8"))["jobs"]["deploy"]
    credentials = next(
        step for step in job["steps"] if step.get("uses", "").startswith("aws-actions/configure-aws-credentials@")
    )
    deploy_run = next(step for step in job["steps"] if step.get("name") == "Deploy")["run"]
    wait = int(re.search(r"--wait-timeout (\d+)", deploy_run).group(1))  # type: ignore[union-attr]

    assert role["MaxSessionDuration"] >= credentials["with"]["role-duration-seconds"] == 7200
    assert credentials["with"]["role-duration-seconds"] >= job["timeout-minutes"] * 60 == 5400
    assert 2 * wait + 15 * 60 <= job["timeout-minutes"] * 60  # both waits and a quarter hour for sam deploy
