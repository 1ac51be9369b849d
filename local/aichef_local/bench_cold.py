"""`make bench`'s cold starts and warm latency: each cold start a fresh process in a Lambda-like environment
(LAMBDA_TASK_ROOT, the function's environment from template.yaml, the layer on the path), AWS calls to local
endpoints (the scripted Converse server and moto in server mode), interleaved with the anchor handler."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aichef_local.stack import FunctionSpec, Stack

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("bench_child.py")
RECORDINGS = ROOT / "tests" / "fixtures" / "recordings"
# The sandboxes' Python: a virtualenv with only what Lambda provides (the runtime's boto3) and what the layer bundles
# (layer/requirements.txt), plus aws-xray-sdk for the Tracer variants; `make bench` creates it. The development venv
# would distort the figures: with awscrt and pyOpenSSL installed (SAM CLI brings them) boto3 imports both.
LAMBDA_PYTHON = ROOT / ".venv" / "lambda-runtime" / "bin" / "python"
TARGETS = {"ai-chef-recipe": 1.0, "ai-chef-recipe (catalog)": 0.6, "ai-chef-price": 1.0, "ai-chef-combine": 0.6}
WARM_TARGET_US = {"ai-chef-recipe": 2000.0, "ai-chef-combine": 1000.0}
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

    def dynamodb(self) -> Any:
        """A DynamoDB client for the local moto server."""
        import boto3

        return boto3.client(
            "dynamodb",
            endpoint_url=self.dynamodb_url,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def reset(self) -> None:
        """Empty moto (a fresh cache table, as on a first deployment) and create the stack's tables again."""
        urllib.request.urlopen(
            urllib.request.Request(f"{self.dynamodb_url}/moto-api/reset", method="POST"), timeout=10
        ).read()
        client = self.dynamodb()
        for table in self.stack.tables.values():
            client.create_table(**table.create_arguments())

    def round_trip_ms(self, calls: int = 21) -> float:
        """Median milliseconds of one DynamoDB GetItem against the local moto server (what each of the recipe
        cache's writes costs a first invocation here; DynamoDB in-Region answers in single-digit ms)."""
        client = self.dynamodb()
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

    # events/recipe.json is a Korean request, so the model must answer in Korean: the Korean recording's recipe
    recording = json.loads((RECORDINGS / "synthetic-korean-answer.json").read_text("utf-8"))
    recipe = recording["calls"][0]["output"]["message"]["content"][0]["toolUse"]["input"]
    with ExitStack() as stack_:
        fake = stack_.enter_context(serve(FakeBedrock(default=tool_answer(recipe))))
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        stack_.callback(server.stop)
        host, port = server.get_host_and_port()
        yield Endpoints(bedrock_url=fake.url, dynamodb_url=f"http://{host}:{port}", stack=stack)
