"""Writes the production form's configuration from the settings and the templates in
usine/templates/deploy/: an nginx of the fair's own for `make run-production` (--local), or the
files of a host's deployment (nginx site, systemd units, environment file) into deploy/.

With `--app-host` (once per host), the web workers run on several app hosts instead of this one:
nginx (on the front host) spreads requests over each host's workers on TCP (ports from
FIRST_PORT), and every host shares one PostgreSQL, one Redis and one S3 bucket (`--services`).
That Redis listens on the network: it requires a password, REDIS_PASSWORD in the environment of
this command (never in the repository), written into the app hosts' REDIS_URL and the Redis
configuration; without it, a placeholder to replace, as DATABASE_URL's."""

import grp
import ipaddress
import os
import pwd
import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string

from usine.front_cache import front_cached_paths_regex
from usine.protected_media import ACCEL_PREFIX, PROTECTED_PREFIXES

SYSTEMD_FILES = [
    "usine-web@.service",
    "usine-worker.service",
    "usine-forum.service",
    "usine-janus.service",
    "usine-reminders.service",
    "usine-reminders.timer",
    "usine.target",
]
FIRST_PORT = 8001
PLACEHOLDER = "CHANGEME"
# URL-safe (no escaping in REDIS_URL, redis.conf or systemd's environment file), and long: a
# Redis answers so fast that a short password is guessed by trying them all.
REDIS_PASSWORD = re.compile(r"[A-Za-z0-9._~-]{32,}")


