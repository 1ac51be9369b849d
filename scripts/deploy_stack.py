"""Deploy the AI Chef stack with `sam deploy`, first bringing a stuck CloudFormation stack back to a deployable state.

Run through `scripts/deploy.sh ENV` (ENV is a samconfig.toml environment: default, dev or prod). The stack name and
region come from samconfig.toml (`--config-file api/samconfig.toml` for the API stack), so they are configured once.
What happens, by the stack's exact status:

- no stack, DELETE_COMPLETE, REVIEW_IN_PROGRESS: `sam deploy` creates it, unless a table the stack keeps
  (DeletionPolicy RetainExceptOnCreate: recipes, requests, prices) is left from an earlier stack under the same name,
  which CloudFormation cannot create again: with --import-kept-tables the new stack is created by importing them (their
  data kept), then `sam deploy` updates it; without, stop (exit 3) with the commands that resolve it (kept_tables.py);
- ROLLBACK_COMPLETE: delete it, wait for the delete, then create it as above;
- any other *_IN_PROGRESS: wait until it settles, then decide again;
- UPDATE_ROLLBACK_FAILED: stop (exit 3) and print the `aws cloudformation continue-update-rollback` command;
- ROLLBACK_FAILED, DELETE_FAILED: stop (exit 3) and print the `delete-stack` command that recovers it;
- CREATE_FAILED, UPDATE_FAILED: stop (exit 3) and print the `rollback-stack` command that recovers it;
- UPDATE_ROLLBACK_COMPLETE and every other *_COMPLETE: `sam deploy` updates it.

`sam deploy` runs with `--no-confirm-changeset --no-fail-on-empty-changeset`: no changes is a success. When it fails,
the latest stack events are printed and the exit code is 1. Works with any Python >= 3.11 that has boto3 and
PyYAML (the project installs both).
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

sys.path.insert(0, str(Path(__file__).resolve().parent))
import configuration_digest
import kept_tables
from kept_tables import KeptTable

REPO = Path(__file__).resolve().parents[1]
SAMCONFIG = REPO / "samconfig.toml"
TEMPLATE = REPO / "template.yaml"

EXIT_OK = 0
EXIT_DEPLOY_FAILED = 1
EXIT_USAGE = 2
EXIT_NEEDS_RECOVERY = 3

CREATE_AFRESH = {"ROLLBACK_COMPLETE"}
# REVIEW_IN_PROGRESS is a stack whose first change set was never executed: nothing is running, sam creates it.
NOT_RUNNING = {"REVIEW_IN_PROGRESS"}
DEFAULT_WAIT_SECONDS = 3600
POLL_SECONDS = 15
EVENTS_SHOWN = 25


class NeedsManualRecovery(Exception):
    """The stack is in a state only an operator should resolve; the message carries the exact command."""


class DeployConfigError(Exception):
    """samconfig.toml has no such environment, or it lacks the stack name or region."""


@dataclass(frozen=True)
class Target:
    """Where one samconfig environment deploys, and the names of the tables its stack keeps when deleted."""

    config_env: str
    stack_name: str
    region: str
    kept_tables: tuple[KeptTable, ...] = ()
    overrides: tuple[tuple[str, str], ...] = ()
    """samconfig's parameter_overrides, in order."""


def read_target(config_env: str, samconfig: Path = SAMCONFIG) -> Target:
    """The stack name and region of a samconfig environment (global parameters, overridden by deploy ones)."""
    with samconfig.open("rb") as handle:
        config = tomllib.load(handle)
    if config_env not in config or not isinstance(config[config_env], dict):
        known = sorted(key for key, value in config.items() if isinstance(value, dict))
        raise DeployConfigError(f"samconfig.toml has no environment {config_env!r}; known: {', '.join(known)}")
    section = config[config_env]
    parameters = {**section.get("global", {}).get("parameters", {}), **section.get("deploy", {}).get("parameters", {})}
    missing = [key for key in ("stack_name", "region") if not parameters.get(key)]
    if missing:
        raise DeployConfigError(f"samconfig.toml [{config_env}] sets no {' or '.join(missing)}")
    overrides = configuration_digest.parse_overrides(str(parameters.get("parameter_overrides", "")))
    return Target(
        config_env,
        parameters["stack_name"],
        parameters["region"],
        kept_tables.kept_tables(TEMPLATE, overrides.get("NamePrefix", "")),
        tuple(overrides.items()),
    )


