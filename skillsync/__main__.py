from skillsync.cli import entry

entry()
