"""Development settings: `make run` on a laptop, SQLite and inline tasks unless told otherwise."""

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get(  # noqa: F405
    "SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production-parvis"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
INTERNAL_IPS = ["127.0.0.1"]

# Static files come straight from the finders (static/ and node_modules): no collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The demo's e-mails (digests, notifications, reminders) are written to files rather than the
# terminal: one file per sending, in var/courriels/ (production sends them through EMAIL_URL).
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = BASE_DIR / "var" / "courriels"  # noqa: F405
