"""`aichef serve` as a subprocess for the end-to-end tests: started on a free port, its stdout read line by line,
stopped with Ctrl-C (or killed) when the test module ends; and a small HTTP client for it."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
AICHEF = Path(sys.executable).parent / "aichef"


@dataclass
class Server:
    url: str
    process: subprocess.Popen[str]
    lines: list[str]
    reader: threading.Thread

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


def start(logs: Path, *options: str) -> Server:
    """Start `aichef serve --port 0` with `options`; returns once it printed its URL (or fails the test)."""
    process = subprocess.Popen(
        [str(AICHEF), "serve", "--port", "0", "--logs", str(logs), *options],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    lines: list[str] = []
    first = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            first.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if not first.wait(60) or "serving the AI Chef API on http://" not in lines[0]:
        process.kill()
        raise AssertionError(f"aichef serve did not start: {lines} {process.stderr.read() if process.stderr else ''}")
    url = lines[0].split(" on ", 1)[1].split(" ", 1)[0]
    return Server(url, process, lines, reader)


def http(method: str, url: str, body: Any = None, headers: dict[str, str] | None = None) -> tuple[int, Any, Any]:
    """(status, headers, JSON body or None) of one request; HTTP errors are answers too."""
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            payload = response.read()
            return response.status, response.headers, json.loads(payload) if payload else None
    except urllib.error.HTTPError as error:
        payload = error.read()
        return error.code, error.headers, json.loads(payload) if payload else None


def result(location: str, wait: int = 20) -> dict[str, Any]:
    """GET a request's Location until it ends."""
    for _ in range(10):
        status, _, body = http("GET", f"{location}?wait={wait}")
        assert status == 200, body
        if body["status"] != "RUNNING":
            return dict(body)
    raise AssertionError(f"{location} still RUNNING")
