"""Registration status (登记状态) of a business and the events that change it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from spotcheck.model.tasks import parse_date

ACTIVE = "存续"
# The status an event of the status history leaves a business in.
STATUS_AFTER_EVENT = {
    "设立": ACTIVE,
    "迁入": ACTIVE,
    "吊销": "吊销",
    "注销": "注销",
    "迁出": "迁出",
}


def status_on(target: Mapping[str, Any], day: dt.date) -> str | None:
    """The registration status a target had on `day`, from its status history."""
    status = None
    for event in target.get("status_history") or []:
        when = parse_date(event.get("date"))
        if when is not None and when <= day:
            status = STATUS_AFTER_EVENT.get(str(event.get("event")), status)
    return status
