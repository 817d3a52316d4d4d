"""Local stand-in for the Google Sheets API v4 (and a slice of Drive v3).

See README.md in this folder. Typical use::

    from tests.standin import SheetsStandIn, Formula, ErrorValue, standin_fixture
"""

from .cells import ErrorValue, Formula
from .sheets_server import RecordedRequest, SheetsStandIn, standin_fixture

__all__ = ["ErrorValue", "Formula", "RecordedRequest", "SheetsStandIn", "standin_fixture"]