def address(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise CommandError(f"« {value} » n'est pas une adresse IP.") from None


def redis_password(*, shared: bool) -> str:
    """The Redis password from the environment; the placeholder for a shared Redis without one
    (a Redis on this host's loopback needs none)."""
    password = os.environ.get("REDIS_PASSWORD", "")
    if not password:
        return PLACEHOLDER if shared else ""
    if not REDIS_PASSWORD.fullmatch(password):
        raise CommandError(
            "REDIS_PASSWORD : au moins 32 caractères parmi les lettres, les chiffres et "
            "« . _ ~ - » (par exemple : openssl rand -hex 32)."
        )
    return password


def web_sockets(run_dir: Path, workers: int) -> list[Path]:
    """The Unix socket of each web worker, numbered from 1 (as systemd's usine-web@N)."""
    return [run_dir / f"web-{n}.sock" for n in range(1, workers + 1)]


def rebased(path: Path, data_dir: Path) -> Path:
    """A path of the data folder moved to `data_dir` (a host's folder, not this clone's)."""
    try:
        return data_dir / Path(path).relative_to(settings.DATA_DIR)
    except ValueError:
        return Path(path)


class Command(BaseCommand):
    help = "Écrit la configuration de la forme de production (nginx, systemd, environnement)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="Dossier où écrire.")
        parser.add_argument(
            "--local",
            action="store_true",
            help="Un nginx propre au salon, lancé par make run-production (sinon : deploy/).",
        )
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2))
        )
        parser.add_argument("--listen", default="127.0.0.1:8000", help="Adresse d'écoute de nginx.")
        parser.add_argument("--run-dir", type=Path, help="Dossier des sockets des processus web.")
        parser.add_argument("--server-name", default="usine.example.org")
        parser.add_argument("--base-dir", type=Path, default=settings.BASE_DIR)
        parser.add_argument("--data-dir", type=Path, default=settings.DATA_DIR)
        parser.add_argument("--user", default="usine", help="Compte des services systemd.")
        parser.add_argument(
            "--app-host",
            dest="app_hosts",
            action="append",
            default=[],
            help="Adresse d'un hôte applicatif (une fois par hôte) : ses processus web écoutent en "
            f"TCP sur les ports {FIRST_PORT}, {FIRST_PORT + 1}…",
        )
        parser.add_argument(
            "--services",
            default="127.0.0.1",
            help="Adresse de PostgreSQL, Redis et S3, partagés par les hôtes applicatifs.",
        )
        parser.add_argument(
            "--front",
            default="127.0.0.1",
            help="Adresse du nginx de façade, vue des hôtes applicatifs (X-Forwarded-For).",
        )
        parser.add_argument(
            "--nginx-user",
            default="nobody nogroup",
            help="--local, démarré en root : compte des processus de nginx (« same » : celui-ci).",
        )

    def handle(self, *args, out: Path, local: bool, workers: int, **options):
        if not 1 <= workers <= 64:
            raise CommandError("--workers : entre 1 et 64 processus web.")
        out.mkdir(parents=True, exist_ok=True)
        data_dir = options["data_dir"]
        run_dir = options["run_dir"] or (data_dir / "run" if local else Path("/run/usine"))
        app_hosts = [address(host) for host in options["app_hosts"]]
        ports = [FIRST_PORT + n for n in range(workers)]
        if app_hosts:
            upstreams = [f"{host}:{port}" for host in app_hosts for port in ports]
        else:
            upstreams = [f"unix:{sock}" for sock in web_sockets(run_dir, workers)]
        # Several hosts share no disk: media are on S3 (served by the bucket or its CDN).
        media_local = not app_hosts and settings.STORAGES["default"]["BACKEND"].endswith(
            "FileSystemStorage"
        )
        context = {
            "app_hosts": app_hosts,
            "upstreams": upstreams,
            "first_port": FIRST_PORT,
            "services": address(options["services"]),
            "front": address(options["front"]),
            "local": local,
            "workers": workers,
            "worker_numbers": range(1, workers + 1),
            "run_dir": run_dir,
            "listen": options["listen"] if local else "80",
            "server_name": "_" if local else options["server_name"],
            "base_dir": options["base_dir"],
            "data_dir": data_dir,
            "python": options["base_dir"] / ".venv" / "bin" / "python",
            "static_url": settings.STATIC_URL,
            "static_root": rebased(settings.STATIC_ROOT, data_dir),
            # Media on S3 are served by the bucket (or its CDN), not by nginx.
            "media_url": settings.MEDIA_URL if media_local else "",
            "media_root": rebased(settings.MEDIA_ROOT, data_dir),
            "protected_prefixes": PROTECTED_PREFIXES,
            "accel_prefix": ACCEL_PREFIX,
            "session_cookie": settings.SESSION_COOKIE_NAME,
            "messages_cookie": getattr(settings, "MESSAGE_COOKIE_NAME", "messages"),
            "language_cookie": settings.LANGUAGE_COOKIE_NAME,
            "front_cached_regex": front_cached_paths_regex(),
            "max_body_mb": settings.VIDEO_MAX_BYTES // (1024 * 1024) + 10,
            "user": options["user"],
            "nginx_group": "www-data",
            "mime_types": "/etc/nginx/mime.types",
        }
        self.nginx_user = options["nginx_user"]
        if self.nginx_user == "same":
            self.nginx_user = (
                f"{pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name}"
            )
        if local:
            self._local(out, context)
        else:
            self._host(out, context)

    def _local(self, out: Path, context: dict) -> None:
        for folder in ("tmp", "cache"):
            (out / folder).mkdir(exist_ok=True)
        context |= {
            "prefix": out,
            "cache_dir": out / "cache",
            # Which app host answered, for whoever runs several (tests/test_app_hosts.py).
            "access_log": out / "access.log" if context["app_hosts"] else "off",
            # Started as root, nginx's workers drop to nobody: they read the static files and
            # media (world-readable) and reach the sockets through their group (run-production.sh).
            "worker_user": self.nginx_user if os.geteuid() == 0 else "",
        }
        (out / "nginx.conf").write_text(render_to_string("deploy/nginx.conf", context))
        self.stdout.write(str(out / "nginx.conf"))

    def _host(self, out: Path, context: dict) -> None:
        env_file = Path("/etc/usine/usine.env")
        services = context["services"]
        if ":" in services:
            services = f"[{services}]"
        password = redis_password(shared=bool(context["app_hosts"]))
        if password == PLACEHOLDER:
            self.stderr.write(
                f"REDIS_PASSWORD absent : le mot de passe de Redis est « {PLACEHOLDER} », à "
                "remplacer dans usine.env et redis/usine.conf."
            )
        redis_auth = f":{password}@" if password else ""
        context |= {
            "cache_dir": "/var/cache/nginx/usine",
            "access_log": "/var/log/nginx/usine.access.log",
            "env_file": env_file,
            "database_url": f"postgres://usine:CHANGEME@{services}:5432/usine",
            "redis_url": f"redis://{redis_auth}{services}:6379/0",
            "redis_password": password,
            "s3_url": f"http://{services}:8333",
            "allowed_hosts": context["server_name"],
            "site_url": f"https://{context['server_name']}",
            "https": "1",
        }
        files = {
            Path("nginx") / "usine.conf": "deploy/site.conf",
            Path("usine.env"): "deploy/usine.env",
            **{Path("systemd") / name: f"deploy/{name}" for name in SYSTEMD_FILES},
            Path("redis") / "usine.conf": "deploy/redis.conf",
        }
        for name, template in files.items():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_text(render_to_string(template, context))
            self.stdout.write(str(out / name))
