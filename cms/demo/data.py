"""Data of the demo collectivité: a commune of about 300 agents."""

ORGANISATION = "Commune de Val-de-Parvis"

# slug, name, acronym, parent slug
SERVICES = [
    ("dgs", "Direction générale des services", "DGS", None),
    ("ressources-humaines", "Ressources humaines", "DRH", "dgs"),
    ("finances", "Finances", "DF", "dgs"),
    ("informatique", "Informatique et numérique", "DSI", "dgs"),
    ("commande-publique", "Commande publique", "", "dgs"),
    ("affaires-juridiques", "Affaires juridiques et assemblées", "", "dgs"),
    ("communication", "Communication", "", "dgs"),
    ("services-techniques", "Direction des services techniques", "DST", None),
    ("urbanisme", "Urbanisme", "", "services-techniques"),
    ("voirie", "Voirie et réseaux", "", "services-techniques"),
    ("batiments", "Bâtiments", "", "services-techniques"),
    ("espaces-verts", "Espaces verts", "", "services-techniques"),
    ("population", "Direction de la population", "", None),
    ("etat-civil", "État civil et élections", "", "population"),
    ("education", "Éducation et enfance", "", "population"),
    ("culture", "Culture et médiathèque", "", "population"),
    ("ccas", "Centre communal d'action sociale", "CCAS", "population"),
    ("police-municipale", "Police municipale", "", None),
]

# slug, name, description
THEMES = [
    ("logement", "Logement", "Logement social, aides, habitat indigne."),
    ("urbanisme", "Urbanisme", "Permis, PLU, aménagement."),
    ("culture", "Culture", "Médiathèque, saison culturelle, patrimoine."),
    ("education", "Éducation", "Écoles, restauration scolaire, périscolaire."),
    ("citoyennete", "Citoyenneté", "Élections, conseils de quartier, participation."),
    ("environnement", "Environnement", "Transition écologique, propreté, biodiversité."),
    ("mobilites", "Mobilités", "Vélo, transports, stationnement."),
    ("solidarites", "Solidarités", "Action sociale, seniors, handicap."),
    ("numerique", "Numérique", "Outils, sécurité informatique, démarches en ligne."),
    ("vie-interne", "Vie interne", "La vie des agents : RH, prévention, événements."),
]

FIRST_NAMES = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Emma",
    "Inès",
    "Sarah",
    "Julie",
    "Laura",
    "Marie",
    "Anne",
    "Claire",
    "Nathalie",
    "Isabelle",
    "Sophie",
    "Céline",
    "Aurélie",
    "Élodie",
    "Hélène",
    "Sandrine",
    "Valérie",
    "Christine",
    "Monique",
    "Brigitte",
    "Fatima",
    "Yasmine",
    "Nadia",
    "Lucas",
    "Hugo",
    "Louis",
    "Thomas",
    "Nicolas",
    "Julien",
    "Antoine",
    "Mathieu",
    "Olivier",
    "Pierre",
    "Jean",
    "Philippe",
    "Laurent",
    "Stéphane",
    "Christophe",
    "David",
    "Frédéric",
    "Éric",
    "Pascal",
    "Thierry",
    "Karim",
    "Mehdi",
    "Youssef",
    "Kevin",
    "Maxime",
    "Romain",
    "Théo",
    "Gaëlle",
    "Solène",
    "Margaux",
    "Océane",
    "Baptiste",
    "Jérôme",
    "Bruno",
    "Patrick",
]

LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefebvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Legrand",
    "Garnier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Roussel",
    "Nicolas",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Dumont",
    "Lopez",
    "Fontaine",
    "Chevalier",
    "Robin",
    "Masson",
    "Sanchez",
    "Gérard",
    "Nguyen",
    "Boyer",
    "Denis",
    "Lemaire",
    "Duval",
    "Joly",
    "Benali",
    "Haddad",
    "Le Gall",
    "Le Roux",
    "Kerjean",
    "Ferreira",
    "Da Silva",
    "Caron",
    "Brun",
]

