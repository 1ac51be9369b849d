"""`make sam-local`: every function of the template through `sam local invoke` in a Lambda container, each answer
checked against `aichef invoke`'s in-process answer for the same event.

Steps: `sam build` for this machine's architecture (the template's `Architecture` parameter) into .sam-local/build;
the in-process answers; a container engine (sam_local_engine) and the image (sam_local_image); one `sam local invoke`
per event; the table. Exit 0 when every answer is the same; 1 on a difference, an errorType, a failed step or an
engine that cannot start; 2 on bad input (an event that is not JSON, a function the template does not have).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from aichef_local.requests_input import UsageError, read_json
from aichef_local.sam_local_engine import Engine, PrivateDockerd, user_docker
from aichef_local.sam_local_host import StepError, can_use_debian_recipe, host_architecture
from aichef_local.sam_local_image import build_debian_image, pull_official
from aichef_local.sam_local_plan import Invocation, Outcome, Plan, judge, plan, render_table
from aichef_local.stack import TemplateError, load_stack

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
INVOKE_SECONDS = 300


def entry() -> None:
    """`python -m aichef_local.sam_local`: TERM and HUP unwind like Ctrl-C, so the engine is stopped on the way out."""
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, _interrupt)
    sys.exit(main())


def _interrupt(signum: int, _: FrameType | None) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return run(args)
    except UsageError as error:
        _say(str(error))
        return EXIT_USAGE
    except StepError as error:
        _say(str(error))
        return EXIT_FAILED
    except KeyboardInterrupt:
        _say("interrupted (the engine, if one was started, was stopped)")
        return EXIT_INTERRUPTED
    except Exception as error:  # never a traceback to a user; .sam-local/logs has the detail
        _say(f"{type(error).__name__}: {error}")
        return EXIT_FAILED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="make sam-local SAM_LOCAL_ARGS=...", description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--function", action="append", default=[], metavar="NAME", help="only this function; repeatable")
    add("--event", action="append", default=[], type=Path, metavar="FILE", help="only this event; repeatable")
    add("--events-dir", type=Path, default=Path("events"), help="events named <function>[-<case>].json (events/)")
    add("--env-vars", type=Path, default=Path("events/env-offline.json"), help="--env-vars of both runs")
    add("--template", type=Path, default=Path("template.yaml"), help="the SAM template (template.yaml)")
    add("--work", type=Path, default=Path(".sam-local"), help="build, engine, root filesystem, logs (.sam-local)")
    return parser


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    if not args.template.is_file():
        raise UsageError(f"{args.template}: no such template (run from the project folder or pass --template)")
    try:
        stack = load_stack(args.template)
    except TemplateError as error:
        raise UsageError(f"{args.template}: {error}") from None
    read_json(args.env_vars)
    the_plan = plan(stack, args.events_dir, args.function, args.event)
    if the_plan.not_for_a_function:
        _say(f"not for a function: {', '.join(path.name for path in the_plan.not_for_a_function)}")
    arch = host_architecture(platform.machine())
    work: Path = args.work.resolve()
    (work / "logs").mkdir(parents=True, exist_ok=True)

    build_dir = _sam_build(args.template, work, arch)
    expected = [_inprocess_answer(invocation, args) for invocation in the_plan.invocations]
    leftovers: list[str] = []
    with _engine(work, leftovers) as engine:
        invoke = SamInvoke(engine, _image(engine, work, arch), build_dir, arch, args.env_vars, work)
        outcomes = [invoke(item, answer) for item, answer in zip(the_plan.invocations, expected, strict=True)]
    return _report(the_plan, outcomes, leftovers, time.monotonic() - started)


@contextlib.contextmanager
def _engine(work: Path, leftovers: list[str]) -> Iterator[Engine]:
    """The user's Docker when it answers, else the private dockerd, stopped when the block ends however it ends;
    what it left behind is added to `leftovers`."""
    engine, why_not = user_docker(dict(os.environ))
    if engine is not None:
        _say(f"engine: {engine.name}")
        yield engine
        return
    cannot = can_use_debian_recipe()
    if cannot:
        raise StepError(
            f"no container engine: {why_not}, and {cannot}. Start Docker (Docker Desktop, or your docker service) "
            "and run make sam-local again, or run it as root on a Debian-based machine (it installs docker.io and "
            "debootstrap with apt-get and starts a private dockerd)"
        )
    daemon = PrivateDockerd(work / "engine")
    _say(f"engine: {why_not}; starting a private dockerd in {daemon.root}")
    try:
        with daemon as engine:
            _say(f"engine: {engine.name}")
            yield engine
    finally:
        leftovers.extend(daemon.leftovers)
        _say(f"engine: stopped, {len(daemon.leftovers) or 'nothing'} left behind")


def _image(engine: Engine, work: Path, arch: str) -> str | None:
    """None for AWS's base image (pulled), else the tag of the Debian-built image."""
    log = work / "logs" / "image.log"
    started = time.monotonic()
    if engine.can_pull:
        official = pull_official(engine, arch, log)
        if official is not None:
            _say(f"image: {official} (AWS's base image)")
            return None
        cannot = can_use_debian_recipe()
        if cannot:
            raise StepError(f"cannot pull AWS's base image (see {log}), and {cannot} to build the Debian one")
        _say(f"image: cannot pull AWS's base image (see {log}); building the Debian one")
    tag = build_debian_image(engine, work, arch, log)
    _say(f"image: {tag} ({time.monotonic() - started:.1f} s)")
    return tag


