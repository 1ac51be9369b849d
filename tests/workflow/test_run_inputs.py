"""What `aichef run` reads and reports: a request from stdin or a file with a byte order mark, a currency in any case,
your own price list first (--prices), and transitions and attempts counted as `aichef cost` bills them."""

from __future__ import annotations

import argparse
import codecs
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from aichef_local.cli import main, read_requests
from aichef_local.cost import usage_from_history
from aichef_local.render import render

ROOT = Path(__file__).resolve().parents[2]
AICHEF = Path(sys.executable).parent / "aichef"
REQUEST = {"ingredients": ["eggs", "kimchi", "2 cups rice"], "cuisine": "korean"}


def _aichef(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The installed command in its own process, from the project folder."""
    return subprocess.run(
        [str(AICHEF), *args], input=stdin, capture_output=True, text=True, timeout=300, cwd=ROOT, check=False
    )


def test_input_dash_reads_the_request_from_stdin(tmp_path: Path) -> None:
    """`--input -` was "-: No such file or directory"."""
    completed = _aichef("run", "--input", "-", "--json", "--logs", str(tmp_path / "run.log"), stdin=json.dumps(REQUEST))

    assert completed.returncode == 0, completed.stderr
    body = json.loads(completed.stdout)
    assert body["status"] == "SUCCEEDED"
    assert body["record"]["status"] == "SUCCEEDED"
    assert json.loads(body["record"]["request"]) == REQUEST


def test_a_file_starting_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    """Notepad and Excel's "CSV UTF-8" start a file with EF BB BF; JSON forbids it, so it was refused."""
    from aichef_local.price_table import read_price_file  # the reader of `--prices` and `prices load`

    single, lines = tmp_path / "request.json", tmp_path / "requests.jsonl"
    single.write_bytes(codecs.BOM_UTF8 + json.dumps(REQUEST).encode())
    lines.write_bytes(codecs.BOM_UTF8 + (json.dumps(REQUEST) + "\n" + json.dumps({"ingredients": ["tofu"]})).encode())
    prices = tmp_path / "prices.csv"
    prices.write_bytes(codecs.BOM_UTF8 + (ROOT / "events" / "prices-sample.csv").read_bytes())

    assert read_requests(argparse.Namespace(input=single)) == [REQUEST]
    assert read_requests(argparse.Namespace(input=lines)) == [REQUEST, {"ingredients": ["tofu"]}]
    assert [row.name for row in read_price_file(prices)][:2] == ["kimchi", "egg"]


def test_a_bad_byte_after_a_byte_order_mark_is_reported_at_its_offset_in_the_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "request.json"
    path.write_bytes(codecs.BOM_UTF8 + '{"ingredients": ["jalapeño"]}'.encode("latin-1"))

    code = main(["run", "--input", str(path)])

    assert code == 2
    assert capsys.readouterr().err == f"aichef: {path}: not UTF-8 text (byte 27 is 0xf1)\n"


def test_parse_reads_stdin_without_its_byte_order_mark(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = type("Stdin", (), {"buffer": type("Buffer", (), {"read": lambda self: codecs.BOM_UTF8 + b"2 eggs\n"})()})
    monkeypatch.setattr(sys, "stdin", stdin())

    assert main(["parse", "-", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["text"] == "2 eggs"


def test_currency_in_lower_case_prices_in_that_currency(workflow: Any) -> None:
    """`--currency usd` was refused while `--cuisine Korean` was accepted; the contract now reads both in any case."""
    flags = {"input": None, "servings": None, "cuisine": None, "max_minutes": None, "diet": None}
    (request,) = read_requests(argparse.Namespace(**flags, ingredients="eggs, kimchi, 2 cups rice", currency="usd"))

    (result,) = workflow.run([request])

    assert request["currency"] == "usd"
    assert result.status == "SUCCEEDED", result.cause
    assert result.output["pricing"]["currency"] == "USD"
    assert result.record is not None and result.record["currency"] == "USD"


def _own_prices(tmp_path: Path, kimchi_krw: int) -> Path:
    path = tmp_path / "my-prices.csv"
    path.write_text(
        "name,name_ko,unit,price_krw,price_usd,source,as_of\n"
        f"kimchi,김치,kg,{kimchi_krw},70.00,my corner shop,2026-12-01\n",
        "utf-8",
    )
    return path


def test_prices_file_prices_its_lines_before_the_bundled_list(tmp_path: Path) -> None:
    prices = _own_prices(tmp_path, 99_000)

    completed = _aichef(
        "run",
        "--input",
        "events/workflow-request.json",
        "--prices",
        str(prices),
        "--json",
        "--logs",
        str(tmp_path / "l"),
    )

    assert completed.returncode == 0, completed.stderr
    body = json.loads(completed.stdout)
    lines = {line["name"]: line for line in body["output"]["pricing"]["lines"]}
    assert lines["kimchi"]["source"] == "dynamodb"  # the local prices table the file was loaded into
    assert lines["kimchi"]["unit_price"] == 99
    assert lines["kimchi"]["cost"] == round(lines["kimchi"]["quantity"] / 1000 * 99_000)
    assert {line["source"] for name, line in lines.items() if name != "kimchi"} == {"catalog"}


def test_a_bad_prices_file_is_refused_before_any_execution(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aichef_local import runner

    bad = tmp_path / "prices.csv"
    bad.write_text("name,name_ko,unit,price_krw,price_usd,source,as_of\nkimchi,김치,jar,1,1,x,2026-12-01\n")
    monkeypatch.setattr(runner.LocalWorkflow, "__enter__", lambda self: pytest.fail("an execution was started"))

    assert main(["run", "--ingredients", "kimchi", "--prices", str(bad)]) == 2
    assert capsys.readouterr().err == f"aichef: {bad}: line 2: unit must be kg, l or ea, not 'jar'\n"


def test_prices_file_with_a_catalog_only_price_function_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    args = ["run", "--ingredients", "kimchi", "--prices", str(_own_prices(tmp_path, 1)), "--parameter"]

    assert main([*args, "PriceSources=catalog"]) == 2
    assert capsys.readouterr().err == (
        "aichef: --prices goes into the prices table, which PriceSources=catalog leaves out; drop one\n"
    )


def test_transitions_and_attempts_are_counted_as_cost_bills_them(workflow: Any, korean_request: Any) -> None:
    """One price call fails and is retried: 9 states entered and 1 retry are the 10 transitions `aichef cost` bills
    (the timeline said 9). Task attempts: recipe 1, price 2, combine 2, price gaps 1, the record's putItem 1."""
    workflow.lambdas.inject_outage("ai-chef-price", calls=1)
    try:
        (result,) = workflow.run([korean_request])
    finally:
        workflow.lambdas.clear_outages()
    billed = usage_from_history(workflow.history(result.request_id), [])

    body = result.to_json()
    assert (body["transitions"], body["retries"]) == (billed.transitions, billed.retries) == (10, 1)
    assert body["attempts"] == 7
    assert "Timeline (10 state transitions: 9 entered + 1 retry, 7 task attempts," in render(result)
