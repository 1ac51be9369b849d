"""Helpers of the infrastructure tests: where the repository is, and a YAML loader for CloudFormation templates.

The loader is a SafeLoader that understands CloudFormation's short-form tags and turns each into the long form
CloudFormation itself uses (`!Ref X` -> {"Ref": "X"}, `!GetAtt A.B` -> {"Fn::GetAtt": ["A", "B"]}), so a test
compares with plain dicts whichever form the template happens to use.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = REPO / "template.yaml"
SAMCONFIG = REPO / "samconfig.toml"


class CfnLoader(yaml.SafeLoader):
    """yaml.SafeLoader plus CloudFormation's short-form intrinsic functions."""


def _construct_tag(loader: CfnLoader, tag_suffix: str, node: yaml.Node) -> dict[str, Any]:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    if tag_suffix == "Ref":
        return {"Ref": value}
    if tag_suffix == "Condition":
        return {"Condition": value}
    if tag_suffix == "GetAtt" and isinstance(value, str):
        resource, _, attribute = value.partition(".")
        value = [resource, attribute]
    return {f"Fn::{tag_suffix}": value}


CfnLoader.add_multi_constructor("!", _construct_tag)


def load_cfn_yaml(path: Path) -> dict[str, Any]:
    return yaml.load(path.read_text("utf-8"), Loader=CfnLoader)  # noqa: S506 - a SafeLoader subclass


def load_script(name: str) -> ModuleType:
    """Import scripts/<name>.py (the delivery scripts are files run by the workflows, not an installed package)."""
    path = REPO / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"scripts_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module
