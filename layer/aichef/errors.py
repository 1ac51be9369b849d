"""The named errors of the workflow contract (ARCHITECTURE §3).

The class name is the error name Step Functions sees (the Lambda `errorType`), so these names are part of the
contract: `Retry`/`Catch` in the state machine match on them.
"""

MAX_MESSAGE_CHARACTERS = 2000
"""A handler's message is capped so the Lambda error JSON (message + a short stack trace) stays far below the
32,768 characters Step Functions keeps of a Cause: the state machine parses that JSON, and a cut one would not parse."""


class AiChefError(Exception):
    """Base class of every error a handler may raise on purpose; its message is capped at 2,000 characters."""

    def __init__(self, message: str) -> None:
        if len(message) > MAX_MESSAGE_CHARACTERS:
            message = message[: MAX_MESSAGE_CHARACTERS - 1] + "…"
        super().__init__(message)
        self.message = message

    @property
    def name(self) -> str:
        return type(self).__name__


class InvalidRequest(AiChefError):
    """The request breaks the input contract; the message names the field. Never retried."""


class RecipeGenerationFailed(AiChefError):
    """No recipe could be produced that satisfies the request."""


class PricingFailed(AiChefError):
    """Prices could not be looked up or combined."""


class PriceSourceUnavailable(AiChefError):
    """A price source (the prices table) failed transiently; the state machine retries it, then `PricingFailed`."""


class ModelThrottled(AiChefError):
    """Bedrock throttled every attempt the client made; the state machine retries it with backoff and jitter."""


class ModelUnavailable(AiChefError):
    """Bedrock (or the same request already being generated) was not available just now; retried like throttling."""
