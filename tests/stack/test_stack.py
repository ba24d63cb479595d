"""Parvis as it runs in production, checked through HTTPS: nginx → gunicorn and uvicorn →
PostgreSQL, Redis, Celery workers and beat, with the production settings (tests/stack/conftest.py).
"""

import re
import time
import uuid

import pytest
import requests

from cms.core.replica import PIN_COOKIE
from cms.demo import files

from .conftest import BASE, HTTP, PAGES

pytestmark = pytest.mark.stack


def csrf_token(session, url):
    page = session.get(url).text
    return re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)


def test_plain_http_goes_to_https(stack):
    answer = requests.get(f"http://127.0.0.1:{HTTP}/", allow_redirects=False, timeout=10)
    assert answer.status_code == 301
    assert answer.headers["Location"].startswith("https://")


def test_a_sign_in_and_a_page_through_https(stack):
    session = stack.login("claire.martin@pile.fr")
    home = session.get(f"{BASE}/")
    assert home.status_code == 200
    assert "Claire" in home.text
    assert home.headers["Strict-Transport-Security"].startswith("max-age=")
    # Secure cookies (the proxy's X-Forwarded-Proto told Django the browser used https).
    assert all(cookie.secure for cookie in session.cookies)
    # htmx is served from the files collected at release time, by nginx itself.
    script = re.search(r'src="(/static/vendor/htmx/htmx\.min\.[0-9a-f]+\.js)"', home.text)
    assert script, "htmx not referenced through the manifest"
    asset = session.get(BASE + script.group(1))
    assert asset.status_code == 200 and "htmx" in asset.text
    assert (stack.static / script.group(1).removeprefix("/static/")).is_file()


def test_no_debug_page_on_a_404(stack):
    session = stack.login("claire.martin@pile.fr")
    answer = session.get(f"{BASE}/cette-page-n-existe-pas/")
    assert answer.status_code == 404
    assert "Page introuvable" in answer.text or "introuvable" in answer.text
    for leak in ("Traceback", "DEBUG = True", "URLconf", "Django tried"):
        assert leak not in answer.text


def test_health_answers_plain_http_on_the_server_and_sees_every_queue(stack):
    # Straight to gunicorn, in plain HTTP: no redirect to https, the details for the server.
    deadline = time.monotonic() + 90
    body = {}
    while time.monotonic() < deadline:
        answer = requests.get(f"http://127.0.0.1:{PAGES}/sante/", timeout=10)
        body = answer.json()
        if answer.status_code == 200:
            break
        time.sleep(1)
    assert body.get("status") == "ok", body
    celery = body["checks"]["celery"]
    assert {"extraction", "search", "mail", "celery"} <= set(celery)
    assert body["checks"]["replique"]["ok"] is True
    # Through nginx's port 80 from the server itself: allowed, not redirected, no details.
    through = requests.get(f"http://127.0.0.1:{HTTP}/sante/", timeout=10)
    assert through.status_code == 200 and through.json() == {"status": "ok"}


