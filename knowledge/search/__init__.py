"""The intranet's search, one package: the registries other apps plug into (sources.py), the
search rows (index.py), Wagtail pages as sources (pages.py), the reader's query (query.py),
snippets, editors' picks (promotions.py), search terms (analytics.py), the backends for
PostgreSQL, SQLite and Elasticsearch/OpenSearch (backends/), the parallel rebuild (rebuild.py)
and its views. It imports no content app: news, pages, documents and groups declare
themselves in their apps' ready()."""
