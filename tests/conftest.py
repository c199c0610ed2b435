"""Shared fixtures.

`cluster` starts a second, isolated cluster beside any dev cluster (databases kitsu_test_*,
RabbitMQ vhost kitsu_test, gateway on 127.0.0.1:8099, run dir .run-test) through deploy/up,
and stops it at the end of the session. Tests talk to it over HTTP only (no eventlet here).
"""
import os
import secrets
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("auth", "production", "tasks", "media", "importer")
PROCESSES = SERVICES + ("media_jobs", "gateway")
# KITSU_TEST_SLOT=N runs an Nth test cluster beside the others (port, databases, vhost, run dir).
SLOT = int(os.environ.get("KITSU_TEST_SLOT", "0"))
SUFFIX = f"{SLOT}" if SLOT else ""
TEST_PORT = 8099 - SLOT
TEST_DB_PREFIX = f"kitsu_test{SUFFIX}"
TEST_VHOST = f"kitsu_test{SUFFIX}"
RUN_DIR = ROOT / f".run-test{SUFFIX}"
ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "mysecretpassword"
UP_TIMEOUT = 240  # deploy/up -d itself gives up after KITSU_UP_TIMEOUT (120 s)


def _test_env():
    env = dict(os.environ)
    env.update(
        DB_PREFIX=TEST_DB_PREFIX,
        AMQP_URI=f"amqp://guest:guest@127.0.0.1:5672/{TEST_VHOST}",
        GATEWAY_HOST="127.0.0.1",
        GATEWAY_PORT=str(TEST_PORT),
        KITSU_RUN_DIR=str(RUN_DIR),
        PREVIEW_FOLDER=str(RUN_DIR / "previews"),
        BCRYPT_LOG_ROUNDS="4",
        USER_LIMIT="100000",  # the burst tests create many persons
        SECRET_KEY=secrets.token_hex(32),
        KITSU_ADMIN_EMAIL=ADMIN_EMAIL,
        KITSU_ADMIN_PASSWORD=ADMIN_PASSWORD,
    )
    return env


class Cluster:
    """The test cluster. Attributes (also readable as cluster["base_url"], ...):
    base_url, env, run_dir."""

    def __init__(self, env, run_dir):
        self.env = env
        self.run_dir = Path(run_dir)
        self.base_url = f"http://127.0.0.1:{TEST_PORT}/api"

    def __getitem__(self, key):
        return getattr(self, key)

    # -- deploy scripts -------------------------------------------------------
    def run(self, *args, timeout=UP_TIMEOUT, check=True, **extra_env):
        """Runs a deploy script (e.g. run("up", "-d", "auth")) with the test env."""
        env = dict(self.env, **extra_env)
        proc = subprocess.run(
            [str(ROOT / "deploy" / args[0]), *args[1:]], cwd=ROOT, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout,
        )
        if check and proc.returncode != 0:
            raise RuntimeError(
                f"deploy/{' '.join(args)} failed (rc={proc.returncode}):\n{proc.stdout[-6000:]}"
            )
        return proc

    def up(self, *names):
        return self.run("up", "-d", *names, KITSU_SKIP_SETUP="1")

    def down(self, *names):
        return self.run("down", *names, timeout=120)

    # -- single processes -----------------------------------------------------
    def pid(self, name):
        """pid of a live process of the cluster, else None."""
        assert name in PROCESSES, name
        try:
            pid = int((self.run_dir / f"{name}.pid").read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if _alive(pid) else None

    def is_running(self, name):
        return self.pid(name) is not None

    def stop_process(self, name, sig=signal.SIGTERM, timeout=20):
        """Sends `sig` to one process (its whole process group) and waits until it is gone
        (SIGKILL after `timeout` s). Returns the pid it had, or None if it was not running."""
        pid = self.pid(name)
        if pid is None:
            return None
        _signal(pid, sig)
        deadline = time.monotonic() + timeout
        while _alive(pid):
            if time.monotonic() > deadline:
                _signal(pid, signal.SIGKILL)
                deadline = time.monotonic() + 10
            time.sleep(0.1)
        return pid

    def start_process(self, name):
        """Starts one process again (deploy/up -d <name>: starts it only if it is not running)
        and waits until /api/status reports every part up."""
        assert name in PROCESSES, name
        self.up(name)
        return self.pid(name)

    def restart_process(self, name, sig=signal.SIGTERM):
        self.stop_process(name, sig)
        return self.start_process(name)

    def log(self, name, lines=50):
        path = self.run_dir / "logs" / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (killed, not yet reaped) counts as gone
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def _signal(pid, sig):
    try:
        if os.getpgid(pid) == pid:  # deploy/up starts every process as a group leader
            os.killpg(pid, sig)
        else:
            os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _drop_test_databases(env):
    import psycopg2

    conn = psycopg2.connect(
        host=env.get("DB_HOST") or "127.0.0.1", port=int(env.get("DB_PORT") or 5432),
        user=env.get("DB_USERNAME") or "postgres", password=env.get("DB_PASSWORD") or None,
        dbname="postgres",
    )
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            for service in SERVICES:
                cur.execute(f'DROP DATABASE IF EXISTS "{TEST_DB_PREFIX}_{service}" WITH (FORCE)')
    finally:
        conn.close()


@pytest.fixture(autouse=True)
def secret_key(monkeypatch):
    """Unit tests sign and verify tokens in-process with a key of their own."""
    from shared import config

    monkeypatch.setattr(config, "SECRET_KEY", secrets.token_hex(32))


def pytest_collection_modifyitems(items):
    """The fuzzing runs last: the rows it creates would disturb other tests' expectations."""
    items.sort(key=lambda item: item.module.__name__ == "test_fuzzing")


@pytest.fixture(scope="session")
def cluster():
    env = _test_env()
    c = Cluster(env, RUN_DIR)
    c.down()  # leftovers of an interrupted session
    # Infrastructure (venv, PostgreSQL, RabbitMQ), then a clean vhost (no old queues).
    setup = subprocess.run(
        ["bash", "-c", "source deploy/common.sh && export_defaults && ensure_venv && "
         "ensure_system_packages && ensure_postgres && ensure_rabbitmq && reset_vhost"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        timeout=900,
    )
    if setup.returncode != 0:
        pytest.fail(f"test cluster infrastructure failed:\n{setup.stdout[-4000:]}", pytrace=False)
    _drop_test_databases(env)
    shutil.rmtree(RUN_DIR / "previews", ignore_errors=True)
    shutil.rmtree(RUN_DIR / "logs", ignore_errors=True)
    try:
        c.up()
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        c.down()
        pytest.fail(f"test cluster did not start: {exc}", pytrace=False)
    try:
        yield c
    finally:
        c.down()


@pytest.fixture(scope="session")
def base_url(cluster):
    return cluster.base_url


@pytest.fixture(scope="session")
def admin_token(base_url):
    import requests

    resp = requests.post(
        f"{base_url}/auth/login",
        json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD},
        timeout=30,
    )
    assert resp.status_code == 200, f"admin login failed: {resp.status_code} {resp.text[:500]}"
    return resp.json()["access_token"]


@pytest.fixture(scope="module")
def admin(base_url, admin_token):
    """An api.Api logged in as the admin."""
    from api import Api

    return Api(base_url, admin_token)
