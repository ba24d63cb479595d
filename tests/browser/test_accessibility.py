"""Every page type passes axe-core (from the npm registry, injected by the test) with no
violation of serious or critical impact, at desktop width and at 375 px, on the seeded demo as
the demo agent sees it (the login page before logging in)."""

from pathlib import Path

from django.core.management import call_command
from django.utils import timezone

import pytest

from home.models import NewsIndexPage, NewsPage
from knowledge.models import ArticlePage, LibraryDocument, ServicePage, ThemePage
from social.council.models import Meeting
from social.events.models import Event
from social.groups.models import Group, Post
from social.messaging.models import Conversation
from social.projects.models import Project
from tests.browser.test_journeys import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": 1280, "phone": 375}
IMPACTS = {"serious", "critical"}


@pytest.fixture
def demo(media_root):
    call_command("seed_demo", agents=20)
    call_command("search_rebuild", verbosity=0)


def page_types() -> dict[str, str]:
    news = NewsPage.objects.live().filter(audience="all").order_by("-date").first()
    rollout = Project.objects.get(name="Déploiement de l'outil de partage")
    task = rollout.tasks.get(title="Rédiger le guide de prise en main")
    return {
        "homepage": "/",
        "news index": NewsIndexPage.objects.live().first().url,
        "news item": news.url,
        "service page": ServicePage.objects.live().first().url,
        "theme page": ThemePage.objects.live().first().url,
        "article": ArticlePage.objects.live()
        .filter(service__slug="ressources-humaines")
        .first()
        .url,
        "search results": "/recherche/?q=conges",
        "library": "/bibliotheque/",
        "groups": "/groupes/",
        "group": "/groupes/pause-cafe/",
        "group post": Post.objects.filter(group__slug="pause-cafe").first().get_absolute_url(),
        "group members": "/groupes/pause-cafe/membres/",
        "my feed": "/mon-fil/",
        "notifications": "/notifications/",
        "profile": "/mon-compte/",
        "library document (with versions)": "/bibliotheque/documents/"
        f"{LibraryDocument.objects.filter(version_number__gt=1).first().pk}/",
        "polls": "/sondages/",
        "directory search": "/annuaire/?q=delaunai",
        "directory": "/annuaire/",
        "person": "/annuaire/martine-delaunay/",
        "my profile form": "/mon-compte/profil/",
        "account security": "/mon-compte/securite/",
        "authenticator app set-up": "/mon-compte/securite/application/",
        "org chart": "/organigramme/",
        "phone list": "/annuaire/telephones/",
        "council": "/elus/",
        "commission": "/elus/commissions/conseil-municipal/",
        "meeting": Meeting.objects.filter(published=True).first().get_absolute_url(),
        "deliberations": "/elus/deliberations/",
        "messages": "/messages/",
        "conversation": Conversation.objects.get(name="Forum des associations").get_absolute_url(),
        "channel": Conversation.objects.get(group__slug="pause-cafe").get_absolute_url(),
        "new discussion": "/messages/nouvelle/?q=duval",
        "agenda month": "/agenda/",
        "agenda week": "/agenda/semaine/{0.year}/{0.month}/{0.day}/".format(timezone.localdate()),
        "agenda list": "/agenda/a-venir/",
        "my events": "/agenda/mes-evenements/",
        "event": Event.objects.get(title="Formation premiers secours (PSC1)").get_absolute_url(),
        "event form": "/agenda/nouveau/?groupe=" + str(Group.objects.get(slug="pause-cafe").pk),
        "calendar subscription": "/agenda/abonnement/",
        "group projects": "/groupes/referents-numeriques/projets/",
        "board": rollout.get_absolute_url(),
        "task list": f"/projets/{rollout.pk}/liste/",
        "project calendar": f"/projets/{rollout.pk}/calendrier/",
        "task": task.get_absolute_url(),
        "task form": f"/taches/{task.pk}/modifier/",
        "new task": f"/projets/{rollout.pk}/taches/nouvelle/",
        "my tasks": "/mes-taches/",
        "notification settings": "/mon-compte/notifications/",
        "digest preview": "/mon-compte/notifications/resume/",
        "my data": "/mon-compte/mes-donnees/",
        "personal data register": "/donnees-personnelles/",
        "news item to read and confirm": NewsPage.objects.get(read_required=True).url,
    }


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    return [
        f"{item['id']} ({item['impact']}): {item['help']} — {item['targets']}"
        for item in found
        if item["impact"] in IMPACTS
    ]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_page_type_passes_axe(browser, live_server, demo, width):
    assert AXE.exists(), "axe-core missing: run `make assets`"
    context = browser.new_context(
        viewport={"width": WIDTHS[width], "height": 900}, locale="fr-FR", bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    failures = {}
    page.goto(page.base_url + "/connexion/")
    if found := violations(page):
        failures["login"] = found
    log_in(page, "agent@val-de-parvis.fr", password="Parvis-Demo-2026!")
    for name, url in page_types().items():
        page.goto(page.base_url + url)
        if found := violations(page):
            failures[name] = found
    context.close()
    assert not failures, "\n".join(f"{name}: {items}" for name, items in failures.items())


def test_the_audit_catches_a_missing_alternative_text(browser):
    """The harness itself: axe runs in the page and reports what it must."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_content(
        '<html lang="fr"><head><title>t</title></head><body><main><img src="data:,">'
        "</main></body></html>"
    )
    found = violations(page)
    context.close()
    assert any(item.startswith("image-alt") for item in found), found


# Interactive elements a keyboard user must be able to reach; a group of radio buttons is one
# stop (arrows move inside it), as browsers do.
CANDIDATES = """(() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
  const seen = new Set();
  return [...document.querySelectorAll(selector)].filter(el => {
    if (el.disabled || el.getAttribute('tabindex') === '-1' || !el.checkVisibility()) return false;
    if (el.closest('[inert], [aria-hidden=true]')) return false;
    if (el.type === 'radio') {
      const group = (el.form ? el.form.action : '') + '|' + el.name;
      if (seen.has(group)) return false;
      seen.add(group);
    }
    return true;
  });
})"""
REACHABLE = "() => " + CANDIDATES + "().length"
MISSED = (
    "() => "
    + CANDIDATES
    + """().filter(el => !el.dataset.tabbed && !(el.type === 'radio'
  && [...document.getElementsByName(el.name)].some(r => r.dataset.tabbed)))
  .map(el => el.outerHTML.slice(0, 120))"""
)
MARK_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // A date field takes several Tab presses (day, month, year) while it keeps the focus.
  if (el === window.__lastTabbed) return 'same';
  window.__lastTabbed = el;
  if (!el.dataset.tabbed) { el.dataset.tabbed = '1'; return 'new'; }
  return 'again';
}"""


def test_keyboard_alone_reaches_every_action(browser, live_server, demo):
    """Tabbing through each page type reaches every visible link, button and field."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.base_url = live_server.url
    log_in(page, "agent@val-de-parvis.fr", password="Parvis-Demo-2026!")
    missed = {}
    for name, url in page_types().items():
        page.goto(page.base_url + url)
        expected = page.evaluate(REACHABLE)
        reached = 0
        # Date and time fields take a press per part (day, month, year, hours…).
        for _press in range(expected * 3 + 20):
            page.keyboard.press("Tab")
            state = page.evaluate(MARK_FOCUS)
            if state == "new":
                reached += 1
            elif state == "again":
                break
        if reached < expected:
            missed[name] = f"{reached} of {expected}: {page.evaluate(MISSED)}"
    context.close()
    assert not missed, missed
