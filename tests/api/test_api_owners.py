"""Every request belongs to its caller: GET, list and cancel answer only the owner (404 for anyone else, the answer
an unknown id gets), Idempotency-Keys are the owner's, and DELETE stops a running Standard execution."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from aichef_local.runner import LocalWorkflow

from .conftest import Reply, iam_caller, jwt_caller

Call = Callable[..., Reply]
ALICE, BOB = jwt_caller("0b7f-alice"), jwt_caller("5c21-bob")
EGG = {"ingredients": ["egg", "kimchi"]}


def started(call: Call, caller: dict[str, Any], body: Any = None, key: str | None = None) -> str:
    reply = call("POST", "/recipes", body or EGG, {"Idempotency-Key": key} if key else None, caller=caller)
    assert reply.status == 202, reply
    return str(reply.body["request_id"])


def finished(call: Call, request_id: str, caller: dict[str, Any]) -> Reply:
    reply = call("GET", f"/recipes/{request_id}?wait=20", caller=caller)
    assert reply.body["status"] != "RUNNING", reply
    return reply


def same_as_unknown(reply: Reply, request_id: str) -> bool:
    return (reply.status, reply.body) == (404, {"error": "NotFound", "cause": f"no recipe request {request_id!r}"})


def test_only_the_owner_reads_or_cancels_a_request_anyone_else_gets_the_unknown_ids_404(call: Call) -> None:
    request_id = started(call, ALICE)
    finished(call, request_id, ALICE)

    assert call("GET", f"/recipes/{request_id}", caller=ALICE).status == 200
    assert same_as_unknown(call("GET", f"/recipes/{request_id}", caller=BOB), request_id)
    assert same_as_unknown(call("DELETE", f"/recipes/{request_id}", caller=BOB), request_id)
    assert same_as_unknown(call("GET", f"/recipes/{request_id}", caller=iam_caller("carol")), request_id)
    assert call("GET", f"/recipes/{request_id}", caller=ALICE).body["status"] == "SUCCEEDED"


def test_users_of_one_identity_pool_role_are_different_owners(call: Call) -> None:
    """Every user of a Cognito identity pool calls with the pool's role, one userArn: the identity id tells them
    apart, for idempotency and for reading."""
    first, second = iam_caller("pool", identity_id="us-east-1:1111"), iam_caller("pool", identity_id="us-east-1:2222")

    one = started(call, first, key="cart-42")
    other = started(call, second, key="cart-42")

    assert one != other
    assert call("GET", f"/recipes/{one}", caller=first).status == 200
    assert same_as_unknown(call("GET", f"/recipes/{one}", caller=second), one)


def test_the_same_idempotency_key_from_two_owners_is_two_requests(call: Call) -> None:
    alice = started(call, iam_caller("alice"), key="k1")
    bob = started(call, iam_caller("bob"), key="k1")

    assert alice != bob


def test_list_pages_through_the_owners_requests_newest_first_and_no_one_elses(call: Call) -> None:
    dave, erin = jwt_caller("dave"), jwt_caller("erin")
    mine = [started(call, dave, {"ingredients": ["egg"] if index != 2 else ["blorptangle"]}) for index in range(5)]
    theirs = started(call, erin)
    for request_id in mine:
        finished(call, request_id, dave)

    pages, cursor = [], None
    while True:
        reply = call("GET", "/recipes?limit=2" + (f"&cursor={cursor}" if cursor else ""), caller=dave)
        assert reply.status == 200, reply
        pages.append(reply.body["requests"])
        cursor = reply.body.get("next_cursor")
        if cursor is None:
            break
    listed = [item for page in pages for item in page]

    assert [len(page) for page in pages] == [2, 2, 1]
    assert [item["request_id"] for item in listed] == mine[::-1]
    assert [item["status"] for item in listed] == ["SUCCEEDED", "SUCCEEDED", "FAILED", "SUCCEEDED", "SUCCEEDED"]
    assert [item["created_at"] for item in listed] == sorted((item["created_at"] for item in listed), reverse=True)
    assert theirs not in [item["request_id"] for item in listed]
    assert [item["request_id"] for item in call("GET", "/recipes", caller=erin).body["requests"]] == [theirs]


def test_a_cursor_only_pages_through_its_callers_own_requests(call: Call) -> None:
    frank, grace = jwt_caller("frank"), jwt_caller("grace")
    for _ in range(3):
        started(call, frank)
    cursor = call("GET", "/recipes?limit=1", caller=frank).body["next_cursor"]

    reply = call("GET", f"/recipes?limit=10&cursor={cursor}", caller=grace)

    assert (reply.status, reply.body) == (200, {"requests": []})


@pytest.fixture
def held(workflow: LocalWorkflow) -> Iterator[threading.Event]:
    """The recipe step waits until the event is set, so an execution stays RUNNING as long as a test needs."""
    assert workflow.lambdas is not None
    handlers = workflow.lambdas.handlers
    original = handlers["ai-chef-recipe"]
    release = threading.Event()

    def slow(event: Any, context: Any) -> Any:
        release.wait(30)
        return original(event, context)

    handlers["ai-chef-recipe"] = slow
    yield release
    release.set()
    handlers["ai-chef-recipe"] = original


def test_delete_stops_a_running_standard_execution_and_express_says_it_cannot(
    call: Call, workflow: LocalWorkflow, held: threading.Event
) -> None:
    request_id = started(call, ALICE)
    running = call("GET", f"/recipes/{request_id}", caller=ALICE)
    # moto reports ABORTED once the stopped execution unwinds, which needs the held step to return
    threading.Timer(0.5, held.set).start()

    reply = call("DELETE", f"/recipes/{request_id}", caller=ALICE)
    later = call("GET", f"/recipes/{request_id}", caller=ALICE)
    listed = call("GET", "/recipes?limit=1", caller=ALICE).body["requests"][0]

    assert (running.status, running.body["status"], running.headers["Retry-After"]) == (200, "RUNNING", "2")
    if workflow.stack.state_machine.type == "EXPRESS":  # type: ignore[union-attr]
        assert (reply.status, reply.body["error"]) == (409, "NotCancellable")
        assert finished(call, request_id, ALICE).body["status"] == "SUCCEEDED"
        return
    expected = {
        "request_id": request_id,
        "status": "ABORTED",
        "error": "Cancelled",
        "cause": "cancelled by its owner (DELETE /recipes/{request_id})",
    }
    assert (reply.status, reply.body) == (200, expected)
    assert (later.status, later.body) == (200, expected)
    assert (listed["request_id"], listed["status"]) == (request_id, "ABORTED")
    record = workflow.dynamodb.get_item(TableName=workflow.recipes_table, Key={"request_id": {"S": request_id}})
    assert "Item" not in record  # stopped before SaveRecipe: the execution, not a record, says how it ended


def test_delete_of_an_ended_request_answers_its_end_and_changes_nothing(call: Call) -> None:
    request_id = started(call, BOB)
    done = finished(call, request_id, BOB)

    reply = call("DELETE", f"/recipes/{request_id}", caller=BOB)

    assert (reply.status, reply.body) == (200, done.body)
    assert call("GET", f"/recipes/{request_id}", caller=BOB).body == done.body
