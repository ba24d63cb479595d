"""The admin's tree of services: a service moved with its sub-tree, by drag and drop (JSON) or
by the « Déplacer » form; never under its own sub-tree; logged; refused to those who may not
change services, who see none of it."""

from html.parser import HTMLParser

from wagtail.models import ModelLogEntry

import pytest

from social.people.models import Service
from social.people.orgchart import service_tree
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db
TREE = "/admin/services/arbre/"


def move_url(service):
    return f"/admin/services/{service.pk}/deplacer/"


@pytest.fixture
def tree(direction, payroll):
    """Direction RH › Paie › Carrières, and Direction des finances beside it."""
    careers = ServiceFactory(name="Carrières", slug="carrieres", parent=payroll)
    finances = ServiceFactory(name="Direction des finances", slug="finances", acronym="DF")
    return {"direction": direction, "payroll": payroll, "careers": careers, "finances": finances}


def parent_of(service):
    return Service.objects.get(pk=service.pk).parent


class ItemParents(HTMLParser):
    """{item id: id of the item it is nested in} of a page's <li id="service-…"> items."""

    def __init__(self):
        super().__init__()
        self.stack, self.parents = [], {}

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            item = dict(attrs).get("id")
            self.parents[item] = self.stack[-1] if self.stack else None
            self.stack.append(item)

    def handle_endtag(self, tag):
        if tag == "li":
            self.stack.pop()


def test_the_tree_shows_each_service_under_its_parent(login, superuser, tree):
    page = login(superuser).get(TREE).content.decode()
    direction, payroll = tree["direction"], tree["payroll"]
    nesting = ItemParents()
    nesting.feed(page[page.index('id="service-tree"') :])
    assert nesting.parents == {
        f"service-{direction.pk}": None,
        f"service-{payroll.pk}": f"service-{direction.pk}",
        f"service-{tree['careers'].pk}": f"service-{payroll.pk}",
        f"service-{tree['finances'].pk}": None,
    }
    assert f'draggable="true" data-service="{payroll.pk}"' in page
    assert f'href="{move_url(payroll)}"' in page
    assert "Haut de l" in page and "people-services.js" in page
    listing = login(superuser).get("/admin/snippets/people/service/").content.decode()
    assert f'href="{TREE}"' in listing and "Arbre des services" in listing


def test_a_service_moves_with_its_sub_tree_and_the_move_is_logged(login, superuser, tree):
    client = login(superuser)
    payroll, finances, careers = tree["payroll"], tree["finances"], tree["careers"]
    form = client.get(move_url(payroll)).content.decode()
    assert f'<option value="{finances.pk}">Direction des finances</option>' in form
    assert f'value="{careers.pk}"' not in form  # under Paie itself: never offered
    answer = client.post(move_url(payroll), {"parent": str(finances.pk)})
    assert answer.status_code == 302 and answer.url == f"{TREE}#service-{payroll.pk}"
    assert parent_of(payroll) == finances
    assert parent_of(careers) == payroll  # the sub-tree came along
    roots = {node.service.slug: node for node in service_tree()}
    assert [child.service.slug for child in roots["finances"].children] == ["paie"]
    entry = ModelLogEntry.objects.for_instance(payroll).get()
    assert entry.user_id == superuser.pk and entry.action == "wagtail.edit"
    page = client.get(TREE).content.decode()
    assert "dépend maintenant de" in page
    # To the top of the chart
    client.post(move_url(payroll), {"parent": ""})
    assert parent_of(payroll) is None


def test_a_service_is_never_put_under_its_own_sub_tree(login, superuser, tree):
    client = login(superuser)
    direction, careers = tree["direction"], tree["careers"]
    answer = client.post(move_url(direction), {"parent": str(careers.pk)}, follow=True)
    assert "qui en dépend" in answer.content.decode()
    assert parent_of(direction) is None and parent_of(careers) == tree["payroll"]
    dragged = client.post(
        move_url(direction), {"parent": str(careers.pk)}, HTTP_ACCEPT="application/json"
    )
    assert dragged.status_code == 400 and "qui en dépend" in dragged.json()["message"]
    gone = client.post(move_url(direction), {"parent": "999999"}, HTTP_ACCEPT="application/json")
    assert gone.status_code == 400 and "n'existe plus" in gone.json()["message"]
    assert parent_of(direction) is None


def test_a_drop_answers_json_and_the_tree_then_says_it(login, superuser, tree):
    client = login(superuser)
    payroll, finances = tree["payroll"], tree["finances"]
    dropped = client.post(
        move_url(payroll), {"parent": str(finances.pk)}, HTTP_ACCEPT="application/json"
    )
    assert dropped.status_code == 200 and dropped.json()["ok"] is True
    assert parent_of(payroll) == finances
    assert "dépend maintenant de" in client.get(TREE).content.decode()


def test_the_tree_and_moves_are_refused_to_those_who_may_not_change_services(
    login, agent, communication_officer, tree
):
    payroll, finances = tree["payroll"], tree["finances"]
    for person in (agent, communication_officer):
        client = login(person)
        for answer in (client.get(TREE), client.get(move_url(payroll))):
            assert answer.status_code in (302, 403)
            assert "Carrières" not in answer.content.decode()
        client.post(move_url(payroll), {"parent": str(finances.pk)})
        client.post(move_url(payroll), {"parent": ""}, HTTP_ACCEPT="application/json")
    assert parent_of(payroll) == tree["direction"]


def test_the_menu_offers_the_tree_to_those_who_may_move_services(
    login, superuser, communication_officer, tree
):
    assert "Arbre des services" in login(superuser).get("/admin/").content.decode()
    dashboard = login(communication_officer).get("/admin/")
    assert dashboard.status_code == 200 and "Arbre des services" not in dashboard.content.decode()
