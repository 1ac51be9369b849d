"""The image `sam local invoke` starts from: AWS's Lambda base image when the engine can pull it, otherwise a
Lambda-like image built from Debian packages and PyPI only.

SAM CLI builds `FROM <image>` + its own runtime interface emulator and runs `/var/runtime/bootstrap`, so that file
and what it starts are the whole contract: a minbase Debian trixie root filesystem with python3.13, `awslambdaric`
and `boto3` in /var/runtime, a bootstrap that runs `python3.13 -m awslambdaric "$_HANDLER"`, and the base image's
environment, brought in with `docker import`. The apt mirror is the machine's own (its apt configuration, read at
run time).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from aichef_local.sam_local_engine import Engine
from aichef_local.sam_local_host import StepError, ensure_tools

OFFICIAL_IMAGE = "public.ecr.aws/lambda/python:3.13-{arch}"
"""The tag SAM CLI itself uses for a python3.13 function of that architecture."""
SUITE = "trixie"
PYTHON = "python3.13"
AWSLAMBDARIC = "awslambdaric==4.2.2"
DEBIAN_ARCH = {"x86_64": "amd64", "arm64": "arm64"}
WHEEL_PLATFORM = {"x86_64": "manylinux2014_x86_64", "arm64": "manylinux2014_aarch64"}
PIP_TARGET = (
    "--quiet",
    "--no-warn-conflicts",
    "--only-binary=:all:",
    "--python-version",
    "3.13",
    "--implementation",
    "cp",
)
"""Wheels for the image's Python, whatever the machine's: no build step, no compiler."""
STAMP = ".aichef-rootfs"
"""Written last into a complete root filesystem: what it was built as."""
TRIMMED = (
    "var/cache/apt/archives",
    "var/lib/apt/lists",
    "usr/share/doc",
    "usr/share/man",
    "usr/share/locale",
    "usr/share/info",
)
"""Left out of the image: apt's downloads and lists, documentation and translations (nothing imports them)."""

# The Lambda Python runtime's search order: the function, the layers, then the runtime's own libraries.
# https://docs.aws.amazon.com/lambda/latest/dg/python-package.html (Dependency search path)
BOOTSTRAP = f"""#!/bin/sh
export AWS_EXECUTION_ENV=AWS_Lambda_{PYTHON}
export PYTHONPATH=/var/task:/opt/python/lib/{PYTHON}/site-packages:/opt/python:/var/runtime
exec /usr/bin/{PYTHON} -m awslambdaric "$_HANDLER"
"""
# The base image's configuration (aws-lambda-base-images, Dockerfile.python3.13), less /var/lang, which holds AWS's
# own Python build; C.UTF-8 because minbase has no en_US locale.
IMAGE_CONFIG = (
    "ENV LANG=C.UTF-8",
    "ENV TZ=:/etc/localtime",
    "ENV PATH=/usr/local/bin:/usr/bin:/bin:/opt/bin",
    "ENV LD_LIBRARY_PATH=/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib",
    "ENV LAMBDA_TASK_ROOT=/var/task",
    "ENV LAMBDA_RUNTIME_DIR=/var/runtime",
    "WORKDIR /var/task",
)


def runtime_requirements() -> list[str]:
    """awslambdaric, and the boto3 and botocore the in-process run uses, so both sides import the same SDK."""
    return [AWSLAMBDARIC, *(f"{name}=={importlib.metadata.version(name)}" for name in ("boto3", "botocore"))]


def image_tag(arch: str, requirements: list[str]) -> str:
    """The image's name, with a digest of its recipe: a changed recipe is a new image."""
    recipe = json.dumps([SUITE, PYTHON, arch, requirements, BOOTSTRAP, IMAGE_CONFIG, TRIMMED])
    return f"aichef-local/lambda-{PYTHON}:{SUITE}-{arch}-{hashlib.sha256(recipe.encode()).hexdigest()[:12]}"


def apt_mirror(sources: list[tuple[str, str]]) -> str | None:
    """The first Debian archive of the machine's apt sources (deb, component main, not a security suite): one-line
    `.list` files and deb822 `.sources` files, as (file name, text)."""
    for name, text in sources:
        entries = _deb822_entries(text) if name.endswith(".sources") else _one_line_entries(text)
        for types, uris, suites, components in entries:
            if "deb" not in types or "main" not in components:
                continue
            if all(suite.endswith("-security") or "/updates" in suite for suite in suites):
                continue
            for uri in uris:
                if uri.startswith(("http://", "https://", "file:/")):
                    return uri
    return None


def _one_line_entries(text: str) -> list[tuple[list[str], list[str], list[str], list[str]]]:
    entries = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith(("deb ", "deb-src ")):
            kind, rest = line.split(None, 1)
            if rest.startswith("["):
                rest = rest.split("]", 1)[1] if "]" in rest else ""
            words = rest.split()
            if len(words) >= 2:
                entries.append(([kind], [words[0]], [words[1]], words[2:]))
    return entries


def _deb822_entries(text: str) -> list[tuple[list[str], list[str], list[str], list[str]]]:
    entries = []
    for stanza in _stanzas(text):
        if stanza.get("enabled", "yes").lower() == "no":
            continue
        fields = [stanza.get(key, "").split() for key in ("types", "uris", "suites", "components")]
        entries.append((fields[0], fields[1], fields[2], fields[3]))
    return entries


