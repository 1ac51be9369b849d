"""One fresh Lambda-like sandbox for `make bench`: import a handler, invoke it once, optionally keep invoking it.

Run as a script by aichef_local.bench, with the function's environment already set. Only the standard library is
loaded before the clock starts; the handler's logs and metrics go to /dev/null (CloudWatch takes them in Lambda).
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
import uuid
from typing import Any


class Context:
    """The fields of the Lambda context object Powertools reads."""

    def __init__(self) -> None:
        self.function_name = os.environ["AWS_LAMBDA_FUNCTION_NAME"]
        self.function_version = "$LATEST"
        self.memory_limit_in_mb = int(os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"])
        self.invoked_function_arn = f"arn:aws:lambda:us-east-1:123456789012:function:{self.function_name}"
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{self.function_name}"
        self.log_stream_name = "bench"

    def get_remaining_time_in_millis(self) -> int:
        return 60_000


def main() -> None:
    config: dict[str, Any] = json.loads(sys.argv[1])
    sys.path[:0] = [config["code_dir"], config["layer_dir"]]  # LAMBDA_TASK_ROOT first, then the layer (/opt/python)
    with open(config["event"], encoding="utf-8") as handle:
        event = json.load(handle)
    result_stream = sys.stdout
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - for the life of the process
    module_name, _, attribute = config["handler"].rpartition(".")
    context = Context()

    started = time.perf_counter()
    tracer = None
    if config.get("tracer"):
        from aws_lambda_powertools import Tracer

        tracer = Tracer()
    handler = getattr(importlib.import_module(module_name), attribute)
    if tracer is not None:
        handler = tracer.capture_lambda_handler(handler)
    imported = time.perf_counter()
    first = handler(event, context)
    invoked = time.perf_counter()

    warm_ns: list[int] = []
    for _ in range(int(config.get("warm_calls", 0))):
        context.aws_request_id = str(uuid.uuid4())
        before = time.perf_counter_ns()
        handler(event, context)
        warm_ns.append(time.perf_counter_ns() - before)

    modules = set(sys.modules)
    json.dump(
        {
            "import_ms": (imported - started) * 1000,
            "first_invoke_ms": (invoked - imported) * 1000,
            "cold_ms": (invoked - started) * 1000,
            "warm_ns": warm_ns,
            "modules": len(modules),
            "boto3": "boto3" in modules,
            "botocore": "botocore" in modules,
            "first_result_keys": sorted(first) if isinstance(first, dict) else None,
        },
        result_stream,
    )
    # flushed here, not left to the stream's finalizer: a handler's start-up freezes what it made (gc.freeze), and a
    # frozen reference cycle can keep this stream alive past the interpreter's shutdown, its buffer unwritten
    result_stream.flush()


if __name__ == "__main__":
    main()
