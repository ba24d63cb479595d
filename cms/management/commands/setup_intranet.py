from django.core.management.base import BaseCommand

from cms.setup import ensure_reference_data


class Command(BaseCommand):
    help = "Create the reference data every install needs (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--organisation", default="", help="The collectivité's name.")

    def handle(self, *args, **options):
        home = ensure_reference_data(organisation_name=options["organisation"])
        self.stdout.write(self.style.SUCCESS(f"Intranet ready: home page #{home.pk}."))
