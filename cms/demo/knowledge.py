"""Knowledge base of the demo collectivité: service and theme pages, and procedures."""

from django.contrib.auth.models import Group
from django.db.models import Q

from wagtail.models import PageViewRestriction

from knowledge.models import ArticlePage, KnowledgeIndexPage, SectionPage, ServicePage, ThemePage
from social.people.models import Service, User

# service slug -> [(title, lead, theme slugs, steps, faq)]
ARTICLES = {
    "ressources-humaines": [
        (
            "Demander une rupture conventionnelle",
            "La procédure, l'entretien préalable et l'indemnité spécifique de rupture.",
            ["vie-interne"],
            [
                "Adresser la demande au service des ressources humaines",
                "Préparer l'entretien préalable",
                "Signer la convention après le délai de réflexion",
            ],
            [
                (
                    "Combien de temps pour changer d'avis ?",
                    "Quinze jours francs après la signature de la convention.",
                )
            ],
        ),
        (
            "Recevoir ses titres-restaurant",
            "La carte de titres-restaurant, sa recharge et la part de la collectivité.",
            ["vie-interne"],
            [
                "Demander la carte au service des ressources humaines",
                "Vérifier la recharge chaque mois",
                "Signaler une carte perdue",
            ],
            [("Combien vaut un titre ?", "Huit euros, dont la moitié payée par la collectivité.")],
        ),
        (
            "Règlement intérieur : horaires, badgeuse et véhicules",
            "Ce que le règlement intérieur du personnel prévoit au quotidien.",
            ["vie-interne"],
            [
                "Lire le règlement intérieur",
                "Badger à l'arrivée et au départ",
                "Réserver un véhicule de service",
            ],
            [("Où le trouver ?", "Dans la bibliothèque, dossier des ressources humaines.")],
        ),
        (
            "Poser des congés annuels",
            "Comment demander vos congés et dans quels délais.",
            ["vie-interne"],
            [
                "Vérifier votre solde dans le logiciel RH",
                "Saisir la demande au moins quinze jours avant",
                "Attendre la validation de votre responsable",
            ],
            [
                (
                    "Combien de jours ai-je ?",
                    "Cinq fois vos obligations hebdomadaires de service, plus les jours de fractionnement.",
                )
            ],
        ),
        (
            "Demander le télétravail",
            "Qui peut télétravailler, combien de jours, et comment le demander.",
            ["vie-interne", "numerique"],
            [
                "Lire la charte du télétravail",
                "Remplir le formulaire de demande",
                "En parler avec votre responsable",
                "Signer l'avenant",
            ],
            [
                (
                    "Puis-je télétravailler depuis un autre lieu que mon domicile ?",
                    "Oui, s'il est déclaré dans votre demande.",
                )
            ],
        ),
        (
            "Déclarer un accident de service",
            "Les démarches dans les 48 heures qui suivent un accident.",
            ["vie-interne"],
            [
                "Prévenir votre responsable",
                "Faire constater vos blessures par un médecin",
                "Envoyer la déclaration au service RH sous 48 heures",
            ],
            [("Et un accident de trajet ?", "Il se déclare de la même façon.")],
        ),
        (
            "Suivre une formation",
            "Le plan de formation, le CPF et les préparations aux concours.",
            ["vie-interne"],
            [
                "Repérer la formation dans le catalogue",
                "Faire valider la demande par votre responsable",
                "Vous inscrire auprès du service formation",
            ],
            [
                (
                    "Qui paie les frais de déplacement ?",
                    "La collectivité, selon le barème en vigueur.",
                )
            ],
        ),
        (
            "Comprendre votre bulletin de paie",
            "Ligne par ligne, ce que contient votre bulletin.",
            ["vie-interne"],
            [
                "Repérer le traitement indiciaire",
                "Vérifier les primes et indemnités",
                "Contrôler les cotisations",
            ],
            [
                (
                    "Pourquoi mon net a-t-il changé ?",
                    "Souvent à cause d'un changement d'échelon ou de cotisation.",
                )
            ],
        ),
    ],
    "finances": [
        (
            "Engager une dépense",
            "Du bon de commande au service fait : le circuit de la dépense.",
            ["citoyennete"],
            [
                "Vérifier les crédits disponibles",
                "Créer le bon de commande",
                "Faire signer par l'élu délégué",
                "Constater le service fait",
            ],
            [
                (
                    "Qui peut signer un bon de commande ?",
                    "Les agents ayant reçu délégation, dans la limite fixée.",
                )
            ],
        ),
        (
            "Préparer le budget de votre service",
            "Le calendrier et les documents de la préparation budgétaire.",
            ["citoyennete"],
            [
                "Recenser vos besoins",
                "Remplir la fiche de proposition",
                "Présenter les arbitrages en commission",
            ],
            [
                (
                    "Quand commence la préparation ?",
                    "En septembre pour le budget de l'année suivante.",
                )
            ],
        ),
        (
            "Encaisser une recette en régie",
            "Les règles de la régie et la tenue de la caisse.",
            ["citoyennete"],
            [
                "Délivrer une quittance",
                "Tenir le journal de caisse",
                "Reverser les fonds chaque semaine",
            ],
            [
                (
                    "Que faire en cas d'erreur de caisse ?",
                    "La signaler immédiatement au régisseur titulaire.",
                )
            ],
        ),
    ],
    "informatique": [
        (
            "Signaler un incident informatique",
            "Le support répond en moins d'une heure en journée.",
            ["numerique"],
            [
                "Noter le message d'erreur",
                "Ouvrir un ticket sur l'outil de support",
                "Rester joignable",
            ],
            [
                (
                    "Et en dehors des heures ouvrées ?",
                    "Une astreinte traite les urgences des services vitaux.",
                )
            ],
        ),
        (
            "Choisir un mot de passe solide",
            "Les règles de la collectivité et les bons réflexes.",
            ["numerique"],
            [
                "Choisir une phrase de passe de douze caractères au moins",
                "Ne jamais la réutiliser ailleurs",
                "Activer la double authentification",
            ],
            [
                (
                    "Dois-je le changer régulièrement ?",
                    "Non, seulement en cas de doute sur sa sécurité.",
                )
            ],
        ),
        (
            "Accéder au réseau à distance",
            "Se connecter depuis chez soi en toute sécurité.",
            ["numerique"],
            [
                "Démarrer l'ordinateur portable professionnel",
                "Lancer le client VPN",
                "Saisir votre code à usage unique",
            ],
            [("Puis-je utiliser mon ordinateur personnel ?", "Non, seulement le matériel fourni.")],
        ),
    ],
    "commande-publique": [
        (
            "Passer un marché à procédure adaptée",
            "Les seuils, la publicité et les étapes d'un MAPA.",
            ["citoyennete"],
            [
                "Définir le besoin",
                "Rédiger le cahier des charges",
                "Publier l'avis",
                "Analyser les offres",
                "Notifier le marché",
            ],
            [
                (
                    "À partir de quel montant faut-il publier ?",
                    "À partir de 40 000 euros hors taxes.",
                )
            ],
        ),
        (
            "Acheter sans mise en concurrence",
            "Les achats de faible montant et leurs règles.",
            ["citoyennete"],
            [
                "Vérifier le montant estimé",
                "Demander plusieurs devis",
                "Conserver la trace du choix",
            ],
            [
                (
                    "Faut-il toujours trois devis ?",
                    "C'est une bonne pratique, pas une obligation légale.",
                )
            ],
        ),
    ],
    "etat-civil": [
        (
            "Enregistrer une naissance",
            "La déclaration de naissance dans les cinq jours.",
            ["citoyennete"],
            [
                "Vérifier les pièces fournies",
                "Rédiger l'acte",
                "Le faire signer par le déclarant",
                "Aviser les organismes",
            ],
            [("Et si le délai est dépassé ?", "Seul un jugement déclaratif permet l'inscription.")],
        ),
        (
            "Célébrer un mariage",
            "Du dépôt du dossier à la cérémonie.",
            ["citoyennete"],
            ["Recevoir le dossier", "Publier les bans", "Réserver la salle", "Préparer l'acte"],
            [
                (
                    "Les futurs époux doivent-ils habiter la commune ?",
                    "L'un d'eux ou l'un de leurs parents doit y avoir son domicile ou sa résidence.",
                )
            ],
        ),
        (
            "Délivrer un acte d'état civil",
            "Copies intégrales, extraits : qui peut les obtenir.",
            ["citoyennete"],
            [
                "Vérifier la qualité du demandeur",
                "Éditer la copie ou l'extrait",
                "L'envoyer ou le remettre",
            ],
            [
                (
                    "Les demandes en ligne sont-elles possibles ?",
                    "Oui, par le service public en ligne.",
                )
            ],
        ),
    ],
    "urbanisme": [
        (
            "Instruire un permis de construire",
            "Les délais et les consultations obligatoires.",
            ["urbanisme", "logement"],
            ["Vérifier la complétude du dossier", "Consulter les services", "Rédiger l'arrêté"],
            [
                (
                    "Quel est le délai d'instruction ?",
                    "Deux mois pour une maison individuelle, trois mois sinon.",
                )
            ],
        ),
        (
            "Renseigner sur le plan local d'urbanisme",
            "Répondre aux questions des habitants sur le PLU.",
            ["urbanisme"],
            ["Localiser la parcelle", "Identifier la zone", "Expliquer les règles applicables"],
            [("Où consulter le PLU ?", "En mairie et sur le géoportail de l'urbanisme.")],
        ),
        (
            "Organiser une enquête publique",
            "Le commissaire enquêteur, l'avis au public et les permanences.",
            ["urbanisme"],
            [
                "Demander la désignation du commissaire enquêteur",
                "Publier l'avis d'enquête quinze jours avant",
                "Tenir le registre et les permanences en mairie",
            ],
            [
                (
                    "Combien de temps dure-t-elle ?",
                    "Trente jours au moins, quinze pour certains projets.",
                )
            ],
        ),
    ],
    "education": [
        (
            "Inscrire un enfant à l'école",
            "L'inscription scolaire et l'affectation dans une école.",
            ["education"],
            [
                "Recevoir les justificatifs",
                "Affecter selon la carte scolaire",
                "Délivrer le certificat d'inscription",
            ],
            [("Et une dérogation ?", "Elle est examinée par la commission en mai.")],
        ),
        (
            "Organiser la restauration scolaire",
            "Les menus, les allergies et les projets d'accueil individualisés.",
            ["education", "solidarites"],
            [
                "Recenser les régimes particuliers",
                "Mettre en place le PAI",
                "Informer l'équipe de restauration",
            ],
            [("Qui valide un PAI ?", "Le médecin scolaire, avec la famille et la directrice.")],
        ),
    ],
    "culture": [
        (
            "Réserver une salle municipale",
            "Les salles, les tarifs et les conditions de prêt.",
            ["culture", "citoyennete"],
            [
                "Vérifier la disponibilité",
                "Remplir la convention",
                "Remettre les clés après l'état des lieux",
            ],
            [
                (
                    "Les associations paient-elles ?",
                    "Le prêt est gratuit pour les associations de la commune.",
                )
            ],
        ),
        (
            "Accueillir une classe à la médiathèque",
            "Les visites scolaires et les ateliers.",
            ["culture", "education"],
            [
                "Fixer la date avec l'enseignant",
                "Préparer la sélection d'ouvrages",
                "Animer la séance",
            ],
            [("Combien d'élèves au plus ?", "Trente, accompagnateurs compris.")],
        ),
    ],
    "ccas": [
        (
            "Orienter une personne en difficulté",
            "Les premiers réflexes à l'accueil et les bons interlocuteurs.",
            ["solidarites", "logement"],
            [
                "Écouter et identifier le besoin",
                "Orienter vers le CCAS",
                "Transmettre la fiche de liaison",
            ],
            [("Et en cas d'urgence ?", "Appeler le 115 pour un hébergement d'urgence.")],
        ),
        (
            "Instruire une demande d'aide facultative",
            "Les aides du CCAS et la commission d'attribution.",
            ["solidarites"],
            ["Recevoir la demande", "Évaluer la situation", "Présenter le dossier en commission"],
            [("Quel délai de réponse ?", "Trois semaines au plus.")],
        ),
    ],
}


