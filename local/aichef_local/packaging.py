"""What `sam deploy` uploads, measured: zipped sizes and packages that must never be bundled. Shared by the bench
and the build tests, so both measure the same way."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

# Provided by the Lambda python3.13 runtime, or test-only: never bundled into a function or the layer.
NEVER_BUNDLED = ("boto3", "botocore", "pytest", "moto", "_pytest", "s3transfer")


def zipped_size(directory: Path) -> int:
    """Bytes of `directory` zipped the way `sam deploy` uploads it (deflate)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(directory))
    return buffer.tell()


def forbidden_packages(directory: Path) -> list[str]:
    """The NEVER_BUNDLED packages present at the top of `directory` (as a package, module or .dist-info)."""
    if not directory.is_dir():
        return []
    names = {entry.name.split("-")[0].split(".")[0].lower() for entry in directory.iterdir()}
    return sorted(name for name in NEVER_BUNDLED if name in names)
