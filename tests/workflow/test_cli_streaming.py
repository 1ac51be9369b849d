"""`aichef run` as a long batch: results stream in input order, progress is shown, and Ctrl-C keeps what finished."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from aichef_local import run_command
from aichef_local.run_command import _Progress

ROOT = Path(__file__).resolve().parents[2]
AICHEF = Path(sys.executable).parent / "aichef"
BATCH = 40
REQUEST = {"ingredients": ["kimchi", "2 cups rice", "eggs"], "servings": 2, "cuisine": "korean", "currency": "KRW"}


def test_ctrl_c_keeps_every_finished_result_and_the_summary(tmp_path: Path) -> None:
    """SIGINT to a real `aichef run` once 3 results have streamed: it stops starting executions, prints what
    finished (in input order), the summary with how many were not run, exits 130, no traceback."""
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps(REQUEST) + "\n" for _ in range(BATCH)))
    errors = tmp_path / "stderr.txt"
    with errors.open("w") as stderr:
        process = subprocess.Popen(
            [str(AICHEF), "run", "--input", str(batch), "--json", "--concurrency", "2", "--logs", str(tmp_path / "l")],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    assert process.stdout is not None
    streamed = [process.stdout.readline() for _ in range(3)]  # streaming: these arrive while the batch runs
    process.send_signal(signal.SIGINT)
    # The rest through the same buffered reader: readline() may already hold part of line 4, which
    # communicate() would skip (it reads the raw pipe).
    rest = process.stdout.read()
    process.wait(timeout=60)
    err = errors.read_text()

    assert process.returncode == 130, err
    kept = [json.loads(line) for line in streamed + rest.splitlines()]
    assert 3 <= len(kept) < BATCH
    numbers = [int(result["request_id"].split("-")[1]) for result in kept]
    assert numbers == list(range(1, len(kept) + 1))  # input order, no gap
    assert all(result["status"] == "SUCCEEDED" for result in kept)
    assert all(result["record"]["status"] == "SUCCEEDED" for result in kept)
    assert "Traceback" not in err
    summary = err.strip().splitlines()[-1]
    assert summary.startswith(
        f"aichef: {BATCH} requests: {len(kept)} succeeded, 0 failed, {BATCH - len(kept)} not run (stopped), "
        "0 without a matching record;"
    ), err


def test_json_results_are_printed_in_input_order_as_soon_as_they_can_be(capsys: pytest.CaptureFixture[str]) -> None:
    """Results finishing out of order: each is printed once it and every earlier one are done."""
    printer = run_command._Printer(sys.stdout, True, ["f:1", "f:2", "f:3"])
    results = {index: _result(index) for index in range(3)}

    printer.add(1, results[1])
    assert capsys.readouterr().out == ""
    printer.add(0, results[0])
    assert [json.loads(line)["request_id"] for line in capsys.readouterr().out.splitlines()] == ["r0", "r1"]
    printer.add(2, results[2])
    assert [json.loads(line)["request_id"] for line in capsys.readouterr().out.splitlines()] == ["r2"]


def test_after_a_stop_waiting_results_are_printed_too(capsys: pytest.CaptureFixture[str]) -> None:
    printer = run_command._Printer(sys.stdout, True, ["f:1", "f:2", "f:3"])
    printer.add(2, _result(2))

    kept = printer.flush_all()

    assert [result.request_id for result in kept] == ["r2"]
    assert json.loads(capsys.readouterr().out)["request_id"] == "r2"


def test_readable_view_labels_each_request_with_its_input_line(capsys: pytest.CaptureFixture[str]) -> None:
    printer = run_command._Printer(sys.stdout, False, ["batch.jsonl:1", "batch.jsonl:3"])

    printer.add(1, _result(1, status="FAILED"))

    assert capsys.readouterr().out.startswith("== request 2 of 2 (batch.jsonl:3) ==\n")


def test_plain_progress_line_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([100.0, 106.0, 106.0, 106.0, 107.0])
    monkeypatch.setattr(run_command.time, "monotonic", lambda: next(clock))
    err = io.StringIO()
    progress = _Progress(err, 4)  # started at 100.0

    progress.update(True)  # 6 s later: a line (every 5 s)
    progress.update(False)  # 1 s after that line: none

    assert err.getvalue() == "aichef: 1/4 done (1 succeeded, 0 failed), 0.2 requests/s, ETA 18 s\n"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_on_a_terminal_counts_outcomes() -> None:
    err = _Terminal()
    progress = _Progress(err, 4)

    progress.update(True)
    progress.update(False)
    progress.bar.refresh()
    progress.close()

    assert "2/4" in err.getvalue()
    assert "1 succeeded, 1 failed" in err.getvalue()


def test_one_request_shows_no_progress() -> None:
    err = _Terminal()
    progress = _Progress(err, 1)
    progress.update(True)
    progress.close()

    assert progress.bar is None and err.getvalue() == ""


def _result(index: int, status: str = "SUCCEEDED") -> run_command.ExecutionResult:
    from aichef_local.runner import ExecutionResult

    return ExecutionResult(request_id=f"r{index}", request={}, status=status, error="E", cause="c")