def seed_knowledge(home, services: dict, themes: dict) -> int:
    index = KnowledgeIndexPage.objects.child_of(home).first()
    pages = {}
    for slug, service in services.items():
        page = ServicePage.objects.filter(service=service).first()
        if page is None:
            page = ServicePage(
                title=service.name,
                slug=slug,
                service=service,
                description=f"<p>Les procédures et contacts du service {service.name}.</p>",
                contacts="Du lundi au vendredi, 8 h 30 – 17 h",
            )
            index.add_child(instance=page)
            page.save_revision().publish()
        pages[slug] = page
    for slug, theme in themes.items():
        if not ThemePage.objects.filter(theme=theme).exists():
            theme_page = ThemePage(
                title=theme.name,
                slug=f"theme-{slug}",
                theme=theme,
                introduction=f"<p>{theme.description}</p>",
            )
            index.add_child(instance=theme_page)
            theme_page.save_revision().publish()
    existing = set(ArticlePage.objects.values_list("title", flat=True))
    for service_slug, articles in ARTICLES.items():
        for title, lead, theme_slugs, steps, faq in articles:
            if title in existing:
                continue
            article = ArticlePage(
                title=title,
                lead=lead,
                body=[
                    ("heading", {"text": "Qui est concerné ?", "level": "h2"}),
                    (
                        "paragraph",
                        f"<p>{lead} Cette fiche s'adresse à tous les agents concernés.</p>",
                    ),
                    ("heading", {"text": "Comment faire ?", "level": "h2"}),
                    (
                        "steps",
                        {"title": "", "steps": [{"title": step, "text": ""} for step in steps]},
                    ),
                    ("heading", {"text": "Questions fréquentes", "level": "h2"}),
                    (
                        "faq",
                        {
                            "title": "",
                            "questions": [{"question": q, "answer": f"<p>{a}</p>"} for q, a in faq],
                        },
                    ),
                ],
            )
            pages[service_slug].add_child(instance=article)
            article.themes.set([themes[slug] for slug in theme_slugs])
            article.save_revision().publish()
    for service_slug, title, theme_slugs in MORE_ARTICLES:
        if title in existing:
            continue
        service = services[service_slug]
        article = ArticlePage(
            title=title,
            lead=f"La marche à suivre pour {title[0].lower() + title[1:]}.",
            body=more_article_body(title, service.name),
        )
        pages[service_slug].add_child(instance=article)
        article.themes.set([themes[slug] for slug in theme_slugs])
        article.save_revision().publish()
    seed_restricted_section(pages["dgs"], services["dgs"])
    return ArticlePage.objects.count()


