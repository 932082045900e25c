from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import sign_in


@pytest.mark.django_db
def test_health_answers_200_when_database_redis_and_a_worker_answer(
    client: Client, celery_worker_queue: str
) -> None:
    response = client.get("/health/")

    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert {name: part["ok"] for name, part in body["checks"].items()} == {
        "database": True,
        "redis": True,
        "celery": True,
    }


@pytest.mark.django_db
def test_health_names_redis_when_redis_is_down_and_the_site_keeps_working(
    client: Client, settings, tmp_path, personas
) -> None:
    settings.REDIS_URL = f"unix://{tmp_path / 'no-redis-here.sock'}"

    response = client.get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert "redis" in body["failing"]
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"]["ok"] is False
    # The pages do not depend on Redis.
    sign_in(client, personas.consultant_a)
    assert client.get("/roskilde/virksomheder/").status_code == 200


@pytest.mark.django_db
def test_health_names_celery_when_no_worker_answers(client: Client, settings, worker_id) -> None:
    from config.celery import app

    settings.HEALTH_CELERY_TIMEOUT = 1.0
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = f"jobbro-test-nobody-listens-{worker_id}"
    try:
        response = client.get("/health/")
    finally:
        app.conf.task_default_queue = previous

    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["celery"]
    assert "no worker" in body["checks"]["celery"]["error"]
