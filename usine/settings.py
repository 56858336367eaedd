"""Usine settings, read from the environment with safe defaults.

Every real component has an embedded default (SQLite, in-process channel layer, a cache folder
shared by the host's processes, local media folder, database task queue)
and a scale-out form chosen by an environment variable.
"""

import os
import secrets
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("USINE_DATA_DIR", BASE_DIR / "data"))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """Generated once and kept in the data folder, so it is never committed."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG")
# The fair's public address, for links made outside a request (e-mails, calendar invitations,
# background tasks). By default the address `make run` serves; set it in production.
_served_host = os.environ.get("HOST", "127.0.0.1")
SITE_URL = os.environ.get("SITE_URL") or "http://{}:{}".format(
    "localhost" if _served_host in ("0.0.0.0", "::") else _served_host,
    os.environ.get("PORT", "8000"),
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # django.contrib.admin with the fair's site: a second factor over HTTPS (usine/accounts/).
    "usine.accounts.admin_config.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "csp",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "usine",
    "usine.accounts",
    "usine.fair",
    "usine.exhibits",
    "usine.town",
    "usine.media",
    "usine.schools",
    "usine.live",
    "usine.desk",
    "usine.professionals",
    "usine.forum",
    "usine.about",
    "usine.insights",
    "usine.games",
    "usine.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "usine.middleware.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Below the sessions: answers to a request with a session are private (shared caches).
    "usine.middleware.PrivateForSessions",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether the session proved the account's second factor.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The Content-Security-Policy header of every page (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # Turns axes' refusals into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "usine.urls"
ASGI_APPLICATION = "usine.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "usine" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "usine.context_processors.roles",
                "usine.schools.context_processors.pupil_session",
                "usine.schools.context_processors.group_words",
            ],
        },
    },
]

# Each form field in a `div.field`, label above input (usine/inputs.py).
FORM_RENDERER = "usine.inputs.FormRenderer"

# --- Database: SQLite in WAL mode by default, PostgreSQL with DATABASE_URL -----------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'usine.sqlite3'}", conn_max_age=0, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at BEGIN so
        # two writers queue on busy_timeout instead of failing with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
        ),
    }
    # Tests use a file too, not a shared-cache in-memory database: threads of a concurrency test
    # then see SQLite's real locking (busy_timeout) instead of "database table is locked". One
    # file per test process, so runs side by side never share it.
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"usine-test-{os.getpid()}.sqlite3")
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and (
    pool_size := int(os.environ.get("DATABASE_POOL_SIZE", 20))
):
    # Under ASGI each request runs in its own thread: without a pool every request opens (and
    # PostgreSQL forks) a new connection, and a burst can exceed max_connections. With a pool,
    # requests beyond its size wait up to `timeout` seconds for a connection. On by default
    # (DATABASE_POOL_SIZE=0 turns it off, e.g. behind pgbouncer). With conn_health_checks the
    # pool tries a connection before lending it: none is handed out dead after a restart.
    DATABASES["default"]["OPTIONS"] = {
        "pool": {
            "min_size": min(4, pool_size),
            "max_size": pool_size,
            # Also how long a request waits while PostgreSQL is away before its 503 page.
            "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", 10)),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Channel layer and cache: Redis with REDIS_URL (`make run` starts one when it can) -----------
# Without Redis the cache lives in the data folder: the task worker, every web worker and the
# management commands of one host then see the same town, roles, sessions and rate limits (an
# in-process cache would leave each process its own copy, stale until it expires). The channel
# layer stays in-process: live rooms across several web processes need Redis.
REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_channel_host(url: str) -> dict:
    """The channel layer's connection pool. redis-py 8 reads with a 5 s timeout by default, as
    long as the layer's blocking wait for the next message (BZPOPMIN, 5 s): every socket's
    receive loop then failed within seconds of silence and closed the socket. Reads wait a bit
    longer than that wait (a dead server still shows), and a process may open more than redis-py's
    100 connections when thousands of sockets close at once (each leaves its groups)."""
    return {"address": url, "socket_timeout": 15, "max_connections": 2000}


if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [redis_channel_host(REDIS_URL)]},
        }
    }
    # One connection pool per process, not one per request and socket (usine/caches.py).
    CACHES = {"default": {"BACKEND": "usine.caches.SharedRedisCache", "LOCATION": REDIS_URL}}
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": DATA_DIR / "cache",
            # Django culls (and lists the folder) only above MAX_ENTRIES: sessions of a few
            # thousand pupils must fit without it.
            "OPTIONS": {"MAX_ENTRIES": 50_000, "CULL_FREQUENCY": 4},
        }
    }
# `{% cache %}` fragments vary on a version: each process keeps copies (usine/versions.py).
CACHES["template_fragments"] = {"BACKEND": "usine.versions.VersionedFragments"}


# --- Background tasks: Django's tasks API on the database backend ---------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Auth --------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions are read on every request (pupils and teachers alike): from the cache first, with the
# database behind it so nothing is lost when a process restarts.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
LOGIN_URL = "login"
# axes first: a locked-out try is refused before ModelBackend hashes its password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "town:town"

# --- Signing in: django-axes (usine/accounts/throttle.py says why and how) ----------------------
# Counted in the cache every process shares (a folder or Redis): axes' cache handler, plus a
# wait per address past a generous allowance of wrong passwords, whatever the account. (axes'
# own check frowns on the folder cache, whose counters are not atomic: it is still shared by
# every process of the host, and at worst a guesser gets a try or two more, as the README says.)
AXES_HANDLER = "usine.accounts.throttle.SignInHandler"
# Locked per account *and* address: a school's teachers share one address, and a colleague's
# (or a pupil's) wrong tries on one account lock no other; the account still opens elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Five wrong passwords lock the pair…
AXES_FAILURE_LIMIT = 5
# …for fifteen minutes; failures are forgotten fifteen minutes after the last one. Resetting
# the password by e-mail lifts the lock at once (usine/accounts/views.py).
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Tries while locked are refused without hashing and neither counted nor extending the lock:
# it lifts at the end of the cool-off whatever the client keeps sending.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The right password clears the pair's count: a teacher's typos do not add up over the week.
AXES_RESET_ON_SUCCESS = True
# The address is REMOTE_ADDR, which uvicorn sets from X-Forwarded-For only behind the trusted
# proxy; never a header a client may write itself (nor django-ipware's guesses, if installed).
AXES_CLIENT_IP_CALLABLE = "usine.accounts.throttle.client_address"
# The username with its length in front, so that axes' cache key (username and address joined)
# names one pair only.
AXES_USERNAME_CALLABLE = "usine.accounts.throttle.axes_username"
# The fair's own page, in French, with status 429 and Retry-After.
AXES_LOCKOUT_CALLABLE = "usine.accounts.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
# The cache handler keeps no access log in the database; nothing to show in the admin.
AXES_ENABLE_ADMIN = False

# --- Second factor for staff: TOTP with django-otp (usine/accounts/second_factor.py) -------------
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "Usine"
# Served over HTTPS, the admin asks for a session verified by the second factor; staff without
# one are sent to /comptes/double-authentification/. Off for the local demo and the tests.
ADMIN_REQUIRES_SECOND_FACTOR = env_bool("ADMIN_REQUIRES_SECOND_FACTOR", env_bool("HTTPS"))

# --- Languages: French first, English second --------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "usine" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static files and media ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "usine" / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Scale-out form: media in an S3-compatible bucket, maybe behind a CDN (what is public there:
# usine/media/storage.py; `manage.py prepare_media_bucket` sets the bucket up). The keys come
# from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the host's role, read by boto3 itself.
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL", "")
AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "")
AWS_S3_URL_PROTOCOL = os.environ.get("AWS_S3_URL_PROTOCOL", "https:")
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "usine.media.storage.MediaStorage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": AWS_S3_ENDPOINT_URL or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN or None,
            "url_protocol": AWS_S3_URL_PROTOCOL,
            "location": os.environ.get("AWS_LOCATION", ""),
            # Self-hosted servers rarely have a DNS name per bucket: endpoint/bucket/key URLs.
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE")
            or ("path" if AWS_S3_ENDPOINT_URL else None),
        },
    }
WHITENOISE_MAX_AGE = 3600
# Behind the production form's nginx: protected media (usine/protected_media.py) are sent by
# nginx once Django has said yes (X-Accel-Redirect); the embedded form sends them itself.
MEDIA_X_ACCEL = env_bool("MEDIA_X_ACCEL")

# Upload limits for exhibitors' videos (bytes, seconds); Django must accept a body that large.
VIDEO_MAX_BYTES = int(os.environ.get("VIDEO_MAX_BYTES", 500 * 1024 * 1024))
VIDEO_MAX_SECONDS = int(os.environ.get("VIDEO_MAX_SECONDS", 600))

# The Forum's live streams (usine/forum): each stage's packager listens for SRT on a port of its
# own from FORUM_SRT_PORT up, on FORUM_SRT_HOST (0.0.0.0 to take feeds from other machines);
# encoders are told to call FORUM_SRT_PUBLIC_HOST.
FORUM_SRT_HOST = os.environ.get("FORUM_SRT_HOST", "127.0.0.1")
FORUM_SRT_PORT = int(os.environ.get("FORUM_SRT_PORT", 9710))
FORUM_SRT_PUBLIC_HOST = os.environ.get("FORUM_SRT_PUBLIC_HOST", FORUM_SRT_HOST)
# A talk streamed from the browser studio: Janus forwards its RTP to the stage's packager, on
# FORUM_RTP_HOST (where the packagers run, as Janus sees it), sixteen ports per stage from
# FORUM_RTP_PORT up: four (audio, its RTCP, video, its RTCP) for each of a round table's
# speakers on air (usine/forum/studio.py).
FORUM_RTP_HOST = os.environ.get("FORUM_RTP_HOST", "127.0.0.1")
FORUM_RTP_PORT = int(os.environ.get("FORUM_RTP_PORT", 9800))
CAPTIONS_MAX_BYTES = 512 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

# --- Personal data: pupils and teachers' accounts (on request) are purged this many days after
# the edition ends (manage.py purge_personal_data).
PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", 30))

# The fair's anonymous figures (usine/insights): each process writes its counted events in bulk
# every INSIGHTS_FLUSH_SECONDS (0: at once, as the tests do), and the day's roll-up runs at most
# every INSIGHTS_ROLLUP_SECONDS across all processes. INSIGHTS_COUNTING=0 counts nothing at all
# (no counter on the pages): a host that wants no figures, the benchmark's "without events".
INSIGHTS_COUNTING = env_bool("INSIGHTS_COUNTING", True)
INSIGHTS_FLUSH_SECONDS = float(os.environ.get("INSIGHTS_FLUSH_SECONDS", 2))
INSIGHTS_ROLLUP_SECONDS = int(os.environ.get("INSIGHTS_ROLLUP_SECONDS", 60))

# --- Who publishes the fair: the legal notice, the privacy policy and the contact page -----------
# Read from the environment, not from the edition: the publisher, its publication director and
# the host are facts of the deployment that hold across editions, and the error and legal pages
# must show them without the database. Left empty, the pages say which variable to set and
# `check --deploy` warns (usine/about/checks.py).
ORGANIZER_NAME = os.environ.get("ORGANIZER_NAME", "")
ORGANIZER_ADDRESS = os.environ.get("ORGANIZER_ADDRESS", "")
# Where contact messages and personal data requests go (stored in the database as well).
ORGANIZER_EMAIL = os.environ.get("ORGANIZER_EMAIL", "")
ORGANIZER_PHONE = os.environ.get("ORGANIZER_PHONE", "")
PUBLICATION_DIRECTOR = os.environ.get("PUBLICATION_DIRECTOR", "")
# The data protection officer, when the organizer has one (a public body must): else the organizer.
DATA_PROTECTION_EMAIL = os.environ.get("DATA_PROTECTION_EMAIL", "")
HOSTING_PROVIDER = os.environ.get("HOSTING_PROVIDER", "")
HOSTING_ADDRESS = os.environ.get("HOSTING_ADDRESS", "")
# Contact messages hold adults' names and addresses: kept this long, then deleted.
CONTACT_MESSAGE_RETENTION_DAYS = int(os.environ.get("CONTACT_MESSAGE_RETENTION_DAYS", 365))

# --- E-mail: console by default, SMTP from the environment ---------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Usine <noreply@localhost>")

# --- Security when served over HTTPS ------------------------------------------------------------
if env_bool("HTTPS"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # A year, as browsers' preload lists ask; subdomains only when every one of them is HTTPS.
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
    # Subdomains and preload are the host's choice (they bind every subdomain to HTTPS for a
    # year): off by default, so `check --deploy` is not told about it again.
    SILENCED_SYSTEM_CHECKS = [
        *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
        *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
    ]
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# --- Content-Security-Policy (django-csp) -------------------------------------------------------
# No page has an inline script or style: scripts and styles come from the fair itself. Media
# (posters, HLS) may come from the media host (S3/CDN); hls.js reads it with fetch and plays it
# through blob: URLs. The live video pages add their Janus WebSocket (live/views/video.py).
_media_origins = [MEDIA_URL] if MEDIA_URL.startswith(("http://", "https://")) else []
if AWS_S3_CUSTOM_DOMAIN:
    _media_origins.append(f"{AWS_S3_URL_PROTOCOL}//{AWS_S3_CUSTOM_DOMAIN}")
elif AWS_S3_ENDPOINT_URL and os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    _media_origins.append(AWS_S3_ENDPOINT_URL)  # no CDN: media URLs point at the bucket
elif _bucket := os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    _region = os.environ.get("AWS_S3_REGION_NAME") or "us-east-1"
    _media_origins += [
        f"https://{_bucket}.s3.amazonaws.com",
        f"https://{_bucket}.s3.{_region}.amazonaws.com",
    ]
_media_origins = ["/".join(origin.split("/")[:3]) for origin in _media_origins]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *_media_origins],
        "media-src": ["'self'", "blob:", *_media_origins],
        "connect-src": ["'self'", *_media_origins],
        "worker-src": ["'self'", "blob:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # 4xx answers are the visitors' mistakes (a full slot, a wrong code), already explained
        # to them; logging each one costs time when hundreds arrive together.
        "django.request": {"level": "ERROR"},
        # Wrong passwords and lockouts (warnings) are worth reading; a line for every successful
        # sign-in is not.
        "axes": {"level": "WARNING"},
    },
}
