"""The stack test's data, made with Parvis's own services under the production settings:
reference data, two agents of two services, and a closed group (with its drive) that only the
first belongs to. Prints what the test needs as JSON. Run by `manage.py shell`, so under the
settings every entry point defaults to."""

import json

from cms.setup import ensure_reference_data
from social.groups.models import GroupKind, Visibility
from social.groups.services import group_create
from social.people.models import Service, User

PASSWORD = "Pile-Agent-2026!"  # noqa: S105

ensure_reference_data(organisation_name="Commune de Pile")
finances, _created = Service.objects.get_or_create(slug="finances", defaults={"name": "Finances"})
culture, _created = Service.objects.get_or_create(slug="culture", defaults={"name": "Culture"})
members = {}
for email, first, last, service in (
    ("claire.martin@pile.fr", "Claire", "Martin", finances),
    ("hugo.bernard@pile.fr", "Hugo", "Bernard", culture),
):
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email, PASSWORD, first_name=first, last_name=last, service=service
    )
    members[email] = user
group = group_create(
    user=members["claire.martin@pile.fr"],
    name="Cellule budgétaire",
    kind=GroupKind.TRANSVERSE,
    visibility=Visibility.CLOSED,
)
group.refresh_from_db()
print(json.dumps({"folder": group.folder_id, "group": group.slug, "password": PASSWORD}))  # noqa: T201