def stack_status(cfn: Any, stack_name: str) -> str | None:
    """The stack's status, or None when no such stack exists (a deleted stack is looked up by name, so: None)."""
    from botocore.exceptions import ClientError

    try:
        stacks = cfn.describe_stacks(StackName=stack_name)["Stacks"]
    except ClientError as error:
        if error.response["Error"]["Code"] == "ValidationError" and "does not exist" in str(error):
            return None
        raise
    status = stacks[0]["StackStatus"] if stacks else None
    return None if status == "DELETE_COMPLETE" else status


def wait_until_settled(
    cfn: Any,
    stack_name: str,
    *,
    out: TextIO,
    sleep: Callable[[float], None],
    timeout: float = DEFAULT_WAIT_SECONDS,
    poll: float = POLL_SECONDS,
) -> str | None:
    """Poll until the stack is in no *_IN_PROGRESS status (REVIEW_IN_PROGRESS counts as settled); its final status."""
    waited = 0.0
    status = stack_status(cfn, stack_name)
    while status is not None and status.endswith("_IN_PROGRESS") and status not in NOT_RUNNING:
        if waited >= timeout:
            raise NeedsManualRecovery(
                f"stack {stack_name} is still {status} after {int(waited)} s; wait for it or inspect it with\n"
                f"  aws cloudformation describe-stack-events --stack-name {stack_name}"
            )
        print(f"Stack {stack_name} is {status}: waiting {poll:g} s for it to finish", file=out, flush=True)
        sleep(poll)
        waited += poll
        status = stack_status(cfn, stack_name)
    return status


def recovery_command(status: str, target: Target) -> str | None:
    """The command an operator runs for a status the script must not resolve on its own, or None if deployable."""
    where = f"--stack-name {target.stack_name} --region {target.region}"
    if status == "UPDATE_ROLLBACK_FAILED":
        return (
            f"aws cloudformation continue-update-rollback {where}\n"
            f"  (if a resource cannot be rolled back, add --resources-to-skip LOGICAL_ID after fixing it by hand)"
        )
    if status in {"ROLLBACK_FAILED", "DELETE_FAILED"}:
        return (
            f"aws cloudformation delete-stack {where}\n"
            f"  (resources that cannot be deleted: add --retain-resources LOGICAL_ID)"
        )
    if status in {"CREATE_FAILED", "UPDATE_FAILED"}:
        return f"aws cloudformation rollback-stack {where}"
    return None


def prepare_stack(
    cfn: Any,
    target: Target,
    *,
    out: TextIO,
    sleep: Callable[[float], None],
    timeout: float = DEFAULT_WAIT_SECONDS,
    dynamodb: Any = None,
    import_kept: bool = False,
) -> str:
    """Bring the stack to a state `sam deploy` can act on; says whether it will be 'created' or 'updated'."""
    status = wait_until_settled(cfn, target.stack_name, out=out, sleep=sleep, timeout=timeout)
    print(f"Stack {target.stack_name} ({target.region}): {status or 'does not exist'}", file=out, flush=True)
    if status in CREATE_AFRESH:
        print(
            f"{status} leaves a stack that can only be deleted: deleting {target.stack_name} and creating it again",
            file=out,
            flush=True,
        )
        cfn.delete_stack(StackName=target.stack_name)
        status = wait_until_settled(cfn, target.stack_name, out=out, sleep=sleep, timeout=timeout)
        if status is not None:
            raise NeedsManualRecovery(
                f"deleting {target.stack_name} ended in {status}; recover it with\n  "
                + (recovery_command(status, target) or "the AWS console")
            )
        print(f"Deleted {target.stack_name}", file=out, flush=True)
    if status is None or status in NOT_RUNNING:
        left = kept_tables.existing(dynamodb, target.kept_tables) if dynamodb is not None else {}
        if not left:
            return "created"
        return adopt_kept_tables(cfn, target, left, out=out, sleep=sleep, timeout=timeout, import_kept=import_kept)
    command = recovery_command(status, target)
    if command is not None:
        raise NeedsManualRecovery(
            f"stack {target.stack_name} is {status}; the deploy cannot proceed. Run:\n  {command}"
        )
    return "updated"


