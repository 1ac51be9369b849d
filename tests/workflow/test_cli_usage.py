"""`aichef run` usage errors: exit 2, one line naming the problem, no traceback, and found before moto loads."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aichef_local.cli import main

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = str(ROOT / "template.yaml")


def usage_error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Runs `aichef ARGS`, checks it is a usage error and returns its one message line."""
    code = main([*args, "--template", TEMPLATE])
    captured = capsys.readouterr()
    assert code == 2, captured.err
    assert "Traceback" not in captured.err + captured.out
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    return line


def test_request_flags_with_input_are_refused_by_name(capsys: pytest.CaptureFixture[str]) -> None:
    line = usage_error(capsys, "run", "--input", "events/workflow-request.json", "--servings", "6", "--currency", "USD")

    assert line == "aichef: --servings, --currency only go with --ingredients; with --input the file holds the request"


def test_a_binary_file_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")

    assert usage_error(capsys, "run", "--input", str(binary)) == (
        f"aichef: {binary}: a binary file (it contains NUL bytes), not text"
    )


def test_a_non_utf8_file_is_named_with_the_bad_byte(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    latin1 = tmp_path / "request.json"
    latin1.write_bytes('{"ingredients": ["jalapeño"]}'.encode("latin-1"))

    assert usage_error(capsys, "run", "--input", str(latin1)) == (f"aichef: {latin1}: not UTF-8 text (byte 24 is 0xf1)")


def test_a_json_error_is_reported_at_its_real_line_and_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pretty = tmp_path / "request.json"
    pretty.write_text('{\n  "ingredients": ["eggs"],\n  "servings": 2,\n}\n')  # trailing comma on line 3

    assert usage_error(capsys, "run", "--input", str(pretty)) == (
        f"aichef: {pretty}:3:16: not JSON (Illegal trailing comma before end of object)"
    )


@pytest.mark.parametrize(
    ("parameter", "message"),
    [
        (
            "WorkflowType=BOGUS",
            "parameter WorkflowType='BOGUS' is not one of its AllowedValues: 'STANDARD', 'EXPRESS'",
        ),
        (
            "BedrockModelId=claude",
            "parameter BedrockModelId='claude' does not match its AllowedPattern "
            r"^(global|us|us-gov|eu|apac|jp|au|ca)\.(anthropic\.claude-(3|(haiku|sonnet|opus)-[4-9])-[A-Za-z0-9.:-]+|amazon\.nova-(2-)?(micro|lite|pro|premier)-v[0-9]+:[0-9]+)$",
        ),
        ("RecipeEngine=gpt", "parameter RecipeEngine='gpt' is not one of its AllowedValues: 'bedrock', 'catalog'"),
    ],
)
def test_parameters_are_checked_against_the_template(
    capsys: pytest.CaptureFixture[str], parameter: str, message: str
) -> None:
    line = usage_error(capsys, "run", "--ingredients", "eggs", "--parameter", parameter)

    assert line == f"aichef: {TEMPLATE}: {message}"


@pytest.mark.parametrize(
    ("assignment", "users"),
    [
        ("AlarmEmail=ops@example.com", "AlarmEmailSubscription, condition NotifyByEmail"),
        # in-process handlers run on this machine's Python: the architecture only matters to sam build and Lambda
        ("Architecture=x86_64", "SharedLayer, Globals.Function.Architectures"),
    ],
)
def test_a_parameter_with_no_local_effect_is_refused_with_the_resources_that_use_it(
    capsys: pytest.CaptureFixture[str], assignment: str, users: str
) -> None:
    line = usage_error(capsys, "run", "--ingredients", "eggs", "--parameter", assignment)

    assert line == (
        f"aichef: {TEMPLATE}: parameter {assignment.split('=')[0]} has no effect in a local run: it is used only by "
        f"{users}, which the local runner does not build (it builds the functions, the tables and the state machine)"
    )


def test_a_parameter_of_a_built_function_with_no_local_effect_names_the_property(
    capsys: pytest.CaptureFixture[str],
) -> None:
    line = usage_error(capsys, "run", "--ingredients", "eggs", "--parameter", "RecipeSnapStart=PublishedVersions")

    assert line.startswith(
        f"aichef: {TEMPLATE}: parameter RecipeSnapStart has no effect in a local run: it is used only by "
        "RecipeFunction.SnapStart, which the local runner does not build"
    )


def test_exactly_the_parameters_that_only_aws_resources_use_are_refused() -> None:
    """Each parameter with a valid value: the two that only set log retention and alarm e-mail have no local effect;
    the others reach what the local runner builds (names, environment, the state machine's type)."""
    from aichef_local.stack import TemplateError, load_stack

    values = {
        "NamePrefix": "dev-",
        "LogRetentionDays": "14",
        "LogLevel": "DEBUG",
        "RecipeEngine": "catalog",
        "BedrockModelId": "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "StrictToolUse": "false",
        "RecipeCacheTtlHours": "2",
        "WorkflowType": "EXPRESS",
        "PriceSources": "catalog",
        "RecipeSnapStart": "PublishedVersions",
        "ConfigurationDigest": "abc123",
        "AlarmEmail": "ops@example.com",
        "Architecture": "x86_64",
    }
    refused = []
    for name, value in values.items():
        try:
            load_stack(Path(TEMPLATE), {name: value})
        except TemplateError:
            refused.append(name)
    assert refused == ["LogRetentionDays", "RecipeSnapStart", "ConfigurationDigest", "AlarmEmail", "Architecture"]
    stack = load_stack(Path(TEMPLATE), {"NamePrefix": "dev-", "LogLevel": "DEBUG"})
    assert set(stack.parameters) == set(values)  # every declared parameter was tried
    assert stack.function("recipe").environment["POWERTOOLS_LOG_LEVEL"] == "DEBUG"
    assert sorted(table.name for table in stack.tables.values())[0].startswith("dev-")


@pytest.mark.usefixtures("no_aws_credentials")
def test_parameter_recipe_engine_bedrock_takes_effect(capsys: pytest.CaptureFixture[str]) -> None:
    """RecipeEngine=bedrock picks the Bedrock engine, so without credentials it is refused like --engine bedrock."""
    line = usage_error(capsys, "run", "--ingredients", "eggs", "--parameter", "RecipeEngine=bedrock")

    assert line.startswith("aichef: --engine bedrock needs AWS credentials")


def test_engine_and_parameter_recipe_engine_that_disagree_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    line = usage_error(
        capsys, "run", "--ingredients", "eggs", "--engine", "catalog", "--parameter", "RecipeEngine=bedrock"
    )

    assert line == "aichef: --engine catalog and --parameter RecipeEngine=bedrock disagree; give one"


def test_a_missing_profile_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "no-such-profile")

    line = usage_error(capsys, "run", "--engine", "bedrock", "--ingredients", "eggs")

    assert line == "aichef: --engine bedrock: The config profile (no-such-profile) could not be found"


