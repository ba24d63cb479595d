import pytest

from tests.smtp import SmtpServer


@pytest.fixture
def smtp(settings):
    """A real SMTP server on a free port, and Parvis sending to it; yields its inbox."""
    server = SmtpServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    settings.WAGTAILADMIN_BASE_URL = "https://intranet.exemple.fr"
    yield server.inbox
    server.stop()
