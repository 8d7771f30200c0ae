"""One settings module for every environment, read from the environment.

Nothing here changes between the demo, the tests and production except what
an environment variable says. See docs/deploy.md for the variables.
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

from roundtable.lib.env import env_bool, env_choice, env_int, env_list, env_str
from roundtable.lib.i18n import catalogued_languages

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("ROUNDTABLE_DATA_DIR", str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
DEMO_MODE = env_bool("ROUNDTABLE_DEMO", False)
# The demo's year of health-check history (health/demo.py) takes about 40 s to make. Tests of the other
# chapters turn it off (core/tests/conftest.py); health/tests/test_demo.py loads it.
DEMO_HEALTH_HISTORY = env_bool("ROUNDTABLE_DEMO_HEALTH_HISTORY", True)
TESTING = env_bool("ROUNDTABLE_TESTING", "pytest" in sys.modules)
# Set by manage.py: a developer's checkout may keep its secret key in the data directory.
# Production runs `roundtable manage ...` instead, which never sets it.
LOCAL_CHECKOUT = env_bool("ROUNDTABLE_LOCAL", False)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if not (DEBUG or DEMO_MODE or TESTING or LOCAL_CHECKOUT):
        raise ImproperlyConfigured("SECRET_KEY must be set in production (or SECRET_KEY_FILE)")
    # The demo, tests and a developer's checkout keep a key of their own in the data directory.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The address every link we send starts with (emails, texts, letters, call scripts, calendar feeds).
# `roundtable demo --port N` sets it from its port; production must set it (checked at start-up,
# see notifications/checks.py).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_URL_GIVEN = bool(env_str("SITE_URL").strip())

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "anymail",
    # Our apps, lowest first: each may import only those above it.
    "roundtable.ui",  # template tags and form templates for every app; imports only lib
    "roundtable.audit",
    "roundtable.accounts",
    "roundtable.notifications",
    "roundtable.signin",
    "roundtable.projects",
    "roundtable.glossary",
    "roundtable.meetings",
    "roundtable.updates",
    "roundtable.payments",
    "roundtable.feedback",
    "roundtable.credits",
    "roundtable.decisions",
    "roundtable.safety",  # ground rules agreed by a decision or after a board, private breach reports
    "roundtable.stories",  # tell your story once: parts, sharing, requests, the access log, quotes
    "roundtable.conversation",  # talk between meetings: topics, replies by any channel, moderation
    "roundtable.replies",  # answers by email, text, post and phone; the quarantine (docs/replies.md)
    "roundtable.health",  # the co-production health check: reads every app below it
    "roundtable.yourdata",  # download my data, delete my account, retention: reads every app's personal data
    "roundtable.promises",  # privacy notices, the accessibility statement, the audit log page, organisation export
    "roundtable.api",  # the REST API at /api/v1/ and webhooks: reads every app below it (docs/api.md)
    "roundtable.core",
]

MIDDLEWARE = [
    "roundtable.core.middleware.HealthCheckMiddleware",  # /healthz over plain HTTP, for load balancers
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "roundtable.core.middleware.PrivacyHeadersMiddleware",  # Permissions-Policy; no-store when signed in
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "roundtable.urls"
WSGI_APPLICATION = "roundtable.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "roundtable.core.context_processors.site",
            ],
        },
    }
]

# --- Forms (added by frontend): GOV.UK Frontend markup for every form field.
INSTALLED_APPS += ["django.forms"]
FORM_RENDERER = "roundtable.ui.forms.FormRenderer"
# --- end Forms

# --- Database: SQLite in the data directory unless DATABASE_URL says otherwise.
# Connections are kept open between requests (DATABASE_CONN_MAX_AGE seconds, 0 closes each one) and checked
# before reuse, so a database restart costs one reconnect, not an error. On PostgreSQL this took 50 users
# from 21 to 105 requests a second (issue 11). Keep workers x processes under PostgreSQL's max_connections.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'roundtable.sqlite3'}"),
        # Tests close each connection (threads of the browser tests must not hold the test database open).
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if TESTING else 600, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
            "transaction_mode": "IMMEDIATE",
        }
    )
# PostgreSQL plans a query each time it gets one as plain text, and the busiest pages' joins took longer to
# plan (up to 2 ms) than to run. Parameters sent apart from the SQL (server-side binding) let psycopg prepare
# a statement once it has run DATABASE_PREPARE_THRESHOLD times on a connection, and PostgreSQL then reuses
# its plan: `make load`'s mix went from 0.50 to 0.54 and 0.57 of the reference page's requests a second
# (docs/deploy.md, "Under load"). Reads whose best plan depends on their values are never prepared
# (lib.rawsql.planned_for_its_values). Behind PgBouncer in transaction mode set DATABASE_PREPARED_STATEMENTS=false.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DATABASE_PREPARED_STATEMENTS", True):
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"server_side_binding": True, "prepare_threshold": env_int("DATABASE_PREPARE_THRESHOLD", 5, minimum=0)}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- People and sign-in
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "sesame.backends.ModelBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "signin:sign_in"
LOGIN_REDIRECT_URL = "projects:my_projects"
LOGOUT_REDIRECT_URL = "core:home"

SESAME_MAX_AGE = env_int("SIGN_IN_LINK_HOURS", 24, minimum=1) * 3600
SESAME_ONE_TIME = True
SESAME_TOKEN_NAME = "token"
INVITATION_DAYS = env_int("INVITATION_DAYS", 30, minimum=1)

# --- Your data (docs/your-data.md): how long a download link works, and how long each kind of data is kept.
DATA_DOWNLOAD_DAYS = env_int("DATA_DOWNLOAD_DAYS", 7, minimum=1)
# Each kind: days kept (from the date named in "from"), and the source of the period. The nightly
# retention sweep (yourdata.retention, `roundtable manage retention_sweep`) removes or anonymises what
# is older. Change a period with the environment variable RETENTION_<KIND>_DAYS.
RETENTION = {
    "payments": {
        "days": env_int("RETENTION_PAYMENTS_DAYS", 7 * 365, minimum=6 * 365),
        "from": "the day it was paid or made",
        "source": "HMRC: keep records of payments for 6 years from the end of the financial year they belong to "
        "(gov.uk/running-a-limited-company/company-and-accounting-records); 7 years from the day covers the "
        "longest case",
    },
    "receipts": {
        "days": env_int("RETENTION_RECEIPTS_DAYS", 7 * 365, minimum=6 * 365),
        "from": "the day the claim was made",
        "source": "HMRC: receipts are records of expenses, kept like payments (6 years after the financial year)",
    },
    "messages": {
        "days": env_int("RETENTION_MESSAGES_DAYS", 2 * 365, minimum=30),
        "from": "the day it was sent",
        "source": "Our choice under UK GDPR Article 5(1)(e) (keep no longer than needed): long enough to answer a "
        "question about a message",
    },
    "anonymous_feedback": {
        "days": env_int("RETENTION_ANONYMOUS_FEEDBACK_DAYS", 3 * 365, minimum=30),
        "from": "the day it was written",
        "source": "Our choice under UK GDPR Article 5(1)(e): the life of a typical project and its report",
    },
    "audit": {
        "days": env_int("RETENTION_AUDIT_DAYS", 6 * 365, minimum=365),
        "from": "the day it happened",
        "source": "Limitation Act 1980, section 5: a claim can be brought for 6 years, and the record of who did "
        "what is the evidence",
    },
    "left_profiles": {
        "days": env_int("RETENTION_LEFT_PROFILES_DAYS", 2 * 365, minimum=30),
        "from": "the day they left their last project",
        "source": "Our choice under UK GDPR Article 5(1)(e): time to come back to a project before the account is "
        "deleted as if they had asked",
    },
}

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = 1  # hours
# Lock out an account from one address, never a whole address or a whole account: nine wrong passwords
# for Amira from one place do not stop her, or anyone else there, signing in by link (issue 11).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the address the last
# trusted proxy wrote in TRUSTED_PROXY_HEADER (lib/clientip.py, docs/deploy.md).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
TRUSTED_PROXY_HEADER = env_str("TRUSTED_PROXY_HEADER", "X-Forwarded-For")
AXES_CLIENT_IP_CALLABLE = "roundtable.lib.clientip.client_ip"
AXES_USERNAME_CALLABLE = "roundtable.lib.clientip.sign_in_username"  # our form's box is "email"
# Sign-in link emails asked for in an hour, per email address typed and per client address.
SIGN_IN_LINKS_PER_EMAIL = env_int("SIGN_IN_LINKS_PER_EMAIL", 3, minimum=1)
SIGN_IN_LINKS_PER_ADDRESS = env_int("SIGN_IN_LINKS_PER_ADDRESS", 10, minimum=1)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_VERBOSE = False

# --- Language and time
LANGUAGE_CODE = "en-gb"
LOCALE_PATHS = [BASE_DIR / "locale"]
# Offer a language only when it has a catalogue (locale/<code>/LC_MESSAGES/django.mo): a browser asking
# for Welsh must not get English pages marked lang="cy". English, the language the interface is written
# in, is always offered. Add a language here and compile its catalogue to offer it.
LANGUAGES = catalogued_languages(
    [("en-gb", "English"), ("cy", "Cymraeg")], default=LANGUAGE_CODE, locale_paths=LOCALE_PATHS
)
TIME_ZONE = env_str("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

# --- Static files and uploads
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static" / "build", BASE_DIR / "static" / "public"]
MEDIA_ROOT = DATA_DIR / "uploads"
MEDIA_URL = "/uploads/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Cache: files in the data directory, shared by every process on one machine (rate limits,
# calendar feeds). With several machines, point CACHE_URL-style settings at a shared backend instead.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        if TESTING
        else {
            "BACKEND": env_str("CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"),
            "LOCATION": env_str("CACHE_LOCATION", str(DATA_DIR / "cache")),
        }
    )
}

# --- Promises: who runs this website, named in the privacy notices as the processor (roundtable.promises).
OPERATOR_NAME = env_str("OPERATOR_NAME", "the Roundtable team")
OPERATOR_CONTACT = env_str("OPERATOR_CONTACT", "")  # an email or postal address; empty: DEFAULT_FROM_EMAIL

# --- Background work
TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend",
        ),
        "QUEUES": ["default"],
    }
}

# --- Email: only the notifications worker sends it.
_email_mode = env_choice(
    "EMAIL_MODE",
    ("file", "files", "smtp", "console", "memory"),
    "memory" if TESTING else "smtp" if not (DEBUG or DEMO_MODE) else "file",
)
EMAIL_BACKEND = {
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "files": "roundtable.notifications.mailfiles.EmailBackend",  # one file per email, by its Message-ID
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "memory": "django.core.mail.backends.locmem.EmailBackend",
}[_email_mode]
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Roundtable <hello@roundtable.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Replies (docs/replies.md): reply addresses reply+<signed token>@REPLY_DOMAIN, inbound email and texts.
REPLY_DOMAIN = env_str("REPLY_DOMAIN", "")  # empty: the domain of DEFAULT_FROM_EMAIL
REPLY_ADDRESS_DAYS = env_int("REPLY_ADDRESS_DAYS", 180, minimum=1)
INBOUND_MAX_BYTES = env_int("INBOUND_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
INBOUND_MAX_ATTACHMENTS = env_int("INBOUND_MAX_ATTACHMENTS", 10, minimum=0)
NOTIFY_INBOUND_TOKEN = env_str("NOTIFY_INBOUND_TOKEN", "")  # the bearer token set on Notify's received-text callback
# django-anymail's inbound webhooks check the provider's signature: basic auth for every provider
# (ANYMAIL_WEBHOOK_SECRET "user:password" in the webhook's address), plus Mailgun's own HMAC.
ANYMAIL = {
    key: value
    for key, value in {
        "WEBHOOK_SECRET": env_str("ANYMAIL_WEBHOOK_SECRET", ""),
        "MAILGUN_WEBHOOK_SIGNING_KEY": env_str("ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY", ""),
        "POSTMARK_WEBHOOK_SECRET": env_str("ANYMAIL_POSTMARK_WEBHOOK_SECRET", ""),
    }.items()
    if value
}

# --- Security
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not (DEBUG or DEMO_MODE or TESTING):
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # answered before this anyway (core.middleware); belt and braces
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
    }
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Every record leaves with note ids and secret links taken out, and a 403 as one line, to sys.stderr as it is
# at the moment of writing (lib/logfilters.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact": {"()": "roundtable.lib.logfilters.RedactSecrets"},
        "one_line_403": {"()": "roundtable.lib.logfilters.OneLineForbidden"},
    },
    "handlers": {
        "console": {"class": "roundtable.lib.logfilters.CurrentStderr", "filters": ["redact", "one_line_403"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # aiosmtpd, the real SMTP server the email tests run on loopback: its per-connection lines are noise.
        "mail.log": {"level": "WARNING"},
        # runserver's own request lines, through the same filters instead of Django's unfiltered handler.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# --- API (docs/api.md): requests a minute per token before a 429, and whether webhooks may go to plain
# http://127.0.0.1 (only the tests' loopback receiver; everything else must be https).
API_RATE_LIMIT = env_int("API_RATE_LIMIT", 120, minimum=1)
API_WEBHOOKS_ALLOW_LOOPBACK_HTTP = False
NINJA_PAGINATION_MAX_LIMIT = 200