JOB_TITLES = {
    "dgs": ["Directeur général des services", "Assistante de direction", "Chargé de mission"],
    "ressources-humaines": [
        "Gestionnaire carrière-paie",
        "Chargée de recrutement",
        "Conseillère en prévention",
        "Responsable formation",
    ],
    "finances": [
        "Gestionnaire comptable",
        "Contrôleur de gestion",
        "Chargée de la préparation budgétaire",
    ],
    "informatique": [
        "Technicien support",
        "Administrateur systèmes et réseaux",
        "Cheffe de projet numérique",
    ],
    "commande-publique": ["Acheteuse publique", "Juriste marchés publics"],
    "affaires-juridiques": ["Juriste", "Gestionnaire des assemblées"],
    "communication": ["Chargée de communication", "Graphiste", "Community manager"],
    "services-techniques": ["Directeur des services techniques", "Assistante technique"],
    "urbanisme": ["Instructeur des autorisations d'urbanisme", "Chargée d'études urbanisme"],
    "voirie": ["Agent de voirie", "Chef d'équipe voirie", "Technicien réseaux"],
    "batiments": ["Électricien", "Plombier-chauffagiste", "Technicien bâtiment"],
    "espaces-verts": ["Jardinier", "Chef d'équipe espaces verts", "Élagueur"],
    "population": ["Directrice de la population"],
    "etat-civil": ["Officier d'état civil", "Agent d'accueil", "Gestionnaire élections"],
    "education": [
        "ATSEM",
        "Animatrice périscolaire",
        "Agent de restauration",
        "Coordinatrice enfance",
    ],
    "culture": ["Bibliothécaire", "Médiatrice culturelle", "Régisseur"],
    "ccas": [
        "Travailleuse sociale",
        "Conseillère en économie sociale et familiale",
        "Aide à domicile",
    ],
    "police-municipale": ["Policier municipal", "Agent de surveillance de la voie publique"],
}

# Weight of each service in the headcount.
HEADCOUNT = {
    "dgs": 4,
    "ressources-humaines": 12,
    "finances": 10,
    "informatique": 9,
    "commande-publique": 5,
    "affaires-juridiques": 5,
    "communication": 5,
    "services-techniques": 4,
    "urbanisme": 10,
    "voirie": 32,
    "batiments": 24,
    "espaces-verts": 30,
    "population": 2,
    "etat-civil": 14,
    "education": 70,
    "culture": 20,
    "ccas": 22,
    "police-municipale": 12,
}

ELUS = [
    ("Martine", "Delaunay", "Maire"),
    ("Olivier", "Benoît", "Premier adjoint, chargé des finances"),
    ("Samira", "Khelifi", "Adjointe chargée de l'éducation"),
    ("Jean-Marc", "Rivière", "Adjoint chargé de l'urbanisme"),
    ("Françoise", "Leclerc", "Adjointe chargée des solidarités"),
    ("Paul", "Marchand", "Adjoint chargé de la culture"),
    ("Agnès", "Poirier", "Adjointe chargée de l'environnement"),
    ("Didier", "Collin", "Conseiller municipal délégué aux mobilités"),
    ("Léna", "Besson", "Conseillère municipale déléguée au numérique"),
    ("Marc", "Aubert", "Conseiller municipal"),
    ("Sylvie", "Renaud", "Conseillère municipale"),
    ("Hervé", "Charpentier", "Conseiller municipal"),
]