RESTRICTED_GROUP = "Direction générale"
RESTRICTED_ARTICLES = [
    (
        "Feuille de route de la direction générale 2027",
        "Les priorités de l'administration pour l'année : budget, ressources humaines, projets.",
    ),
    (
        "Relevé de décisions du comité de direction",
        "Les décisions du dernier comité de direction, avant leur annonce aux équipes.",
    ),
]


def seed_restricted_section(dgs_page: ServicePage, dgs) -> None:
    """« Direction générale » under the DGS's page: for the members of its group only (the
    DGS's people and the heads of the directions); it does not exist for anyone else, in menus,
    lists, search or by address."""
    group, _created = Group.objects.get_or_create(name=RESTRICTED_GROUP)
    directors = Service.objects.filter(parent__isnull=True, head__isnull=False).values("head")
    group.user_set.add(*User.objects.filter(Q(service=dgs) | Q(pk__in=directors), is_active=True))
    section = SectionPage.objects.child_of(dgs_page).filter(slug="direction-generale").first()
    if section is None:
        section = SectionPage(title="Direction générale", slug="direction-generale")
        dgs_page.add_child(instance=section)
        section.save_revision().publish()
    restriction, _created = PageViewRestriction.objects.get_or_create(
        page=section, defaults={"restriction_type": PageViewRestriction.GROUPS}
    )
    restriction.groups.add(group)
    for title, lead in RESTRICTED_ARTICLES:
        if ArticlePage.objects.filter(title=title).exists():
            continue
        article = ArticlePage(
            title=title, lead=lead, body=[("paragraph", f"<p>{lead} Document interne.</p>")]
        )
        section.add_child(instance=article)
        article.save_revision().publish()


