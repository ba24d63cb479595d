"""A person as a vCard (RFC 6350) and a service's people as CSV: only what the reader may see,
as everywhere else (social/people/permissions.py)."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from .permissions import visible_profile

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .models import User
    from .permissions import VisibleProfile


def _escape(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (RFC 6350 §3.2)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line + "\r\n"
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts) + "\r\n"


def person_vcard(profile: VisibleProfile, request: HttpRequest) -> str:
    person = profile.person
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"FN:{_escape(profile.name)}",
        f"N:{_escape(person.last_name)};{_escape(person.first_name)};;;",
    ]
    if person.job_title:
        lines.append(f"TITLE:{_escape(person.job_title)}")
    if person.service_id:
        lines.append(f"ORG:{_escape(person.service.name)}")
    if profile.email:
        lines.append(f"EMAIL;TYPE=work:{_escape(profile.email)}")
    if profile.phone:
        lines.append(f"TEL;TYPE=work,voice;VALUE=uri:tel:{profile.phone.replace(' ', '')}")
    if profile.mobile:
        lines.append(f"TEL;TYPE=work,cell;VALUE=uri:tel:{profile.mobile.replace(' ', '')}")
    if profile.site is not None:
        street = _escape(profile.site.address or profile.site.name)
        lines.append(f"ADR;TYPE=work:;{_escape(profile.office)};{street};;;;")
    lines.append(f"URL:{request.build_absolute_uri(person.get_absolute_url())}")
    lines.append("END:VCARD")
    return "".join(_fold(line) for line in lines)


def people_csv(viewer: User, people: list[User]) -> str:
    output = io.StringIO()
    output.write("\ufeff")  # so that a spreadsheet opens the accents right
    writer = csv.writer(output, delimiter=";")
    writer.writerow(
        [
            _("Nom"),
            _("Prénom"),
            _("Fonction"),
            _("Service"),
            _("Site"),
            _("Bureau"),
            _("Téléphone fixe"),
            _("Téléphone mobile"),
            _("Adresse électronique"),
        ]
    )
    for person in people:
        profile = visible_profile(viewer, person, skills=[])
        writer.writerow(
            [
                person.last_name,
                person.first_name,
                person.job_title,
                person.service.name if person.service_id else "",
                profile.site.name if profile.site else "",
                profile.office,
                profile.phone,
                profile.mobile,
                profile.email,
            ]
        )
    return output.getvalue()
