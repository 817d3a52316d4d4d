"""Files and folders skillsync writes, as the nightly job meets them (issue 11, classes 3, 8,
9 and 15): a state folder it did not create, a workbook someone else owns or made
read-only, a backup killed midway, a digest path that is a link or an old public file.

The tests run as root, so another owner is made with os.chown, and a plain user's run is a
forked child that drops to `nobody` after everything it needs is imported.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile import ROOT, cli, one_clear_line, small_workbook

from skillsync.cli import main

OTHER = 12345  # a uid and gid nobody on the machine has
NOBODY = 65534


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.fixture()
def workbook(tmp_path) -> Path:
    return small_workbook(tmp_path / "inventory.xlsx")


# --- 3. the state folder ---------------------------------------------------------------------

def test_a_shared_state_folder_is_refused_and_keeps_its_mode(workbook, tmp_path, monkeypatch):
    shared = tmp_path / "tmp-like"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(shared))
    before = workbook.read_bytes()
    code, _, err = cli("sync", workbook)
    assert code == 2
    assert "written by others" in one_clear_line(err)
    assert mode(shared) == 0o1777
    assert workbook.read_bytes() == before


def test_an_existing_private_enough_folder_keeps_its_mode(workbook, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    os.chmod(home, 0o755)
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(home))
    code, _, err = cli("sync", workbook)
    assert code == 0, err
    assert mode(home) == 0o755
    assert mode(home / "backups") == 0o700 and mode(home / "digests") == 0o700
    assert all(mode(f) == 0o600 for f in (home / "backups").rglob("*") if f.is_file())


def test_a_state_folder_of_another_user_is_refused(workbook, tmp_path, monkeypatch):
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o700)
    os.chown(theirs, OTHER, OTHER)
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(theirs))
    code, _, err = cli("sync", workbook)
    assert code == 2 and "another user" in one_clear_line(err)
    assert theirs.stat().st_uid == OTHER and mode(theirs) == 0o700


def test_a_new_state_folder_is_created_private_whatever_the_umask(workbook, tmp_path,
                                                                  monkeypatch):
    fresh = tmp_path / "new" / "state"
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(fresh))
    old = os.umask(0)
    try:
        code, _, err = cli("sync", workbook)
    finally:
        os.umask(old)
    assert code == 0, err
    assert mode(fresh) == 0o700 and mode(fresh / "backups") == 0o700


# --- 8. the workbook's own permissions -------------------------------------------------------

def test_a_read_only_workbook_is_not_replaced(workbook):
    os.chmod(workbook, 0o444)
    before = workbook.read_bytes()
    code, _, err = cli("sync", workbook)
    assert code == 3 and "read-only" in one_clear_line(err)
    assert workbook.read_bytes() == before and mode(workbook) == 0o444
    assert cli("check", workbook)[0] == 0  # reading is still fine
    assert cli("sync", workbook, "--dry-run")[0] == 0


def test_another_users_workbook_keeps_its_owner_group_and_mode(workbook):
    os.chown(workbook, OTHER, OTHER)
    os.chmod(workbook, 0o640)
    code, _, err = cli("sync", workbook)
    assert code == 0, err
    info = workbook.stat()
    assert (info.st_uid, info.st_gid, mode(workbook)) == (OTHER, OTHER, 0o640)
    assert b"Skills" in workbook.read_bytes() or info.st_size > 0


def as_nobody(*args: object) -> tuple[int, str]:
    """The CLI run by `nobody` in a forked child (imports are done by the parent)."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop privileges, run, report, and leave without cleanup
        try:
            os.close(reader)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            result = CliRunner().invoke(main, [str(a) for a in args])
            payload = (result.exit_code, result.stderr)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, not raised
            payload = (99, repr(exc))
        os.write(writer, pickle.dumps(payload))
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return pickle.loads(data)


@pytest.fixture()
def public(tmp_path, monkeypatch):
    """A folder `nobody` can reach (pytest's own are private to root), with a workbook and
    a state folder of nobody's; every module a sync imports is loaded before any fork."""
    warm = small_workbook(tmp_path / "warm.xlsx")
    assert cli("sync", warm, "--digest", tmp_path / "warm.html")[0] == 0
    folder = Path(tempfile.mkdtemp(prefix="skillsync-nobody-"))
    os.chmod(folder, 0o777)
    state = folder / "state"
    state.mkdir(mode=0o700)
    os.chown(state, NOBODY, NOBODY)
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(state))
    yield small_workbook(folder / "inventory.xlsx")
    shutil.rmtree(folder)


