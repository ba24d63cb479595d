"""Search figures for `make bench` (issue 5): 100,000 indexed items on PostgreSQL.

- `generate`: 80,000 library documents and 20,000 knowledge articles, each with about 2 KB of
  French administrative text (topics drawn with a Zipf law, boilerplate words such as
  « commune », « service » or « agents » present in most items), inserted in bulk;
- indexing throughput: Wagtail's `update_index` over everything, items per second;
- search and autocomplete latency (p50/p95) for 20 typical queries each, as an agent, at 8
  concurrent clients against gunicorn (bench/percentiles.lua cycles through the queries).
"""

import json
import random
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

DOCUMENTS = 80_000
ARTICLES = 20_000

QUERIES = [
    "congés annuels",
    "télétravail",
    "budget primitif",
    "permis de construire",
    "élections municipales",
    "formation",
    "facture",
    "cantine",
    "médiathèque",
    "voirie",
    "subvention association",
    "retraite",
    "arrêté du maire",
    "marché public",
    "logement social",
    "accident de service",
    "mot de passe",
    "déneigement",
    "commune",  # in most items
    "service agents",  # both in most items
]
# Queries the first step (every word) does not answer: a question, common words with a rare one
# absent from the items (keywords, then best matches).
FALLBACK_QUERIES = [
    "comment poser ses congés annuels",
    "combien de jours de télétravail",
    "quand voter le budget primitif",
    "procédure permis de construire mairie agent",
    "dossier élections municipales formulaire agent",
    "délai facture fournisseur procédure",
    "inscription cantine enfant formulaire",
    "horaires médiathèque commune agent",
]
# Typing mistakes: every step runs, then the correction from the reader's vocabulary.
TYPO_QUERIES = [
    "telétravial",
    "conjés annuels",
    "bugdet primitif",
    "mediatheque horraires",
    "subvension association",
    "déneigemnt",
    "acident de service",
    "retraitte",
]
PREFIXES = [
    "cong", "télét", "budg", "perm", "élec", "form", "fact", "cant", "médi", "voir",
    "subv", "retr", "arrê", "marc", "logem", "accid", "mot d", "déne", "écol", "comm",
]  # fmt: skip

TOPICS = {
    "congés": ["congés annuels", "compte épargne-temps", "jours de fractionnement", "RTT"],
    "télétravail": ["télétravail", "charte du télétravail", "jours télétravaillés", "avenant"],
    "budget": ["budget primitif", "décision modificative", "crédits", "chapitre budgétaire"],
    "urbanisme": ["permis de construire", "déclaration préalable", "plan local d'urbanisme"],
    "élections": ["élections municipales", "bureau de vote", "listes électorales", "scrutin"],
    "formation": ["formation", "compte personnel de formation", "concours", "CNFPT"],
    "finances": ["facture", "mandatement", "titre de recette", "régie d'avances"],
    "écoles": ["cantine", "restauration scolaire", "accueil périscolaire", "école"],
    "culture": ["médiathèque", "spectacle", "exposition", "saison culturelle"],
    "voirie": ["voirie", "nid-de-poule", "chaussée", "arrêté de circulation"],
    "associations": ["subvention", "association", "convention d'objectifs", "bénévoles"],
    "carrière": ["retraite", "avancement de grade", "mutation", "entretien professionnel"],
    "actes": ["arrêté du maire", "délibération", "registre des actes", "publication"],
    "achats": ["marché public", "procédure adaptée", "cahier des charges", "offres"],
    "logement": ["logement social", "commission d'attribution", "bailleur", "demandeurs"],
    "santé": ["accident de service", "arrêt maladie", "médecin de prévention", "visite"],
    "informatique": ["mot de passe", "messagerie", "poste de travail", "sauvegarde"],
    "hiver": ["déneigement", "viabilité hivernale", "salage", "astreinte"],
    "social": ["CCAS", "aide facultative", "portage de repas", "personnes âgées"],
    "sécurité": ["police municipale", "stationnement", "fourrière", "patrouille"],
}
BOILERPLATE = [
    "La commune informe les agents de chaque service des règles applicables.",
    "Le service concerné reste à la disposition des agents pour toute question.",
    "Cette procédure s'applique à l'ensemble des services de la collectivité.",
    "Les agents sont invités à consulter leur responsable de service avant toute démarche.",
    "La direction générale des services veille au respect du calendrier fixé par la commune.",
    "Un courriel de confirmation est adressé à l'agent une fois la demande enregistrée.",
]
SENTENCES = [
    "Pour {a}, la demande est déposée au moins quinze jours à l'avance auprès du service.",
    "Le dossier relatif à {a} comprend les pièces justificatives et l'avis du responsable.",
    "En matière de {a}, les règles ont été modifiées par la délibération de l'an dernier.",
    "Les questions fréquentes sur {a} et sur {b} sont rassemblées dans cette fiche.",
    "Le calendrier de {a} est publié sur l'intranet et rappelé par note de service.",
    "Toute difficulté concernant {a} doit être signalée sans délai à la direction.",
]
MIME = [
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
]


