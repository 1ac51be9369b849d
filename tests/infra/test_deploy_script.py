"""The deploy script, one test per stack status: moto's CloudFormation for real stacks and their events, botocore's
Stubber for the statuses moto cannot produce (rollbacks, operations in progress), and a fake `sam` on PATH that
records how it was called, prints what it is told and exits with the code it is told.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from .support import REPO, load_script

deploy = load_script("deploy_stack")

STACK = "ai-chef-stepfunctions-dev"
REGION = "us-east-1"
SAM_ARGS = [
    "deploy",
    "--config-env",
    "dev",
    "--no-confirm-changeset",
    "--no-fail-on-empty-changeset",
    "--no-progressbar",
]
# samconfig's dev overrides, then the digest of every parameter value (scripts/configuration_digest.py): sam takes
# --parameter-overrides whole, so the script passes samconfig's with it
DIGEST = deploy.configuration_digest.with_digest(REPO / "template.yaml", {"NamePrefix": "dev-", "LogLevel": "DEBUG"})[
    "ConfigurationDigest"
]
OVERRIDES = ["--parameter-overrides", f'NamePrefix="dev-" LogLevel="DEBUG" ConfigurationDigest="{DIGEST}"']
RECOVER_UPDATE = f"aws cloudformation continue-update-rollback --stack-name {STACK} --region {REGION}"
DELETE = f"aws cloudformation delete-stack --stack-name {STACK} --region {REGION}"
ROLLBACK = f"aws cloudformation rollback-stack --stack-name {STACK} --region {REGION}"
MINIMAL_TEMPLATE = json.dumps(
    {
        "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
        "Outputs": {"StateMachineArn": {"Value": "arn:aws:states:us-east-1:123456789012:stateMachine:dev-ai-chef"}},
    }
)


@pytest.fixture
def fake_sam(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A `sam` first on PATH: appends its arguments to calls.jsonl, prints $FAKE_SAM_OUTPUT, exits $FAKE_SAM_EXIT."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.jsonl"
    sam = bin_dir / "sam"
    sam.write_text(
        f"#!{sys.executable}\n"
        "import json, os, sys\n"
        f"with open({str(log)!r}, 'a') as log:\n"
        "    log.write(json.dumps(sys.argv[1:]) + '\\n')\n"
        "print(os.environ.get('FAKE_SAM_OUTPUT', 'Successfully created/updated stack'))\n"
        "sys.exit(int(os.environ.get('FAKE_SAM_EXIT', '0')))\n",
        "utf-8",
    )
    sam.chmod(sam.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("FAKE_SAM_EXIT", raising=False)
    monkeypatch.delenv("FAKE_SAM_OUTPUT", raising=False)
    return log


def sam_calls(log: Path) -> list[list[str]]:
    return [json.loads(line) for line in log.read_text("utf-8").splitlines()] if log.exists() else []


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
    }.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def moto_cfn(aws_env: None) -> Iterator[Any]:
    with mock_aws():
        yield boto3.client("cloudformation", region_name=REGION)


class Sleeps(list[float]):
    """A sleep that records how long it was asked to wait, instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def run_main(*args: str, cfn: Any, tables: Sequence[str] = ()) -> tuple[int, str, Sleeps]:
    """The script's main against `cfn`, with moto's DynamoDB holding `tables` (left over from an earlier stack)."""
    out, sleeps = io.StringIO(), Sleeps()
    with mock_aws():
        dynamodb = boto3.client("dynamodb", region_name=REGION)
        for table in tables:
            dynamodb.create_table(
                TableName=table,
                BillingMode="PAY_PER_REQUEST",
                KeySchema=[{"AttributeName": "request_id", "KeyType": "HASH"}],
                AttributeDefinitions=[{"AttributeName": "request_id", "AttributeType": "S"}],
            )
        code = deploy.main(["dev", *args], cfn=cfn, dynamodb=dynamodb, out=out, sleep=sleeps)
    return code, out.getvalue(), sleeps


def described(status: str) -> dict[str, Any]:
    return {
        "Stacks": [{"StackName": STACK, "StackStatus": status, "CreationTime": dt.datetime(2026, 11, 1, tzinfo=dt.UTC)}]
    }


