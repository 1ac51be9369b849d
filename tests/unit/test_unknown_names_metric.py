"""The recipe function counts the ingredient names the book does not know (metric UnknownIngredientNames), so the
book can grow; no diet is certified for such a recipe."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CODE = """
import json, app
from aichef.contracts import Recipe
lines = [{"name": "tofu", "quantity": 300, "unit": "g"}, {"name": "kimchi juice", "quantity": 2, "unit": "tbsp"},
         {"name": "ssam sauce x", "quantity": 1, "unit": "tbsp"}]
recipe = Recipe(title="t", cuisine="korean", servings=2, total_minutes=10, diet=[], ingredients=lines, steps=["s"])
app.count_unknown_names(recipe)
print(json.dumps(app.metrics.metric_set["UnknownIngredientNames"]["Value"]))
"""


def test_unknown_names_in_a_served_recipe_are_counted() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", CODE],
        cwd=ROOT / "functions" / "recipe",
        capture_output=True,
        text=True,
        check=True,
        env={
            "PATH": "/usr/bin:/bin",
            "AWS_DEFAULT_REGION": "us-east-1",
            "POWERTOOLS_SERVICE_NAME": "recipe",
            "POWERTOOLS_METRICS_NAMESPACE": "AiChef",
            "RECIPE_ENGINE": "catalog",
        },
    )

    assert json.loads(completed.stdout.splitlines()[-1]) == [2.0]
    assert '"names":["kimchi juice","ssam sauce x"]' in completed.stdout.replace(", ", ",")
