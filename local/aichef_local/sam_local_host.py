"""What `make sam-local` asks of this machine: its Lambda architecture, the Debian tools the private engine needs
(installed with apt-get as root), and what is running, mounted or linked on it (/proc and /sys), so the engine can be
stopped by PID and checked for anything left behind."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

SBIN = ("/usr/sbin", "/sbin")
PACKAGE_OF = {
    "dockerd": "docker.io",
    "debootstrap": "debootstrap",
    "ip": "iproute2",
    "unshare": "util-linux",
    "nsenter": "util-linux",
}
"""The Debian package that brings each tool of the private engine and of the image recipe."""
CGROUP_ROOT = Path("/sys/fs/cgroup")


class StepError(Exception):
    """A step of `make sam-local` could not be done: the message says why, and what to install or read."""


def host_architecture(machine: str) -> str:
    """The Lambda architecture of a machine (`platform.machine()`)."""
    lowered = machine.lower()
    if lowered in ("x86_64", "amd64"):
        return "x86_64"
    if lowered in ("aarch64", "arm64"):
        return "arm64"
    raise StepError(f"this machine is {machine}; Lambda runs x86_64 and arm64 only")


def find_tool(name: str) -> str | None:
    """A tool on PATH or in the sbin folders (a user's PATH may lack them)."""
    return shutil.which(name) or shutil.which(name, path=os.pathsep.join(SBIN))


def can_use_debian_recipe() -> str:
    """Why this machine cannot run the Debian recipe ("" when it can): it needs root and apt."""
    if os.geteuid() != 0:
        return "the private engine needs root"
    if not Path("/etc/debian_version").exists() or find_tool("apt-get") is None:
        return "the private engine needs a Debian-based machine (apt-get, /etc/debian_version)"
    return ""


def ensure_tools(tools: tuple[str, ...], log: Path) -> dict[str, str]:
    """The path of each tool, installing the missing ones' Debian packages with apt-get (as root)."""
    missing = sorted({PACKAGE_OF[tool] for tool in tools if find_tool(tool) is None})
    if missing:
        why = can_use_debian_recipe()
        if why:
            raise StepError(f"{why}; install {', '.join(missing)}, or start Docker")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing]
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a") as out:
            for command in (["apt-get", "update", "-q"], install):
                if subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=900).returncode:
                    raise StepError(f"`{' '.join(command)}` failed (see {log}): {tail(log)}")
    found = {tool: find_tool(tool) for tool in tools}
    absent = [tool for tool, path in found.items() if path is None]
    if absent:
        raise StepError(f"{', '.join(absent)} still missing after installing {', '.join(missing)}")
    return {tool: str(path) for tool, path in found.items()}


def alive(pid: int) -> bool:
    """Whether `pid` is a running process (a zombie is not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def terminate(pid: int, seconds: float) -> None:
    """SIGTERM `pid`, then SIGKILL if it is still alive after `seconds`."""
    for signal_number, wait in ((signal.SIGTERM, seconds), (signal.SIGKILL, 5.0)):
        try:
            os.kill(pid, signal_number)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if not alive(pid):
            return


def cmdline(pid: int) -> str:
    """The command line of `pid`, arguments joined by spaces ("" when it is gone)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _pids() -> list[int]:
    return [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]


def processes_mentioning(text: str) -> list[int]:
    """Live processes whose command line contains `text` (this process excluded)."""
    return [pid for pid in _pids() if pid != os.getpid() and text in cmdline(pid) and alive(pid)]


def processes_in_netns(inode: int) -> list[int]:
    """Live processes in the network namespace with this inode."""
    found = []
    for pid in _pids():
        try:
            if os.stat(f"/proc/{pid}/ns/net").st_ino == inode and alive(pid):
                found.append(pid)
        except OSError:
            continue
    return found


def mounts_under(mountinfo: str, root: Path) -> list[str]:
    """Mount points at or under `root` in a /proc/<pid>/mountinfo text (octal escapes such as \\040 decoded)."""
    prefix = str(root).rstrip("/")
    points = []
    for line in mountinfo.splitlines():
        fields = line.split()
        if len(fields) > 4:
            point = re.sub(r"\\([0-7]{3})", lambda match: chr(int(match.group(1), 8)), fields[4])
            if point == prefix or point.startswith(prefix + "/"):
                points.append(point)
    return points


def cgroups_named(name: str, base: Path = CGROUP_ROOT) -> list[Path]:
    """Cgroup folders called `name` under each controller (cgroup v1) or at the top of the unified tree (v2)."""
    if not base.is_dir():
        return []
    return sorted([*base.glob(name), *base.glob(f"*/{name}")])


def remove_empty_cgroups(name: str, base: Path = CGROUP_ROOT) -> None:
    """rmdir the cgroup folders called `name` and their empty children; a busy one stays (and is reported)."""
    for top in cgroups_named(name, base):
        for folder, _, _ in sorted(os.walk(top), key=lambda entry: -len(entry[0])):
            try:
                os.rmdir(folder)
            except OSError:
                continue


def host_interfaces() -> list[str]:
    """The network interfaces of this process's network namespace."""
    return sorted(entry.name for entry in Path("/sys/class/net").iterdir())


def link_names(ip_link_output: str) -> list[str]:
    """Interface names from `ip -o link show` (`3: veth12@if2: <...>` → `veth12`)."""
    names = []
    for line in ip_link_output.splitlines():
        parts = line.split(":", 2)
        if len(parts) == 3:
            names.append(parts[1].strip().split("@", 1)[0])
    return names


def last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def tail(log: Path, lines: int = 3) -> str:
    """The last lines of a log, joined on one line for an error message."""
    try:
        text = log.read_text(errors="replace")
    except OSError:
        return "(no log)"
    return " | ".join(line.strip() for line in text.strip().splitlines()[-lines:])
