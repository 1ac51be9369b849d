"""End to end: `aichef serve` as a subprocess, driven over loopback by a real HTTP client (urllib): POST ->
Location -> GET until SUCCEEDED, the 400s and 404, ?wait, a bounded load run with nothing lost, and Ctrl-C."""

from __future__ import annotations

import json
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
AICHEF = Path(sys.executable).parent / "aichef"
LOAD_REQUESTS, LOAD_CONCURRENCY, LOAD_LIMIT_SECONDS = 200, 20, 90
LOG_LINE = re.compile(r"127\.0\.0\.1 [A-Z]+ \S+ \d{3} [0-9.]+ ms")


@dataclass
class Server:
    url: str
    process: subprocess.Popen[str]
    lines: list[str]
    reader: threading.Thread


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    logs = tmp_path_factory.mktemp("serve") / "serve.log"
    process = subprocess.Popen(
        [str(AICHEF), "serve", "--port", "0", "--logs", str(logs)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    lines: list[str] = []
    first = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            first.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if not first.wait(60) or "serving the AI Chef API on http://" not in lines[0]:
        process.kill()
        pytest.fail(f"aichef serve did not start: {lines} {process.stderr.read() if process.stderr else ''}")
    url = lines[0].split(" on ", 1)[1].split(" ", 1)[0]
    yield Server(url, process, lines, reader)
    if process.poll() is None:
        process.kill()
        process.wait(10)


def http(method: str, url: str, body: Any = None, headers: dict[str, str] | None = None) -> tuple[int, Any, Any]:
    """(status, headers, JSON body) of one request; HTTP errors are answers too."""
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.loads(error.read())


def result(server: Server, location: str) -> dict[str, Any]:
    for _ in range(10):
        status, _, body = http("GET", f"{server.url}{location}?wait=20")
        assert status == 200, body
        if body["status"] != "RUNNING":
            return body  # type: ignore[no-any-return]
    raise AssertionError(f"{location} still RUNNING")


def test_post_then_get_the_location_until_succeeded(server: Server) -> None:
    request = json.loads((ROOT / "events" / "workflow-request.json").read_text("utf-8"))

    status, headers, body = http("POST", f"{server.url}/recipes", request)
    answer = result(server, headers["Location"])

    assert (status, body["status"]) == (202, "RUNNING")
    assert headers["Location"] == f"/recipes/{body['request_id']}"
    assert answer["status"] == "SUCCEEDED"
    assert (answer["output"]["recipe"]["title"], answer["output"]["pricing"]["total"]) == ("Kimchi Fried Rice", 4660)


def test_bad_requests_are_400_and_unknown_ids_404(server: Server) -> None:
    assert http("POST", f"{server.url}/recipes", {"ingredients": ["egg"], "servings": 0})[::2] == (
        400,
        {"error": "InvalidRequest", "cause": "servings: Input should be greater than or equal to 1"},
    )
    assert http("POST", f"{server.url}/recipes", b"ingredients=egg")[::2] == (
        400,
        {"error": "InvalidRequest", "cause": "request body: not JSON (Expecting value at line 1 column 1)"},
    )
    assert http("GET", f"{server.url}/recipes/r-unknown")[::2] == (
        404,
        {"error": "NotFound", "cause": "no recipe request 'r-unknown'"},
    )
    assert http("GET", f"{server.url}/recipes/r-unknown?wait=30")[0] == 400


def test_wait_holds_the_answer_until_the_request_ends(server: Server) -> None:
    _, headers, _ = http("POST", f"{server.url}/recipes", {"ingredients": ["egg", "kimchi", "rice"]})

    status, _, body = http("GET", f"{server.url}{headers['Location']}?wait=20")

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
            answer = http("GET", f"{server.url}{headers['Location']}?wait=20")[2]
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


def test_a_port_in_use_or_out_of_range_is_a_usage_error_without_traceback() -> None:
    import socket

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