def _text(rng: random.Random, topic: str) -> str:
    others = list(TOPICS)
    parts, size = [], 0
    while size < 2000:
        if rng.random() < 0.35:
            sentence = rng.choice(BOILERPLATE)
        else:
            chosen = topic if rng.random() < 0.8 else rng.choice(others)
            sentence = rng.choice(SENTENCES).format(
                a=rng.choice(TOPICS[chosen]), b=rng.choice(TOPICS[chosen])
            )
        parts.append(sentence)
        size += len(sentence) + 1
    return " ".join(parts)


def _topic(rng: random.Random) -> str:
    topics = list(TOPICS)
    # Zipf: the first topics are much more frequent than the last ones.
    weights = [1 / (rank + 1) for rank in range(len(topics))]
    return rng.choices(topics, weights)[0]


def _title(rng: random.Random, topic: str) -> str:
    kind = rng.choice(["guide", "fiche", "note", "procédure", "modèle"])
    return f"{rng.choice(TOPICS[topic]).capitalize()} : {kind} {rng.randint(1, 9999)}"


def create_items() -> None:
    """Runs inside Django (`manage.py shell`): the 100,000 items, in bulk, without indexing
    them (the index is rebuilt and timed afterwards)."""
    from datetime import timedelta

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from wagtail.models import Page

    from knowledge.models import (
        ArticlePage,
        LibraryDocument,
        SectionPage,
        ServiceFolder,
        ServicePage,
        Theme,
    )

    rng = random.Random(2026)
    now = timezone.now()
    start = time.perf_counter()
    folders = list(ServiceFolder.objects.select_related("collection", "service"))
    themes = list(Theme.objects.values_list("pk", flat=True))
    documents = []
    for n in range(DOCUMENTS):
        folder = folders[n % len(folders)]
        topic = _topic(rng)
        documents.append(
            LibraryDocument(
                title=_title(rng, topic),
                file=f"bench/placeholder-{n}.pdf",
                collection=folder.collection,
                service=folder.service,
                mime_type=MIME[n % len(MIME)],
                file_size=2048,
                extracted_text=_text(rng, topic),
                extraction_status="done",
                page_count=1,
                language="fr",
                file_updated_at=now - timedelta(days=rng.randint(0, 1500)),
                search_themes=[rng.choice(themes)],
            )
        )
        if len(documents) == 2000:
            LibraryDocument.objects.bulk_create(documents)
            documents = []
    LibraryDocument.objects.bulk_create(documents)

    service_page = ServicePage.objects.get(service__slug="ressources-humaines")
    section = SectionPage(title="Banc d'essai de la recherche", slug="banc-recherche")
    service_page.add_child(instance=section)
    section.save_revision().publish()
    section.refresh_from_db()
    content_type = ContentType.objects.get_for_model(ArticlePage)
    columns = list(ArticlePage._meta.local_concrete_fields)
    insert = "INSERT INTO {} ({}) VALUES ({})".format(
        ArticlePage._meta.db_table,
        ", ".join(connection.ops.quote_name(field.column) for field in columns),
        ", ".join(["%s"] * len(columns)),
    )
    depth = section.depth + 1
    for batch in range(0, ARTICLES, 2000):
        with transaction.atomic():
            pages, texts = [], []
            for n in range(batch, min(batch + 2000, ARTICLES)):
                topic = _topic(rng)
                title = _title(rng, topic)
                published = now - timedelta(days=rng.randint(0, 1500))
                texts.append(_text(rng, topic))
                pages.append(
                    Page(
                        title=title,
                        draft_title=title,
                        slug=f"bench-{n}",
                        content_type=content_type,
                        path=Page._get_path(section.path, depth, n + 1),
                        depth=depth,
                        numchild=0,
                        url_path=f"{section.url_path}bench-{n}/",
                        live=True,
                        locale_id=section.locale_id,
                        translation_key=uuid.uuid4(),
                        first_published_at=published,
                        last_published_at=published,
                        has_unpublished_changes=False,
                    )
                )
            Page.objects.bulk_create(pages)
            rows = []
            for page, text in zip(pages, texts, strict=True):
                article = ArticlePage(
                    page_ptr_id=page.pk,
                    lead=text[:300],
                    service_id=service_page.service_id,
                    body=[("paragraph", f"<p>{text}</p>")],
                    search_access=["all"],
                    search_restriction=0,
                    search_themes=[rng.choice(themes)],
                )
                rows.append(
                    [
                        field.get_db_prep_save(getattr(article, field.attname), connection)
                        for field in columns
                    ]
                )
            with connection.cursor() as cursor:
                cursor.executemany(insert, rows)
    Page.objects.filter(pk=section.pk).update(numchild=ARTICLES)
    seconds = time.perf_counter() - start
    print(json.dumps({"documents": DOCUMENTS, "articles": ARTICLES, "seconds": seconds}))


