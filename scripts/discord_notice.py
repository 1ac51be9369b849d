"""Post a deploy notice to Discord; never fails the workflow (a missing webhook or an HTTP error is a warning).

Everything comes from environment variables, so no GitHub expression is ever pasted into a script:
DISCORD_WEBHOOK_URL (secret; empty -> skip), DEPLOY_RESULT (the deploy job's result: success, failure, cancelled,
skipped), DEPLOY_ENVIRONMENT, STACK_OUTPUTS and API_STACK_OUTPUTS (JSON objects, optional: the workflow stack's
and the API stack's), COMMIT_TITLE (optional), and GitHub's own
GITHUB_SHA, GITHUB_REPOSITORY, GITHUB_SERVER_URL, GITHUB_RUN_ID, GITHUB_REF_NAME, GITHUB_ACTOR.
Standard library only, Python >= 3.9, so it runs on the runner's python3 even when the deploy set-up failed.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any, TextIO

GREEN = 0x2ECC71
RED = 0xE74C3C
# Discord's embed limits: https://discord.com/developers/docs/resources/message#embed-object-embed-limits
TITLE_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELDS_LIMIT = 25
TIMEOUT_SECONDS = 10


def clip(text: str, limit: int) -> str:
    """The text cut to Discord's limit, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def run_url(env: Mapping[str, str]) -> str:
    server = env.get("GITHUB_SERVER_URL", "https://github.com")
    return f"{server}/{env.get('GITHUB_REPOSITORY', '?')}/actions/runs/{env.get('GITHUB_RUN_ID', '?')}"


def parse_outputs(text: str) -> dict[str, str]:
    """STACK_OUTPUTS as a dict; anything but a JSON object of strings becomes an empty dict."""
    try:
        value = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError:
        return {}
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def build_payload(env: Mapping[str, str]) -> dict[str, Any]:
    """The webhook body: one embed with title, environment, commit, run link and, on success, the stack outputs."""
    result = env.get("DEPLOY_RESULT", "failure") or "failure"
    environment = env.get("DEPLOY_ENVIRONMENT", "?") or "?"
    succeeded = result == "success"
    sha = env.get("GITHUB_SHA", "")
    server = env.get("GITHUB_SERVER_URL", "https://github.com")
    repository = env.get("GITHUB_REPOSITORY", "?")
    commit = f"[`{sha[:7]}`]({server}/{repository}/commit/{sha})" if sha else "?"
    title_line = (env.get("COMMIT_TITLE") or "").splitlines()[0] if env.get("COMMIT_TITLE") else ""
    if title_line:
        commit = f"{commit} {title_line}"
    fields = [
        {"name": "Environment", "value": clip(environment, FIELD_VALUE_LIMIT), "inline": True},
        {"name": "Branch", "value": clip(env.get("GITHUB_REF_NAME", "?") or "?", FIELD_VALUE_LIMIT), "inline": True},
        {"name": "By", "value": clip(env.get("GITHUB_ACTOR", "?") or "?", FIELD_VALUE_LIMIT), "inline": True},
        {"name": "Commit", "value": clip(commit, FIELD_VALUE_LIMIT), "inline": False},
        {"name": "Run", "value": run_url(env), "inline": False},
    ]
    if succeeded:
        outputs = {
            **parse_outputs(env.get("STACK_OUTPUTS", "")),
            **parse_outputs(env.get("API_STACK_OUTPUTS", "")),
        }
        for key, value in sorted(outputs.items()):
            fields.append(
                {"name": clip(key, TITLE_LIMIT), "value": clip(f"`{value}`", FIELD_VALUE_LIMIT), "inline": False}
            )
    title = f"✅ AI Chef deployed to {environment}" if succeeded else f"❌ AI Chef deploy to {environment}: {result}"
    return {
        "username": "AI Chef deploy",
        # Text from a commit must never ping @everyone, a role or a user.
        "allowed_mentions": {"parse": []},
        "embeds": [
            {
                "title": clip(title, TITLE_LIMIT),
                "url": run_url(env),
                "color": GREEN if succeeded else RED,
                "fields": fields[:FIELDS_LIMIT],
            }
        ],
    }


def post_json(url: str, payload: dict[str, Any]) -> int:
    """POST the payload; the HTTP status (Discord answers 204 No Content)."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode("utf-8"),
        method="POST",
        headers={"Content-Type": "application/json", "User-Agent": "ai-chef-deploy"},
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - scheme checked
        return int(response.status)


def main(
    env: Mapping[str, str] | None = None,
    *,
    out: TextIO = sys.stdout,
    post: Callable[[str, dict[str, Any]], int] = post_json,
) -> int:
    """Send the notice; always exits 0 so a notice can never fail or mask the deploy's own result."""
    env = os.environ if env is None else env
    url = env.get("DISCORD_WEBHOOK_URL", "").strip()
    if not url:
        print("::warning title=Discord notice skipped::the DISCORD_WEBHOOK_URL secret is not set", file=out)
        return 0
    if not url.startswith(("https://", "http://")):
        print("::warning title=Discord notice skipped::DISCORD_WEBHOOK_URL is not an http(s) URL", file=out)
        return 0
    try:
        status = post(url, build_payload(env))
    except (urllib.error.URLError, OSError, ValueError) as error:
        # never echo the URL: it is the secret
        reason = getattr(error, "code", None) or getattr(error, "reason", None) or type(error).__name__
        print(f"::warning title=Discord notice not sent::{reason}", file=out)
        return 0
    print(f"Discord notice sent (HTTP {status})", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
