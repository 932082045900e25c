from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env_overrides: str | None) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECURE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    for key, value in env_overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_production_values() -> None:
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="jobbro.roskilde.dk",
        SITE_URL="https://jobbro.roskilde.dk",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_unless_set() -> None:
    result = run_manage(
        "shell", "--no-imports", "-c", "from django.conf import settings; print(settings.DEBUG)"
    )

    assert result.stdout.strip() == "False", result.stderr


def test_a_missing_database_url_stops_start_up_with_a_clear_message() -> None:
    result = run_manage("check", DATABASE_URL=None)

    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr
    assert "make run" in result.stderr


def test_a_secret_can_be_read_from_a_file(tmp_path: Path) -> None:
    key_file = tmp_path / "secret_key"
    key_file.write_text("from-a-file-" + "x" * 50 + "\n")

    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        SECRET_KEY=None,
        SECRET_KEY_FILE=str(key_file),
    )

    assert result.stdout.strip() == "from-a-file-" + "x" * 50, result.stderr


def test_celery_redelivers_only_after_the_longest_task_could_have_finished() -> None:
    from config.celery import app

    conf = app.conf
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.task_soft_time_limit < conf.task_time_limit
    assert conf.broker_transport_options["visibility_timeout"] >= 2 * conf.task_time_limit


def test_the_csp_allows_only_our_own_scripts_with_a_nonce() -> None:
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]

    assert "'unsafe-inline'" not in str(directives)
    assert "'unsafe-eval'" not in str(directives)
    assert directives["script-src"][0] == "'self'"
