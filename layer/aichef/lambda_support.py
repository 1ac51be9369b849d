"""What every handler shares: the error boundary that turns anything unexpected into a named error, the
conversion of an event's `request` into the validated contract model, and the start-up's objects kept out of the
garbage collector's way."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from aichef.errors import AiChefError

if TYPE_CHECKING:
    from aws_lambda_powertools import Logger

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


_start_up: dict[str, bool] = {}  # "collecting": whether the collector ran before `start_up` turned it off


def start_up() -> None:
    """Turn the cyclic garbage collector off for a handler module's start-up, until `kept_for_life`.

    A handler module calls it before its other imports. Its start-up makes objects that live as long as the process
    (modules, classes, the contract models' validators, compiled patterns, the ingredient book, the catalog) and
    almost no cyclic garbage (about 250 objects in a cold start of the recipe function), yet the collector ran ~30
    young and 2 middle-generation collections on the way, each scanning what the imports had made: 15-20 ms of the
    recipe function's cold start, 4 ms in one collection during the amount patterns' compiling alone."""
    _start_up.setdefault("collecting", gc.isenabled())
    gc.disable()


def kept_for_life() -> None:
    """Move every object the process has made so far out of the cyclic garbage collector's generations (`gc.freeze`),
    and turn the collector back on if `start_up` turned it off.

    A handler module calls it after its imports and start-up loads: they live as long as the process, and without it
    every full collection would scan them all (one during the book's load took 10-25 ms of the recipe function's cold
    start, 1-5 ms after it). Collections still find the cycles made afterwards; the few cycles that became garbage
    during the start-up (about 250 objects) are never freed. Only handler modules call it, so a process that imports
    `aichef` for other reasons (the tests, the CLI) keeps its collector as it was."""
    gc.freeze()
    if _start_up.pop("collecting", False):
        gc.enable()
