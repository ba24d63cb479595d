"""The demo's profiles: sites, skills, languages, managers, arrivals of the month, absences,
field agents without e-mail, and each person's directory address and searchable text."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from social.people.directory import directory_text
from social.people.models import PersonSkill, Service, Site, Skill

from . import data


def _number(rng: random.Random, prefix: str) -> str:
    return " ".join([prefix, *(str(rng.randint(10, 99)) for _ in range(4))])


@transaction.atomic
def seed_profiles(services: dict[str, Service]) -> int:
    User = get_user_model()
    rng = random.Random(20)  # noqa: S311 - reproducible demo, not a secret
    sites = {
        name: Site.objects.get_or_create(name=name, defaults={"address": address})[0]
        for name, address in data.SITES
    }
    for number, first, last, slug, title in data.FIELD_AGENTS:
        User.objects.get_or_create(
            employee_number=number,
            defaults={
                "first_name": first,
                "last_name": last,
                "service": services[slug],
                "job_title": title,
                "email": None,
                "password": "!",  # no password: they sign in otherwise (or not at all)
            },
        )
    people = list(User.objects.filter(site=None).select_related("service").order_by("pk"))
    taken = set(User.objects.exclude(slug=None).values_list("slug", flat=True))
    today = timezone.localdate()
    skill_rows = []
    skills: dict[str, Skill] = {}
    for person in people:
        service_slug = person.service.slug if person.service_id else ""
        site_name = data.SERVICE_SITES.get(service_slug, "Hôtel de ville")
        if not person.slug:
            person.slug = person._free_slug_among(taken)
            taken.add(person.slug)
        person.site = sites[site_name]
        if person.service_id and person.service.head_id and person.service.head_id != person.pk:
            person.manager_id = person.service.head_id
        # Arrivals spread over ten years, a few this month.
        days = rng.randint(0, 3650) if rng.random() > 0.04 else rng.randint(0, today.day - 1)
        person.arrival_date = today - datetime.timedelta(days=days)
        if rng.random() < 0.5 and not person.is_elu:
            person.mobile = _number(rng, "06")
        if rng.random() < 0.25:
            person.languages = ", ".join(rng.sample(data.LANGUAGES, rng.randint(1, 2)))
        if rng.random() < 0.04:
            person.absence_note = rng.choice(data.ABSENCES)
            person.absence_until = today + datetime.timedelta(days=rng.randint(2, 20))
        if person.is_elu:
            # An élu's personal mobile is theirs: nobody sees it.
            person.mobile = _number(rng, "07")
            person.visibility = {"mobile": "nobody"}
        names = rng.sample(
            data.SKILLS.get(service_slug, []), min(2, len(data.SKILLS.get(service_slug, [])))
        )
        if rng.random() < 0.3:
            names.append(rng.choice(data.COMMON_SKILLS))
        for name in dict.fromkeys(names):
            if name not in skills:
                skills[name] = Skill.objects.get_or_create(name=name)[0]
            skill_rows.append(PersonSkill(content_object=person, tag=skills[name]))
    User.objects.bulk_update(
        people,
        [
            "slug",
            "site",
            "manager",
            "arrival_date",
            "mobile",
            "languages",
            "absence_note",
            "absence_until",
            "visibility",
        ],
        batch_size=500,
    )
    PersonSkill.objects.bulk_create(skill_rows, ignore_conflicts=True, batch_size=1000)
    for person in people:
        person.directory_text = directory_text(person)
    User.objects.bulk_update(people, ["directory_text"], batch_size=500)
    # The demo agent's own profile, filled as a colleague would.
    agent = User.objects.filter(email="agent@val-de-parvis.fr").first()
    if agent is not None and not agent.bio:
        agent.bio = (
            "Je suis votre interlocutrice pour la paie et la carrière des agents des services "
            "techniques et de la population. Posez-moi vos questions sur les avancements, les "
            "primes et les fiches de paie."
        )
        agent.office = "Hôtel de ville, bureau 112"
        agent.save(update_fields=["bio", "office"])
        agent.skills.add("paie", "CNRACL", "premiers secours")
    return len(people)