class Script:
    """A Stubber-backed CloudFormation client that answers describe_stacks with the given statuses in order."""

    def __init__(self, aws_env: None) -> None:
        self.client = boto3.client("cloudformation", region_name=REGION)
        self.stubber = Stubber(self.client)

    def status(self, status: str | None) -> Script:
        if status is None:
            self.stubber.add_client_error(
                "describe_stacks",
                service_error_code="ValidationError",
                service_message=f"Stack with id {STACK} does not exist",
                expected_params={"StackName": STACK},
            )
        else:
            self.stubber.add_response("describe_stacks", described(status), {"StackName": STACK})
        return self

    def statuses(self, *statuses: str | None) -> Script:
        for status in statuses:
            self.status(status)
        return self

    def delete(self) -> Script:
        self.stubber.add_response("delete_stack", {}, {"StackName": STACK})
        return self


@pytest.fixture
def script(aws_env: None) -> Iterator[Script]:
    scripted = Script(aws_env)
    with scripted.stubber:
        yield scripted
    scripted.stubber.assert_no_pending_responses()


# --- does not exist -> create -------------------------------------------------------------------------------------


def test_a_missing_stack_is_created_by_sam_deploy(moto_cfn: Any, fake_sam: Path) -> None:
    code, output, sleeps = run_main(cfn=moto_cfn)

    assert code == 0
    assert sam_calls(fake_sam) == [SAM_ARGS + OVERRIDES]
    assert f"Stack {STACK} ({REGION}): does not exist" in output
    assert f"Stack {STACK} will be created" in output
    assert sleeps == []


@pytest.mark.parametrize("status", ["REVIEW_IN_PROGRESS", "DELETE_COMPLETE"])
def test_a_never_executed_first_change_set_or_a_deleted_stack_is_created(
    script: Script, fake_sam: Path, status: str
) -> None:
    script.status(status)

    code, output, sleeps = run_main(cfn=script.client)

    assert (code, sleeps) == (0, [])
    assert "will be created" in output
    assert sam_calls(fake_sam) == [SAM_ARGS + OVERRIDES]


# --- ROLLBACK_COMPLETE -> delete, wait, create --------------------------------------------------------------------


def test_rollback_complete_is_deleted_waited_for_and_created_again(script: Script, fake_sam: Path) -> None:
    script.status("ROLLBACK_COMPLETE").delete().statuses("DELETE_IN_PROGRESS", "DELETE_IN_PROGRESS", None)

    code, output, sleeps = run_main(cfn=script.client)

    assert code == 0
    assert sleeps == [deploy.POLL_SECONDS, deploy.POLL_SECONDS]
    assert f"deleting {STACK} and creating it again" in output
    assert f"Deleted {STACK}" in output and "will be created" in output
    assert sam_calls(fake_sam) == [SAM_ARGS + OVERRIDES]


def test_the_kept_tables_of_the_stack_are_the_recipes_requests_and_prices_tables_with_the_environments_prefix() -> None:
    def kept(env: str) -> list[tuple[str, str]]:
        return [(table.logical_id, table.name) for table in deploy.read_target(env).kept_tables]

    assert kept("dev") == [
        ("RecipesTable", "dev-ai-chef-recipes"),
        ("PricesTable", "dev-ai-chef-prices"),
        ("RequestsTable", "dev-ai-chef-requests"),
    ]
    assert kept("default") == [
        ("RecipesTable", "ai-chef-recipes"),
        ("PricesTable", "ai-chef-prices"),
        ("RequestsTable", "ai-chef-requests"),
    ]


def test_rollback_complete_recovers_because_its_own_tables_were_deleted_by_the_rollback(
    script: Script, fake_sam: Path
) -> None:
    """RetainExceptOnCreate deletes the tables of a create that rolls back, so none blocks the create again."""
    script.status("ROLLBACK_COMPLETE").delete().status(None)

    code, output, _ = run_main(cfn=script.client, tables=["dev-ai-chef-recipe-cache"])

    assert code == 0 and "will be created" in output
    assert sam_calls(fake_sam) == [SAM_ARGS + OVERRIDES]


