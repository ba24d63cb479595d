"""manage.py import_people export-rh.csv [--dry-run] [--partial]"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from social.people.imports import ImportRefused, people_import_apply, people_import_plan


class Command(BaseCommand):
    help = (
        "Importe les agents d'un export RH (CSV : matricule, nom, prénom, email, fonction, "
        "service, responsable, site, téléphone, mobile). Idempotent sur le matricule ; les "
        "absents d'un import complet sont désactivés."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Le fichier CSV")
        parser.add_argument(
            "--dry-run", action="store_true", help="Dire ce qui changerait, sans rien écrire"
        )
        parser.add_argument(
            "--partial",
            action="store_true",
            help="Import partiel : ne désactiver personne parmi les absents du fichier",
        )

    def handle(self, path, dry_run=False, partial=False, **options):
        started = time.monotonic()
        try:
            data = Path(path).read_bytes()
            plan = people_import_plan(data, full=not partial)
        except OSError as error:
            raise CommandError(f"Lecture impossible de {path} : {error.strerror}") from None
        except ImportRefused as refused:
            raise CommandError(str(refused)) from None
        for error in plan.errors:
            self.stderr.write(error)
        if not plan.is_valid:
            raise CommandError(f"{len(plan.errors)} erreur(s) : rien n'a été importé.")
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
            write(f"- {person.employee_number} {person.get_full_name()} (désactivé)")
        summary = (
            f"{len(plan.creations)} création(s), {len(plan.changes)} modification(s), "
            f"{plan.unchanged} inchangée(s), {len(plan.deactivations)} désactivation(s)"
        )
        if dry_run:
            write(f"Simulation : {summary}. Rien n'a été écrit.")
            return
        checked = time.monotonic()
        people_import_apply(plan)
        written = time.monotonic()
        write(
            self.style.SUCCESS(
                f"Import terminé : {summary} (lu et vérifié en {checked - started:.1f} s, "
                f"écrit en {written - checked:.1f} s)."
            )
        )
