"""The build's date: SOURCE_DATE_EPOCH's day when the user set it (a reproducible build),
else today's, in UTC. What rules that judge dates call "today"; read by the shell only."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def build_date() -> date:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(value), UTC) if value.isdigit() else datetime.now(UTC)
    return moment.date()