# Images generated for the demo: (title, two colours of the gradient)
IMAGES = [
    ("Hôtel de ville au printemps", "#1f3f8f", "#6aa5e8"),
    ("Chantier de la place du marché", "#8a4b08", "#f2b45a"),
    ("Médiathèque, salle de lecture", "#5b2a86", "#c9a3f0"),
    ("Cour de l'école Jules-Ferry", "#0f6b4f", "#8fe0b8"),
    ("Conseil municipal", "#7a1f2b", "#e88a97"),
    ("Parc des Tilleuls", "#2f6b12", "#b6e07a"),
    ("Atelier numérique", "#0d4a6b", "#7fc8ef"),
    ("Fête des agents", "#8f1f6a", "#f0a3d4"),
    ("Piste cyclable de l'avenue Jean-Jaurès", "#35505f", "#a9c6d6"),
    ("Accueil de la mairie", "#6b5a0d", "#efdc7f"),
]

# title, lead, paragraphs, service slug, theme slugs, audience, audience services, pinned,
# image index (or None), age in days
NEWS = [
    (
        "Télétravail : la nouvelle charte entre en vigueur le 1er janvier",
        "Après six mois de concertation avec les représentants du personnel, la charte du télétravail "
        "évolue : jusqu'à deux jours par semaine, un forfait pour l'équipement et un droit à la "
        "déconnexion réaffirmé.",
        [
            "La nouvelle charte a été adoptée à l'unanimité par le comité social territorial. Elle "
            "s'applique à tous les agents dont les missions sont compatibles avec le travail à distance.",
            "Chaque agent qui souhaite télétravailler remplit une demande dans le formulaire RH ; son "
            "responsable y répond sous quinze jours. Les demandes déjà accordées restent valables.",
            "Un forfait de 220 euros par an couvre les frais d'équipement. Le service informatique "
            "fournit un ordinateur portable et un accès sécurisé au réseau.",
        ],
        "ressources-humaines",
        ["vie-interne", "numerique"],
        "agents",
        [],
        True,
        9,
        2,
    ),
    (
        "Élections municipales : appel aux volontaires pour tenir les bureaux de vote",
        "Les deux tours auront lieu en mars. Le service des élections recherche des agents pour "
        "tenir les quatorze bureaux de vote et participer au dépouillement.",
        [
            "Les agents volontaires sont rémunérés en heures supplémentaires ou récupèrent leur temps. "
            "Une formation d'une heure est proposée le mercredi précédant chaque tour.",
            "Inscrivez-vous auprès du service État civil et élections avant le 31 janvier.",
        ],
        "etat-civil",
        ["citoyennete"],
        "all",
        [],
        True,
        4,
        5,
    ),
    (
        "Le budget primitif adopté : priorité aux écoles et à la rénovation énergétique",
        "Le conseil municipal a adopté le budget de l'année : 42 millions d'euros, dont 11 millions "
        "d'investissement, sans hausse des taux d'imposition.",
        [
            "Les écoles Jules-Ferry et Louise-Michel seront isolées par l'extérieur et leurs chaudières "
            "remplacées par des pompes à chaleur.",
            "La section de fonctionnement reste maîtrisée malgré la hausse du coût de l'énergie, grâce "
            "au plan de sobriété engagé l'an dernier.",
        ],
        "finances",
        ["education", "environnement"],
        "all",
        [],
        True,
        4,
        8,
    ),
    (
        "Réunion de préparation du conseil municipal : ordre du jour et dossiers",
        "Les dossiers de la prochaine séance sont disponibles pour les élus. La réunion de "
        "préparation aura lieu lundi à 18 heures en salle du conseil.",
        [
            "L'ordre du jour comporte vingt-trois délibérations, dont la révision du règlement intérieur "
            "des accueils de loisirs et le plan pluriannuel d'investissement.",
            "Les questions écrites doivent parvenir au service des assemblées trois jours francs avant "
            "la séance.",
        ],
        "affaires-juridiques",
        ["citoyennete"],
        "elus",
        [],
        False,
        4,
        3,
    ),
    (
        "Campagne d'entretiens professionnels : le calendrier",
        "Les entretiens annuels se tiendront du 15 janvier au 15 mars. Les supports et le guide de "
        "l'évaluateur sont en ligne.",
        [
            "L'entretien est un moment d'échange sur l'année écoulée, les objectifs et les besoins de "
            "formation. Il est conduit par le supérieur hiérarchique direct.",
            "Les encadrants sont invités à une demi-journée de formation le 10 janvier.",
        ],
        "ressources-humaines",
        ["vie-interne"],
        "agents",
        [],
        False,
        None,
        12,
    ),
    (
        "Cybersécurité : attention aux faux courriels de livraison",
        "Plusieurs agents ont reçu ces derniers jours des messages imitant un transporteur. Ne "
        "cliquez sur aucun lien et signalez-les au support informatique.",
        [
            "Ces messages demandent de payer des frais de douane ou de confirmer une adresse. Ils "
            "cherchent à voler vos identifiants.",
            "En cas de doute, transférez le message au support : il vous répondra dans l'heure. Si vous "
            "avez cliqué, prévenez-le immédiatement : ce n'est pas une faute, c'est un bon réflexe.",
        ],
        "informatique",
        ["numerique"],
        "all",
        [],
        False,
        6,
        1,
    ),
    (
        "Les services techniques renforcent le déneigement des voies prioritaires",
        "Un nouveau plan de viabilité hivernale classe 38 kilomètres de voies en priorité 1, "
        "traitées avant 7 heures.",
        [
            "Les astreintes sont organisées par roulement de six agents. Le sel est stocké au centre "
            "technique municipal, qui a reçu 120 tonnes en novembre.",
            "Les écoles, l'hôpital et les arrêts de bus sont dégagés en premier.",
        ],
        "voirie",
        ["mobilites"],
        "all",
        [],
        False,
        1,
        15,
    ),
    (
        "Permis de construire : les demandes se font désormais en ligne",
        "Depuis le 1er du mois, le guichet numérique des autorisations d'urbanisme reçoit les "
        "demandes de permis et les déclarations préalables.",
        [
            "Les pétitionnaires peuvent toujours déposer un dossier papier à l'accueil du service "
            "urbanisme ; il est numérisé à réception.",
            "Les instructeurs suivent chaque dossier dans le logiciel métier, et le pétitionnaire est "
            "informé de chaque étape par courriel.",
        ],
        "urbanisme",
        ["urbanisme", "numerique"],
        "all",
        [],
        False,
        1,
        20,
    ),
    (
        "Saison culturelle : quinze spectacles et un festival jeunesse",
        "La nouvelle saison s'ouvre le 12 septembre avec un concert en plein air au parc des "
        "Tilleuls. Les agents bénéficient d'un tarif réduit.",
        [
            "Le programme fait la part belle aux compagnies régionales. Le festival « Petites "
            "oreilles » accueillera les classes de maternelle en mai.",
            "Les réservations ouvrent à la médiathèque et en ligne le 1er septembre.",
        ],
        "culture",
        ["culture"],
        "all",
        [],
        False,
        2,
        25,
    ),
    (
        "Restauration scolaire : des repas plus bio et plus locaux",
        "Depuis la rentrée, 60 % des produits servis dans les cantines sont durables, dont 35 % "
        "issus de l'agriculture biologique.",
        [
            "La cuisine centrale travaille avec douze producteurs du département. Un menu végétarien "
            "est servi deux fois par semaine.",
            "Les parents peuvent consulter les menus et les allergènes sur le portail famille.",
        ],
        "education",
        ["education", "environnement"],
        "all",
        [],
        False,
        3,
        30,
    ),
    (
        "Plan canicule : le registre des personnes vulnérables est ouvert",
        "Le CCAS invite les personnes âgées ou isolées à s'inscrire sur le registre, pour être "
        "appelées pendant les épisodes de forte chaleur.",
        [
            "Les agents d'accueil peuvent inscrire une personne qui se présente en mairie. Les "
            "informations restent confidentielles.",
            "Des salles rafraîchies sont ouvertes au public dans trois bâtiments communaux.",
        ],
        "ccas",
        ["solidarites"],
        "all",
        [],
        False,
        None,
        40,
    ),
    (
        "Nouveau logiciel de paie : ce qui change pour votre bulletin",
        "Le passage au nouveau logiciel de paie modifie la présentation du bulletin à partir de "
        "février. Les montants, eux, ne changent pas.",
        [
            "Le bulletin est désormais dématérialisé dans le coffre-fort numérique de chaque agent. "
            "Ceux qui le souhaitent continuent de le recevoir sur papier.",
            "Une permanence est proposée par le service RH chaque jeudi après-midi en février.",
        ],
        "ressources-humaines",
        ["vie-interne"],
        "agents",
        [],
        False,
        None,
        35,
    ),
    (
        "Rénovation de l'école Louise-Michel : les travaux commencent en juillet",
        "Le chantier d'isolation et de remplacement des menuiseries durera quatorze mois. Les "
        "classes resteront ouvertes grâce à des modulaires.",
        [
            "La consommation d'énergie du bâtiment devrait baisser de 45 %. La cour sera "
            "végétalisée à la fin des travaux.",
            "Une réunion d'information pour les familles est prévue le 20 juin.",
        ],
        "batiments",
        ["education", "environnement"],
        "all",
        [],
        False,
        3,
        45,
    ),
    (
        "Prévention : campagne de vaccination contre la grippe sur le lieu de travail",
        "Le médecin de prévention propose la vaccination aux agents volontaires, sur rendez-vous, "
        "les 14 et 21 novembre.",
        [
            "La vaccination est prise en charge par la collectivité. Elle a lieu sur le temps de "
            "travail, au centre technique et à l'hôtel de ville.",
            "Inscrivez-vous auprès de la conseillère en prévention.",
        ],
        "ressources-humaines",
        ["vie-interne", "solidarites"],
        "agents",
        [],
        False,
        None,
        50,
    ),
    (
        "Marché de fourniture de mobilier scolaire : avis d'attribution",
        "Le marché de fourniture de mobilier pour les écoles a été attribué pour quatre ans à un "
        "fabricant régional.",
        [
            "Trois lots étaient ouverts : mobilier de classe, mobilier de restauration et mobilier de "
            "bureau. Douze offres ont été reçues.",
            "Les services prescripteurs passent leurs commandes par bons de commande sur le logiciel "
            "financier.",
        ],
        "commande-publique",
        ["education"],
        "services",
        ["commande-publique", "education", "finances"],
        False,
        None,
        55,
    ),
    (
        "Conseils de quartier : renouvellement des membres",
        "Les cinq conseils de quartier se renouvellent. Les habitants peuvent candidater jusqu'au "
        "15 octobre ; un tiers des sièges est tiré au sort.",
        [
            "Les élus référents présenteront le bilan des projets financés par le budget participatif.",
            "Les agents qui animent les conseils recevront une formation à la facilitation.",
        ],
        "dgs",
        ["citoyennete"],
        "all",
        [],
        False,
        5,
        60,
    ),
    (
        "Journée de la propreté : 200 bénévoles mobilisés",
        "Habitants, écoles et agents ont ramassé plus de deux tonnes de déchets lors de la journée "
        "de la propreté.",
        [
            "Les services des espaces verts et de la voirie ont assuré la logistique et l'évacuation "
            "des déchets.",
            "Rendez-vous l'an prochain, avec un nouveau parcours le long de la rivière.",
        ],
        "espaces-verts",
        ["environnement"],
        "all",
        [],
        False,
        5,
        70,
    ),
    (
        "Plan vélo : cinq kilomètres de pistes cyclables supplémentaires",
        "L'avenue Jean-Jaurès et la rue des Écoles sont désormais équipées de pistes séparées de la "
        "circulation.",
        [
            "Des arceaux de stationnement ont été installés devant chaque équipement public.",
            "Les agents peuvent bénéficier du forfait mobilités durables : renseignez-vous auprès "
            "du service RH.",
        ],
        "voirie",
        ["mobilites", "environnement"],
        "all",
        [],
        False,
        8,
        75,
    ),
    (
        "Accueil des nouveaux agents : matinée d'intégration le 5 du mois",
        "Les agents arrivés depuis trois mois sont invités à une matinée de découverte de la "
        "collectivité, de ses services et de ses élus.",
        [
            "Au programme : présentation de l'organisation, visite du centre technique et de la "
            "médiathèque, et déjeuner avec l'équipe de direction.",
            "Une invitation est envoyée à chaque nouvel agent par son service.",
        ],
        "ressources-humaines",
        ["vie-interne"],
        "agents",
        [],
        False,
        7,
        80,
    ),
    (
        "Médiathèque : ouverture le dimanche matin à titre expérimental",
        "De janvier à juin, la médiathèque ouvrira le dimanche de 10 heures à 13 heures. Un bilan "
        "sera présenté au conseil municipal.",
        [
            "L'équipe a été renforcée par deux vacataires. Les agents volontaires bénéficient d'une "
            "majoration horaire.",
            "Des animations familiales seront proposées un dimanche sur deux.",
        ],
        "culture",
        ["culture"],
        "all",
        [],
        False,
        2,
        85,
    ),
    (
        "Point budgétaire réservé aux élus : exécution au 30 septembre",
        "Le tableau de bord de l'exécution budgétaire à la fin du troisième trimestre est "
        "disponible pour la commission des finances.",
        [
            "Les dépenses de fonctionnement sont exécutées à 71 %, les recettes à 74 %.",
            "Les investissements prévus pour les écoles sont engagés à 58 %.",
        ],
        "finances",
        ["citoyennete"],
        "elus",
        [],
        False,
        None,
        90,
    ),
    (
        "Logement social : la commission d'attribution se réunit chaque mois",
        "La commune dispose de 1 200 logements sociaux. Le service logement accompagne les "
        "demandeurs et siège à la commission d'attribution.",
        [
            "Les agents d'accueil orientent les demandeurs vers le numéro unique et le formulaire "
            "en ligne.",
            "Les situations urgentes sont signalées au CCAS.",
        ],
        "ccas",
        ["logement", "solidarites"],
        "all",
        [],
        False,
        None,
        95,
    ),
    (
        "Nouvelle messagerie : migration de vos boîtes le week-end du 18",
        "Le service informatique migre toutes les boîtes aux lettres vers la nouvelle messagerie "
        "hébergée par la collectivité.",
        [
            "Vos messages, contacts et agendas sont conservés. Lundi matin, connectez-vous avec votre "
            "identifiant habituel.",
            "Des ateliers de prise en main sont proposés tout au long de la semaine suivante.",
        ],
        "informatique",
        ["numerique"],
        "agents",
        [],
        False,
        6,
        100,
    ),
    (
        "Police municipale : renforcement des patrouilles en soirée",
        "À partir du mois prochain, une équipe patrouillera jusqu'à 23 heures du jeudi au samedi.",
        [
            "Deux agents ont été recrutés pour permettre ce nouveau planning.",
            "Les habitants peuvent signaler un problème de tranquillité publique par téléphone.",
        ],
        "police-municipale",
        ["citoyennete"],
        "all",
        [],
        False,
        None,
        105,
    ),
    (
        "Service des bâtiments : note interne sur les astreintes de chauffage",
        "Les astreintes de chauffage reprennent le 15 octobre. Le planning est affiché au centre "
        "technique.",
        [
            "L'agent d'astreinte dispose du téléphone et du véhicule de service.",
            "Les interventions sont consignées dans le registre dès le lendemain.",
        ],
        "services-techniques",
        ["vie-interne"],
        "services",
        ["services-techniques"],
        False,
        None,
        110,
    ),
    (
        "Protection des données : le registre des traitements mis à jour",
        "Le délégué à la protection des données a mis à jour le registre des traitements de la "
        "collectivité. Chaque service doit vérifier ses fiches.",
        [
            "Les responsables de service reçoivent la liste des traitements qui les concernent.",
            "Toute nouvelle application doit être déclarée avant sa mise en service.",
        ],
        "affaires-juridiques",
        ["numerique"],
        "agents",
        [],
        False,
        None,
        120,
    ),
    (
        "Arbre de Noël des enfants du personnel",
        "Le comité des œuvres sociales organise l'arbre de Noël le mercredi 17 décembre à la salle "
        "des fêtes.",
        [
            "Spectacle, goûter et distribution de cadeaux pour les enfants de moins de douze ans.",
            "Inscriptions auprès du comité avant le 1er décembre.",
        ],
        "ressources-humaines",
        ["vie-interne"],
        "agents",
        [],
        False,
        7,
        130,
    ),
    (
        "Biodiversité : la commune obtient le label « Territoire engagé pour la nature »",
        "Le label récompense la gestion différenciée des espaces verts et la création de trois "
        "vergers partagés.",
        [
            "Les jardiniers n'utilisent plus aucun produit phytosanitaire depuis cinq ans.",
            "Un inventaire de la faune et de la flore sera réalisé avec les écoles.",
        ],
        "espaces-verts",
        ["environnement"],
        "all",
        [],
        False,
        5,
        140,
    ),
]

