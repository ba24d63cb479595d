"""Seed a realistic demo collectivité. Idempotent: running it again adds nothing twice."""

from __future__ import annotations

import io
import os
import random
import unicodedata
from base64 import b32decode
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from wagtail.images import get_image_model
from wagtail.models import Site

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from cms.setup import COMMUNICATION_GROUP, ensure_reference_data
from home.models import HomePage, NewsIndexPage, NewsPage, OrganisationSettings, QuickLink
from knowledge.curation import curation_ensure_all
from knowledge.models import Theme
from social.accounts.models import ActivationCode, FieldAccount, KioskDevice
from social.people.models import Service

from . import data
from .council import seed_council
from .events import seed_events
from .files import demo_picture
from .groups import seed_groups
from .knowledge import seed_knowledge
from .library import seed_library
from .mail import seed_mail
from .messaging import seed_messaging
from .people import seed_profiles
from .privacy import seed_privacy
from .projects import seed_projects
from .social import seed_social

DEMO_DOMAIN = "val-de-parvis.fr"
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
DEMO_ACCOUNTS = {
    "agent": f"agent@{DEMO_DOMAIN}",
    "elu": f"elu@{DEMO_DOMAIN}",
    "communication": f"communication@{DEMO_DOMAIN}",
}
DEFAULT_ADMIN_PASSWORD = "Parvis-Admin-2026!"  # noqa: S105 - demo only, printed by `make run`
DEFAULT_DEMO_PASSWORD = "Parvis-Demo-2026!"  # noqa: S105 - demo only
# The demo's administrators owe a second factor, as in production: their authenticator app is
# this published key (`make code` prints its current code; add it to any TOTP app).
DEMO_TOTP_KEY = "PARVISDEMOPARVISDEMOPARVISDEMO23"
# A field agent without a mailbox (identifier and PIN), and another's printed activation code.
DEMO_FIELD_LOGIN = "rachid.benali"
DEMO_FIELD_PIN = "482913"
DEMO_ACTIVATION_CODE = "JARDI-N2026"


def seed(*, stdout=None, agents: int = 300) -> dict[str, int]:
    write = stdout.write if stdout else (lambda _text: None)
    ensure_reference_data(organisation_name=data.ORGANISATION)
    with transaction.atomic():
        organisation_settings()
        services = seed_services()
        themes = seed_themes()
        people = seed_people(services, agents=agents)
        seed_profiles(services)
        seed_field_accounts()
    images = seed_images()
    news = seed_news(services, themes, images)
    seed_quick_links()
    articles = seed_knowledge(HomePage.objects.first(), services, themes)
    curation_ensure_all()
    documents = seed_library()
    seed_search_promotions()
    User = get_user_model()
    social = seed_social(
        communication=User.objects.get(email=DEMO_ACCOUNTS["communication"]),
        agent=User.objects.get(email=DEMO_ACCOUNTS["agent"]),
    )
    council = seed_council()
    groups = seed_groups(agent=User.objects.get(email=DEMO_ACCOUNTS["agent"]))
    conversations = seed_messaging(agent=User.objects.get(email=DEMO_ACCOUNTS["agent"]))
    events = seed_events(
        agent=User.objects.get(email=DEMO_ACCOUNTS["agent"]),
        communication=User.objects.get(email=DEMO_ACCOUNTS["communication"]),
    )
    projects = seed_projects(agent=User.objects.get(email=DEMO_ACCOUNTS["agent"]))
    readings = seed_mail(agent=User.objects.get(email=DEMO_ACCOUNTS["agent"]))
    departures = seed_privacy(
        agent=User.objects.get(email=DEMO_ACCOUNTS["agent"]),
        admin=User.objects.get(email=ADMIN_EMAIL),
    )
    counts = {
        **groups,
        "services": len(services),
        "themes": len(themes),
        "people": people,
        "news": news,
        "articles": articles,
        "documents": documents,
        "commissions": council,
        "conversations": conversations,
        "events": events,
        "projects": projects,
        "read_confirmations": readings,
        "departures": departures,
        **social,
    }
    write(f"Demo data: {counts}\n")
    return counts


def organisation_settings() -> None:
    site = Site.objects.get(is_default_site=True)
    settings = OrganisationSettings.for_site(site)
    if not settings.address:
        settings.name = data.ORGANISATION
        settings.address = "Hôtel de ville\n1 place de la République\n00100 Val-de-Parvis"
        settings.phone = "01 23 45 67 89"
        settings.email = f"contact@{DEMO_DOMAIN}"
        settings.save()
    if site.site_name != data.ORGANISATION:
        site.site_name = data.ORGANISATION
        site.save()


