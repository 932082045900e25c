"""Start-up refuses to run without a usable key for CPR numbers (candidates/cpr.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from candidates.cpr import decode_key


@register()
def check_cpr_encryption_key(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    value = getattr(settings, "CPR_ENCRYPTION_KEY", "")
    hint = (
        "Set CPR_ENCRYPTION_KEY (or CPR_ENCRYPTION_KEY_FILE) to 32 random bytes in base64; "
        "see .env.example. `make run` and `make test` make one themselves."
    )
    if not value:
        return [Error("CPR_ENCRYPTION_KEY is not set.", hint=hint, id="jobbro.E006")]
    try:
        decode_key(value)
    except ValueError:
        return [Error("CPR_ENCRYPTION_KEY is not 32 bytes in base64.", hint=hint, id="jobbro.E006")]
    return []
