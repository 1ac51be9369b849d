"""Load: many requests at concurrency 16 complete with nothing lost (the 500-request figure is in the issue note)."""

from __future__ import annotations

import pytest

from aichef_local.cli import summary

LOAD_REQUESTS = 96


@pytest.mark.slow
def test_a_burst_at_concurrency_16_loses_nothing(workflow, korean_request, standard_only):
    requests = [
        korean_request if index % 8 else {"ingredients": ["eggs"], "servings": 0} for index in range(LOAD_REQUESTS)
    ]

    results = workflow.run(requests, concurrency=16)

    assert [result.request for result in results] == requests
    assert len({result.request_id for result in results}) == LOAD_REQUESTS
    assert [result.status for result in results] == [
        "SUCCEEDED" if index % 8 else "FAILED" for index in range(LOAD_REQUESTS)
    ]
    assert all(result.record is not None and result.record["status"] == result.status for result in results)
    line = summary(requests, results, elapsed=1.0)
    assert line.startswith(
        f"{LOAD_REQUESTS} requests: {LOAD_REQUESTS * 7 // 8} succeeded, {LOAD_REQUESTS // 8} failed, "
        "0 without a matching record;"
    )
