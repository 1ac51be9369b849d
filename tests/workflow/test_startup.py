"""What `aichef` does to start and stop fast: one botocore data loader per process, and an exit that skips the
interpreter's teardown without losing output or the exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import botocore.session
import moto.core.utils
import pytest

from aichef_local.moto_patches import EXECUTION_ENDS, ExecutionEnds, one_data_loader
from aichef_local.runner import WAKE_SECONDS, LocalWorkflow

ROOT = Path(__file__).resolve().parents[2]
AICHEF = Path(sys.executable).parent / "aichef"
BUFFERED = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
"""stdout to a file is then block-buffered, as for a user: an exit that skipped the flush would lose output."""


def test_every_session_shares_one_loader_inside_the_patch_and_not_after() -> None:
    with one_data_loader():
        first, second = botocore.session.Session(), botocore.session.Session()
        shared = first.get_component("data_loader")
        assert second.get_component("data_loader") is shared
        assert moto.core.utils.create_loader() is shared  # moto's per-response service models too
        model = first.get_service_data("dynamodb")
        assert second.get_service_data("dynamodb") is model  # decoded once
    after = botocore.session.Session().get_component("data_loader")
    assert after is not shared


def test_the_command_flushes_every_result_to_a_file_and_keeps_the_exit_code(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    request = {"ingredients": ["kimchi", "2 cups rice", "eggs"], "servings": 2, "currency": "KRW"}
    batch.write_text(json.dumps(request) + "\n" + json.dumps({**request, "servings": 0}) + "\n")
    out = tmp_path / "out.jsonl"
    with out.open("w") as stdout:
        done = subprocess.run(
            [str(AICHEF), "run", "--input", str(batch), "--json", "--logs", str(tmp_path / "logs")],
            cwd=ROOT,
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
            env=BUFFERED,
        )

    results = [json.loads(line) for line in out.read_text().splitlines()]
    assert [result["status"] for result in results] == ["SUCCEEDED", "FAILED"]
    assert done.returncode == 1  # one request failed
    assert done.stderr.strip().splitlines()[-1].startswith("aichef: 2 requests: 1 succeeded, 1 failed")
    assert (tmp_path / "logs").stat().st_size > 0  # the handlers' log file was written and closed


def test_output_printed_without_an_explicit_flush_reaches_a_file(tmp_path: Path) -> None:
    out = tmp_path / "cuisines.txt"
    with out.open("w") as stdout:
        done = subprocess.run([str(AICHEF), "cuisines"], stdout=stdout, timeout=120, env=BUFFERED)

    assert done.returncode == 0
    assert "korean" in out.read_text().split()


def test_a_usage_error_exits_2_through_the_command() -> None:
    done = subprocess.run(
        [str(AICHEF), "run", "--ingredients", "eggs", "--servings", "0"], capture_output=True, text=True
    )

    assert done.returncode == 2
    assert done.stderr.startswith("aichef: ") and "servings" in done.stderr and "Traceback" not in done.stderr


def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path: Path) -> None:
    """`aichef run ... | head -1`: once the pipe is closed the next result cannot be written; exit 141, no error."""
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps({"ingredients": ["eggs", "rice"]}) + "\n" for _ in range(5)))
    process = subprocess.Popen(
        [str(AICHEF), "run", "--input", str(batch), "--json", "--logs", str(tmp_path / "logs")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stderr is not None
    first = json.loads(process.stdout.readline())
    process.stdout.close()
    err = process.stderr.read()

    assert process.wait(timeout=120) == 141
    assert first["status"] == "SUCCEEDED"
    assert "BrokenPipe" not in err and "Traceback" not in err


def test_the_template_is_parsed_by_libyaml_and_reads_as_the_pure_python_parser_reads_it() -> None:
    """libyaml's parser (a tenth of the time) must give the very document the pure-Python one gives, tags included."""
    import yaml

    from aichef_local import stack

    class PureLoader(yaml.SafeLoader):
        pass

    PureLoader.add_multi_constructor("!", stack._construct)

    def plain(value: object) -> object:  # _Tag has no __eq__: compare what it holds
        if isinstance(value, stack._Tag):
            return {"!" + value.name: plain(value.value)}
        if isinstance(value, dict):
            return {key: plain(inner) for key, inner in value.items()}
        if isinstance(value, list):
            return [plain(inner) for inner in value]
        return value

    assert issubclass(stack._Loader, yaml.CSafeLoader)
    for template in (ROOT / "template.yaml", ROOT / "api" / "template.yaml"):
        text = template.read_text("utf-8")
        fast = yaml.load(text, Loader=stack._Loader)  # noqa: S506 - SafeLoader subclasses
        pure = yaml.load(text, Loader=PureLoader)  # noqa: S506
        assert plain(fast) == plain(pure)
        assert len(fast["Resources"]) >= 3


