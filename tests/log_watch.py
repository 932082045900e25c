"""A watch on every log line of the test run for CPR numbers (issue 5: the number never
appears in the server log). tests/conftest.py installs it and fails a test during which one
leaked; it lives in its own module so that the tests of the watch see the same instance."""

from __future__ import annotations

import logging
import re


class CprInLogs(logging.Handler):
    """Sees every log record of the test run (the "server log": requests, workers, our own
    loggers) and remembers the ones that carry a CPR number (DESIGN.md section 5)."""

    # Written as a person would, DDMMYY-XXXX (P-numbers, also ten digits, have no dash; the
    # parts of a UUID touch letters or other parts).
    DASHED = re.compile(r"(?<![\w-])\d{6}[-–]\d{4}(?![\w-])")

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.leaks: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is not ours to judge
            return
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        from tests.candidates.factories import ISSUED

        if self.DASHED.search(text) or any(number in text for number in ISSUED):
            self.leaks.append(f"{record.name}: {text[:300]}")


CPR_WATCH = CprInLogs()
