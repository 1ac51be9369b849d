"""`aichef cost`: what 1,000 executions cost as Standard and as Express, from local executions' histories, the
template (memory sizes) and one file of list prices (data/aws_list_prices.json, dated, with sources).

The executions run locally with the offline catalog engine; the Bedrock column adds one model call per execution
(a recipe-cache miss) whose tokens are estimated from the prompt the engine really sends and from a draft the size
of the catalog's recipe, and whose latency the recipe function and an Express execution pay while waiting.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aichef_local.history import read_timeline
from aichef_local.stack import Stack

PRICES_FILE = Path(__file__).with_name("data") / "aws_list_prices.json"
CHARS_PER_TOKEN = 3.5
"""Characters per token for English and JSON text with Claude's tokenizer (an estimate; usage is exact in AWS)."""
TOOL_USE_SYSTEM_TOKENS = 313
"""Tokens of the system prompt Anthropic adds to a request with tools and a forced tool choice (Claude 4-family
figure from Anthropic's tool-use documentation; not verified for this model, so the input figure is an estimate)."""
FULL_VCPU_MB = 1769
"""Lambda gives a function memory/1769 MB of one vCPU; local handler times ran on a whole core."""
DEFAULT_MODEL_LATENCY_MS = 4000.0
"""Assumed time of one Converse call of the recipe tool (a few hundred output tokens); override with a measurement."""


@dataclass(frozen=True)
class ExecutionUsage:
    """What one execution used, in the units AWS bills."""

    transitions: int
    """State transitions as Standard bills them: every state entered plus every retry."""
    retries: int
    duration_ms: float
    """First to last history event: what an Express execution would be billed for (before the model's latency)."""
    invocations: tuple[tuple[str, float], ...]
    """(function name, handler milliseconds) per Lambda invocation."""
    log_bytes: int
    """Bytes Express would log at level ALL with execution data: the history events as JSON."""


@dataclass(frozen=True)
class ModelUsage:
    """One Converse call of the recipe tool."""

    input_tokens: int
    output_tokens: int
    latency_ms: float


@dataclass
class CostReport:
    """Cost per 1,000 executions, by line, for each workflow type and engine."""

    lines: dict[str, float] = field(default_factory=dict)
    figures: dict[str, float] = field(default_factory=dict)
    totals: dict[str, float] = field(default_factory=dict)


def load_prices(path: Path = PRICES_FILE) -> dict[str, Any]:
    """The list prices and their date."""
    return json.loads(path.read_text("utf-8"))  # type: ignore[no-any-return]


def billable_transitions(events: list[dict[str, Any]]) -> tuple[int, int]:
    """(transitions, retries) of an execution's history, as Standard bills them (aichef_local.history)."""
    timeline = read_timeline(events)
    return timeline.transitions, timeline.retries


def usage_from_history(events: list[dict[str, Any]], invocations: list[tuple[str, float]]) -> ExecutionUsage:
    """Billable usage of one execution from its history (get_execution_history events) and its invocations."""
    transitions, retries = billable_transitions(events)
    duration = (events[-1]["timestamp"] - events[0]["timestamp"]).total_seconds() * 1000 if events else 0.0
    log_bytes = sum(len(json.dumps(event, default=str)) for event in events)
    return ExecutionUsage(transitions, retries, duration, tuple(invocations), log_bytes)


def measure_usage(workflow: Any, requests: list[Any]) -> list[ExecutionUsage]:
    """Run each request, one at a time, in a deployed LocalWorkflow and read what it used."""
    usages = []
    for request in requests:
        before = len(workflow.lambdas.invocations)
        (result,) = workflow.run([request])
        calls = [(call.function, call.duration_ms) for call in workflow.lambdas.invocations[before:]]
        usages.append(usage_from_history(workflow.history(result.request_id), calls))
    return usages


def estimate_model_usage(request: dict[str, Any], latency_ms: float = DEFAULT_MODEL_LATENCY_MS) -> ModelUsage:
    """Tokens of one recipe-tool call for `request`: the system prompt, the user turn and the tool schema exactly as
    the bedrock engine sends them, and an answer the size of the catalog recipe for the same request."""
    from aichef.bedrock_prompt import SYSTEM_PROMPT, build_prompt, tool_config
    from aichef.contracts import RecipeDraft, parse_request
    from aichef.ingredients import bundled_book
    from aichef.recipes import bundled_catalog

    parsed = parse_request(request)
    prompt = SYSTEM_PROMPT + build_prompt(parsed, bundled_book()) + json.dumps(tool_config())
    recipe = bundled_catalog().generate(parsed)
    draft = {name: value for name, value in recipe.model_dump(mode="json").items() if name in RecipeDraft.model_fields}
    return ModelUsage(
        input_tokens=math.ceil(len(prompt) / CHARS_PER_TOKEN) + TOOL_USE_SYSTEM_TOKENS,
        output_tokens=math.ceil(len(json.dumps(draft, ensure_ascii=False)) / CHARS_PER_TOKEN),
        latency_ms=latency_ms,
    )


