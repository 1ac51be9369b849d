"""The cost model: transitions as Step Functions bills them, Express duration and memory rounding, Lambda GB-seconds
and Bedrock tokens, priced from the one dated price file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from aichef_local.cost import (
    ExecutionUsage,
    ModelUsage,
    billable_transitions,
    cost_per_thousand,
    estimate_model_usage,
    load_prices,
    usage_from_history,
)
from aichef_local.stack import load_stack

ROOT = Path(__file__).resolve().parents[2]
MODEL = "global.anthropic.claude-haiku-4-5-20251001-v1:0"
T0 = dt.datetime(2026, 11, 26, 12, 0, 0)


def event(event_id: int, previous: int, kind: str, at_ms: int = 0, name: str | None = None) -> dict:
    body = {
        "id": event_id,
        "previousEventId": previous,
        "type": kind,
        "timestamp": T0 + dt.timedelta(milliseconds=at_ms),
    }
    if name:
        body["stateEnteredEventDetails"] = {"name": name}
    return body


# A Task retried once (two TaskScheduled under one TaskStateEntered), then a Choice.
RETRIED = [
    event(1, 0, "ExecutionStarted"),
    event(2, 1, "TaskStateEntered", 1, "GetPricing"),
    event(3, 2, "TaskScheduled", 2),
    event(4, 3, "TaskFailed", 10),
    event(5, 4, "TaskScheduled", 1010),
    event(6, 5, "TaskSucceeded", 1020),
    event(7, 6, "TaskStateExited", 1021),
    event(8, 7, "ChoiceStateEntered", 1022, "AllPriced"),
    event(9, 8, "ChoiceStateExited", 1023),
    event(10, 9, "ExecutionSucceeded", 1250),
]


def test_a_retry_is_billed_as_one_more_transition():
    assert billable_transitions(RETRIED) == (3, 1)


def test_usage_reads_duration_and_log_volume_from_the_history():
    usage = usage_from_history(RETRIED, [("ai-chef-price", 3.0), ("ai-chef-price", 2.0)])

    assert usage.transitions == 3 and usage.retries == 1
    assert usage.duration_ms == 1250
    assert usage.log_bytes > 500
    assert usage.invocations == (("ai-chef-price", 3.0), ("ai-chef-price", 2.0))


def test_cost_per_thousand_executions_line_by_line():
    stack = load_stack(ROOT / "template.yaml")
    prices = load_prices()
    usage = ExecutionUsage(
        transitions=10,
        retries=0,
        duration_ms=250.0,
        invocations=(("ai-chef-recipe", 1.0), ("ai-chef-combine", 0.5)),
        log_bytes=1024**2,
    )
    model = ModelUsage(input_tokens=1000, output_tokens=500, latency_ms=4000)

    report = cost_per_thousand([usage], stack, prices, model, MODEL)

    lines = report.lines
    assert lines["Step Functions Standard: state transitions"] == pytest.approx(10 * 0.000025 * 1000)
    assert lines["Step Functions Express: requests"] == pytest.approx(0.001)
    # 250 ms bills as 300 ms, 64 MB as 1/16 GB
    assert lines["Step Functions Express: duration (catalog)"] == pytest.approx(0.3 / 16 * 0.00001667 * 1000)
    assert lines["Step Functions Express: duration (bedrock)"] == pytest.approx(4.3 / 16 * 0.00001667 * 1000)
    assert lines["Express logs, level ALL"] == pytest.approx(1000 / 1024 * 0.5)
    assert lines["Lambda: requests"] == pytest.approx(2 * 0.0000002 * 1000)
    # 1 ms at 512 MB runs ~3.5x longer on its vCPU share: 4 ms; 0.5 ms at 256 MB: 4 ms (rounded up to 1 ms)
    assert lines["Lambda: duration (catalog)"] == pytest.approx((4 * 0.5 + 4 * 0.25) / 1000 * 0.0000133334 * 1000)
    assert lines["Lambda: duration waiting for the model"] == pytest.approx(4 * 0.5 * 0.0000133334 * 1000)
    assert lines["Bedrock: tokens"] == pytest.approx((1000 * 1.0 + 500 * 5.0) / 1e6 * 1000)
    assert report.totals["Standard, catalog"] == pytest.approx(
        lines["Step Functions Standard: state transitions"]
        + lines["Lambda: requests"]
        + lines["Lambda: duration (catalog)"]
    )
    assert report.totals["Express, bedrock"] == pytest.approx(
        lines["Step Functions Express: requests"]
        + lines["Express logs, level ALL"]
        + lines["Step Functions Express: duration (bedrock)"]
        + lines["Lambda: requests"]
        + lines["Lambda: duration (catalog)"]
        + lines["Lambda: duration waiting for the model"]
        + lines["Bedrock: tokens"]
    )


def test_model_tokens_are_estimated_from_the_prompt_the_engine_sends():
    request = {"ingredients": ["eggs", "300g pork belly", "kimchi", "2 cups rice", "green onion"], "cuisine": "korean"}

    usage = estimate_model_usage(request, latency_ms=3000)

    # the tool schema alone is several hundred tokens; a recipe answer a few hundred
    assert 700 < usage.input_tokens < 3000
    assert 150 < usage.output_tokens < 1500
    assert usage.latency_ms == 3000


def test_the_price_file_dates_and_sources_every_price():
    prices = load_prices()

    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", prices["as_of"])
    entries = {key: value for key, value in prices.items() if isinstance(value, dict) and "value" in value}
    assert {
        "stepfunctions_standard_per_transition",
        "stepfunctions_express_per_request",
        "stepfunctions_express_per_gb_second",
        "lambda_per_request",
        "lambda_arm64_per_gb_second",
    } <= set(entries)
    for name, entry in [*entries.items(), *prices["bedrock"].items()]:
        assert entry["source"].startswith("https://"), name
        assert entry["checked"].startswith(prices["as_of"]), name
    assert MODEL in prices["bedrock"], "the template's default model must have a price"