def time_queries() -> None:
    """Runs inside Django: each query alone, one client, median of 5 runs (milliseconds)."""
    import statistics

    from knowledge.search.query import search_everything, suggestions
    from social.people.models import User

    agent = User.objects.get(email="agent@val-de-parvis.fr")
    out = {}
    for name, function, inputs in (
        ("search", search_everything, QUERIES),
        ("autocomplete", suggestions, PREFIXES),
    ):
        timings = {}
        for text in inputs:
            function(agent, text)
            runs = []
            for _ in range(5):
                start = time.perf_counter()
                function(agent, text)
                runs.append((time.perf_counter() - start) * 1000)
            timings[text] = round(statistics.median(runs), 1)
        out[name] = timings
    print(json.dumps(out))


def _in_django(call: str, env: dict) -> dict:
    """Run `call` (a function of this module) in `manage.py shell`; its last line is JSON."""
    result = subprocess.run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            f"from bench.search import {call}; {call}()",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(result.stderr[-4000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def generate(env: dict) -> dict:
    return _in_django("create_items", env)


def reindex(env: dict, database: str) -> dict:
    """A full rebuild of the search rows and index (what `make reindex` runs), timed."""
    start = time.perf_counter()
    subprocess.run(
        [PYTHON, "manage.py", "search_rebuild"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - start
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-d", database, "-c", "VACUUM ANALYZE"],
        check=True,
    )
    counted = _in_django("count_entries", env)
    return {
        "index_entries": counted["items"],
        "search_rows": counted["rows"],
        "seconds": round(seconds, 1),
        "entries_per_s": round(counted["items"] / seconds, 1),
    }


def paths() -> dict[str, list[str]]:
    return {
        "search": [f"/recherche/?q={quote(query)}" for query in QUERIES],
        "autocomplete": [f"/recherche/suggestions/?q={quote(prefix)}" for prefix in PREFIXES],
        "fallback": [f"/recherche/?q={quote(query)}" for query in FALLBACK_QUERIES],
        "typo": [f"/recherche/?q={quote(query)}" for query in TYPO_QUERIES],
    }


def count_entries() -> None:
    from wagtail.search.models import IndexEntry

    from knowledge.models import SearchItem

    print(json.dumps({"items": IndexEntry.objects.count(), "rows": SearchItem.objects.count()}))


def per_query(env: dict) -> dict:
    """Each query alone, one client, in-process (median of 5 runs, milliseconds)."""
    return _in_django("time_queries", env)
