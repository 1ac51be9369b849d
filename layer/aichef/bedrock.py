"""The Bedrock recipe engine: one Converse call with a forced tool whose input schema is `RecipeDraft`; the answer
is read by its stop reason, checked by pydantic and the request's rules, and a wrong one gets one more call (a
corrective turn, or a fresh retry when the answer cannot be sent back). Prompt and tool: aichef.bedrock_prompt.

Converse rules followed here (https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html,
https://docs.aws.amazon.com/bedrock/latest/userguide/tool-use-inference-call.html): messages start with the user and
alternate; no content block is empty; every toolUse of an assistant turn is answered by a toolResult with its id in
the next user turn, before any text.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools import Logger
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, ConnectionError, ReadTimeoutError
from pydantic import ValidationError

from aichef import bedrock_prompt, diet_words, line_reader, name_rules, quantities, recipe_draft, recipe_lines
from aichef.aws_clients import BEDROCK, MODEL_MAX_TOKENS
from aichef.aws_clients import make_client as make_service_client
from aichef.bedrock_prompt import SYSTEM_PROMPT, TOOL_NAME, build_prompt, tool_config, tool_input_schema
from aichef.contracts import MAX_STEPS, Recipe, RecipeDraft, WorkflowRequest, describe_validation_error
from aichef.diet_words import DenyList, bundled_deny_list
from aichef.errors import ModelThrottled, ModelUnavailable, RecipeGenerationFailed
from aichef.ingredients import IngredientBook
from aichef.recipe_draft import draft_violations, finish_draft
from aichef.recipe_lines import understood

__all__ = ["SYSTEM_PROMPT", "TOOL_NAME", "BedrockRecipeEngine", "ModelCall", "build_prompt", "tool_input_schema"]

logger = Logger(child=True)

# The longest valid answer (20 lines of 60-character names, 8 steps of 240 characters, title and cuisine) is
# 4,411 characters of tool JSON: 1,261 tokens at 3.5 characters a token, 1,471 even at 3
# (tests/unit/test_bedrock_budget.py).
MAX_TOKENS = MODEL_MAX_TOKENS
TEMPERATURE = 0.4

# The time budget (docs/bedrock.md, "Time budget"): every model call is at most CLIENT_ATTEMPTS tries of at most
# CONNECT + READ seconds, plus the client's backoff between tries (aichef.aws_clients); a request makes at most
# MODEL_CALLS calls (the answer and one correction or retry). tests/infra/test_client_budgets.py checks the sum.
CONNECT_TIMEOUT_S = BEDROCK.connect_s
READ_TIMEOUT_S = BEDROCK.read_s
CLIENT_ATTEMPTS = BEDROCK.attempts
MODEL_CALLS = 2

# Stop reasons (botocore's bedrock-runtime StopReason enum) by what the engine does with them.
_ANSWERED = {"tool_use", "end_turn", "stop_sequence"}
_RETRY_FRESH = {"malformed_model_output", "malformed_tool_use"}
_BLOCKED = {"guardrail_intervened", "content_filtered"}


def worst_case_seconds() -> int:
    """The longest a request can spend in Bedrock calls before it returns or raises."""
    return int(MODEL_CALLS * BEDROCK.worst_case_seconds())


def client_config() -> Config:
    """botocore settings of the Bedrock client: standard retries (which retry throttling) inside the budget."""
    return BEDROCK.config()


def make_client(session: Any, region: str | None = None) -> Any:
    """The `bedrock-runtime` client (aichef.aws_clients.make_client with the Bedrock budget; `region` overrides the
    region only, `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` is honoured)."""
    return make_service_client(session, "bedrock-runtime", BEDROCK, region)


def refuses_strict_tools(client: Any) -> bool:
    """Whether the client is a botocore client whose service model lacks `toolSpec.strict` (it would refuse the
    parameter before sending); a client without a service model (a test double) is taken at its word."""
    model = getattr(getattr(client, "meta", None), "service_model", None)
    return model is not None and "strict" not in model.shape_for("ToolSpecification").members


def engine_version(book: IngredientBook, deny: DenyList, max_tokens: int = MAX_TOKENS, strict: bool = False) -> str:
    """A hash of everything that shapes an answer: prompt, tool schema, model settings, validator and book, so
    the recipe cache starts afresh when any of them changes (no hand-bumped number)."""
    parts = {
        "system": SYSTEM_PROMPT,
        "tool": tool_config(strict),
        "settings": {"max_tokens": max_tokens, "temperature": TEMPERATURE, "calls": MODEL_CALLS},
        "code": [
            inspect.getsource(module)
            for module in (bedrock_prompt, diet_words, recipe_draft, recipe_lines, line_reader, name_rules, quantities)
        ],
        "book": [repr(item) for item in book] + [repr(family) for family in book.families],
        "deny": deny.words,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


# What an operator does about model access errors: the account's one-time model set-up (Anthropic's first-use form,
# the Marketplace subscription made by a principal allowed to subscribe), a current model id, the role.
FIRST_USE_HELP = "docs/bedrock.md#first-use-of-a-model-in-an-account"
MODEL_ACCESS_HELP = f"complete the account's one-time model set-up ({FIRST_USE_HELP}) and check the function's role"

# Bedrock error codes that mean "not now": the state machine retries them (ModelThrottled / ModelUnavailable).
_THROTTLED = {"ThrottlingException", "TooManyRequestsException"}
_UNAVAILABLE = {
    "ServiceUnavailableException",
    "ModelNotReadyException",
    "InternalServerException",
    "ModelTimeoutException",
}


@dataclass(frozen=True)
class ModelCall:
    """What one Converse call cost and how it ended; the handler turns it into metrics."""

    model_id: str
    stop_reason: str
    input_tokens: int
    output_tokens: int
    latency_ms: int


@dataclass(frozen=True)
class _Rejected:
    """Why an answer cannot be served, and the messages of the next call."""

    problem: str
    messages: list[dict[str, Any]]


class BedrockRecipeEngine:
    """Recipe engine backed by a Bedrock model through the Converse API."""

    engine = "bedrock"

    def __init__(
        self,
        client: Any,
        model_id: str,
        book: IngredientBook,
        on_call: Callable[[ModelCall], None] | None = None,
        max_tokens: int = MAX_TOKENS,
        strict: bool = False,
    ) -> None:
        if strict and refuses_strict_tools(client):
            import botocore

            raise ValueError(
                f"STRICT_TOOL_USE=true, but this runtime's botocore {botocore.__version__} does not know "
                "toolSpec.strict: deploy with StrictToolUse=false (or a runtime whose SDK knows it)"
            )
        self.client = client
        self.strict = strict
        self.model_id = model_id
        self.book = book
        self.deny = bundled_deny_list()
        self.on_call = on_call or (lambda call: None)
        self.max_tokens = max_tokens
        self.version = engine_version(book, self.deny, max_tokens, self.strict)

    def generate(self, request: WorkflowRequest) -> Recipe:
        """A recipe that passes validation within MODEL_CALLS calls; else `RecipeGenerationFailed` naming why."""
        understood(request, self.book)  # nothing understood: fail before paying for a call
        first = [{"role": "user", "content": [{"text": build_prompt(request, self.book, self.deny)}]}]
        messages = first
        problem = ""
        for turn in range(MODEL_CALLS):
            outcome = self._judge(self._converse(messages), request, first)
            if isinstance(outcome, Recipe):
                return outcome
            problem, messages = outcome.problem, outcome.messages
            logger.warning(
                "model answer rejected", extra={"model_id": self.model_id, "turn": turn + 1, "problem": problem}
            )
        raise RecipeGenerationFailed(
            f"{self.model_id} gave no valid recipe after {MODEL_CALLS - 1} correction: {problem}"
        )

    def _judge(
        self, answer: dict[str, Any], request: WorkflowRequest, first: list[dict[str, Any]]
    ) -> Recipe | _Rejected:
        """The recipe in `answer`, or why not and what to send next, by the answer's stop reason."""
        stop = str(answer.get("stopReason"))
        message = answer.get("output", {}).get("message", {})
        if stop == "max_tokens":
            shorter = (
                f"Your last answer was cut off at {self.max_tokens} tokens: keep it to at most {MAX_STEPS} short steps."
            )
            return _Rejected(f"cut off at maxTokens={self.max_tokens}", _fresh(first, shorter))
        if stop in _RETRY_FRESH:
            return _Rejected(f"the model's output was malformed ({stop})", first)
        if stop in _BLOCKED:
            raise RecipeGenerationFailed(f"{self.model_id} answer was blocked by Bedrock ({stop})")
        if stop == "model_context_window_exceeded":
            raise RecipeGenerationFailed(f"the request is too long for {self.model_id}'s context window ({stop})")
        if stop not in _ANSWERED:
            raise RecipeGenerationFailed(f"{self.model_id} stopped for a reason this engine does not handle ({stop})")
        content = [block for block in message.get("content", []) if block]
        uses = [block["toolUse"] for block in content if "toolUse" in block]
        ours = next((use for use in uses if use.get("name") == TOOL_NAME), None)
        if ours is None:
            problem = f"answered in text instead of calling {TOOL_NAME}"
            if not any(block.get("text", "").strip() for block in content):
                return _Rejected(f"{problem} (an empty answer)", first)  # an empty message cannot be sent back
            return _Rejected(problem, [*first, message, _correction(problem, uses, None)])
        try:
            draft = RecipeDraft.model_validate(ours.get("input"))
        except ValidationError as error:
            problem = describe_validation_error(error, "recipe")
        else:
            violations = draft_violations(draft, request, self.book)
            if not violations:
                return finish_draft(draft, request, self.book, engine=self.engine, source_id=self.model_id)
            problem = "; ".join(violations)
        return _Rejected(problem, [*first, message, _correction(problem, uses, ours.get("toolUseId"))])

    def _converse(self, messages: list[dict[str, Any]]) -> dict[str, Any]:
        logger.debug("converse request", extra={"model_id": self.model_id, "messages": messages})
        started = time.perf_counter()
        try:
            answer: dict[str, Any] = self.client.converse(
                modelId=self.model_id,
                system=[{"text": SYSTEM_PROMPT}],
                messages=messages,
                toolConfig=tool_config(self.strict),
                inferenceConfig={"maxTokens": self.max_tokens, "temperature": TEMPERATURE},
            )
        except ClientError as error:
            raise _named_client_error(error, self.model_id) from None
        except (ConnectionError, ReadTimeoutError) as error:
            raise ModelUnavailable(f"no answer from Bedrock for {self.model_id}: {error}") from None
        except BotoCoreError as error:
            raise RecipeGenerationFailed(f"could not call Bedrock for {self.model_id}: {error}") from None
        usage = answer.get("usage", {})
        call = ModelCall(
            model_id=self.model_id,
            stop_reason=str(answer.get("stopReason")),
            input_tokens=int(usage.get("inputTokens", 0)),
            output_tokens=int(usage.get("outputTokens", 0)),
            latency_ms=int(answer.get("metrics", {}).get("latencyMs", (time.perf_counter() - started) * 1000)),
        )
        self.on_call(call)
        logger.debug("converse answer", extra={"model_id": self.model_id, "output": answer.get("output")})
        return answer


