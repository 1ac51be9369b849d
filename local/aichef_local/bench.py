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
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aichef_local.packaging import zipped_size
from aichef_local.stack import FunctionSpec, Stack, load_stack

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("bench_child.py")
# The sandboxes' Python: a virtualenv with only what Lambda provides (the runtime's boto3) and what the layer bundles
# (layer/requirements.txt), plus aws-xray-sdk for the Tracer variants; `make bench` creates it. The development venv
# would distort the figures: with awscrt and pyOpenSSL installed (SAM CLI brings them) boto3 imports both.
LAMBDA_PYTHON = ROOT / ".venv" / "lambda-runtime" / "bin" / "python"
TARGETS = {"ai-chef-recipe": 1.0, "ai-chef-price": 1.0, "ai-chef-combine": 0.6}
WARM_TARGET_US = {"ai-chef-combine": 1000.0}
PARALLEL_DELAYS_S = {"ai-chef-recipe": 0.4, "ai-chef-price": 0.25}
PARALLEL_TARGET = 1.2
# An X-Ray trace header as Lambda sets it with Tracing: Active, so Tracer records a real (sampled) segment.
TRACE_HEADER = "Root=1-67a8b2c1-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1"
TWELVE_INGREDIENTS = {
    "ingredients": [
        "4 eggs",
        "300g pork belly",
        "kimchi",
        "2 cups rice",
        "대파",
        "garlic",
        "gochujang",
        "soy sauce",
        "sesame oil",
        "onion",
        "tofu",
        "carrot",
    ],
    "servings": 4,
    "cuisine": "korean",
    "currency": "KRW",
}
# What aws-xray-sdk (Powertools Tracer) would add to the layer: the SDK and what it requires that the layer lacks.
TRACER_PACKAGES = ("aws_xray_sdk", "wrapt", "botocore", "jmespath", "dateutil", "urllib3", "six.py")


@dataclass(frozen=True)
class Variant:
    """One thing whose cold start is measured: a handler, its environment and its first event."""

    name: str
    code_dir: Path
    handler: str
    event: Path
    env: dict[str, str]
    tracer: bool = False
    needs_tables: bool = False


