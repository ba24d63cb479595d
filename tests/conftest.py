import os

from django.core.cache import caches
from django.test import Client

import pytest
from django_otp import DEVICE_ID_SESSION_KEY

from cms.setup import ensure_reference_data
from social.accounts.second_factor import has_second_factor, second_factor_required
from social.people.models import User
from tests.factories import PASSWORD, ServiceFactory, UserFactory
from tests.second_factor import app_of

# The production stack (nginx, gunicorn, workers) is started by `make test-stack` only.
collect_ignore_glob = [] if os.environ.get("STACK_TEST") else ["stack/*"]


@pytest.fixture(autouse=True)
def _force_login_gives_both_factors(monkeypatch, request):
    """`force_login` stands for a completed sign-in: the password *and*, for whoever owes one,
    the second factor (a real TOTP device, as if its code had been typed). Tests of the second
    factor itself sign in through the login form, or ask for `password_only_login`."""
    if "password_only_login" in request.fixturenames:
        return
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if not (second_factor_required(user) or has_second_factor(user)):
            return
        device = app_of(user)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def password_only_login():
    """`force_login` signs in with the password alone (no second factor given)."""


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (Redis database 15 in tests)."""
    for alias in ("default", "fragments"):
        caches[alias].clear()
    yield
    for alias in ("default", "fragments"):
        caches[alias].clear()


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded files go to a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def home(db):
    return ensure_reference_data(organisation_name="Commune de Test")


@pytest.fixture
def news_index(home):
    from home.models import NewsIndexPage

    return NewsIndexPage.objects.child_of(home).get()


@pytest.fixture
def direction(db):
    return ServiceFactory(name="Direction des ressources humaines", slug="drh")


@pytest.fixture
def payroll(direction):
    """A sub-service of the HR direction."""
    return ServiceFactory(name="Paie", slug="paie", parent=direction)


@pytest.fixture
def finances(db):
    return ServiceFactory(name="Finances", slug="finances")


@pytest.fixture
def agent(finances):
    return UserFactory(email="agent@exemple.fr", service=finances, first_name="Aline")


@pytest.fixture
def payroll_agent(payroll):
    return UserFactory(email="paie@exemple.fr", service=payroll)


@pytest.fixture
def elu(db):
    return UserFactory(email="elu@exemple.fr", role=User.Role.ELU)


@pytest.fixture
def communication_officer(home):
    from django.contrib.auth.models import Group

    from cms.setup import COMMUNICATION_GROUP

    user = UserFactory(email="com@exemple.fr", is_staff=True)
    user.groups.add(Group.objects.get(name=COMMUNICATION_GROUP))
    return user


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("admin@exemple.fr", PASSWORD)


def _client_for(client_class, user):
    client = client_class()
    client.force_login(user)
    return client


@pytest.fixture
def login(client_class=None):
    """login(user) -> a test client with that user logged in."""
    from django.test import Client

    return lambda user: _client_for(Client, user)


@pytest.fixture
def celery_tasks(settings):
    """Wagtail's django-tasks routed to Celery, and Celery really asynchronous, on fresh broker
    connections whatever an earlier test did to the broker URL."""
    import kombu.pools

    from cms.celery import app as celery_app

    settings.TASKS = {"default": {"BACKEND": "cms.core.tasks_backend.CeleryTaskBackend"}}
    celery_app.conf.task_always_eager = False
    kombu.pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app.control.purge()
    yield
    celery_app.conf.task_always_eager = True
    celery_app.control.purge()


@pytest.fixture(scope="session")
def clamd_server(tmp_path_factory):
    """A real clamd with the EICAR test signature (tests/clamd.py), started once if asked."""
    from tests.clamd import ClamdServer

    server = ClamdServer(tmp_path_factory.mktemp("clamd")).start()
    yield server
    server.stop()


@pytest.fixture
def antivirus(settings, clamd_server):
    """Parvis with its antivirus on: CLAMAV_SOCKET set to the test clamd."""
    settings.CLAMAV_SOCKET = clamd_server.socket
    return clamd_server