def _fresh(first: list[dict[str, Any]], note: str) -> list[dict[str, Any]]:
    """The first user turn again, with `note` added (the bad answer is not sent back)."""
    return [{"role": "user", "content": [*first[0]["content"], {"text": note}]}]


def _correction(problem: str, uses: list[dict[str, Any]], read: str | None) -> dict[str, Any]:
    """The user turn answering a rejected answer: a toolResult for every toolUse id (the one read carries the
    problem), then the instruction."""
    results = [
        {
            "toolResult": {
                "toolUseId": use["toolUseId"],
                "status": "error",
                "content": [
                    {"text": problem if use["toolUseId"] == read else f"ignored: answer with one {TOOL_NAME} call"}
                ],
            }
        }
        for use in uses
    ]
    instruction = {"text": f"That recipe was rejected: {problem}. Fix it and call {TOOL_NAME} again."}
    return {"role": "user", "content": [*results, instruction]}


def _named_client_error(error: ClientError, model_id: str) -> Exception:
    code = error.response.get("Error", {}).get("Code", "")
    message = error.response.get("Error", {}).get("Message", "")
    if code in _THROTTLED:
        return ModelThrottled(f"Bedrock throttled {model_id} on all {CLIENT_ATTEMPTS} attempts: {message}")
    if code in _UNAVAILABLE:
        return ModelUnavailable(f"Bedrock could not serve {model_id} ({code}): {message}")
    if code == "ModelErrorException":
        return _model_error(error, model_id, message)
    if "marketplace" in message.lower():
        return RecipeGenerationFailed(
            f"{model_id} needs its AWS Marketplace subscription: invoke it once as a principal allowed"
            f" aws-marketplace:Subscribe ({FIRST_USE_HELP}) ({message})"
        )
    if code == "AccessDeniedException" or (code == "ResourceNotFoundException" and "use case" in message):
        return RecipeGenerationFailed(f"no access to {model_id}: {MODEL_ACCESS_HELP} ({message})")
    if code == "ResourceNotFoundException":
        return RecipeGenerationFailed(
            f"{model_id} is not available to this account and region (a legacy or unknown model): set BedrockModelId"
            f" to an active model or inference profile ({FIRST_USE_HELP}) ({message})"
        )
    return RecipeGenerationFailed(f"Bedrock rejected the call to {model_id} ({code}): {message}")


def _model_error(error: ClientError, model_id: str, message: str) -> Exception:
    """ModelErrorException (HTTP 424, "an error while processing the model") carries the model's own status: a 429
    or 5xx there is the model busy or failing for now, retried by the state machine as ModelUnavailable; any other
    status (or none) is about the request, named and not retried. API_runtime_Converse.html#API_runtime_Converse_Errors
    """
    status = error.response.get("originalStatusCode")
    said = f"{model_id} failed to process the request (ModelErrorException, model status {status or 'not given'})"
    if isinstance(status, int) and (status == 429 or status >= 500):
        return ModelUnavailable(f"{said}: {message}")
    return RecipeGenerationFailed(f"{said}: {message}")
