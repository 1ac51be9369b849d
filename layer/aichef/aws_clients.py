"""Every AWS client the functions make, with its time budget: explicit connect/read timeouts and standard retries, so
no call can outlast the function's Timeout (botocore's defaults are 60 s connect, 60 s read and legacy retries).

The worst case of one call is `attempts x (connect + read)` plus the backoff between attempts. In standard mode the
wait before attempt i+1 is at most min(2**(i-1), 20) s (botocore's `ExponentialBackoff`, truncated binary exponential
backoff with full jitter; newer botocore scales non-throttling errors down, which only shortens it).
https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from botocore.config import Config

MAX_BACKOFF_S = 20


@dataclass(frozen=True)
class ClientBudget:
    """Timeouts and attempts of one client; `worst_case_seconds` is the longest one call can take."""

    connect_s: float
    read_s: float
    attempts: int

    def backoff_seconds(self) -> float:
        """The longest total wait between this client's attempts."""
        return float(sum(min(2 ** (attempt - 1), MAX_BACKOFF_S) for attempt in range(1, self.attempts)))

    def worst_case_seconds(self) -> float:
        """The longest one call can take before it answers or raises."""
        return self.attempts * (self.connect_s + self.read_s) + self.backoff_seconds()

    def config(self) -> Config:
        """The botocore `Config` that enforces this budget."""
        return Config(
            connect_timeout=self.connect_s,
            read_timeout=self.read_s,
            retries={"mode": "standard", "total_max_attempts": self.attempts},
            user_agent_extra="ai-chef",
        )


# Bedrock Converse (no streaming) sends the whole answer at the end, so the read timeout must cover generating the
# longest valid answer: MODEL_MAX_TOKENS (aichef.bedrock) at the stated speed of the default model, Claude Haiku 4.5.
# Stated figure (an assumption to re-measure with `make record`, which stores each call's latency): at least
# 100 output tokens/s after at most 2 s to the first token -> 2 + 1,500 / 100 = 17 s.
MODEL_MAX_TOKENS = 1500
MODEL_OUTPUT_TOKENS_PER_S = 100
MODEL_FIRST_TOKEN_S = 2
BEDROCK = ClientBudget(
    connect_s=2, read_s=math.ceil(MODEL_FIRST_TOKEN_S + MODEL_MAX_TOKENS / MODEL_OUTPUT_TOKENS_PER_S), attempts=2
)
# DynamoDB answers a key lookup in milliseconds; these bounds only stop a stuck connection from eating the Timeout.
RECIPE_CACHE = ClientBudget(connect_s=0.5, read_s=1, attempts=2)
PRICES_TABLE = ClientBudget(connect_s=0.5, read_s=1, attempts=2)

# Calls per invocation, for the functions' time budgets (docs/bedrock.md "Time budget", tests/infra/test_template.py):
# the recipe cache reads both records, marks the step in progress, then stores both records or clears the marker;
# the price function's BatchGetItem is retried at most once for unprocessed keys (one batch holds every name).
RECIPE_CACHE_CALLS = 3
PRICE_TABLE_CALLS = 2


def make_client(session: Any, service: str, budget: ClientBudget, region: str | None = None) -> Any:
    """A client from a botocore session with `budget`'s config, resolved by the standard chain (credentials, region,
    `AWS_ENDPOINT_URL_<SERVICE>`); `region` overrides the region only. It is what `boto3.client` returns, without
    importing boto3's resource and transfer layers (a cold-start cost for nothing used)."""
    return session.create_client(service, region_name=region or None, config=budget.config())
