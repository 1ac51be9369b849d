"""The Discord deploy notice: its payload, and that nothing about it can fail or mask the deploy's result."""

from __future__ import annotations

import http.server
import io
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from .support import REPO, load_script

notice = load_script("discord_notice")

SHA = "0123456789abcdef0123456789abcdef01234567"
ENV = {
    "DEPLOY_RESULT": "success",
    "DEPLOY_ENVIRONMENT": "dev",
    "GITHUB_SHA": SHA,
    "GITHUB_REPOSITORY": "acme/ai-chef",
    "GITHUB_SERVER_URL": "https://github.com",
    "GITHUB_RUN_ID": "42",
    "GITHUB_REF_NAME": "main",
    "GITHUB_ACTOR": "jiwoo",
    "COMMIT_TITLE": "Add prices\n\nlong body",
    "STACK_OUTPUTS": json.dumps(
        {
            "StateMachineArn": "arn:aws:states:us-east-1:1:stateMachine:dev-ai-chef",
            "RecipesTableName": "dev-ai-chef-recipes",
        }
    ),
}
RUN = "https://github.com/acme/ai-chef/actions/runs/42"


def fields(payload: dict[str, Any]) -> dict[str, str]:
    return {field["name"]: field["value"] for field in payload["embeds"][0]["fields"]}


def test_success_payload_has_title_environment_commit_run_link_and_outputs() -> None:
    payload = notice.build_payload(ENV)
    (embed,) = payload["embeds"]

    assert embed["title"] == "✅ AI Chef deployed to dev"
    assert embed["url"] == RUN and embed["color"] == 0x2ECC71
    assert fields(payload) == {
        "Environment": "dev",
        "Branch": "main",
        "By": "jiwoo",
        "Commit": f"[`0123456`](https://github.com/acme/ai-chef/commit/{SHA}) Add prices",
        "Run": RUN,
        "RecipesTableName": "`dev-ai-chef-recipes`",
        "StateMachineArn": "`arn:aws:states:us-east-1:1:stateMachine:dev-ai-chef`",
    }
    assert payload["allowed_mentions"] == {"parse": []}, "commit text must not ping anyone"


def test_the_api_stacks_outputs_follow_the_workflow_stacks() -> None:
    """One run deploys both stacks (workflow, then API): the notice lists the outputs of both."""
    payload = notice.build_payload({**ENV, "API_STACK_OUTPUTS": '{"ApiUrl": "https://abc.execute-api"}'})

    assert fields(payload)["ApiUrl"] == "`https://abc.execute-api`"
    assert fields(payload)["StateMachineArn"] == "`arn:aws:states:us-east-1:1:stateMachine:dev-ai-chef`"


@pytest.mark.parametrize("result", ["failure", "cancelled"])
def test_failure_payload_is_red_names_the_result_and_has_no_outputs(result: str) -> None:
    payload = notice.build_payload({**ENV, "DEPLOY_RESULT": result, "DEPLOY_ENVIRONMENT": "prod"})

    assert payload["embeds"][0]["title"] == f"❌ AI Chef deploy to prod: {result}"
    assert payload["embeds"][0]["color"] == 0xE74C3C
    assert list(fields(payload)) == ["Environment", "Branch", "By", "Commit", "Run"]


def test_hostile_text_stays_data_and_long_values_are_cut_to_discords_limits() -> None:
    hostile = '"}]} @everyone $(rm -rf /) `x`' + "y" * 2000
    payload = notice.build_payload(
        {**ENV, "COMMIT_TITLE": hostile, "STACK_OUTPUTS": json.dumps({f"K{i:02}": "v" for i in range(40)})}
    )
    commit = fields(payload)["Commit"]

    assert len(commit) == 1024 and commit.endswith("…")
    assert '"}]} @everyone $(rm -rf /)' in commit
    assert len(payload["embeds"][0]["fields"]) == 25
    assert json.loads(json.dumps(payload)) == payload


def test_outputs_that_are_not_a_json_object_are_left_out() -> None:
    for broken in ("", "not json", "[1, 2]", "null"):
        assert list(fields(notice.build_payload({**ENV, "STACK_OUTPUTS": broken}))) == [
            "Environment",
            "Branch",
            "By",
            "Commit",
            "Run",
        ]


def test_a_missing_webhook_skips_with_a_warning_and_exit_0() -> None:
    out, posted = io.StringIO(), []

    code = notice.main({**ENV, "DISCORD_WEBHOOK_URL": ""}, out=out, post=lambda url, body: posted.append(url) or 204)

    assert (code, posted) == (0, [])
    assert out.getvalue() == "::warning title=Discord notice skipped::the DISCORD_WEBHOOK_URL secret is not set\n"


def test_an_unreachable_webhook_warns_without_the_url_and_exits_0() -> None:
    out = io.StringIO()

    code = notice.main({**ENV, "DISCORD_WEBHOOK_URL": "http://127.0.0.1:9/api/webhooks/1/secret-token"}, out=out)

    assert code == 0
    assert out.getvalue().startswith("::warning title=Discord notice not sent::")
    assert "secret-token" not in out.getvalue()


class Recorder(http.server.BaseHTTPRequestHandler):
    """A stand-in webhook on 127.0.0.1 that records each request and answers with the class's status."""

    status = 204
    received: list[tuple[str, dict[str, str], bytes]] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((self.path, dict(self.headers), body))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[tuple[str, type[Recorder]]]:
    Recorder.received, Recorder.status = [], 204
    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api/webhooks/1/token", Recorder
    server.shutdown()
    server.server_close()


def test_the_notice_is_posted_as_json_by_the_script_run_like_the_workflow_runs_it(
    webhook: tuple[str, type[Recorder]],
) -> None:
    url, recorder = webhook

    result = subprocess.run(
        [sys.executable, str(REPO / "scripts/discord_notice.py")],
        env={**ENV, "DISCORD_WEBHOOK_URL": url},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    ((path, headers, body),) = recorder.received

    assert result.returncode == 0 and result.stdout == "Discord notice sent (HTTP 204)\n"
    assert path == "/api/webhooks/1/token"
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == notice.build_payload(ENV)


def test_a_webhook_error_answer_is_a_warning_and_exit_0(webhook: tuple[str, type[Recorder]]) -> None:
    url, recorder = webhook
    recorder.status = 404
    out = io.StringIO()

    code = notice.main({**ENV, "DISCORD_WEBHOOK_URL": url}, out=out)

    assert code == 0
    assert out.getvalue() == "::warning title=Discord notice not sent::404\n"
    assert len(recorder.received) == 1
