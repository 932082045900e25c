"""`make run`'s orchestrator, started for real: embedded PostgreSQL, Redis, web, worker, beat."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stack_env(data_dir: Path, port: int) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "SECURE"}
    }
    env.update(JOBBRO_DATA_DIR=str(data_dir), PORT=str(port), PYTHONUNBUFFERED="1")
    return env


def start_stack(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "scripts/devstack.py", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


# A first start migrates and loads the demo data: about a minute on an idle 2-core machine,
# more than two when other work shares it.
def read_until(process: subprocess.Popen[str], marker: str, timeout: float = 300) -> str:
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        seen.append(line)
        if marker in line:
            return "".join(seen)
    process.kill()
    raise AssertionError(f"never saw {marker!r}; output was:\n{''.join(seen)}")


def stop_stack(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=60)
    return out


def processes_mentioning(path: Path) -> list[str]:
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if str(path) in cmdline:
            found.append(f"{pid}: {cmdline}")
    return found


def get_json(url: str) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - localhost
            return response.status, json.load(response)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


def test_make_run_starts_everything_keeps_data_and_leaves_nothing_running(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # A short path: PostgreSQL's socket lives inside its data directory.
    data_dir = Path(tmp_path_factory.mktemp("run"))
    port = free_port()
    env = stack_env(data_dir, port)

    first = start_stack(env)
    output = read_until(first, "Jobbro runs at")
    assert "Demo data loaded" in output
    # The bell is filled at start, not at beat's next sweep: the demo has overdue follow-ups.
    caught_up = re.search(r"Reminders caught up: (\d+) new notifications", output)
    assert caught_up and int(caught_up.group(1)) > 0, output
    status, body = get_json(f"http://127.0.0.1:{port}/health/")
    assert status == 200, body
    home = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30)  # noqa: S310
    assert "Jobbro" in home.read().decode()
    output += read_until(first, "Stop everything with Ctrl-C")
    assert "staff@jobbro.example" in output
    output += stop_stack(first)
    assert first.returncode == 0, output
    assert processes_mentioning(data_dir) == []

    second = start_stack(env)
    output = read_until(second, "Jobbro runs at")
    assert "Demo data already present" in output
    assert "Reminders caught up: 0 new notifications" in output  # made once
    assert "Demo data loaded" not in output
    stop_stack(second)
    assert processes_mentioning(data_dir) == []


def run_manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "scripts/devstack.py", "manage", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def postmasters(data_dir: Path) -> list[str]:
    return [line for line in processes_mentioning(data_dir / "postgres") if " -D " in line]


def test_make_manage_works_on_a_fresh_clone_beside_make_run_and_alone(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    data_dir = Path(tmp_path_factory.mktemp("manage"))
    port = free_port()
    env = stack_env(data_dir, port)
    token_command = ("create_api_token", "consultant@roskilde.example", "roskilde", "--read-only")

    # Before any `make run`: it makes the secrets, the database and the demo data itself.
    fresh = run_manage(env, *token_command)
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    assert "Demo data loaded" in fresh.stdout
    first_token = fresh.stdout.split()[-1]
    assert first_token.startswith("jb_")
    assert (data_dir / "secret_key").is_file()
    assert (data_dir / "cpr_key").is_file()
    assert processes_mentioning(data_dir) == []

    stack = start_stack(env)
    output = read_until(stack, "Jobbro runs at")
    assert "Demo data already present" in output
    serving = postmasters(data_dir)
    assert len(serving) == 1, serving

    # Beside `make run`: its PostgreSQL, as the application's role, left running.
    beside = run_manage(env, *token_command)
    role = run_manage(
        env,
        "shell",
        "-c",
        "from django.db import connection; cursor = connection.cursor(); "
        "cursor.execute('SELECT current_user'); print(cursor.fetchone()[0])",
    )
    assert postmasters(data_dir) == serving
    answers = []
    for token in (first_token, beside.stdout.split()[-1]):
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/roskilde/me/",
            headers={"Authorization": f"Bearer {token}"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - localhost
            answers.append(json.load(response))
    output += stop_stack(stack)
    assert beside.returncode == 0, beside.stdout + beside.stderr
    assert "first use" not in beside.stdout
    assert role.stdout.split()[-1:] == ["jobbro"], role.stdout + role.stderr
    assert [(a["email"], a["read_only"]) for a in answers] == [
        ("consultant@roskilde.example", True)
    ] * 2
    assert stack.returncode == 0, output
    assert processes_mentioning(data_dir) == []

    # Alone again: it starts the servers and stops them afterwards.
    alone = run_manage(
        env, "shell", "-c", "from accounts.models import User; print(User.objects.count())"
    )
    assert alone.returncode == 0, alone.stdout + alone.stderr
    assert int(alone.stdout.split()[-1]) > 0
    assert processes_mentioning(data_dir) == []


def test_make_run_names_the_port_when_it_is_taken(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "scripts/devstack.py", "run"],
            cwd=ROOT,
            env=stack_env(tmp_path, port),
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert result.returncode == 1
    assert f"Port {port}" in result.stdout
    assert f"PORT={port + 1} make run" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"PG_VERSION": "99\n", "base/1/1": "x"}, "made by PostgreSQL 99"),
        ({"base/1/1": "x", "global/pg_control": "garbage"}, "PG_VERSION is missing"),
    ],
    ids=["newer-server", "damaged"],
)
def test_make_run_refuses_a_data_directory_it_cannot_use_and_deletes_nothing(
    tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    pgdata = tmp_path / "postgres"
    for name, content in files.items():
        (pgdata / name).parent.mkdir(parents=True, exist_ok=True)
        (pgdata / name).write_text(content)

    result = subprocess.run(
        [sys.executable, "scripts/devstack.py", "run"],
        cwd=ROOT,
        env=stack_env(tmp_path, free_port()),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert expected in result.stdout
    assert "Nothing was deleted" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    for name, content in files.items():
        assert (pgdata / name).read_text() == content
    assert processes_mentioning(tmp_path) == []


def make_single_role_database(data_dir: str) -> None:
    """.data/postgres as an older `make run` left it: one role, `jobbro`, owned the database
    and every table, and the application connected as it. Run in a process of its own, which
    stops the embedded server again."""
    import psycopg

    from scripts import devstack

    postgres = devstack.EmbeddedPostgres(Path(data_dir) / "postgres")
    postgres.start()
    try:
        with psycopg.connect(postgres.superuser_uri(), autocommit=True) as conn:
            conn.execute("CREATE ROLE jobbro LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB")
            conn.execute("CREATE DATABASE jobbro OWNER jobbro")
        with psycopg.connect(devstack.database_uri(postgres.superuser_uri(), "jobbro")) as conn:
            conn.execute("CREATE EXTENSION pg_trgm")
            conn.execute("CREATE EXTENSION btree_gist")
        env = {**os.environ, "DATABASE_URL": postgres.url("jobbro"), "SECRET_KEY": "test-only"}
        for command in (
            ["migrate", "--no-input", "-v", "0"],
            ["shell", "-c", "from accounts.models import User; "
             "User.objects.create_user(email='kept@jobbro.example', password='x')"],
        ):  # fmt: skip
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    finally:
        postgres.stop()


def test_make_run_hands_an_older_database_to_the_owner_role_and_keeps_its_data(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    import psycopg

    data_dir = Path(tmp_path_factory.mktemp("old"))
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from tests.test_devstack import make_single_role_database as make; "
            "make(sys.argv[1])",
            str(data_dir),
        ],
        cwd=ROOT,
        env=stack_env(data_dir, 0),
        check=True,
        capture_output=True,
    )

    port = free_port()
    stack = start_stack(stack_env(data_dir, port))
    output = read_until(stack, "Jobbro runs at")
    status, body = get_json(f"http://127.0.0.1:{port}/health/")
    # The stack's own server, as its superuser (the socket directory is in postmaster.pid).
    socket_dir = (data_dir / "postgres" / "postmaster.pid").read_text().splitlines()[4]
    with psycopg.connect(f"postgres://postgres@/jobbro?host={socket_dir}") as conn:
        owners = conn.execute(
            "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
        database_owner = conn.execute(
            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'jobbro'"
        ).fetchone()
        kept = conn.execute(
            "SELECT count(*) FROM accounts_user WHERE email = 'kept@jobbro.example'"
        ).fetchone()
    output += stop_stack(stack)

    assert "handing the database over from the role jobbro to jobbro_owner" in output
    assert "Demo data already present" in output
    assert status == 200, body
    assert owners == [("jobbro_owner",)]
    assert database_owner == ("jobbro_owner",)
    assert kept == (1,)
    assert processes_mentioning(data_dir) == []


def test_the_deploy_script_gives_the_roles_what_make_run_gives_them() -> None:
    from scripts import devstack

    script = (ROOT / "deploy" / "postgres-init.sh").read_text()
    owner, app, platform = devstack.OWNER_ROLE, devstack.APP_ROLE, devstack.PLATFORM_ROLE

    for statement in devstack.privilege_statements(owner, [app, platform]):
        assert statement.replace('"', "") + ";" in script
    for role, attributes in devstack.role_attributes(createdb=False).items():
        line = next(line for line in script.splitlines() if line.startswith(f"ALTER ROLE {role} "))
        expected = set(attributes.split()) - {"NOCREATEDB"}  # the owner's follows a switch
        assert expected <= set(line.split()), role
