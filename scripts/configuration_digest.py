"""The parameter values a deploy uses, and their digest for the template's ConfigurationDigest parameter.

Each function is published behind an alias (AutoPublishAlias). SAM decides whether to publish a new version from a
hash of the function's properties with parameter references left unresolved, so a change of a parameter's value
alone (BedrockModelId, StrictToolUse, RecipeSnapStart, ...) would leave the alias on the old version
(https://github.com/aws/serverless-application-model/issues/3820). AutoPublishCodeSha256 is resolved, so the
template sets it to ConfigurationDigest and the deploy script passes a digest of every effective parameter value.
"""

from __future__ import annotations

import hashlib
import json
import re
import shlex
from pathlib import Path
from typing import Any

DIGEST_PARAMETER = "ConfigurationDigest"


def parse_overrides(text: str) -> dict[str, str]:
    """samconfig's / sam's `Key=Value Key2="Value 2"` form as a dict (later keys win)."""
    overrides = {}
    for token in shlex.split(text):
        key, separator, value = token.partition("=")
        if not separator or not re.fullmatch(r"[A-Za-z0-9]+", key):
            raise ValueError(f"parameter override {token!r} is not NAME=VALUE")
        overrides[key] = value
    return overrides


def template_defaults(template: Path) -> dict[str, str]:
    """{parameter: its Default as a string} of a CloudFormation template (its tags read as plain values)."""
    import yaml

    class Loader(yaml.SafeLoader):
        """SafeLoader that reads CloudFormation's short-form tags as plain values."""

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    declared: dict[str, Any] = (yaml.load(template.read_text("utf-8"), Loader=Loader) or {}).get("Parameters", {})  # noqa: S506
    return {name: str(spec.get("Default", "")) for name, spec in declared.items()}


def with_digest(template: Path, overrides: dict[str, str]) -> dict[str, str]:
    """The overrides plus ConfigurationDigest: sha256 of every effective value (defaults, then overrides), when the
    template declares it; unchanged otherwise (the API template)."""
    defaults = template_defaults(template)
    if DIGEST_PARAMETER not in defaults:
        return overrides
    effective = {**defaults, **overrides}
    effective.pop(DIGEST_PARAMETER)
    digest = hashlib.sha256(json.dumps(effective, sort_keys=True).encode("utf-8")).hexdigest()[:16]
    return {**overrides, DIGEST_PARAMETER: digest}


def as_argument(overrides: dict[str, str]) -> str:
    """The value of `sam deploy --parameter-overrides`, every value quoted."""
    return " ".join(f"{key}={json.dumps(value)}" for key, value in overrides.items())
