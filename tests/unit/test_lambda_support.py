"""The error boundary of every handler: named errors pass through, anything else becomes the handler's named error."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from aws_lambda_powertools import Logger

from aichef.errors import AiChefError, InvalidRequest, PricingFailed, RecipeGenerationFailed
from aichef.lambda_support import event_field, named_errors

logger = Logger(service="test")


def failing_with(error: BaseException) -> Any:
    @named_errors(PricingFailed, logger)
    def handler(event: Any, context: Any) -> Any:
        """Price the request."""
        raise error

    return handler


def test_named_errors_returns_the_handler_result_unchanged() -> None:
    @named_errors(PricingFailed, logger)
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        """Price the request."""
        return {"total": event["total"] * 2}

    assert handler({"total": 700}, None) == {"total": 1400}
    assert (handler.__name__, handler.__doc__) == ("handler", "Price the request.")


@pytest.mark.parametrize(
    "error",
    [
        InvalidRequest("servings: Input should be less than or equal to 12"),
        RecipeGenerationFailed("none of the 6 catalog recipes uses any of: durian"),
        PricingFailed("the prices table left 1 keys unprocessed after 5 attempts"),
    ],
)
def test_named_errors_lets_our_named_errors_through_unchanged(error: AiChefError) -> None:
    with pytest.raises(AiChefError) as caught:
        failing_with(error)({}, None)

    assert caught.value is error
    assert type(caught.value) is type(error)


def test_named_errors_logs_a_named_error_as_a_warning_with_its_name_and_cause(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="test"), pytest.raises(InvalidRequest):
        failing_with(InvalidRequest("currency: Input should be 'KRW' or 'USD'"))({}, None)

    (record,) = [r for r in caplog.records if r.name == "test"]
    assert record.levelname == "WARNING"
    fields = (record.__dict__["error"], record.__dict__["cause"])
    assert fields == ("InvalidRequest", "currency: Input should be 'KRW' or 'USD'")


def test_named_errors_turns_a_key_error_into_the_fallback_error_without_a_traceback() -> None:
    with pytest.raises(PricingFailed) as caught:
        failing_with(KeyError("price_krw"))({}, None)

    error = caught.value
    assert type(error) is PricingFailed
    assert error.name == "PricingFailed"
    assert error.message == "internal error (KeyError); see the function log"
    assert "Traceback" not in error.message and 'File "' not in error.message
    assert error.__cause__ is None and error.__suppress_context__ is True


def test_named_errors_uses_the_fallback_class_it_was_given() -> None:
    @named_errors(RecipeGenerationFailed, logger)
    def handler(event: Any, context: Any) -> Any:
        return 1 / 0

    with pytest.raises(RecipeGenerationFailed) as caught:
        handler({}, None)

    assert caught.value.message == "internal error (ZeroDivisionError); see the function log"


def test_named_errors_logs_the_full_traceback_of_an_unexpected_error(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="test"), pytest.raises(PricingFailed):
        failing_with(KeyError("price_krw"))({}, None)

    (record,) = [r for r in caplog.records if r.name == "test"]
    assert (record.levelname, record.getMessage()) == ("ERROR", "unexpected error")
    assert record.exc_info is not None and record.exc_info[0] is KeyError


def test_event_field_reads_a_field_of_an_object_event_only() -> None:
    assert event_field({"request": {"servings": 2}}, "request") == {"servings": 2}
    assert event_field({"names": ["egg"]}, "request") is None
    assert event_field(["request"], "request") is None
    assert event_field(None, "request") is None
