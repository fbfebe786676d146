"""Anonymous usage statistics: events, the log that stores them, figures and exports.

- ``events``: the whitelist of event kinds and fields (nothing typed is ever accepted).
- ``store``: the one module that owns the SQLite database (migrations, writes, purge).
- ``writer.UsageLog``: hands events to one writer thread; ``record()`` never blocks.
- ``recorder.UsageRecorder``: turns flow engine and screen events into usage events.
- ``monthly``: one month as published (the counsellor's screen, ``kiosk stats``, the report
  and the export), protected by ``privacy``; ``report``: the monthly PDF; ``export``: CSV
  and USB stick.
"""

from kiosk.visit import new_visit_id

from .events import END_REASONS, EventRefused
from .recorder import UsageRecorder
from .store import DB_NAME, SCHEMA_VERSION
from .writer import Health, UsageLog

__all__ = ["DB_NAME", "END_REASONS", "SCHEMA_VERSION", "EventRefused", "Health", "UsageLog",
           "UsageRecorder", "new_visit_id"]
