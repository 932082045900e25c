from __future__ import annotations

import pytest
import redis
from celery import signals
from django.conf import settings as django_settings
from django.test import Client

from accounts.models import User
from tests.factories import make_user, sign_in


def _platform_staff() -> User:
    user = make_user("drift@jobbro.example")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def _forget_the_last_ping() -> None:
    """Each test starts without a remembered worker answer (kept 10 s in Redis)."""
    client = redis.Redis.from_url(django_settings.REDIS_URL)
    try:
        for key in client.scan_iter("jobbro:health:celery:*"):
            client.delete(key)
    finally:
        client.close()


@pytest.fixture(autouse=True)
def _fresh_ping() -> None:
    _forget_the_last_ping()


@pytest.mark.django_db
def test_health_answers_200_when_database_redis_and_a_worker_answer(
    client: Client, celery_worker_queue: str
) -> None:
    staff = Client()
    sign_in(staff, _platform_staff())

    response = staff.get("/health/")

    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert {name: part["ok"] for name, part in body["checks"].items()} == {
        "database": True,
        "redis": True,
        "celery": True,
    }
    # A stranger learns that all is well, and nothing about how.
    anonymous = client.get("/health/")
    assert anonymous.status_code == 200
    assert anonymous.json() == {"status": "ok", "failing": []}


@pytest.mark.django_db
def test_health_names_redis_when_redis_is_down_and_the_site_keeps_working(
    client: Client, settings, tmp_path, personas
) -> None:
    settings.REDIS_URL = f"unix://{tmp_path / 'no-redis-here.sock'}"

    response = client.get("/health/")

    # Anyone sees which part failed; not the error, which names the socket.
    assert response.status_code == 503
    assert response.json() == {"status": "fail", "failing": ["redis", "celery"]}
    assert b"no-redis-here" not in response.content
    # Platform staff see the details.
    staff = Client()
    sign_in(staff, _platform_staff())
    body = staff.get("/health/").json()
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"]["ok"] is False
    assert "no-redis-here" in body["checks"]["redis"]["error"]
    # The pages do not depend on Redis.
    sign_in(client, personas.consultant_a)
    assert client.get("/roskilde/virksomheder/").status_code == 200


@pytest.mark.django_db
def test_health_names_celery_when_no_worker_answers(
    client: Client, settings, worker_id, personas
) -> None:
    from config.celery import app

    settings.HEALTH_CELERY_TIMEOUT = 1.0
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = f"jobbro-test-nobody-listens-{worker_id}"
    staff = Client()
    sign_in(staff, _platform_staff())
    try:
        response = client.get("/health/")
        detailed = staff.get("/health/")
    finally:
        app.conf.task_default_queue = previous

    assert response.status_code == 503
    assert response.json() == {"status": "fail", "failing": ["celery"]}
    body = detailed.json()
    assert body["failing"] == ["celery"]
    assert "no worker" in body["checks"]["celery"]["error"]


@pytest.mark.django_db
def test_members_of_a_jobcenter_and_staff_without_their_second_factor_get_no_details(
    client: Client, personas, celery_worker_queue: str
) -> None:
    sign_in(client, personas.admin_a)
    assert "checks" not in client.get("/health/").json()

    half_signed_in = Client()
    sign_in(half_signed_in, _platform_staff(), second_factor=False)
    assert "checks" not in half_signed_in.get("/health/").json()


@pytest.mark.django_db
def test_hammering_health_queues_one_ping_in_ten_seconds(
    client: Client, celery_worker_queue: str
) -> None:
    """Each ping is a task on the broker: a flood of /health/ must not become a flood of
    tasks."""
    queued: list[str] = []

    def count(sender: str | None = None, **kwargs: object) -> None:
        if sender == "health.ping":
            queued.append(sender)

    signals.before_task_publish.connect(count, weak=False)
    try:
        answers = [client.get("/health/").status_code for _ in range(20)]
    finally:
        signals.before_task_publish.disconnect(count)

    assert answers == [200] * 20
    assert len(queued) == 1