def adopt_kept_tables(
    cfn: Any,
    target: Target,
    left: dict[KeptTable, dict[str, Any]],
    *,
    out: TextIO,
    sleep: Callable[[float], None],
    timeout: float,
    import_kept: bool,
) -> str:
    """A stack to be created meets kept tables of an earlier one: import them into it, or stop with the commands."""
    names = ", ".join(table.name for table in left)
    if not import_kept:
        raise NeedsManualRecovery(
            f"stack {target.stack_name} must be created, but {names} exist(s) outside it (kept when an earlier "
            f"stack was deleted) and CloudFormation cannot create a table whose name is taken. Run:\n  "
            + kept_tables.resolve_commands(list(left), target.config_env, target.region)
        )
    print(f"Importing {names} into a new stack {target.stack_name}, data kept", file=out, flush=True)
    try:
        kept_tables.import_into_new_stack(cfn, target.stack_name, left, sleep=sleep)
    except kept_tables.ImportFailed as error:
        raise NeedsManualRecovery(
            f"CloudFormation refused to import {names}: {error}. Then:\n  "
            + kept_tables.after_failed_import(list(left), target.config_env, target.region)
        ) from None
    status = wait_until_settled(cfn, target.stack_name, out=out, sleep=sleep, timeout=timeout)
    if status != "IMPORT_COMPLETE":
        raise NeedsManualRecovery(
            f"importing {names} into {target.stack_name} ended in {status}; see\n"
            f"  aws cloudformation describe-stack-events --stack-name {target.stack_name}"
        )
    print(f"Imported {names}: sam deploy adds the rest of the stack", file=out, flush=True)
    return "updated"


def sam_deploy_command(
    target: Target,
    *,
    sam: str = "sam",
    s3_bucket: str | None = None,
    template_file: str | None = None,
    config_file: Path | None = None,
    overrides: dict[str, str] | None = None,
) -> list[str]:
    """`sam deploy` for the environment, never prompting, with an empty change set counted as success; `overrides`
    replace samconfig's parameter_overrides (sam takes the command line's whole)."""
    command = [
        sam,
        "deploy",
        "--config-env",
        target.config_env,
        "--no-confirm-changeset",
        "--no-fail-on-empty-changeset",
        "--no-progressbar",
    ]
    if config_file is not None and config_file.resolve() != SAMCONFIG:
        command += ["--config-file", str(config_file.resolve())]  # sam reads a relative one from its cwd
    if s3_bucket:
        command += ["--no-resolve-s3", "--s3-bucket", s3_bucket]
    if template_file:
        command += ["--template-file", template_file]
    if overrides:
        command += ["--parameter-overrides", configuration_digest.as_argument(overrides)]
    return command


def run_streaming(command: Sequence[str], out: TextIO) -> tuple[int, str]:
    """Run a command, echoing its output as it comes, and return (exit code, output)."""
    captured: list[str] = []
    try:
        process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    except FileNotFoundError:
        message = f"{command[0]}: command not found (install the AWS SAM CLI)\n"
        out.write(message)
        return 127, message
    assert process.stdout is not None
    for line in process.stdout:
        captured.append(line)
        out.write(line)
        out.flush()
    return process.wait(), "".join(captured)


def latest_events(cfn: Any, stack_name: str, limit: int = EVENTS_SHOWN) -> list[str]:
    """The stack's newest events, oldest first, one line each: time, resource, type, status, reason."""
    from botocore.exceptions import ClientError

    try:
        events = cfn.describe_stack_events(StackName=stack_name)["StackEvents"][:limit]
    except ClientError as error:
        return [f"(no stack events: {error.response['Error'].get('Message', error)})"]
    lines = []
    for event in reversed(events):
        stamp = event["Timestamp"]
        when = stamp.strftime("%Y-%m-%d %H:%M:%S") if hasattr(stamp, "strftime") else str(stamp)
        reason = event.get("ResourceStatusReason", "")
        lines.append(
            f"{when}  {event.get('LogicalResourceId', '?'):<32} {event.get('ResourceType', '?'):<36} "
            f"{event.get('ResourceStatus', '?')}{'  ' + reason if reason else ''}"
        )
    return lines


