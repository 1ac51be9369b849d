"""Reads `template.yaml` into what the local runner needs, so nothing about the stack is declared twice.

Resolves the intrinsic functions the template uses (Ref, Sub, GetAtt, Join, If/Equals/Not, FindInMap) with parameter
defaults and moto's pseudo parameters; fails loudly on anything it cannot resolve rather than guessing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's default account


class TemplateError(ValueError):
    """The template uses something the local runner cannot resolve."""


class _Tag:
    def __init__(self, name: str, value: Any) -> None:
        self.name, self.value = name, value


def _intrinsic(value: Any) -> Any:
    """A long-form intrinsic function (`{"Fn::Sub": ...}`, `{"Ref": ...}`) as the _Tag its short form (`!Sub`) is."""
    if isinstance(value, dict) and len(value) == 1:
        ((key, inner),) = value.items()
        if key == "Ref" or key.startswith("Fn::") or key == "Condition":
            return _Tag(key.removeprefix("Fn::"), inner)
    return value


try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class _Loader(_SafeLoader):
    """The safe loader with libyaml's parser where PyYAML has it: the same documents in a tenth of the time (the
    pure-Python parser took ~0.1 s of every `aichef` command on template.yaml; libyaml ~10 ms)."""


def _construct(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tag:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return _Tag(suffix, value)


_Loader.add_multi_constructor("!", _construct)


@dataclass(frozen=True)
class FunctionSpec:
    logical_id: str
    name: str
    handler: str
    code_dir: Path
    environment: dict[str, str]
    timeout: int
    memory: int
    runtime: str
    alias: str | None = None
    """The AutoPublishAlias name: in AWS each deploy publishes a version behind it and the state machine invokes it."""

    @property
    def arn(self) -> str:
        return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{self.name}"


@dataclass(frozen=True)
class TableSpec:
    logical_id: str
    name: str
    key: list[dict[str, str]]
    attributes: list[dict[str, str]]
    indexes: list[dict[str, Any]] = field(default_factory=list)
    """GlobalSecondaryIndexes as the template declares them."""

    def create_arguments(self) -> dict[str, Any]:
        """DynamoDB CreateTable's arguments for this table, on demand, its indexes included (the attributes they
        key on are declared, so a table with an index cannot be created without it)."""
        indexes = {"GlobalSecondaryIndexes": self.indexes} if self.indexes else {}
        return {
            "TableName": self.name,
            "KeySchema": self.key,
            "AttributeDefinitions": self.attributes,
            "BillingMode": "PAY_PER_REQUEST",
            **indexes,
        }


@dataclass(frozen=True)
class StateMachineSpec:
    logical_id: str
    name: str
    definition_file: Path
    substitutions: dict[str, str]
    type: str
    """STANDARD or EXPRESS (the WorkflowType parameter)."""
    logging_level: str = "OFF"

    def definition(self) -> str:
        """The definition exactly as CloudFormation would deploy it: the file with `${...}` substituted."""
        text = self.definition_file.read_text("utf-8")
        missing = sorted(set(re.findall(r"\$\{(\w+)\}", text)) - set(self.substitutions))
        if missing:
            raise TemplateError(f"{self.definition_file.name} uses undeclared substitutions: {', '.join(missing)}")
        definition = re.sub(r"\$\{(\w+)\}", lambda m: self.substitutions[m.group(1)], text)
        json.loads(definition)
        return definition


@dataclass
class Stack:
    """The parts of the SAM stack the local runner reproduces."""

    root: Path
    parameters: dict[str, str]
    functions: dict[str, FunctionSpec] = field(default_factory=dict)
    tables: dict[str, TableSpec] = field(default_factory=dict)
    state_machine: StateMachineSpec | None = None

    def function(self, key: str) -> FunctionSpec:
        """A function by logical id (RecipeFunction), name (ai-chef-recipe) or short name (recipe)."""
        for spec in self.functions.values():
            if key in (spec.logical_id, spec.name) or spec.name.endswith(f"-{key}"):
                return spec
        choices = ", ".join(sorted(self.functions))
        raise TemplateError(f"no function {key!r} in the template (choose from {choices})")


def load_stack(template: Path, overrides: dict[str, str] | None = None) -> Stack:
    """Parse `template` and resolve everything the local runner needs."""
    document = yaml.load(template.read_text("utf-8"), Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    resources: dict[str, Any] = document.get("Resources", {})
    declared: dict[str, Any] = document.get("Parameters", {})
    parameters = {name: str(spec.get("Default", "")) for name, spec in declared.items()}
    for name, value in (overrides or {}).items():
        if name not in parameters:
            raise TemplateError(f"the template has no parameter {name!r} (choose from {', '.join(sorted(declared))})")
        check_parameter(name, value, declared[name])
        parameters[name] = value
    function_globals = document.get("Globals", {}).get("Function", {})
    resolver = _Resolver(
        parameters, resources, document.get("Conditions", {}), document.get("Mappings", {}), function_globals
    )
    stack = Stack(root=template.parent, parameters=parameters)
    for logical_id, resource in resources.items():
        kind, props = resource.get("Type"), resource.get("Properties", {})
        if kind == "AWS::Serverless::Function":
            merged = {**function_globals, **props}
            environment = {
                **function_globals.get("Environment", {}).get("Variables", {}),
                **props.get("Environment", {}).get("Variables", {}),
            }
            stack.functions[logical_id] = FunctionSpec(
                logical_id=logical_id,
                name=resolver.physical_name(logical_id),
                handler=str(merged["Handler"]),
                code_dir=(template.parent / str(merged["CodeUri"])).resolve(),
                environment={key: str(resolver.resolve(value)) for key, value in environment.items()},
                timeout=int(resolver.resolve(merged.get("Timeout", 3))),
                memory=int(resolver.resolve(merged.get("MemorySize", 128))),
                runtime=str(merged.get("Runtime", "")),
                alias=resolver.alias_of(logical_id),
            )
        elif kind == "AWS::DynamoDB::Table":
            stack.tables[logical_id] = TableSpec(
                logical_id=logical_id,
                name=resolver.physical_name(logical_id),
                key=props["KeySchema"],
                attributes=props["AttributeDefinitions"],
                indexes=props.get("GlobalSecondaryIndexes", []),
            )
        elif kind == "AWS::Serverless::StateMachine":
            if stack.state_machine is not None:
                raise TemplateError("the local runner supports one state machine per template")
            stack.state_machine = StateMachineSpec(
                logical_id=logical_id,
                name=resolver.physical_name(logical_id),
                definition_file=(template.parent / str(props["DefinitionUri"])).resolve(),
                substitutions={
                    key: str(resolver.resolve(value)) for key, value in props.get("DefinitionSubstitutions", {}).items()
                },
                type=str(resolver.resolve(props.get("Type", "STANDARD"))),
                logging_level=str(resolver.resolve(props.get("Logging", {}).get("Level", "OFF"))),
            )
    if stack.state_machine is None:
        raise TemplateError("the template declares no AWS::Serverless::StateMachine")
    unused = sorted(set(overrides or {}) - resolver.used)
    if unused:
        name = unused[0]
        users = _users(resources, name)
        users += [  # what Globals set and the runner does not read (the functions' Architectures)
            f"Globals.{section}.{key}"
            for section, body in document.get("Globals", {}).items()
            for key, value in body.items()
            if _mentions(value, name)
        ]
        users += [f"condition {key}" for key, body in document.get("Conditions", {}).items() if _mentions(body, name)]
        raise TemplateError(
            f"parameter {name} has no effect in a local run: it is used only by {', '.join(users) or 'nothing'}, "
            "which the local runner does not build (it builds the functions, the tables and the state machine)"
        )
    return stack


def _users(resources: dict[str, Any], name: str) -> list[str]:
    """What refers to parameter `name`: a resource, or a property of one the runner builds
    (RecipeFunction.SnapStart)."""
    users = []
    for logical_id, resource in resources.items():
        if resource.get("Type") in _NAME_PROPERTY:
            properties = resource.get("Properties") or {}
            users += [f"{logical_id}.{prop}" for prop, value in properties.items() if _mentions(value, name)]
        elif _mentions(resource, name):
            users.append(logical_id)
    return users


API_LOCAL_PARAMETERS = ("CorsAllowOrigins", "PublicBaseUrl")
"""The API stack's parameters that take effect in `aichef serve`: the CORS API Gateway applies, and where a
Location points."""


@dataclass(frozen=True)
class ApiSettings:
    """What `aichef serve` reproduces of the API stack besides its function."""

    cors: dict[str, Any] | None
    """The HttpApi's CorsConfiguration as deployed with these parameters (None: no CORS)."""
    public_base_url: str


