"""Settings come from the environment and fail loudly (run in subprocesses: settings load once)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from rtw.env import env_bool

ROOT = Path(__file__).resolve().parent.parent
# Everything the test run itself sets (pytest-env, with_services) that would blur the result.
CLEARED = {
    "DEBUG",
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "STATIC_MANIFEST",
    "WHITENOISE_USE_FINDERS",
    "CELERY_TASK_ALWAYS_EAGER",
    "EMAIL_HOST",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "PROXY_COUNT",
    "TRUSTED_PROXY_REQUEST_ID",
    "SECRET_KEY_FALLBACKS",
}


def manage(*args: str, env: dict[str, str], var_dir: Path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in CLEARED}
    clean.update(env, VAR_DIR=str(var_dir))
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def production_env() -> dict[str, str]:
    return {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "example.org",
        "CSRF_TRUSTED_ORIGINS": "https://example.org",
        "SITE_URL": "https://example.org",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    }


def test_deploy_check_passes_with_production_environment(tmp_path):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env(), var_dir=tmp_path
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_without_secret_key_refuses_to_start_with_a_hint(tmp_path):
    env = production_env()
    del env["SECRET_KEY"]

    result = manage("check", env=env, var_dir=tmp_path)

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "DEBUG=true" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    env = production_env()
    key_file = tmp_path / "secret_key"
    key_file.write_text(env.pop("SECRET_KEY") + "\n", encoding="utf-8")
    env["SECRET_KEY_FILE"] = str(key_file)

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env, var_dir=tmp_path)

    assert result.returncode == 0, result.stderr


def test_debug_must_be_true_or_false(tmp_path):
    env = production_env() | {"DEBUG": "yes"}

    result = manage("check", env=env, var_dir=tmp_path)

    assert result.returncode != 0
    assert "DEBUG must be 'true' or 'false', not 'yes'" in result.stderr


@pytest.mark.parametrize("value", ["yes", "1", "on", ""])
def test_env_bool_rejects_anything_but_true_or_false(monkeypatch, value):
    monkeypatch.setenv("RTW_TEST_FLAG", value)

    with pytest.raises(ImproperlyConfigured, match="RTW_TEST_FLAG must be 'true' or 'false'"):
        env_bool("RTW_TEST_FLAG", False)


@pytest.mark.parametrize(
    ("value", "expected"), [("true", True), ("FALSE", False), (" True ", True)]
)
def test_env_bool_reads_true_and_false(monkeypatch, value, expected):
    monkeypatch.setenv("RTW_TEST_FLAG", value)

    assert env_bool("RTW_TEST_FLAG", not expected) is expected


@pytest.mark.parametrize(
    ("proxy_count", "flag", "trusted"),
    [(None, None, "False"), ("1", None, "False"), ("0", "true", "False"), ("1", "true", "True")],
)
def test_a_clients_request_id_is_trusted_only_behind_our_proxy_and_when_switched_on(
    tmp_path, proxy_count, flag, trusted
):
    env = {"DEBUG": "true"}
    if proxy_count is not None:
        env["PROXY_COUNT"] = proxy_count
    if flag is not None:
        env["TRUSTED_PROXY_REQUEST_ID"] = flag

    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.TRUSTED_PROXY_REQUEST_ID)",
        env=env,
        var_dir=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == trusted


def test_secret_key_fallbacks_come_from_the_environment(tmp_path):
    env = {"DEBUG": "true", "SECRET_KEY_FALLBACKS": "old-key-one, old-key-two"}

    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY_FALLBACKS)",
        env=env,
        var_dir=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['old-key-one', 'old-key-two']"


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    """Short queries only: JIT compiling cost seconds for millisecond queries at scale."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
