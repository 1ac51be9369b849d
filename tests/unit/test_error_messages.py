"""Handler error messages are capped, so the Cause Step Functions parses is never cut."""

from __future__ import annotations

import json
import traceback

from aichef.errors import MAX_MESSAGE_CHARACTERS, InvalidRequest, PricingFailed
from aichef_local.inprocess_lambda import error_payload

CAUSE_LIMIT = 32_768  # characters of a Cause Step Functions keeps (API_TaskFailedEventDetails, cause: max 32768)


def test_a_long_message_is_cut_to_2000_characters_with_a_marker():
    error = InvalidRequest("ingredients: " + "x" * 5000)

    assert len(str(error)) == len(error.message) == MAX_MESSAGE_CHARACTERS == 2000
    assert error.message.startswith("ingredients: xxx") and error.message.endswith("x…")


def test_a_short_message_is_kept_whole():
    assert PricingFailed("combine input is off the contract").message == "combine input is off the contract"


def test_the_lambda_error_json_of_a_capped_error_fits_a_cause_and_parses():
    try:
        raise InvalidRequest("é" * 50_000)
    except InvalidRequest as error:
        cause = json.dumps(error_payload(error, "request-id"), separators=(",", ":"))
        assert traceback.format_tb(error.__traceback__)

    assert len(cause) < CAUSE_LIMIT
    assert json.loads(cause)["errorMessage"] == "é" * 1999 + "…"
