"""The instant the test suite runs at (tests/conftest.py freezes the clock there)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

#: 10:00 at the Secretariat's seat on 6 December 2026, the day the suite was last checked
#: against the calendar. Deadlines, membership on a day, meetings planned "in 20 days" or
#: "on 2027-06-30", certificates valid "for two years" and the demo data all keep the meaning
#: they had then, whatever the real date. The clock ticks on from there.
FROZEN_AT = dt.datetime(2026, 12, 6, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
