"""Recorded Converse responses: record real calls (`make record`), replay them through the real engine, and judge the
recipe with rubric checks. A recording stores the hash of the prompt it answered, so a changed prompt fails the
replay until it is recorded again. Synthetic recordings (written here, not by a model) say so in `synthetic`."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aichef.contracts import Recipe, WorkflowRequest
from aichef.diet_words import certified_diets
from aichef.ingredients import IngredientBook
from aichef.labels import label

# Quantities per serving a cook would still call plausible, by unit (a rubric, not a contract).
MAX_PER_SERVING = {"g": 600, "kg": 0.6, "ml": 750, "l": 0.75, "tbsp": 6, "tsp": 6, "cup": 2, "ea": 6}


def prompt_hash(call: dict[str, Any]) -> str:
    """sha256 of what the model saw first: system, the first user turn, the tool and the inference settings."""
    seen = {
        "system": call.get("system"),
        "first": call["messages"][0],
        "toolConfig": call.get("toolConfig"),
        "inferenceConfig": call.get("inferenceConfig"),
    }
    return hashlib.sha256(json.dumps(seen, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass
class RecordingClient:
    """Wraps a `bedrock-runtime` client: passes each Converse call on and keeps the request and the response."""

    client: Any
    calls: list[dict[str, Any]] = field(default_factory=list)

    @property
    def meta(self) -> Any:
        return self.client.meta

    def converse(self, **kwargs: Any) -> dict[str, Any]:
        response: dict[str, Any] = self.client.converse(**kwargs)
        kept = {key: value for key, value in response.items() if key != "ResponseMetadata"}
        self.calls.append({"request": kwargs, "response": kept})
        return response


@dataclass
class ReplayClient:
    """Answers Converse calls with a recording's responses, in order, and keeps what the engine sent."""

    responses: list[dict[str, Any]]
    sent: list[dict[str, Any]] = field(default_factory=list)

    def converse(self, **kwargs: Any) -> dict[str, Any]:
        self.sent.append(json.loads(json.dumps(kwargs)))
        if len(self.sent) > len(self.responses):
            raise AssertionError(f"the engine made call {len(self.sent)}; the recording has {len(self.responses)}")
        return self.responses[len(self.sent) - 1]


def load(path: Path) -> dict[str, Any]:
    """One recording file, refused by name when it lacks a field the replay needs."""
    recording: dict[str, Any] = json.loads(path.read_text("utf-8"))
    missing = [
        key
        for key in ("synthetic", "model_id", "strict", "request", "prompt_sha256", "calls", "expect")
        if key not in recording
    ]
    if missing:
        raise ValueError(f"{path.name}: missing {', '.join(missing)}")
    return recording


def rubric_problems(recipe: Recipe, request: WorkflowRequest, book: IngredientBook) -> list[str]:
    """What a served recipe gets wrong as food: diet safety, on-hand use, units and quantities per serving, and
    steps that name what is on hand."""
    problems = []
    names = [line.name for line in recipe.ingredients]
    if recipe.diet != certified_diets(names, book):
        problems.append(f"diet label {recipe.diet} is not what the book certifies")
    problems += [f"requested diet {diet} not certified" for diet in request.diet if diet not in recipe.diet]
    if not recipe.matched:
        problems.append("uses nothing on hand")
    for line in recipe.ingredients:
        if line.quantity / recipe.servings > MAX_PER_SERVING[line.unit]:
            problems.append(f"{line.name}: {line.quantity:g} {line.unit} for {recipe.servings} is implausible")
    method = " ".join(recipe.steps).lower()
    for name in recipe.matched:
        said = [name.split()[-1]]
        if recipe.language == "ko":  # a Korean method names the food in Korean: 삼겹살, 밥 (or 김치 in 김치볶음밥)
            said += [word for word in label(name, "ko", book).split() if word]
        if not any(word in method for word in said):
            problems.append(f"the steps never mention {name}")
    return problems
