from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde de `manage.py backup` dans une installation vide (base sans "
        "tables, dossier des fichiers vide), après avoir vérifié chaque empreinte. / Restore."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="le dossier parvis-AAAAMMJJ-HHMMSS de la sauvegarde")

    def handle(self, folder, **options):
        try:
            manifest = restore(Path(folder))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde du {manifest['created_at']} restaurée ({len(manifest['files'])} "
                "fichiers vérifiés). Lancez ensuite `manage.py migrate` si cette version de "
                "Parvis est plus récente."
            )
        )
