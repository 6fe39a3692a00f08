"""The production stack runs the same processes as the Procfile."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PROCESS_LINE = re.compile(r"^([A-Za-z0-9_-]+):\s*(.+)$")


def procfile_commands() -> dict[str, str]:
    commands = {}
    for line in (ROOT / "Procfile").read_text(encoding="utf-8").splitlines():
        match = PROCESS_LINE.match(line)
        if match and not line.startswith("#"):
            commands[match.group(1)] = match.group(2).strip()
    return commands


def compose_services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]


def test_procfile_declares_web_worker_and_beat():
    assert sorted(procfile_commands()) == ["beat", "web", "worker"]


def test_compose_has_the_database_broker_and_app_processes():
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(compose_services())


def test_compose_app_processes_run_the_procfile_commands():
    services = compose_services()
    procfile = procfile_commands()

    commands = {name: services[name]["command"] for name in ("web", "worker", "beat")}

    assert commands == procfile


def test_compose_services_have_healthchecks():
    services = compose_services()

    without = [
        name
        for name in ("postgres", "redis", "web", "worker", "beat")
        if "test" not in services[name].get("healthcheck", {})
    ]

    assert without == []


def test_compose_app_processes_wait_for_healthy_database_and_broker():
    services = compose_services()

    for name in ("web", "worker", "beat"):
        depends = services[name]["depends_on"]
        assert depends["postgres"] == {"condition": "service_healthy"}
        assert depends["redis"] == {"condition": "service_healthy"}


def test_compose_runs_the_app_with_debug_off():
    services = compose_services()

    assert {services[name]["environment"]["DEBUG"] for name in ("web", "worker", "beat")} == {
        "false"
    }


def test_web_replicas_publish_no_port_and_one_proxy_balances_over_them():
    """``--scale web=3`` needs the replicas not to claim one host port; the proxy does."""
    services = compose_services()

    assert "ports" not in services["web"]
    assert services["web"]["expose"] == ["8000"]
    assert services["proxy"]["ports"] == ["${WEB_PORT:-8000}:8000"]
    config = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert "set $web http://web:8000;" in config
    assert "proxy_pass $web;" in config


def test_every_app_process_shares_one_cache():
    services = compose_services()

    assert {services[name]["environment"]["CACHE_URL"] for name in ("web", "worker", "beat")} == {
        "redis://redis:6379/1"
    }