def load_api_settings(api_template: Path, overrides: dict[str, str] | None = None) -> ApiSettings:
    """The API template's settings with its parameter defaults and `overrides` (only API_LOCAL_PARAMETERS)."""
    document = yaml.load(api_template.read_text("utf-8"), Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    declared: dict[str, Any] = document.get("Parameters", {})
    parameters = {name: str(spec.get("Default", "")) for name, spec in declared.items()}
    for name, value in (overrides or {}).items():
        if name not in declared:
            raise TemplateError(
                f"the API template has no parameter {name!r} (choose from {', '.join(sorted(declared))})"
            )
        if name not in API_LOCAL_PARAMETERS:
            raise TemplateError(
                f"parameter {name} has no effect in aichef serve (it serves with: {', '.join(API_LOCAL_PARAMETERS)})"
            )
        check_parameter(name, value, declared[name])
        parameters[name] = value
    resources = document.get("Resources", {})
    resolver = _Resolver(parameters, resources, document.get("Conditions", {}))
    cors = resolver.resolve(resources["HttpApi"]["Properties"].get("CorsConfiguration"))
    return ApiSettings(cors=cors or None, public_base_url=parameters.get("PublicBaseUrl", ""))


def _mentions(value: Any, name: str) -> bool:
    """Whether a template fragment refers to parameter `name` (a Ref, or ${name} in a Sub)."""
    value = _intrinsic(value)
    if isinstance(value, _Tag):
        if value.name == "Ref" and value.value == name:
            return True
        if value.name == "Sub":
            text = value.value if isinstance(value.value, str) else value.value[0]
            if f"${{{name}}}" in str(text):
                return True
        return _mentions(value.value, name)
    if isinstance(value, dict):
        return any(_mentions(item, name) for item in value.values())
    if isinstance(value, list):
        return any(_mentions(item, name) for item in value)
    return False


def check_parameter(name: str, value: str, declaration: dict[str, Any]) -> None:
    """Refuse `value` as CloudFormation would: not one of `AllowedValues`, or not wholly matching `AllowedPattern`.

    https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
    """
    allowed = declaration.get("AllowedValues")
    if allowed is not None and value not in [str(item) for item in allowed]:
        choices = ", ".join(repr(str(item)) for item in allowed)
        raise TemplateError(f"parameter {name}={value!r} is not one of its AllowedValues: {choices}")
    pattern = declaration.get("AllowedPattern")
    if pattern is not None and re.fullmatch(str(pattern), value) is None:
        raise TemplateError(f"parameter {name}={value!r} does not match its AllowedPattern {pattern}")


_NAME_PROPERTY = {
    "AWS::Serverless::Function": "FunctionName",
    "AWS::DynamoDB::Table": "TableName",
    "AWS::Serverless::StateMachine": "Name",
    "AWS::Logs::LogGroup": "LogGroupName",
}
_ARN_FORMAT = {
    "AWS::Serverless::Function": "arn:aws:lambda:{region}:{account}:function:{name}",
    "AWS::DynamoDB::Table": "arn:aws:dynamodb:{region}:{account}:table/{name}",
    "AWS::Serverless::StateMachine": "arn:aws:states:{region}:{account}:stateMachine:{name}",
}


class _Resolver:
    def __init__(
        self,
        parameters: dict[str, str],
        resources: dict[str, Any],
        conditions: dict[str, Any],
        mappings: dict[str, Any] | None = None,
        function_globals: dict[str, Any] | None = None,
    ) -> None:
        self.parameters = parameters
        self.resources = resources
        self.conditions = conditions
        self.mappings = mappings or {}
        self.function_globals = function_globals or {}
        self.used: set[str] = set()
        """The parameters read while resolving what the local runner builds: those that take effect locally."""
        self.pseudo = {
            "AWS::Region": REGION,
            "AWS::AccountId": ACCOUNT,
            "AWS::Partition": "aws",
            "AWS::StackName": "ai-chef-local",
            "AWS::URLSuffix": "amazonaws.com",
        }

    def physical_name(self, logical_id: str) -> str:
        resource = self.resources[logical_id]
        prop = _NAME_PROPERTY.get(resource["Type"])
        value = resource.get("Properties", {}).get(prop) if prop else None
        return str(self.resolve(value)) if value is not None else logical_id

    def alias_of(self, logical_id: str) -> str | None:
        """A function's AutoPublishAlias (its own, else Globals'), or None."""
        properties = self.resources[logical_id].get("Properties", {})
        alias = properties.get("AutoPublishAlias", self.function_globals.get("AutoPublishAlias"))
        return None if alias is None else str(self.resolve(alias))

    def ref(self, name: str) -> str:
        logical_id, _, attribute = name.partition(".")
        if attribute == "Alias" and self.resources.get(logical_id, {}).get("Type") == "AWS::Serverless::Function":
            # SAM's referenceable property FunctionLogicalId.Alias: the alias ARN, function ARN + ":" + alias name
            alias = self.alias_of(logical_id)
            if alias is None:
                raise TemplateError(f"cannot resolve Ref {name!r}: {logical_id} has no AutoPublishAlias")
            return f"{self.get_att(logical_id, 'Arn')}:{alias}"
        if name in self.parameters:
            self.used.add(name)
            return self.parameters[name]
        if name in self.pseudo:
            return self.pseudo[name]
        if name in self.resources:
            if self.resources[name]["Type"] == "AWS::Serverless::StateMachine":
                return self.get_att(name, "Arn")
            return self.physical_name(name)
        raise TemplateError(f"cannot resolve Ref {name!r}")

    def get_att(self, logical_id: str, attribute: str) -> str:
        resource = self.resources.get(logical_id)
        if resource is None or attribute != "Arn" or resource["Type"] not in _ARN_FORMAT:
            raise TemplateError(f"cannot resolve GetAtt {logical_id}.{attribute}")
        return _ARN_FORMAT[resource["Type"]].format(region=REGION, account=ACCOUNT, name=self.physical_name(logical_id))

    def condition(self, name: str) -> bool:
        return bool(self.resolve(self.conditions[name]))

    def resolve(self, value: Any) -> Any:
        value = _intrinsic(value)
        if isinstance(value, list):
            return [self.resolve(item) for item in value]
        if isinstance(value, dict):
            return {key: self.resolve(item) for key, item in value.items()}
        if not isinstance(value, _Tag):
            return value
        name, inner = value.name, value.value
        if name == "Ref":
            return None if inner == "AWS::NoValue" else self.ref(inner)
        if name == "GetAtt":
            logical_id, attribute = inner.split(".", 1) if isinstance(inner, str) else inner
            return self.get_att(logical_id, attribute)
        if name == "Sub":
            text, variables = (inner, {}) if isinstance(inner, str) else (inner[0], inner[1])
            resolved = {key: str(self.resolve(item)) for key, item in variables.items()}

            def substitute(match: re.Match[str]) -> str:
                token = match.group(1)
                if token in resolved:
                    return resolved[token]
                if "." in token:
                    return self.get_att(*token.split(".", 1))
                return self.ref(token)

            return re.sub(r"\$\{([\w:.]+)\}", substitute, text)
        if name == "Join":
            separator, items = inner
            return separator.join(str(item) for item in self.resolve(items))
        if name == "If":
            condition, when_true, when_false = inner
            return self.resolve(when_true if self.condition(condition) else when_false)
        if name == "Equals":
            left, right = self.resolve(inner)
            return str(left) == str(right)
        if name == "Not":
            return not self.resolve(inner[0])
        if name == "Condition":
            return self.condition(inner)
        if name == "FindInMap":
            keys = [str(self.resolve(key)) for key in inner]
            try:
                return self.mappings[keys[0]][keys[1]][keys[2]]
            except (KeyError, IndexError):
                raise TemplateError(f"!FindInMap {keys}: no such entry in Mappings") from None
        if name == "Split":
            separator, text = inner
            return str(self.resolve(text)).split(separator)
        raise TemplateError(f"the local runner cannot resolve !{name}")
