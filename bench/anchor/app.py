"""The bench's anchor: a typical Powertools handler (Logger + Metrics + a small pydantic model + one bedrock-runtime
client at module scope), the yardstick every AI Chef handler's cold start is divided by. Not deployed."""

from __future__ import annotations

import os
from typing import Any

import boto3
from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import BaseModel, Field

logger = Logger()
metrics = Metrics()
bedrock = boto3.client("bedrock-runtime")
MODEL_ID = os.environ.get("BEDROCK_MODEL_ID", "global.anthropic.claude-haiku-4-5-20251001-v1:0")


class Question(BaseModel):
    """What the handler accepts."""

    ingredients: list[str] = Field(min_length=1, max_length=30)
    servings: int = Field(default=2, ge=1, le=12)


@logger.inject_lambda_context
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    question = Question.model_validate(event["request"])
    answer = bedrock.converse(
        modelId=MODEL_ID,
        messages=[{"role": "user", "content": [{"text": f"A recipe with {', '.join(question.ingredients)}"}]}],
        inferenceConfig={"maxTokens": 512},
    )
    metrics.add_metric(name="Answers", unit=MetricUnit.Count, value=1)
    logger.info("answered", extra={"stop_reason": answer["stopReason"]})
    return {"stop_reason": answer["stopReason"], "usage": answer["usage"]}
