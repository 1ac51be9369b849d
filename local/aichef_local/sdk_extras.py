"""botocore as the Lambda runtime has it: without the AWS Common Runtime (awscrt) and urllib3's pyOpenSSL shim, which
SAM CLI installs into the development virtualenv and botocore would otherwise import at start-up.

The Python runtime's environment is the interpreter and the SDK for Python (boto3, botocore and their dependencies;
https://docs.aws.amazon.com/lambda/latest/dg/lambda-python.html); awscrt comes only with the opt-in `botocore[crt]`
extra, and pyOpenSSL with neither. The requests the runner makes (DynamoDB, Lambda, Step Functions, Bedrock) sign
with SigV4 and need no CRT feature (SigV4a, CRT checksums), so what differs is only what is imported."""

from __future__ import annotations

import sys

OPTIONAL = ("awscrt", "urllib3.contrib.pyopenssl")
"""What botocore imports only if present: awscrt (then HAS_CRT, for SigV4a and CRT checksums; the Lambda runtime has
no awscrt) and urllib3's pyOpenSSL shim (only to read back the standard library's SSLContext, which is what it gets
anyway). Together they were ~0.2 s of every `aichef` start (pyOpenSSL, cryptography, the CRT's native library)."""


def botocore_without_optional_extras() -> bool:
    """Import botocore with its optional extras hidden, so it takes its standard-library paths, as in Lambda;
    afterwards they can be imported again (nothing else here uses them). False when botocore was already loaded."""
    if "botocore.compat" in sys.modules:
        return False
    hidden = [name for name in OPTIONAL if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # import raises ImportError (PEP 451)
    try:
        import botocore.compat
        import botocore.httpsession  # noqa: F401  # reads the SSLContext at import
    finally:
        for name in hidden:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]
    return not botocore.compat.HAS_CRT