def _stanzas(text: str) -> list[dict[str, str]]:
    stanzas: list[dict[str, str]] = []
    current: dict[str, str] = {}
    key = ""
    for raw in [*text.splitlines(), ""]:
        if raw.startswith("#"):
            continue
        if not raw.strip():
            if current:
                stanzas.append(current)
            current, key = {}, ""
        elif raw[0] in " \t" and key:
            current[key] += " " + raw.strip()
        elif ":" in raw:
            key, value = raw.split(":", 1)
            key = key.strip().lower()
            current[key] = value.strip()
    return stanzas


def read_apt_sources(etc: Path = Path("/etc/apt")) -> list[tuple[str, str]]:
    """This machine's apt source files, in apt's order: sources.list, then sources.list.d/ by name."""
    files = [etc / "sources.list", *sorted((etc / "sources.list.d").glob("*"))]
    return [
        (path.name, path.read_text(errors="replace"))
        for path in files
        if path.is_file() and path.name.endswith((".list", ".sources"))
    ]


def pull_official(engine: Engine, arch: str, log: Path) -> str | None:
    """AWS's base image for python3.13 on `arch`, when the engine can pull it; None otherwise."""
    image = OFFICIAL_IMAGE.format(arch=arch)
    with log.open("a") as out:
        pulled = subprocess.run(
            ["docker", "pull", image],
            env=engine.environ(),
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=600,
            check=False,
        )
    return image if pulled.returncode == 0 else None


def has_image(engine: Engine, tag: str) -> bool:
    return (
        subprocess.run(
            ["docker", "image", "inspect", tag], env=engine.environ(), capture_output=True, check=False
        ).returncode
        == 0
    )


def build_debian_image(engine: Engine, work: Path, arch: str, log: Path) -> str:
    """The Lambda-like image in `engine`, built unless its tag is there already; its tag."""
    requirements = runtime_requirements()
    tag = image_tag(arch, requirements)
    if has_image(engine, tag):
        return tag
    rootfs = _root_filesystem(work / "rootfs", arch, log)
    runtime = rootfs / "var" / "runtime"
    shutil.rmtree(runtime, ignore_errors=True)
    pip = [sys.executable, "-m", "pip", "install", *PIP_TARGET, "--platform", WHEEL_PLATFORM[arch]]
    # pip's cache in the work folder, like everything make sam-local keeps
    _run([*pip, "--target", str(runtime), *requirements], log, "pip install", {"PIP_CACHE_DIR": str(work / "pip")})
    (runtime / "bootstrap").write_text(BOOTSTRAP)
    (runtime / "bootstrap").chmod(0o755)
    for folder in ("var/task", "opt"):
        (rootfs / folder).mkdir(parents=True, exist_ok=True)
    _import(engine, rootfs, tag, log)
    _remove_other_tags(engine, tag)
    return tag


def _remove_other_tags(engine: Engine, tag: str) -> None:
    """Images of an older recipe: replaced by this one, so the engine's disk holds one."""
    repository = tag.split(":", 1)[0]
    listed = subprocess.run(["docker", "image", "ls", "--format", "{{.Repository}}:{{.Tag}}", repository],
                            env=engine.environ(), capture_output=True, text=True, check=False)  # fmt: skip
    older = [name for name in listed.stdout.split() if name != tag]
    if older:
        subprocess.run(["docker", "image", "rm", *older], env=engine.environ(), capture_output=True, check=False)


def _root_filesystem(rootfs: Path, arch: str, log: Path) -> Path:
    """minbase Debian with python3.13 from the machine's apt mirror, trimmed; kept (and reused) once complete."""
    stamp = rootfs / STAMP
    wanted = f"{SUITE} {PYTHON} {DEBIAN_ARCH[arch]}"
    if stamp.is_file() and stamp.read_text() == wanted:
        return rootfs
    debootstrap = ensure_tools(("debootstrap",), log)["debootstrap"]
    mirror = apt_mirror(read_apt_sources())
    if mirror is None:
        raise StepError("no Debian archive in this machine's apt sources (/etc/apt) for debootstrap")
    shutil.rmtree(rootfs, ignore_errors=True)
    options = ["--variant=minbase", f"--arch={DEBIAN_ARCH[arch]}", f"--include={PYTHON}"]
    _run([debootstrap, *options, SUITE, str(rootfs), mirror], log, f"debootstrap {SUITE}")
    for relative in TRIMMED:
        shutil.rmtree(rootfs / relative, ignore_errors=True)
    stamp.write_text(wanted)
    return rootfs


def _import(engine: Engine, rootfs: Path, tag: str, log: Path) -> None:
    """`tar | docker import` of the root filesystem with the base image's configuration."""
    changes = [argument for change in IMAGE_CONFIG for argument in ("--change", change)]
    with log.open("a") as out:
        tar = subprocess.Popen(
            ["tar", "-C", str(rootfs), f"--exclude=./{STAMP}", "-c", "."], stdout=subprocess.PIPE, stderr=out
        )
        assert tar.stdout is not None
        with tar.stdout:
            imported = subprocess.run(["docker", "import", *changes, "-", tag], env=engine.environ(), stdin=tar.stdout,
                                      stdout=out, stderr=subprocess.STDOUT, timeout=600, check=False)  # fmt: skip
        tar.wait()
    if imported.returncode != 0 or tar.returncode != 0:
        raise StepError(f"docker import of {rootfs} failed (see {log})")


def _run(command: list[str], log: Path, what: str, env: dict[str, str] | None = None) -> None:
    with log.open("a") as out:
        out.write(f"$ {' '.join(command)}\n")
        out.flush()
        done = subprocess.run(command, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT,
                              timeout=1800, check=False)  # fmt: skip
        if done.returncode:
            raise StepError(f"{what} failed (see {log})")
