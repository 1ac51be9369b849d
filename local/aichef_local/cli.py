"""`aichef`: run the workflow locally, serve its HTTP API, invoke one handler, list the catalog's cuisines, show what
the ingredient book reads in ingredient lines, load prices into the prices table, record Bedrock answers for tests."""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any, NoReturn

from aichef_local.parse_command import add_parse_command
from aichef_local.price_table import add_prices_command
from aichef_local.record import add_record_command
from aichef_local.requests_input import MAX_INPUT_BYTES, UsageError, read_json, read_requests, source_name
from aichef_local.run_command import handler_logs, logs_file, summary
from aichef_local.sdk_extras import botocore_without_optional_extras

__all__ = ["MAX_INPUT_BYTES", "entry", "main", "read_requests", "summary"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 141
"""128 + SIGPIPE: what a shell reports for a command whose reader closed the pipe."""


def entry() -> NoReturn:
    """The `aichef` command: main() with start-up and exit tuned for a short-lived process.

    Set-up creates ~190k long-lived objects (botocore models, moto, the parsed workflow), and the default collector
    thresholds re-walk them many times while they are built: gen 0 collects every 100,000 allocations instead of
    2,000 (still collected, so a long batch or `serve` does not grow without bound). At exit the interpreter's
    teardown (freeing every module and object one by one) took ~0.5 s of a ~2 s run; every file is closed by then,
    so streams are flushed, logging is shut down and the process exits at once. botocore loads as in Lambda, without
    the optional extras SAM CLI installs (aichef_local.sdk_extras).
    """
    gc.set_threshold(100_000, 50, 100)
    botocore_without_optional_extras()
    code = main()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing more can reach it
            stream.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.command(args))
    except UsageError as error:
        print(f"aichef: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`aichef run ... | head -1`): nothing more can reach it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush cannot fail again
        return EXIT_BROKEN_PIPE
    except Exception as error:  # never show a traceback to a user
        print(f"aichef: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_FAILED


class _CommandParser(argparse.ArgumentParser):
    """A sub-command's parser: an argument it does not know is an error with its own usage (argparse hands such
    arguments up to the top-level parser, which would print `aichef`'s usage instead of `aichef run`'s)."""

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed, extras


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aichef", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND", parser_class=_CommandParser)

    run = commands.add_parser("run", help="execute the real state machine locally (moto + in-process handlers)")
    source = run.add_mutually_exclusive_group()
    source.add_argument(
        "--input", type=Path, help="a JSON request, or JSON Lines with one request per line; - reads stdin"
    )
    source.add_argument("--ingredients", help='comma-separated ingredients, e.g. "eggs, 2 cups rice, kimchi"')
    run.add_argument("--servings", type=int, help="with --ingredients: servings (1-12)")
    run.add_argument("--cuisine", help="with --ingredients: cuisine, e.g. korean")
    run.add_argument("--diet", help="with --ingredients: comma-separated diets, e.g. vegan,nut-free")
    run.add_argument("--max-minutes", type=int, help="with --ingredients: the most minutes the recipe may take")
    run.add_argument("--currency", help="with --ingredients: KRW or USD (any case)")
    run.add_argument("--course", help="with --ingredients: main (default), side, soup, breakfast, dessert or snack")
    run.add_argument(
        "--pantry",
        help="with --ingredients: comma-separated staples at home"
        ' (default salt, pepper, water, cooking oil, sugar; "" = none)',
    )
    run.add_argument("--language", help="with --ingredients: ko or en (default: the script the ingredients are in)")
    run.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object per request, in input order. Its `transitions` (and the timeline's) count what "
        "Standard bills and `aichef cost` prices: every state entered plus every retry; `attempts` counts task "
        "attempts, retries included, and `retries` the attempts after a state's first",
    )
    run.add_argument(
        "--prices",
        type=Path,
        metavar="CSV",
        help="your price list (the format of `aichef prices load`), loaded into the local prices table, which the "
        "price function asks before the bundled list",
    )
    run.add_argument("--concurrency", type=_positive_int, default=1, help="executions at a time (default 1)")
    _engine_option(run)
    run.add_argument(
        "--time-scale",
        type=_scale,
        default=1.0,
        help="multiply the workflow's retry waits (e.g. 0.01 in tests); the definition is unchanged",
    )
    run.add_argument(
        "--inject-faults",
        metavar="NAME=P[,NAME=P]",
        help="fail recipe / price / combine invocations with Lambda.ServiceException with probability P "
        "before the handler runs (1 = permanent outage), e.g. recipe=0.3,price=0.3,combine=0.3",
    )
    run.add_argument("--seed", type=int, default=0, help="seed of --inject-faults: same seed, same faults (default 0)")
    _template_options(run)
    _logs_option(run, ".aichef/run.log")
    run.set_defaults(command=_run)

    invoke = commands.add_parser("invoke", help="run one handler in-process with an event (like sam local invoke)")
    invoke.add_argument("function", help="RecipeFunction | PriceFunction | CombineFunction (or ai-chef-recipe, recipe)")
    invoke.add_argument("--event", "-e", type=Path, required=True, help="event JSON file; - reads stdin")
    invoke.add_argument("--env-vars", "-n", type=Path, help="environment overrides, the file sam local invoke takes")
    _template_options(invoke)
    invoke.set_defaults(command=_invoke)

    serve = commands.add_parser(
        "serve",
        help="serve the HTTP API locally: the API handler in-process over the local "
        "workflow (moto + in-process handlers), no AWS account, no Docker",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8080, help="port to listen on, 0 = any free one (default 8080)")
    _engine_option(serve)
    serve.add_argument(
        "--api-template",
        type=Path,
        default=Path("api/template.yaml"),
        help="the API stack's SAM template (default api/template.yaml)",
    )
    serve.add_argument(
        "--api-parameter",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a parameter of the API template that serve applies: CorsAllowOrigins, PublicBaseUrl",
    )
    _template_options(serve)
    _logs_option(serve, ".aichef/serve.log")
    serve.set_defaults(command=_serve)

    cost = commands.add_parser("cost", help="cost per 1,000 executions, Standard vs Express, from local executions")
    cost.add_argument(
        "--input",
        type=Path,
        default=Path("events/workflow-request.json"),
        help="the request(s) to price: JSON or JSON Lines (default events/workflow-request.json)",
    )
    cost.add_argument("--repeat", type=_positive_int, default=3, help="run each request N times (default 3)")
    cost.add_argument(
        "--model-latency-ms",
        type=float,
        default=None,
        help="how long one Bedrock call takes, for the bedrock column (default 4000)",
    )
    cost.add_argument("--time-scale", type=_scale, default=1.0, help="multiply retry waits (Express bills them)")
    cost.add_argument("--json", action="store_true", help="print the figures as JSON")
    _template_options(cost)
    cost.set_defaults(command=_cost, ingredients=None)

    cuisines = commands.add_parser("cuisines", help="list the cuisines the catalog engine knows, with recipe counts")
    cuisines.add_argument("--json", action="store_true", help="print them as a JSON object of name to count")
    cuisines.set_defaults(command=_cuisines)

    add_parse_command(commands)

    add_prices_command(commands)
    add_record_command(commands)
    return parser


def _engine_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--engine",
        choices=["catalog", "bedrock"],
        default=None,
        help="recipe engine for this run (default: --parameter RecipeEngine, else catalog, offline); bedrock calls "
        "Amazon Bedrock with "
        "this machine's AWS credentials and AWS_REGION, everything else stays local",
    )


