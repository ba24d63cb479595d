"""A corpus of realistic French administrative items that the demo does not contain, built by
the tests: knowledge articles under their services, news, and library files (PDF, DOCX, ODT)
whose words are only inside the file. Plus items an ordinary agent may not see (a restricted
section, a reserved folder, a secret group), each holding words found nowhere else, for the
refused side.

Keys name the items; the judged queries (queries.py) name the key they expect.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import CollectionViewRestriction, PageViewRestriction

from cms.demo import files
from knowledge.library.services import document_extract, document_upload
from knowledge.models import KnowledgeIndexPage, SectionPage, ServiceFolder, ServicePage
from social.groups.models import GroupKind, Visibility
from social.groups.services import group_create, post_create
from social.people.models import Service
from tests.factories import UserFactory, make_news

from ..conftest import make_article, publish

# slug: (name, acronym)
SERVICES = {
    "drh": ("Direction des ressources humaines", "DRH"),
    "dst": ("Direction des services techniques", "DST"),
    "ccas": ("Centre communal d'action sociale", "CCAS"),
    "dsi": ("Direction des systèmes d'information", "DSI"),
    "daf": ("Direction des affaires financières", "DAF"),
    "dau": ("Direction de l'aménagement et de l'urbanisme", "DAU"),
    "dej": ("Direction de l'éducation et de la jeunesse", "DEJ"),
    "etat-civil": ("Service état civil et élections", ""),
    "vie-asso": ("Service vie associative et sports", ""),
    "assemblees": ("Service des assemblées", ""),
}


@dataclass
class Item:
    title: str
    service: str
    lead: str
    body: str = ""
    kind: str = "article"  # article, news or document
    filename: str = ""  # documents: the file's name, its text only inside
    file_text: list[str] = field(default_factory=list)


ITEMS: dict[str, Item] = {
    # --- Ressources humaines
    "teletravail": Item(
        "Demander le télétravail",
        "drh",
        "Qui peut télétravailler, combien de jours par semaine et comment le demander.",
        "Le télétravail est ouvert aux agents dont les missions le permettent, à raison de deux "
        "jours par semaine au plus. La demande se fait par formulaire auprès du responsable "
        "hiérarchique, qui y répond sous un mois. Une convention précise les jours télétravaillés "
        "et l'équipement fourni (ordinateur portable, casque).",
    ),
    "conges": Item(
        "Poser ses congés annuels",
        "drh",
        "Les congés se demandent dans le logiciel de gestion des temps.",
        "Chaque agent à temps complet dispose de vingt-cinq jours de congés annuels, auxquels "
        "s'ajoutent les jours de fractionnement. La demande est faite au moins quinze jours à "
        "l'avance et validée par le responsable. Les congés non pris au 31 décembre peuvent "
        "être reportés jusqu'au 30 avril.",
    ),
    "accident": Item(
        "Déclarer un accident de service",
        "drh",
        "Les démarches après un accident survenu pendant le service ou le trajet.",
        "L'agent victime d'un accident prévient son responsable dans les quarante-huit heures. "
        "Il transmet la déclaration et le certificat médical au pôle santé au travail, qui "
        "instruit la reconnaissance. Le trajet entre le domicile et le lieu de travail est "
        "couvert.",
    ),
    "rupture": Item(
        "La rupture conventionnelle des fonctionnaires",
        "drh",
        "Une fin de fonctions d'un commun accord, avec une indemnité spécifique.",
        "La rupture conventionnelle met fin à la relation de travail d'un commun accord. Un "
        "entretien préalable a lieu entre dix jours et un mois après la demande. L'indemnité "
        "spécifique de rupture conventionnelle ne peut être inférieure au plancher réglementaire.",
    ),
    "cet": Item(
        "Alimenter son compte épargne-temps",
        "drh",
        "Reporter des jours de repos non pris sur le compte épargne-temps.",
        "Le compte épargne-temps permet de reporter des jours de congés et de réduction du "
        "temps de travail. Il est alimenté une fois par an, avant le 31 janvier. Les jours "
        "épargnés peuvent être pris plus tard ou indemnisés.",
    ),
    "heures-sup": Item(
        "Heures supplémentaires : déclaration et paiement",
        "drh",
        "Faire valider puis payer ou récupérer les heures supplémentaires.",
        "Les heures supplémentaires sont effectuées à la demande du responsable. Elles sont "
        "déclarées chaque mois et payées sous forme d'indemnités horaires pour travaux "
        "supplémentaires, ou récupérées.",
    ),
    "titres-restaurant": Item(
        "Les titres-restaurant des agents",
        "drh",
        "La carte de titres-restaurant et la participation de la collectivité.",
        "Chaque agent reçoit une carte de titres-restaurant rechargée chaque mois selon les jours "
        "travaillés. La collectivité prend en charge la moitié de la valeur faciale.",
    ),
    "formation": Item(
        "S'inscrire à une formation",
        "drh",
        "Le plan de formation et l'inscription aux stages du centre national.",
        "Les demandes de formation sont présentées lors de l'entretien professionnel. "
        "L'inscription aux stages se fait en ligne, après accord du responsable. Les frais de "
        "déplacement des stagiaires sont remboursés.",
    ),
    "entretien": Item(
        "Préparer son entretien professionnel annuel",
        "drh",
        "Le compte rendu, les objectifs et la campagne d'évaluation.",
        "L'entretien professionnel a lieu chaque année entre janvier et mars avec le supérieur "
        "hiérarchique direct. Il porte sur les résultats, les objectifs de l'année à venir et "
        "les besoins de formation.",
    ),
    "mutuelle": Item(
        "Participation employeur à la complémentaire santé",
        "drh",
        "La protection sociale complémentaire : santé et prévoyance.",
        "La collectivité participe chaque mois à la cotisation de mutuelle santé des agents "
        "adhérant à un contrat labellisé, et à leur contrat de prévoyance.",
    ),
    "arret-maladie": Item(
        "Transmettre un arrêt de travail pour maladie",
        "drh",
        "Sous quarante-huit heures, l'avis d'arrêt de travail au service du personnel.",
        "En cas de maladie, l'agent envoie les volets de l'avis d'arrêt de travail dans les "
        "quarante-huit heures. Un jour de carence s'applique à la rémunération.",
    ),
    # --- Services techniques
    "astreintes": Item(
        "Organisation des astreintes techniques",
        "dst",
        "Le planning des astreintes de la voirie et des bâtiments, les week-ends et jours fériés.",
        "Un agent d'astreinte intervient de nuit, le week-end et les jours fériés sur la voirie "
        "et les bâtiments communaux. Le planning est établi chaque trimestre ; les astreintes "
        "sont indemnisées.",
    ),
    "voirie": Item(
        "Signaler un nid-de-poule sur la chaussée",
        "dst",
        "Les dégradations de la voirie communale et leur réparation.",
        "Les nids-de-poule, trottoirs abîmés et regards descellés sont signalés au centre "
        "technique municipal, qui programme les réparations de chaussée.",
    ),
    "eclairage": Item(
        "Panne d'éclairage public",
        "dst",
        "Un lampadaire éteint ou qui clignote : comment le signaler.",
        "L'éclairage public est géré par le centre technique. Un lampadaire en panne est "
        "signalé avec le numéro du candélabre et l'adresse.",
    ),
    "espaces-verts": Item(
        "Calendrier de taille des haies",
        "dst",
        "L'entretien des espaces verts et la taille des haies communales.",
        "Les jardiniers taillent les haies des parcs et des écoles hors période de nidification, "
        "de septembre à mars. Le désherbage se fait sans produit phytosanitaire.",
    ),
    # --- Action sociale
    "aide-alimentaire": Item(
        "Instruire une demande d'aide alimentaire",
        "ccas",
        "Les colis et bons alimentaires pour les foyers en difficulté.",
        "Une aide alimentaire d'urgence peut être accordée après un entretien avec un "
        "travailleur social. Les bons sont valables à l'épicerie solidaire.",
    ),
    "portage-repas": Item(
        "Le portage de repas à domicile",
        "ccas",
        "Des repas livrés chez les personnes âgées ou handicapées.",
        "Le portage de repas est proposé aux seniors et aux personnes en situation de handicap. "
        "Les repas sont livrés du lundi au vendredi ; le tarif dépend des ressources.",
    ),
    # --- Systèmes d'information
    "mot-de-passe": Item(
        "Changer son mot de passe",
        "dsi",
        "Un mot de passe solide, changé régulièrement.",
        "Le mot de passe de la session compte au moins douze caractères. Il se change depuis le "
        "portail d'assistance ; en cas d'oubli, la hotline le réinitialise.",
    ),
    "vpn": Item(
        "Se connecter au réseau depuis chez soi",
        "dsi",
        "La connexion sécurisée au réseau de la collectivité hors des locaux.",
        "Le client VPN installé sur l'ordinateur portable donne accès aux dossiers partagés et "
        "aux logiciels métiers depuis le domicile.",
    ),
    "imprimante": Item(
        "Signaler une panne d'imprimante",
        "dsi",
        "Bourrage, toner vide ou copieur hors service : le ticket d'assistance.",
        "Pour un copieur ou une imprimante en panne, ouvrez un ticket sur le portail d'assistance "
        "en indiquant le numéro de l'appareil.",
    ),
    # --- Finances
    "mapa": Item(
        "Passer un marché à procédure adaptée",
        "daf",
        "Les achats sous les seuils européens : publicité, mise en concurrence, choix.",
        "En dessous des seuils européens, la collectivité passe un marché à procédure adaptée. "
        "Au-delà de quarante mille euros hors taxes, une publicité et une mise en concurrence "
        "sont obligatoires ; l'offre économiquement la plus avantageuse est retenue.",
    ),
    "bon-commande": Item(
        "Établir un bon de commande",
        "daf",
        "Engager une dépense avant toute commande à un fournisseur.",
        "Toute commande fait l'objet d'un bon de commande signé, qui engage la dépense dans le "
        "logiciel financier avant la livraison et la facture.",
    ),
    "regie": Item(
        "Tenir une régie de recettes",
        "daf",
        "Le régisseur, son cautionnement et le versement des recettes au comptable public.",
        "Le régisseur encaisse les recettes de la régie et les verse au comptable public au "
        "moins une fois par mois. Il tient un registre à jour.",
    ),
    "frais-deplacement": Item(
        "Se faire rembourser ses frais de déplacement",
        "daf",
        "L'ordre de mission, les indemnités kilométriques et les justificatifs.",
        "Un ordre de mission signé précède tout déplacement. Les indemnités kilométriques, les "
        "repas et l'hébergement sont remboursés sur justificatifs.",
    ),
    "budget": Item(
        "Calendrier de préparation du budget primitif",
        "daf",
        "Les étapes du budget : propositions des services, arbitrages, vote.",
        "Les services transmettent leurs propositions en octobre ; les arbitrages ont lieu en "
        "novembre ; le budget primitif est voté en décembre par le conseil municipal.",
    ),
    # --- Urbanisme
    "permis": Item(
        "Instruire un permis de construire",
        "dau",
        "Les délais d'instruction et les pièces du dossier.",
        "Le permis de construire est instruit en deux mois pour une maison individuelle, trois "
        "mois dans les autres cas. Le dossier comprend un plan de situation et un plan de masse.",
    ),
    "declaration-prealable": Item(
        "Déclaration préalable de travaux",
        "dau",
        "Clôture, abri de jardin, ravalement : les petits travaux soumis à déclaration.",
        "Une déclaration préalable suffit pour une clôture, un abri de jardin de moins de vingt "
        "mètres carrés ou un ravalement de façade. Le délai d'instruction est d'un mois.",
    ),
    "plu": Item(
        "Consulter le plan local d'urbanisme",
        "dau",
        "Les zones, le règlement et les documents graphiques.",
        "Le plan local d'urbanisme fixe les règles de construction par zone. Le règlement et "
        "le zonage se consultent en mairie et sur le géoportail.",
    ),
    # --- État civil
    "acte-naissance": Item(
        "Délivrer un acte de naissance",
        "etat-civil",
        "Copie intégrale ou extrait, avec ou sans filiation.",
        "Un acte de naissance est délivré gratuitement en copie intégrale ou en extrait. La "
        "demande peut être faite au guichet, par courrier ou en ligne.",
    ),
    "mariage": Item(
        "Préparer la célébration d'un mariage",
        "etat-civil",
        "Le dossier des futurs époux, la publication des bans et la cérémonie.",
        "Les futurs époux déposent leur dossier au moins deux mois avant la date. Les bans sont "
        "publiés dix jours avant la célébration en mairie.",
    ),
    "recensement": Item(
        "Recensement citoyen des jeunes de seize ans",
        "etat-civil",
        "L'attestation de recensement et la journée défense et citoyenneté.",
        "Chaque jeune se fait recenser à la mairie dans les trois mois qui suivent son "
        "seizième anniversaire ; une attestation lui est remise.",
    ),
    "cimetiere": Item(
        "Gérer les concessions du cimetière",
        "etat-civil",
        "Achat, renouvellement et reprise des concessions funéraires.",
        "Les concessions sont accordées pour quinze, trente ou cinquante ans. À leur échéance, "
        "la famille peut les renouveler ; sinon la commune engage une reprise.",
    ),
    "bureau-vote": Item(
        "Tenir un bureau de vote",
        "etat-civil",
        "Le président, les assesseurs, le dépouillement.",
        "Chaque bureau de vote a un président et au moins deux assesseurs. Le dépouillement est "
        "public ; le procès-verbal est signé par les membres du bureau.",
    ),
    # --- Éducation
    "restauration-scolaire": Item(
        "Inscrire son enfant à la restauration scolaire",
        "dej",
        "Le repas du midi dans les écoles : inscription, tarifs, menus.",
        "L'inscription à la restauration scolaire se fait chaque année sur le portail famille. "
        "Les tarifs dépendent du quotient familial ; les menus sont affichés dans les écoles.",
    ),
    "periscolaire": Item(
        "Inscriptions aux activités périscolaires",
        "dej",
        "L'accueil du matin, du soir et du mercredi.",
        "L'accueil périscolaire fonctionne de sept heures trente à huit heures trente et de "
        "seize heures trente à dix-huit heures trente, ainsi que le mercredi.",
    ),
    "transport-scolaire": Item(
        "Le transport scolaire des élèves",
        "dej",
        "Les circuits de car et la carte de transport.",
        "Les élèves domiciliés à plus de trois kilomètres de leur école bénéficient du car "
        "scolaire. La carte de transport est demandée avant le 15 juillet.",
    ),
    # --- Vie associative
    "salle-polyvalente": Item(
        "Réserver la salle polyvalente",
        "vie-asso",
        "La salle Jean-Moulin pour les associations et les familles.",
        "La salle polyvalente Jean-Moulin accueille jusqu'à deux cents personnes. Elle se "
        "réserve trois mois à l'avance ; une caution est demandée.",
    ),
    "subvention": Item(
        "Instruire une demande de subvention associative",
        "vie-asso",
        "Le dossier Cerfa, les critères et le vote des aides aux associations.",
        "Les associations déposent leur dossier de subvention avant le 31 octobre. Les aides "
        "sont votées par le conseil municipal avec le budget.",
    ),
    # --- Assemblées
    "deliberation": Item(
        "Rédiger une délibération",
        "assemblees",
        "Le visa, les considérants et le dispositif d'une délibération du conseil municipal.",
        "Une délibération comporte les visas des textes, les considérants qui exposent les "
        "motifs, puis le dispositif. Elle est transmise au contrôle de légalité.",
    ),
    # --- News
    "news-enquete": Item(
        "Enquête publique sur la révision du plan local d'urbanisme",
        "dau",
        "Du 2 au 31 mars, le commissaire enquêteur recueille les observations des habitants.",
        "L'enquête publique se tient du 2 au 31 mars en mairie. Le commissaire enquêteur tient "
        "trois permanences ; le dossier est consultable en ligne.",
        kind="news",
    ),
    "news-bio": Item(
        "Cinquante pour cent de produits bio dans les assiettes des écoles",
        "dej",
        "Le restaurant scolaire change de fournisseur à la rentrée.",
        "Les repas servis aux écoliers comptent désormais la moitié de produits biologiques et "
        "locaux, sans hausse de tarif pour les familles.",
        kind="news",
    ),
    "news-charte": Item(
        "La nouvelle charte du télétravail entre en vigueur",
        "drh",
        "Au 1er janvier, trois jours de télétravail possibles pour certains métiers.",
        "Après le dialogue social, la charte élargit le télétravail à trois jours par semaine "
        "pour les métiers administratifs, et crée un forfait de jours flottants.",
        kind="news",
    ),
    "news-pentecote": Item(
        "Fermeture de la mairie le lundi de Pentecôte",
        "etat-civil",
        "Les services d'accueil seront fermés ; l'état civil assure une permanence.",
        "La journée de solidarité est fixée au lundi de Pentecôte : l'hôtel de ville est fermé "
        "au public, une permanence décès est assurée.",
        kind="news",
    ),
    "news-don-sang": Item(
        "Collecte de sang à la salle Jean-Moulin",
        "vie-asso",
        "L'Établissement français du sang s'installe le 12 mai.",
        "La collecte se tient de quatorze à dix-neuf heures. Les agents peuvent y participer "
        "sur leur temps de travail avec l'accord de leur responsable.",
        kind="news",
    ),
    "news-centre-loisirs": Item(
        "Ouverture des inscriptions au centre de loisirs pour l'été",
        "dej",
        "Du 2 mai au 15 juin sur le portail famille.",
        "Le centre de loisirs accueille les enfants de trois à douze ans en juillet et en août. "
        "Les inscriptions se font à la semaine.",
        kind="news",
    ),
    "news-logiciel-temps": Item(
        "Un nouveau logiciel de gestion du temps",
        "drh",
        "Badgeage et demandes d'absence en ligne à partir de février.",
        "Le nouveau logiciel remplace les fiches papier : pointage, soldes de congés et demandes "
        "d'absence se font en ligne.",
        kind="news",
    ),
    "news-demenagement": Item(
        "Les services techniques déménagent au centre technique municipal",
        "dst",
        "Nouveaux locaux route de la Gare à partir du 3 avril.",
        "Les ateliers, le magasin et les bureaux sont regroupés dans les nouveaux locaux. Le "
        "standard reste joignable au même numéro.",
        kind="news",
    ),
    "news-grand-froid": Item(
        "Plan grand froid : un accueil de jour ouvert",
        "ccas",
        "Une salle chauffée et des boissons chaudes pour les personnes sans abri.",
        "Pendant la vague de froid, un accueil de jour est ouvert de neuf à dix-sept heures. "
        "Les maraudes sont renforcées le soir.",
        kind="news",
    ),
    "news-barometre": Item(
        "Résultats du baromètre social interne",
        "drh",
        "Huit agents sur dix se disent satisfaits de leurs conditions de travail.",
        "Le questionnaire anonyme a recueilli six cents réponses. Les actions prioritaires "
        "portent sur la charge de travail et la reconnaissance.",
        kind="news",
    ),
    # --- Library files: their telling words are only inside the file
    "doc-reglement": Item(
        "Règlement intérieur du personnel",
        "drh",
        "",
        kind="document",
        filename="reglement-interieur.pdf",
        file_text=[
            "Article 12. Les horaires variables s'organisent autour de plages fixes.",
            "Le pointage se fait à la badgeuse à l'entrée du bâtiment.",
            "Article 18. L'usage du véhicule de service est réservé aux déplacements autorisés.",
        ],
    ),
    "doc-marches": Item(
        "Guide interne de la commande publique",
        "daf",
        "",
        kind="document",
        filename="guide-commande-publique.docx",
        file_text=[
            "La dématérialisation des offres est obligatoire au-delà du seuil de procédure.",
            "Le pouvoir adjudicateur publie l'avis d'appel public à la concurrence.",
            "Le sourçage auprès des fournisseurs précède la rédaction du cahier des charges.",
        ],
    ),
    "doc-compte-rendu": Item(
        "Compte rendu de la séance du 14 novembre",
        "assemblees",
        "",
        kind="document",
        filename="compte-rendu-14-novembre.odt",
        file_text=[
            "Le quorum étant atteint, la séance est ouverte à dix-neuf heures.",
            "Adoption à l'unanimité des tarifs de la cantine municipale pour l'année suivante.",
            "Motion relative au maintien du bureau de poste du quartier.",
        ],
    ),
    "doc-tarifs": Item(
        "Tarifs municipaux 2027",
        "daf",
        "",
        kind="document",
        filename="tarifs-municipaux.pdf",
        file_text=[
            "Location de la salle polyvalente : trois cent cinquante euros le week-end.",
            "Droit de place du marché hebdomadaire : deux euros le mètre linéaire.",
        ],
    ),
    "doc-protocole": Item(
        "Protocole de reconnaissance d'imputabilité",
        "drh",
        "",
        kind="document",
        filename="protocole-imputabilite.docx",
        file_text=[
            "La commission de réforme est saisie en cas de doute sur l'imputabilité au service.",
            "Le certificat médical initial décrit les lésions constatées.",
        ],
    ),
    "doc-note-cet": Item(
        "Note de service sur l'épargne de jours",
        "drh",
        "",
        kind="document",
        filename="note-epargne-jours.pdf",
        file_text=[
            "Le plafond global est fixé à soixante jours.",
            "La monétisation des jours épargnés au-delà du quinzième jour est possible.",
        ],
    ),
    "doc-charte-info": Item(
        "Charte d'usage des outils numériques",
        "dsi",
        "",
        kind="document",
        filename="charte-numerique.odt",
        file_text=[
            "L'usage personnel de la messagerie professionnelle est toléré s'il reste raisonnable.",
            "Toute installation de logiciel est soumise à l'accord du service informatique.",
        ],
    ),
    "doc-pcs": Item(
        "Plan communal de sauvegarde",
        "dst",
        "",
        kind="document",
        filename="plan-communal-sauvegarde.pdf",
        file_text=[
            "En cas d'inondation, le maire active la cellule de crise en mairie.",
            "Les points de rassemblement et les moyens d'hébergement d'urgence sont recensés.",
        ],
    ),
}

# Items an ordinary agent may not see, each with words found nowhere else.
HIDDEN_WORDS = {
    "hidden-article": "préfiguration",
    "hidden-document": "harcèlement",
    "hidden-post": "mutualisation",
}


def _file_bytes(item: Item) -> bytes:
    if item.filename.endswith(".docx"):
        return files.docx(item.file_text)
    if item.filename.endswith(".odt"):
        return files.odt(item.file_text)
    return files.pdf_with_text(item.file_text)


def build_corpus(home, news_index) -> SimpleNamespace:
    """Every item above, plus the hidden ones and the people who may or may not see them;
    search rows, index and vocabulary rebuilt at the end, as `make run` seeds."""
    services = {}
    for slug, (name, acronym) in SERVICES.items():
        services[slug], _created = Service.objects.get_or_create(
            slug=slug, defaults={"name": name, "acronym": acronym}
        )
    editor = UserFactory(email="redaction@exemple.fr", is_superuser=True)
    agent = UserFactory(email="agent.lambda@exemple.fr", service=services["dst"])
    insider = UserFactory(email="directrice.generale@exemple.fr", service=services["drh"])

    index = publish(home, KnowledgeIndexPage(title="Guides pratiques", slug="guides"))
    service_pages = {
        slug: publish(index, ServicePage(title=name, slug=slug, service=services[slug]))
        for slug, (name, _acronym) in SERVICES.items()
    }
    objects = {}
    now = timezone.now()
    for position, (key, item) in enumerate(ITEMS.items()):
        service = services[item.service]
        if item.kind == "article":
            objects[key] = make_article(
                service_pages[item.service],
                item.title,
                lead=item.lead,
                service=service,
                body=[("paragraph", f"<p>{item.body}</p>")],
            )
        elif item.kind == "news":
            objects[key] = make_news(
                news_index,
                title=item.title,
                lead=item.lead,
                service=service,
                date=now - timedelta(days=position),
                body=[("paragraph", f"<p>{item.body}</p>")],
            )
        else:
            folder = ServiceFolder.objects.get(service=service).collection
            document = document_upload(
                user=editor,
                folder=folder,
                uploaded_file=SimpleUploadedFile(item.filename, _file_bytes(item)),
                title=item.title,
            )
            document_extract(document_id=document.pk)
            objects[key] = document

    # Hidden: a restricted section, a reserved folder, a secret group.
    management = Group.objects.create(name="Comité de direction")
    insider.groups.add(management)
    section = publish(service_pages["drh"], SectionPage(title="Comité de direction", slug="codir"))
    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.GROUPS
    ).groups.add(management)
    objects["hidden-article"] = make_article(
        section,
        "Note de préfiguration de la nouvelle organisation",
        lead="La préfiguration des pôles et du télétravail des encadrants.",
        service=services["drh"],
        body=[("paragraph", "<p>Préfiguration confidentielle des directions.</p>")],
    )
    reserved = ServiceFolder.objects.get(service=services["drh"]).collection.add_child(
        name="Enquêtes administratives"
    )
    CollectionViewRestriction.objects.create(
        collection=reserved, restriction_type=CollectionViewRestriction.GROUPS
    ).groups.add(management)
    hidden_document = document_upload(
        user=editor,
        folder=reserved,
        uploaded_file=SimpleUploadedFile(
            "signalement.pdf",
            files.pdf_with_text(["Signalement de harcèlement : enquête administrative."]),
        ),
        title="Signalement et enquête administrative",
    )
    document_extract(document_id=hidden_document.pk)
    objects["hidden-document"] = hidden_document
    secret = group_create(
        user=insider,
        name="Projet confidentiel",
        kind=GroupKind.TRANSVERSE,
        visibility=Visibility.SECRET,
        description="Un groupe que seuls ses membres connaissent.",
    )
    objects["hidden-post"] = post_create(
        group=secret,
        author=insider,
        body="La mutualisation des services avec l'intercommunalité avance.",
        rate_limited=False,
    )
    call_command("search_rebuild", jobs=1, verbosity=0)  # rows, index, vocabulary
    return SimpleNamespace(
        objects=objects, services=services, agent=agent, insider=insider, editor=editor
    )
