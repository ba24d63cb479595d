import time

from django.core.management.base import BaseCommand, CommandError

from social.accounts.directory import DirectoryUnavailable, directory_sync


class Command(BaseCommand):
    help = (
        "Make Parvis's people what the LDAP / Active Directory directory says: create, update "
        "and deactivate accounts (--dry-run: list what would change, write nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List the changes only.")

    def handle(self, *args, dry_run=False, **options):
        started = time.monotonic()
        try:
            plan, counts = directory_sync(dry_run=dry_run)
        except DirectoryUnavailable as error:
            raise CommandError(f"Annuaire injoignable, rien n'a changé : {error}") from error
        write = self.stdout.write
        for entry, wanted in plan.creations:
            write(f"+ créer     {wanted['email'] or '-'}  {entry.dn}")
        for person, entry in plan.links:
            write(f"= relier    {person.email}  {entry.dn}")
        for person, _entry, changes in plan.changes:
            for name, (before, after) in changes.items():
                write(f"~ modifier  {person.email or person.pk}  {name} : {before!r} → {after!r}")
        for person in plan.deactivations:
            write(f"- désactiver {person.email or person.pk}")
        for name, (added, removed) in plan.memberships.items():
            if added or removed:
                write(f"~ groupe    {name} : +{len(added)} −{len(removed)}")
        summary = (
            f"{len(plan.creations)} création(s), {len(plan.links)} compte(s) relié(s), "
            f"{len(plan.changes)} modification(s), {len(plan.deactivations)} désactivation(s), "
            f"{plan.unchanged} inchangé(s) — {time.monotonic() - started:.1f} s"
        )
        if dry_run:
            write(self.style.WARNING(f"Essai à blanc, rien n'a été écrit : {summary}"))
        elif counts is None:
            write(self.style.SUCCESS(f"Rien à changer : {summary}"))
        else:
            write(self.style.SUCCESS(f"Annuaire synchronisé : {summary}"))
