"""The readable view's figures: a timeline that fits the terminal, attempts of retried states, plurals, and recipe
quantities in the price table's units."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from aichef_local.history import StateTiming, read_timeline
from aichef_local.render import recipe_quantity, render
from aichef_local.runner import ExecutionResult

T0 = datetime(2026, 12, 1, tzinfo=UTC)


def _event(event_id: int, previous: int, kind: str, ms: int, name: str | None = None) -> dict[str, Any]:
    event: dict[str, Any] = {"id": event_id, "previousEventId": previous, "type": kind}
    event["timestamp"] = T0 + timedelta(milliseconds=ms)
    if name and kind.endswith("StateEntered"):
        event["stateEnteredEventDetails"] = {"name": name}
    if name and kind.endswith("StateExited"):
        event["stateExitedEventDetails"] = {"name": name}
    return event


def test_a_retried_state_counts_its_attempts_and_the_parallel_sibling_does_not_borrow_them() -> None:
    events = [
        _event(1, 0, "ExecutionStarted", 0),
        _event(2, 1, "TaskStateEntered", 0, "GetPricing"),
        _event(3, 1, "TaskStateEntered", 0, "GenerateRecipe"),
        _event(4, 2, "TaskScheduled", 1),
        _event(5, 3, "TaskScheduled", 1),
        _event(6, 4, "TaskFailed", 100),
        _event(7, 6, "TaskScheduled", 300),
        _event(8, 7, "TaskFailed", 400),
        _event(9, 5, "TaskSucceeded", 450),
        _event(10, 9, "TaskStateExited", 450, "GenerateRecipe"),
        _event(11, 8, "TaskScheduled", 800),
        _event(12, 11, "TaskSucceeded", 900),
        _event(13, 12, "TaskStateExited", 900, "GetPricing"),
    ]

    timeline = read_timeline(events)

    assert (timeline.entered, timeline.attempts, timeline.retries, timeline.transitions) == (2, 4, 2, 4)
    assert [(s.name, s.duration_ms, s.started_ms, s.attempts) for s in timeline.states] == [
        ("GetPricing", 900.0, 0.0, 3),
        ("GenerateRecipe", 450.0, 0.0, 1),
    ]


def _failed(states: list[StateTiming], transitions: int, attempts: int = 0, retries: int = 0) -> ExecutionResult:
    return ExecutionResult(
        request_id="r",
        request={},
        status="FAILED",
        error="E",
        cause="c",
        states=states,
        transitions=transitions,
        attempts=attempts,
        retries=retries,
    )


def test_the_timeline_fits_80_columns_when_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)  # pytest's stdout is not a terminal: 80
    long = _failed([StateTiming("GetPricing", 10_000.0, 0.0, 3), StateTiming("Save", 5_000.0, 10_000.0)], 2)

    lines = render(long).splitlines()[-2:]

    assert [len(line) for line in lines] == [80, len(lines[1])]
    assert max(len(line) for line in lines) == 80
    assert lines[0] == "  GetPricing       +0 ms  10,000 ms  3 attempts  " + "█" * 31
    assert lines[1] == "  Save        +10,000 ms   5,000 ms  " + "█" * 16


def test_the_timeline_follows_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    long = _failed([StateTiming("Save", 10_000.0, 0.0)], 1)

    (line,) = render(long).splitlines()[-1:]

    assert len(line) == 60


def test_short_states_keep_one_block_per_20_ms(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")

    (line,) = render(_failed([StateTiming("Save", 100.0, 0.0)], 1)).splitlines()[-1:]

    assert line.endswith("100 ms  █████")


def test_one_transition_is_singular(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")

    assert "Timeline (1 state transition, 1 task attempt, 0 ms wall)" in render(
        _failed([StateTiming("Save", 1.0, 0.0)], 1, attempts=1)
    )
    assert "Timeline (2 state transitions, 0 task attempts," in render(_failed([], 2))


def test_the_timeline_counts_retries_as_billed_transitions(monkeypatch: pytest.MonkeyPatch) -> None:
    """6 states entered and 3 retries are the 9 transitions `aichef cost` bills, not 6."""
    monkeypatch.setenv("COLUMNS", "80")

    shown = render(_failed([StateTiming("GetPricing", 1.0, 0.0, 4)], 9, attempts=6, retries=3))

    assert "Timeline (9 state transitions: 6 entered + 3 retries, 6 task attempts, 0 ms wall)" in shown
    assert "Timeline (7 state transitions: 6 entered + 1 retry, 4 task attempts," in render(
        _failed([], 7, attempts=4, retries=1)
    )


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (12, "l", "12 l (12,000 ml)"),
        (0.5, "kg", "500 g"),
        (1.5, "kg", "1.5 kg (1,500 g)"),
        (2, "tbsp", "2 tbsp (30 ml)"),
        (300, "g", "300 g"),
    ],
)
def test_recipe_quantities_show_the_price_tables_unit(value: float, unit: str, shown: str) -> None:
    assert recipe_quantity(value, unit) == shown
