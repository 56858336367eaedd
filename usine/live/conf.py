"""Settings of the live video, read from Django's settings first, then the environment.

The three secrets shared with Janus (API secret, VideoRoom admin key, token signing secret) are
generated once into the data folder when they are not given, like SECRET_KEY: scripts/janus.sh
reads the same files when it writes Janus's configuration, so both sides agree without anyone
copying a secret around.
"""

import json
import os
import secrets
from pathlib import Path

from django.conf import settings

from .janus import JanusServer

DEFAULTS = {
    "JANUS_URL": "http://127.0.0.1:8088/janus",
    # Where browsers reach Janus's WebSocket transport; empty: ws(s)://<the page's host>:<port>/.
    "JANUS_BROWSER_URL": "",
    "JANUS_WS_PORT": "8188",
    # Browsers' tokens outlive one exchange (30 minutes) with a margin; a reload mints a new one.
    "JANUS_TOKEN_TTL": "3600",
    "JANUS_TIMEOUT": "2",
    # JSON list of RTCIceServer objects (a TURN server for restrictive school networks).
    "JANUS_ICE_SERVERS": "[]",
}
SECRET_FILES = {
    "JANUS_API_SECRET": "janus_api_secret",
    "JANUS_ADMIN_KEY": "janus_admin_key",
    "JANUS_TOKEN_SECRET": "janus_token_secret",
}


def value(name: str) -> str:
    if hasattr(settings, name):
        return str(getattr(settings, name))
    if name in os.environ:
        return os.environ[name]
    if name in SECRET_FILES:
        return _data_secret(Path(settings.DATA_DIR) / SECRET_FILES[name])
    return DEFAULTS[name]


def janus_server() -> JanusServer:
    return JanusServer(
        url=value("JANUS_URL"),
        api_secret=value("JANUS_API_SECRET"),
        admin_key=value("JANUS_ADMIN_KEY"),
        timeout=float(value("JANUS_TIMEOUT")),
    )


def token_secret() -> str:
    return value("JANUS_TOKEN_SECRET")


def token_ttl() -> int:
    return int(value("JANUS_TOKEN_TTL"))


def ice_servers() -> list:
    return json.loads(value("JANUS_ICE_SERVERS"))


def browser_url(*, host: str, secure: bool) -> str:
    """The WebSocket address of Janus for a browser that loaded a page from `host`."""
    if url := value("JANUS_BROWSER_URL"):
        return url
    hostname = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return f"{'wss' if secure else 'ws'}://{hostname}:{value('JANUS_WS_PORT')}/"


def _data_secret(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
        tmp.write_text(secrets.token_urlsafe(32))
        tmp.chmod(0o600)
        try:
            # Linked into place: two processes starting together end up reading the same secret.
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()
