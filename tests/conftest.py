from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test.utils import override_settings

from tests.factories import PASSWORD, Personas, make_personas
from tests.log_watch import CPR_WATCH

# Playwright's sync API runs an event loop in the test thread; the ORM calls our fixtures make
# there are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True, scope="session")
def _test_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    # Production serves hashed file names from a manifest made by collectstatic; the tests
    # serve the files straight from the finders instead of collecting first.
    # A fast password hasher too: every test makes seven personas with passwords.
    # Files the tests store (uploads, jobs' files) go to a throwaway folder, not .data/media.
    with override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        yield


@pytest.fixture(autouse=True)
def _no_cpr_number_in_the_log() -> Iterator[None]:
    """Fails any test during which a CPR number reached a log line. The watch is put on the
    root logger before every test, at the configured level: a Celery worker started by a test
    replaces the root logger's handlers and raises its level to errors only."""
    root = logging.getLogger()
    if CPR_WATCH not in root.handlers:
        root.addHandler(CPR_WATCH)
    root.setLevel(settings.LOGGING["root"]["level"])
    CPR_WATCH.leaks.clear()
    yield
    leaks, CPR_WATCH.leaks[:] = list(CPR_WATCH.leaks), []
    assert not leaks, "A CPR number reached the log:\n" + "\n".join(leaks)


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def personas(db: None) -> Personas:
    """Roskilde (A) and Aalborg (B) with an admin, manager, consultant, board member and
    employer contact in A, and a consultant and admin in B."""
    return make_personas()


@pytest.fixture
def celery_worker_queue(worker_id: str) -> Iterator[str]:
    """A real Celery worker (a thread in this process) on the real Redis, on a queue of its
    own so parallel test processes never take each other's tasks."""
    from celery import signals
    from celery.contrib.testing.worker import start_worker
    from celery.fixups.django import DjangoFixup
    from django.db import connections

    from config.celery import app

    # Celery's Django fix-up closes the database connections of the process a worker starts
    # in, which is right for a worker process and wrong for a worker thread inside a test.
    fixups = [f for f in app._fixups if isinstance(f, DjangoFixup)]
    for fixup in fixups:
        signals.worker_init.disconnect(dispatch_uid=fixup._worker_init_uid)

    def close_worker_connections(**kwargs: object) -> None:
        # The worker thread's own database connection, so the test database can be dropped.
        connections.close_all()

    signals.task_postrun.connect(close_worker_connections, weak=False)
    queue = f"jobbro-test-{worker_id}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue]):
            yield queue
    finally:
        app.conf.task_default_queue = previous
        signals.task_postrun.disconnect(close_worker_connections)
        for fixup in fixups:
            signals.worker_init.connect(fixup.on_worker_init, dispatch_uid=fixup._worker_init_uid)
