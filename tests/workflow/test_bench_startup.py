"""`make bench`'s start-up line: the baseline built in its own environment, the runs alternated, failures never
reported as figures, and the line it prints."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from aichef_local import bench, bench_startup
from aichef_local.bench_startup import (
    BASELINE,
    StartupBenchError,
    Timing,
    _clean_environment,
    alternate,
    baseline_tree,
    checkout,
    one_request,
    render_startup,
)

OURS = str(Path(sys.executable).parent)


def test_the_start_up_line_shows_both_walls_the_ratio_and_the_load() -> None:
    figures = {
        "baseline_commit": "fd20d11",
        "request": "events/workflow-request.json",
        "runs_each": 5,
        "baseline_ms": 2045,
        "current_ms": 1001,
        "ratio": 0.49,
        "target_ratio": 0.5,
        "load_average_1m": [0.31, 0.5],
        "cpu_ms": {"baseline": 1890, "current": 905},
        "cpu_ratio": 0.48,
        "parsing_ms": 1250,
        "parsing_ratio": 0.61,
    }

    assert render_startup(figures) == [
        "Start-up: one request (events/workflow-request.json) through aichef run, median of 5 alternated runs each, "
        "each tree in its own virtualenv",
        "  fd20d11: 2,045 ms   this checkout: 1,001 ms   ratio 0.49 (target <= 0.5)   load 0.3 -> 0.5",
        "  CPU time (user + system, median): 1,890 ms and 905 ms   ratio 0.48",
        "  this checkout parsing the definition (a first run, or the first after it changed): 1,250 ms   ratio 0.61",
        "",
    ]


def test_a_start_up_that_could_not_be_measured_says_why_and_shows_no_figure() -> None:
    lines = render_startup({"baseline_commit": "fd20d11", "error": "fd20d11's `make demo` failed: no Python 3.13"})

    assert lines == ["Start-up against fd20d11: not measured: fd20d11's `make demo` failed: no Python 3.13", ""]


def test_the_baseline_runner_is_checked_out_whole(tmp_path: Path) -> None:
    tree = checkout(BASELINE, tmp_path / "baseline")

    assert (tree / "local/aichef_local/cli.py").is_file() and (tree / "Makefile").is_file()
    assert (tree / "template.yaml").is_file() and (tree / "events/workflow-request.json").is_file()


def test_a_child_gets_none_of_this_checkouts_virtualenv_make_or_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", os.pathsep.join([OURS, "/usr/local/bin", "/usr/bin"]))
    session = {
        "VIRTUAL_ENV": "/x/.venv",
        "PYTHONPATH": "/x/layer",
        "MAKEFLAGS": "-j2",
        "MAKELEVEL": "1",
        "PYTHONDONTWRITEBYTECODE": "1",  # a user's Python writes bytecode: the unmeasured first run caches it
    }
    for name, value in session.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HOME", "/home/cook")

    env = _clean_environment()

    assert env["PATH"] == os.pathsep.join(["/usr/local/bin", "/usr/bin"])
    assert not set(session) & set(env)
    assert env["HOME"] == "/home/cook"


def _fake_baseline(into: Path, demo_exit: int) -> Path:
    """A tree whose `make demo` records its environment and arguments, then builds the stamp or fails."""
    into.mkdir(parents=True)
    stamp = "mkdir -p .venv && touch .venv/.installed" if demo_exit == 0 else "echo no Python 3.13 >&2"
    (into / "Makefile").write_text(
        f"demo:\n\t@env > demo.env\n\t@echo '$(PYTHON)' > demo.python\n\t@{stamp}\n\t@exit {demo_exit}\n"
    )
    return into


def test_the_baseline_is_built_once_by_its_own_make_demo_in_a_clean_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    builds: list[str] = []

    def checkout(sha: str, into: Path) -> Path:
        builds.append(sha)
        return _fake_baseline(into, 0)

    monkeypatch.setattr(bench_startup, "checkout", checkout)
    monkeypatch.setenv("VIRTUAL_ENV", str(Path(OURS).parent))
    monkeypatch.setenv("PATH", os.pathsep.join([OURS, os.environ["PATH"]]))

    tree = baseline_tree(BASELINE, tmp_path, python="/opt/python3.13")
    again = baseline_tree(BASELINE, tmp_path, python="/opt/python3.13")

    assert again == tree and len(builds) == 1 and tree.parent == tmp_path and len(tree.name) == 40
    demo_env = dict(line.split("=", 1) for line in (tree / "demo.env").read_text().splitlines() if "=" in line)
    assert "VIRTUAL_ENV" not in demo_env and OURS not in demo_env["PATH"].split(os.pathsep)
    assert (tree / "demo.python").read_text().strip() == "/opt/python3.13"


def test_a_baseline_whose_make_demo_fails_is_an_error_not_a_figure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bench_startup, "checkout", lambda sha, into: _fake_baseline(into, 2))

    with pytest.raises(StartupBenchError, match="make demo` failed: .*no Python 3.13"):
        baseline_tree(BASELINE, tmp_path, python="/opt/python3.13")


def _aichef(tmp_path: Path, output: str, code: int, spin: int = 0) -> Path:
    """A stand-in `aichef` that prints `output` and exits `code`, after `spin` loops of busy Python (CPU time)."""
    script = tmp_path / "aichef"
    script.write_text(
        f"#!{sys.executable}\nimport sys\nfor _ in range({spin}): pass\nprint({output!r})\nsys.exit({code})\n"
    )
    script.chmod(0o755)
    return script


def test_one_request_is_timed_only_when_it_succeeds(tmp_path: Path) -> None:
    request, logs = tmp_path / "request.json", tmp_path / "run.log"
    idle = one_request(_aichef(tmp_path, '{"status": "SUCCEEDED"}', 0), tmp_path, request, logs)
    busy = one_request(_aichef(tmp_path, '{"status": "SUCCEEDED"}', 0, spin=20_000_000), tmp_path, request, logs)
    assert 0 < idle.cpu <= idle.wall * 2 and 0 < idle.wall < 60
    assert busy.cpu > idle.cpu + 0.1  # the child's own CPU time, not this process's

    failed = _aichef(tmp_path, '{"status": "FAILED"}', 1)
    with pytest.raises(StartupBenchError, match="exit 1, status FAILED"):
        one_request(failed, tmp_path, request, logs)

    silent = _aichef(tmp_path, "usage: aichef", 0)
    with pytest.raises(StartupBenchError, match="exit 0, status None"):
        one_request(silent, tmp_path, request, logs)


def test_runs_are_alternated_after_one_unmeasured_run_each() -> None:
    calls: list[str] = []

    def runner(name: str, seconds: float) -> Callable[[], Timing]:
        def run() -> Timing:
            calls.append(name)
            return Timing(seconds, seconds / 2)

        return run

    times = alternate({"baseline": runner("baseline", 2.0), "current": runner("current", 1.0)}, 3)

    assert calls == ["baseline", "current"] + ["baseline", "current", "current", "baseline", "baseline", "current"]
    assert times == {"baseline": [Timing(2.0, 1.0)] * 3, "current": [Timing(1.0, 0.5)] * 3}


ALL_BUT_STARTUP = [
    "--skip",
    "book",
    "--skip",
    "cold",
    "--skip",
    "warm",
    "--skip",
    "sizes",
    "--skip",
    "parallel",
    "--skip",
    "throughput",
]


def test_the_start_up_part_runs_alone_without_the_lambda_sandbox_or_moto_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    figures = {"baseline_commit": "fd20d11", "error": "stand-in"}
    monkeypatch.setattr(bench, "LAMBDA_PYTHON", tmp_path / "missing" / "python")
    monkeypatch.setattr(bench, "measure_startup", lambda runs: {**figures, "runs": runs})
    monkeypatch.setattr(bench, "local_endpoints", lambda stack: pytest.fail("moto's server started"))
    out = tmp_path / "results.json"

    assert bench.main([*ALL_BUT_STARTUP, "--startup-runs", "3", "--output", str(out)]) == 0
    assert json.loads(out.read_text())["startup"] == {**figures, "runs": 3}
    assert "Start-up against fd20d11: not measured: stand-in" in capsys.readouterr().out


def test_cold_starts_without_the_lambda_sandbox_say_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bench, "LAMBDA_PYTHON", tmp_path / "missing" / "python")

    assert bench.main(["--skip", "startup", "--output", str(tmp_path / "r.json")]) == 2
    assert "run `make bench`" in capsys.readouterr().err


def test_the_parsing_figure_runs_without_the_stored_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stored = tmp_path / ".aichef" / "parsed" / "entry.pickle"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"program")
    monkeypatch.setattr(bench_startup, "ROOT", tmp_path)
    seen: list[bool] = []

    def run() -> Timing:
        seen.append(stored.exists())
        return Timing(1.2, 0.9)

    assert bench_startup._parsing(run) == Timing(1.2, 0.9)
    assert seen == [False] and (tmp_path / ".aichef").is_dir()
