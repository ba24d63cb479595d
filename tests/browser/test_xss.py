"""Hostile text in every field colleagues fill — comments, group posts, poll questions and
choices, group names and descriptions, document titles and descriptions, a person's name, job
title and office, search queries — shown in Chromium: no script runs, no `on…` attribute and no
`javascript:` address reaches the page."""

import itertools

import pytest

from cms.setup import ensure_reference_data
from home.models import NewsIndexPage
from social.comments.services import comment_post
from social.groups.models import GroupKind, Visibility
from social.groups.services import group_create, post_create
from tests.browser.test_journeys import log_in
from tests.factories import ServiceFactory, UserFactory, make_news

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PAYLOADS = [
    "<script>window.__xss=1</script>",
    "<img src=x onerror=window.__xss=1>",
    "<svg onload=window.__xss=1>",
    "<iframe src=javascript:window.__xss=1>",
    "<a href=javascript:window.__xss=1>clic</a>",
    "<body onload=window.__xss=1>",
    "<details open ontoggle=window.__xss=1>",
    "<input autofocus onfocus=window.__xss=1>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    "<div style='background:url(javascript:window.__xss=1)'>",
]
WRAPPERS = [
    "{}",
    '"><{}',
    "'>{}",
    "</textarea>{}",
    "</title>{}",
    "[lien](javascript:window.__xss=1) {}",
    "**{}**",
    "@{}",
    "`{}`",
    "<!--{}-->",
]
VECTORS = [wrapper.format(payload) for wrapper, payload in itertools.product(WRAPPERS, PAYLOADS)]

SCAN = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase(), value = (attr.value || '').toLowerCase().trim();
      if (name.startsWith('on')) bad.push(el.tagName + ' ' + name);
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href'].includes(name)
          && value.replace(/\\s/g, '').startsWith('javascript:')) bad.push(el.tagName + ' ' + name);
    }
  }
  return {bad, ran: window.__xss === 1};
}"""


def test_more_than_a_hundred_vectors_reach_no_page(page):
    assert len(VECTORS) >= 100
    home = ensure_reference_data(organisation_name="Commune de Navigateur")
    index = NewsIndexPage.objects.child_of(home).get()
    finances = ServiceFactory(name="Finances", slug="finances")
    author = UserFactory(email="aline.roux@exemple.fr", first_name="Aline", service=finances)
    news = make_news(index, title="Actualité à commenter")
    for vector in VECTORS:
        comment_post(author=author, target=news, body=vector, rate_limited=False)
    groups = []
    chunks = [VECTORS[start : start + 10] for start in range(0, len(VECTORS), 10)]
    for number, chunk in enumerate(chunks):
        group = group_create(
            user=author,
            name=f"Groupe {number} {chunk[0]}"[:120],
            kind=GroupKind.SOCIAL,
            visibility=Visibility.OPEN,
            description="\n".join(chunk),
        )
        for vector in chunk:
            post_create(group=group, author=author, body=vector, rate_limited=False)
        post_create(
            group=group,
            author=author,
            body="Sondage",
            poll={"question": chunk[1][:300], "choices": [v[:200] for v in chunk[2:6]]},
            rate_limited=False,
        )
        groups.append(group)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, "aline.roux@exemple.fr")
    pages = [news.url, "/groupes/", "/mon-fil/", "/"]
    pages += [group.get_absolute_url() for group in groups]
    pages += [f"/recherche/?q={vector}" for vector in VECTORS[::7]]
    found = {}
    for url in pages:
        page.goto(page.base_url + url if url.startswith("/") else url)
        result = page.evaluate(SCAN)
        if result["bad"] or result["ran"]:
            found[url] = result
    assert not dialogs and not found, (dialogs, found)


def test_the_scan_sees_a_handler_a_javascript_link_and_a_script_that_ran(page):
    page.set_content(
        '<img src="data:," onerror="window.__xss=1"><a href=" javascript:void(0)">x</a>'
    )
    page.wait_for_function("() => window.__xss === 1")
    result = page.evaluate(SCAN)
    assert result["ran"] and result["bad"] == ["IMG onerror", "A href"]


def test_vectors_in_document_titles_descriptions_and_people_reach_no_page(page, media_root):
    """Document titles and descriptions (the library's form), and the fields of a person's
    record (name, job title, office: typed by an administrator or brought by the directory)
    shown wherever they appear: folder, document page, search, comments, members, notifications,
    the person's own account page."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cms.demo import files
    from knowledge.library.services import document_upload
    from knowledge.models import ServiceFolder
    from social.groups.services import group_join

    home = ensure_reference_data(organisation_name="Commune de Navigateur")
    index = NewsIndexPage.objects.child_of(home).get()
    finances = ServiceFactory(name="Finances", slug="finances")
    reader = UserFactory(email="aline.roux@exemple.fr", first_name="Aline", service=finances)
    news = make_news(index, title="Actualité à commenter")
    thread = comment_post(author=reader, target=news, body="Qui répond ?", rate_limited=False)
    group = group_create(
        user=reader, name="Groupe ouvert", kind=GroupKind.SOCIAL, visibility=Visibility.OPEN
    )
    folder = ServiceFolder.objects.get(service=finances).collection
    documents = []
    for number, vector in enumerate(VECTORS):
        documents.append(
            document_upload(
                user=reader,
                folder=folder,
                uploaded_file=SimpleUploadedFile(f"note-{number}.pdf", files.pdf_with_text(["x"])),
                title=f"Note {vector}"[:255],
                description=f"Résumé {vector}",
            )
        )
    people = []
    for number, chunk in enumerate(VECTORS[start : start + 4] for start in range(0, 40, 4)):
        person = UserFactory(
            email=f"hostile{number}@exemple.fr",
            first_name=chunk[0][:150],
            last_name=chunk[1][:150],
            job_title=chunk[2][:200],
            office=chunk[3][:100],
            service=finances,
        )
        comment_post(
            author=person, target=news, body="Je réponds", parent=thread, rate_limited=False
        )
        group_join(group=group, user=person)
        people.append(person)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, "aline.roux@exemple.fr")
    pages = [
        news.url,
        f"/bibliotheque/dossiers/{folder.pk}/",
        "/notifications/",
        "/recherche/?q=note",
    ]
    pages += [f"/bibliotheque/documents/{document.pk}/" for document in documents[::9]]
    pages += [f"{group.get_absolute_url()}membres/", "/bibliotheque/?q=note"]
    found = {}
    for url in pages:
        page.goto(page.base_url + url)
        result = page.evaluate(SCAN)
        if result["bad"] or result["ran"]:
            found[url] = result
    # The text is shown, as text: escaped, not dropped.
    page.goto(page.base_url + f"/bibliotheque/documents/{documents[0].pk}/")
    assert "Note <script>window.__xss=1</script>" in page.locator("main").inner_text()
    page.context.clear_cookies()
    log_in(page, "hostile0@exemple.fr")
    for url in ("/mon-compte/", "/"):
        page.goto(page.base_url + url)
        result = page.evaluate(SCAN)
        if result["bad"] or result["ran"]:
            found[url] = result
    assert not dialogs and not found, (dialogs, found)