@pytest.mark.parametrize("first", ["ROLLBACK_COMPLETE", None])
def test_a_kept_table_left_by_an_earlier_stack_stops_the_create_with_the_commands_that_resolve_it(
    script: Script, fake_sam: Path, first: str | None
) -> None:
    """A deleted stack keeps its recipes and prices tables; a new stack cannot create tables of the same names."""
    if first:
        script.status(first).delete()
    script.status(None)

    code, output, _ = run_main(cfn=script.client, tables=["dev-ai-chef-prices"])

    assert code == deploy.EXIT_NEEDS_RECOVERY == 3
    assert (
        f"error: stack {STACK} must be created, but dev-ai-chef-prices exist(s) outside it (kept when an earlier "
        "stack was deleted) and CloudFormation cannot create a table whose name is taken. Run:\n"
        "  scripts/deploy.sh dev --import-kept-tables     # keeps the data: the new stack adopts them\n"
        "  or:\n"
        f"  aws dynamodb create-backup --table-name dev-ai-chef-prices --region {REGION} "
        "--backup-name dev-ai-chef-prices-kept\n"
        f"  aws dynamodb delete-table --table-name dev-ai-chef-prices --region {REGION}\n"
    ) in output
    assert sam_calls(fake_sam) == []


IMPORT = "samcli-deploy-import-kept-tables-20261201T120000000000Z"
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
KEY = {
    "KeySchema": [{"AttributeName": "request_id", "KeyType": "HASH"}],
    "AttributeDefinitions": [{"AttributeName": "request_id", "AttributeType": "S"}],
}


