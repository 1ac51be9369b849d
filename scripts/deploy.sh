#!/usr/bin/env bash
# Deploy the stack of one samconfig environment: scripts/deploy.sh [default|dev|prod] [options]
# Recovers a stuck stack first (see scripts/deploy_stack.py); `scripts/deploy.sh --help` lists the options.
# Uses the project's .venv when it exists (make venv), otherwise python3 (which needs boto3).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${DEPLOY_PYTHON:-}"
if [[ -z "$python" ]]; then
  if [[ -x "$here/../.venv/bin/python" ]]; then python="$here/../.venv/bin/python"; else python=python3; fi
fi
exec "$python" "$here/deploy_stack.py" "$@"