def seed_services() -> dict[str, Service]:
    services: dict[str, Service] = {}
    for slug, name, acronym, parent in data.SERVICES:
        service, _created = Service.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "acronym": acronym,
                "parent": services.get(parent) if parent else None,
                "email": f"{slug}@{DEMO_DOMAIN}",
            },
        )
        services[slug] = service
    return services


def seed_themes() -> dict[str, Theme]:
    themes = {}
    for slug, name, description in data.THEMES:
        themes[slug], _created = Theme.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
    return themes


def _ascii(value: str) -> str:
    return slugify(unicodedata.normalize("NFKD", value)).replace("-", "")


def seed_people(services: dict[str, Service], *, agents: int) -> int:
    User = get_user_model()
    rng = random.Random(2026)  # noqa: S311 - reproducible demo names, not a secret
    demo_hash = make_password(os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD))
    existing = set(User.objects.values_list("email", flat=True))
    to_create = []

    weights = data.HEADCOUNT
    slugs = list(weights)
    for index in range(agents):
        slug = rng.choices(slugs, weights=[weights[s] for s in slugs])[0]
        first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
        email = f"{_ascii(first)}.{_ascii(last)}{index}@{DEMO_DOMAIN}"
        # Draw every value before skipping, so the sequence is the same at each run.
        job_title = rng.choice(data.JOB_TITLES[slug])
        phone = f"01 23 45 {rng.randint(10, 99)} {rng.randint(10, 99)}"
        building = rng.choice(["Hôtel de ville", "Centre technique", "Annexe"])
        office = f"{building}, bureau {rng.randint(1, 250)}"
        if email in existing:
            continue
        to_create.append(
            User(
                email=email,
                first_name=first,
                last_name=last,
                service=services[slug],
                job_title=job_title,
                phone=phone,
                office=office,
                password=demo_hash,
            )
        )
    for first, last, title in data.ELUS:
        email = f"{_ascii(first)}.{_ascii(last)}@{DEMO_DOMAIN}"
        if email not in existing:
            to_create.append(
                User(
                    email=email,
                    first_name=first,
                    last_name=last,
                    job_title=title,
                    role=User.Role.ELU,
                    password=demo_hash,
                )
            )
    accounts = [
        (
            DEMO_ACCOUNTS["agent"],
            "Camille",
            "Agent",
            "ressources-humaines",
            User.Role.AGENT,
            "Gestionnaire carrière-paie",
        ),
        (DEMO_ACCOUNTS["elu"], "Élise", "Élue", None, User.Role.ELU, "Adjointe au maire"),
        (
            DEMO_ACCOUNTS["communication"],
            "Claire",
            "Communication",
            "communication",
            User.Role.AGENT,
            "Chargée de communication",
        ),
    ]
    for email, first, last, slug, role, title in accounts:
        if email not in existing:
            to_create.append(
                User(
                    email=email,
                    first_name=first,
                    last_name=last,
                    service=services[slug] if slug else None,
                    role=role,
                    job_title=title,
                    password=demo_hash,
                    is_staff=slug == "communication",
                )
            )
    User.objects.bulk_create(to_create, ignore_conflicts=True)

    communication = User.objects.get(email=DEMO_ACCOUNTS["communication"])
    communication.groups.add(Group.objects.get(name=COMMUNICATION_GROUP))
    if not User.objects.filter(email=ADMIN_EMAIL).exists():
        User.objects.create_superuser(
            ADMIN_EMAIL,
            os.environ.get("ADMIN_PASSWORD", DEFAULT_ADMIN_PASSWORD),
            first_name="Administratrice",
            last_name="Parvis",
            service=services["informatique"],
        )
    seed_second_factors([ADMIN_EMAIL, DEMO_ACCOUNTS["communication"]])
    for slug, service in services.items():
        if service.head_id is None:
            service.head = User.objects.filter(service=service).order_by("pk").first()
            if service.head:
                service.save(update_fields=["head"])
        del slug
    return User.objects.count()


def seed_second_factors(emails: list[str]) -> None:
    """The demo key as the authenticator app of the demo's administrators."""
    key = b32decode(DEMO_TOTP_KEY).hex()
    for person in get_user_model().objects.filter(email__in=emails):
        if not TOTPDevice.objects.filter(user=person, confirmed=True).exists():
            TOTPDevice.objects.create(user=person, name="démonstration", key=key, confirmed=True)