def import_template(*names: tuple[str, str]) -> dict[str, Any]:
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {
            logical_id: {
                "Type": "AWS::DynamoDB::Table",
                "DeletionPolicy": "Retain",
                "UpdateReplacePolicy": "Retain",
                "Properties": {"TableName": name, **KEY, "BillingMode": "PAY_PER_REQUEST"},
            }
            for logical_id, name in names
        },
    }


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The import change set is named after the time; the tests fix it (IMPORT)."""
    monkeypatch.setattr(deploy.kept_tables, "utc_now", lambda: NOW, raising=False)


def expect_import(
    script: Script,
    *names: tuple[str, str],
    outcome: str = "CREATE_COMPLETE",
    change_set: str = IMPORT,
    delete_refused: bool = False,
) -> None:
    script.stubber.add_response(
        "create_change_set",
        {"Id": "cs-1", "StackId": "stack-1"},
        {
            "StackName": STACK,
            "ChangeSetName": change_set,
            "ChangeSetType": "IMPORT",
            "TemplateBody": json.dumps(import_template(*names)),
            "ResourcesToImport": [
                {
                    "ResourceType": "AWS::DynamoDB::Table",
                    "LogicalResourceId": logical_id,
                    "ResourceIdentifier": {"TableName": name},
                }
                for logical_id, name in names
            ],
        },
    )
    for status in ("CREATE_PENDING", outcome):
        script.stubber.add_response(
            "describe_change_set",
            {
                "Status": status,
                "StatusReason": "Resource dev-ai-chef-prices is already managed by another stack",
                "Changes": [],
            },
            {"StackName": STACK, "ChangeSetName": change_set},
        )
    if outcome == "CREATE_COMPLETE":
        script.stubber.add_response("execute_change_set", {}, {"StackName": STACK, "ChangeSetName": change_set})
    elif delete_refused:
        script.stubber.add_client_error("delete_change_set", "AccessDenied", "not allowed")
    else:
        script.stubber.add_response("delete_change_set", {}, {"StackName": STACK, "ChangeSetName": change_set})


def test_with_import_kept_tables_the_new_stack_adopts_them_and_sam_deploy_updates_it(
    script: Script, fake_sam: Path
) -> None:
    """An IMPORT change set creates the stack from the existing tables (data kept); sam deploy adds the rest."""
    script.status(None)
    expect_import(script, ("RecipesTable", "dev-ai-chef-recipes"), ("PricesTable", "dev-ai-chef-prices"))
    script.statuses("IMPORT_IN_PROGRESS", "IMPORT_COMPLETE")

    code, output, sleeps = run_main(
        "--import-kept-tables", cfn=script.client, tables=["dev-ai-chef-recipes", "dev-ai-chef-prices"]
    )

    assert code == 0, output
    assert sleeps == [5, 15]  # one poll of the change set, one of the import
    assert "Importing dev-ai-chef-recipes, dev-ai-chef-prices into a new stack" in output
    assert "Imported dev-ai-chef-recipes, dev-ai-chef-prices: sam deploy adds the rest of the stack" in output
    assert f"Stack {STACK} will be updated" in output
    assert sam_calls(fake_sam) == [SAM_ARGS + OVERRIDES]


def test_an_import_cloudformation_refuses_stops_with_its_reason_deletes_its_change_set_and_prints_the_way_out(
    script: Script, fake_sam: Path
) -> None:
    script.status(None)
    expect_import(script, ("PricesTable", "dev-ai-chef-prices"), outcome="FAILED")

    code, output, _ = run_main("--import-kept-tables", cfn=script.client, tables=["dev-ai-chef-prices"])

    assert code == deploy.EXIT_NEEDS_RECOVERY == 3
    assert (
        "error: CloudFormation refused to import dev-ai-chef-prices: Resource dev-ai-chef-prices is already "
        f"managed by another stack (change set {IMPORT} deleted). Then:\n"
        "  fix the cause above and run again: scripts/deploy.sh dev --import-kept-tables\n"
        "  or start without the kept data: back the tables up, delete them, then run scripts/deploy.sh dev\n"
        f"  aws dynamodb create-backup --table-name dev-ai-chef-prices --region {REGION} "
        "--backup-name dev-ai-chef-prices-kept\n"
        f"  aws dynamodb delete-table --table-name dev-ai-chef-prices --region {REGION}\n"
    ) in output
    assert sam_calls(fake_sam) == []


def test_the_run_after_a_refused_import_imports_under_a_new_change_set_name(
    script: Script, fake_sam: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refused import leaves the stack REVIEW_IN_PROGRESS; the next run creates from it with a change set of
    its own name, so CreateChangeSet cannot meet a name in use (AlreadyExistsException)."""
    later = NOW + dt.timedelta(minutes=7, microseconds=5)
    second = "samcli-deploy-import-kept-tables-20261201T120700000005Z"
    script.status(None)
    expect_import(script, ("PricesTable", "dev-ai-chef-prices"), outcome="FAILED")
    first_code, _, _ = run_main("--import-kept-tables", cfn=script.client, tables=["dev-ai-chef-prices"])
    monkeypatch.setattr(deploy.kept_tables, "utc_now", lambda: later)
    script.status("REVIEW_IN_PROGRESS")
    expect_import(script, ("PricesTable", "dev-ai-chef-prices"), change_set=second)
    script.statuses("IMPORT_COMPLETE")

    code, output, _ = run_main("--import-kept-tables", cfn=script.client, tables=["dev-ai-chef-prices"])

    assert (first_code, code) == (3, 0), output
    assert "Imported dev-ai-chef-prices: sam deploy adds the rest of the stack" in output


def test_a_failed_change_set_that_cannot_be_deleted_prints_the_delete_command(script: Script, fake_sam: Path) -> None:
    script.status(None)
    expect_import(script, ("PricesTable", "dev-ai-chef-prices"), outcome="FAILED", delete_refused=True)

    code, output, _ = run_main("--import-kept-tables", cfn=script.client, tables=["dev-ai-chef-prices"])

    assert code == 3
    assert (
        f"delete it with aws cloudformation delete-change-set --stack-name {STACK} --change-set-name {IMPORT}"
    ) in output


def test_import_change_set_names_are_valid_change_set_names() -> None:
    """Letters, digits and hyphens, starting with a letter, at most 128 characters (CreateChangeSet)."""
    name = deploy.kept_tables.import_change_set_name(NOW)

    assert name == IMPORT
    assert len(name) <= 128 and name[0].isalpha() and all(c.isalnum() or c == "-" for c in name)


def test_import_kept_tables_changes_nothing_when_no_table_is_left(script: Script, fake_sam: Path) -> None:
    script.status(None)

    code, output, _ = run_main("--import-kept-tables", cfn=script.client)

    assert code == 0 and "will be created" in output and "Importing" not in output
    assert sam_calls(fake_sam) == [SAM_ARGS + OVERRIDES]


