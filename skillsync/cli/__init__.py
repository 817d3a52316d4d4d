"""The command line: parse, call the library, print, exit with a documented code.

Exit codes: 0 done (data problems are reported, not failures); 1 unexpected;
2 usage or configuration; 3 source missing, not a workbook, busy or changed, or mail not
sent (the sync itself stands); 4 held back (the sheet looks damaged since the last good
sync; nothing was written). `base` holds the group and the error handling; `runs` the
commands that run on a sheet; `tools` those around it.
"""

from skillsync.cli import runs, tools  # noqa: F401 (importing them registers the commands)
from skillsync.cli.base import entry, main

__all__ = ["entry", "main"]
