"""Knowledge base of the demo collectivité: service and theme pages, and procedures."""

from knowledge.models import ArticlePage, KnowledgeIndexPage, ServicePage, ThemePage

# service slug -> [(title, lead, theme slugs, steps, faq)]
ARTICLES = {
    "ressources-humaines": [
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
    return ArticlePage.objects.count()