def test_a_delete_that_fails_stops_with_the_delete_command(script: Script, fake_sam: Path) -> None:
    script.status("ROLLBACK_COMPLETE").delete().statuses("DELETE_IN_PROGRESS", "DELETE_FAILED")

    code, output, _ = run_main(cfn=script.client)

    assert code == deploy.EXIT_NEEDS_RECOVERY == 3
    assert f"deleting {STACK} ended in DELETE_FAILED" in output and DELETE in output
    assert sam_calls(fake_sam) == []


# --- *_IN_PROGRESS -> wait and go on ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("running", "settled", "action"),
    [
        ("UPDATE_IN_PROGRESS", "UPDATE_COMPLETE", "updated"),
        ("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_COMPLETE", "updated"),
        ("UPDATE_ROLLBACK_IN_PROGRESS", "UPDATE_ROLLBACK_COMPLETE", "updated"),
        ("CREATE_IN_PROGRESS", "CREATE_COMPLETE", "updated"),
        ("DELETE_IN_PROGRESS", None, "created"),
    ],
)
def test_an_operation_in_progress_is_waited_for_then_the_deploy_goes_on(
    script: Script, fake_sam: Path, running: str, settled: str | None, action: str
) -> None:
    script.statuses(running, running, running, settled)

    code, output, sleeps = run_main(cfn=script.client)

    assert code == 0
    assert sleeps == [15, 15, 15]
    assert output.count(f"Stack {STACK} is {running}: waiting 15 s") == 3
    assert f"will be {action}" in output
    assert sam_calls(fake_sam) == [SAM_ARGS + OVERRIDES]


def test_a_create_that_rolls_back_while_waiting_is_deleted_and_created_again(script: Script, fake_sam: Path) -> None:
    script.statuses("CREATE_IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE").delete().status(None)

    code, output, sleeps = run_main(cfn=script.client)

    assert (code, sleeps) == (0, [15, 15])
    assert "will be created" in output
    assert sam_calls(fake_sam) == [SAM_ARGS + OVERRIDES]


def test_an_operation_that_never_finishes_stops_after_the_wait_timeout(script: Script, fake_sam: Path) -> None:
    script.statuses(*["UPDATE_IN_PROGRESS"] * 3)

    code, output, sleeps = run_main("--wait-timeout", "30", cfn=script.client)

    assert code == 3
    assert sleeps == [15, 15]
    assert f"stack {STACK} is still UPDATE_IN_PROGRESS after 30 s" in output
    assert sam_calls(fake_sam) == []


# --- states only an operator resolves -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "command"),
    [
        ("UPDATE_ROLLBACK_FAILED", RECOVER_UPDATE),
        ("ROLLBACK_FAILED", DELETE),
        ("DELETE_FAILED", DELETE),
        ("CREATE_FAILED", ROLLBACK),
        ("UPDATE_FAILED", ROLLBACK),
    ],
)
def test_a_stack_needing_an_operator_stops_with_the_exact_recovery_command(
    script: Script, fake_sam: Path, status: str, command: str
) -> None:
    script.status(status)

    code, output, _ = run_main(cfn=script.client)

    assert code == 3
    assert f"error: stack {STACK} is {status}; the deploy cannot proceed. Run:\n  {command}" in output
    assert sam_calls(fake_sam) == [], "sam deploy must not run on a stack that needs recovery"


# --- UPDATE_ROLLBACK_COMPLETE and *_COMPLETE -> update -----------------------------------------------------------


@pytest.mark.parametrize(
    "status", ["UPDATE_ROLLBACK_COMPLETE", "UPDATE_COMPLETE", "CREATE_COMPLETE", "IMPORT_COMPLETE"]
)
def test_a_settled_stack_is_updated_normally(script: Script, fake_sam: Path, status: str) -> None:
    script.status(status)

    code, output, sleeps = run_main(cfn=script.client)

    assert (code, sleeps) == (0, [])
    assert f"Stack {STACK} ({REGION}): {status}" in output and "will be updated" in output
    assert sam_calls(fake_sam) == [SAM_ARGS + OVERRIDES]


