"""`aichef serve` stays flat: its resident memory after 1,000 requests is within 50 MB of what it was after 100 (moto
keeps every execution's history; serve lets go of it when an execution ends: moto_patches.finished_executions_released).
Before that it grew by about 0.33 MB per request (183 MB after 100 requests, 505 MB after 1,000)."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from .serve_process import Server, http, result, start

FIRST, TOTAL, CONCURRENCY, LIMIT_MB = 100, 1_000, 20, 50


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start(tmp_path_factory.mktemp("serve-memory") / "serve.log")
    yield running
    running.stop()


def resident_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        kib = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    return kib / 1024


def request_to_the_end(server: Server, index: int) -> str:
    """The execution's status; an outcome other than the expected one carries its error and cause, so a failure of
    this test says which execution went wrong and why."""
    body = {"ingredients": ["egg", "kimchi", f"item {index}"]} if index % 10 else {"ingredients": ["blorptangle"]}
    status, headers, answer = http("POST", f"{server.url}/recipes", body)
    assert status == 202, answer
    outcome = result(headers["Location"])
    expected = "SUCCEEDED" if index % 10 else "FAILED"
    if outcome["status"] != expected:
        return f"{outcome['status']} (request {index}: {outcome.get('error')}: {str(outcome.get('cause'))[:300]})"
    return str(outcome["status"])


@pytest.mark.slow
def test_memory_after_1000_requests_is_within_50_mb_of_after_100(server: Server) -> None:
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        first = list(pool.map(lambda index: request_to_the_end(server, index), range(FIRST)))
        after_first = resident_mb(server.process.pid)
        rest = list(pool.map(lambda index: request_to_the_end(server, index), range(FIRST, TOTAL)))
        after_all = resident_mb(server.process.pid)
    statuses = first + rest
    print(
        f"\nserve memory: {after_first:.1f} MB after {FIRST} requests, {after_all:.1f} MB after {TOTAL} "
        f"(+{after_all - after_first:.1f} MB)"
    )

    assert (statuses.count("SUCCEEDED"), statuses.count("FAILED")) == (900, 100), [
        status for status in statuses if status not in ("SUCCEEDED", "FAILED")
    ]
    assert after_all - after_first <= LIMIT_MB
