"""`/health/`: is the database, Redis and a Celery worker answering?

Each check is short and bounded in time; the answer names every part that failed so an
operator (or a compose health check) knows where to look.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import redis
from celery.exceptions import TimeoutError as CeleryTimeout
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.celery import ping


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_redis() -> None:
    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    finally:
        client.close()


def check_celery() -> None:
    # A round-trip through the broker, a worker and the result backend. Sent at once, not on
    # commit: nothing is written, and the check waits for the answer.
    result = ping.apply_async(expires=settings.HEALTH_CELERY_TIMEOUT)
    try:
        if result.get(timeout=settings.HEALTH_CELERY_TIMEOUT) != "pong":
            raise RuntimeError("unexpected answer")
    except CeleryTimeout as exc:
        raise RuntimeError("no worker answered in time") from exc
    finally:
        result.forget()


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "redis": check_redis,
    "celery": check_celery,
}


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    parts: dict[str, dict[str, object]] = {}
    failing: list[str] = []
    for name, check in CHECKS.items():
        if name == "celery" and "redis" in failing:
            # Without the broker there is no round-trip to try; say so instead of waiting.
            parts[name] = {"ok": False, "error": "redis is down"}
            failing.append(name)
            continue
        started = time.monotonic()
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - any failure of a part is reported, not raised
            parts[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
            failing.append(name)
        else:
            parts[name] = {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}
    status = "ok" if not failing else "fail"
    return JsonResponse(
        {"status": status, "failing": failing, "checks": parts},
        status=200 if not failing else 503,
    )
