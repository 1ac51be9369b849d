#!/usr/bin/env bash
# Deploy the stack of one samconfig environment: scripts/deploy.sh [default|dev|prod] [options]
# Recovers a stuck stack first (see scripts/deploy_stack.py); `scripts/deploy.sh --help` lists the options.
set -euo pipefail
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/python.sh" deploy_stack.py "$@"