def seed_field_accounts() -> None:
    """Field agents without a mailbox: Rachid Benali signs in with his identifier and PIN,
    Kevin Lemaire still has his printed activation code; the depot's shared tablet is
    registered (installed from « Paramètres › Bornes partagées »)."""
    User = get_user_model()
    rachid = User.objects.filter(employee_number="T0412").first()
    if rachid and not FieldAccount.objects.filter(user=rachid).exists():
        FieldAccount.objects.create(
            user=rachid, login=DEMO_FIELD_LOGIN, pin=make_password(DEMO_FIELD_PIN)
        )
    kevin = User.objects.filter(employee_number="T0411").first()
    if kevin and not FieldAccount.objects.filter(user=kevin).exists():
        FieldAccount.objects.create(user=kevin, login="kevin.lemaire")
        ActivationCode.objects.create(
            user=kevin,
            code_hash=make_password(DEMO_ACTIVATION_CODE.replace("-", "")),
            expires_at=timezone.now() + timedelta(days=365),
        )
    KioskDevice.objects.get_or_create(
        name="Tablette du centre technique",
        defaults={"place": "Centre technique municipal, vestiaires", "idle_minutes": 5},
    )


def demo_code() -> str:
    """The code an app holding the demo key shows now."""
    return f"{totp(b32decode(DEMO_TOTP_KEY)):06d}"


def seed_images() -> list:
    Image = get_image_model()
    images = []
    for index, (title, first, second) in enumerate(data.IMAGES):
        image = Image.objects.filter(title=title).first()
        if image is None:
            content = demo_picture((first, second), index)
            image = Image(title=title)
            image.file = ImageFile(io.BytesIO(content), name=f"demo-{slugify(title)}.jpg")
            image.save()
        images.append(image)
    return images


def seed_news(services, themes, images) -> int:
    home = HomePage.objects.first()
    index = NewsIndexPage.objects.child_of(home).first()
    existing = set(NewsPage.objects.child_of(index).values_list("slug", flat=True))
    now = timezone.now()
    for (
        title,
        lead,
        paragraphs,
        service,
        theme_slugs,
        audience,
        audience_services,
        pinned,
        image,
        age,
    ) in data.NEWS:
        slug = slugify(title)[:80]
        if slug in existing:
            continue
        date = now - timedelta(days=age, hours=age % 7)
        body = [("paragraph", "".join(f"<p>{text}</p>" for text in paragraphs))]
        if pinned:
            body.append(
                (
                    "quote",
                    {
                        "quote": "Cette évolution est le fruit d'un vrai travail collectif.",
                        "attribution": "La direction générale des services",
                    },
                )
            )
        news = NewsPage(
            title=title,
            slug=slug,
            lead=lead,
            body=body,
            service=services[service],
            audience=audience,
            pinned=pinned,
            date=date,
            main_image=images[image] if image is not None else None,
            main_image_alt=data.IMAGES[image][0] if image is not None else "",
        )
        index.add_child(instance=news)
        news.themes.set([themes[slug] for slug in theme_slugs])
        news.audience_services.set([services[slug] for slug in audience_services])
        news.tags.add(*[themes[slug].name.lower() for slug in theme_slugs[:1]])
        news.save_revision().publish()
        NewsPage.objects.filter(pk=news.pk).update(first_published_at=date)
    return NewsPage.objects.child_of(index).count()


def seed_quick_links() -> None:
    home = HomePage.objects.first()
    if home.quick_links.exists():
        return
    index = NewsIndexPage.objects.child_of(home).first()
    links = [
        ("Toutes les actualités", "Les nouvelles de la collectivité", index, ""),
        ("Mon compte", "Profil, mot de passe", None, "/mon-compte/"),
        ("Suivre les actualités par RSS", "Dans votre lecteur de flux", None, "/mon-compte/flux/"),
        ("Rechercher", "Dans tout l'intranet", None, "/recherche/"),
    ]
    for order, (title, description, page, url) in enumerate(links):
        QuickLink.objects.create(
            home=home, sort_order=order, title=title, description=description, page=page, url=url
        )
    home.save_revision().publish()


# query, page title, description
SEARCH_PROMOTIONS = [
    ("congés", "Poser des congés annuels", "La procédure, les délais et le formulaire."),
    ("télétravail", "Demander le télétravail", "Qui peut télétravailler et comment le demander."),
]


def seed_search_promotions() -> None:
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion
    from wagtail.models import Page

    for query_string, title, description in SEARCH_PROMOTIONS:
        page = Page.objects.live().filter(title=title).first()
        if page is None:
            continue
        query = Query.get(query_string)
        SearchPromotion.objects.get_or_create(
            query=query, page=page, defaults={"description": description, "sort_order": 0}
        )
