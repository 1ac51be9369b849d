#!/usr/bin/env bash
# Run the deployed state machine of one samconfig environment once on events/workflow-request.json and check its
# record: scripts/smoke.sh [default|dev|prod] [options]; `scripts/smoke.sh --help` lists the options.
set -euo pipefail
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/python.sh" smoke_execution.py "$@"
