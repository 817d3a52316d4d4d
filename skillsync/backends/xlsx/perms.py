"""The workbook's own permissions, respected by a sync that replaces it.

The new workbook is written beside the old one and renamed over it, which needs only the
folder's write permission: left alone, that would replace a read-only file, and leave a
colleague's file owned by whoever ran the sync. So a write is refused when the file
itself is read-only, and the new file takes the old one's owner, group and mode before
the swap (root can always do that; another user only for their own files).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from skillsync.errors import SourceError
from skillsync.terminal import one_line


def shown(path: Path) -> str:
    return one_line(os.fsdecode(path), 300)


def ensure_writable(path: Path) -> None:
    """Refuse, before any work, a write the workbook's own permissions do not allow.

    The new workbook replaces the old through the folder, which would bypass the file's
    own read-only mode and leave it owned by whoever runs the sync; instead the new file
    keeps the old one's owner, group and mode, or nothing is written.
    """
    info = path.stat()
    if not info.st_mode & 0o222 or (os.geteuid() != 0 and not os.access(path, os.W_OK)):
        raise SourceError(f"{shown(path)} is read-only; make it writable, or use `check` or "
                          "`sync --dry-run`, which only read it")
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        raise SourceError(f"cannot write into {shown(folder)} (permission denied), where "
                          f"{path.name} is replaced; run the sync as a user who may write there")
    if info.st_uid != os.geteuid() and os.geteuid() != 0:
        owner = user_name(info.st_uid)
        raise SourceError(f"{shown(path)} belongs to {owner}; a sync run by another user would "
                          f"take it over — run it as {owner} (or as root, which keeps the owner)")


def same_owner_and_mode(temp: Path, original: Path) -> None:
    """Give the new workbook the old one's owner, group and mode, or refuse to go on."""
    info = original.stat()
    current = temp.stat()
    uid = info.st_uid if current.st_uid != info.st_uid else -1
    gid = info.st_gid if current.st_gid != info.st_gid else -1
    if (uid, gid) != (-1, -1):
        try:
            os.chown(temp, uid, gid)
        except PermissionError:
            raise SourceError(f"{shown(original)} belongs to {user_name(info.st_uid)} (group "
                              f"{group_name(info.st_gid)}), and the new workbook could not be "
                              "given the same owner and group; nothing was changed — run the "
                              "sync as its owner") from None
    os.chmod(temp, stat.S_IMODE(info.st_mode))  # after chown, which clears set-id bits


def user_name(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return f"user {uid}"


def group_name(gid: int) -> str:
    try:
        import grp

        return grp.getgrgid(gid).gr_name
    except (ImportError, KeyError):
        return str(gid)
