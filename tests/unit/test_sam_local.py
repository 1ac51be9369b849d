"""make sam-local's pure parts: which events each function gets, the comparison of answers, the table, the apt
mirror, the architecture, and its usage errors (exit 2 before anything is built or started)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from aichef_local.requests_input import UsageError
from aichef_local.sam_local import main
from aichef_local.sam_local_host import StepError, host_architecture, link_names, mounts_under
from aichef_local.sam_local_image import apt_mirror, image_tag
from aichef_local.sam_local_plan import Outcome, differences, function_for_event, judge, plan, render_table
from aichef_local.stack import Stack

ROOT = Path(__file__).resolve().parents[2]
EVENTS = ROOT / "events"


# --- which events each function gets ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "function"),
    [
        ("recipe.json", "RecipeFunction"),
        ("price.json", "PriceFunction"),
        ("price-gaps.json", "PriceFunction"),
        ("combine-no-quotes-yet.json", "CombineFunction"),
        ("workflow-request.json", None),
        ("env-offline.json", None),
    ],
)
def test_an_event_file_is_meant_for_the_function_its_name_starts_with(
    stack: Stack, file: str, function: str | None
) -> None:
    spec = function_for_event(stack, Path(file))

    assert (spec.logical_id if spec else None) == function


def test_the_events_folder_gives_every_function_its_events_and_names_the_files_for_none(stack: Stack) -> None:
    the_plan = plan(stack, EVENTS, [], [])

    assert [(i.function.logical_id, i.event.name) for i in the_plan.invocations] == [
        ("CombineFunction", "combine.json"),
        ("PriceFunction", "price-gaps.json"),
        ("PriceFunction", "price.json"),
        ("RecipeFunction", "recipe.json"),
    ]
    assert [path.name for path in the_plan.not_for_a_function] == ["env-offline.json", "workflow-request.json"]
    assert the_plan.without_event == []


def test_a_chosen_function_gets_only_its_events(stack: Stack) -> None:
    the_plan = plan(stack, EVENTS, ["ai-chef-price"], [])

    assert [i.event.name for i in the_plan.invocations] == ["price-gaps.json", "price.json"]


def test_a_function_no_event_is_meant_for_is_reported(stack: Stack, tmp_path: Path) -> None:
    shutil.copy(EVENTS / "recipe.json", tmp_path / "recipe.json")

    the_plan = plan(stack, tmp_path, [], [])

    assert the_plan.without_event == ["PriceFunction", "CombineFunction"]


def test_a_function_the_template_does_not_have_is_a_usage_error_naming_it(stack: Stack) -> None:
    with pytest.raises(UsageError) as error:
        plan(stack, EVENTS, ["pricing"], [])

    assert (
        str(error.value)
        == "no function 'pricing' in the template (choose from CombineFunction, PriceFunction, RecipeFunction)"
    )


def test_an_event_that_is_not_json_is_a_usage_error_naming_the_file_line_and_column(
    stack: Stack, tmp_path: Path
) -> None:
    broken = tmp_path / "price.json"
    broken.write_text('{\n  "request_id": "x",\n  "request": {,}\n}\n')

    with pytest.raises(UsageError) as error:
        plan(stack, tmp_path, [], [])

    assert str(error.value) == f"{broken}:3:15: not JSON (Expecting property name enclosed in double quotes)"


def test_a_named_event_for_no_function_is_a_usage_error(stack: Stack) -> None:
    with pytest.raises(UsageError) as error:
        plan(stack, EVENTS, [], [EVENTS / "workflow-request.json"])

    assert str(error.value) == (
        f"{EVENTS / 'workflow-request.json'}: names no function of the template "
        "(call it <function>[-<case>].json, <function> one of combine, price, recipe)"
    )


# --- the comparison ------------------------------------------------------------------------------------------------


def test_equal_answers_have_no_differences_and_request_ids_and_traces_are_ignored() -> None:
    inprocess = {"quotes": {"egg": {"price": 350.0}}, "requestId": "a", "stackTrace": ["app.py:1"]}
    container = {"quotes": {"egg": {"price": 350}}, "requestId": "b", "stackTrace": ["/var/task/app.py:1"]}

    assert differences(inprocess, container) == []


def test_differences_name_the_path_and_both_values() -> None:
    inprocess = {"output": {"pricing": {"total": 4660, "lines": [{"cost": 1400}, {"cost": 300}]}, "request_id": "r"}}
    container = {"output": {"pricing": {"total": 4661, "lines": [{"cost": 1400}, {"cost": 301}]}, "extra": True}}

    assert differences(inprocess, container) == [
        "$.output.extra: only in the container's answer (True)",
        "$.output.pricing.lines[1].cost: in-process 300, container 301",
        "$.output.pricing.total: in-process 4660, container 4661",
        "$.output.request_id: missing from the container's answer",
    ]


def test_true_is_not_one_and_lists_of_other_lengths_differ() -> None:
    assert differences({"a": True}, {"a": 1}) == ["$.a: in-process True, container 1"]
    assert differences([1, 2], [1]) == ["$: 2 items in-process, 1 in the container"]
    assert differences("kimchi", "김치") == ["$: in-process 'kimchi', container '김치'"]


def test_an_error_answer_on_either_side_is_not_the_same_whatever_the_other() -> None:
    error = {"errorType": "InvalidRequest", "errorMessage": "servings: must be 1-12", "requestId": "x"}

    assert judge("PriceFunction", "price.json", 4.0, error, error) == Outcome(
        "PriceFunction", "price.json", 4.0, "errorType InvalidRequest (container)", ["servings: must be 1-12"]
    )
    assert judge("PriceFunction", "price.json", 4.0, {"a": 1}, error).verdict == "errorType InvalidRequest (in-process)"


def test_a_difference_lists_at_most_five_paths_and_counts_the_rest() -> None:
    outcome = judge("PriceFunction", "price.json", 1.0, {str(n): n for n in range(8)}, {str(n): 0 for n in range(8)})

    assert (outcome.verdict, outcome.ok) == ("different", False)
    assert outcome.details == [
        "$.1: in-process 0, container 1",
        "$.2: in-process 0, container 2",
        "$.3: in-process 0, container 3",
        "$.4: in-process 0, container 4",
        "$.5: in-process 0, container 5",
        "... 2 more",
    ]


def test_the_table_has_function_event_seconds_and_the_answer_with_details_under_a_failure() -> None:
    outcomes = [
        Outcome("RecipeFunction", "recipe.json", 9.84, "same"),
        Outcome(
            "PriceFunction", "price-gaps.json", 4.9, "different", ["$.currency: in-process 'KRW', container 'USD'"]
        ),
    ]

    assert render_table(outcomes) == (
        "function        event            seconds  answer\n"
        "RecipeFunction  recipe.json          9.8  same\n"
        "PriceFunction   price-gaps.json      4.9  different\n"
        "    $.currency: in-process 'KRW', container 'USD'"
    )


# --- machine facts -------------------------------------------------------------------------------------------------


DEB822 = """# Debian mirror
Types: deb
URIs: http://mirror.example/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://mirror.example/debian-security
Suites: bookworm-security
Components: main
"""


def test_the_apt_mirror_is_the_first_main_archive_of_the_machines_sources() -> None:
    assert apt_mirror([("debian.sources", DEB822)]) == "http://mirror.example/debian"


def test_security_only_disabled_and_source_only_entries_are_not_the_mirror() -> None:
    security_first = DEB822.split("\n\n")[1]
    disabled = "Types: deb\nURIs: http://off.example/debian\nSuites: trixie\nComponents: main\nEnabled: no\n"
    one_line = (
        "deb-src http://src.example/debian bookworm main\n"
        "deb [arch=amd64 signed-by=/k.gpg] http://one.example/debian bookworm main contrib\n"
    )

    assert apt_mirror([("a.sources", security_first), ("b.sources", disabled)]) is None
    assert apt_mirror([("a.sources", security_first), ("sources.list", one_line)]) == "http://one.example/debian"
    assert apt_mirror([]) is None


@pytest.mark.parametrize(
    ("machine", "arch"), [("x86_64", "x86_64"), ("AMD64", "x86_64"), ("aarch64", "arm64"), ("arm64", "arm64")]
)
def test_the_host_architecture_is_lambdas_name_for_the_machine(machine: str, arch: str) -> None:
    assert host_architecture(machine) == arch


def test_a_machine_lambda_has_no_architecture_for_is_refused() -> None:
    with pytest.raises(StepError, match="this machine is riscv64; Lambda runs x86_64 and arm64 only"):
        host_architecture("riscv64")


def test_the_image_tag_changes_with_its_recipe() -> None:
    first = image_tag("x86_64", ["awslambdaric==4.2.2", "boto3==1.40.0"])

    assert first.startswith("aichef-local/lambda-python3.13:trixie-x86_64-")
    assert image_tag("x86_64", ["awslambdaric==4.2.2", "boto3==1.40.1"]) != first
    assert image_tag("arm64", ["awslambdaric==4.2.2", "boto3==1.40.0"]) != first


def test_mounts_under_a_folder_are_found_with_escaped_spaces() -> None:
    mountinfo = (
        "66 46 254:0 /e/data /srv/my\\040work/.sam-local/engine/data rw - ext4 /dev/vda rw\n"
        "67 46 0:5 / /srv/my\\040work/.sam-local/enginex rw - tmpfs tmpfs rw\n"
        "68 46 0:6 / /run rw - tmpfs tmpfs rw\n"
    )

    assert mounts_under(mountinfo, Path("/srv/my work/.sam-local/engine")) == ["/srv/my work/.sam-local/engine/data"]


def test_link_names_are_read_from_ip_link_output() -> None:
    output = "1: lo: <LOOPBACK,UP> mtu 65536\n2: docker0: <BROADCAST> mtu 1500\n5: vethab12@if4: <UP> mtu 1500\n"

    assert link_names(output) == ["lo", "docker0", "vethab12"]


# --- usage errors of the command -----------------------------------------------------------------------------------


def _run(tmp_path: Path, *args: str) -> int:
    """`make sam-local` with the repository's files given by absolute path and a work folder in `tmp_path`."""
    common = [
        "--template",
        str(ROOT / "template.yaml"),
        "--env-vars",
        str(EVENTS / "env-offline.json"),
        "--events-dir",
        str(EVENTS),
        "--work",
        str(tmp_path / "work"),
    ]
    return main([*common, *args])


