"""An e-mail backend for a Celery worker started as a process of its own by a test
(tests/placements/test_reminders.py): each message becomes a file in JOBBRO_TEST_MAIL_SPOOL.

While the spool holds a file named `hang`, the next message is not written: the backend
removes `hang`, writes its process id to `hanging.pid` and waits there, so the test can kill
the worker process at the moment it is about to hand the e-mail over."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage


class SpoolBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        spool = Path(os.environ["JOBBRO_TEST_MAIL_SPOOL"])
        for message in email_messages:
            hang = spool / "hang"
            if hang.exists():
                (spool / "hanging.pid").write_text(str(os.getpid()))
                hang.unlink()
                time.sleep(600)
            (spool / f"{uuid.uuid4().hex}.eml").write_bytes(message.message().as_bytes())
        return len(email_messages)
