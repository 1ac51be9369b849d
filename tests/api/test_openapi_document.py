"""The OpenAPI document is the contract: a valid OpenAPI 3.1 document, exactly the routes and statuses the handler
answers with (per workflow type and auth), bodies from the models the handler validates with, examples that
satisfy their schemas, and every answer the handler gives in these tests valid against its documented schema.
(tests/api/test_api_schemathesis.py then tries the document against `aichef serve` with generated requests.)"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest
from openapi_document import complete
from openapi_spec_validator import validate

from aichef.contracts import WorkflowRequest
from aichef_local.runner import LocalWorkflow

from .conftest import Reply, jwt_caller

Call = Callable[..., Reply]
FAILURES = {"429", "500", "502", "503", "504"}
"""Not the request's fault; `aichef serve` authorises nothing, so its document has no 401 or 403 (see below)."""


@pytest.fixture(scope="module")
def document(api: Any, workflow: LocalWorkflow) -> dict[str, Any]:
    from aichef_local.http_api import http_event, invoke

    handler, spec = api
    status, _, body = invoke(handler, spec, http_event("GET", "/openapi.json", {"host": "api.test"}, b""))
    assert status == 200
    import json

    return dict(json.loads(body))


def express(workflow: LocalWorkflow) -> bool:
    return workflow.stack.state_machine.type == "EXPRESS"  # type: ignore[union-attr]


def test_it_is_a_valid_openapi_3_1_document_of_exactly_the_four_operations(document: dict[str, Any]) -> None:
    validate(document)

    assert document["openapi"].startswith("3.1")
    assert {path: sorted(operations) for path, operations in document["paths"].items()} == {
        "/recipes": ["get", "post"],
        "/recipes/{request_id}": ["delete", "get"],
    }
    assert document["servers"] == [{"url": "http://api.test", "description": "this deployment"}]


def test_every_operation_documents_exactly_the_statuses_the_api_can_answer(
    document: dict[str, Any], workflow: LocalWorkflow
) -> None:
    paths = document["paths"]
    sync_only = {"200"} if express(workflow) else set()

    assert set(paths["/recipes"]["post"]["responses"]) == {"202", "400", "413", "415", "422"} | sync_only | FAILURES
    assert set(paths["/recipes"]["get"]["responses"]) == {"200", "400"} | FAILURES
    assert set(paths["/recipes/{request_id}"]["get"]["responses"]) == {"200", "400", "404"} | FAILURES
    cancel = {"200", "404"} | ({"409"} if express(workflow) else set())
    assert set(paths["/recipes/{request_id}"]["delete"]["responses"]) == cancel | FAILURES
    assert {p["name"] for p in paths["/recipes"]["post"]["parameters"]} == (
        {"sync", "idempotency-key", "accept-language"} if express(workflow) else {"idempotency-key", "accept-language"}
    )
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_the_request_body_is_the_contracts_model_with_its_patterns_and_examples(document: dict[str, Any]) -> None:
    body = document["paths"]["/recipes"]["post"]["requestBody"]
    schema = document["components"]["schemas"]["WorkflowRequest"]

    assert body["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/WorkflowRequest"}
    assert schema == WorkflowRequest.model_json_schema()
    assert "null" not in str(schema["properties"])
    for example in schema["examples"]:
        WorkflowRequest.model_validate(example)


def test_the_202_documents_location_retry_after_and_the_links_to_read_and_cancel(document: dict[str, Any]) -> None:
    accepted = document["paths"]["/recipes"]["post"]["responses"]["202"]

    assert accepted["headers"]["Location"]["required"] is True
    assert accepted["headers"]["Location"]["schema"] == {"type": "string", "format": "uri"}
    assert accepted["headers"]["Retry-After"]["schema"]["type"] == "integer"
    assert {name: link["operationId"] for name, link in accepted["links"].items()} == {
        "GetRecipe": "getRecipe",
        "CancelRecipe": "cancelRecipe",
    }
    operation_ids = {op["operationId"] for ops in document["paths"].values() for op in ops.values()}
    assert operation_ids == {"startRecipe", "listRecipes", "getRecipe", "cancelRecipe"}


def test_the_parameters_carry_the_rules_the_handler_checks(document: dict[str, Any]) -> None:
    def parameter(path: str, method: str, name: str) -> dict[str, Any]:
        return next(p for p in document["paths"][path][method]["parameters"] if p["name"] == name)

    key = parameter("/recipes", "post", "idempotency-key")["schema"]
    request_id = parameter("/recipes/{request_id}", "get", "request_id")["schema"]

    assert (key["type"], key["maxLength"], key["pattern"]) == (
        "string",
        255,
        r"^[\x21-\x7e]([\x20-\x7e]{0,253}[\x21-\x7e])?$",
    )
    assert request_id["pattern"] == r"^[A-Za-z0-9_-]{1,80}$"
    assert parameter("/recipes", "get", "limit")["schema"] == {
        "type": "integer",
        "maximum": 100,
        "minimum": 1,
        "default": 20,
        "description": "Requests per page.",
        "title": "Limit",
    }


