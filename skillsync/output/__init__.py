"""What a run produces for people: the digest and nudges (rendered, written, mailed) and
the tidy export. Nothing here reads the sheet: it works from the run's analysis and report.
"""
