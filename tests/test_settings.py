"""Production settings refuse to start without their secrets and pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "leusden_portal.settings.production",
    "DJANGO_SECRET_KEY": "k3Jx9-QpL2vR8mZt5Wn7Yb4Hc6Df1Gs0Ae_UoIrEyTwQaSzXcVbNmLkJhGfDsA",
    "DJANGO_ALLOWED_HOSTS": "samenleving.leusden.nl",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
    "DEFAULT_FROM_EMAIL": "Samenleving Voorop <noreply@leusden.nl>",
    "SITE_URL": "https://samenleving.leusden.nl",
}


def run_manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"])
def test_production_refuses_to_start_without_a_secret(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr


def test_production_serves_compressed_hashed_static_files():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.STORAGES['staticfiles']['BACKEND'])",
        env=PRODUCTION_ENV,
    )
    assert "PortalStaticFilesStorage" in result.stdout, result.stderr


@override_settings(DEMO_DATA_ALLOWED=False)
def test_seed_demo_refuses_with_production_settings():
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo")


def test_database_is_postgresql_and_connections_are_reused(settings):
    from django.db import connection

    assert connection.vendor == "postgresql"
    from leusden_portal.settings import base

    assert base.DATABASES["default"]["CONN_MAX_AGE"] > 0


def test_make_run_on_another_port_builds_email_links_from_that_port():
    """`PORT=8123 make run` serves on 8123 and the links in its e-mails point there."""
    root = ROOT
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    plan = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=root, env=env, capture_output=True, text=True
    ).stdout
    (serve,) = [line for line in plan.splitlines() if "runserver" in line]
    assert serve.endswith("runserver 127.0.0.1:8123")
    # The same command line, asking the settings instead of serving.
    ask = serve.replace(
        "manage.py runserver 127.0.0.1:8123",
        "manage.py shell -c 'from django.conf import settings; print(settings.SITE_URL)'",
    )
    env["DJANGO_SETTINGS_MODULE"] = "leusden_portal.settings.dev"
    env.pop("DATABASE_URL", None)
    out = subprocess.run(["bash", "-c", ask], cwd=root, env=env, capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == "http://127.0.0.1:8123", out.stderr
    env["SITE_URL"] = "https://leusden.example"  # a value set by the person wins
    out = subprocess.run(["bash", "-c", ask], cwd=root, env=env, capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == "https://leusden.example", out.stderr
