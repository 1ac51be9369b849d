"""Local tooling for AI Chef: the `aichef` command, which runs the deployed state machine file with the real
handlers in-process against moto (no AWS account, no Docker)."""
