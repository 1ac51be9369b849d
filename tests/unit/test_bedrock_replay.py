"""Recorded Converse responses replayed through the real engine (tests/fixtures/recordings; `make record` adds real
ones, `aichef record --synthetic` rewrites the synthetic ones): the prompt must still be the one they
answered, the outcome must be the recorded one, every turn must be one Bedrock accepts, and a served recipe must pass
the rubric (diet safety, on-hand use, units and quantities per serving, steps that name what is on hand)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from aichef.bedrock import BedrockRecipeEngine
from aichef.contracts import parse_request
from aichef.errors import AiChefError
from aichef.ingredients import bundled_book
from aichef_local.fake_bedrock import conversation_errors
from aichef_local.recordings import ReplayClient, load, prompt_hash, rubric_problems

ROOT = Path(__file__).resolve().parents[2]
RECORDINGS = sorted((ROOT / "tests" / "fixtures" / "recordings").glob("*.json"))


def test_the_synthetic_recordings_are_labelled_and_cover_every_rule() -> None:
    synthetic = [load(path) for path in RECORDINGS if load(path)["synthetic"]]

    assert all(item["label"].startswith("SYNTHETIC") and item["name"].startswith("synthetic-") for item in synthetic)
    assert sorted(item["name"] for item in synthetic) == [
        "synthetic-cut-off-twice",
        "synthetic-english-steps-then-korean",
        "synthetic-good-kimchi-fried-rice",
        "synthetic-korean-answer",
        "synthetic-malformed-tool-use-then-good",
        "synthetic-nothing-on-hand-then-salmon",
        "synthetic-two-tool-uses-then-good",
        "synthetic-unsafe-vegan-twice",
    ]


def test_aichef_record_synthetic_writes_the_committed_recordings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dev tool moved from scripts/ under the runner still writes exactly what is committed (tool-use ids are
    random per answer, so they are compared by shape)."""
    from aichef_local.cli import main

    monkeypatch.chdir(ROOT)

    assert main(["record", "--synthetic", "--out", str(tmp_path)]) == 0

    def masked(path: Path) -> str:
        return re.sub(r'"tooluse_[0-9a-f]+"', '"tooluse_?"', path.read_text("utf-8"))

    committed = [path for path in RECORDINGS if path.name.startswith("synthetic-")]
    assert sorted(path.name for path in tmp_path.iterdir()) == [path.name for path in committed]
    assert all(masked(tmp_path / path.name) == masked(path) for path in committed)


@pytest.mark.parametrize("path", RECORDINGS, ids=[path.stem for path in RECORDINGS])
def test_a_recording_replays_to_its_outcome_with_the_same_prompt(path: Path) -> None:
    recording = load(path)
    request = parse_request(recording["request"])
    client = ReplayClient(recording["calls"])
    engine = BedrockRecipeEngine(client, recording["model_id"], bundled_book(), strict=recording["strict"])

    outcome: dict[str, Any]
    try:
        recipe = engine.generate(request)
    except AiChefError as error:
        outcome, recipe = {"outcome": "failed", "error": type(error).__name__, "cause": error.message}, None
    else:
        outcome = {"outcome": "recipe", "title": recipe.title}

    assert prompt_hash(client.sent[0]) == recording["prompt_sha256"], (
        f"{path.name}: the prompt changed since it was recorded; run `make record` (or aichef record --synthetic)"
    )
    assert outcome == recording["expect"]
    assert len(client.sent) == len(recording["calls"])
    assert [conversation_errors(call) for call in client.sent] == [[] for _ in client.sent]
    if recipe is not None:
        assert rubric_problems(recipe, request, bundled_book()) == []


def test_the_replayed_failures_name_the_rule_they_broke() -> None:
    causes = {load(path)["name"]: load(path)["expect"].get("cause", "") for path in RECORDINGS}

    assert (
        "diet vegan rules out cheese (dairy), egg yolk (egg), lard (meat), pork (meat)"
        in causes["synthetic-unsafe-vegan-twice"]
    )
    assert causes["synthetic-cut-off-twice"].endswith("cut off at maxTokens=1500")


def test_the_rubric_catches_a_recipe_that_ignores_the_food_on_hand() -> None:
    from aichef.contracts import Recipe

    request = parse_request({"ingredients": ["salmon"], "servings": 2})
    recipe = Recipe(
        title="Rice",
        cuisine="korean",
        servings=2,
        total_minutes=30,
        diet=["vegan"],
        ingredients=[{"name": "rice", "quantity": 2000, "unit": "g"}],
        steps=["Cook."],
    )

    assert rubric_problems(recipe, request, bundled_book()) == [
        "diet label ['vegan'] is not what the book certifies",
        "uses nothing on hand",
        "rice: 2000 g for 2 is implausible",
    ]
