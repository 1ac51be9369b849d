"""What the two routes do, over a WorkflowGateway: start a request (once per Idempotency-Key) and report on one."""

from __future__ import annotations

import time
from collections.abc import Callable

from front_door import (
    TERMINAL,
    Answer,
    accepted,
    error_answer,
    execution_input,
    from_description,
    from_record,
    from_sync_result,
    key_reused,
    request_id_for,
    same_request,
)
from workflow_gateway import WorkflowGateway

from aichef.contracts import WorkflowRequest


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
        workflow_type: str,
        poll_seconds: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.gateway = gateway
        self.express = workflow_type == "EXPRESS"
        self.poll_seconds = poll_seconds
        self.sleep = sleep
        self.clock = clock

    def submit(self, request: WorkflowRequest, idempotency_key: str | None, caller: str, sync: bool) -> Answer:
        """POST /recipes: 202 + Location (or, with sync on Express, the finished result); nothing runs twice for
        the same Idempotency-Key."""
        if sync and not self.express:
            return error_answer(
                400,
                "InvalidRequest",
                "sync: only an EXPRESS workflow answers synchronously; this one is STANDARD, "
                "so POST without sync=true and GET the Location",
            )
        request_id = request_id_for(idempotency_key, caller)
        sent = execution_input(request)
        if idempotency_key is not None:
            # a keyed request whose record exists is answered from it: for Express nothing else knows it, and for
            # Standard the record lands before the execution ends (StartExecution would still say RUNNING)
            record = self.gateway.record(request_id)
            if record is not None:
                if not same_request(record.get("request"), sent):
                    return key_reused(idempotency_key)
                return from_record(request_id, record) if sync else accepted(request_id, str(record["status"]))
        if sync:
            result = self.gateway.start_sync(request_id, sent)
            if result.timed_out:
                return accepted(request_id)
            return from_sync_result(request_id, result.status, result.output, result.error, result.cause)
        started = self.gateway.start(request_id, sent)
        if not started.already_existed:
            return accepted(request_id)
        execution = self.gateway.describe(request_id)
        if execution is None or not same_request(execution.input, sent):
            return key_reused(idempotency_key or request_id)
        # the record is written before the execution ends, so it is the first to know: answer as GET does
        record = self.gateway.record(request_id)
        return accepted(request_id, str(record["status"]) if record is not None else execution.status)

    def status(self, request_id: str, wait_seconds: int) -> Answer:
        """GET /recipes/{request_id}: the record, else the execution's status; waits up to `wait_seconds` for an
        end, polling every `poll_seconds`."""
        deadline = self.clock() + wait_seconds
        while True:
            answer = self._look_up(request_id)
            finished = answer.status_code == 200 and answer.body["status"] in TERMINAL
            # Express: a running execution has no record yet and cannot be described, so its 404 may just be early
            unknown = answer.status_code == 404 and not self.express
            if finished or unknown or self.clock() + self.poll_seconds > deadline:
                return answer
            self.sleep(self.poll_seconds)

    def _look_up(self, request_id: str) -> Answer:
        record = self.gateway.record(request_id)
        if record is not None:
            return from_record(request_id, record)
        if self.express:
            # DescribeExecution does not support Express executions; the record is all there is.
            return self._not_found(request_id, " yet (an EXPRESS execution is known only by its record)")
        execution = self.gateway.describe(request_id)
        if execution is None:
            return self._not_found(request_id, "")
        if execution.status in TERMINAL:
            # the record is written before the execution ends; read once more in case it landed meanwhile
            record = self.gateway.record(request_id)
            if record is not None:
                return from_record(request_id, record)
        return from_description(request_id, execution.status, execution.error, execution.cause)

    @staticmethod
    def _not_found(request_id: str, note: str) -> Answer:
        return error_answer(404, "NotFound", f"no recipe request {request_id!r}{note}")
