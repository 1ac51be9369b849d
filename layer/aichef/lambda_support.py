"""What every handler shares: the error boundary that turns anything unexpected into a named error, the
conversion of an event's `request` into the validated contract model, and the start-up's objects kept out of the
garbage collector's way."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import Any, TypeVar

from aws_lambda_powertools import Logger

from aichef.errors import AiChefError

Handler = TypeVar("Handler", bound=Callable[..., Any])


def named_errors(fallback: type[AiChefError], logger: Logger) -> Callable[[Handler], Handler]:
    """Let our named errors through (logged as warnings) and turn any other exception into `fallback`.

    Step Functions matches `Retry`/`Catch` on the error name, so a handler must never fail with `KeyError` or
    `ValidationError`; the full traceback goes to the function's log, only the message to the workflow.
    """

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        def wrapper(event: Any, context: Any) -> Any:
            try:
                return handler(event, context)
            except AiChefError as error:
                logger.warning("request failed", extra={"error": error.name, "cause": error.message})
                raise
            except Exception as error:
                logger.exception("unexpected error")
                raise fallback(f"internal error ({type(error).__name__}); see the function log") from None

        return wrapper  # type: ignore[return-value]

    return decorate


def event_field(event: Any, name: str) -> Any:
    """A field of the event object, or None when the event is not an object or lacks it."""
    return event.get(name) if isinstance(event, dict) else None


def kept_for_life() -> None:
    """Move every object the process has made so far out of the cyclic garbage collector's generations (`gc.freeze`).

    A handler module calls it after its imports and again after its start-up loads: modules, classes, the contract
    models' validators, the ingredient book and the catalog live as long as the process, and without it a full
    collection during the cold start scans them all (the one during the book's load took 10-25 ms of the recipe
    function's cold start, 1-5 ms after it). Collections still find the cycles made afterwards; the few cycles that
    became garbage before the call (about 250 objects in a cold start) are never freed. Only handler modules call it,
    so a process that imports `aichef` for other reasons (the tests, the CLI) keeps its collector as it was."""
    gc.freeze()
