"""The seeded demo intranet walked link by link, as an agent and as the administrator (the
admin included): no page, list, filter or pagination it links to answers with a server error.
Actions that change things (deleting, unpublishing, moving, logging out...) are not followed."""

from django.core.management import call_command
from django.test import Client

import pytest

from social.people.models import User
from tests.walk import CHANGES_OR_FILES, walk

pytestmark = pytest.mark.django_db

MAX_PAGES = 450


def server_errors(client: Client, start: list[str]) -> tuple[int, list[str]]:
    walked, errors = 0, []

    def follow(path: str) -> bool:
        return not CHANGES_OR_FILES.search(path)

    for path, response in walk(client, start, follow=follow, max_pages=MAX_PAGES):
        walked += 1
        if response.status_code >= 500:
            errors.append(f"{path}: {response.status_code}")
    return walked, errors


@pytest.mark.parametrize(
    ("email", "start"),
    [
        ("agent@val-de-parvis.fr", ["/", "/recherche/?q=budget", "/bibliotheque/", "/groupes/"]),
        ("admin@val-de-parvis.fr", ["/admin/", "/"]),
        ("communication@val-de-parvis.fr", ["/admin/", "/"]),
        ("elu@val-de-parvis.fr", ["/", "/recherche/?q=conseil", "/bibliotheque/"]),
    ],
)
def test_no_link_of_the_demo_leads_to_a_server_error(email, start, media_root):
    call_command("seed_demo", verbosity=0)
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(email=email))
    walked, errors = server_errors(client, start)
    assert walked >= 300  # the walk went deep, not stopped at a login page
    assert errors == []
