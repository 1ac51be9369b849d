"""End to end: `aichef serve` as a subprocess, driven over loopback by a real HTTP client (urllib): POST -> Location
-> GET until SUCCEEDED, the malformed requests of test_api_malformed.py over HTTP (and what only a server sees: a
Content-Length that is no number), ?wait, CORS, a bounded load run with nothing lost, and Ctrl-C."""

from __future__ import annotations

import json
import re
import signal
import socket
import statistics
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from aichef_local.http_api import gateway_headers

from .serve_process import AICHEF, ROOT, Server, http, result, start

LOAD_REQUESTS, LOAD_CONCURRENCY, LOAD_LIMIT_SECONDS = 200, 20, 90
LOG_LINE = re.compile(r"127\.0\.0\.1 [A-Z]+ \S+ \d{3} [0-9.]+ ms")
APP = "https://app.example"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start(tmp_path_factory.mktemp("serve") / "serve.log")
    yield running
    running.stop()


def raw(server: Server, request: bytes) -> tuple[int, bytes]:
    """Send bytes as they are (no client would send a malformed Content-Length); the status and the body."""
    address = urlsplit(server.url)
    with socket.create_connection((address.hostname, address.port), timeout=30) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), body


def test_post_then_get_the_location_until_succeeded(server: Server) -> None:
    request = json.loads((ROOT / "events" / "workflow-request.json").read_text("utf-8"))

    status, headers, body = http("POST", f"{server.url}/recipes", request)
    answer = result(headers["Location"])

    assert (status, body["status"], headers["Retry-After"]) == (202, "RUNNING", "2")
    assert headers["Location"] == f"{server.url}/recipes/{body['request_id']}"
    assert answer["status"] == "SUCCEEDED"
    assert (answer["output"]["recipe"]["title"], answer["output"]["pricing"]["total"]) == ("돼지고기 김치볶음밥", 8405)


def test_bad_requests_are_named_4xx_and_unknown_ids_404(server: Server) -> None:
    recipes = f"{server.url}/recipes"

    assert http("POST", recipes, {"ingredients": ["egg"], "servings": 0})[::2] == (
        400,
        {"error": "InvalidRequest", "cause": "servings: Input should be greater than or equal to 1"},
    )
    assert http("POST", recipes, b"ingredients=egg")[::2] == (
        400,
        {"error": "InvalidRequest", "cause": "request body: not JSON (Expecting value at line 1 column 1)"},
    )
    assert http("GET", f"{recipes}/r-unknown")[::2] == (
        404,
        {"error": "NotFound", "cause": "no recipe request 'r-unknown'"},
    )
    assert http("GET", f"{recipes}/r-unknown?wait=30")[0] == 400


@pytest.mark.parametrize(
    ("body", "content_type", "status", "error"),
    [
        (b"--x\r\n", "multipart/form-data", 415, "UnsupportedMediaType"),
        (b"[" * 20_000 + b"]" * 20_000, "application/json", 413, "PayloadTooLarge"),
        (b'{"ingredients": ["\xff\xfeegg"]}', "application/json", 400, "InvalidRequest"),
        (b'{"ingredients": ["egg"]}', "APPLICATION/JSON", 202, None),
    ],
    ids=["multipart without a boundary", "nested 20,000 deep", "not UTF-8", "upper-case media type"],
)
def test_the_malformed_requests_of_the_issue_over_http(
    server: Server, body: bytes, content_type: str, status: int, error: str | None
) -> None:
    answer = http("POST", f"{server.url}/recipes", body, {"Content-Type": content_type})

    assert answer[0] == status
    assert answer[2].get("error") == error


def settled_count(server: Server, marker: str) -> int:
    """How many of the server's log lines hold `marker`, once no new one has come for 0.3 s (the lines arrive
    through a reader thread: an earlier test's last line may still be on its way)."""
    count = -1
    while True:
        now = sum(marker in line for line in server.lines)
        if now == count:
            return now
        count = now
        time.sleep(0.3)


@pytest.mark.parametrize("length", [b"abc", b"-1", b"1e3"])
def test_a_content_length_that_is_not_a_count_of_bytes_is_400_and_starts_nothing(server: Server, length: bytes) -> None:
    before = settled_count(server, " POST /recipes 202 ")

    status, body = raw(
        server,
        b"POST /recipes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
        + length
        + b'\r\n\r\n{"ingredients": ["egg"]}',
    )

    assert (status, json.loads(body)) == (
        400,
        {"error": "InvalidRequest", "cause": f"Content-Length: {length.decode()!r} is not a number of bytes"},
    )
    assert settled_count(server, " POST /recipes 202 ") == before