# More procedures, shorter: (service slug, title, theme slugs). Their body follows one pattern.
MORE_ARTICLES = [
    ("ressources-humaines", "Demander un temps partiel", ["vie-interne"]),
    ("ressources-humaines", "Préparer son départ à la retraite", ["vie-interne"]),
    (
        "ressources-humaines",
        "Obtenir le remboursement des frais de transport",
        ["vie-interne", "mobilites"],
    ),
    ("ressources-humaines", "Déclarer un arrêt maladie", ["vie-interne"]),
    (
        "ressources-humaines",
        "Passer un concours de la fonction publique territoriale",
        ["vie-interne"],
    ),
    (
        "ressources-humaines",
        "Bénéficier du forfait mobilités durables",
        ["vie-interne", "mobilites"],
    ),
    ("ressources-humaines", "Accueillir un stagiaire", ["vie-interne", "education"]),
    ("ressources-humaines", "Demander une autorisation spéciale d'absence", ["vie-interne"]),
    ("ressources-humaines", "Rencontrer le médecin de prévention", ["vie-interne", "solidarites"]),
    ("ressources-humaines", "Utiliser son compte personnel de formation", ["vie-interne"]),
    ("finances", "Rembourser une note de frais", ["vie-interne"]),
    ("finances", "Émettre un titre de recette", ["citoyennete"]),
    ("finances", "Suivre l'exécution budgétaire de son service", ["citoyennete"]),
    ("finances", "Demander une subvention pour un projet", ["citoyennete"]),
    ("finances", "Payer une facture dans les délais", ["citoyennete"]),
    ("finances", "Gérer une avance de trésorerie", ["citoyennete"]),
    ("finances", "Inscrire une dépense d'investissement", ["citoyennete"]),
    ("informatique", "Demander un nouveau poste de travail", ["numerique"]),
    ("informatique", "Partager un dossier avec un autre service", ["numerique"]),
    ("informatique", "Réagir à un courriel suspect", ["numerique"]),
    ("informatique", "Installer un logiciel métier", ["numerique"]),
    ("informatique", "Organiser une visioconférence", ["numerique"]),
    ("informatique", "Récupérer un fichier supprimé", ["numerique"]),
    ("informatique", "Utiliser son téléphone professionnel", ["numerique"]),
    ("informatique", "Signer électroniquement un document", ["numerique"]),
    ("commande-publique", "Rédiger un cahier des clauses techniques", ["citoyennete"]),
    ("commande-publique", "Analyser les offres d'un marché", ["citoyennete"]),
    ("commande-publique", "Commander sur un accord-cadre", ["citoyennete"]),
    (
        "commande-publique",
        "Intégrer une clause sociale à un marché",
        ["citoyennete", "solidarites"],
    ),
    (
        "commande-publique",
        "Intégrer des critères environnementaux",
        ["citoyennete", "environnement"],
    ),
    ("commande-publique", "Gérer un avenant", ["citoyennete"]),
    ("affaires-juridiques", "Préparer une délibération", ["citoyennete"]),
    ("affaires-juridiques", "Rédiger un arrêté du maire", ["citoyennete"]),
    (
        "affaires-juridiques",
        "Répondre à une demande d'accès aux documents administratifs",
        ["citoyennete", "numerique"],
    ),
    ("affaires-juridiques", "Déclarer un traitement de données personnelles", ["numerique"]),
    ("affaires-juridiques", "Publier un acte administratif", ["citoyennete"]),
    ("affaires-juridiques", "Gérer un contentieux", ["citoyennete"]),
    ("affaires-juridiques", "Répondre à une réclamation d'un usager", ["citoyennete"]),
    ("communication", "Publier une actualité sur l'intranet", ["vie-interne", "numerique"]),
    ("communication", "Commander une affiche", ["culture"]),
    ("communication", "Utiliser la charte graphique", ["vie-interne"]),
    ("communication", "Organiser une inauguration", ["citoyennete"]),
    ("communication", "Répondre à un journaliste", ["citoyennete"]),
    ("communication", "Diffuser une information sur les panneaux lumineux", ["citoyennete"]),
    ("communication", "Prendre des photos lors d'un événement", ["culture"]),
    ("services-techniques", "Demander une intervention technique", ["vie-interne"]),
    ("services-techniques", "Réserver un véhicule de service", ["mobilites"]),
    ("services-techniques", "Signaler un problème de chauffage", ["environnement"]),
    ("services-techniques", "Préparer la logistique d'un événement", ["culture", "citoyennete"]),
    ("urbanisme", "Instruire une déclaration préalable", ["urbanisme", "logement"]),
    ("urbanisme", "Délivrer un certificat d'urbanisme", ["urbanisme"]),
    ("urbanisme", "Contrôler la conformité des travaux", ["urbanisme"]),
    ("urbanisme", "Traiter une infraction d'urbanisme", ["urbanisme"]),
    ("urbanisme", "Accueillir un porteur de projet", ["urbanisme", "logement"]),
    ("urbanisme", "Exercer le droit de préemption", ["urbanisme", "logement"]),
    ("urbanisme", "Instruire une autorisation d'enseigne", ["urbanisme"]),
    ("voirie", "Délivrer une permission de voirie", ["mobilites", "urbanisme"]),
    ("voirie", "Prendre un arrêté de circulation temporaire", ["mobilites"]),
    ("voirie", "Signaler un nid-de-poule", ["mobilites"]),
    ("voirie", "Organiser le déneigement", ["mobilites", "environnement"]),
    ("voirie", "Coordonner les travaux des concessionnaires", ["mobilites"]),
    ("voirie", "Installer du mobilier urbain", ["mobilites", "urbanisme"]),
    ("batiments", "Faire contrôler un établissement recevant du public", ["citoyennete"]),
    ("batiments", "Gérer les clés et badges des bâtiments", ["vie-interne"]),
    ("batiments", "Réduire la consommation d'énergie d'un bâtiment", ["environnement"]),
    ("batiments", "Programmer des travaux d'accessibilité", ["solidarites"]),
    ("batiments", "Suivre la maintenance des ascenseurs", ["citoyennete"]),
    ("batiments", "Réagir à un dégât des eaux", ["vie-interne"]),
    ("espaces-verts", "Planter un arbre sur le domaine public", ["environnement"]),
    ("espaces-verts", "Appliquer la gestion différenciée", ["environnement"]),
    ("espaces-verts", "Entretenir un jardin partagé", ["environnement", "citoyennete"]),
    ("espaces-verts", "Élaguer en sécurité", ["environnement", "vie-interne"]),
    ("espaces-verts", "Composter les déchets verts", ["environnement"]),
    ("espaces-verts", "Fleurir la commune", ["environnement"]),
    ("population", "Accueillir un nouvel habitant", ["citoyennete"]),
    ("population", "Recenser la population", ["citoyennete"]),
    ("etat-civil", "Établir une carte d'identité", ["citoyennete"]),
    ("etat-civil", "Inscrire un électeur sur les listes", ["citoyennete"]),
    ("etat-civil", "Organiser un bureau de vote", ["citoyennete"]),
    ("etat-civil", "Enregistrer un PACS", ["citoyennete"]),
    ("etat-civil", "Déclarer un décès", ["citoyennete", "solidarites"]),
    ("etat-civil", "Recenser un jeune de seize ans", ["citoyennete"]),
    ("etat-civil", "Délivrer une concession funéraire", ["citoyennete"]),
    ("education", "Inscrire un enfant à la cantine", ["education"]),
    ("education", "Organiser l'accueil périscolaire", ["education"]),
    ("education", "Réagir à un accident dans une école", ["education", "vie-interne"]),
    ("education", "Accueillir un enfant en situation de handicap", ["education", "solidarites"]),
    ("education", "Calculer le quotient familial", ["education", "solidarites"]),
    ("education", "Organiser une sortie scolaire", ["education", "mobilites"]),
    ("education", "Préparer la rentrée scolaire", ["education"]),
    ("culture", "Inscrire un lecteur à la médiathèque", ["culture"]),
    ("culture", "Programmer un spectacle", ["culture"]),
    ("culture", "Prêter une exposition", ["culture"]),
    ("culture", "Organiser les journées du patrimoine", ["culture", "citoyennete"]),
    ("culture", "Accueillir un artiste en résidence", ["culture"]),
    ("culture", "Gérer la billetterie d'un spectacle", ["culture"]),
    ("ccas", "Domicilier une personne sans domicile", ["solidarites", "logement"]),
    ("ccas", "Instruire une demande de logement social", ["logement", "solidarites"]),
    ("ccas", "Organiser le portage de repas à domicile", ["solidarites"]),
    ("ccas", "Accompagner une demande d'aide personnalisée d'autonomie", ["solidarites"]),
    ("ccas", "Prévenir l'isolement des personnes âgées", ["solidarites"]),
    ("ccas", "Orienter une victime de violences", ["solidarites"]),
    ("ccas", "Aider au paiement d'une facture d'énergie", ["solidarites", "logement"]),
    ("police-municipale", "Verbaliser un stationnement gênant", ["mobilites"]),
    ("police-municipale", "Enregistrer un objet trouvé", ["citoyennete"]),
    ("police-municipale", "Gérer un animal errant", ["citoyennete"]),
    ("police-municipale", "Sécuriser une manifestation", ["citoyennete"]),
    ("police-municipale", "Traiter une plainte pour bruit", ["citoyennete"]),
    ("police-municipale", "Mettre en fourrière un véhicule", ["mobilites"]),
    ("police-municipale", "Assurer la sortie des écoles", ["education", "mobilites"]),
    ("dgs", "Préparer un conseil municipal", ["citoyennete"]),
    ("dgs", "Rédiger une note à l'attention des élus", ["citoyennete"]),
    ("dgs", "Conduire un projet transversal", ["vie-interne"]),
    ("dgs", "Gérer une situation de crise", ["citoyennete"]),
    ("dgs", "Organiser un séminaire de direction", ["vie-interne"]),
    ("dgs", "Suivre le plan de mandat", ["citoyennete"]),
    ("ressources-humaines", "Demander une mutation interne", ["vie-interne"]),
    (
        "ressources-humaines",
        "Signaler une situation de harcèlement",
        ["vie-interne", "solidarites"],
    ),
    ("informatique", "Demander un accès à une application", ["numerique"]),
    ("informatique", "Chiffrer une clé USB", ["numerique"]),
    ("finances", "Clôturer l'exercice comptable", ["citoyennete"]),
    ("education", "Remplacer une ATSEM absente", ["education", "vie-interne"]),
    ("culture", "Réserver l'auditorium", ["culture"]),
    ("ccas", "Organiser le plan grand froid", ["solidarites", "logement"]),
    ("urbanisme", "Répondre à une demande de renseignements d'urbanisme", ["urbanisme"]),
    ("voirie", "Autoriser une terrasse de café", ["urbanisme", "mobilites"]),
    ("espaces-verts", "Lutter contre les plantes invasives", ["environnement"]),
    ("batiments", "Organiser un exercice d'évacuation", ["vie-interne"]),
]


def more_article_body(title: str, service_name: str) -> list:
    lowered = title[0].lower() + title[1:]
    return [
        ("heading", {"text": "De quoi s'agit-il ?", "level": "h2"}),
        (
            "paragraph",
            f"<p>Cette fiche explique comment {lowered}. Elle est tenue à jour par le service {service_name}.</p>",
        ),
        ("heading", {"text": "Étapes", "level": "h2"}),
        (
            "steps",
            {
                "title": "",
                "steps": [
                    {"title": "Rassembler les informations et les pièces nécessaires", "text": ""},
                    {
                        "title": f"Contacter le service {service_name} si vous avez un doute",
                        "text": "",
                    },
                    {
                        "title": "Suivre la procédure et garder une trace de chaque étape",
                        "text": "",
                    },
                ],
            },
        ),
        (
            "callout",
            {
                "kind": "info",
                "title": "Bon à savoir",
                "text": f"<p>Le service {service_name} répond à vos questions du lundi au vendredi.</p>",
            },
        ),
    ]
