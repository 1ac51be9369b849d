"""The Bedrock recipe engine: one Converse call with a forced tool whose input schema is the `RecipeDraft` model,
so the model answers in structure; the answer is checked by pydantic and by the request's hard constraints, and a
wrong answer gets one corrective turn that says what was wrong.

The client is passed in (AWS at the edge); `make_client` builds the one the Lambda uses, with the retry and timeout
budget below.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, get_args

from aws_lambda_powertools import Logger
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, ConnectionError, ReadTimeoutError
from pydantic import ValidationError

from aichef.aws_clients import BEDROCK
from aichef.aws_clients import make_client as make_service_client
from aichef.contracts import Recipe, RecipeDraft, RecipeUnit, WorkflowRequest, describe_validation_error
from aichef.errors import ModelThrottled, ModelUnavailable, RecipeGenerationFailed
from aichef.ingredients import DIET_EXCLUDES, IngredientBook
from aichef.recipes import draft_violations, finish_draft, understood

logger = Logger(child=True)

TOOL_NAME = "record_recipe"
MAX_TOKENS = 2048
TEMPERATURE = 0.4

# The time budget (README "Bedrock engine"): every model call is at most CLIENT_ATTEMPTS tries of at most
# CONNECT + READ seconds, plus the client's backoff between tries (aichef.aws_clients); a request makes at most
# MODEL_CALLS calls (the answer and one correction). That worst case plus the recipe cache's calls must fit the
# Lambda Timeout, which must fit the Task's TimeoutSeconds: tests/infra checks both against template.yaml and the ASL.
CONNECT_TIMEOUT_S = BEDROCK.connect_s
READ_TIMEOUT_S = BEDROCK.read_s
CLIENT_ATTEMPTS = BEDROCK.attempts
MODEL_CALLS = 2


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


# What an operator does about AccessDeniedException: the account's one-time model set-up (Anthropic's first-use form,
# the Marketplace subscription made by a principal allowed to subscribe), then the function role's permissions.
MODEL_ACCESS_HELP = (
    "complete the account's one-time model set-up (README.md#first-use-of-a-model-in-an-account) "
    "and check the function's role"
)

# Bedrock error codes that mean "not now": the state machine retries them (ModelThrottled / ModelUnavailable).
_THROTTLED = {"ThrottlingException", "TooManyRequestsException"}
_UNAVAILABLE = {
    "ServiceUnavailableException",
    "ModelNotReadyException",
    "InternalServerException",
    "ModelTimeoutException",
}


def tool_input_schema() -> dict[str, Any]:
    """The JSON schema of `RecipeDraft`, with `$ref`s inlined so any model's tool parser can read it."""
    schema = RecipeDraft.model_json_schema()
    definitions = schema.pop("$defs", {})
    schema["description"] = "One recipe that answers the user's request."

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                return inline(definitions[node["$ref"].rsplit("/", 1)[-1]])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(item) for item in node]
        return node

    return inline(schema)  # type: ignore[no-any-return]


def tool_config() -> dict[str, Any]:
    """Converse `toolConfig`: the one recipe tool, and `toolChoice` forcing it."""
    return {
        "tools": [
            {
                "toolSpec": {
                    "name": TOOL_NAME,
                    "description": "Record the finished recipe. This is the only way to answer.",
                    "inputSchema": {"json": tool_input_schema()},
                }
            }
        ],
        "toolChoice": {"tool": {"name": TOOL_NAME}},
    }


SYSTEM_PROMPT = (
    "You are AI Chef, a practical home cook. You write one recipe that uses what the user has on hand, "
    "respects every hard constraint, and can be priced at a grocery store. Quantities are for the requested "
    f"servings, in the allowed units only. Answer only by calling the {TOOL_NAME} tool."
)


def build_prompt(request: WorkflowRequest, book: IngredientBook) -> str:
    """The user turn: what is on hand as typed, with the name the book understood (a generic name with examples of
    what it covers), the raw text of what it did not understand, and the hard constraints."""
    on_hand, unknown = [], []
    for parsed in book.parse_all(request.ingredients):
        if not parsed.known:
            unknown.append(f"- {parsed.text}")
            continue
        meaning = parsed.name
        if parsed.kind == "family":
            examples = sorted(book.members(parsed.name))[:4]
            meaning += f", any kind ({', '.join(examples)}...)" if examples else ""
        named = parsed.kind != "family" and parsed.name in parsed.text.lower()
        on_hand.append(f"- {parsed.text}" + ("" if named else f" ({meaning})"))
    constraints = [f"- servings: exactly {request.servings}; scale every quantity to {request.servings}"]
    for diet in request.diet:
        constraints.append(f"- diet {diet}: no {', '.join(sorted(DIET_EXCLUDES[diet]))}")
    if request.max_minutes is not None:
        constraints.append(f"- total_minutes: at most {request.max_minutes}")
    if request.cuisine is not None:
        constraints.append(f"- cuisine: {request.cuisine}")
    sections = ["Ingredients on hand:", *on_hand, ""]
    if unknown:
        sections += ["Also on hand, not in our ingredient book (read them as the user meant them):", *unknown, ""]
    return "\n".join(
        [
            *sections,
            "Hard constraints (a recipe that breaks one is rejected):",
            *constraints,
            "",
            f"Units: only {', '.join(get_args(RecipeUnit))} (ea = one whole piece).",
            (
                "Ingredient names: plain English grocery names, singular, lower case, of the kind to buy"
                " (e.g. pork belly, chicken thigh rather than chicken, egg, soy sauce)."
            ),
            "Use as much of what is on hand as makes a good dish; add pantry staples or a few items to buy if needed.",
        ]
    )


