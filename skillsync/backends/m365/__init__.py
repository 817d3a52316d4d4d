"""Microsoft 365 as a source: an Excel workbook on OneDrive, SharePoint or in Teams.

Light on import: `links` tells whether a source is ours; the backend (requests, MSAL) loads
only when such a source is opened. See backend.py for the flow of one sync.
"""

from skillsync.backends.m365.links import ItemRef, is_m365_source, parse_source, share_token

__all__ = ["ItemRef", "is_m365_source", "parse_source", "share_token"]
