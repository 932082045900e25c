from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import connections
from django.db.backends.postgresql.operations import DatabaseOperations
from django.test.utils import override_settings

from tests.db_roles import (
    default_connection_as_owner,
    execute_sql_flush_as_owner,
    owner_credentials,
)
from tests.factories import PASSWORD, Personas, make_personas
from tests.log_watch import CPR_WATCH

# Playwright's sync API runs an event loop in the test thread; the ORM calls our fixtures make
# there are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# --- The test database: made and migrated by the owner role, used by the others --------------
# The suite runs as the application's role (DATABASE_URL: DML rights only) and, for
# platform_scope(), as the platform role (DATABASE_PLATFORM_URL), exactly as production does,
# so every test also proves that they suffice and that row-level security binds them.


@pytest.fixture(scope="session")
def django_db_setup(
    request: pytest.FixtureRequest,
    django_test_environment: None,
    django_db_blocker: Any,
    django_db_keepdb: bool,
    django_db_modify_db_settings: None,
) -> Iterator[None]:
    """pytest-django's set-up, with the test database created and migrated by the owner role
    (as `make run` and compose's `migrate` do), after the default privileges that give the two
    other roles DML rights on what the migrations create."""
    from django.db.models.signals import pre_migrate
    from django.test.utils import setup_databases, teardown_databases

    from scripts.devstack import privilege_statements

    users = [settings.DATABASES[alias]["USER"] for alias in ("default", "platform")]
    granted: list[bool] = []

    def grant(using: str, **kwargs: object) -> None:
        if granted or using != "default":
            return
        with connections[using].cursor() as cursor:
            for statement in privilege_statements(owner_credentials()["USER"], users):
                cursor.execute(statement)
        granted.append(True)

    pre_migrate.connect(grant, dispatch_uid="jobbro-test-grants")
    try:
        with django_db_blocker.unblock(), default_connection_as_owner():
            db_cfg = setup_databases(
                verbosity=request.config.option.verbose,
                interactive=False,
                aliases={"default"},
                keepdb=django_db_keepdb,
            )
    finally:
        pre_migrate.disconnect(dispatch_uid="jobbro-test-grants")

    yield

    if not django_db_keepdb:
        connections.close_all()
        with django_db_blocker.unblock(), default_connection_as_owner():
            try:
                teardown_databases(db_cfg, verbosity=request.config.option.verbose)
            except Exception as exc:  # noqa: BLE001 - reported, as pytest-django does
                request.node.warn(
                    pytest.PytestWarning(f"Error when trying to teardown test databases: {exc!r}")
                )


# Between transactional tests Django empties the tables with TRUNCATE, which ignores row-level
# security and so is refused to the application's role: the owner does it.
DatabaseOperations.execute_sql_flush = execute_sql_flush_as_owner  # type: ignore[method-assign]


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


@pytest.fixture(autouse=True)
def _danish_to_begin_with() -> Iterator[None]:
    """Every test starts in Danish, as the application does: a request that chose English
    leaves the language active in its thread (Django's locale middleware does not reset it),
    which would otherwise carry into the next test on that thread."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


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
