"""manage.py import_people export-rh.csv [--dry-run] [--partial]"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from social.people.imports import ImportRefused, people_import_apply, people_import_plan


class Command(BaseCommand):
    help = gettext_lazy(
        "Importe les agents d'un export RH (CSV : matricule, nom, prénom, email, fonction, "
        "service, responsable, site, téléphone, mobile). Idempotent sur le matricule ; les "
        "absents d'un import complet sont désactivés."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help=gettext_lazy("Le fichier CSV"))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("Dire ce qui changerait, sans rien écrire"),
        )
        parser.add_argument(
            "--partial",
            action="store_true",
            help=gettext_lazy(
                "Import partiel : ne désactiver personne parmi les absents du fichier"
            ),
        )

    def handle(self, path, dry_run=False, partial=False, **options):
        started = time.monotonic()
        try:
            data = Path(path).read_bytes()
            plan = people_import_plan(data, full=not partial)
        except OSError as error:
            raise CommandError(
                _("Lecture impossible de %(path)s : %(error)s")
                % {"path": path, "error": error.strerror}
            ) from None
        except ImportRefused as refused:
            raise CommandError(str(refused)) from None
        for error in plan.errors:
            self.stderr.write(error)
        if not plan.is_valid:
            raise CommandError(
                ngettext(
                    "%(count)s erreur : rien n'a été importé.",
                    "%(count)s erreurs : rien n'a été importé.",
                    len(plan.errors),
                )
                % {"count": len(plan.errors)}
            )
        write = self.stdout.write
        for row in plan.creations:
            values = row.values
            write(f"+ {values['employee_number']} {values['first_name']} {values['last_name']}")
        for person, _row, changes in plan.changes:
            detail = ", ".join(
                f"{name} : {before or '—'} → {after or '—'}"
                for name, (before, after) in changes.items()
            )
            write(f"~ {person.employee_number} {person.get_full_name()} ({detail})")
        for person in plan.deactivations:
            write(f"- {person.employee_number} {person.get_full_name()} ({_('désactivé')})")
        summary = _(
            "%(created)s création(s), %(changed)s modification(s), %(unchanged)s inchangée(s), "
            "%(deactivated)s désactivation(s)"
        ) % {
            "created": len(plan.creations),
            "changed": len(plan.changes),
            "unchanged": plan.unchanged,
            "deactivated": len(plan.deactivations),
        }
        if dry_run:
            write(_("Simulation : %(summary)s. Rien n'a été écrit.") % {"summary": summary})
            return
        checked = time.monotonic()
        people_import_apply(plan)
        written = time.monotonic()
        write(
            self.style.SUCCESS(
                _(
                    "Import terminé : %(summary)s (lu et vérifié en %(checked).1f s, "
                    "écrit en %(written).1f s)."
                )
                % {"summary": summary, "checked": checked - started, "written": written - checked}
            )
        )
