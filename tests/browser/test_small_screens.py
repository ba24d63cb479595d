"""On a phone: no page scrolls sideways at 320 px (WCAG 1.4.10, reflow), and the header is one
compact row — the organisation's name, search in one tap, the bell always visible, and a menu
button (an accessible disclosure; without JavaScript the menu is simply open)."""

import pytest

from tests.browser.test_accessibility import demo, page_types  # noqa: F401 (fixture)
from tests.browser.test_journeys import intranet, log_in  # noqa: F401 (fixture)
from tests.factories import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 5).map(el => el.tagName + '.' + el.className)"""


def phone(browser, live_server, *, width=375, javascript=True):
    context = browser.new_context(
        viewport={"width": width, "height": 800}, locale="fr-FR", java_script_enabled=javascript
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    return context, page


def test_no_page_type_scrolls_sideways_at_320_px(browser, live_server, demo):  # noqa: F811
    context, page = phone(browser, live_server, width=320)
    log_in(page, "agent@val-de-parvis.fr", password="Parvis-Demo-2026!")
    wider = {}
    for name, url in {"login": "/connexion/", **page_types()}.items():
        page.goto(page.base_url + url)
        if page.evaluate("document.documentElement.scrollWidth") > 320:
            wider[name] = page.evaluate(WIDEST)
    context.close()
    assert not wider, wider


def test_the_phone_header_is_one_row_with_search_bell_and_a_menu(
    browser,
    live_server,
    intranet,  # noqa: F811
):
    from playwright.sync_api import expect

    context, page = phone(browser, live_server)
    log_in(page, "aline@exemple.fr", password=PASSWORD)
    header = page.locator(".site-header__inner")
    assert header.bounding_box()["height"] <= 80
    expect(page.locator(".bell")).to_be_visible()
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("link", name="Actualités", exact=True)).to_be_hidden()

    menu.click()

    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="Actualités", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Mon compte")).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()

    page.get_by_role("link", name="Rechercher").click()  # one tap to search
    page.wait_for_url("**/recherche/")
    context.close()


def test_without_javascript_the_phone_menu_is_open(browser, live_server, intranet):  # noqa: F811
    from playwright.sync_api import expect

    context, page = phone(browser, live_server, javascript=False)
    log_in(page, "aline@exemple.fr", password=PASSWORD)

    expect(page.get_by_role("link", name="Actualités", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    context.close()
