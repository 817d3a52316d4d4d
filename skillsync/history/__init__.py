"""The memory of past syncs (SQLite), the run lock and the accident guard's step.

The pure parts live in skillsync.core.history (snapshots, changes, retention) and
skillsync.core.integrity (the guard); this package does the I/O around them.
"""

from skillsync.history.session import Section, Session, source_key

__all__ = ["Section", "Session", "source_key"]