@dataclass(frozen=True)
class ModelCall:
    """What one Converse call cost and how it ended; the handler turns it into metrics."""

    model_id: str
    stop_reason: str
    input_tokens: int
    output_tokens: int
    latency_ms: int


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
    ) -> None:
        self.client = client
        self.model_id = model_id
        self.book = book
        self.on_call = on_call or (lambda call: None)
        self.max_tokens = max_tokens

    def generate(self, request: WorkflowRequest) -> Recipe:
        """A recipe that passes validation, after at most one corrective turn; else `RecipeGenerationFailed`."""
        understood(request, self.book)  # nothing understood: fail before paying for a call
        messages: list[dict[str, Any]] = [{"role": "user", "content": [{"text": build_prompt(request, self.book)}]}]
        for turn in range(MODEL_CALLS):
            answer = self._converse(messages)
            draft, problem, tool_use_id = self._read(answer)
            if draft is not None:
                violations = draft_violations(draft, request, self.book)
                if not violations:
                    return finish_draft(draft, request, self.book, engine=self.engine, source_id=self.model_id)
                problem = "; ".join(violations)
            logger.warning(
                "model answer rejected", extra={"model_id": self.model_id, "turn": turn + 1, "problem": problem}
            )
            if turn + 1 == MODEL_CALLS:
                break
            messages.append(answer["output"]["message"])
            messages.append({"role": "user", "content": _correction(problem, tool_use_id)})
        raise RecipeGenerationFailed(
            f"{self.model_id} gave no valid recipe after {MODEL_CALLS - 1} correction: {problem}"
        )

    def _converse(self, messages: list[dict[str, Any]]) -> dict[str, Any]:
        logger.debug("converse request", extra={"model_id": self.model_id, "messages": messages})
        started = time.perf_counter()
        try:
            answer: dict[str, Any] = self.client.converse(
                modelId=self.model_id,
                system=[{"text": SYSTEM_PROMPT}],
                messages=messages,
                toolConfig=tool_config(),
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

    def _read(self, answer: dict[str, Any]) -> tuple[RecipeDraft | None, str, str | None]:
        """The draft in the answer, or why there is none (and the tool-use id to reply to)."""
        stop = answer.get("stopReason")
        if stop == "max_tokens":
            raise RecipeGenerationFailed(
                f"{self.model_id} was cut off at maxTokens={self.max_tokens} before finishing the recipe"
            )
        if stop in ("guardrail_intervened", "content_filtered"):
            raise RecipeGenerationFailed(f"{self.model_id} answer was blocked by Bedrock ({stop})")
        content = answer.get("output", {}).get("message", {}).get("content", [])
        tool_use = next(
            (block["toolUse"] for block in content if "toolUse" in block and block["toolUse"].get("name") == TOOL_NAME),
            None,
        )
        if tool_use is None:
            return None, f"answered in text instead of calling {TOOL_NAME}", None
        try:
            return RecipeDraft.model_validate(tool_use.get("input")), "", tool_use.get("toolUseId")
        except ValidationError as error:
            return None, describe_validation_error(error, "recipe"), tool_use.get("toolUseId")


def _correction(problem: str, tool_use_id: str | None) -> list[dict[str, Any]]:
    """The user turn that answers a rejected answer: a tool error result when the tool was called."""
    instruction = {"text": f"That recipe was rejected: {problem}. Fix it and call {TOOL_NAME} again."}
    if tool_use_id is None:
        return [instruction]
    return [{"toolResult": {"toolUseId": tool_use_id, "status": "error", "content": [{"text": problem}]}}, instruction]


def _named_client_error(error: ClientError, model_id: str) -> Exception:
    code = error.response.get("Error", {}).get("Code", "")
    message = error.response.get("Error", {}).get("Message", "")
    if code in _THROTTLED:
        return ModelThrottled(f"Bedrock throttled {model_id} on all {CLIENT_ATTEMPTS} attempts: {message}")
    if code in _UNAVAILABLE:
        return ModelUnavailable(f"Bedrock could not serve {model_id} ({code}): {message}")
    if code == "AccessDeniedException" or (code == "ResourceNotFoundException" and "use case" in message):
        return RecipeGenerationFailed(f"no access to {model_id}: {MODEL_ACCESS_HELP} ({message})")
    return RecipeGenerationFailed(f"Bedrock rejected the call to {model_id} ({code}): {message}")