def test_an_unknown_function_exits_2_naming_it_before_anything_is_built(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(tmp_path, "--function", "PricingFunction") == 2
    assert capsys.readouterr().err == (
        "sam-local: no function 'PricingFunction' in the template "
        "(choose from CombineFunction, PriceFunction, RecipeFunction)\n"
    )
    assert not (tmp_path / "work").exists()


def test_an_event_that_is_not_json_exits_2_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    event = tmp_path / "recipe-broken.json"
    event.write_text("{'request_id': 1}")

    assert _run(tmp_path, "--event", str(event)) == 2
    assert capsys.readouterr().err == (
        f"sam-local: {event}:1:2: not JSON (Expecting property name enclosed in double quotes)\n"
    )


def test_an_env_vars_file_that_is_not_json_exits_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env_vars = tmp_path / "env.json"
    env_vars.write_text(json.dumps({"RecipeFunction": {}})[:-1])

    assert _run(tmp_path, "--env-vars", str(env_vars)) == 2
    assert capsys.readouterr().err.startswith(f"sam-local: {env_vars}:1:")


def test_missing_tools_are_installed_with_apt_get_logging_into_a_folder_made_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh machine has no dockerd: apt-get update, then install of its package, logged under the engine folder."""
    from aichef_local import sam_local_host

    installed: set[str] = set()
    commands: list[list[str]] = []

    def apt_get(command: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        commands.append(command)
        installed.update(command[5:] if command[1] == "install" else [])
        return subprocess.CompletedProcess(command, 0)

    def find(name: str) -> str | None:
        return f"/usr/sbin/{name}" if name != "dockerd" or "docker.io" in installed else None

    monkeypatch.setattr(sam_local_host, "find_tool", find)
    monkeypatch.setattr(sam_local_host, "can_use_debian_recipe", lambda: "")
    monkeypatch.setattr(sam_local_host.subprocess, "run", apt_get)
    log = tmp_path / "not-yet" / "apt.log"

    found = sam_local_host.ensure_tools(("dockerd", "ip"), log)

    assert found == {"dockerd": "/usr/sbin/dockerd", "ip": "/usr/sbin/ip"}
    assert commands == [
        ["apt-get", "update", "-q"],
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", "docker.io"],
    ]
    assert log.is_file()


def test_missing_tools_without_root_say_which_packages_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from aichef_local import sam_local_host

    monkeypatch.setattr(sam_local_host, "find_tool", lambda name: None)
    monkeypatch.setattr(sam_local_host, "can_use_debian_recipe", lambda: "the private engine needs root")

    with pytest.raises(StepError) as error:
        sam_local_host.ensure_tools(("dockerd", "debootstrap", "unshare"), Path("/nonexistent/apt.log"))

    assert str(error.value) == (
        "the private engine needs root; install debootstrap, docker.io, util-linux, or start Docker"
    )
