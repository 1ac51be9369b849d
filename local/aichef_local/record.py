"""`aichef record` (`make record`): record real Bedrock Converse answers for the replay tests (needs AWS credentials
and model access), or write the synthetic recordings (`--synthetic`, offline: hand-written answers that exercise every
rule). A developer's tool, run from the project folder: it reads tests/eval/cases.jsonl and writes
tests/fixtures/recordings/.

Each recording stores the request, the model id, whether strict tool use was on, the hash of the prompt, every
Converse response (with its usage and latencyMs) and the outcome; tests/unit/test_bedrock_replay.py replays them.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aichef_local.requests_input import UsageError

if TYPE_CHECKING:
    from aichef.contracts import WorkflowRequest

# The engine, the fakes and the recordings load in the functions that use them: every `aichef` command registers
# this one, and `aichef run` would import the Bedrock engine and an HTTP server for nothing (~0.1 s of its start).

OUT = Path("tests/fixtures/recordings")
CASES = Path("tests/eval/cases.jsonl")
GOOD_ANSWER = Path("tests/fixtures/converse_recipe_kimchi_fried_rice.json")
"""The model answer the synthetic cases start from (the replay tests' Korean recipe)."""
DEFAULT_MODEL = "global.anthropic.claude-haiku-4-5-20251001-v1:0"  # template.yaml's BedrockModelId default


def add_record_command(commands: Any) -> None:
    """Register `aichef record` on the CLI's sub-commands."""
    record = commands.add_parser(
        "record", help="record Bedrock Converse answers for the replay tests (developers; needs AWS credentials)"
    )
    record.add_argument("--model", default=DEFAULT_MODEL, help=f"the model id (default {DEFAULT_MODEL})")
    record.add_argument("--region", default=None, help="AWS region (default: AWS_REGION, else the AWS configuration)")
    record.add_argument("--limit", type=int, default=5, help=f"how many cases of {CASES} (default 5)")
    record.add_argument("--synthetic", action="store_true", help="write the synthetic recordings instead (offline)")
    record.add_argument("--out", type=Path, default=OUT, help=f"where the recordings go (default {OUT})")
    record.set_defaults(command=run_record)


def run_record(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    needed = GOOD_ANSWER if args.synthetic else CASES
    if not needed.is_file():
        raise UsageError(f"{needed}: not found (run aichef record from the project folder)")
    args.out.mkdir(parents=True, exist_ok=True)
    return write_synthetic(args.out) if args.synthetic else record_real(args.model, args.region, args.limit, args.out)


def run(client: Any, model_id: str, request: WorkflowRequest, strict: bool) -> dict[str, Any]:
    """The engine's outcome for `request`: the recipe or the named failure."""
    from aichef.bedrock import BedrockRecipeEngine
    from aichef.errors import AiChefError
    from aichef.ingredients import bundled_book

    try:
        recipe = BedrockRecipeEngine(client, model_id, bundled_book(), strict=strict).generate(request)
    except AiChefError as error:
        return {"outcome": "failed", "error": type(error).__name__, "cause": error.message}
    return {"outcome": "recipe", "title": recipe.title}


def recording(
    name: str,
    model_id: str,
    strict: bool,
    raw: dict[str, Any],
    sent: list[dict[str, Any]],
    responses: list[dict[str, Any]],
    expect: dict[str, Any],
    synthetic: bool,
) -> dict[str, Any]:
    from aichef_local.recordings import prompt_hash

    return {
        "synthetic": synthetic,
        "label": ("SYNTHETIC: hand-written answers, not a model's" if synthetic else "recorded from Bedrock"),
        "name": name,
        "model_id": model_id,
        "strict": strict,
        "request": raw,
        "prompt_sha256": prompt_hash(sent[0]),
        "calls": responses,
        "expect": expect,
    }


def record_real(model_id: str, region: str | None, limit: int, out: Path) -> int:
    from aichef.bedrock import make_client
    from aichef.contracts import parse_request
    from aichef_local.aws_access import MissingAwsAccess, aws_access
    from aichef_local.recordings import RecordingClient

    try:
        access = aws_access("record", region, "pass --region or set AWS_REGION (e.g. us-east-1)")
    except MissingAwsAccess as error:
        raise UsageError(str(error)) from None
    client = RecordingClient(make_client(access.session, access.region))
    for index, line in enumerate(CASES.read_text("utf-8").splitlines()[:limit]):
        raw = json.loads(line)["request"]
        client.calls.clear()
        expect = run(client, model_id, parse_request(raw), strict=True)
        name = f"real-{index + 1:02d}-" + re.sub(r"[^a-z0-9]+", "-", " ".join(raw["ingredients"]).lower())[:40]
        sent = [call["request"] for call in client.calls]
        saved = recording(name, model_id, True, raw, sent, [call["response"] for call in client.calls], expect, False)
        (out / f"{name.strip('-')}.json").write_text(json.dumps(saved, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"{name}: {expect['outcome']} in {len(client.calls)} call(s)")
    return 0


def synthetic_cases() -> dict[str, tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Each rule's bad answer and what follows it, for the Korean request or a vegan / salmon one."""
    from aichef_local.fake_bedrock import stopped, text_answer, tool_answer, two_tool_uses

    good = json.loads(GOOD_ANSWER.read_text("utf-8"))
    korean = {
        "ingredients": ["계란 4개", "300g pork belly", "kimchi", "2 cups rice", "대파"],
        "cuisine": "korean",
        "max_minutes": 40,
    }
    unsafe = [{"name": name, "quantity": 50, "unit": "g"} for name in ("tofu", "pork", "cheese", "lard", "egg yolk")]
    vegan_bad = {**good, "ingredients": [*unsafe, {"name": "kimchi juice", "quantity": 2, "unit": "tbsp"}]}
    salmon = {"ingredients": ["salmon 300g", "asparagus"], "servings": 2}
    salmon_good = {
        "title": "Pan-Seared Salmon with Asparagus",
        "cuisine": "western",
        "total_minutes": 20,
        "ingredients": [
            {"name": "salmon", "quantity": 300, "unit": "g"},
            {"name": "asparagus", "quantity": 250, "unit": "g"},
            {"name": "olive oil", "quantity": 1, "unit": "tbsp"},
            {"name": "salt", "quantity": 0.5, "unit": "tsp"},
        ],
        "steps": [
            "Season the salmon with salt.",
            "Sear the salmon in olive oil, 4 minutes a side, until cooked through.",
            "Cook the asparagus in the same pan for 5 minutes and serve with the salmon.",
        ],
    }
    cut = text_answer("Kimchi fried rice. Ingredients: 400 g", stop_reason="max_tokens", output_tokens=1500)
    in_korean = {**korean, "ingredients": ["계란 4개", "300g pork belly", "김치", "2 cups rice", "대파"]}
    good_ko = {
        **good,
        "title": "삼겹살 김치볶음밥",
        "steps": [
            "삼겹살은 1cm 폭으로 썰고 김치는 잘게 썬다. 대파는 흰 부분과 푸른 부분을 나눠 송송 썬다.",
            "팬에 식용유를 두르고 중불에서 삼겹살을 6분 볶아 기름을 낸다.",
            "대파 흰 부분과 김치를 넣고 4분 볶는다.",
            "고추장과 간장을 넣고 밥을 넣어 뭉친 곳 없이 5분 볶는다.",
            "다른 팬에 달걀프라이를 만든다.",
            "참기름을 두르고 두 그릇에 나눠 담은 뒤 달걀프라이와 대파 푸른 부분을 올린다.",
        ],
    }
    return {
        "synthetic-korean-answer": (in_korean, [tool_answer(good_ko)]),
        "synthetic-english-steps-then-korean": (in_korean, [tool_answer(good), tool_answer(good_ko)]),
        "synthetic-good-kimchi-fried-rice": (korean, [tool_answer(good)]),
        "synthetic-unsafe-vegan-twice": (
            {"ingredients": ["tofu", "kimchi"], "diet": ["vegan"]},
            [tool_answer(vegan_bad), tool_answer(vegan_bad)],
        ),
        "synthetic-nothing-on-hand-then-salmon": (salmon, [tool_answer(good), tool_answer(salmon_good)]),
        "synthetic-two-tool-uses-then-good": (
            korean,
            [two_tool_uses({**good, "total_minutes": 55}, good), tool_answer(good)],
        ),
        "synthetic-malformed-tool-use-then-good": (korean, [stopped("malformed_tool_use"), tool_answer(good)]),
        "synthetic-cut-off-twice": (korean, [cut, cut]),
    }


def write_synthetic(out: Path) -> int:
    from aichef.contracts import parse_request
    from aichef_local.recordings import ReplayClient

    for name, (raw, responses) in synthetic_cases().items():
        client = ReplayClient(responses)
        expect = run(client, DEFAULT_MODEL, parse_request(raw), strict=True)
        saved = recording(name, DEFAULT_MODEL, True, raw, client.sent, responses, expect, True)
        (out / f"{name}.json").write_text(json.dumps(saved, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"{name}: {expect['outcome']} in {len(client.sent)} call(s)")
    return 0