# Sites of the commune: name, address
SITES = [
    ("Hôtel de ville", "1 place de la Mairie, 77000 Val-de-Parvis"),
    ("Centre technique municipal", "12 rue des Artisans, 77000 Val-de-Parvis"),
    ("Médiathèque Louise-Michel", "4 avenue de la République, 77000 Val-de-Parvis"),
    ("Groupe scolaire Jean-Jaurès", "20 rue des Écoles, 77000 Val-de-Parvis"),
    ("Maison des solidarités", "7 rue du Moulin, 77000 Val-de-Parvis"),
    ("Poste de police municipale", "2 place du Marché, 77000 Val-de-Parvis"),
]
SERVICE_SITES = {
    "services-techniques": "Centre technique municipal",
    "voirie": "Centre technique municipal",
    "batiments": "Centre technique municipal",
    "espaces-verts": "Centre technique municipal",
    "culture": "Médiathèque Louise-Michel",
    "education": "Groupe scolaire Jean-Jaurès",
    "ccas": "Maison des solidarités",
    "police-municipale": "Poste de police municipale",
}
# Skills by service, and some anyone may have
SKILLS = {
    "ressources-humaines": ["paie", "statut de la fonction publique", "recrutement", "CNRACL"],
    "finances": ["M57", "préparation budgétaire", "Excel", "régies"],
    "informatique": ["Linux", "réseaux", "RGPD", "sécurité informatique", "Python"],
    "commande-publique": ["marchés publics", "rédaction de CCTP", "achats responsables"],
    "affaires-juridiques": ["droit des collectivités", "délibérations", "assurances"],
    "communication": ["PAO", "réseaux sociaux", "photographie", "rédaction web"],
    "urbanisme": ["PLU", "droit des sols", "SIG"],
    "voirie": ["signalisation", "permis poids lourd", "CACES"],
    "batiments": ["habilitation électrique", "accessibilité ERP", "chauffage"],
    "espaces-verts": ["élagage", "gestion différenciée", "CACES"],
    "etat-civil": ["état civil", "élections", "accueil du public"],
    "education": ["petite enfance", "BAFA", "restauration collective"],
    "culture": ["animation lecture", "catalogage", "régie son et lumière"],
    "ccas": ["accompagnement social", "aide sociale légale", "médiation"],
    "police-municipale": ["sécurité routière", "médiation", "premiers secours"],
}
COMMON_SKILLS = [
    "premiers secours",
    "Word",
    "anglais",
    "langue des signes",
    "sauveteur secouriste du travail",
]
LANGUAGES = [
    "anglais",
    "espagnol",
    "allemand",
    "arabe",
    "portugais",
    "italien",
    "langue des signes française",
]
# Field agents without a work e-mail: matricule, first name, last name, service, job title
FIELD_AGENTS = [
    ("T0411", "Kevin", "Lemaire", "espaces-verts", "Jardinier"),
    ("T0412", "Rachid", "Benali", "voirie", "Agent de voirie"),
    ("T0413", "Sandrine", "Moreau", "education", "Agent de restauration"),
    ("T0414", "Jordan", "Petitjean", "batiments", "Plombier-chauffagiste"),
]
ABSENCES = [
    "En congé, pour la paie adressez-vous au service RH.",
    "En formation toute la semaine, réponse à mon retour.",
    "En congé, mes dossiers urgents sont suivis par mon responsable.",
]

