"""`make bench`: cold start, warm latency, package size, parallelism and local throughput, measured and printed.

A benchmark, not a test: it never fails on timing (exit 0 unless it cannot measure at all). Every cold start is a
fresh process in a Lambda-like environment (LAMBDA_TASK_ROOT, the function's environment from template.yaml, the layer
on the path) that imports the handler and answers its first event; AWS calls go to local endpoints (the scripted
Converse server and moto in server mode), so network latency and model time are not in the figures. Handlers are
interleaved with the anchor, a typical Powertools handler (bench/anchor/app.py), and reported as ratios to it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from aichef_local.bench_book import measure_book, render_book
from aichef_local.bench_cold import (
    LAMBDA_PYTHON,
    PARALLEL_DELAYS_S,
    PARALLEL_TARGET,
    ROOT,
    TRACER_PACKAGES,
    local_endpoints,
    measure_cold_starts,
    measure_warm,
    variants,
    write_events,
)
from aichef_local.bench_startup import measure_startup, render_startup
from aichef_local.packaging import zipped_size
from aichef_local.stack import Stack, load_stack


def measure_sizes() -> dict[str, Any]:
    """`sam build` into a temporary directory; each function's zip plus the layer's zip, as deployed."""
    from aichef_local.packaging import forbidden_packages

    with tempfile.TemporaryDirectory() as temp:
        build = Path(temp) / "build"
        sam = Path(sys.executable).with_name("sam")
        completed = subprocess.run(
            [str(sam), "build", "--no-cached", "--build-dir", str(build), "--cache-dir", str(Path(temp) / "cache")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
            env={
                **os.environ,
                "SAM_CLI_TELEMETRY": "0",  # sam needs python3.13 on PATH
                "PATH": f"{sam.parent}{os.pathsep}{os.environ.get('PATH', '')}",
            },
        )
        if completed.returncode != 0:
            return {"error": f"sam build failed: {completed.stderr[-1000:]}"}
        layer = zipped_size(build / "SharedLayer")
        layer_unzipped = sum(path.stat().st_size for path in (build / "SharedLayer").rglob("*") if path.is_file())
        report: dict[str, Any] = {
            "layer_zip_kib": round(layer / 1024, 1),
            "layer_unzipped_kib": round(layer_unzipped / 1024, 1),
        }
        for logical_id, name in (
            ("RecipeFunction", "ai-chef-recipe"),
            ("PriceFunction", "ai-chef-price"),
            ("CombineFunction", "ai-chef-combine"),
        ):
            code = zipped_size(build / logical_id)
            report[name] = {
                "code_zip_kib": round(code / 1024, 1),
                "with_layer_zip_kib": round((code + layer) / 1024, 1),
                "forbidden": forbidden_packages(build / logical_id)
                + forbidden_packages(build / "SharedLayer" / "python"),
            }
        return report


def tracer_layer_cost() -> dict[str, Any]:
    """What bundling Tracer's aws-xray-sdk (and the botocore it requires) would add to the layer (pure-Python
    sizes from the sandboxes' virtualenv; wrapt's native part is built for this machine, not arm64)."""
    site = next(LAMBDA_PYTHON.parent.parent.glob("lib/python3*/site-packages"))
    present = [site / name for name in TRACER_PACKAGES if (site / name).exists()]
    unzipped = sum(
        path.stat().st_size
        for root in present
        for path in ([root] if root.is_file() else root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    )
    with tempfile.TemporaryDirectory() as temp:
        staging = Path(temp)
        for root in present:
            target = staging / root.name
            if root.is_file():
                target.write_bytes(root.read_bytes())
            else:
                for path in root.rglob("*"):
                    if path.is_file() and "__pycache__" not in path.parts:
                        (target / path.relative_to(root)).parent.mkdir(parents=True, exist_ok=True)
                        (target / path.relative_to(root)).write_bytes(path.read_bytes())
        zipped = zipped_size(staging)
    return {
        "packages": [path.name for path in present],
        "unzipped_kib": round(unzipped / 1024, 1),
        "zip_kib": round(zipped / 1024, 1),
    }


def measure_parallel(stack: Stack, repeats: int = 5) -> dict[str, Any]:
    """The workflow with the branches slowed (recipe 400 ms, the price prefetch 250 ms): the Parallel state's and
    the whole execution's wall time against the slower branch."""
    from aichef_local.runner import LocalWorkflow

    request = json.loads((ROOT / "events" / "workflow-request.json").read_text("utf-8"))
    slower = max(PARALLEL_DELAYS_S.values()) * 1000
    parallel_ms, execution_ms, overlap_ms = [], [], []
    with LocalWorkflow(stack, time_scale=0.0) as workflow:
        assert workflow.lambdas is not None
        handlers = workflow.lambdas.handlers
        for name, delay in PARALLEL_DELAYS_S.items():
            handlers[name] = _delayed(handlers[name], delay)
        for _ in range(repeats):
            (result,) = workflow.run([request])
            if result.status != "SUCCEEDED":
                raise RuntimeError(f"parallel run failed: {result.error}: {result.cause}")
            states = {state.name: state for state in result.states}
            parallel_ms.append(states["RecipeGeneration"].duration_ms)
            execution_ms.append(
                sum(
                    state.duration_ms
                    for state in result.states
                    if state.name in ("RecipeGeneration", "CombineResults", "PriceGaps", "SaveRecipe")
                )
            )
            recipe, price = states["GenerateRecipe"], states["GetPricing"]
            overlap_ms.append(
                min(recipe.started_ms + recipe.duration_ms, price.started_ms + price.duration_ms)
                - max(recipe.started_ms, price.started_ms)
            )
    parallel = statistics.median(parallel_ms)
    return {
        "slower_branch_ms": slower,
        "parallel_state_ms": round(parallel, 1),
        "ratio": round(parallel / slower, 3),
        "target": PARALLEL_TARGET,
        "branch_overlap_ms": round(statistics.median(overlap_ms), 1),
        "serial_would_be_ms": sum(PARALLEL_DELAYS_S.values()) * 1000,
        "runs": repeats,
        "execution_states_ms": round(statistics.median(execution_ms), 1),
    }


