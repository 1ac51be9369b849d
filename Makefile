# AI Chef - every command sets itself up: a Python 3.13 virtualenv in .venv with the project and its tools.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python 3.13 (the Lambda runtime): PYTHON=... wins, then pyenv's 3.13, then python3.13 on PATH.
PYTHON ?= $(firstword $(wildcard $(shell pyenv root 2>/dev/null)/versions/3.13*/bin/python3.13) \
                      $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3.13) \
                      $(shell command -v python3.13 2>/dev/null))
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The security scanners (checkov, zizmor, actionlint, shellcheck) live apart: checkov's pins clash with aws-sam-cli.
SCAN_VENV := .venv-scanners
SCAN_STAMP := $(SCAN_VENV)/.installed
# sam build needs python3.13 on PATH; the venv provides it. No telemetry from tests or CI.
export PATH := $(abspath $(BIN)):$(PATH)
export SAM_CLI_TELEMETRY := 0

# AWS's ASL validator (amazon-states-language-service, pinned in package-lock.json); tests/infra/test_asl_validation.py
# runs it on the substituted definition. npm ci writes node_modules/.package-lock.json.
NODE_STAMP := node_modules/.package-lock.json

# make bench: moto in server mode for the parent, and a Lambda-like virtualenv for the measured sandboxes (only the
# runtime's boto3 and the layer's requirements, plus aws-xray-sdk to measure Tracer's cost). Its start-up part builds
# the baseline commit's tree and its own make demo virtualenv under .venv/bench-baseline, once (bench_startup.py).
LAMBDA_ENV := $(VENV)/lambda-runtime
BENCH_STAMP := $(VENV)/.bench-installed

# make mutate: mutmut 3.8 needs click>=8.4 and aws-sam-cli pins click 8.1.8, so it gets a virtualenv of its own with
# the project's `mutate` extra (mutmut, pytest, hypothesis: what tests/unit needs).
MUTATE_VENV := $(VENV)/mutate
MUTATE_STAMP := $(MUTATE_VENV)/.installed

.PHONY: help venv demo lint test record scan build validate sam-local bench mutate clean

# Stops with a clear message unless $(PYTHON) is a Python 3.13 (the Lambda runtime).
define check_python
	@if [ -z "$(PYTHON)" ]; then \
	  echo "Python 3.13 not found. Install it (e.g. 'pyenv install 3.13') or run: make $(MAKECMDGOALS) PYTHON=/path/to/python3.13" >&2; \
	  exit 1; fi
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' || \
	  { echo "$(PYTHON) is not Python 3.13 (the Lambda runtime). Set PYTHON=/path/to/python3.13" >&2; exit 1; }
endef

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(check_python)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Exact pins, wheels only and no dependency resolution: nothing is built, run or downloaded while installing.
$(SCAN_STAMP): requirements-scanners.txt
	$(check_python)
	$(PYTHON) -m venv $(SCAN_VENV)
	$(SCAN_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(SCAN_VENV)/bin/python -m pip install --quiet --only-binary=:all: --no-deps -r requirements-scanners.txt
	$(SCAN_VENV)/bin/python -m pip check
	@touch $(SCAN_STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund

venv: $(STAMP) $(SCAN_STAMP) $(NODE_STAMP) ## create .venv, .venv-scanners and node_modules (done by the other targets)

demo: $(STAMP) ## run the real state machine locally on events/workflow-request.json
	$(BIN)/aichef run --input events/workflow-request.json

lint: $(STAMP) ## ruff check, ruff format --check and mypy --strict (config in pyproject.toml): 0 findings or fail
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint $(SCAN_STAMP) $(NODE_STAMP) ## lint, then the whole suite (unit, eval, workflow, API, infrastructure, scans)
	$(BIN)/python -m pytest

record: $(STAMP) ## aichef record: Bedrock answers for the replay tests (needs AWS; RECORD_ARGS=--synthetic is offline)
	$(BIN)/aichef record $(RECORD_ARGS)

scan: $(STAMP) $(SCAN_STAMP) ## only the scans: actionlint, zizmor, checkov, cfn-lint
	$(BIN)/python -m pytest tests/infra/test_scans.py

build: $(STAMP) ## sam build (no Docker needed)
	$(BIN)/sam build

$(BENCH_STAMP): $(STAMP) layer/requirements.txt
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(PYTHON) -m venv $(LAMBDA_ENV)
	$(LAMBDA_ENV)/bin/python -m pip install --quiet --upgrade pip
	$(LAMBDA_ENV)/bin/python -m pip install --quiet -r layer/requirements.txt boto3 aws-xray-sdk
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP) ## start-up, cold starts, warm latency, sizes, parallelism, local throughput -> bench/results.json
	$(BIN)/python -m aichef_local.bench

$(MUTATE_STAMP): pyproject.toml
	$(check_python)
	$(PYTHON) -m venv $(MUTATE_VENV)
	$(MUTATE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(MUTATE_VENV)/bin/python -m pip install --quiet -e '.[mutate]'
	@touch $(MUTATE_STAMP)

mutate: $(MUTATE_STAMP) ## mutation score per domain module with tests/unit (slow: an hour or more; MODULES=aichef.units for one)
	$(MUTATE_VENV)/bin/python -m aichef_local.mutation_report $(MODULES)

validate: $(STAMP) ## sam validate --lint
	$(BIN)/sam validate --lint

# make sam-local: its build, engine, image root filesystem and logs live in .sam-local (see docs/sam-local.md).
SAM_LOCAL := .sam-local
SAM_LOCAL_IMAGES := aichef-local/lambda-python3.13

sam-local: $(STAMP) ## every function in a Lambda container (sam local invoke), compared with aichef invoke
	$(BIN)/python -m aichef_local.sam_local $(SAM_LOCAL_ARGS)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/infra/test_sam_local_engine.py

clean: ## remove everything the project creates: venvs, build output, caches, run logs, bench results, images
	@if docker info >/dev/null 2>&1; then \
	  docker image ls -q $(SAM_LOCAL_IMAGES) | sort -u | xargs -r docker image rm -f >/dev/null; fi
	rm -rf $(SAM_LOCAL) $(VENV) $(SCAN_VENV) node_modules .aws-sam api/.aws-sam .pytest_cache .hypothesis .mypy_cache .ruff_cache .aichef build \
	  bench/results.json *.egg-info
	find . -name __pycache__ -type d -prune -not -path './.git/*' -exec rm -rf {} +
