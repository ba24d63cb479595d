"""Settings shared by every environment.

Everything that differs between a laptop, CI and a collectivité's server is read from the
environment: DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS, EMAIL_URL, MEDIA_ROOT...
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url
from celery.schedules import crontab
from kombu import Queue

from .directory import directory_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


# --- Applications -----------------------------------------------------------------------

INSTALLED_APPS = [
    "social.people",
    "social.comments",
    "social.reactions",
    "social.polls",
    "social.notifications",
    "social.mail",
    "social.groups",
    "social.council",
    "social.accounts",
    "social.messaging",
    "social.events",
    "social.projects",
    "social.privacy",
    "home",
    "cms",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "social.people.apps.ParvisUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    # After wagtail.documents: its ready() replaces Wagtail's document permission policy.
    "knowledge",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    # Installed so that django-ninja (Wagtail's v3 API) uses its local templates and static
    # files, never its CDN pages (system check parvis.E001, cms/checks.py).
    "ninja",
    "django_tasks",
    "template_partials",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.syndication",
]

MIDDLEWARE = [
    # First: the browser's address, as told by nginx (X-Real-IP from a trusted proxy).
    "cms.middleware.ProxyClientAddressMiddleware",
    # With a read replica: pages that only read use it, unless this browser just wrote.
    "cms.core.replica.ReplicaReadsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cms.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # The audit log names who acted (cms/core/audit.py).
    "cms.middleware.AuditContextMiddleware",
    # request.user.is_verified(): has this session passed its second factor?
    "django_otp.middleware.OTPMiddleware",
    # Every request of a signed-in person who owes a second factor goes to it, whatever the way
    # in (Parvis's login, Wagtail's, a password reset, a session older than the rule).
    "social.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Shared tablets: idle sign-out, no session kept, closed settings and reserved files.
    "social.accounts.kiosk.KioskMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cms.middleware.CachedSiteMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: a lockout decided in authenticate() becomes our French page (people/lockout.py).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"
ASGI_APPLICATION = "cms.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.navigation",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------------------

# Unset DATABASE_URL means the embedded default (SQLite), for `make run` on a laptop.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default serves several people at once (make run): readers never wait for a
    # writer (WAL), a writer waits its turn instead of failing with « database is locked »
    # (busy timeout), and a transaction takes the write lock when it starts (IMMEDIATE), never
    # midway, where SQLite fails at once whatever the timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
if (
    DATABASES["default"]["ENGINE"].endswith("postgresql")
    and os.environ.get("DATABASE_JIT", "off") == "off"
):
    # PostgreSQL's JIT compiles every expression of a search ranking for ~100 ms per query,
    # more than the search itself: off for this short-query workload. (A connection pooler
    # that refuses startup options, such as PgBouncer, needs DATABASE_JIT=on and `jit = off`
    # set on the server instead.)
    # Parallel workers cost more than they save on queries of a few milliseconds served to
    # many people at once.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c jit=off -c max_parallel_workers_per_gather=0"
    )
# Beyond one server: a streaming replica of PostgreSQL for the pages that only read
# (cms/core/replica.py). A browser that wrote reads the primary for the next
# DATABASE_REPLICA_PIN_SECONDS, longer than the replica's lag ever is.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
DATABASE_REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "15"))
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(
            DATABASE_REPLICA_URL,
            conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        ),
        "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {})),
    }
    DATABASE_ROUTERS = ["cms.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"

# Unset REDIS_URL means a local-memory cache and tasks executed inline.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cms.core.cache.ParvisRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "parvis"),
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # Entries whose key names their content (generation, audience): read from process memory
    # first. See cms/core/cache.py.
    CACHES["fragments"] = {
        "BACKEND": "cms.core.cache.LocalFirstCache",
        "LOCATION": "default",
        "OPTIONS": {"LOCAL_TIMEOUT": 60},
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "parvis",
        },
        "fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "parvis",
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Background work: Celery, and Wagtail's django-tasks routed to it --------------------

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Paris"
# Fail fast when the broker is down: the caller falls back or tells the user.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2}
# Queues, so that a four-minute extraction never delays a notification: a worker started without
# -Q consumes them all (a small install, `make test`'s workers); a larger one runs a worker per
# queue (deploy/systemd/parvis-worker@.service): `-Q extraction`, `-Q search`, `-Q mail,celery`.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = [Queue(name) for name in ("celery", "extraction", "search", "mail")]
CELERY_TASK_ROUTES = {
    # Long: the text of uploaded files (up to LIBRARY_EXTRACTION_TIME_BUDGET), people imports,
    # « Mes données » exports.
    "knowledge.tasks.extract_document": {"queue": "extraction"},
    "social.privacy.tasks.build_export": {"queue": "extraction"},
    "social.people.tasks.check_people_import": {"queue": "extraction"},
    "social.people.tasks.run_people_import": {"queue": "extraction"},
    # The search index: Wagtail's own updates (cms.tasks.run_django_task), Parvis's rows.
    "cms.tasks.run_django_task": {"queue": "search"},
    "knowledge.tasks.sync_search_rows": {"queue": "search"},
    "knowledge.tasks.reindex_theme_entries": {"queue": "search"},
    "knowledge.search.tasks.*": {"queue": "search"},
    "social.people.tasks.reindex_service_members": {"queue": "search"},
    # What people wait for: notifications, e-mails, reminders, invitations.
    "social.*.tasks.notify_*": {"queue": "mail"},
    "social.mail.tasks.*": {"queue": "mail"},
    "social.messaging.tasks.email_unread_messages": {"queue": "mail"},
    "social.events.tasks.send_*": {"queue": "mail"},
    "home.tasks.send_read_reminders": {"queue": "mail"},
}
# One beat for the whole install, even with beat started on two servers: RedBeat keeps the
# schedule in Redis (no schedule file in the working tree) behind a lock; a second beat waits,
# and takes over within CELERY_REDBEAT_LOCK_TIMEOUT seconds if the first dies.
CELERY_BEAT_SCHEDULER = "redbeat.RedBeatScheduler"
CELERY_REDBEAT_REDIS_URL = REDIS_URL
CELERY_REDBEAT_REDIS_OPTIONS = {"socket_connect_timeout": 2}
CELERY_REDBEAT_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "parvis") + ":beat:"
CELERY_REDBEAT_LOCK_TIMEOUT = int(os.environ.get("BEAT_LOCK_TIMEOUT", "60"))
CELERY_BEAT_MAX_LOOP_INTERVAL = 5
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_BEAT_SCHEDULE = {
    # Event reminders (each occurrence, each participant, once) and recurring events expanded
    # further ahead.
    "send-event-reminders": {
        "task": "social.events.tasks.send_reminders",
        "schedule": 5 * 60.0,
    },
    # « À rendre demain » for each assignee, once per task and due date (hourly: a missed run
    # is caught up).
    "notify-due-tasks": {
        "task": "social.projects.tasks.notify_due_tasks",
        "schedule": 60 * 60.0,
    },
    "extend-event-occurrences": {
        "task": "social.events.tasks.extend_occurrences",
        "schedule": 24 * 60 * 60.0,
    },
    # E-mail: notifications whose time has come, the digests due, the outbox (its own runs are
    # also queued after each batch; this one catches up after an SMTP outage).
    "send-notification-emails": {
        "task": "social.mail.tasks.send_notification_emails",
        "schedule": 60.0,
    },
    "email-unread-messages": {
        "task": "social.messaging.tasks.email_unread_messages",
        "schedule": 60.0,
    },
    "queue-digests": {
        "task": "social.mail.tasks.queue_digests",
        "schedule": 15 * 60.0,
    },
    "send-outbox": {
        "task": "social.mail.tasks.send_outbox",
        "schedule": 60.0,
    },
    "publish-scheduled-pages": {
        "task": "cms.tasks.publish_scheduled_pages",
        "schedule": 60.0,
    },
    "retry-pending-tasks": {
        "task": "cms.tasks.retry_pending_tasks",
        "schedule": 60.0,
    },
    "flush-search-terms": {
        "task": "knowledge.tasks.flush_search_terms",
        "schedule": 60.0,
    },
    # Documents sent in messages, still waiting for the antivirus (clamd was down).
    "messaging-sweep-pending-attachments": {
        "task": "social.messaging.tasks.sweep_pending_attachments",
        "schedule": 300.0,
    },
    "library-sweep-pending-documents": {
        "task": "knowledge.tasks.sweep_pending_documents",
        "schedule": 300.0,
    },
    # Every kind of personal data deleted once older than its retention (social/privacy/),
    # exports included; the library's bin, old messages and sent e-mails' bodies among them.
    "apply-retention": {
        "task": "social.privacy.tasks.apply_retention",
        "schedule": crontab(hour=3, minute=15),
    },
    "sweep-data-exports": {
        "task": "social.privacy.tasks.sweep_exports",
        "schedule": 15 * 60.0,
    },
    "clear-expired-sessions": {
        "task": "cms.tasks.clear_expired_sessions",
        "schedule": 24 * 60 * 60.0,
    },
    "purge-submissions": {
        "task": "cms.tasks.purge_submissions",
        "schedule": 6 * 60 * 60.0,
    },
    "mark-articles-due-for-review": {
        "task": "knowledge.tasks.mark_articles_due_for_review",
        "schedule": 6 * 60 * 60.0,
    },
    "sweep-people-imports": {
        "task": "social.people.tasks.sweep_people_imports",
        "schedule": 60 * 60.0,
    },
    # LDAP / Active Directory: people created, updated and deactivated (nothing without a
    # directory configured).
    "sync-directory": {
        "task": "social.accounts.tasks.sync_directory",
        "schedule": 60 * 60.0,
    },
    "sweep-sign-in-sessions": {
        "task": "social.accounts.tasks.sweep_sign_in_sessions",
        "schedule": 24 * 60 * 60.0,
    },
    "rebuild-search-vocabulary": {
        "task": "knowledge.search.tasks.rebuild_search_vocabulary",
        "schedule": 6 * 60 * 60.0,
    },
}

# Health (/sante/): a heartbeat to each queue, read back by the health check; the free space
# below which the media's disk is reported.
HEALTH_HEARTBEAT_SECONDS = int(os.environ.get("HEALTH_HEARTBEAT_SECONDS", "30"))
HEALTH_MIN_FREE_MB = int(os.environ.get("HEALTH_MIN_FREE_MB", "1024"))
HEALTH_MIN_FREE_PERCENT = float(os.environ.get("HEALTH_MIN_FREE_PERCENT", "5"))
CELERY_BEAT_SCHEDULE.update(
    {
        f"heartbeat-{queue.name}": {
            "task": "cms.tasks.heartbeat",
            "schedule": float(HEALTH_HEARTBEAT_SECONDS),
            "args": (queue.name,),
            "options": {"queue": queue.name, "expires": 2 * HEALTH_HEARTBEAT_SECONDS},
        }
        for queue in CELERY_TASK_QUEUES
    }
)

# Without Redis, Celery runs each task in place (CELERY_TASK_ALWAYS_EAGER): one path for both, so
# a task that fails after a save goes to the outbox (cms/core/queueing.py) instead of being lost.
TASKS = {"default": {"BACKEND": "cms.core.tasks_backend.CeleryTaskBackend"}}

# --- Authentication ---------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    # First: refuses any sign-in, whatever the login page, once the limit below is reached.
    "axes.backends.AxesStandaloneBackend",
    # The password (refused by every login page when PASSWORD_LOGIN_ENABLED is off).
    "social.accounts.backends.PasswordBackend",
    # Field agents without a mailbox: login identifier with a PIN or a password.
    "social.accounts.field_accounts.FieldAgentBackend",
    # Single sign-on: ProConnect or the collectivité's OpenID Connect provider.
    "social.accounts.backends.SingleSignOnBackend",
    # A security key used as a second factor (never alone: see OTP_WEBAUTHN_* below).
    "django_otp_webauthn.backends.WebAuthnBackend",
]
LOGIN_URL = "people:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "people:login"
WAGTAILADMIN_LOGIN_URL = "people:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "social.people.validators.CharacterClassesValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login attempts: at most LOGIN_MAX_FAILURES failures per account and per address in the window.
LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
LOGIN_FAILURE_WINDOW = int(os.environ.get("LOGIN_FAILURE_WINDOW", str(15 * 60)))
# Counted by django-axes at authenticate(), for every login view (social/people/lockout.py).
AXES_FAILURE_LIMIT = LOGIN_MAX_FAILURES
AXES_COOLOFF_TIME = timedelta(seconds=LOGIN_FAILURE_WINDOW)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "social.people.lockout.LoginAttemptsHandler"
AXES_USERNAME_CALLABLE = "social.people.lockout.attempted_username"
AXES_CLIENT_IP_CALLABLE = "social.people.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "social.people.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# Second factor (ANSSI): required of superusers, staff and anyone who can open the administration;
# MFA_REQUIRED_FOR_ALL=true requires it of everyone. Others may turn it on for themselves.
MFA_REQUIRED_FOR_ALL = env_bool("MFA_REQUIRED_FOR_ALL", False)
# Shown in the authenticator app beside the code.
OTP_TOTP_ISSUER = os.environ.get("OTP_ISSUER", "Parvis")
# Wrong codes slow down: 2^n seconds after the n-th failure (django-otp's throttling).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Security keys and passkeys are a second factor after the password, never a way in alone.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# The relying party is the address the person uses (one of ALLOWED_HOSTS), named as the site.
OTP_WEBAUTHN_HELPER_CLASS = "social.accounts.security_keys.ParvisWebAuthnHelper"
# django-otp-webauthn checks its fixed settings; the helper above answers them per request.
SILENCED_SYSTEM_CHECKS = ["otp_webauthn.E010", "otp_webauthn.E011", "otp_webauthn.E030"]
# Single sign-on (social/accounts/oidc.py). OIDC_PROVIDER: "proconnect" (endpoints under
# OIDC_ISSUER as ProConnect names them, its claims and scopes) or "generic" (Keycloak,
# LemonLDAP::NG, Entra ID…: each endpoint from the environment); empty: no SSO.
OIDC_PROVIDER = os.environ.get("OIDC_PROVIDER", "").strip().lower()
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").rstrip("/")


def _oidc_endpoint(name: str, proconnect_path: str) -> str:
    """An endpoint from the environment, or where ProConnect puts it under its issuer."""
    if os.environ.get(name):
        return os.environ[name]
    if OIDC_PROVIDER == "proconnect" and OIDC_ISSUER:
        return OIDC_ISSUER + proconnect_path
    return ""


OIDC_OP_AUTHORIZATION_ENDPOINT = _oidc_endpoint("OIDC_OP_AUTHORIZATION_ENDPOINT", "/authorize")
OIDC_OP_TOKEN_ENDPOINT = _oidc_endpoint("OIDC_OP_TOKEN_ENDPOINT", "/token")
OIDC_OP_USER_ENDPOINT = _oidc_endpoint("OIDC_OP_USER_ENDPOINT", "/userinfo")
OIDC_OP_JWKS_ENDPOINT = _oidc_endpoint("OIDC_OP_JWKS_ENDPOINT", "/jwks")
OIDC_OP_LOGOUT_ENDPOINT = _oidc_endpoint("OIDC_OP_LOGOUT_ENDPOINT", "/session/end")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get(
    "OIDC_SCOPES",
    "openid email given_name usual_name uid siret"
    if OIDC_PROVIDER == "proconnect"
    else "openid email profile",
)
# ProConnect: « eidas1 » and a fresh sign-in at the provider on each connection.
OIDC_ACR_VALUES = os.environ.get(
    "OIDC_ACR_VALUES", "eidas1" if OIDC_PROVIDER == "proconnect" else ""
)
OIDC_PROMPT = os.environ.get("OIDC_PROMPT", "login" if OIDC_PROVIDER == "proconnect" else "")
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True  # for the provider's logout (id_token_hint)
OIDC_TIMEOUT = int(os.environ.get("OIDC_TIMEOUT", "10"))
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_callback"
# The button: « Se connecter avec ProConnect », or the collectivité's own words.
OIDC_BUTTON_LABEL = os.environ.get("OIDC_BUTTON_LABEL", "")
# Who may get an account at their first sign-in: e-mail domains and/or SIRETs (empty: anyone
# the provider vouches for). An account that already exists is joined to the provider's
# identity at its first SSO sign-in only if its e-mail domain is in OIDC_ALLOWED_DOMAINS.
OIDC_CREATE_USER = env_bool("OIDC_CREATE_USER", True)
OIDC_ALLOWED_DOMAINS = env_list("OIDC_ALLOWED_DOMAINS")
OIDC_ALLOWED_SIRETS = env_list("OIDC_ALLOWED_SIRETS")
# Claims → Parvis: the family name claim, the service (a claim read against the services' slug,
# acronym or name, or through OIDC_SERVICE_MAP "DRH=ressources-humaines;DSI=informatique"),
# and the values of OIDC_ROLE_CLAIM that make an elected official.
OIDC_FAMILY_NAME_CLAIM = os.environ.get(
    "OIDC_FAMILY_NAME_CLAIM", "usual_name" if OIDC_PROVIDER == "proconnect" else "family_name"
)
OIDC_SERVICE_CLAIM = os.environ.get("OIDC_SERVICE_CLAIM", "")
OIDC_SERVICE_MAP = dict(
    part.split("=", 1) for part in os.environ.get("OIDC_SERVICE_MAP", "").split(";") if "=" in part
)
OIDC_ROLE_CLAIM = os.environ.get("OIDC_ROLE_CLAIM", "")
OIDC_ELU_VALUES = env_list("OIDC_ELU_VALUES")
# The password form on the login page (off: single sign-on only).
PASSWORD_LOGIN_ENABLED = env_bool("PASSWORD_LOGIN_ENABLED", True)

# LDAP / Active Directory (cms/settings/directory.py): sign-in with the directory's password, and
# `manage.py sync_directory` (hourly with Celery beat) creating, updating and deactivating people.
LDAP_SERVER_URI = os.environ.get("LDAP_SERVER_URI", "")
LDAP_SOURCE_NAME = os.environ.get("LDAP_SOURCE_NAME", "l'annuaire de la collectivité")
if LDAP_SERVER_URI:
    globals().update(directory_settings())
    # The directory's password, checked after the throttle and before Parvis's own.
    AUTHENTICATION_BACKENDS.insert(1, "social.accounts.directory.DirectoryBackend")

# Field agents without a mailbox: how long a printed activation code works, and how many wrong
# PINs or passwords in a row lock the account until a new code.
ACTIVATION_CODE_HOURS = int(os.environ.get("ACTIVATION_CODE_HOURS", str(7 * 24)))
PIN_MAX_FAILURES = int(os.environ.get("PIN_MAX_FAILURES", "10"))

# Sessions list in « Mon compte › Sécurité »: address ranges named for people, e.g.
# SIGN_IN_NETWORKS="10.1.0.0/16=Hôtel de ville;10.2.0.0/16=Centre technique".
SIGN_IN_NETWORKS = [
    tuple(part.split("=", 1))
    for part in os.environ.get("SIGN_IN_NETWORKS", "").split(";")
    if "=" in part
]

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(10 * 60 * 60)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Scripts never read the cookie: htmx and the upload script take the token from the page.
CSRF_COOKIE_HTTPONLY = True

# --- Internationalisation ---------------------------------------------------------------

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]

# --- Static and media -------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/sortablejs", BASE_DIR / "node_modules" / "sortablejs"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Several application servers: files in S3-compatible object storage of the collectivité's own
# (MinIO, Garage, Ceph, an sovereign cloud's), through django-storages; each download, once
# Django has checked the reader's rights, is a redirect to an address signed for
# MEDIA_SIGNED_URL_SECONDS (cms/core/media.py). Without a bucket, files stay in MEDIA_ROOT
# (shared between servers by a network file system).
MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET", "")
MEDIA_SIGNED_URL_SECONDS = int(os.environ.get("MEDIA_SIGNED_URL_SECONDS", "300"))
MEDIA_REMOTE_ORIGIN = ""
if MEDIA_S3_BUCKET:
    _endpoint = os.environ.get("MEDIA_S3_ENDPOINT_URL", "")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": _endpoint or None,
            "access_key": os.environ.get("MEDIA_S3_ACCESS_KEY", ""),
            "secret_key": os.environ.get("MEDIA_S3_SECRET_KEY", ""),
            "region_name": os.environ.get("MEDIA_S3_REGION", "us-east-1"),
            "signature_version": "s3v4",
            "default_acl": None,  # private objects: only signed addresses open them
            "querystring_auth": True,
            "querystring_expire": MEDIA_SIGNED_URL_SECONDS,
            "file_overwrite": False,
        },
    }
    MEDIA_REMOTE_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(_endpoint)) if _endpoint else ""
# Behind nginx, set to the internal location (e.g. "/protected-media/") that maps to MEDIA_ROOT:
# Django checks the login, nginx sends the bytes.
MEDIA_ACCEL_REDIRECT_PREFIX = os.environ.get("MEDIA_ACCEL_REDIRECT_PREFIX", "")
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Wagtail ----------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Parvis"
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_DOCUMENT_MODEL = "knowledge.LibraryDocument"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "knowledge.forms.LibraryDocumentAdminForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatar from gravatar.com: the admin would send every user's hashed address to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILEMBEDS_FINDERS = []  # no oEmbed provider: pages never call a third party
# Wagtail's v3 API docs (django-ninja) load Swagger/ReDoc from a CDN: never served here.
WAGTAILAPI_DOCS_ENABLED = False
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {
            "features": ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
        },
    }
}
# On PostgreSQL, French without accents for search and autocomplete
# (knowledge/search/backends/postgres.py, configuration created by migration knowledge/0005);
# elsewhere Wagtail's database backend.
# For large installs, SEARCH_URL selects Elasticsearch or OpenSearch (SEARCH_ENGINE says which:
# elasticsearch8, elasticsearch9, opensearch2, opensearch3), in French
# (knowledge/search/backends/elasticsearch.py).
SEARCH_URL = os.environ.get("SEARCH_URL", "")
SEARCH_ENGINE = os.environ.get("SEARCH_ENGINE", "elasticsearch8")
SEARCH_ENGINES = {
    "elasticsearch8": "Elasticsearch8",
    "elasticsearch9": "Elasticsearch9",
    "opensearch2": "OpenSearch2",
    "opensearch3": "OpenSearch3",
}
if SEARCH_URL:
    if SEARCH_ENGINE not in SEARCH_ENGINES:
        raise ImproperlyConfigured(
            f"SEARCH_ENGINE must be one of {', '.join(SEARCH_ENGINES)}, not {SEARCH_ENGINE!r}."
        )
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": f"knowledge.search.backends.elasticsearch.{SEARCH_ENGINES[SEARCH_ENGINE]}",
            "URLS": [SEARCH_URL],
            "INDEX_PREFIX": os.environ.get("SEARCH_INDEX_PREFIX", "parvis_"),
            "TIMEOUT": int(os.environ.get("SEARCH_TIMEOUT", "10")),
            "OPTIONS": {},
            "ATOMIC_REBUILD": True,
            "AUTO_UPDATE": True,
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": (
                "knowledge.search.backends.postgres"
                if DATABASES["default"]["ENGINE"].endswith("postgresql")
                else "knowledge.search.backends.sqlite"
                if DATABASES["default"]["ENGINE"].endswith("sqlite3")
                else "wagtail.search.backends.database"
            ),
            # PostgreSQL ranks at most this many matches of each kind
            # (knowledge/search/backends/postgres.py).
            "CANDIDATES": int(os.environ.get("SEARCH_CANDIDATES", "100")),
            "AUTO_UPDATE": True,
        }
    }

# --- Email ------------------------------------------------------------------------------

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "intranet@parvis.localhost")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
# The outbox (social/mail): at most COUNT e-mails per SECONDS from one sender ("0/60": no limit,
# "600/60": what many relays accept), MAIL_SEND_BATCH per task run, retried with a back-off
# doubling up to MAIL_RETRY_MAX_MINUTES, given up after MAIL_MAX_ATTEMPTS; bodies forgotten
# after MAIL_KEEP_DAYS.
MAIL_RATE_LIMIT = os.environ.get("MAIL_RATE_LIMIT", "0/60")
MAIL_SEND_BATCH = int(os.environ.get("MAIL_SEND_BATCH", "500"))
MAIL_RETRY_MAX_MINUTES = int(os.environ.get("MAIL_RETRY_MAX_MINUTES", "360"))
MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "30"))
MAIL_KEEP_DAYS = int(os.environ.get("MAIL_KEEP_DAYS", "30"))
# « Par e-mail, si non lue »: minutes a notification waits to be seen in Parvis first.
NOTIFICATIONS_EMAIL_UNREAD_MINUTES = int(os.environ.get("NOTIFICATIONS_EMAIL_UNREAD_MINUTES", "15"))
# Digests: weekly on DIGEST_WEEKDAY (0: Monday) from DIGEST_HOUR, daily on working days from
# DIGEST_HOUR (Europe/Paris), written DIGEST_BATCH_SIZE people per task.
DIGEST_WEEKDAY = int(os.environ.get("DIGEST_WEEKDAY", "0"))
DIGEST_HOUR = int(os.environ.get("DIGEST_HOUR", "8"))
DIGEST_BATCH_SIZE = int(os.environ.get("DIGEST_BATCH_SIZE", "200"))
DIGEST_MAX_NOTIFICATIONS = 200
DIGEST_SHOWN_NOTIFICATIONS = 30
DIGEST_NOTIFICATIONS_MAX_AGE_DAYS = 30

# --- Security defaults shared by all environments ----------------------------------------

# Proxies whose X-Real-IP header gives the browser's address (nginx on the same server; add a
# load balancer's address when there is one in front).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

NEWS_PAGE_SIZE = 12

# --- Social layer -----------------------------------------------------------------------

# At most COUNT comments per person in SECONDS ("10/60": ten a minute); "0/60" removes the limit.
# Posts per person, "COUNT/SECONDS" ("0/60": no limit), one per kind of content
# (cms/core/ratelimit.py).
RATE_LIMITS = {
    "comment": os.environ.get("COMMENTS_RATE_LIMIT", "10/60"),
    "group_post": os.environ.get("GROUP_POSTS_RATE_LIMIT", "5/60"),
    "message": os.environ.get("MESSAGES_RATE_LIMIT", "30/60"),
    "task_create": os.environ.get("TASKS_RATE_LIMIT", "60/60"),
}
# Threads shown at once under a page ("Afficher les commentaires suivants" loads more).
COMMENTS_PAGE_SIZE = int(os.environ.get("COMMENTS_PAGE_SIZE", "20"))
NOTIFICATIONS_PAGE_SIZE = 30

# --- Messaging and live updates ---------------------------------------------------------

# The live stream (`/flux/`) is held by a separate ASGI process (`uvicorn cms.asgi:application`)
# that nginx serves on this path; without Redis (make run) there is none and pages poll.
LIVE_REDIS_URL = os.environ.get("LIVE_REDIS_URL", REDIS_URL)
LIVE_STREAM_URL = os.environ.get("LIVE_STREAM_URL", "/temps-reel/" if LIVE_REDIS_URL else "")
# Streams starting at once in the ASGI process (each holds a database connection until its first
# bytes are sent): 2,000 tabs reconnecting together queue instead of exhausting PostgreSQL.
LIVE_MAX_STARTING = int(os.environ.get("LIVE_MAX_STARTING", "20"))
# Seconds between two checks for news when there is no live stream (or it is interrupted):
# in an open conversation, and on every other page (unread badges, the bell).
LIVE_POLL_CONVERSATION_SECONDS = float(os.environ.get("LIVE_POLL_CONVERSATION_SECONDS", "2.5"))
LIVE_POLL_PAGE_SECONDS = float(os.environ.get("LIVE_POLL_PAGE_SECONDS", "20"))
MESSAGING_EDIT_HOURS = int(os.environ.get("MESSAGING_EDIT_HOURS", "24"))
MESSAGING_GROUP_MAX_MEMBERS = int(os.environ.get("MESSAGING_GROUP_MAX_MEMBERS", "50"))
# « Vu par » is shown in conversations of at most this many people.
MESSAGING_RECEIPTS_MAX = int(os.environ.get("MESSAGING_RECEIPTS_MAX", "20"))
MESSAGING_PAGE_SIZE = 50
# Files per message (pictures shown in the thread, documents downloaded), each within the
# library's limits (LIBRARY_MAX_UPLOAD_MB…).
MESSAGING_MAX_FILES = int(os.environ.get("MESSAGING_MAX_FILES", "5"))
# Days each kind of conversation keeps its messages (0: for ever), enforced nightly.
# What people who left are shown as beside what they published: « ancien agent » (default) or
# their name (DEPARTED_AUTHOR_NAMES=1). An anonymised person is always « ancien agent ».
DEPARTED_AUTHOR_NAMES = os.environ.get("DEPARTED_AUTHOR_NAMES", "") in ("1", "true", "yes")
MESSAGING_RETENTION_DAYS = {
    "direct": int(os.environ.get("MESSAGING_RETENTION_DIRECT_DAYS", "365")),
    "group": int(os.environ.get("MESSAGING_RETENTION_GROUP_DAYS", "365")),
    "channel": int(os.environ.get("MESSAGING_RETENTION_CHANNEL_DAYS", "0")),
}
# Legal procedure (a judge's requisition): superusers' searches also find others' private
# messages, and each such search is logged ("parvis.legal"). Off unless set for the procedure.
SEARCH_LEGAL_PROCEDURE = env_bool("SEARCH_LEGAL_PROCEDURE")
# Visio: "jitsi", "bbb", "livekit" or empty (no visio action anywhere, no request leaves Parvis).
VISIO_PROVIDER = os.environ.get("VISIO_PROVIDER", "")
# The service's address (https://visio.example.fr; BigBlueButton: .../bigbluebutton), the
# application id (Jitsi's app id, LiveKit's API key) and the shared secret (32 bytes at least).
VISIO_URL = os.environ.get("VISIO_URL", "")
VISIO_APP_ID = os.environ.get("VISIO_APP_ID", "")
VISIO_SECRET = os.environ.get("VISIO_SECRET", "")
# BigBlueButton's checksum: sha256 (2.4 and later), or sha1 for older servers.
VISIO_BBB_CHECKSUM = os.environ.get("VISIO_BBB_CHECKSUM", "sha256")

# --- Document library -------------------------------------------------------------------

LIBRARY_MAX_UPLOAD_SIZE = int(os.environ.get("LIBRARY_MAX_UPLOAD_MB", "100")) * 1024 * 1024
WAGTAILDOCS_MAX_UPLOAD_SIZE = LIBRARY_MAX_UPLOAD_SIZE
# An office file (a zip of XML) may not inflate beyond this: zip bombs are refused.
LIBRARY_MAX_UNCOMPRESSED_SIZE = int(os.environ.get("LIBRARY_MAX_UNCOMPRESSED_MB", "300")) << 20
# A PostgreSQL tsvector must stay under 1 MB: the text indexed per document is capped.
LIBRARY_MAX_TEXT_CHARS = int(os.environ.get("LIBRARY_MAX_TEXT_CHARS", "600000"))
# Seconds an extraction may take (checked between pages), then Celery's own limits.
LIBRARY_EXTRACTION_TIME_BUDGET = int(os.environ.get("LIBRARY_EXTRACTION_TIME_BUDGET", "240"))
LIBRARY_EXTRACTION_SOFT_TIME_LIMIT = LIBRARY_EXTRACTION_TIME_BUDGET + 30
LIBRARY_EXTRACTION_TIME_LIMIT = LIBRARY_EXTRACTION_TIME_BUDGET + 60
# A file whose analysis was started this many times (worker killed each time) is set aside.
LIBRARY_EXTRACTION_MAX_ATTEMPTS = 3
# A document still pending after this many seconds is queued again by the sweep.
LIBRARY_PENDING_GRACE = int(os.environ.get("LIBRARY_PENDING_GRACE", "120"))
LIBRARY_PAGE_SIZE = 25
# Antivirus (optional): clamd's unix socket, or host:port of a clamd elsewhere. Every uploaded
# document is scanned before its analysis; it cannot be downloaded until clamd has said it is
# clean ("en attente d'analyse antivirus" while clamd is down), and an infected one is
# quarantined. clamd's StreamMaxLength must be at least LIBRARY_MAX_UPLOAD_MB.
CLAMAV_SOCKET = os.environ.get("CLAMAV_SOCKET", "")
CLAMAV_ADDRESS = os.environ.get("CLAMAV_ADDRESS", "")
CLAMAV_TIMEOUT = float(os.environ.get("CLAMAV_TIMEOUT", "120"))
# Apache or lighttpd with mod_xsendfile: Django checks the rights, the server sends the bytes.
MEDIA_X_SENDFILE = env_bool("MEDIA_X_SENDFILE")
# A worker child that grew past this (in KiB) is replaced after its task.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 400_000
PARVIS_DEFAULT_ORGANISATION = _("Commune de Parvis")
