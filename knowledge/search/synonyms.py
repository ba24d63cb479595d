"""Synonyms and acronyms, applied when a search is made: « vacances » also finds « congés »,
« DRH » finds what belongs to the human resources department. Editors manage the table
(Recherche › Synonymes); a change takes effect at the next search, without rebuilding the
index (the table is read again when its generation counter moves).

An acronym typed in capitals (2 to 5 letters) that the intranet knows — a service's, or a
synonym's term — is searched through what it stands for, never through its stem: « CET »
(compte épargne-temps) must not find every text saying « cette ».
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cms.core import generations
from social.people.models import Service

from ..models import Synonym
from .words import fold

SYNONYMS_GENERATION_KEY = generations.SYNONYMS
MAX_SPAN = 4  # words of the longest term looked for
ACRONYM = re.compile(r"[A-ZÀ-Ý]{2,5}")

# A first table for a French local government, written from the words agents use: editors
# complete it in the admin. (term, equivalents, both ways?)
SEED: list[tuple[str, str, bool]] = [
    # Ressources humaines
    ("vacances", "congés, congés annuels", True),
    ("congé maladie", "arrêt maladie, arrêt de travail", True),
    ("arrêt maladie", "arrêt de travail", True),
    ("ticket resto", "titres-restaurant, titre-restaurant", False),
    ("tickets restaurant", "titres-restaurant", False),
    ("titre-restaurant", "titres-restaurant, chèque déjeuner", True),
    ("heures sup", "heures supplémentaires", False),
    ("heures supplémentaires", "IHTS, travaux supplémentaires", True),
    ("travail à distance", "télétravail", True),
    ("télétravail", "travail à domicile", True),
    ("notation", "évaluation, entretien professionnel", True),
    ("entretien annuel", "entretien professionnel", True),
    ("fiche de paie", "bulletin de salaire, bulletin de paie", True),
    ("salaire", "rémunération, traitement", True),
    ("prime", "indemnité, régime indemnitaire", True),
    ("RIFSEEP", "régime indemnitaire, IFSE", False),
    ("mutuelle", "complémentaire santé, protection sociale complémentaire", True),
    ("arrêt de travail", "absence pour maladie", True),
    ("accident du travail", "accident de service", True),
    ("démission", "départ, fin de contrat", False),
    ("retraite", "pension, CNRACL", True),
    ("mutation", "mobilité", True),
    ("concours", "examen professionnel", True),
    ("stage", "formation", False),
    ("contractuel", "agent non titulaire", True),
    ("titulaire", "fonctionnaire", True),
    ("pointeuse", "badgeuse, pointage, badgeage", True),
    ("RTT", "réduction du temps de travail", False),
    ("CET", "compte épargne-temps", False),
    ("IHTS", "indemnités horaires pour travaux supplémentaires", False),
    ("CNFPT", "centre national de la fonction publique territoriale", False),
    ("CAP", "commission administrative paritaire", False),
    ("CST", "comité social territorial", False),
    ("DUERP", "document unique d'évaluation des risques professionnels", False),
    ("médecine du travail", "médecine préventive, santé au travail", True),
    # Finances et commande publique
    ("appel d'offres", "mise en concurrence, marché public", True),
    ("marché public", "commande publique", True),
    ("MAPA", "marché à procédure adaptée", False),
    ("note de frais", "frais de déplacement, remboursement de frais", True),
    ("facture", "mandatement, paiement", False),
    ("bon de commande", "engagement", False),
    ("budget", "budget primitif, décision modificative", False),
    ("BP", "budget primitif", False),
    ("DM", "décision modificative", False),
    ("DOB", "débat d'orientation budgétaire", False),
    ("subvention", "aide financière", True),
    ("régie", "régisseur", True),
    ("trésorerie", "comptable public, service de gestion comptable", True),
    ("DGFIP", "direction générale des finances publiques", False),
    # Urbanisme et aménagement
    ("autorisation d'urbanisme", "permis de construire, déclaration préalable", False),
    ("PLU", "plan local d'urbanisme", False),
    ("PLUi", "plan local d'urbanisme intercommunal", False),
    ("PC", "permis de construire", False),
    ("DP", "déclaration préalable", False),
    ("cadastre", "parcelle, plan cadastral", True),
    ("ERP", "établissement recevant du public", False),
    ("ZAC", "zone d'aménagement concerté", False),
    ("enquête publique", "consultation du public", True),
    # Voirie, bâtiments, environnement
    ("réverbère", "lampadaire, éclairage public", True),
    ("trou dans la route", "nid-de-poule, chaussée", False),
    ("route", "voirie, chaussée", True),
    ("trottoir", "voirie", False),
    ("poubelle", "déchets, collecte des ordures ménagères", True),
    ("ordures ménagères", "déchets ménagers", True),
    ("déchetterie", "déchèterie, centre de tri", True),
    ("espaces verts", "jardins, parcs", True),
    ("PCS", "plan communal de sauvegarde", False),
    ("DICRIM", "document d'information communal sur les risques majeurs", False),
    ("photocopieuse", "copieur, imprimante", True),
    ("ordinateur", "poste de travail, PC portable", True),
    ("mot de passe", "identifiant, authentification", False),
    ("VPN", "connexion à distance, réseau depuis chez soi", False),
    ("DSI", "direction des systèmes d'information, service informatique", False),
    # État civil, élections, cimetière
    ("naissance", "acte de naissance", True),
    ("mariage", "union, célébration", False),
    ("PACS", "pacte civil de solidarité", False),
    ("décès", "acte de décès, obsèques", True),
    ("sépulture", "concession, cimetière, tombe", True),
    ("carte d'identité", "CNI, titre d'identité", True),
    ("CNI", "carte nationale d'identité", False),
    ("élections", "scrutin, vote, bureau de vote", True),
    ("JDC", "journée défense et citoyenneté", False),
    # Écoles, jeunesse, social
    ("cantine", "restauration scolaire, restaurant scolaire", True),
    ("cantine scolaire", "restauration scolaire", True),
    ("garderie", "accueil périscolaire, périscolaire", True),
    ("centre aéré", "centre de loisirs, accueil de loisirs", True),
    ("ALSH", "accueil de loisirs sans hébergement", False),
    ("ramassage scolaire", "transport scolaire, car scolaire", True),
    ("crèche", "multi-accueil, petite enfance", True),
    ("ATSEM", "agent territorial spécialisé des écoles maternelles", False),
    ("épicerie sociale", "épicerie solidaire, aide alimentaire", True),
    ("RSA", "revenu de solidarité active", False),
    ("personnes âgées", "seniors, aînés", True),
    ("EHPAD", "établissement d'hébergement pour personnes âgées dépendantes", False),
    # Vie locale
    ("salle des fêtes", "salle polyvalente, salle municipale", True),
    ("gymnase", "équipement sportif, salle de sport", True),
    ("association", "vie associative", True),
    ("mairie", "hôtel de ville", True),
    ("conseil municipal", "séance du conseil, assemblée délibérante", True),
    ("arrêté", "arrêté municipal, décision du maire", False),
]


@dataclass(frozen=True)
class Expansion:
    alternatives: tuple[str, ...]  # what else is searched for these words
    acronym: bool  # a known acronym typed in capitals: its stem is not searched


_TABLE: dict[int, tuple[dict[tuple[str, ...], tuple[str, ...]], set[str]]] = {}


def _key(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", fold(text)))


def _load() -> tuple[dict[tuple[str, ...], tuple[str, ...]], set[str]]:
    """(words → what else to search for them, the known acronyms folded)."""
    table: dict[tuple[str, ...], list[str]] = {}
    acronyms: set[str] = set()

    def add(term: str, alternatives) -> None:
        key = _key(term)
        if key:
            known = table.setdefault(key, [])
            for alternative in alternatives:
                if _key(alternative) != key and alternative not in known:
                    known.append(alternative)

    for synonym in Synonym.objects.all():
        equivalents = synonym.equivalent_list()
        add(synonym.term, equivalents)
        if ACRONYM.fullmatch(synonym.term.strip()):
            acronyms.add(fold(synonym.term.strip()))
        if synonym.two_way:
            for equivalent in equivalents:
                add(equivalent, [synonym.term, *equivalents])
    for name, acronym in Service.objects.exclude(acronym="").values_list("name", "acronym"):
        if ACRONYM.fullmatch(acronym.strip()):
            acronyms.add(fold(acronym.strip()))
            add(acronym, [name])
    return {key: tuple(value) for key, value in table.items()}, acronyms


def synonym_table(holder=None) -> tuple[dict[tuple[str, ...], tuple[str, ...]], set[str]]:
    """The table as of now, read again when a synonym or a service changed (`holder`: the
    request or reader the counter is read once for)."""
    generation = generations.value(SYNONYMS_GENERATION_KEY, holder)
    if generation not in _TABLE:
        _TABLE.clear()
        _TABLE[generation] = _load()
    return _TABLE[generation]


def expand(words: list[str], holder=None) -> list[tuple[int, int, Expansion]]:
    """Spans of `words` (as typed) that the table knows, longest first, left to right:
    (start, end, expansion)."""
    table, acronyms = synonym_table(holder)
    spans = []
    position = 0
    while position < len(words):
        for end in range(min(len(words), position + MAX_SPAN), position, -1):
            span = words[position:end]
            key = _key(" ".join(span))
            typed_acronym = len(span) == 1 and ACRONYM.fullmatch(span[0]) is not None
            is_acronym = typed_acronym and fold(span[0]) in acronyms
            if key in table or is_acronym:
                spans.append((position, end, Expansion(table.get(key, ()), is_acronym)))
                position = end
                break
        else:
            position += 1
    return spans


def synonyms_ensure() -> int:
    """The first table, for an install that has none yet (editors' changes are kept: nothing
    is added once a synonym exists). Returns how many were created."""
    if Synonym.objects.exists():
        return 0
    Synonym.objects.bulk_create(
        [
            Synonym(term=term, equivalents=equivalents, two_way=both)
            for term, equivalents, both in SEED
        ],
        ignore_conflicts=True,
    )
    return len(SEED)
