"""The container engine of `make sam-local`: the user's own Docker when `docker info` answers; otherwise, as root on a
Debian-based machine, a private dockerd from Debian's docker.io that touches nothing of the host's.

The private dockerd runs in a network and a mount namespace of its own (`unshare`): its bridge, veths and published
loopback ports, and its overlay mounts, exist only there and vanish with it; `--iptables=false --ip-forward=false
--ip-masq=false` keep it off the firewall and sysctls; `/run` is a private tmpfs and the daemon's key, configuration,
data and state live in its folder. `sam local invoke` enters the same network namespace (`nsenter --net`) to reach
the container's published port. It is stopped by the PID in its pidfile, and `stop()` reports anything left behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from aichef_local.sam_local_host import (
    StepError,
    alive,
    cgroups_named,
    cmdline,
    ensure_tools,
    host_interfaces,
    last_line,
    link_names,
    mounts_under,
    processes_in_netns,
    processes_mentioning,
    remove_empty_cgroups,
    tail,
    terminate,
)

ENGINE_TOOLS = ("dockerd", "ip", "unshare", "nsenter")
SOCKET_PATH_LIMIT = 107
"""sun_path holds 108 bytes on Linux, the terminating NUL included."""
DOCKER_LINKS = ("docker", "veth", "br-")
"""Names dockerd gives the links it creates: its bridges and each container's veth pair."""
START_SECONDS = 60
STOP_SECONDS = 30


@dataclass(frozen=True)
class Engine:
    """Where `docker` and `sam` find the engine: the environment they need and the command prefix of `sam`."""

    name: str
    env: dict[str, str]
    sam_prefix: tuple[str, ...] = ()
    can_pull: bool = True

    def environ(self) -> dict[str, str]:
        """This process's environment with the engine's variables."""
        return {**os.environ, **self.env}


def user_docker(env: dict[str, str]) -> tuple[Engine | None, str]:
    """The user's Docker when `docker info` answers (with the endpoint of the current context for SAM, which reads
    only DOCKER_HOST), else None and why not."""
    docker = shutil.which("docker", path=env.get("PATH"))
    if docker is None:
        return None, "no docker command on PATH"
    try:
        info = _ask(docker, env, "info", "--format", "{{.ServerVersion}}")
    except subprocess.TimeoutExpired:
        return None, "`docker info` did not answer in 30 s"
    if info.returncode != 0:
        return None, f"`docker info`: {last_line(info.stderr) or f'exit {info.returncode}'}"
    host = env.get("DOCKER_HOST", "")
    if not host:
        context = _ask(docker, env, "context", "inspect", "--format", "{{.Endpoints.docker.Host}}")
        host = context.stdout.strip() if context.returncode == 0 else ""
    engine_env = {"DOCKER_HOST": host} if host else {}
    return Engine(f"your Docker {info.stdout.strip()} ({host or 'default socket'})", engine_env), ""