def stack_outputs(cfn: Any, stack_name: str) -> dict[str, str]:
    """{OutputKey: OutputValue} of the deployed stack."""
    stack = cfn.describe_stacks(StackName=stack_name)["Stacks"][0]
    return {output["OutputKey"]: output["OutputValue"] for output in stack.get("Outputs", [])}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="scripts/deploy.sh", description=__doc__.splitlines()[0])
    parser.add_argument(
        "config_env",
        nargs="?",
        default="default",
        help="samconfig.toml environment (default, dev, prod); default: %(default)s",
    )
    parser.add_argument("--s3-bucket", help="artifact bucket (the bootstrap stack's); default: samconfig's resolve_s3")
    parser.add_argument("--template-file", help="template to deploy; default: sam's (the built one after sam build)")
    parser.add_argument(
        "--config-file",
        type=Path,
        default=SAMCONFIG,
        help="the samconfig of the stack, e.g. api/samconfig.toml; default: samconfig.toml",
    )
    parser.add_argument("--outputs-file", type=Path, help="write the stack outputs here as JSON after a success")
    parser.add_argument(
        "--wait-timeout",
        type=float,
        default=DEFAULT_WAIT_SECONDS,
        help="seconds to wait for an operation in progress; default: %(default)s",
    )
    parser.add_argument("--sam", default="sam", help="the sam executable; default: %(default)s")
    parser.add_argument(
        "--parameter",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a template parameter on top of samconfig's parameter_overrides (repeatable)",
    )
    parser.add_argument(
        "--import-kept-tables",
        action="store_true",
        help="when the stack must be created but its kept tables (recipes, requests, prices) exist from an "
        "earlier stack, import them into the new stack instead of stopping",
    )
    return parser.parse_args(argv)


def main(
    argv: Sequence[str] | None = None,
    *,
    cfn: Any = None,
    dynamodb: Any = None,
    out: TextIO = sys.stdout,
    sleep: Callable[[float], None] = time.sleep,
    run: Callable[[Sequence[str], TextIO], tuple[int, str]] = run_streaming,
) -> int:
    """Prepare the stack, run `sam deploy`, report; the exit code says which way it went."""
    args = parse_args(argv)
    try:
        target = read_target(args.config_env, REPO / args.config_file)
        extra = configuration_digest.parse_overrides(" ".join(shlex.quote(item) for item in args.parameter))
        overrides = configuration_digest.with_digest(
            (REPO / args.config_file).parent / "template.yaml", {**dict(target.overrides), **extra}
        )
    except (DeployConfigError, OSError, ValueError, tomllib.TOMLDecodeError) as error:
        print(f"error: {error}", file=out)
        return EXIT_USAGE
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    if cfn is None:
        cfn = boto3.client("cloudformation", region_name=target.region)
    if dynamodb is None:
        dynamodb = boto3.client("dynamodb", region_name=target.region)
    try:
        action = prepare_stack(
            cfn,
            target,
            out=out,
            sleep=sleep,
            timeout=args.wait_timeout,
            dynamodb=dynamodb,
            import_kept=args.import_kept_tables,
        )
    except NeedsManualRecovery as error:
        print(f"error: {error}", file=out)
        return EXIT_NEEDS_RECOVERY
    except (ClientError, BotoCoreError) as error:
        print(f"error: CloudFormation refused or could not be reached, nothing was deployed: {error}", file=out)
        return EXIT_DEPLOY_FAILED

    command = sam_deploy_command(
        target,
        sam=args.sam,
        s3_bucket=args.s3_bucket,
        template_file=args.template_file,
        config_file=REPO / args.config_file,
        overrides=overrides,
    )
    print(f"Stack {target.stack_name} will be {action}: {' '.join(command)}", file=out, flush=True)
    code, output = run(command, out)
    if code != 0:
        print(f"error: sam deploy failed (exit {code}). Latest events of {target.stack_name}:", file=out)
        for line in latest_events(cfn, target.stack_name):
            print(f"  {line}", file=out)
        return EXIT_DEPLOY_FAILED

    if "No changes to deploy" in output:
        print(f"No changes: {target.stack_name} is already up to date", file=out)
    else:
        print(f"Deployed {target.stack_name} ({action})", file=out)
    if args.outputs_file is not None:
        try:
            outputs = stack_outputs(cfn, target.stack_name)
        except (ClientError, BotoCoreError) as error:  # the deploy itself succeeded: report, do not fail it
            print(f"warning: could not read the stack outputs: {error}", file=out)
            outputs = {}
        args.outputs_file.write_text(json.dumps(outputs, indent=2) + "\n", "utf-8")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
