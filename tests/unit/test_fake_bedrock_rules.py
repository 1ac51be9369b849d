"""The local Converse stand-in refuses what Bedrock refuses, so conversation bugs show up offline."""

from __future__ import annotations

from typing import Any

import pytest

from aichef_local.fake_bedrock import conversation_errors

USE = {"toolUse": {"toolUseId": "tooluse_a", "name": "record_recipe", "input": {}}}
USE_B = {"toolUse": {"toolUseId": "tooluse_b", "name": "record_recipe", "input": {}}}


def result(tool_use_id: str) -> dict[str, Any]:
    return {"toolResult": {"toolUseId": tool_use_id, "status": "error", "content": [{"text": "no"}]}}


def turn(role: str, *content: dict[str, Any]) -> dict[str, Any]:
    return {"role": role, "content": list(content)}


@pytest.mark.parametrize(
    ("messages", "problem"),
    [
        ([turn("assistant", {"text": "hi"})], "A conversation must start with a user message."),
        ([turn("user", {"text": "a"}), turn("user", {"text": "b"})], "must alternate between user and assistant"),
        ([turn("user", {"text": "a"}), turn("assistant"), turn("user", {"text": "b"})], "messages.1 is blank"),
        ([turn("user", {"text": ""})], "messages.0 is blank"),
        (
            [
                turn("user", {"text": "a"}),
                turn("assistant", USE, USE_B),
                turn("user", result("tooluse_a"), {"text": "x"}),
            ],
            "Expected toolResult blocks at messages.2.content for the ids: tooluse_a, tooluse_b",
        ),
        (
            [turn("user", {"text": "a"}), turn("assistant", USE), turn("user", {"text": "x"}, result("tooluse_a"))],
            "Expected toolResult blocks at messages.2.content",
        ),
        ([turn("user", result("tooluse_z"))], "a toolResult has no toolUse"),
    ],
)
def test_a_conversation_bedrock_refuses_is_refused_by_name(messages: list[dict[str, Any]], problem: str) -> None:
    assert problem in " ".join(conversation_errors({"messages": messages}))


def test_a_correction_turn_that_answers_every_tool_use_first_is_accepted() -> None:
    messages = [
        turn("user", {"text": "a"}),
        turn("assistant", USE, USE_B),
        turn("user", result("tooluse_b"), result("tooluse_a"), {"text": "fix it"}),
    ]

    assert conversation_errors({"messages": messages}) == []
