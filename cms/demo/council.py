"""The demo's council: the élus' mandates and delegations, the conseil municipal and three
commissions with their referents, meetings past and coming, deliberations with their PDF."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from knowledge.library.services import document_upload
from social.council.models import Commission, CommissionMember, Deliberation, Mandate, Meeting
from social.people.models import Service

from . import data
from .files import pdf_with_text


@transaction.atomic
def seed_council() -> int:
    User = get_user_model()
    if Commission.objects.exists():
        return 0
    elus = {person.last_name: person for person in User.objects.filter(role="elu")}
    services = {service.slug: service for service in Service.objects.all()}
    start = datetime.date(2026, 3, 22)  # the municipal election
    for order, (last_name, (kind, delegation, slugs)) in enumerate(data.MANDATES.items()):
        person = elus.get(last_name)
        if person is None:
            continue
        mandate = Mandate.objects.create(
            person=person,
            kind=kind,
            title=person.job_title,
            delegation=delegation,
            started_on=start,
            order=order,
        )
        mandate.services.set([services[slug] for slug in slugs if slug in services])
        if kind in ("maire", "adjoint"):
            Mandate.objects.create(
                person=person,
                kind="communautaire",
                title="Conseiller communautaire, Communauté d'agglomération du Val",
                started_on=start,
                order=order + 50,
            )
    now = timezone.localtime()
    admin = User.objects.filter(is_superuser=True).first()
    commissions = 0
    for slug, name, description, chair, members, referent_services in data.COMMISSIONS:
        commission = Commission.objects.create(
            slug=slug,
            name=name,
            kind="conseil" if slug == "conseil-municipal" else "commission",
            description=description,
        )
        commissions += 1
        people = list(elus.values()) if members is None else [elus[n] for n in members if n in elus]
        CommissionMember.objects.create(commission=commission, person=elus[chair], role="president")
        for person in people:
            if person != elus[chair]:
                CommissionMember.objects.create(commission=commission, person=person)
        for service_slug in referent_services:
            head = services[service_slug].head if service_slug in services else None
            if head is not None:
                CommissionMember.objects.create(commission=commission, person=head, role="referent")
        commission.refresh_from_db()
        past = Meeting.objects.create(
            commission=commission,
            starts_at=(now - datetime.timedelta(days=24)).replace(hour=18, minute=30),
            place="Hôtel de ville, salle du conseil",
            agenda="1. Approbation du procès-verbal de la séance précédente\n2. Questions diverses",
            published=True,
        )
        upcoming = Meeting.objects.create(
            commission=commission,
            starts_at=(now + datetime.timedelta(days=12)).replace(hour=18, minute=30),
            place="Hôtel de ville, salle du conseil",
            agenda="1. Budget primitif 2027\n2. Tarifs municipaux\n3. Questions diverses",
            published=slug == "conseil-municipal",
        )
        upcoming.convocation = _document(
            admin, commission.folder, f"Convocation — {name}", ["Convocation", name]
        )
        upcoming.save()
        past.minutes = _document(
            admin, commission.public_folder, f"Compte rendu — {name}", ["Compte rendu", name]
        )
        past.save()
        if slug == "conseil-municipal":
            for number, title, summary, yes, no, abstain, result in data.DELIBERATIONS:
                Deliberation.objects.create(
                    meeting=past,
                    number=number,
                    title=title,
                    summary=summary,
                    adopted_on=past.starts_at.date(),
                    votes_for=yes,
                    votes_against=no,
                    abstentions=abstain,
                    result=result,
                    document=_document(
                        admin, commission.public_folder, f"{number} — {title}", [title, summary]
                    ),
                )
    return commissions


def _document(user, folder, title: str, lines: list[str]):
    upload = SimpleUploadedFile(f"{title[:40]}.pdf", pdf_with_text(lines))
    return document_upload(user=user, folder=folder, uploaded_file=upload, title=title)
