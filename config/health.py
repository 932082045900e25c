"""`/health/`: is the database, Redis and a Celery worker answering?

Each check is short and bounded in time. Anyone may ask (a compose health check, a load
balancer): they get the status code and the names of the parts that failed. Only signed-in
platform staff (with their second factor) also get each part's time and the error, which
may name hosts, sockets or versions.

The Celery round-trip queues a task, so its answer is kept in Redis for
`HEALTH_CELERY_CACHE_SECONDS` (10): however often /health/ is asked, at most one ping is
queued in that time, by whichever web process asks first.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import redis
from celery.exceptions import TimeoutError as CeleryTimeout
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts import mfa
from config.celery import app, ping


class PartFailed(RuntimeError):
    """A part's failure whose message says it all (no exception class name in front)."""


def _redis() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_redis() -> None:
    client = _redis()
    try:
        client.ping()
    finally:
        client.close()


def _ping_worker() -> None:
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


def _ping_keys() -> tuple[str, str]:
    # Per queue: the answer says whether a worker on this queue is there.
    base = f"jobbro:health:celery:{app.conf.task_default_queue}"
    return f"{base}:answer", f"{base}:asking"


def check_celery() -> None:
    """The worker's answer from the last 10 seconds, or a new ping when there is none. While
    another process's ping is on its way, wait for its answer instead of sending one more."""
    answer_key, asking_key = _ping_keys()
    ttl = settings.HEALTH_CELERY_CACHE_SECONDS
    client = _redis()
    try:
        deadline = time.monotonic() + settings.HEALTH_CELERY_TIMEOUT + 1
        while True:
            cached = client.get(answer_key)
            if cached is not None:
                error = json.loads(cached)["error"]
                if error:
                    raise PartFailed(error)
                return
            if client.set(asking_key, "1", nx=True, ex=ttl):
                break  # this process asks
            if time.monotonic() > deadline:
                raise PartFailed("RuntimeError: no worker answered in time")
            time.sleep(0.1)
        error = ""
        try:
            _ping_worker()
        except Exception as exc:  # noqa: BLE001 - remembered and reported, not raised here
            error = _describe(exc)
        client.set(answer_key, json.dumps({"error": error}), ex=ttl)
        if error:
            raise PartFailed(error)
    finally:
        client.close()


def _describe(exc: Exception) -> str:
    text = str(exc) if isinstance(exc, PartFailed) else f"{type(exc).__name__}: {exc}"
    return text[:300]


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "redis": check_redis,
    "celery": check_celery,
}


def _may_see_details(request: HttpRequest) -> bool:
    try:
        user = request.user
        return bool(user.is_authenticated and user.is_staff and mfa.session_is_verified(request))
    except Exception:  # noqa: BLE001 - with the database down, nobody is signed in
        return False


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
            parts[name] = {"ok": False, "error": _describe(exc)}
            failing.append(name)
        else:
            parts[name] = {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}
    body: dict[str, object] = {"status": "ok" if not failing else "fail", "failing": failing}
    if _may_see_details(request):
        body["checks"] = parts
    return JsonResponse(body, status=200 if not failing else 503)
