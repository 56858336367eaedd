"""`manage.py render_deploy`: deploy/ is what the templates make of the settings, and nginx
accepts both forms of the configuration."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from django.core.management import CommandError, call_command

from tests.servers import free_port, wait_for_socket
from tests.tools import require

ROOT = Path(__file__).resolve().parents[1]
HOST_OPTIONS = ["--base-dir", "/srv/usine", "--data-dir", "/var/lib/usine", "--workers", "2"]
# deploy/app-hosts/: a front nginx, two app hosts, one host of shared services.
APP_HOSTS_OPTIONS = [
    *HOST_OPTIONS, "--app-host", "10.0.0.11", "--app-host", "10.0.0.12",
    "--services", "10.0.0.10", "--front", "10.0.0.2",
]  # fmt: skip
FILES = [
    "nginx/usine.conf",
    "redis/usine.conf",
    "systemd/usine-forum.service",
    "systemd/usine-janus.service",
    "systemd/usine-reminders.service",
    "systemd/usine-reminders.timer",
    "systemd/usine-web@.service",
    "systemd/usine-worker.service",
    "systemd/usine.target",
    "usine.env",
]


@pytest.fixture
def data_folder_paths(settings):
    # As the settings make them from USINE_DATA_DIR (the tests elsewhere use a temporary folder).
    settings.STATIC_ROOT = settings.DATA_DIR / "staticfiles"
    settings.MEDIA_ROOT = settings.DATA_DIR / "media"


@pytest.mark.parametrize(
    ("folder", "options"), [("deploy", HOST_OPTIONS), ("deploy/app-hosts", APP_HOSTS_OPTIONS)]
)
def test_deploy_is_what_render_deploy_writes_from_the_settings(
    tmp_path, data_folder_paths, monkeypatch, folder, options
):
    monkeypatch.delenv("REDIS_PASSWORD", raising=False)  # committed: the placeholder only
    call_command("render_deploy", "--out", str(tmp_path), *options, stdout=io.StringIO())

    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    for name in written:
        committed = ROOT / folder / name
        assert committed.read_text() == (tmp_path / name).read_text(), (
            f"{folder}/{name} differs: run manage.py render_deploy --out {folder} "
            + " ".join(options)
        )
    assert [str(name) for name in written] == FILES


def test_app_hosts_share_the_services_and_trust_only_the_front(
    tmp_path, data_folder_paths, monkeypatch
):
    monkeypatch.delenv("REDIS_PASSWORD", raising=False)
    call_command("render_deploy", "--out", str(tmp_path), *APP_HOSTS_OPTIONS, stdout=io.StringIO())
    site = (tmp_path / "nginx" / "usine.conf").read_text()
    env = (tmp_path / "usine.env").read_text().splitlines()
    web = (tmp_path / "systemd" / "usine-web@.service").read_text()

    upstream = site[site.index("upstream usine_web {") : site.index("keepalive")]
    assert re.findall(r"server (\S+) ", upstream) == [
        "10.0.0.11:8001", "10.0.0.11:8002", "10.0.0.12:8001", "10.0.0.12:8002",
    ]  # fmt: skip
    assert "proxy_next_upstream_tries 4;" in site
    assert "location /media/" not in site  # media come from the bucket
    assert "DATABASE_URL=postgres://usine:CHANGEME@10.0.0.10:5432/usine" in env
    assert "REDIS_URL=redis://:CHANGEME@10.0.0.10:6379/0" in env
    assert "AWS_S3_ENDPOINT_URL=http://10.0.0.10:8333" in env
    assert "FORWARDED_ALLOW_IPS=10.0.0.2" in env
    assert "MEDIA_X_ACCEL=1" not in env
    assert '--host "$WEB_ADDRESS" --port $((8000 + %i))' in web
    assert '--forwarded-allow-ips "$FORWARDED_ALLOW_IPS"' in web
    assert "--uds" not in web


def test_the_shared_redis_requires_the_password_given_in_the_environment(
    tmp_path, data_folder_paths, monkeypatch
):
    password = "0f3c-Usine.salon_2026~" + "a" * 10
    monkeypatch.setenv("REDIS_PASSWORD", password)
    call_command("render_deploy", "--out", str(tmp_path), *APP_HOSTS_OPTIONS, stdout=io.StringIO())
    env = (tmp_path / "usine.env").read_text().splitlines()
    redis = (tmp_path / "redis" / "usine.conf").read_text().splitlines()

    assert f"REDIS_URL=redis://:{password}@10.0.0.10:6379/0" in env
    assert f"requirepass {password}" in redis
    assert "bind 10.0.0.10 127.0.0.1" in redis
    assert "protected-mode yes" in redis


def test_a_single_host_redis_stays_on_the_loopback_without_a_password(
    tmp_path, data_folder_paths, monkeypatch
):
    monkeypatch.delenv("REDIS_PASSWORD", raising=False)
    errors = io.StringIO()
    call_command(
        "render_deploy", "--out", str(tmp_path), *HOST_OPTIONS, stdout=io.StringIO(),
        stderr=errors,
    )  # fmt: skip
    redis = (tmp_path / "redis" / "usine.conf").read_text().splitlines()

    assert "REDIS_URL=redis://127.0.0.1:6379/0" in (tmp_path / "usine.env").read_text()
    assert "bind 127.0.0.1" in redis
    assert not [line for line in redis if line.startswith("requirepass")]
    assert errors.getvalue() == ""


@pytest.mark.parametrize("password", ["CHANGEME", "a" * 31, "a" * 31 + "@", "a" * 31 + " "])
def test_a_weak_or_unsafe_redis_password_is_refused(tmp_path, monkeypatch, password):
    monkeypatch.setenv("REDIS_PASSWORD", password)
    with pytest.raises(CommandError, match="REDIS_PASSWORD : au moins 32 caractères"):
        call_command("render_deploy", "--out", str(tmp_path), *APP_HOSTS_OPTIONS)


@pytest.mark.parametrize("options", [HOST_OPTIONS, APP_HOSTS_OPTIONS], ids=["host", "app-hosts"])
def test_nginx_accepts_the_host_site_file(tmp_path, data_folder_paths, options):
    call_command("render_deploy", "--out", str(tmp_path), *options, stdout=io.StringIO())
    site = (tmp_path / "nginx" / "usine.conf").read_text()
    # As Debian's nginx.conf includes it (in http {}), with the host's folders made local.
    site = site.replace("/var/cache/nginx/usine", str(tmp_path / "cache"))
    site = site.replace("/var/log/nginx/usine.access.log", str(tmp_path / "access.log"))
    site = site.replace("listen 80 default_server", "listen 127.0.0.1:1 default_server")
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nevents {{}}\nhttp {{\ninclude /etc/nginx/mime.types;\n"
        f"client_body_temp_path {tmp_path}/body;\nproxy_temp_path {tmp_path}/proxy;\n"
        f"{site}\n}}\n"
    )

    checked = subprocess.run(
        [require("nginx"), "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
         "-e", str(tmp_path / "error.log")],
        capture_output=True, text=True,
    )  # fmt: skip

    assert checked.returncode == 0, checked.stderr
    assert "warn" not in checked.stderr, checked.stderr


def test_the_local_form_refuses_an_absurd_number_of_workers(tmp_path):
    with pytest.raises(CommandError, match="entre 1 et 64"):
        call_command("render_deploy", "--local", "--out", str(tmp_path), "--workers", "0")


def test_an_app_host_is_an_address(tmp_path):
    with pytest.raises(CommandError, match=re.escape("« app1; evil » n'est pas une adresse IP.")):
        call_command("render_deploy", "--out", str(tmp_path), "--app-host", "app1; evil")


def test_the_host_sends_the_reminders_every_quarter_of_an_hour(tmp_path, data_folder_paths):
    call_command("render_deploy", "--out", str(tmp_path), *HOST_OPTIONS, stdout=io.StringIO())
    systemd = tmp_path / "systemd"
    timer = (systemd / "usine-reminders.timer").read_text()
    service = (systemd / "usine-reminders.service").read_text()

    assert "OnCalendar=*:0/15\n" in timer
    assert "ExecStart=/srv/usine/.venv/bin/python manage.py send_reminders\n" in service
    assert " usine-reminders.timer\n" in (systemd / "usine.target").read_text()
    # systemd's own reading of the calendar: every quarter of an hour.
    calendar = subprocess.run(
        [require("systemd-analyze"), "calendar", "--iterations", "2", "*:0/15"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert calendar.returncode == 0, calendar.stderr
    assert "Normalized form: *-*-* *:00/15:00" in calendar.stdout


def test_with_every_web_worker_down_nginx_answers_in_french_and_retries(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path / "static"
    (settings.STATIC_ROOT / "errors").mkdir(parents=True)
    shutil.copy(ROOT / "usine" / "static" / "errors" / "502.html", settings.STATIC_ROOT / "errors")
    port = free_port()
    out = tmp_path / "nginx"
    call_command(
        "render_deploy", "--local", "--out", str(out), "--workers", "2",
        "--listen", f"127.0.0.1:{port}", "--run-dir", str(tmp_path / "run"),
        "--nginx-user", "same", stdout=io.StringIO(),
    )  # fmt: skip
    (tmp_path / "run").mkdir()  # the workers' sockets: none is there
    nginx = subprocess.Popen(
        [require("nginx"), "-p", str(out), "-c", str(out / "nginx.conf"), "-e", str(out / "e.log")]
    )
    try:
        wait_for_socket(nginx, ("127.0.0.1", port), out / "error.log", "nginx")
        page = httpx.get(f"http://127.0.0.1:{port}/ville/", timeout=10)
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)

    assert page.status_code == 502
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert page.headers["Cache-Control"] == "no-store"
    assert '<html lang="fr">' in page.text
    assert "<h1>Le salon redémarre</h1>" in page.text
    assert '<meta http-equiv="refresh" content="15">' in page.text
