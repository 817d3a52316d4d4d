"""The CPUs a sync may use (backends/xlsx/cores.py), read from control-group files laid
out as Linux lays them out: cgroup v2 (a container's root, a systemd service's own group,
a hybrid host's unified/), cgroup v1 (cpu,cpuacct), none at all, and files that lie."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from skillsync.backends.xlsx import cores

INF = float("inf")


def layout(tmp_path: Path, own: str, files: dict[str, str]) -> tuple[Path, Path]:
    root = tmp_path / "cgroup"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    proc = tmp_path / "proc-self-cgroup"
    proc.write_text(own)
    return root, proc


CASES = {
    "v2 container, --cpus 1": ("0::/\n", {"cpu.max": "100000 100000\n"}, 1.0),
    "v2 no limit": ("0::/\n", {"cpu.max": "max 100000\n"}, INF),
    "v2 service CPUQuota=150%": (
        "0::/system.slice/sync.service\n",
        {"cpu.max": "max 100000\n", "system.slice/cpu.max": "max 100000\n",
         "system.slice/sync.service/cpu.max": "150000 100000\n"}, 1.5),
    "v2 slice tighter than service": (
        "0::/user.slice/run.scope\n",
        {"user.slice/cpu.max": "50000 100000\n",
         "user.slice/run.scope/cpu.max": "max 100000\n"}, 0.5),
    "v2 host path not in container": (
        "0::/kubepods/pod1/abc\n", {"cpu.max": "200000 100000\n"}, 2.0),
    "v2 hybrid unified": ("0::/job\n", {"unified/job/cpu.max": "100000 100000\n"}, 1.0),
    "v1 docker --cpus 1": (
        "4:memory:/docker/abc\n3:cpu,cpuacct:/docker/abc\n0::/\n",
        {"cpu,cpuacct/docker/abc/cpu.cfs_quota_us": "100000\n",
         "cpu,cpuacct/docker/abc/cpu.cfs_period_us": "100000\n"}, 1.0),
    "v1 no limit": ("3:cpu,cpuacct:/\n", {"cpu,cpuacct/cpu.cfs_quota_us": "-1\n",
                                           "cpu,cpuacct/cpu.cfs_period_us": "100000\n"}, INF),
    "v1 container's own root": ("2:cpu:/docker/abc\n", {"cpu/cpu.cfs_quota_us": "50000\n",
                                                        "cpu/cpu.cfs_period_us": "100000\n"}, 0.5),
    "no files": ("0::/\n", {}, INF),
    "lying files": ("0::/../../etc\n1:cpu:/x\n", {"cpu.max": "lots\n", "x": "1",
                                                    "cpu/cpu.cfs_quota_us": "0\n",
                                                    "cpu/cpu.cfs_period_us": "0\n"}, INF),
    "zero period": ("0::/\n", {"cpu.max": "100000 0\n"}, INF),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_tightest_quota_on_the_way_to_the_root_counts(tmp_path, case):
    own, files, expected = CASES[case]
    root, proc = layout(tmp_path, own, files)
    assert cores.quota(root, proc) == expected


def test_no_control_groups_to_read_is_no_limit(tmp_path):
    assert cores.quota(tmp_path / "absent", tmp_path / "absent-too") == INF


def test_a_quota_of_one_core_leaves_one_core_usable(monkeypatch):
    monkeypatch.setattr(cores, "quota", lambda: 1.0)
    assert cores.usable() == 1.0


def test_files_that_would_block_or_never_end_are_not_read(tmp_path):
    """A pipe (which would block) and a device (which never ends) read as no limit."""
    root, proc = layout(tmp_path, "0::/a\n1:cpu:/\n", {"a/x": ""})
    os.mkfifo(root / "cpu.max")
    (root / "a" / "cpu.max").symlink_to("/dev/zero")
    (root / "cpu").mkdir()
    os.mkfifo(root / "cpu" / "cpu.cfs_quota_us")
    assert cores.quota(root, proc) == INF
    fifo = tmp_path / "own-fifo"
    os.mkfifo(fifo)
    assert cores.quota(root, fifo) == INF


@pytest.mark.parametrize(("own", "files"), [
    ("0::/\n", {"cpu.max": "1" + "0" * 400 + " 1\n"}),  # past a float: no OverflowError
    ("0::/\n", {"cpu.max": "1e400 1\n"}),
    ("3:../outside,cpu:/\n", {"../outside,cpu/cpu.cfs_quota_us": "50000\n",
                              "../outside,cpu/cpu.cfs_period_us": "100000\n"}),
    ("0::/" + "a/" * 20_000 + "\n", {}),
])
def test_lying_control_files_never_raise_nor_leave_the_root(tmp_path, own, files):
    root, proc = layout(tmp_path, own, files)
    assert cores.quota(root, proc) == INF
