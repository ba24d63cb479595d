"""The demo's projects: the digital referents roll out the new sharing tool (a board with every
column in use, labels, checklists, comments; tasks of the demo agent overdue, due today, this
week and later, so « Mes tâches » and the homepage block are never empty), HR prepares the
annual reviews, a finished move is archived, and the crisis cell plans its flood exercise (its
secret group only). Dates are set from today. Idempotent: nothing is added once
« Déploiement de l'outil de partage » exists."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from social.comments.services import comment_post
from social.groups.models import Group, Membership
from social.projects import services
from social.projects.models import Project

ROLLOUT = "Déploiement de l'outil de partage"

# title, column, days from today (None: no date), priority, labels, assign the agent?, checklist
ROLLOUT_TASKS = [
    (
        "Recenser les référents de chaque service",
        "Fait",
        -20,
        "normal",
        ["Organisation"],
        False,
        ["Services techniques", "Finances", "Culture", "Ressources humaines"],
    ),
    ("Valider le choix de l'outil avec la DSI", "Fait", -12, "high", ["Organisation"], False, []),
    (
        "Rédiger le guide de prise en main",
        "En validation",
        -1,
        "high",
        ["Documentation"],
        True,
        [
            "Se connecter",
            "Déposer un document",
            "Partager un dossier",
            "Retrouver une version",
            "Questions fréquentes",
        ],
    ),
    (
        "Réserver la salle de formation",
        "En cours",
        0,
        "normal",
        ["Formation"],
        True,
        ["Vérifier le vidéoprojecteur", "Prévoir 14 postes"],
    ),
    (
        "Préparer les comptes des agents de terrain",
        "En cours",
        3,
        "urgent",
        ["Matériel"],
        False,
        ["Liste des agents sans adresse", "Codes d'activation imprimés"],
    ),
    (
        "Organiser la session de formation des référents",
        "À faire",
        5,
        "high",
        ["Formation"],
        True,
        ["Envoyer l'invitation", "Préparer le support", "Faire signer la feuille"],
    ),
    (
        "Migrer les dossiers partagés du serveur de fichiers",
        "À faire",
        14,
        "normal",
        ["Matériel"],
        False,
        [],
    ),
    (
        "Annoncer le lancement dans les actualités",
        "À faire",
        21,
        "normal",
        ["Communication"],
        True,
        [],
    ),
    ("Mesurer l'usage après un mois", "À faire", None, "low", ["Organisation"], False, []),
    (
        "Traduire le guide pour les agents malvoyants (version audio)",
        "À faire",
        30,
        "normal",
        ["Documentation"],
        False,
        [],
    ),
]

REVIEWS = "Entretiens professionnels 2027"
REVIEWS_TASKS = [
    ("Mettre à jour la trame d'entretien", "En cours", 2, "high", True),
    ("Former les encadrants à la conduite d'entretien", "À faire", 10, "normal", False),
    ("Publier le calendrier de la campagne", "À faire", -3, "normal", True),
    ("Collecter les comptes rendus signés", "À faire", 60, "normal", False),
]


def _members(group: Group, count: int, exclude=()) -> list:
    memberships = (
        Membership.objects.filter(group=group, state="active")
        .exclude(user_id__in=exclude)
        .select_related("user")
        .order_by("pk")[:count]
    )
    return [membership.user for membership in memberships]


def seed_projects(*, agent) -> int:
    if Project.objects.filter(name=ROLLOUT).exists():
        return Project.objects.count()
    today = timezone.localdate()
    digital = Group.objects.get(name="Référents numériques")
    admin = _members(digital, 1)[0]
    colleagues = _members(digital, 4, exclude=[agent.pk, admin.pk]) or [admin]
    rollout = services.project_create(
        group=digital,
        user=admin,
        name=ROLLOUT,
        description=(
            "Remplacer le serveur de fichiers et les envois de pièces jointes par l'espace "
            "documentaire de l'intranet, service par service."
        ),
        start_date=today - timedelta(days=30),
        target_date=today + timedelta(days=45),
        managers=[colleagues[0]],
    )
    labels = {
        name: services.label_save(project=rollout, user=admin, name=name, colour=colour)
        for name, colour in (
            ("Organisation", "blue"),
            ("Formation", "green"),
            ("Matériel", "orange"),
            ("Documentation", "purple"),
            ("Communication", "yellow"),
        )
    }
    columns = {column.name: column for column in rollout.columns.all()}
    for index, (title, column, days, priority, names, mine, checklist) in enumerate(ROLLOUT_TASKS):
        people = [agent] if mine else [colleagues[index % len(colleagues)]]
        task = services.task_create(
            project=rollout,
            user=admin,
            title=title,
            column=columns[column],
            assignees=people,
            due_date=today + timedelta(days=days) if days is not None else None,
            priority=priority,
            labels=[labels[name] for name in names],
            description=(
                f"Voir avec @{agent.email.split('@')[0]} pour les détails." if index == 4 else ""
            ),
            rate_limited=False,
        )
        items = [services.checklist_add(task=task, user=admin, text=text) for text in checklist]
        ticked = len(items) if column == "Fait" else len(items) // 2
        for item in items[:ticked]:
            services.checklist_toggle(item=item, user=people[0], done=True)
        if index == 2:
            comment_post(
                author=colleagues[0],
                target=task,
                body="J'ai relu le chapitre « Partager un dossier » : il manque une capture.",
                rate_limited=False,
            )
            comment_post(author=agent, target=task, body="Ajoutée, merci !", rate_limited=False)
    first, second = rollout.tasks.order_by("pk")[5], rollout.tasks.order_by("pk")[3]
    services.dependency_set(task=first, user=admin, other_id=second.pk, add=True)

    hr = Group.objects.get(name="Ressources humaines")
    hr_admin = _members(hr, 1)[0]
    reviews = services.project_create(
        group=hr,
        user=hr_admin,
        name=REVIEWS,
        description="La campagne annuelle des entretiens professionnels, de janvier à mars.",
        start_date=today,
        target_date=today + timedelta(days=90),
    )
    hr_columns = {column.name: column for column in reviews.columns.all()}
    hr_people = _members(hr, 3, exclude=[agent.pk]) or [hr_admin]
    for index, (title, column, days, priority, mine) in enumerate(REVIEWS_TASKS):
        services.task_create(
            project=reviews,
            user=hr_admin,
            title=title,
            column=hr_columns[column],
            assignees=[agent] if mine else [hr_people[index % len(hr_people)]],
            due_date=today + timedelta(days=days),
            priority=priority,
            rate_limited=False,
        )
    moved = services.project_create(
        group=hr,
        user=hr_admin,
        name="Déménagement du service RH",
        description="Installation au 2e étage du centre administratif : terminé.",
        start_date=today - timedelta(days=200),
        target_date=today - timedelta(days=120),
    )
    done = moved.columns.get(is_done=True)
    for title in ("Cartons et étiquetage", "Câblage des bureaux", "Nouvelles plaques de porte"):
        services.task_create(
            project=moved, user=hr_admin, title=title, column=done, rate_limited=False
        )
    services.project_archive(project=moved, user=hr_admin)

    crisis = Group.objects.get(name="Cellule de crise")
    crisis_admin = _members(crisis, 1)[0]
    exercise = services.project_create(
        group=crisis,
        user=crisis_admin,
        name="Exercice inondation",
        target_date=today + timedelta(days=40),
    )
    for title in ("Scénario de l'exercice", "Liste d'astreinte à jour", "Retour d'expérience"):
        services.task_create(project=exercise, user=crisis_admin, title=title, rate_limited=False)
    return Project.objects.count()