def test_an_upload_is_extracted_by_the_worker_found_by_search_and_served_by_nginx(stack):
    claire = stack.login("claire.martin@pile.fr")
    word = "Pile" + uuid.uuid4().hex[:8]
    content = files.docx([f"Budget annexe {word}", "Ordre du jour : astreintes hivernales"])
    folder_url = f"{BASE}/bibliotheque/dossiers/{stack.folder}/"
    answer = claire.post(
        f"{folder_url}deposer/",
        files={"files": ("budget-annexe.docx", content)},
        headers={
            "Accept": "application/json",
            "X-CSRFToken": csrf_token(claire, folder_url),
            "Referer": folder_url,
        },
    )
    assert answer.status_code == 201, answer.text[:500]
    document_id = answer.json()["documents"][0]["id"]

    # The extraction worker reads the text; the search worker indexes it.
    deadline = time.monotonic() + 90
    found = False
    while time.monotonic() < deadline and not found:
        results = claire.get(f"{BASE}/recherche/", params={"q": word}).text
        found = f"/bibliotheque/documents/{document_id}/" in results
        time.sleep(1)
    assert found, stack.log("worker-extraction")[-3000:]

    download = f"{BASE}/bibliotheque/documents/{document_id}/telecharger/"
    served = claire.get(download)
    assert served.status_code == 200
    assert served.content == content
    assert "X-Accel-Redirect" not in served.headers

    # gunicorn itself sent no bytes: only the internal redirect, that nginx followed.
    behind = requests.get(
        f"http://127.0.0.1:{PAGES}/bibliotheque/documents/{document_id}/telecharger/",
        cookies=claire.cookies.get_dict(),
        headers={"X-Forwarded-Proto": "https", "Host": "localhost"},
        allow_redirects=False,
        timeout=10,
    )
    assert behind.status_code == 200, behind.status_code
    internal = behind.headers["X-Accel-Redirect"]
    assert internal.startswith("/protected-media/") and behind.content == b""

    # Hugo, of another service and not in the group, gets nothing; nor does anyone asking nginx
    # for the internal location.
    hugo = stack.login("hugo.bernard@pile.fr")
    refused = hugo.get(download)
    assert refused.status_code in (403, 404)
    assert content not in refused.content
    results = hugo.get(f"{BASE}/recherche/", params={"q": word}).text
    assert f"/bibliotheque/documents/{document_id}/" not in results
    assert hugo.get(BASE + internal).status_code == 404
    assert requests.get(BASE + internal, verify=str(stack.cert), timeout=10).status_code == 404


def test_the_live_stream_passes_through_nginx_unbuffered(stack):
    claire = stack.login("claire.martin@pile.fr")
    started = time.monotonic()
    with claire.get(f"{BASE}/temps-reel/", stream=True, timeout=10) as answer:
        assert answer.status_code == 200
        assert answer.headers["Content-Type"].startswith("text/event-stream")
        first = next(answer.iter_content(chunk_size=None))
    assert b"retry:" in first
    assert time.monotonic() - started < 5


def test_a_password_reset_mail_reaches_the_smtp_server(stack):
    session = stack.session()
    url = f"{BASE}/mot-de-passe/oublie/"
    page = session.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    session.post(
        url,
        data={"csrfmiddlewaretoken": token, "email": "claire.martin@pile.fr"},
        headers={"Referer": url},
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not stack.inbox.to("claire.martin@pile.fr"):
        time.sleep(0.5)
    [mail] = stack.inbox.to("claire.martin@pile.fr")
    text, _html = stack.inbox.parts(mail)
    # https: the scheme nginx told Django (X-Forwarded-Proto); the host the browser asked for.
    assert "https://localhost/mot-de-passe/nouveau/" in text


def forget_pin(session):
    """As if the pin's seconds had passed: this browser reads the replica again."""
    for cookie in list(session.cookies):
        if cookie.name == PIN_COOKIE:
            session.cookies.clear(cookie.domain, cookie.path, cookie.name)


def test_pages_read_the_replica_and_whoever_wrote_reads_their_write(stack):
    claire = stack.login("claire.martin@pile.fr")
    hugo = stack.login("hugo.bernard@pile.fr")
    forget_pin(hugo)
    group_url = f"{BASE}/groupes/{stack.group}/"
    edit_url = f"{group_url}modifier/"
    form = claire.get(edit_url).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    description = "Suivi du budget " + uuid.uuid4().hex[:8]

    stack.postgres.replay(paused=True)  # the replica lags behind the primary from now on
    try:
        saved = claire.post(
            edit_url,
            data={
                "csrfmiddlewaretoken": token,
                "name": "Cellule budgétaire",
                "description": description,
                "kind": "transverse",
                "visibility": "closed",
                "members_can_post": "on",
                "members_can_upload": "on",
                "members_can_create_tasks": "on",
            },
            headers={"Referer": edit_url},
            allow_redirects=False,
        )
        assert saved.status_code == 302, saved.text[:1000]
        assert PIN_COOKIE in saved.headers.get("Set-Cookie", "")
        # Claire wrote: her next pages read the primary, and show her change at once.
        assert description in claire.get(group_url).text
        # Hugo's pages are read from the replica, which has not replayed the change yet.
        assert description not in hugo.get(group_url).text
    finally:
        stack.postgres.replay(paused=False)
    deadline = time.monotonic() + 30
    while description not in hugo.get(group_url).text:
        assert time.monotonic() < deadline, "the replica never caught up"
        time.sleep(0.5)