def test_a_repeated_header_reaches_the_api_joined_with_commas_as_api_gateway_joins_it(server: Server) -> None:
    """Payload 2.0 has no multi-value headers: API Gateway joins a repeated header's values with commas. Serve kept
    only the last line, so the second Accept-Language (English) decided; joined, Korean's higher quality does."""
    body = json.dumps({"ingredients": ["eggs", "kimchi", "cooked rice"]}).encode()
    address = urlsplit(server.url)
    head = (
        f"POST /recipes HTTP/1.1\r\nHost: {address.netloc}\r\nContent-Type: application/json\r\n"
        f"Accept-Language: ko\r\nAccept-Language: en;q=0.5\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    )

    status, answer = raw(server, head.encode() + body)

    assert status == 202
    recipe = result(f"{server.url}/recipes/{json.loads(answer)['request_id']}")["output"]["recipe"]
    assert (recipe["language"], recipe["title"]) == ("ko", "김치볶음밥")


def test_gateway_headers_lowers_names_and_joins_repeated_values() -> None:
    pairs = [("Accept-Language", "ko"), ("Host", "h"), ("accept-language", "en;q=0.5"), ("X-A", "1, 2")]

    assert gateway_headers(pairs) == {"accept-language": "ko,en;q=0.5", "host": "h", "x-a": "1, 2"}


def test_every_method_reaches_the_api_which_answers_405_with_allow(server: Server) -> None:
    status, headers, body = http("TRACE", f"{server.url}/recipes")

    assert (status, headers["Allow"], body["error"]) == (405, "GET, OPTIONS, POST", "MethodNotAllowed")


def test_without_cors_a_preflight_reaches_the_api_and_gets_no_cors_headers(server: Server) -> None:
    status, headers, _ = http(
        "OPTIONS", f"{server.url}/recipes", headers={"Origin": APP, "Access-Control-Request-Method": "POST"}
    )

    assert (status, headers["Allow"]) == (204, "GET, OPTIONS, POST")
    assert not [name for name in headers if name.lower().startswith("access-control-")]


def test_wait_holds_the_answer_until_the_request_ends(server: Server) -> None:
    _, headers, _ = http("POST", f"{server.url}/recipes", {"ingredients": ["egg", "kimchi", "rice"]})

    status, _, body = http("GET", f"{headers['Location']}?wait=20")

    assert (status, body["status"]) == (200, "SUCCEEDED")


def test_one_log_line_per_request(server: Server) -> None:
    http("GET", f"{server.url}/recipes/r-logged")
    http("GET", f"{server.url}/recipes/r-logged?wait=0")

    deadline = time.monotonic() + 5
    while sum("/recipes/r-logged" in line for line in server.lines) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    logged = [line for line in server.lines if "/recipes/r-logged" in line]
    assert [re.sub(r" [0-9.]+ ms$", " N ms", line) for line in logged] == [
        "127.0.0.1 GET /recipes/r-logged 404 N ms",
        "127.0.0.1 GET /recipes/r-logged?wait=0 404 N ms",
    ]
    assert [line for line in server.lines[1:] if not LOG_LINE.fullmatch(line)] == []


@pytest.mark.slow
def test_load_200_posts_at_20_concurrent_lose_nothing(server: Server) -> None:
    started = time.monotonic()

    def one(index: int) -> tuple[str, float]:
        sent = time.monotonic()
        status, headers, body = http(
            "POST", f"{server.url}/recipes", {"ingredients": ["egg", "kimchi"] if index % 10 else ["blorptangle"]}
        )
        assert status == 202, body
        while time.monotonic() - started < LOAD_LIMIT_SECONDS:
            answer = http("GET", f"{headers['Location']}?wait=20")[2]
            if answer["status"] != "RUNNING":
                return answer["status"], time.monotonic() - sent
        return "RUNNING", time.monotonic() - sent

    with ThreadPoolExecutor(LOAD_CONCURRENCY) as pool:
        outcomes = list(pool.map(one, range(LOAD_REQUESTS)))
    elapsed = time.monotonic() - started
    statuses = [status for status, _ in outcomes]
    seconds = sorted(duration for _, duration in outcomes)
    p50, p95 = statistics.median(seconds), seconds[int(0.95 * len(seconds)) - 1]
    print(
        f"\nload: {LOAD_REQUESTS} requests at {LOAD_CONCURRENCY} concurrent in {elapsed:.1f} s: "
        f"{statuses.count('SUCCEEDED')} succeeded, {statuses.count('FAILED')} failed, "
        f"{LOAD_REQUESTS - statuses.count('SUCCEEDED') - statuses.count('FAILED')} lost; "
        f"time to result p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
    )

    assert elapsed < LOAD_LIMIT_SECONDS
    assert statuses.count("SUCCEEDED") == 180  # every tenth request names only an unknown ingredient
    assert statuses.count("FAILED") == 20


def test_ctrl_c_stops_the_server_cleanly(server: Server) -> None:
    server.process.send_signal(signal.SIGINT)

    code = server.process.wait(30)
    stderr = server.process.stderr.read() if server.process.stderr else ""

    assert code == 0
    server.reader.join(10)  # everything the process wrote is read
    assert "Traceback" not in stderr
    assert server.lines[-1] == "aichef: stopped"
    malformed = [line for line in server.lines[1:-1] if not LOG_LINE.fullmatch(line)]
    assert malformed == [], "every request's line whole, on its own line"
    assert len(server.lines) >= 2 + 2 * LOAD_REQUESTS


def test_with_cors_origins_serve_answers_the_preflight_and_marks_answers_as_api_gateway_does(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    cors = start(tmp_path_factory.mktemp("cors") / "serve.log", "--api-parameter", f"CorsAllowOrigins={APP}")
    try:
        preflight = http(
            "OPTIONS", f"{cors.url}/recipes", headers={"Origin": APP, "Access-Control-Request-Method": "POST"}
        )
        allowed = http("POST", f"{cors.url}/recipes", {"ingredients": ["egg"]}, {"Origin": APP})
        other = http("GET", f"{cors.url}/recipes", headers={"Origin": "https://evil.example"})
    finally:
        cors.stop()

    assert preflight[0] == 204 and preflight[2] is None
    assert {name: preflight[1][name] for name in preflight[1] if name.lower().startswith("access-control-")} == {
        "Access-Control-Allow-Origin": APP,
        "Access-Control-Allow-Methods": "GET,POST,DELETE",
        "Access-Control-Allow-Headers": "authorization,content-type,idempotency-key,x-amz-date,"
        "x-amz-security-token,x-amz-content-sha256",
        "Access-Control-Max-Age": "600",
    }
    assert "Allow" not in preflight[1]  # API Gateway answered it: the function never saw it
    assert allowed[0] == 202
    assert (allowed[1]["Access-Control-Allow-Origin"], allowed[1]["Access-Control-Expose-Headers"]) == (
        APP,
        "location,retry-after",
    )
    assert other[0] == 200 and "Access-Control-Allow-Origin" not in other[1]


def test_a_port_in_use_or_out_of_range_is_a_usage_error_without_traceback() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        in_use = subprocess.run(
            [str(AICHEF), "serve", "--port", str(port)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    out_of_range = subprocess.run(
        [str(AICHEF), "serve", "--port", "70000"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )

    assert (in_use.returncode, in_use.stderr) == (
        2,
        f"aichef: cannot listen on 127.0.0.1:{port}: Address already in use\n",
    )
    assert out_of_range.returncode == 2
    assert "--port: must be between 0 and 65535" in out_of_range.stderr
    assert "Traceback" not in in_use.stderr + out_of_range.stderr


@pytest.mark.parametrize(
    ("parameter", "message"),
    [
        ("ThrottlingRateLimit=3", "parameter ThrottlingRateLimit has no effect in aichef serve"),
        ("CorsAllowOrigins=ftp://x", "parameter CorsAllowOrigins='ftp://x' does not match its AllowedPattern"),
        ("Colour=red", "the API template has no parameter 'Colour'"),
    ],
)
def test_an_api_parameter_serve_cannot_apply_is_a_usage_error(parameter: str, message: str) -> None:
    refused = subprocess.run(
        [str(AICHEF), "serve", "--port", "0", "--api-parameter", parameter],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert refused.returncode == 2
    assert refused.stderr.startswith(f"aichef: api/template.yaml: {message}")
