"""How many CPUs this process may run on: its affinity, and the CPU quota of its control
group (cgroup v2's cpu.max, v1's cpu.cfs_quota_us), which a container (`docker --cpus`)
or a service (systemd's CPUQuota=) sets. The tightest quota on the way from the
process's own group up to the root counts."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
OWN = Path("/proc/self/cgroup")


def usable() -> float:
    """The CPUs this process may use at once (infinity: no limit known)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return min(cores, quota())


def quota(root: Path = ROOT, own: Path = OWN) -> float:
    """The CPUs the process's control groups allow, or infinity when none sets a quota
    (or none can be read)."""
    try:
        groups = own.read_text().splitlines()
    except (OSError, UnicodeDecodeError):
        groups = []
    found = [float("inf")]
    for group in groups:
        _, controllers, path = [*group.split(":", 2), "", ""][:3]
        if not controllers:  # v2: one hierarchy, at the root or, on a hybrid host, unified/
            found += [_v2(folder) for base in (root, root / "unified")
                      for folder in _up_from(base, path)]
        elif "cpu" in controllers.split(","):
            found += [_v1(folder) for base in (root / controllers, root / "cpu")
                      for folder in _up_from(base, path)]
    return min(found)


def _up_from(base: Path, path: str) -> list[Path]:
    """`base`/`path` and each folder above it up to `base`. (In a container the path is
    often the host's, which does not exist there: the container's own limit is at its
    root.)"""
    parts = [part for part in path.split("/") if part and part not in (".", "..")]
    return [base.joinpath(*parts[:depth]) for depth in range(len(parts), -1, -1)]


def _v2(folder: Path) -> float:
    """cpu.max: "QUOTA PERIOD", or "max PERIOD" for no limit."""
    try:
        quota_text, period = (folder / "cpu.max").read_text().split()[:2]
        return float("inf") if quota_text == "max" else int(quota_text) / int(period)
    except (OSError, ValueError, ZeroDivisionError, UnicodeDecodeError):
        return float("inf")


def _v1(folder: Path) -> float:
    """cpu.cfs_quota_us (-1 for no limit) over cpu.cfs_period_us."""
    try:
        limit = int((folder / "cpu.cfs_quota_us").read_text())
        period = int((folder / "cpu.cfs_period_us").read_text())
        return float("inf") if limit <= 0 else limit / period
    except (OSError, ValueError, ZeroDivisionError, UnicodeDecodeError):
        return float("inf")
