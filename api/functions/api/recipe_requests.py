"""What the routes do, over a WorkflowGateway and a RequestLedger: start a request (once per Idempotency-Key), report
on one, cancel one, list the caller's; each answers only the request's owner."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from botocore.exceptions import ClientError
from front_door import (
    TERMINAL,
    Answer,
    accepted,
    encode_cursor,
    error_answer,
    execution_input,
    from_description,
    from_record,
    from_sync_result,
    key_reused,
    not_found,
    request_id_for,
    same_request,
)
from request_ledger import Claim, RequestLedger
from workflow_gateway import WorkflowGateway

from aichef.contracts import WorkflowRequest

# An Express execution lasts at most 5 minutes; a minute later, a request without a record will not get one.
EXPRESS_NO_RECORD_AFTER_SECONDS = 6 * 60
# How long DELETE waits for a stopped execution to report ABORTED (Step Functions stops it within moments).
STOP_SETTLE_SECONDS = 5
CANCEL_ERROR, CANCEL_CAUSE = "Cancelled", "cancelled by its owner (DELETE /recipes/{request_id})"


class RecipeRequests:
    """The API's behaviour for one state machine of type `workflow_type` (STANDARD or EXPRESS).

    Standard: StartExecution is idempotent on (name, input) while the execution is open, and the name stays taken
    for 90 days, so an Idempotency-Key maps to one name. Express keeps no names (a second StartExecution with the
    same name runs again), so for Express the record decides: a key whose record exists is answered from it.
    https://docs.aws.amazon.com/step-functions/latest/dg/express-at-least-once-execution.html
    """

    def __init__(
        self,
        gateway: WorkflowGateway,
        ledger: RequestLedger,
        workflow_type: str,
        poll_seconds: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.gateway = gateway
        self.ledger = ledger
        self.express = workflow_type == "EXPRESS"
        self.poll_seconds = poll_seconds
        self.sleep = sleep
        self.clock = clock
        self.now = now

    def submit(
        self, request: WorkflowRequest, idempotency_key: str | None, owner: str, sync: bool, base_url: str
    ) -> Answer:
        """POST /recipes: 202 + Location (or, with sync on Express, the finished result); nothing runs twice for
        the same Idempotency-Key of the same owner."""
        if sync and not self.express:
            return error_answer(
                400,
                "InvalidRequest",
                "sync: only an EXPRESS workflow answers synchronously; this one is STANDARD, "
                "so POST without sync=true and GET the Location",
            )
        request_id = request_id_for(idempotency_key, owner)
        location = f"{base_url}/recipes/{request_id}"
        sent = execution_input(request)
        if idempotency_key is not None:
            # a keyed request whose record exists is answered from it: for Express nothing else knows it, and for
            # Standard the record lands before the execution ends (StartExecution would still say RUNNING)
            record = self.gateway.record(request_id)
            if record is not None:
                if not same_request(record.get("request"), sent):
                    return key_reused(idempotency_key)
                self.ledger.claim(request_id, owner, self._timestamp())  # written before the start: a no-op
                if sync:  # as if it had run now: 200 only for SUCCEEDED, 422 for a named error
                    return from_sync_result(
                        request_id, record["status"], record.get("output"), record.get("error"), record.get("cause")
                    )
                return accepted(request_id, location, str(record["status"]))
        claimed = self.ledger.claim(request_id, owner, self._timestamp())
        try:
            if sync:
                result = self.gateway.start_sync(request_id, sent)
            else:
                started = self.gateway.start(request_id, sent)
        except ClientError:
            # Step Functions answered and started nothing: the claim would name a request that never ran
            if claimed:
                self.ledger.release(request_id)
            raise
        if sync:
            if result.timed_out:
                return accepted(request_id, location)
            return from_sync_result(request_id, result.status, result.output, result.error, result.cause)
        if not started.already_existed:
            return accepted(request_id, location)
        execution = self.gateway.describe(request_id)
        if execution is None or not same_request(execution.input, sent):
            return key_reused(idempotency_key or request_id)
        # the record is written before the execution ends, so it is the first to know: answer as GET does
        record = self.gateway.record(request_id)
        return accepted(request_id, location, str(record["status"]) if record is not None else execution.status)

    def status(self, request_id: str, owner: str, wait_seconds: int) -> Answer:
        """GET /recipes/{request_id}: the record, else the execution's status; waits up to `wait_seconds` for an
        end, polling every `poll_seconds`. Another owner's request is unknown (404), like an id never used."""
        claim = self._owned(request_id, owner)
        if claim is None:
            return not_found(request_id)
        deadline = self.clock() + wait_seconds
        while True:
            answer = self._look_up(claim)
            if answer.body["status"] in TERMINAL or self.clock() + self.poll_seconds > deadline:
                return answer
            self.sleep(self.poll_seconds)

    def cancel(self, request_id: str, owner: str) -> Answer:
        """DELETE /recipes/{request_id}: stop a running Standard execution and answer where the request ended. An
        ended request is answered as it is; a running Express one is 409 (Express executions cannot be stopped)."""
        claim = self._owned(request_id, owner)
        if claim is None:
            return not_found(request_id)
        answer = self._look_up(claim)
        if answer.body["status"] in TERMINAL:
            return answer
        if self.express:
            return error_answer(
                409,
                "NotCancellable",
                "an EXPRESS execution cannot be stopped (StopExecution does not support EXPRESS state machines); "
                "it ends within 5 minutes and records its result",
            )
        try:
            self.gateway.stop(request_id, CANCEL_ERROR, CANCEL_CAUSE)
        except ClientError:
            # it may have ended between the look-up and the stop: then its end is the answer
            answer = self._look_up(claim)
            if answer.body["status"] in TERMINAL:
                return answer
            raise
        deadline = self.clock() + STOP_SETTLE_SECONDS
        while (answer := self._look_up(claim)).body["status"] not in TERMINAL and self.clock() < deadline:
            self.sleep(self.poll_seconds)
        return answer

    def list(self, owner: str, limit: int, after: tuple[str, str] | None) -> Answer:
        """GET /recipes: the owner's requests, newest first, `limit` at a time, with the status each has now."""
        claims, last = self.ledger.page(owner, limit, after)
        recorded = self.gateway.statuses([claim.request_id for claim in claims])
        requests = [
            {
                "request_id": claim.request_id,
                "status": recorded.get(claim.request_id) or self._look_up(claim, with_record=False).body["status"],
                "created_at": claim.created_at,
            }
            for claim in claims
        ]
        body: dict[str, object] = {"requests": requests}
        if last is not None:
            body["next_cursor"] = encode_cursor(*last)
        return Answer(200, body)

    def _owned(self, request_id: str, owner: str) -> Claim | None:
        claim = self.ledger.find(request_id)
        return claim if claim is not None and claim.owner == owner else None

    def _look_up(self, claim: Claim, with_record: bool = True) -> Answer:
        request_id = claim.request_id
        record = self.gateway.record(request_id) if with_record else None
        if record is not None:
            return from_record(request_id, record)
        if self.express:
            # DescribeExecution does not support Express executions; the record is all there is
            age = self.now() - _epoch(claim.created_at)
            if age < EXPRESS_NO_RECORD_AFTER_SECONDS:
                return from_description(request_id, "RUNNING", None, None)
            return from_description(
                request_id,
                "TIMED_OUT",
                "NoRecord",
                f"no record {int(age // 60)} minutes after the start: an EXPRESS execution lasts at most 5 minutes, "
                "so this one ended without writing it (timed out, or failed where no Catch applies); "
                "its steps are in the workflow's log group",
            )
        execution = self.gateway.describe(request_id)
        if execution is None:
            return from_description(
                request_id,
                "FAILED",
                "NoRecord",
                "no execution and no record: its start failed, or Step Functions no longer keeps it (90 days)",
            )
        if execution.status in TERMINAL and with_record:
            # the record is written before the execution ends; read once more in case it landed meanwhile
            record = self.gateway.record(request_id)
            if record is not None:
                return from_record(request_id, record)
        return from_description(request_id, execution.status, execution.error, execution.cause)

    def _timestamp(self) -> str:
        """Now, in UTC, ISO 8601 to the millisecond: it sorts as text, which the owner index relies on."""
        return datetime.fromtimestamp(self.now(), UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _epoch(timestamp: str) -> float:
    return datetime.strptime(timestamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC).timestamp()
