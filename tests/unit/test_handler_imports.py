"""Handlers import only what they use: Combine is pure, and only a price function configured for the table
creates a boto3 client (cold start and least surprise)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def modules_after_import(function: str, env: dict[str, str]) -> set[str]:
    code = "import json, sys, app; print(json.dumps(sorted(sys.modules)))"
    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT / "functions" / function,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "AWS_DEFAULT_REGION": "us-east-1", "POWERTOOLS_SERVICE_NAME": function, **env},
    )
    return set(json.loads(completed.stdout))


@pytest.mark.parametrize(
    ("function", "env"),
    [("combine", {}), ("recipe", {"RECIPE_ENGINE": "catalog"}), ("price", {"PRICE_SOURCES": "catalog"})],
)
def test_offline_handlers_import_no_boto3(function, env):
    loaded = modules_after_import(function, env)
    assert "app" in loaded and "aichef.contracts" in loaded
    assert "boto3" not in loaded
    assert "moto" not in loaded


def test_the_price_function_creates_its_client_only_for_the_table_and_from_botocore_alone():
    loaded = modules_after_import(
        "price",
        {
            "PRICE_SOURCES": "dynamodb,catalog",
            "PRICES_TABLE": "ai-chef-prices",
            "AWS_ACCESS_KEY_ID": "x",
            "AWS_SECRET_ACCESS_KEY": "x",
        },
    )
    assert "botocore.client" in loaded
    # boto3 adds its resource and S3 transfer layers to the cold start and nothing the function uses
    assert "boto3" not in loaded and "s3transfer" not in loaded


def test_combine_does_not_load_the_recipe_or_price_modules():
    loaded = modules_after_import("combine", {})
    assert "aichef.combine" in loaded
    assert not {"aichef.recipes", "aichef.pricing"} & loaded


def test_combine_imports_no_aws_sdk_at_all():
    # the state machine writes the records; Combine is a pure join and pays for no SDK on a cold start
    loaded = modules_after_import("combine", {})
    # Powertools probes for the bare `botocore` package (its __init__, under 1 ms); no client machinery may follow
    sdk = {name for name in loaded if name.split(".")[0] in {"boto3", "botocore", "s3transfer", "urllib3"}}
    assert sdk <= {"botocore"}, sorted(sdk)