def cost_per_thousand(
    usages: list[ExecutionUsage], stack: Stack, prices: dict[str, Any], model: ModelUsage, model_id: str
) -> CostReport:
    """Mean cost of 1,000 executions like `usages`, line by line, with totals for Standard/Express x catalog/bedrock."""
    if not usages:
        raise ValueError("no execution to price")
    memory = {spec.name: spec.memory for spec in stack.functions.values()}
    recipe_function = stack.function("recipe").name
    per = 1000 / len(usages)

    def price(key: str) -> float:
        return float(prices[key]["value"])

    transitions = sum(usage.transitions for usage in usages)
    invocations = [call for usage in usages for call in usage.invocations]
    lambda_gbs = sum(_billed_ms(ms, memory[name]) / 1000 * memory[name] / 1024 for name, ms in invocations)
    recipe_calls = sum(name == recipe_function for name, _ in invocations)
    model_gbs = recipe_calls * model.latency_ms / 1000 * memory[recipe_function] / 1024
    chunk_gb = price("stepfunctions_express_memory_mb") / 1024
    express_gbs = sum(math.ceil(usage.duration_ms / 100) / 10 * chunk_gb for usage in usages)
    express_gbs_model = sum(math.ceil((usage.duration_ms + model.latency_ms) / 100) / 10 * chunk_gb for usage in usages)
    model_price = prices["bedrock"][model_id]
    bedrock = (
        len(usages)
        * (
            model.input_tokens * model_price["input_per_million_tokens"]
            + model.output_tokens * model_price["output_per_million_tokens"]
        )
        / 1e6
    )
    log_gb = sum(usage.log_bytes for usage in usages) / 1024**3

    report = CostReport()
    report.lines = {
        "Step Functions Standard: state transitions": transitions * price("stepfunctions_standard_per_transition"),
        "Step Functions Express: requests": len(usages) * price("stepfunctions_express_per_request"),
        "Step Functions Express: duration (catalog)": express_gbs * price("stepfunctions_express_per_gb_second"),
        "Step Functions Express: duration (bedrock)": express_gbs_model * price("stepfunctions_express_per_gb_second"),
        "Express logs, level ALL": log_gb * price("cloudwatch_logs_ingestion_per_gb"),
        "Lambda: requests": len(invocations) * price("lambda_per_request"),
        "Lambda: duration (catalog)": lambda_gbs * price("lambda_arm64_per_gb_second"),
        "Lambda: duration waiting for the model": model_gbs * price("lambda_arm64_per_gb_second"),
        "Bedrock: tokens": bedrock,
    }
    report.lines = {name: value * per for name, value in report.lines.items()}
    lines = report.lines
    lambda_catalog = lines["Lambda: requests"] + lines["Lambda: duration (catalog)"]
    lambda_bedrock = lambda_catalog + lines["Lambda: duration waiting for the model"] + lines["Bedrock: tokens"]
    standard = lines["Step Functions Standard: state transitions"]
    express_fixed = lines["Step Functions Express: requests"] + lines["Express logs, level ALL"]
    report.totals = {
        "Standard, catalog": standard + lambda_catalog,
        "Express, catalog": express_fixed + lines["Step Functions Express: duration (catalog)"] + lambda_catalog,
        "Standard, bedrock": standard + lambda_bedrock,
        "Express, bedrock": express_fixed + lines["Step Functions Express: duration (bedrock)"] + lambda_bedrock,
    }
    report.figures = {
        "executions": len(usages),
        "transitions_per_execution": transitions / len(usages),
        "retries_per_execution": sum(usage.retries for usage in usages) / len(usages),
        "invocations_per_execution": len(invocations) / len(usages),
        "lambda_gb_seconds_per_execution": lambda_gbs / len(usages),
        "execution_ms": sum(usage.duration_ms for usage in usages) / len(usages),
        "log_kib_per_execution": sum(usage.log_bytes for usage in usages) / len(usages) / 1024,
        "model_input_tokens": model.input_tokens,
        "model_output_tokens": model.output_tokens,
        "model_latency_ms": model.latency_ms,
    }
    return report


def _billed_ms(handler_ms: float, memory_mb: int) -> int:
    """Billed milliseconds of an invocation: the local (one full core) time scaled to the function's vCPU share as
    if it were all CPU-bound (an upper bound), rounded up to 1 ms as Lambda bills."""
    return max(1, math.ceil(handler_ms * max(1.0, FULL_VCPU_MB / memory_mb)))


def render(report: CostReport, prices: dict[str, Any], model_id: str) -> str:
    """The cost table as text (USD per 1,000 executions)."""
    figures = report.figures
    rows = [
        f"Cost per 1,000 executions (USD, {prices['region']} list prices as of {prices['as_of']}; "
        f"{figures['executions']:.0f} local execution(s) priced)",
        f"  per execution: {figures['transitions_per_execution']:.1f} state transitions "
        f"({figures['retries_per_execution']:.1f} retries), {figures['invocations_per_execution']:.1f} Lambda "
        f"invocations, {figures['lambda_gb_seconds_per_execution']:.4f} GB-s, {figures['execution_ms']:.0f} ms, "
        f"{figures['log_kib_per_execution']:.1f} KiB of ALL-level log",
        f"  model call ({model_id}): ~{figures['model_input_tokens']:.0f} input + "
        f"~{figures['model_output_tokens']:.0f} output tokens (estimated), {figures['model_latency_ms']:.0f} ms "
        f"assumed",
        "",
    ]
    width = max(len(name) for name in report.lines) + 2
    rows += [f"  {name:{width}} {value:10.5f}" for name, value in report.lines.items()]
    rows += ["", f"  {'total':{width - 14}} {'catalog engine':>14} {'bedrock engine':>14}"]
    for kind in ("Standard", "Express"):
        rows.append(
            f"  {kind:{width - 14}} {report.totals[f'{kind}, catalog']:14.5f} {report.totals[f'{kind}, bedrock']:14.5f}"
        )
    return "\n".join(rows)