def _delayed(handler: Any, seconds: float) -> Any:
    """The handler after a fixed wait; for the price function only on the prefetch (the Parallel branch)."""

    def slow(event: Any, context: Any) -> Any:
        if not (isinstance(event, dict) and event.get("names") is not None):
            time.sleep(seconds)
        return handler(event, context)

    return slow


def throughput_requests(count: int) -> list[dict[str, Any]]:
    """`count` catalog requests that all succeed: each catalog recipe's first five ingredients, varied servings."""
    from aichef.recipes import bundled_catalog

    recipes = sorted(bundled_catalog().recipes, key=lambda recipe: recipe.id)
    return [
        {"ingredients": sorted(recipe.names)[:5], "servings": 1 + index % 4, "currency": "USD" if index % 2 else "KRW"}
        for index, recipe in ((index, recipes[index % len(recipes)]) for index in range(count))
    ]


def measure_throughput(stack: Stack, count: int, concurrency: int) -> dict[str, Any]:
    """Executions per second of the local runner (what `aichef run --concurrency N` does), deployment excluded."""
    from aichef_local.runner import LocalWorkflow

    requests = throughput_requests(count)
    with LocalWorkflow(stack, time_scale=0.0) as workflow:
        started = time.perf_counter()
        results = workflow.run(requests, concurrency=concurrency)
        elapsed = time.perf_counter() - started
    succeeded = sum(result.status == "SUCCEEDED" for result in results)
    return {
        "executions": len(results),
        "succeeded": succeeded,
        "concurrency": concurrency,
        "seconds": round(elapsed, 2),
        "per_second": round(len(results) / elapsed, 2),
        "median_execution_ms": round(statistics.median(result.duration_ms for result in results), 1),
    }


