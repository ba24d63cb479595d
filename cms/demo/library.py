"""The demo library: a few real files in the services' folders, and one private folder."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.models import Collection, CollectionViewRestriction

from knowledge.library.folders import library_ensure_all
from knowledge.library.services import document_upload, document_version_add
from knowledge.models import LibraryDocument, ServiceFolder, Theme
from social.people.models import Service

from . import files

PRIVATE_FOLDER = "Dossiers individuels (confidentiel)"


def _pages(topic: str, count: int) -> list[list[str]]:
    return files.sample_pages(count, topic)


# title, service slug, sub-folder (or ""), file name, file, theme slugs, tags, description
DOCUMENTS = [
    (
        "Délibération — budget primitif 2027",
        "affaires-juridiques",
        "Délibérations 2026",
        "deliberation-budget-primitif-2027.pdf",
        lambda: files.pdf_with_text(_pages("délibération budget primitif", 4)),
        ["citoyennete"],
        ["délibération", "budget"],
        "Délibération adoptée par le conseil municipal, avec ses annexes budgétaires.",
    ),
    (
        "Procès-verbal du conseil municipal du 12 octobre",
        "affaires-juridiques",
        "Délibérations 2026",
        "pv-conseil-municipal-12-octobre.odt",
        lambda: files.odt(
            [
                "Procès-verbal de la séance du conseil municipal du 12 octobre",
                "Présents : vingt-sept conseillers municipaux. Secrétaire de séance : Mme Martin.",
                "Point 1 : adoption du procès-verbal de la séance précédente, à l'unanimité.",
                "Point 2 : subvention exceptionnelle à l'association des jardins partagés.",
                "Point 3 : tarifs de la restauration scolaire pour l'année 2027.",
            ],
            pages=3,
        ),
        ["citoyennete", "education"],
        ["procès-verbal"],
        "",
    ),
    (
        "Charte du télétravail",
        "ressources-humaines",
        "",
        "charte-teletravail.docx",
        lambda: files.docx(
            [
                "Charte du télétravail de la collectivité",
                "Article 1 : les agents dont les missions le permettent peuvent télétravailler "
                "jusqu'à deux jours par semaine, après accord de leur responsable.",
                "Article 2 : la demande se fait par le formulaire de demande de télétravail, "
                "transmis au service des ressources humaines.",
                "Article 3 : l'équipement (ordinateur portable, casque) est fourni par la "
                "direction des systèmes d'information.",
            ],
            pages=4,
        ),
        ["vie-interne"],
        ["télétravail", "charte"],
        "Les règles du télétravail, en vigueur depuis le 1er janvier.",
    ),
    (
        "Guide des congés et absences",
        "ressources-humaines",
        "",
        "guide-conges-absences.pdf",
        lambda: files.pdf_with_text(_pages("congés et absences", 12)),
        ["vie-interne"],
        ["congés"],
        "Congés annuels, RTT, compte épargne-temps, autorisations d'absence.",
    ),
    (
        "Tableau des entretiens professionnels",
        "ressources-humaines",
        PRIVATE_FOLDER,
        "entretiens-professionnels.xlsx",
        lambda: files.xlsx(
            [
                ["Agent", "Service", "Date de l'entretien", "Responsable"],
                ["Agent A", "Voirie", "12/01/2027", "Chef de service"],
                ["Agent B", "Médiathèque", "14/01/2027", "Directrice"],
            ]
        ),
        ["vie-interne"],
        ["entretien professionnel"],
        "Réservé aux gestionnaires RH.",
    ),
    (
        "Guide de l'exécution budgétaire",
        "finances",
        "",
        "guide-execution-budgetaire.pdf",
        lambda: files.pdf_with_text(_pages("exécution budgétaire", 36)),
        [],
        ["budget", "guide"],
        "Engagements, bons de commande, service fait, mandatement : qui fait quoi.",
    ),
    (
        "Suivi budgétaire par chapitre",
        "finances",
        "",
        "suivi-budgetaire.xlsx",
        lambda: files.xlsx(
            [
                ["Chapitre", "Libellé", "Voté", "Réalisé"],
                ["011", "Charges à caractère général", 1250000, 980000],
                ["012", "Charges de personnel", 4800000, 3950000],
                ["65", "Autres charges de gestion courante", 620000, 410000],
            ]
        ),
        [],
        ["budget"],
        "",
    ),
    (
        "Charte informatique",
        "informatique",
        "",
        "charte-informatique.pdf",
        lambda: files.pdf_with_text(
            [
                [
                    "Charte d'utilisation des moyens informatiques",
                    "Chaque agent est responsable de l'usage de son compte et de son mot de passe.",
                    "Le mot de passe compte au moins douze caractères de quatre types différents.",
                    "Signalez tout courriel suspect (hameçonnage) au support informatique.",
                ]
            ]
        ),
        ["numerique"],
        ["sécurité", "charte"],
        "",
    ),
    (
        "Bon de commande type",
        "commande-publique",
        "",
        "bon-de-commande.ods",
        lambda: files.ods(
            [
                ["Bon de commande", "", ""],
                ["Fournisseur", "Désignation", "Montant HT"],
                ["", "", ""],
            ]
        ),
        [],
        ["commande publique", "formulaire"],
        "À remplir et faire signer par le responsable de service avant tout achat.",
    ),
]


def _folder(service: Service, subfolder: str) -> Collection:
    folder = ServiceFolder.objects.get(service=service).collection
    if not subfolder:
        return folder
    child = folder.get_children().filter(name=subfolder).first()
    return child or folder.add_child(name=subfolder)


def _restrict(folder: Collection, group: Group) -> None:
    restriction, _created = CollectionViewRestriction.objects.get_or_create(
        collection=folder, defaults={"restriction_type": CollectionViewRestriction.GROUPS}
    )
    restriction.groups.add(group)


def seed_library() -> int:
    library_ensure_all()
    author = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    created = 0
    for title, service_slug, subfolder, name, make, theme_slugs, tags, description in DOCUMENTS:
        service = Service.objects.get(slug=service_slug)
        folder = _folder(service, subfolder)
        if subfolder == PRIVATE_FOLDER:
            hr_editors, _created = Group.objects.get_or_create(name=f"Éditeurs — {service.name}")
            _restrict(folder, hr_editors)
        if LibraryDocument.objects.filter(title=title).exists():
            continue
        document_upload(
            user=author,
            folder=folder,
            uploaded_file=SimpleUploadedFile(name, make()),
            title=title,
            description=description,
            themes=list(Theme.objects.filter(slug__in=theme_slugs)),
            tags=tags,
        )
        created += 1
    _revise_it_charter(author)
    return created


def _revise_it_charter(author) -> None:
    """The IT charter has been revised once: its page shows the versions, as a real one would."""
    charter = LibraryDocument.objects.filter(title="Charte informatique").first()
    if charter is None or charter.version_number > 1:
        return
    document_version_add(
        user=author,
        document=charter,
        uploaded_file=SimpleUploadedFile(
            "charte-informatique-2026.pdf",
            files.pdf_with_text(
                [
                    [
                        "Charte d'utilisation des moyens informatiques (révision 2026)",
                        "Chaque agent est responsable de l'usage de son compte.",
                        "La double authentification est demandée pour l'accès à distance.",
                        "Signalez tout courriel suspect (hameçonnage) au support informatique.",
                    ]
                ]
            ),
        ),
    )