def test_a_bad_request_from_flags_is_refused_before_moto_loads() -> None:
    """`--servings 0` is the user's typing: refused at once, in a process that never imported moto."""
    script = (
        "import sys\n"
        "from aichef_local.cli import main\n"
        f"code = main(['run', '--ingredients', 'eggs', '--servings', '0', '--template', {TEMPLATE!r}])\n"
        "print(code, 'moto' in sys.modules)\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT)

    assert completed.stdout.split() == ["2", "False"]
    assert completed.stderr == "aichef: servings: Input should be greater than or equal to 1\n"


@pytest.mark.parametrize("language", ["fr", "ko-KR", "korean", ""])
def test_a_language_other_than_ko_or_en_is_a_usage_error_naming_the_field_and_the_values(
    capsys: pytest.CaptureFixture[str], language: str
) -> None:
    line = usage_error(capsys, "run", "--ingredients", "계란, 김치", "--language", language)

    assert line == "aichef: language: Input should be 'ko' or 'en'"


def test_logs_in_a_missing_directory_is_refused_and_nothing_is_created(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    logs = tmp_path / "missing" / "dir" / "x.log"

    line = usage_error(capsys, "run", "--ingredients", "eggs", "--logs", str(logs))

    assert line == (f"aichef: --logs {logs}: no such directory: {logs.parent} (create it, or name a file in one)")
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize(
    "command",
    [["run", "--ingredients", "eggs"], ["cost"], ["prices", "load", "prices.csv", "--table", "t"], ["record"]],
    ids=["run", "cost", "prices load", "record"],
)
def test_an_unknown_option_prints_the_usage_of_its_command(
    capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """argparse hands a sub-command's unknown arguments to the top level, which printed `aichef`'s usage."""
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--bogus"])

    err = capsys.readouterr().err
    name = " ".join(word for word in command[:2] if word in ("run", "cost", "prices", "load", "record"))
    assert exit_.value.code == 2
    assert err.startswith(f"usage: aichef {name} [-h]")
    assert err.endswith(f"aichef {name}: error: unrecognized arguments: --bogus\n")


def _deep(levels: int) -> str:
    return '{"ingredients": ' + "[" * levels + '"egg"' + "]" * levels + "}"


@pytest.mark.parametrize("jsonl", [False, True], ids=["document", "second line"])
def test_a_request_nested_100000_levels_deep_is_a_usage_error_naming_the_file_and_the_nesting(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, jsonl: bool
) -> None:
    """200 KB of brackets fits the 256 KiB input limit but not the JSON parser's recursion: it was RecursionError."""
    path = tmp_path / "deep.jsonl"
    path.write_text('{"ingredients": ["egg"]}\n' + _deep(100_000) + "\n" if jsonl else _deep(100_000))

    line = usage_error(capsys, "run", "--input", str(path))

    where = f"{path}:2" if jsonl else str(path)
    assert line == (
        f"aichef: {where}: arrays and objects nested 100,001 levels deep, too deep to read; "
        "a request is one object of strings, numbers and lists of strings"
    )


def test_an_event_nested_100000_levels_deep_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "event.json"
    path.write_text('{"request": ' + _deep(100_000) + "}")

    line = usage_error(capsys, "invoke", "RecipeFunction", "--event", str(path))

    assert line.startswith(f"aichef: {path}: arrays and objects nested 100,002 levels deep, too deep to read")


@pytest.mark.usefixtures("no_aws_credentials")
def test_prices_load_without_credentials_names_them(capsys: pytest.CaptureFixture[str]) -> None:
    prices = str(ROOT / "events" / "prices-sample.csv")

    code = main(["prices", "load", prices, "--table", "ai-chef-prices", "--region", "us-east-1"])

    captured = capsys.readouterr()
    assert code == 2
    assert captured.err == (
        "aichef: prices load needs AWS credentials (AWS_PROFILE, aws sso login, or AWS_ACCESS_KEY_ID)\n"
    )


@pytest.mark.usefixtures("no_aws_credentials")
def test_prices_load_without_a_region_names_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)

    code = main(["prices", "load", str(ROOT / "events" / "prices-sample.csv"), "--table", "ai-chef-prices"])

    assert code == 2
    assert capsys.readouterr().err == (
        "aichef: prices load needs a Region: pass --region or set AWS_REGION (e.g. us-east-1)\n"
    )


@pytest.mark.usefixtures("no_aws_credentials")
def test_record_without_credentials_names_them(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(ROOT)

    code = main(["record", "--out", str(tmp_path), "--region", "us-east-1"])

    assert code == 2
    assert capsys.readouterr().err == (
        "aichef: record needs AWS credentials (AWS_PROFILE, aws sso login, or AWS_ACCESS_KEY_ID)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_invoke_with_a_bare_request_names_the_wrapper_it_expects(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """events/recipe.json wraps the request: {"request_id": ..., "request": {...}}; a bare request was answered
    "request: must be a JSON object, got null"."""
    event = tmp_path / "bare.json"
    event.write_text(json.dumps({"ingredients": ["eggs", "kimchi"], "servings": 2}))

    line = usage_error(capsys, "invoke", "RecipeFunction", "--event", str(event))

    assert line == (
        f'aichef: {event}: RecipeFunction takes the workflow request wrapped in a "request" field, '
        '{"request": {"ingredients": [...], ...}} as in events/recipe.json; this event is a bare workflow request '
        "(fields: ingredients, servings)"
    )
    from aichef_local.stack import load_stack

    for spec in load_stack(Path(TEMPLATE)).functions.values():  # each function's message names its own example
        assert (ROOT / "events" / f"{spec.logical_id.removesuffix('Function').lower()}.json").is_file()