def render(results: dict[str, Any]) -> str:
    """The human-readable table of a bench run."""
    lines = [f"AI Chef bench  {results['when']}  ({results['machine']})", ""]
    if "startup" in results:
        lines += render_startup(results["startup"])
    if "book" in results:
        lines += render_book(results["book"])
    cold = results.get("cold_start")
    if cold:
        anchor = cold["anchor"]["cold_ms"]
        lines.append(
            f"Cold start (import + first invocation; median of {cold['anchor']['runs']} fresh processes; "
            f"anchor = {anchor:.1f} ms)"
        )
        lines.append(f"  {'handler':34} {'cold ms':>8} {'import':>8} {'1st call':>8} {'ratio':>6} {'target':>7}  boto3")
        for name, row in cold.items():
            target = f"<= {row['target']}" if row["target"] else ""
            verdict = "" if not row["target"] else ("ok" if row["ratio"] <= row["target"] else "OVER")
            lines.append(
                f"  {name:34} {row['cold_ms']:8.1f} {row['import_ms']:8.1f} {row['first_invoke_ms']:8.1f} "
                f"{row['ratio']:6.2f} {target:>7}  {'yes' if row['boto3'] else 'no':5} {verdict}"
            )
        if "local_dynamodb_round_trip_ms" in results:
            lines.append(
                f"  (a DynamoDB call to the local moto server takes {results['local_dynamodb_round_trip_ms']:.1f}"
                " ms; ai-chef-recipe's first invocation makes 3 (read both cache records, mark the step, store both),"
                " ai-chef-price's 1)"
            )
        lines.append("")
    warm = results.get("warm")
    if warm:
        lines.append(
            "Warm latency, 12-ingredient request (median µs of "
            f"{next(iter(warm.values()))['calls']} calls; offline engines)"
        )
        for name, row in warm.items():
            target = f"target <= {row['target_us']:.0f} µs" if row["target_us"] else ""
            lines.append(f"  {name:34} {row['median_us']:8.1f} µs   p90 {row['p90_us']:8.1f} µs  {target}")
        lines.append("")
    sizes = results.get("sizes")
    if sizes and "error" not in sizes:
        lines.append(
            f"Package size (sam build, deflate zip): layer {sizes['layer_zip_kib']:.0f} KiB zipped, "
            f"{sizes['layer_unzipped_kib'] / 1024:.1f} MiB unzipped"
        )
        for name in ("ai-chef-recipe", "ai-chef-price", "ai-chef-combine"):
            row = sizes[name]
            lines.append(
                f"  {name:34} code {row['code_zip_kib']:6.1f} KiB  + layer = "
                f"{row['with_layer_zip_kib'] / 1024:5.2f} MiB (limit 5 MB)  bundled boto3/test deps: "
                f"{', '.join(row['forbidden']) or 'none'}"
            )
        lines.append("")
    elif sizes:
        lines.append(f"Package size: {sizes['error']}")
    tracer = results.get("tracer_layer_cost")
    if tracer:
        lines.append(
            f"Tracer would add to the layer: {tracer['zip_kib'] / 1024:.1f} MiB zipped, "
            f"{tracer['unzipped_kib'] / 1024:.1f} MiB unzipped ({', '.join(tracer['packages'])})"
        )
        lines.append("")
    parallel = results.get("parallel")
    if parallel:
        lines.append(
            f"Parallelism (recipe branch 400 ms, price prefetch 250 ms; median of {parallel['runs']}): "
            f"Parallel state {parallel['parallel_state_ms']:.0f} ms = {parallel['ratio']:.2f} x the slower "
            f"branch (target <= {parallel['target']}); branches overlapped {parallel['branch_overlap_ms']:.0f}"
            f" ms; serial would be >= {parallel['serial_would_be_ms']:.0f} ms"
        )
        lines.append("")
    throughput = results.get("throughput")
    if throughput:
        lines.append(
            f"Local throughput: {throughput['executions']} catalog requests at --concurrency "
            f"{throughput['concurrency']}: {throughput['per_second']:.1f} executions/s "
            f"({throughput['seconds']:.1f} s, {throughput['succeeded']} succeeded, median execution "
            f"{throughput['median_execution_ms']:.0f} ms)"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m aichef_local.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="fresh processes per cold start (default 11, >= 9)")
    parser.add_argument("--warm-calls", type=int, default=2000, help="calls per warm measurement (default 2000)")
    parser.add_argument("--throughput", type=int, default=200, help="requests of the throughput run (default 200)")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrency of the throughput run (default 8)")
    parser.add_argument(
        "--startup-runs", type=int, default=7, help="alternated runs of each tree for the start-up figure (default 7)"
    )
    parser.add_argument("--no-tracer", action="store_true", help="skip the Tracer variants")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["startup", "book", "cold", "warm", "sizes", "parallel", "throughput"],
        help="skip a part (repeatable)",
    )
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results.json", help="where the JSON goes")
    args = parser.parse_args(argv)
    parts = {"startup", "book", "cold", "warm", "sizes", "parallel", "throughput"} - set(args.skip)
    if parts & {"book", "cold", "sizes"} and not LAMBDA_PYTHON.exists():
        print(
            f"bench: {LAMBDA_PYTHON} is missing; run `make bench` (it creates the Lambda-like virtualenv) or "
            "--skip book --skip cold --skip sizes",
            file=sys.stderr,
        )
        return 2
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's server logs every request
    stack = load_stack(ROOT / "template.yaml")
    results: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
    }
    if "startup" not in args.skip:
        results["startup"] = measure_startup(max(args.startup_runs, 1))
    if "book" in parts:
        results["book"] = measure_book()
    if parts & {"cold", "warm"}:  # moto in server mode only for the parts that call it
        with tempfile.TemporaryDirectory() as temp, local_endpoints(stack) as endpoints:
            events = write_events(Path(temp))
            if "cold" in parts:
                found = variants(stack, endpoints, events, with_tracer=not args.no_tracer)
                results["cold_start"] = measure_cold_starts(found, endpoints, max(args.runs, 1))
                results["local_dynamodb_round_trip_ms"] = round(endpoints.round_trip_ms(), 1)
            if "warm" in parts:
                results["warm"] = measure_warm(stack, endpoints, events, args.warm_calls)
    if "sizes" not in args.skip:
        results["sizes"] = measure_sizes()
        results["tracer_layer_cost"] = tracer_layer_cost()
    # the in-process handlers log to stdout, as in Lambda; the table is what this command prints
    with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
        if "parallel" not in args.skip:
            results["parallel"] = measure_parallel(stack)
        if "throughput" not in args.skip:
            results["throughput"] = measure_throughput(stack, args.throughput, args.concurrency)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(render(results))
    print(f"\nwritten to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