def _sam_build(template: Path, work: Path, arch: str) -> Path:
    """`sam build` for `arch` into work/build (its own cache; the deployable arm64 build in .aws-sam is untouched)."""
    build_dir, log = work / "build", work / "logs" / "sam-build.log"
    options = {"--template": template, "--build-dir": build_dir, "--cache-dir": work / "cache"}
    command = [_venv_tool("sam"), "build", *_flags(options), "--cached", *_overrides(arch)]
    started = time.monotonic()
    with log.open("w") as out:
        if subprocess.run(command, env=_sam_env(work), stdout=out, stderr=subprocess.STDOUT, check=False).returncode:
            raise StepError(f"sam build failed (see {log})")
    _say(f"sam build for {arch}: {time.monotonic() - started:.1f} s")
    return build_dir


def _inprocess_answer(invocation: Invocation, args: argparse.Namespace) -> Any:
    """`aichef invoke`'s answer for the event (an error answer too: it is judged, not raised)."""
    options = {"--event": invocation.event, "--env-vars": args.env_vars, "--template": args.template}
    command = [sys.executable, "-m", "aichef_local.cli", "invoke", invocation.function.logical_id, *_flags(options)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=INVOKE_SECONDS, check=False)
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        raise StepError(
            f"aichef invoke {invocation.function.logical_id} -e {invocation.event} gave no JSON "
            f"(exit {result.returncode}): {result.stderr.strip()[-300:]}"
        ) from None


@dataclass(frozen=True)
class SamInvoke:
    """How each `sam local invoke` of a run is made: the engine, the image, the build, the architecture."""

    engine: Engine
    image: str | None
    build_dir: Path
    arch: str
    env_vars: Path
    work: Path

    def __call__(self, invocation: Invocation, expected: Any) -> Outcome:
        """Invoke the built function with the event; judge its answer against the in-process one."""
        name, event, stem = invocation.function.logical_id, invocation.event.name, invocation.event.stem
        template = self.build_dir / "template.yaml"
        options: dict[str, Any] = {"--template": template, "--event": invocation.event, "--env-vars": self.env_vars}
        options["--layer-cache-basedir"] = self.work / "layers"  # SAM's copy of the layer, kept in the work folder
        if self.image is not None:
            options["--invoke-image"] = self.image
        sam = [_venv_tool("sam"), "local", "invoke", name, *_flags(options), "--skip-pull-image"]
        command = [*self.engine.sam_prefix, *sam, *_overrides(self.arch)]
        log = self.work / "logs" / f"invoke-{stem}.log"
        env = {**_sam_env(self.work), **self.engine.env}
        started = time.monotonic()
        try:
            with log.open("w") as err:
                result = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=err, text=True,
                                        timeout=INVOKE_SECONDS, check=False)  # fmt: skip
        except subprocess.TimeoutExpired:
            return Outcome(name, event, time.monotonic() - started, f"no answer in {INVOKE_SECONDS} s", [f"see {log}"])
        seconds = time.monotonic() - started
        (self.work / "logs" / f"answer-{stem}.json").write_text(result.stdout)
        answer = _last_json_line(result.stdout)
        if result.returncode != 0 or answer is None:
            return Outcome(name, event, seconds, f"no answer (sam exit {result.returncode})", [f"see {log}"])
        return judge(name, event, seconds, answer, expected)


def _last_json_line(text: str) -> Any:
    """The function's answer: SAM prints it as the last line of its standard output (None when that is not JSON)."""
    lines = text.strip().splitlines()
    try:
        return json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError:
        return None


def _report(the_plan: Plan, outcomes: list[Outcome], leftovers: list[str], seconds: float) -> int:
    print(render_table(outcomes))
    same = sum(outcome.ok for outcome in outcomes)
    problems = [f"{name}: no event in the events folder is meant for it" for name in the_plan.without_event]
    problems += [f"left behind by the engine: {item}" for item in leftovers]
    for problem in problems:
        print(problem)
    print(f"{same} same, {len(outcomes) - same} not, in {seconds:.0f} s")
    return EXIT_OK if same == len(outcomes) and not problems else EXIT_FAILED


def _flags(options: dict[str, Any]) -> list[str]:
    return [part for flag, value in options.items() for part in (flag, str(value))]


def _overrides(arch: str) -> list[str]:
    """The template's Architecture parameter for this machine: SAM builds and runs the functions for it."""
    return ["--parameter-overrides", f"Architecture={arch}"]


def _sam_env(work: Path) -> dict[str, str]:
    """SAM's environment: no telemetry, the venv's python3.13 first on PATH, temporary files and pip's cache (sam
    build downloads the layer's wheels with pip) in the work folder."""
    tmp = work / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return {
        **os.environ,
        "SAM_CLI_TELEMETRY": "0",
        "PATH": path,
        "TMPDIR": str(tmp),
        "PIP_CACHE_DIR": str(work / "pip"),
    }


def _venv_tool(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def _say(message: str) -> None:
    print(f"sam-local: {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    entry()
