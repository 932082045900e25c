"""Start-up refuses to run without a usable key for CPR numbers (candidates/cpr.py), or with a
retention export hook that cannot be imported (candidates/retention.py)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register
from django.utils.module_loading import import_string

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


@register()
def check_retention_export_hooks(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    # Found at start-up, not at night: a hook that cannot be imported would hold back every
    # expired candidate, silently, night after night.
    errors = []
    for path in getattr(settings, "CANDIDATE_RETENTION_EXPORT_HOOKS", []):
        try:
            hook = import_string(path)
        except ImportError as error:
            errors.append(
                Error(
                    f"Retention export hook {path!r} cannot be imported: {error}",
                    hint="CANDIDATE_RETENTION_EXPORT_HOOKS lists dotted paths of callables.",
                    id="jobbro.E007",
                )
            )
            continue
        if not callable(hook):
            errors.append(
                Error(f"Retention export hook {path!r} is not callable.", id="jobbro.E007")
            )
    return errors
