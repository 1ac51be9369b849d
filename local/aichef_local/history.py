"""An execution's history read as a timeline and as Step Functions bills it: each state entered is one transition
and each task attempt after a state's first (a `Retry`) is one more (the Step Functions pricing page); the readable
view, `aichef run --json` and `aichef cost` all count from here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TASK_SCHEDULED = ("TaskScheduled", "LambdaFunctionScheduled")


@dataclass(frozen=True)
class StateTiming:
    name: str
    duration_ms: float
    started_ms: float
    """Milliseconds after the execution started."""
    attempts: int = 1
    """How many times the state's task was scheduled (more than 1: its Retry ran)."""


@dataclass(frozen=True)
class Timeline:
    """Per-state timings in the order entered, and the execution's billable counts."""

    states: list[StateTiming] = field(default_factory=list)
    entered: int = 0
    """States entered (Parallel branches' states included)."""
    attempts: int = 0
    """Task attempts, retries included."""
    retries: int = 0
    """Task attempts after the first within one state entry."""

    @property
    def transitions(self) -> int:
        """State transitions as Standard bills them: every state entered plus every retry."""
        return self.entered + self.retries


def read_timeline(events: list[dict[str, Any]]) -> Timeline:
    """The timeline of get_execution_history's events: an event belongs to the state entry its `previousEventId`
    chain leads back to; a state's duration runs from entered to exited (or to the last event, when it failed)."""
    if not events:
        return Timeline()
    start = events[0]["timestamp"]
    owner: dict[int, int] = {}  # event id -> id of the StateEntered event it belongs to
    entries: dict[int, tuple[str, Any]] = {}  # StateEntered id -> (name, timestamp)
    attempts: dict[int, int] = {}
    exits: dict[int, Any] = {}
    open_by_name: dict[str, list[int]] = {}
    for event in events:
        kind, event_id = event["type"], event.get("id", 0)
        entry = owner.get(event.get("previousEventId", 0))
        if kind.endswith("StateEntered"):
            name = event["stateEnteredEventDetails"]["name"]
            entries[event_id] = (name, event["timestamp"])
            open_by_name.setdefault(name, []).append(event_id)
            owner[event_id] = event_id
        elif kind.endswith("StateExited"):
            waiting = open_by_name.get((event.get("stateExitedEventDetails") or {}).get("name", ""))
            if waiting:
                exits[waiting.pop(0)] = event["timestamp"]
        elif entry is not None:
            owner[event_id] = entry
            if kind in TASK_SCHEDULED:
                attempts[entry] = attempts.get(entry, 0) + 1
    end = events[-1]["timestamp"]
    states = [
        StateTiming(
            name=name,
            duration_ms=(exits.get(entry_id, end) - entered).total_seconds() * 1000,
            started_ms=(entered - start).total_seconds() * 1000,
            attempts=max(1, attempts.get(entry_id, 1)),
        )
        for entry_id, (name, entered) in sorted(entries.items(), key=lambda pair: (pair[1][1], pair[0]))
    ]
    retries = sum(count - 1 for count in attempts.values())
    return Timeline(states, len(entries), sum(attempts.values()), retries)
