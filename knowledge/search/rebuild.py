"""`manage.py search_rebuild` on PostgreSQL: the index written again by several processes.

Rebuilding is bound by Python (reading objects, their StreamFields and files' text), so each
core indexes a share, chunk by chunk, each chunk committed. Workers are started afresh (spawn),
not forked: a fork copies the caller's open sockets and threads (a web server's, a test's live
server), and two processes sharing one database connection wait forever. This module imports
nothing from Django at the top, so a new worker can import it before setting Django up.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor


def rebuild_in_parallel(jobs: int, chunk_size: int = 1000, log=None) -> int:
    """Every indexed object's entry written again by `jobs` processes; entries of rows gone
    are deleted first. Results come back as chunks are indexed (a single transaction showed
    nothing until the end). Returns the number of objects indexed."""
    from django.db import connections

    from wagtail.search.backends import get_search_backend

    from modelsearch.index import get_indexed_models

    models = get_indexed_models()
    # The database backend keeps every model in one index.
    get_search_backend().get_index_for_model(models[0]).delete_stale_entries()
    chunks = []
    for model in models:
        ids = list(model.get_indexed_objects().order_by("pk").values_list("pk", flat=True))
        if log:
            log(f"{model._meta.label} : {len(ids)}")
        chunks.extend(
            (model._meta.label, ids[start : start + chunk_size])
            for start in range(0, len(ids), chunk_size)
        )
    database = connections["default"].settings_dict["NAME"]  # a test's database too
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        jobs, mp_context=spawn, initializer=_start_worker, initargs=(database,)
    ) as pool:
        try:
            return sum(pool.map(_index_chunk, chunks))
        except BaseException:
            pool.shutdown(cancel_futures=True)  # one failure stops the rest, reported at once
            raise


def _start_worker(database: str) -> None:
    import django

    django.setup()
    from django.db import connections

    connections["default"].settings_dict["NAME"] = database


def _index_chunk(chunk: tuple[str, list]) -> int:
    from django.apps import apps

    from wagtail.search.backends import get_search_backend

    label, ids = chunk
    model = apps.get_model(label)
    objects = model.get_indexed_objects().filter(pk__in=ids).order_by("pk")
    try:
        get_search_backend().get_index_for_model(model).add_items(model, objects)
    except Exception as error:
        # Said plainly, and picklable whatever the error was (some database errors are not).
        raise RuntimeError(
            f"Indexation impossible ({label}, objets {ids[0]} à {ids[-1]}) : {error}"
        ) from None
    return len(ids)