def _ask(docker: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([docker, *args], env=env, capture_output=True, text=True, timeout=30, check=False)


@dataclass
class _Running:
    pid: int
    netns: int
    interfaces: list[str]
    host_interfaces_before: set[str]
    process: subprocess.Popen[bytes]


@dataclass
class PrivateDockerd:
    """dockerd in network and mount namespaces of its own, with every file in `root`; a context manager."""

    root: Path
    leftovers: list[str] = field(default_factory=list)
    _running: _Running | None = None

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        self.socket = self.root / "docker.sock"
        self.pidfile = self.root / "dockerd.pid"
        self.log = self.root / "dockerd.log"
        self.cgroup_parent = "aichef-sam-local-" + hashlib.sha256(str(self.root).encode()).hexdigest()[:8]

    @property
    def pid(self) -> int | None:
        """The running dockerd's PID (from its pidfile)."""
        return self._running.pid if self._running else None

    @property
    def netns(self) -> int | None:
        """The inode of the running dockerd's network namespace."""
        return self._running.netns if self._running else None

    @property
    def interfaces(self) -> list[str]:
        """The network interfaces inside the engine's namespace when it started (lo, docker0)."""
        return list(self._running.interfaces) if self._running else []

    def __enter__(self) -> Engine:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.leftovers = self.stop()

    def command(self, tools: dict[str, str]) -> list[str]:
        """unshare → sh (loopback up, private /run) → exec dockerd with its folders, socket and pidfile."""
        setup = 'set -e; "$1" link set lo up; mount -t tmpfs -o mode=0755 tmpfs /run; shift; exec "$@"'
        namespaces = [
            tools["unshare"],
            "--net",
            "--mount",
            "--propagation",
            "private",
            "--fork",
            "--kill-child=SIGTERM",
        ]
        folders = {
            "--config-file": self.root / "daemon.json",
            "--data-root": self.root / "data",
            "--exec-root": self.root / "exec",
            "--pidfile": self.pidfile,
            "--host": f"unix://{self.socket}",
            "--cgroup-parent": self.cgroup_parent,
        }
        isolation = ["--iptables=false", "--ip-forward=false", "--ip-masq=false"]
        daemon = [tools["dockerd"], *(f"{flag}={value}" for flag, value in folders.items()), *isolation]
        return [*namespaces, "--", "/bin/sh", "-c", setup, "sh", tools["ip"], *daemon]

    def start(self) -> Engine:
        longest = self.root / "exec" / "containerd" / "containerd.sock.ttrpc"
        if len(str(longest)) > SOCKET_PATH_LIMIT:
            raise StepError(
                f"{self.root} is too deep for the engine's unix sockets ({len(str(longest))} > "
                f"{SOCKET_PATH_LIMIT} characters in {longest}); run from a shorter path"
            )
        tools = ensure_tools(ENGINE_TOOLS, self.root / "apt.log")
        self._stop_stale()
        (self.root / "data").mkdir(parents=True, exist_ok=True)
        (self.root / "exec").mkdir(exist_ok=True)
        # the daemon's identity key would go to /etc/docker/key.json; this keeps it in the engine's folder
        (self.root / "daemon.json").write_text(json.dumps({"deprecated-key-path": str(self.root / "key.json")}))
        self.pidfile.unlink(missing_ok=True)
        before = set(host_interfaces())
        with self.log.open("ab") as out:
            process = subprocess.Popen(
                self.command(tools), stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,
            )  # fmt: skip
        self._running = _Running(0, 0, [], before, process)  # dockerd's PID comes with its pidfile
        try:
            pid = self._wait_until_it_answers(process)
            netns = os.stat(f"/proc/{pid}/ns/net").st_ino
            enter = (tools["nsenter"], f"--net=/proc/{pid}/ns/net", "--")
            inside = subprocess.run(
                [*enter, tools["ip"], "-o", "link", "show"], capture_output=True, text=True, check=False
            )
            self._running = _Running(pid, netns, link_names(inside.stdout), before, process)
        except BaseException:
            self.leftovers = self.stop()
            raise
        name = f"private dockerd (pid {pid}, {self.socket})"
        return Engine(name, {"DOCKER_HOST": f"unix://{self.socket}"}, enter, can_pull=False)

    def _wait_until_it_answers(self, process: subprocess.Popen[bytes]) -> int:
        """dockerd's PID once it has written its pidfile and answers on its socket."""
        deadline = time.monotonic() + START_SECONDS
        while not (self.pidfile.exists() and _answers(self.socket)):
            if process.poll() is not None:
                raise StepError(
                    f"dockerd stopped while starting (exit {process.returncode}): {tail(self.log)}; "
                    "the private engine needs root, namespaces (unshare) and overlay or vfs storage"
                )
            if time.monotonic() > deadline:
                raise StepError(f"dockerd did not answer on {self.socket} in {START_SECONDS} s: {tail(self.log)}")
            time.sleep(0.2)
        pid = _pid(self.pidfile)
        if pid is None:
            raise StepError(f"{self.pidfile} holds no PID")
        return pid

    def stop(self) -> list[str]:
        """Stop dockerd by its PID (TERM, then KILL after STOP_SECONDS); remove its empty cgroups; what is left."""
        running, self._running = self._running, None
        if running is None:
            return []
        pid = running.pid or _pid(self.pidfile)
        if pid:
            terminate(pid, STOP_SECONDS)
        running.process.terminate()  # unshare: --kill-child passes it on to a dockerd that never wrote its pidfile
        try:
            running.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            running.process.kill()
            running.process.wait()
        for other in processes_mentioning(str(self.root)):  # a containerd or shim that outlived dockerd: ours by path
            terminate(other, 5)
        remove_empty_cgroups(self.cgroup_parent)
        return self.check(running, pid or running.process.pid)

    def check(self, running: _Running, pid: int) -> list[str]:
        """Everything of this engine still present: its daemon, processes, mounts, cgroups, network interfaces."""
        found = []
        if alive(pid):
            found.append(f"dockerd (pid {pid}) is still running")
        found += [f"process {pid} mentions {self.root}" for pid in processes_mentioning(str(self.root))]
        if running.netns:
            found += [
                f"process {pid} is in the engine's network namespace" for pid in processes_in_netns(running.netns)
            ]
        mountinfo = Path("/proc/self/mountinfo").read_text()
        found += [f"mount {point}" for point in mounts_under(mountinfo, self.root)]
        found += [f"cgroup {path}" for path in cgroups_named(self.cgroup_parent)]
        appeared = set(host_interfaces()) - running.host_interfaces_before
        dockers = [name for name in sorted(appeared) if name in running.interfaces or name.startswith(DOCKER_LINKS)]
        found += [f"network interface {name} on the host" for name in dockers]
        return found

    def _stop_stale(self) -> None:
        """A dockerd left running on this folder by an interrupted run (its pidfile's PID, if it names our folder)."""
        pid = _pid(self.pidfile)
        if pid is not None and alive(pid) and str(self.root) in cmdline(pid):
            terminate(pid, STOP_SECONDS)


def _answers(path: Path) -> bool:
    """Whether the Docker API on the unix socket answers /_ping with 200."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(2)
            client.connect(str(path))
            client.sendall(b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n")
            return b" 200 " in client.recv(256).split(b"\r\n", 1)[0]
    except OSError:
        return False


def _pid(pidfile: Path) -> int | None:
    try:
        return int(pidfile.read_text().strip())
    except (OSError, ValueError):
        return None