def test_the_answers_language_is_documented_in_the_body_and_as_accept_language(
    document: dict[str, Any], workflow: LocalWorkflow
) -> None:
    language = document["components"]["schemas"]["WorkflowRequest"]["properties"]["language"]
    post = document["paths"]["/recipes"]["post"]
    header = next(p for p in post["parameters"] if p["name"] == "accept-language")

    assert (language["type"], language["enum"]) == ("string", ["ko", "en"])
    assert "Accept-Language" in language["description"] and "Hangul" in language["description"]
    assert (header["in"], header["required"]) == ("header", False)
    # any text: a malformed Accept-Language is ignored, never refused, so no pattern may promise a 400
    schema = header["schema"]
    assert (schema["type"], schema["examples"]) == ("string", ["ko-KR,ko;q=0.9,en-US;q=0.8", "en"])
    assert not {"pattern", "enum", "maxLength", "anyOf"} & set(schema)
    assert "RFC 9110" in header["description"]
    vary = {status: response.get("headers", {}).get("Vary") for status, response in post["responses"].items()}
    documented = {status for status, header in vary.items() if header is not None}
    assert documented == ({"200", "422", "502"} if express(workflow) else set())
    for operations in document["paths"].values():  # no other answer varies with it
        for method, operation in operations.items():
            if operation is not post:
                assert all("Vary" not in r.get("headers", {}) for r in operation["responses"].values()), method


@pytest.mark.parametrize(("auth", "scheme"), [("AWS_IAM", "sigv4"), ("JWT", "jwt")])
def test_a_deployed_api_documents_its_security_scheme_and_the_gateways_401_and_403(
    document: dict[str, Any], auth: str, scheme: str
) -> None:
    completed = complete(copy.deepcopy(document), "STANDARD", auth, "https://issuer.test/pool", "https://x.test")

    validate(completed)
    assert completed["security"] == [{scheme: []}]
    assert list(completed["components"]["securitySchemes"]) == [scheme]
    for operations in completed["paths"].values():
        for operation in operations.values():
            assert {"401", "403"} <= set(operation["responses"])
    if auth == "JWT":
        assert completed["components"]["securitySchemes"]["jwt"]["openIdConnectUrl"] == (
            "https://issuer.test/pool/.well-known/openid-configuration"
        )


def test_aichef_serve_documents_no_security_since_it_authorises_nothing(document: dict[str, Any]) -> None:
    assert "security" not in document
    assert "securitySchemes" not in document["components"]


def schema_of(document: dict[str, Any], path: str, method: str, status: int) -> dict[str, Any]:
    response = document["paths"][path][method]["responses"][str(status)]
    return {**response["content"]["application/json"]["schema"], "components": document["components"]}


def test_every_example_satisfies_its_schema(document: dict[str, Any]) -> None:
    checked = 0
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                content = response.get("content", {}).get("application/json", {})
                for example in content.get("examples", {}).values():
                    jsonschema.validate(example["value"], schema_of(document, path, method, int(status)))
                    checked += 1

    assert checked >= 8


def test_every_answer_the_handler_gives_matches_its_documented_schema(
    call: Call, document: dict[str, Any], workflow: LocalWorkflow
) -> None:
    me = jwt_caller("schema-reader")
    accepted = call("POST", "/recipes", {"ingredients": ["egg", "kimchi"]}, caller=me)
    failed = call("POST", "/recipes", {"ingredients": ["blorptangle"]}, caller=me)
    request_id = accepted.body["request_id"]
    answers = [
        ("/recipes", "post", accepted),
        ("/recipes", "post", call("POST", "/recipes", {"ingredients": []}, caller=me)),
        ("/recipes", "post", call("POST", "/recipes", b"x" * 17_000, caller=me)),
        ("/recipes", "post", call("POST", "/recipes", b"{}", {"content-type": "text/plain"}, caller=me)),
        ("/recipes/{request_id}", "get", call("GET", f"/recipes/{request_id}?wait=20", caller=me)),
        ("/recipes/{request_id}", "get", call("GET", f"/recipes/{failed.body['request_id']}?wait=20", caller=me)),
        ("/recipes/{request_id}", "get", call("GET", "/recipes/r-unknown", caller=me)),
        ("/recipes/{request_id}", "get", call("GET", "/recipes/r-1?wait=99", caller=me)),
        ("/recipes/{request_id}", "delete", call("DELETE", f"/recipes/{request_id}", caller=me)),
        ("/recipes", "get", call("GET", "/recipes?limit=1", caller=me)),
        ("/recipes", "get", call("GET", "/recipes?cursor=0", caller=me)),
    ]
    if express(workflow):
        answers.append(("/recipes", "post", call("POST", "/recipes?sync=true", {"ingredients": ["egg"]}, caller=me)))
        answers.append(("/recipes", "post", call("POST", "/recipes?sync=true", {"ingredients": ["xyzzy"]}, caller=me)))

    assert sorted({reply.status for _, _, reply in answers}) == (
        [200, 202, 400, 404, 413, 415, 422] if express(workflow) else [200, 202, 400, 404, 413, 415]
    )
    for path, method, reply in answers:
        jsonschema.validate(reply.body, schema_of(document, path, method, reply.status))