def test_a_plain_user_does_not_take_over_a_colleagues_workbook(public):
    os.chmod(public, 0o666)  # writable by all, owned by root
    before = public.read_bytes()
    code, err = as_nobody("sync", public)
    assert code == 3, err
    assert "belongs to root" in one_clear_line(err)
    assert public.read_bytes() == before and public.stat().st_uid == 0


def test_a_plain_user_syncs_their_own_workbook(public):
    os.chown(public, NOBODY, NOBODY)
    code, err = as_nobody("sync", public)
    assert code == 0, err
    assert public.stat().st_uid == NOBODY


def test_an_unwritable_workbook_folder_is_exit_3(public):
    os.chown(public, NOBODY, NOBODY)
    os.chmod(public.parent, 0o755)  # nobody may not create files beside the workbook
    code, err = as_nobody("sync", public)
    assert code == 3 and "cannot write into" in one_clear_line(err)


def test_an_unwritable_state_folder_is_exit_2(public, monkeypatch):
    os.chown(public, NOBODY, NOBODY)
    state = public.parent / "read-only-state"
    state.mkdir(mode=0o555)
    os.chown(state, NOBODY, NOBODY)
    monkeypatch.setenv("SKILLSYNC_STATE_DIR", str(state))
    code, err = as_nobody("sync", public)
    assert code == 2 and "state folder" in one_clear_line(err)


# --- 9. backups are written like the workbook: temp, fsync, rename ---------------------------

KILLED_BACKUP = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_DFL)  # Python ignores it; a kill is what we want
from pathlib import Path
from skillsync.backends.xlsx import guard
snapshot = guard.take_snapshot(Path(sys.argv[1]))
resource.setrlimit(resource.RLIMIT_FSIZE, (len(snapshot.data) // 2, len(snapshot.data) // 2))
guard.write_backup(snapshot, Path(sys.argv[2]), 7)
"""


def test_a_backup_killed_midway_never_sits_under_a_backups_name(workbook, tmp_path):
    folder = tmp_path / "backups"
    killed = subprocess.run([sys.executable, "-c", KILLED_BACKUP, str(workbook), str(folder)],
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                            timeout=120)
    assert killed.returncode == -signal.SIGXFSZ, killed.stderr.decode()[-500:]
    named = list(folder.rglob("*.xlsx"))
    assert [p for p in named if p.read_bytes() != workbook.read_bytes()] == []
    from skillsync.backends.xlsx import guard

    for _ in range(3):
        guard.write_backup(guard.take_snapshot(workbook), folder, 2)
    kept = [p for p in folder.rglob("*") if p.is_file()]
    assert len(kept) == 2, kept  # the dead run's partial file is gone, rotation counts 2
    assert all(p.read_bytes() == workbook.read_bytes() for p in kept)


# --- 15. digest files -------------------------------------------------------------------------

def test_digest_files_are_private_even_over_an_old_public_file(workbook, tmp_path):
    digest = tmp_path / "out" / "digest.html"
    digest.parent.mkdir()
    for path in (digest, digest.with_suffix(".txt")):
        path.write_text("last week's")
        os.chmod(path, 0o644)
    code, _, err = cli("sync", workbook, "--digest", digest)
    assert code == 0, err
    assert mode(digest) == 0o600 and mode(digest.with_suffix(".txt")) == 0o600
    assert "last week" not in digest.read_text()


def test_digest_files_are_never_written_through_a_link(workbook, tmp_path):
    target = tmp_path / "precious.conf"
    target.write_text("keep me")
    os.chmod(target, 0o644)
    digest = tmp_path / "digest.html"
    digest.symlink_to(target)
    (tmp_path / "digest.txt").symlink_to(target)
    code, _, err = cli("sync", workbook, "--digest", digest)
    assert code == 0, err
    assert target.read_text() == "keep me" and mode(target) == 0o644
    assert not digest.is_symlink() and "<html" in digest.read_text()
    assert mode(digest) == 0o600


def test_digest_mode_can_be_configured(workbook, tmp_path):
    config = tmp_path / "s.toml"
    config.write_text('[output]\ndigest_mode = "0640"\n')
    code, out, err = cli("sync", workbook, "--digest", tmp_path / "d.html", "--config", config,
                         "--json")
    assert code == 0, err
    assert json.loads(out)["digest"] and mode(tmp_path / "d.html") == 0o640