@dataclass
class Endpoints:
    """The local AWS endpoints a cold start talks to."""

    bedrock_url: str
    dynamodb_url: str
    stack: Stack
    tables: list[dict[str, Any]] = field(default_factory=list)

    def reset(self) -> None:
        """Empty moto (a fresh cache table, as on a first deployment) and create the stack's tables again."""
        urllib.request.urlopen(
            urllib.request.Request(f"{self.dynamodb_url}/moto-api/reset", method="POST"), timeout=10
        ).read()
        import boto3

        client = boto3.client(
            "dynamodb",
            endpoint_url=self.dynamodb_url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        for table in self.stack.tables.values():
            client.create_table(
                TableName=table.name,
                KeySchema=table.key,
                AttributeDefinitions=table.attributes,
                BillingMode="PAY_PER_REQUEST",
            )

    def round_trip_ms(self, calls: int = 21) -> float:
        """Median milliseconds of one DynamoDB GetItem against the local moto server (what each of the recipe
        cache's writes costs a first invocation here; DynamoDB in-Region answers in single-digit ms)."""
        import boto3

        client = boto3.client(
            "dynamodb",
            endpoint_url=self.dynamodb_url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        table = next(iter(self.stack.tables.values()))
        key = {item["AttributeName"]: {"S": "bench"} for item in table.key}
        timings = []
        for _ in range(calls):
            started = time.perf_counter()
            client.get_item(TableName=table.name, Key=key)
            timings.append((time.perf_counter() - started) * 1000)
        return statistics.median(timings)


def lambda_environment(
    spec: FunctionSpec, endpoints: Endpoints, overrides: dict[str, str] | None = None, tracer: bool = False
) -> dict[str, str]:
    """The variables the Lambda service sets, then the template's, with AWS endpoints pointed at localhost."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_EXECUTION_ENV": "AWS_Lambda_python3.13",
        "AWS_LAMBDA_FUNCTION_NAME": spec.name,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(spec.memory),
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "LAMBDA_TASK_ROOT": str(spec.code_dir),
        "_HANDLER": spec.handler,
        "_X_AMZN_TRACE_ID": TRACE_HEADER,
        "AWS_XRAY_DAEMON_ADDRESS": "127.0.0.1:2000",
        "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
        "AWS_ENDPOINT_URL_BEDROCK_RUNTIME": endpoints.bedrock_url,
        "AWS_ENDPOINT_URL_DYNAMODB": endpoints.dynamodb_url,
        **spec.environment,
        **(overrides or {}),
    }
    if not tracer:
        env.pop("_X_AMZN_TRACE_ID")
    return env


def variants(stack: Stack, endpoints: Endpoints, events: dict[str, Path], with_tracer: bool) -> list[Variant]:
    """The anchor, each function as deployed (template defaults), the catalog recipe engine, and with Tracer."""
    recipe, price, combine = (stack.function(name) for name in ("recipe", "price", "combine"))
    anchor_spec = FunctionSpec(
        "Anchor",
        "bench-anchor",
        "app.lambda_handler",
        ROOT / "bench" / "anchor",
        {
            "POWERTOOLS_SERVICE_NAME": "bench-anchor",
            "POWERTOOLS_METRICS_NAMESPACE": "Bench",
            "BEDROCK_MODEL_ID": stack.parameters["BedrockModelId"],
        },
        30,
        512,
        "python3.13",
    )
    found = [
        Variant(
            "anchor",
            anchor_spec.code_dir,
            anchor_spec.handler,
            events["recipe"],
            lambda_environment(anchor_spec, endpoints),
        ),
        Variant(
            recipe.name,
            recipe.code_dir,
            recipe.handler,
            events["recipe"],
            lambda_environment(recipe, endpoints, {"RECIPE_ENGINE": "bedrock"}),
            needs_tables=True,
        ),
        Variant(
            f"{recipe.name} (catalog)",
            recipe.code_dir,
            recipe.handler,
            events["recipe"],
            lambda_environment(recipe, endpoints, {"RECIPE_ENGINE": "catalog"}),
        ),
        Variant(
            price.name,
            price.code_dir,
            price.handler,
            events["price"],
            lambda_environment(price, endpoints),
            needs_tables=True,
        ),
        Variant(
            combine.name, combine.code_dir, combine.handler, events["combine"], lambda_environment(combine, endpoints)
        ),
    ]
    if with_tracer:
        found += [
            Variant(
                f"{recipe.name} + Tracer",
                recipe.code_dir,
                recipe.handler,
                events["recipe"],
                lambda_environment(recipe, endpoints, {"RECIPE_ENGINE": "bedrock"}, tracer=True),
                tracer=True,
                needs_tables=True,
            ),
            Variant(
                f"{price.name} + Tracer",
                price.code_dir,
                price.handler,
                events["price"],
                lambda_environment(price, endpoints, tracer=True),
                tracer=True,
                needs_tables=True,
            ),
            Variant(
                f"{combine.name} + Tracer",
                combine.code_dir,
                combine.handler,
                events["combine"],
                lambda_environment(combine, endpoints, tracer=True),
                tracer=True,
            ),
        ]
    return found


def run_child(variant: Variant, warm_calls: int = 0, event: Path | None = None) -> dict[str, Any]:
    """One fresh process of the Lambda-like Python: import, first invocation, then `warm_calls` more."""
    config = {
        "code_dir": str(variant.code_dir),
        "layer_dir": str(ROOT / "layer"),
        "handler": variant.handler,
        "event": str(event or variant.event),
        "tracer": variant.tracer,
        "warm_calls": warm_calls,
    }
    completed = subprocess.run(
        [str(LAMBDA_PYTHON), str(CHILD), json.dumps(config)],
        env=variant.env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{variant.name}: the handler failed:\n{completed.stderr[-2000:]}")
    return json.loads(completed.stdout)  # type: ignore[no-any-return]


def measure_cold_starts(found: list[Variant], endpoints: Endpoints, runs: int) -> dict[str, Any]:
    """`runs` rounds, each running every variant once in the same order (anchor first), after one unmeasured
    round that writes the bytecode caches. Medians per variant; ratios to the anchor's median."""
    samples: dict[str, list[dict[str, Any]]] = {variant.name: [] for variant in found}
    for round_number in range(runs + 1):
        for variant in found:
            if variant.needs_tables:
                endpoints.reset()
            sample = run_child(variant)
            if round_number:
                samples[variant.name].append(sample)
    anchor_ms = statistics.median(sample["cold_ms"] for sample in samples["anchor"])
    report: dict[str, Any] = {}
    for name, items in samples.items():
        cold = statistics.median(item["cold_ms"] for item in items)
        report[name] = {
            "cold_ms": round(cold, 1),
            "import_ms": round(statistics.median(item["import_ms"] for item in items), 1),
            "first_invoke_ms": round(statistics.median(item["first_invoke_ms"] for item in items), 1),
            "ratio": round(cold / anchor_ms, 3),
            "target": TARGETS.get(name),
            "modules": items[0]["modules"],
            "boto3": items[0]["boto3"],
            "runs": len(items),
        }
    return report


def measure_warm(stack: Stack, endpoints: Endpoints, events: dict[str, Path], calls: int) -> dict[str, Any]:
    """Median µs per call of each handler on a 12-ingredient request, offline engines (network-free)."""
    recipe, price, combine = (stack.function(name) for name in ("recipe", "price", "combine"))
    runs = {
        recipe.name: Variant(
            recipe.name,
            recipe.code_dir,
            recipe.handler,
            events["warm-recipe"],
            lambda_environment(recipe, endpoints, {"RECIPE_ENGINE": "catalog"}),
        ),
        price.name: Variant(
            price.name,
            price.code_dir,
            price.handler,
            events["warm-price"],
            lambda_environment(price, endpoints, {"PRICE_SOURCES": "catalog"}),
        ),
        combine.name: Variant(
            combine.name,
            combine.code_dir,
            combine.handler,
            events["warm-combine"],
            lambda_environment(combine, endpoints),
        ),
    }
    report = {}
    for name, variant in runs.items():
        sample = run_child(variant, warm_calls=calls)
        micros = [ns / 1000 for ns in sample["warm_ns"]]
        report[name] = {
            "median_us": round(statistics.median(micros), 1),
            "p90_us": round(statistics.quantiles(micros, n=10)[-1], 1),
            "calls": len(micros),
            "engine": "catalog" if name != combine.name else "-",
            "target_us": WARM_TARGET_US.get(name),
        }
    return report


def write_events(directory: Path) -> dict[str, Path]:
    """The cold-start events (events/*.json) and the warm 12-ingredient events, built from the domain code."""
    from aichef.contracts import parse_request
    from aichef.ingredients import bundled_book
    from aichef.pricing import bundled_prices, price_names
    from aichef.recipes import bundled_catalog

    request = parse_request(TWELVE_INGREDIENTS)
    recipe = bundled_catalog().generate(request)
    book = bundled_book()
    names = [book.parse(text).name for text in request.ingredients] + [line.name for line in recipe.ingredients]
    quotes = price_names(names, request.currency, [bundled_prices()], book).model_dump(mode="json")["quotes"]
    warm = {
        "warm-recipe": {"request_id": "bench-warm", "request": TWELVE_INGREDIENTS},
        "warm-price": {"request_id": "bench-warm", "request": TWELVE_INGREDIENTS},
        "warm-combine": {
            "request_id": "bench-warm",
            "request": TWELVE_INGREDIENTS,
            "recipe": recipe.model_dump(mode="json"),
            "quotes": quotes,
        },
    }
    paths = {name: ROOT / "events" / f"{name}.json" for name in ("recipe", "price", "combine")}
    for name, body in warm.items():
        paths[name] = directory / f"{name}.json"
        paths[name].write_text(json.dumps(body, ensure_ascii=False), "utf-8")
    return paths


@contextmanager
def local_endpoints(stack: Stack) -> Iterator[Endpoints]:
    """The scripted Converse endpoint (answers with the recipe fixture) and moto in server mode for DynamoDB."""
    from moto.server import ThreadedMotoServer

    from aichef_local.fake_bedrock import FakeBedrock, serve, tool_answer

    recipe = json.loads((ROOT / "tests" / "fixtures" / "converse_recipe_kimchi_fried_rice.json").read_text("utf-8"))
    with ExitStack() as stack_:
        fake = stack_.enter_context(serve(FakeBedrock(default=tool_answer(recipe))))
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        stack_.callback(server.stop)
        host, port = server.get_host_and_port()
        yield Endpoints(bedrock_url=fake.url, dynamodb_url=f"http://{host}:{port}", stack=stack)


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
    parser.add_argument("--no-tracer", action="store_true", help="skip the Tracer variants")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["cold", "warm", "sizes", "parallel", "throughput"],
        help="skip a part (repeatable)",
    )
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results.json", help="where the JSON goes")
    args = parser.parse_args(argv)
    if not LAMBDA_PYTHON.exists():
        print(
            f"bench: {LAMBDA_PYTHON} is missing; run `make bench` (it creates the Lambda-like virtualenv)",
            file=sys.stderr,
        )
        return 2
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's server logs every request
    stack = load_stack(ROOT / "template.yaml")
    results: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
    }
    with tempfile.TemporaryDirectory() as temp, local_endpoints(stack) as endpoints:
        events = write_events(Path(temp))
        if "cold" not in args.skip:
            found = variants(stack, endpoints, events, with_tracer=not args.no_tracer)
            results["cold_start"] = measure_cold_starts(found, endpoints, max(args.runs, 1))
            results["local_dynamodb_round_trip_ms"] = round(endpoints.round_trip_ms(), 1)
        if "warm" not in args.skip:
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
