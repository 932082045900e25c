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


def read_until(process: subprocess.Popen[str], marker: str, timeout: float = 120) -> str:
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
