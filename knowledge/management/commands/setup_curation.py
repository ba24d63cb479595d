from django.core.management.base import BaseCommand

from knowledge.curation import curation_ensure_all


class Command(BaseCommand):
    help = "Create editors, contributors, approvers and curators groups, rights and workflows."

    def handle(self, *args, **options):
        count = curation_ensure_all()
        self.stdout.write(
            self.style.SUCCESS(f"Curation set up for {count} service and theme pages.")
        )