def test_an_update_writes_the_stack_outputs_for_the_notice(moto_cfn: Any, fake_sam: Path, tmp_path: Path) -> None:
    moto_cfn.create_stack(StackName=STACK, TemplateBody=MINIMAL_TEMPLATE)
    outputs = tmp_path / "outputs.json"

    code, output, _ = run_main(
        "--outputs-file",
        str(outputs),
        "--s3-bucket",
        "artifacts-123",
        "--template-file",
        ".aws-sam/build/template.yaml",
        cfn=moto_cfn,
    )

    assert code == 0
    assert "will be updated" in output and f"Deployed {STACK} (updated)" in output
    assert sam_calls(fake_sam) == [
        SAM_ARGS
        + ["--no-resolve-s3", "--s3-bucket", "artifacts-123", "--template-file", ".aws-sam/build/template.yaml"]
        + OVERRIDES
    ]
    assert json.loads(outputs.read_text("utf-8")) == {
        "StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:dev-ai-chef"
    }


# --- no changes -> success ----------------------------------------------------------------------------------------


def test_no_changes_is_a_success(moto_cfn: Any, fake_sam: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    moto_cfn.create_stack(StackName=STACK, TemplateBody=MINIMAL_TEMPLATE)
    monkeypatch.setenv("FAKE_SAM_OUTPUT", f"No changes to deploy. Stack {STACK} is up to date")

    code, output, _ = run_main(cfn=moto_cfn)

    assert code == 0
    assert f"No changes: {STACK} is already up to date" in output


# --- a failed deploy -> the latest events, exit 1 -----------------------------------------------------------------


def test_a_failed_deploy_prints_the_latest_stack_events_and_exits_1(
    moto_cfn: Any, fake_sam: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    moto_cfn.create_stack(StackName=STACK, TemplateBody=MINIMAL_TEMPLATE)
    monkeypatch.setenv("FAKE_SAM_EXIT", "1")
    monkeypatch.setenv("FAKE_SAM_OUTPUT", "Error: Failed to create/update the stack")
    events = moto_cfn.describe_stack_events(StackName=STACK)["StackEvents"]

    code, output, _ = run_main(cfn=moto_cfn)
    event_lines = output.split(f"Latest events of {STACK}:\n", 1)[1].splitlines()

    assert code == deploy.EXIT_DEPLOY_FAILED == 1
    assert "Error: Failed to create/update the stack" in output, "sam's own output is shown"
    assert "error: sam deploy failed (exit 1)" in output
    assert len(event_lines) == len(events) > 0
    # moto records the stack's own events: CREATE_IN_PROGRESS, then CREATE_COMPLETE (newest last in the output)
    assert [line.split()[2:5] for line in event_lines] == [
        [STACK, "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS"],
        [STACK, "AWS::CloudFormation::Stack", "CREATE_COMPLETE"],
    ]


def test_stack_events_show_at_most_25_lines_newest_last_with_the_reason(script: Script) -> None:
    base = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    events = [
        {
            "StackId": "id",
            "EventId": str(i),
            "StackName": STACK,
            "LogicalResourceId": f"R{i}",
            "ResourceType": "AWS::Lambda::Function",
            "ResourceStatus": "CREATE_FAILED",
            "ResourceStatusReason": f"reason {i}",
            "Timestamp": base - dt.timedelta(seconds=i),
        }
        for i in range(40)
    ]  # CloudFormation lists the newest first
    script.stubber.add_response("describe_stack_events", {"StackEvents": events}, {"StackName": STACK})

    lines = deploy.latest_events(script.client, STACK)

    assert len(lines) == 25
    assert lines[0].startswith("2026-10-31 23:59:36  R24 ") and lines[0].endswith("CREATE_FAILED  reason 24")
    assert lines[-1].startswith("2026-11-01 00:00:00  R0 ") and lines[-1].endswith("reason 0")


def test_sam_missing_from_path_is_a_failed_deploy_not_a_traceback(moto_cfn: Any, tmp_path: Path) -> None:
    code, output, _ = run_main("--sam", str(tmp_path / "no-such-sam"), cfn=moto_cfn)

    assert code == 1
    assert "no-such-sam: command not found (install the AWS SAM CLI)" in output
    assert "Traceback" not in output


# --- errors before anything is deployed ---------------------------------------------------------------------------


def test_cloudformation_access_denied_is_reported_without_a_traceback(script: Script, fake_sam: Path) -> None:
    script.stubber.add_client_error(
        "describe_stacks",
        service_error_code="AccessDenied",
        service_message="not authorized to perform: cloudformation:DescribeStacks",
    )

    code, output, _ = run_main(cfn=script.client)

    assert code == 1
    assert "nothing was deployed" in output and "cloudformation:DescribeStacks" in output
    assert sam_calls(fake_sam) == []


def test_an_unknown_environment_is_a_usage_error(fake_sam: Path) -> None:
    out = io.StringIO()

    code = deploy.main(["staging"], cfn=object(), out=out)

    assert code == 2
    assert out.getvalue() == "error: samconfig.toml has no environment 'staging'; known: default, dev, prod\n"
    assert sam_calls(fake_sam) == []


def test_stack_name_and_region_come_from_samconfig(samconfig: dict[str, Any]) -> None:
    for env in ("default", "dev", "prod"):
        target = deploy.read_target(env)
        assert (target.stack_name, target.region) == (
            samconfig[env]["global"]["parameters"]["stack_name"],
            samconfig[env]["global"]["parameters"]["region"],
        )
    assert deploy.read_target("prod").stack_name == "ai-chef-stepfunctions-prod"


# --- the shell entry point, end to end against moto's server ------------------------------------------------------


def test_deploy_sh_runs_the_module_against_a_real_endpoint(fake_sam: Path, tmp_path: Path) -> None:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        env = {
            **os.environ,
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "DEPLOY_PYTHON": sys.executable,
        }
        boto3.client(
            "cloudformation",
            region_name=REGION,
            endpoint_url=endpoint,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        ).create_stack(StackName=STACK, TemplateBody=MINIMAL_TEMPLATE)
        outputs = tmp_path / "outputs.json"
        result = subprocess.run(
            [str(REPO / "scripts/deploy.sh"), "dev", "--outputs-file", str(outputs)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        server.stop()

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Stack {STACK} ({REGION}): CREATE_COMPLETE" in result.stdout
    assert sam_calls(fake_sam) == [SAM_ARGS + OVERRIDES]
    assert json.loads(outputs.read_text("utf-8"))["StateMachineArn"].endswith(":stateMachine:dev-ai-chef")


def test_the_digest_follows_every_parameter_value_and_nothing_else() -> None:
    """A new value of any parameter (a default in the template or an override) is a new digest, so a new version of
    each function behind its alias; the same values give the same digest (no needless version)."""
    digest = deploy.configuration_digest.with_digest
    template = REPO / "template.yaml"
    base = digest(template, {"NamePrefix": "dev-"})["ConfigurationDigest"]

    assert len(base) == 16 and base == digest(template, {"NamePrefix": "dev-"})["ConfigurationDigest"]
    for change in ({"BedrockModelId": "us.amazon.nova-pro-v1:0"}, {"RecipeSnapStart": "PublishedVersions"}):
        assert digest(template, {"NamePrefix": "dev-", **change})["ConfigurationDigest"] != base
    assert digest(template, {"NamePrefix": "dev-", "ConfigurationDigest": "x"})["ConfigurationDigest"] == base
    assert digest(REPO / "api/template.yaml", {"NamePrefix": "dev-"}) == {"NamePrefix": "dev-"}  # no such parameter


def test_a_parameter_given_to_the_script_joins_samconfigs_overrides(moto_cfn: Any, fake_sam: Path) -> None:
    code, _, _ = run_main("--parameter", "StrictToolUse=false", cfn=moto_cfn)
    (call,) = sam_calls(fake_sam)
    overrides = deploy.configuration_digest.parse_overrides(call[call.index("--parameter-overrides") + 1])

    assert code == 0
    assert overrides["NamePrefix"] == "dev-" and overrides["StrictToolUse"] == "false"
    assert overrides["ConfigurationDigest"] != DIGEST


def test_a_malformed_parameter_is_a_usage_error(moto_cfn: Any, fake_sam: Path) -> None:
    code, output, _ = run_main("--parameter", "just-a-word", cfn=moto_cfn)

    assert code == deploy.EXIT_USAGE == 2
    assert "error: parameter override 'just-a-word' is not NAME=VALUE" in output
    assert sam_calls(fake_sam) == []
