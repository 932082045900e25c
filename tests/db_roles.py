"""The database roles the tests use: the owner makes and migrates the test database and empties
it between transactional tests; the tests themselves run as the application's role and, for
platform_scope(), as the platform role (see tests/conftest.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import environ
import psycopg
import pytest
from django.conf import settings
from django.db import connections
from django.db.backends.postgresql.operations import DatabaseOperations

CREDENTIALS = ("USER", "PASSWORD", "HOST", "PORT", "OPTIONS")


def owner_credentials() -> dict[str, Any]:
    url = os.environ.get("DATABASE_OWNER_URL", "")
    if not url or "platform" not in settings.DATABASES:
        pytest.exit(
            "Set DATABASE_OWNER_URL (the role that owns the schema and runs the migrations) and "
            "DATABASE_PLATFORM_URL beside DATABASE_URL, or run the tests with `make test`.",
            returncode=2,
        )
    config = environ.Env.db_url_config(url)
    return {key: config.get(key) or ({} if key == "OPTIONS" else "") for key in CREDENTIALS}


def owner_connection(dbname: str | None = None) -> psycopg.Connection[Any]:
    """A connection of the owner role to the test database, beside Django's."""
    owner = owner_credentials()
    params = {
        "dbname": dbname or settings.DATABASES["default"]["NAME"],
        "user": owner["USER"],
        "password": owner["PASSWORD"],
        "host": owner["HOST"],
        "port": owner["PORT"],
        **owner["OPTIONS"],
    }
    return psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True)


@contextmanager
def default_connection_as_owner() -> Iterator[None]:
    """Django's default connection under the owner role, for the block. Only while no other
    thread uses the database: the test session's set-up and tear-down."""
    connection = connections["default"]
    saved = {key: connection.settings_dict[key] for key in CREDENTIALS}
    connection.close()
    connection.settings_dict.update(owner_credentials())
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


def execute_sql_flush_as_owner(self: DatabaseOperations, sql_list: list[str]) -> None:
    """Between transactional tests Django empties the tables with TRUNCATE, which ignores
    row-level security and so is refused to the application's role: the owner does it."""
    with owner_connection(self.connection.settings_dict["NAME"]) as conn:
        for sql in sql_list:
            conn.execute(sql)  # type: ignore[arg-type]