def _logs_option(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument(
        "--logs",
        type=Path,
        help=f"where the handlers' structured logs go, in a folder that exists (default {default}, folder created)",
    )
    parser.set_defaults(default_logs=Path(default))


def _template_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--template", type=Path, default=Path("template.yaml"), help="the SAM template")
    parser.add_argument(
        "--parameter",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a template parameter (repeatable)",
    )


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be between 0 and 65535")
    return value


def _scale(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 10:
        raise argparse.ArgumentTypeError("must be between 0 and 10")
    return value


def _load_stack(args: argparse.Namespace) -> Any:
    from aichef_local.stack import TemplateError, load_stack

    if not args.template.is_file():
        raise UsageError(f"{args.template}: no such template (run from the project folder or pass --template)")
    try:
        return load_stack(args.template, _overrides(args.parameter, "--parameter"))
    except (TemplateError, KeyError) as error:
        raise UsageError(f"{args.template}: {error}") from None


def _overrides(items: list[str], option: str) -> dict[str, str]:
    overrides = {}
    for item in items:
        name, separator, value = item.partition("=")
        if not separator:
            raise UsageError(f"{option} {item!r}: expected NAME=VALUE")
        overrides[name] = value
    return overrides


def _run(args: argparse.Namespace) -> int:
    from aichef_local.run_command import run_command

    stack = _load_stack(args)
    return run_command(args, stack, _engine(args, stack))


def _engine(args: argparse.Namespace, stack: Any) -> str:
    """--engine, else the RecipeEngine given with --parameter (it takes effect locally too), else catalog."""
    given = {item.partition("=")[0]: item.partition("=")[2] for item in args.parameter}
    from_parameter = given.get("RecipeEngine")
    if args.engine and from_parameter and args.engine != from_parameter:
        raise UsageError(f"--engine {args.engine} and --parameter RecipeEngine={from_parameter} disagree; give one")
    return str(args.engine or from_parameter or "catalog")


def _serve(args: argparse.Namespace) -> int:
    from aichef_local.runner import LocalRunError
    from aichef_local.serve import ServeError, serve
    from aichef_local.stack import TemplateError, load_api_settings

    stack = _load_stack(args)
    if not args.api_template.is_file():
        raise UsageError(f"{args.api_template}: no such template (run from the project folder or pass --api-template)")
    try:
        settings = load_api_settings(args.api_template, _overrides(args.api_parameter, "--api-parameter"))
    except TemplateError as error:
        raise UsageError(f"{args.api_template}: {error}") from None
    out = sys.stdout
    with handler_logs(logs_file(args.logs, args.default_logs)) as logs, contextlib.redirect_stdout(logs):
        try:
            return serve(stack, args.api_template, settings, args.host, args.port, _engine(args, stack), out)
        except (ServeError, LocalRunError) as error:
            raise UsageError(str(error)) from None


def _invoke(args: argparse.Namespace) -> int:
    from moto import mock_aws

    from aichef_local.inprocess_lambda import InProcessLambdas
    from aichef_local.stack import TemplateError

    stack = _load_stack(args)
    try:
        spec = stack.function(args.function)
    except TemplateError as error:
        raise UsageError(str(error)) from None
    event = read_json(args.event)
    if isinstance(event, dict) and "request" not in event:
        raise UsageError(_no_request_wrapper(args.event, spec.logical_id, event))
    extra: dict[str, dict[str, str]] = {}
    if args.env_vars is not None:
        variables = read_json(args.env_vars)
        if not isinstance(variables, dict):
            raise UsageError(f"{args.env_vars}: expected an object of function ids to variables")
        extra[spec.logical_id] = {**variables.get("Parameters", {}), **variables.get(spec.logical_id, {})}
    out = sys.stdout
    with mock_aws(), contextlib.redirect_stdout(sys.stderr):
        lambdas = InProcessLambdas([spec], extra)
        payload, errored, _ = lambdas.invoke(spec.name, event)
    body = json.loads(payload)
    if errored:
        body.pop("stackTrace", None)  # the full trace is in the function's log above
    print(json.dumps(body, indent=2, ensure_ascii=False), file=out)
    return EXIT_FAILED if errored else EXIT_OK


def _no_request_wrapper(path: Path, function: str, event: dict[str, Any]) -> str:
    """What is wrong with an event that has no `request` field: every handler takes the workflow's request in one
    (the shape of events/recipe.json), and a bare request is the usual mistake."""
    fields = ", ".join(sorted(map(str, event))) or "none"
    found = "is a bare workflow request" if "ingredients" in event else 'has no "request" field'
    example = f"events/{function.removesuffix('Function').lower()}.json"  # the function's own example event
    return (
        f'{source_name(path)}: {function} takes the workflow request wrapped in a "request" field, '
        f'{{"request": {{"ingredients": [...], ...}}}} as in {example}; this event {found} (fields: {fields})'
    )


def _cost(args: argparse.Namespace) -> int:
    from aichef.errors import AiChefError
    from aichef_local.cost import (
        DEFAULT_MODEL_LATENCY_MS,
        cost_per_thousand,
        estimate_model_usage,
        load_prices,
        measure_usage,
        render,
    )
    from aichef_local.runner import LocalWorkflow

    stack = _load_stack(args)
    requests = read_requests(args)
    prices = load_prices()
    model_id = stack.parameters.get("BedrockModelId", "")
    if model_id not in prices["bedrock"]:
        raise UsageError(f"no Bedrock price for {model_id!r} in the price file; add it with its source and date")
    latency = DEFAULT_MODEL_LATENCY_MS if args.model_latency_ms is None else args.model_latency_ms
    try:
        model = estimate_model_usage(requests[0], latency)
    except AiChefError as error:
        raise UsageError(f"{args.input}: the first request cannot be priced: {error.message}") from None
    with (
        open(os.devnull, "w") as quiet,
        contextlib.redirect_stdout(quiet),  # the handlers' logs
        LocalWorkflow(stack, time_scale=args.time_scale) as workflow,
    ):
        usages = measure_usage(workflow, requests * args.repeat)
    report = cost_per_thousand(usages, stack, prices, model, model_id)
    if args.json:
        print(
            json.dumps(
                {
                    "as_of": prices["as_of"],
                    "region": prices["region"],
                    "per_1000_executions_usd": report.lines,
                    "totals_usd": report.totals,
                    "figures": report.figures,
                },
                indent=2,
            )
        )
    else:
        print(render(report, prices, model_id))
    return EXIT_OK


def _cuisines(args: argparse.Namespace) -> int:
    """The cuisines of the bundled catalog; a request's `cuisine` must be one of them for the catalog engine."""
    from aichef.recipes import bundled_catalog

    counts = bundled_catalog().cuisines
    if args.json:
        print(json.dumps(counts))
    else:
        width = max(len(name) for name in counts)
        print(
            "\n".join(
                f"{name:<{width}}  {count:>3} recipe{'' if count == 1 else 's'}" for name, count in counts.items()
            )
        )
    return EXIT_OK


if __name__ == "__main__":
    entry()
