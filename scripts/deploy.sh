#!/usr/bin/env bash
# Deploy the stack of one samconfig environment: scripts/deploy.sh [default|dev|prod] [options]
# Recovers a stuck stack first (see scripts/deploy_stack.py); `scripts/deploy.sh --help` lists the options.
# Uses the project's .venv (python, boto3, sam) when it exists, otherwise python3 and sam from PATH;
# DEPLOY_PYTHON=/path/to/python chooses the interpreter and leaves PATH alone (the deploy workflow sets it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/../.venv"
python="${DEPLOY_PYTHON:-}"
if [[ -z "$python" ]]; then
  if [[ -x "$venv/bin/python" ]]; then
    python="$venv/bin/python"
    export PATH="$venv/bin:$PATH"
  else
    python=python3
  fi
fi
exec "$python" "$here/deploy_stack.py" "$@"
