"""The one exception family of skillsync.

Data problems in a sheet are never exceptions: they are `Issue` values in the report.
Exceptions are for conditions that stop a run; each carries the CLI exit code.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_USAGE = 2
EXIT_SOURCE = 3
EXIT_HELD = 4  # the sheet looks damaged since the last good sync: nothing written


class SkillsyncError(Exception):
    """Base of every error skillsync raises on purpose; `str()` is the one line users see."""

    exit_code = EXIT_UNEXPECTED


class ConfigError(SkillsyncError):
    """The configuration file or a command-line value is wrong."""

    exit_code = EXIT_USAGE


class SourceError(SkillsyncError):
    """The source cannot be used right now (missing, unreadable, busy, changed)."""

    exit_code = EXIT_SOURCE


class SourceNotFound(SourceError):
    """The workbook or sheet does not exist."""


class NotAWorkbook(SourceError):
    """The file is not an .xlsx/.xlsm package we can read."""


class NoInventory(SourceError):
    """No tab holds a header row with an e-mail column."""


class SourceBusy(SourceError):
    """Someone has the workbook open (an Office or LibreOffice lock file exists)."""


class SourceChanged(SourceError):
    """The workbook changed between our read and our write."""


class CredentialsError(SourceError):
    """Google credentials are missing or refused."""


class RemoteError(SourceError):
    """The remote API failed after every retry."""


class HeldBack(SkillsyncError):
    """A command that publishes (the atlas) refused: the sheet looks damaged since the
    last good sync, as the accident guard would hold a sync back."""

    exit_code = EXIT_HELD


class MailError(SkillsyncError):
    """Sending the digest failed; the rendered messages are kept on disk."""

    exit_code = EXIT_SOURCE
