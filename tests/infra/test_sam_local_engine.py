"""The private dockerd of `make sam-local` leaves nothing behind: its PID, its network namespace and interfaces, its
mounts, cgroups and files outside its folder are all gone once it stops, after a real container ran in it.

Needs root and Debian's docker.io (dockerd, tini-static), util-linux and iproute2; `make sam-local` installs them and
runs this file after its invocations, so CI runs it for real. Elsewhere it is skipped, saying what is missing.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from aichef_local.sam_local_engine import ENGINE_TOOLS, PrivateDockerd
from aichef_local.sam_local_host import (
    alive,
    cgroups_named,
    find_tool,
    host_interfaces,
    mounts_under,
    processes_in_netns,
    processes_mentioning,
)

TINI = Path("/usr/bin/tini-static")  # statically linked (docker.io's docker-init): an image of one file can run it
MISSING = [tool for tool in ENGINE_TOOLS if find_tool(tool) is None] + ([] if TINI.exists() else [str(TINI)])
pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="the private engine needs root"),
    pytest.mark.skipif(bool(MISSING), reason=f"missing {', '.join(MISSING)} (make sam-local installs them)"),
]


@pytest.fixture
def engine_root() -> Iterator[Path]:
    """A short folder: the engine's unix sockets must fit in 107 characters."""
    with tempfile.TemporaryDirectory(prefix="aichef-engine-") as folder:
        yield Path(folder)


def _one_file_image(path: Path) -> bytes:
    """A tar of the root filesystem {/tini}: enough for `docker import` and `docker run /tini --version`."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        tar.add(path, arcname="tini")
    return buffer.getvalue()


def test_the_private_engine_leaves_no_daemon_namespace_interface_mount_cgroup_or_file_behind(
    engine_root: Path,
) -> None:
    before = host_interfaces()
    key_before = Path("/etc/docker/key.json").exists()
    run_docker_before = Path("/run/docker").exists()
    daemon = PrivateDockerd(engine_root)

    with daemon as engine:
        pid, netns = daemon.pid, daemon.netns
        assert pid is not None and netns is not None and alive(pid)
        assert {"lo", "docker0"} <= set(daemon.interfaces)
        assert "docker0" not in host_interfaces()  # the bridge exists only in the engine's namespace
        docker = ["docker", "--host", engine.env["DOCKER_HOST"]]
        subprocess.run(
            [*docker, "import", "-", "aichef-test/tini:1"], input=_one_file_image(TINI), check=True, capture_output=True
        )
        ran = subprocess.run(
            [*docker, "run", "--rm", "-p", "127.0.0.1::8080", "aichef-test/tini:1", "/tini", "--version"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert ran.returncode == 0, ran.stderr
        assert "tini version" in ran.stdout
        inside = subprocess.run(
            ["nsenter", f"--mount=/proc/{pid}/ns/mnt", "cat", "/proc/self/mountinfo"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert mounts_under(inside, engine_root / "data")  # its mounts are in its own mount namespace...
        assert mounts_under(Path("/proc/self/mountinfo").read_text(), engine_root) == []  # ...not the host's

    assert daemon.leftovers == []
    assert not alive(pid)
    assert processes_in_netns(netns) == []
    assert processes_mentioning(str(engine_root)) == []
    assert host_interfaces() == before
    assert mounts_under(Path("/proc/self/mountinfo").read_text(), engine_root) == []
    assert cgroups_named(daemon.cgroup_parent) == []
    assert Path("/etc/docker/key.json").exists() == key_before
    assert (engine_root / "key.json").is_file()
    assert Path("/run/docker").exists() == run_docker_before
