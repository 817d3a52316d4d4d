"""How many CPUs this process may run on: its affinity, and the CPU quota of its control
group (cgroup v2's cpu.max, v1's cpu.cfs_quota_us), which a container (`docker --cpus`)
or a service (systemd's CPUQuota=) sets. The tightest quota on the way from the
process's own group up to the root counts. What the files say is read warily: a few
bytes of each regular file, a bounded number of groups and folders, never a failure."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
OWN = Path("/proc/self/cgroup")
_READ = 4096  # bytes of a control file: cpu.max is a line; /proc/self/cgroup a dozen
_GROUPS = 64  # lines of /proc/self/cgroup looked at
_DEPTH = 64  # folders from a group up to the root


def usable() -> float:
    """The CPUs this process may use at once (infinity: no limit known)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return min(cores, quota())


def quota(root: Path = ROOT, own: Path = OWN) -> float:
    """The CPUs the process's control groups allow, or infinity when none sets a quota
    (or none can be read)."""
    found = [float("inf")]
    for group in _read(own, _READ * 16).splitlines()[:_GROUPS]:
        _, controllers, path = [*group.split(":", 2), "", ""][:3]
        if not controllers:  # v2: one hierarchy, at the root or, on a hybrid host, unified/
            found += [_v2(folder) for base in (root, root / "unified")
                      for folder in _up_from(base, path)]
        elif "cpu" in controllers.split(",") and _plain_name(controllers):
            found += [_v1(folder) for base in (root / controllers, root / "cpu")
                      for folder in _up_from(base, path)]
    return min(found)


def _plain_name(name: str) -> bool:
    return "/" not in name and name not in (".", "..") and "\0" not in name


def _up_from(base: Path, path: str) -> list[Path]:
    """`base`/`path` and each folder above it up to `base`. (In a container the path is
    often the host's, which does not exist there: the container's own limit is at its
    root.)"""
    parts = [part for part in path.split("/") if part and _plain_name(part)][:_DEPTH]
    return [base.joinpath(*parts[:depth]) for depth in range(len(parts), -1, -1)]


def _v2(folder: Path) -> float:
    """cpu.max: "QUOTA PERIOD", or "max PERIOD" for no limit."""
    fields = _read(folder / "cpu.max").split()
    if len(fields) < 2 or fields[0] == "max":
        return float("inf")
    return _ratio(fields[0], fields[1])


def _v1(folder: Path) -> float:
    """cpu.cfs_quota_us (-1 for no limit) over cpu.cfs_period_us."""
    limit = _read(folder / "cpu.cfs_quota_us").strip()
    if not limit or limit.startswith("-"):
        return float("inf")
    return _ratio(limit, _read(folder / "cpu.cfs_period_us").strip())


def _ratio(limit: str, period: str) -> float:
    """limit / period, both whole numbers of microseconds; infinity for anything else or
    a limit of none (0)."""
    try:
        share = int(limit) / int(period)
    except (ValueError, ZeroDivisionError, OverflowError):
        return float("inf")
    return share if share > 0 else float("inf")


def _read(path: Path, limit: int = _READ) -> str:
    """The first `limit` bytes of a regular file as text; "" for anything else (missing,
    unreadable, a directory, a pipe that would block, a device)."""
    with contextlib.suppress(OSError, ValueError):
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            if stat.S_ISREG(os.fstat(fd).st_mode):
                return os.read(fd, limit).decode("ascii", "replace")
        finally:
            os.close(fd)
    return ""
