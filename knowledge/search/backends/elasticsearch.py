"""Wagtail's Elasticsearch and OpenSearch backends, in French without accents.

Selected by `SEARCH_URL` (and `SEARCH_ENGINE`, see cms/settings/base.py) for large installs. The
same search code runs on them as on PostgreSQL: rights and facets are filter fields
(cms/core/searchable.py), only the analysis differs:

- full text: elision (l', d', qu'…), lower case, accents folded, French stop words, light
  French stemming, as the index's default analyzer;
- autocomplete: Wagtail indexes edge n-grams with accents folded but *searches* them with the
  `standard` analyzer, which keeps accents (« télét » would miss « Télétravail »); here the
  search side folds accents too.
"""

from __future__ import annotations

from copy import deepcopy

from django.utils.module_loading import import_string

FRENCH_ANALYSIS = {
    "settings": {
        "analysis": {
            "filter": {
                "parvis_french_elision": {
                    "type": "elision",
                    "articles_case": True,
                    "articles": [
                        "l", "m", "t", "qu", "n", "s", "j", "d", "c",
                        "jusqu", "quoiqu", "lorsqu", "puisqu",
                    ],
                },
                "parvis_french_stop": {"type": "stop", "stopwords": "_french_"},
                "parvis_french_stemmer": {"type": "stemmer", "language": "light_french"},
            },
            "analyzer": {
                "default": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": [
                        "parvis_french_elision",
                        "lowercase",
                        "asciifolding",
                        "parvis_french_stop",
                        "parvis_french_stemmer",
                    ],
                },
                "parvis_folding": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "asciifolding"],
                },
            },
        }
    }
}  # fmt: skip

AUTOCOMPLETE = {"analyzer": "edgengram_analyzer", "search_analyzer": "parvis_folding"}

ENGINES = {
    "elasticsearch8": "modelsearch.backends.elasticsearch8.Elasticsearch8SearchBackend",
    "elasticsearch9": "modelsearch.backends.elasticsearch9.Elasticsearch9SearchBackend",
    "opensearch2": "modelsearch.backends.opensearch2.OpenSearch2SearchBackend",
    "opensearch3": "modelsearch.backends.opensearch3.OpenSearch3SearchBackend",
}


def _merge(base: dict, extra: dict) -> dict:
    merged = deepcopy(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = deepcopy(value)
    return merged


def french(engine: str) -> type:
    """The Wagtail backend class of `engine`, with Parvis's French analysis."""
    base = import_string(ENGINES[engine])
    mapping = type(
        f"French{base.mapping_class.__name__}",
        (base.mapping_class,),
        {"edgengram_analyzer_config": AUTOCOMPLETE},
    )
    return type(
        f"French{base.__name__}",
        (base,),
        {"mapping_class": mapping, "settings": _merge(base.settings, FRENCH_ANALYSIS)},
    )


def _backend(engine: str):
    def build(params):
        return french(engine)(params)

    return build


Elasticsearch8 = _backend("elasticsearch8")
Elasticsearch9 = _backend("elasticsearch9")
OpenSearch2 = _backend("opensearch2")
OpenSearch3 = _backend("opensearch3")