def _modules_after_one_request(tmp_path: Path, names: tuple[str, ...]) -> dict[str, object]:
    """Which of `names` a fresh process has loaded when `aichef run` (its entry point) exits after one request."""
    script = (
        "import json, os, sys\n"
        "def report(code):\n"
        f"    loaded = {{n: n in sys.modules for n in {names!r}}}\n"
        "    print(json.dumps({'code': code, **loaded}), file=sys.stderr, flush=True)\n"
        "    os.__dict__['_exit_'](code)\n"
        "os.__dict__['_exit_'], os._exit = os._exit, report\n"
        "sys.argv = ['aichef', 'run', '--input', 'events/workflow-request.json', '--json', '--logs', sys.argv[1]]\n"
        "from aichef_local.cli import entry\n"
        "entry()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "logs")], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    return dict(json.loads(done.stderr.strip().splitlines()[-1]))


def test_one_request_loads_neither_the_bedrock_engine_nor_the_recorders_fakes(tmp_path: Path) -> None:
    """`aichef record` registers with every command; its engine, fakes and HTTP server load only when it runs."""
    names = ("aichef.bedrock", "aichef_local.fake_bedrock", "aichef_local.recordings")
    loaded = _modules_after_one_request(tmp_path, names)

    assert loaded == {"code": 0, **dict.fromkeys(names, False)}


# botocore in `aichef` as in the Lambda runtime: without the optional awscrt and pyOpenSSL that SAM CLI brings into
# the development virtualenv (aichef_local.sdk_extras).
PROBE = """
import json, ssl, sys
{call}
import botocore.compat, botocore.httpsession
state = {{
    "has_crt": botocore.compat.HAS_CRT,
    "stdlib_ssl_context": botocore.httpsession.SSLContext is ssl.SSLContext,
    "awscrt": "awscrt" in sys.modules,
    "OpenSSL": "OpenSSL" in sys.modules,
    "hidden_result": result,
}}
import awscrt, OpenSSL  # nothing stays hidden afterwards
state["importable_after"] = "awscrt" in sys.modules and "OpenSSL" in sys.modules
print(json.dumps(state))
"""


def _probe(call: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(call=call)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def test_this_virtualenv_has_the_extras_so_plain_botocore_loads_the_crt() -> None:
    """The premise: SAM CLI (the dev extra) installs awscrt and pyOpenSSL, and botocore imports them when present."""
    state = _probe("result = None")

    assert state["has_crt"] is True and state["awscrt"] is True


def test_hidden_extras_give_lambdas_botocore_and_can_be_imported_afterwards() -> None:
    state = _probe(
        "from aichef_local.sdk_extras import botocore_without_optional_extras\n"
        "result = botocore_without_optional_extras()"
    )

    assert state == {
        "has_crt": False,
        "stdlib_ssl_context": True,
        "awscrt": False,
        "OpenSSL": False,
        "hidden_result": True,
        "importable_after": True,
    }


def test_botocore_already_loaded_is_left_as_it_is() -> None:
    state = _probe(
        "import botocore.compat\n"
        "from aichef_local.sdk_extras import botocore_without_optional_extras\n"
        "result = botocore_without_optional_extras()"
    )

    assert state["hidden_result"] is False and state["has_crt"] is True


def test_one_request_through_aichef_loads_neither_awscrt_nor_pyopenssl(tmp_path: Path) -> None:
    loaded = _modules_after_one_request(tmp_path, ("awscrt", "OpenSSL", "botocore.compat"))

    assert loaded == {"code": 0, "awscrt": False, "OpenSSL": False, "botocore.compat": True}


# The runner sleeps until an execution ends (moto_patches.execution_ends_signalled) rather than polling.


def test_an_end_wakes_a_waiter_and_without_one_the_wait_runs_out() -> None:
    ends = ExecutionEnds()
    seen = ends.count
    assert ends.wait_after(seen, 0.01) is False

    timer = threading.Timer(0.05, ends.note)
    timer.start()
    started = time.monotonic()
    assert ends.wait_after(seen, 60) is True
    assert time.monotonic() - started < 30  # woken by the end, not by the 60 s timeout
    assert ends.wait_after(seen, 60) is True  # an end already counted since `seen`: no wait at all
    assert ends.count == seen + 1


def test_one_request_is_described_on_its_end_not_every_few_milliseconds(
    workflow: LocalWorkflow, standard_only: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    describe = workflow.sfn.describe_execution
    calls: list[str] = []

    def counted(**arguments: str) -> object:
        calls.append(arguments["executionArn"])
        return describe(**arguments)

    monkeypatch.setattr(workflow.sfn, "describe_execution", counted)
    ends_before = EXECUTION_ENDS.count
    started = time.monotonic()
    (result,) = workflow.run([{"ingredients": ["kimchi", "2 cups rice", "eggs"], "servings": 2}])
    elapsed = time.monotonic() - started

    assert result.status == "SUCCEEDED"
    assert EXECUTION_ENDS.count == ends_before + 1
    # once after starting, once per wake-up (its end, or WAKE_SECONDS without one): polling every 2 ms was ~100
    assert 2 <= len(calls) <= elapsed / WAKE_SECONDS + 2