# The council: mandates of the élus of ELUS (last name → mandate kind, delegation, services)
MANDATES = {
    "Delaunay": ("maire", "", []),
    "Benoît": (
        "adjoint",
        "Finances, budget et commande publique",
        ["finances", "commande-publique"],
    ),
    "Khelifi": ("adjoint", "Éducation, enfance et restauration scolaire", ["education"]),
    "Rivière": ("adjoint", "Urbanisme, travaux et voirie", ["urbanisme", "voirie"]),
    "Leclerc": ("adjoint", "Solidarités et action sociale", ["ccas"]),
    "Marchand": ("adjoint", "Culture et patrimoine", ["culture"]),
    "Poirier": ("adjoint", "Environnement et espaces verts", ["espaces-verts"]),
    "Collin": ("delegue", "Mobilités", ["voirie"]),
    "Besson": ("delegue", "Numérique", ["informatique"]),
    "Aubert": ("conseiller", "", []),
    "Renaud": ("conseiller", "", []),
    "Charpentier": ("conseiller", "", []),
}
# slug, name, description, chair (last name), members (last names), referent services
COMMISSIONS = [
    (
        "conseil-municipal",
        "Conseil municipal",
        "L'assemblée délibérante de la commune.",
        "Delaunay",
        None,
        ["affaires-juridiques"],
    ),
    (
        "commission-finances",
        "Commission des finances",
        "Budget, fiscalité, commande publique.",
        "Benoît",
        ["Aubert", "Renaud", "Besson"],
        ["finances"],
    ),
    (
        "commission-urbanisme",
        "Commission urbanisme et travaux",
        "PLU, permis, voirie, bâtiments.",
        "Rivière",
        ["Collin", "Charpentier", "Poirier"],
        ["urbanisme"],
    ),
    (
        "commission-affaires-scolaires",
        "Commission des affaires scolaires",
        "Écoles, périscolaire, restauration.",
        "Khelifi",
        ["Renaud", "Leclerc"],
        ["education"],
    ),
]
DELIBERATIONS = [
    (
        "2026-041",
        "Budget primitif 2027 : vote du budget principal",
        "Le conseil adopte le budget primitif 2027 (fonctionnement 18,4 M€, investissement 6,2 M€).",
        23,
        6,
        0,
        "adoptee",
    ),
    (
        "2026-042",
        "Tarifs de la restauration scolaire à la rentrée",
        "Tarification sociale en dix tranches de quotient familial.",
        29,
        0,
        0,
        "unanimite",
    ),
    (
        "2026-043",
        "Modification simplifiée du PLU n° 2",
        "Ouverture de la mise à disposition du public du dossier de modification.",
        25,
        3,
        1,
        "adoptee",
    ),
    (
        "2026-044",
        "Création de deux postes d'ATSEM",
        "Modification du tableau des emplois au 1er janvier.",
        29,
        0,
        0,
        "unanimite",
    ),
]
