from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Sauvegarde la base de données et les fichiers déposés dans un dossier daté, avec un "
        "manifeste (taille et SHA-256 de chaque fichier). / Back up the database and media."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", nargs="?", default="sauvegardes", help="dossier de sortie")
        parser.add_argument(
            "--without-media", action="store_true", help="la base seulement (fichiers à part)"
        )

    def handle(self, output, without_media=False, **options):
        try:
            summary = backup(output=Path(output), with_media=not without_media)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde écrite : {summary.folder} ({summary.files} fichiers, "
                f"{summary.size / 1_000_000:.1f} Mo)."
            )
        )
