#!/usr/bin/env bash
# Run one of the delivery scripts in this directory: scripts/python.sh SCRIPT.py [arguments]
# Uses the project's .venv (python, boto3, sam) when it exists, otherwise python3 and sam from PATH;
# DEPLOY_PYTHON=/path/to/python chooses the interpreter and leaves PATH alone (the deploy workflow sets it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
script="$1"
shift
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
exec "$python" "$here/$script" "$@"
