"""Every route of the project, and who may use it.

`test_every_route_has_a_rule` walks the URL configuration (Wagtail's own admin left out, our admin
views and our snippets' and viewsets' admin views kept) and fails on a route missing from RULES,
or on a rule left for a route that no longer exists. `test_rules` then asserts the table for
each of nine roles: anonymous, agent, elected official, group member, group administrator,
service editor, communication officer, deactivated user (whose session survived) and superuser.

A cell is « allowed » when the view lets the person in (any answer but a refusal), « refused »
when it answers 403 or 404 — or, for someone not logged in, sends them to the login page — and
shows none of what it protects. Pages, lists, feeds and fragments are also checked by content:
`shows` names text that exactly the given roles must see in the answer, everyone else not.
Each request runs in a transaction rolled back afterwards, so a POST allowed for one role
(deleting a group, say) does not change what the next role meets.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import quote

from django.contrib.auth.models import Group as AuthGroup
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

import pytest

from cms.demo import files
from home.models import FeedToken, ReadRequirement
from home.services import feed_token_create
from knowledge.curation import service_curation_ensure
from knowledge.library.services import document_upload, document_version_add
from knowledge.models import ArticleFeedback, LibraryDocument, ServiceFolder, Synonym
from social.accounts.models import KioskDevice, SignInEvent
from social.comments.models import CommentReport
from social.comments.services import comment_post
from social.council.models import Commission, CommissionMember, Deliberation, Mandate, Meeting
from social.events.models import CalendarToken, EventCategory, Room
from social.events.services import EventData, event_create, registration_respond
from social.groups.models import Membership, Post, Visibility
from social.groups.services import post_create
from social.mail.compose import unsubscribe_token
from social.messaging.services import conversation_group_create, message_post
from social.notifications.models import Notification
from social.people.models import PeopleImport, Service, Site, User
from social.polls.models import Poll, PollChoice
from social.privacy.export import export_build
from social.privacy.models import DataExport
from social.projects.services import (
    attachment_upload,
    checklist_add,
    project_create,
    task_create,
)
from social.reactions.services import reaction_set
from tests.factories import ServiceFactory, UserFactory, make_news
from tests.knowledge.conftest import kb  # noqa: F401 (the knowledge base fixture)
from tests.social.groups.conftest import make_group, pdf, png

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "agent",
    "elu",
    "member",
    "group_admin",
    "service_editor",
    "communication",
    "deactivated",
    "superuser",
)
LOGGED = frozenset(ROLES) - {"anonymous", "deactivated"}
EVERYONE = frozenset(ROLES)
NOBODY = frozenset()
GROUP_MEMBERS = frozenset({"member", "group_admin"})
GROUP_READERS = GROUP_MEMBERS | {"superuser"}
GROUP_ADMINS = frozenset({"group_admin", "superuser"})
MODERATORS = frozenset({"communication", "superuser"})
ADMIN_USERS = frozenset({"service_editor", "communication", "superuser"})
# Who sees news, polls and pages meant for elected officials only.
ELUS_AUDIENCE = frozenset({"elu", "communication", "superuser"})


@dataclass(frozen=True)
class Case:
    """One request: `url` is formatted with the world (`{group.slug}`), `allowed` the roles
    let in, `shows` text → the roles who must find it in the answer (no one else may)."""

    url: str
    allowed: frozenset
    method: str = "get"
    data: dict = field(default_factory=dict)
    htmx: bool = False
    shows: dict = field(default_factory=dict)
    # For actions whose refusal is a message rather than a 403 (« you are not a member »):
    # effect(world, person) tells whether the action took place; it must exactly for `allowed`.
    effect: Callable | None = None


def get(url, allowed, **kwargs):
    return Case(url, allowed, **kwargs)


def post(url, allowed, data=None, **kwargs):
    return Case(url, allowed, method="post", data=data or {}, **kwargs)


WORD = "Zorglub"  # in the closed group's post, comment, poll, document
WHISPER = "Chuchotement"  # in a discussion between the group's member and its admin
SECRET_GROUP = "Cellule de crise"
ELUS_NEWS = "Ordre du jour du conseil"
ELUS_POLL = "Faut-il ouvrir la séance aux agents ?"
LIBRARY_DOC = "Budget primitif Kzyx"
ELU_MOBILE = "06 99 88 77 66"  # shown to nobody: the élu alone, and those who manage people
AGENT_MOBILE = "06 11 22 33 44"  # shown to the agent's service (Finances)
COUNCIL_SECRET = "Séance à huis clos"
IMPORT_SECRET = "Camille Importée"  # a line of an HR export read, not yet confirmed
GROUP_EVENT = "Kermesse Plouf"  # a recurring event of the closed group, with answers
GROUP_TASK = "Tâche Vroum"  # a task of the closed group's project, assigned to its member
ELUS_EVENT = "Séminaire Blop des élus"
AGENT_EXPORT = "00000000-0000-0000-0000-0000000000bb"  # the agent's « Mes données » ZIP
ELU_SELF = frozenset({"elu", "superuser"})
FINANCES_PEOPLE = frozenset({"agent", "service_editor", "superuser"})

# Wagtail's generic admin views, per snippet or model viewset of ours.
SNIPPET_VIEWS = (
    "list",
    "list_results",
    "add",
    "edit",
    "delete",
    "usage",
    "history",
    "history_results",
    "copy",
)
CHOOSER_VIEWS = ("choose", "choose_results", "chosen", "chosen_multiple", "create")


def _snippet_rules(app_model: str, pk: str, editors: frozenset, *, hidden: str = "") -> dict:
    """The admin views of a snippet: `editors` hold its permissions; choosers are open to every
    admin user (Wagtail's rule), `hidden` text must never appear in them."""
    base = f"/admin/snippets/{app_model}/"
    urls = {
        "list": base,
        "list_results": f"{base}results/",
        "add": f"{base}add/",
        "edit": f"{base}edit/{pk}/",
        "delete": f"{base}delete/{pk}/",
        "usage": f"{base}usage/{pk}/",
        "history": f"{base}history/{pk}/",
        "history_results": f"{base}history-results/{pk}/",
        "copy": f"{base}copy/{pk}/",
    }
    name = app_model.replace("/", "_")
    rules = {f"wagtailsnippets_{name}:{view}": [get(url, editors)] for view, url in urls.items()}
    chooser = f"/admin/snippets/choose/{app_model}/"
    shows = {hidden: NOBODY} if hidden else {}
    rules |= {
        f"wagtailsnippetchoosers_{name}:choose": [get(chooser, ADMIN_USERS, shows=shows)],
        f"wagtailsnippetchoosers_{name}:choose_results": [
            get(f"{chooser}results/", ADMIN_USERS, shows=shows)
        ],
        f"wagtailsnippetchoosers_{name}:chosen": [get(f"{chooser}chosen/{pk}/", ADMIN_USERS)],
        f"wagtailsnippetchoosers_{name}:chosen_multiple": [
            get(f"{chooser}chosen-multiple/?id={pk}", ADMIN_USERS)
        ],
        f"wagtailsnippetchoosers_{name}:create": [get(f"{chooser}create/", editors)],
    }
    return rules


GROUP = "/groupes/{group.slug}/"
POST = GROUP + "publications/{post.pk}/"
DOC = "/bibliotheque/documents/{document.pk}/"
GROUP_DOC = "/bibliotheque/documents/{group_document.pk}/"
CONVERSATION = "/messages/{conversation.pk}/"
MESSAGE = "/messages/message/{conversation_message.pk}/"

RULES: dict[str, list[Case]] = {
    # Public: health, language, login and password reset, Wagtail's own password forms.
    "health": [get("/sante/", EVERYONE)],
    "set_language": [post("/langue/", EVERYONE, {"language": "en", "next": "/"})],
    "people:login": [get("/connexion/", EVERYONE)],
    "accounts:logout": [post("/deconnexion/", LOGGED)],
    "people:password_reset": [get("/mot-de-passe/oublie/", EVERYONE)],
    "people:password_reset_done": [get("/mot-de-passe/envoye/", EVERYONE)],
    "people:password_reset_confirm": [get("/mot-de-passe/nouveau/MQ/bad-token/", EVERYONE)],
    "people:password_reset_complete": [get("/mot-de-passe/change/", EVERYONE)],
    "wagtailcore_login": [get("/_util/login/", EVERYONE)],
    # No password-protected page nor folder exists: an unknown restriction is a 404 for all.
    "wagtailcore_authenticate_with_password": [
        get("/_util/authenticate_with_password/999999/{home.pk}/", NOBODY)
    ],
    "wagtaildocs_authenticate_with_password": [
        get("/documents/authenticate_with_password/999999/", NOBODY)
    ],
    # Feeds: the token is the key; a deactivated person's token opens nothing.
    "home:feed_rss": [
        get("/flux/{agent_token}/actualites.rss", EVERYONE, shows={"Fête du personnel": EVERYONE}),
        get("/flux/{deactivated_token}/actualites.rss", NOBODY),
        get("/flux/not-a-token/actualites.rss", NOBODY),
    ],
    "home:feed_atom": [
        get("/flux/{agent_token}/actualites.atom", EVERYONE, shows={ELUS_NEWS: NOBODY}),
        get("/flux/{deactivated_token}/actualites.atom", NOBODY),
    ],
    # Pages served by Wagtail.
    "wagtail_serve": [
        get("/", LOGGED, shows={ELUS_NEWS: ELUS_AUDIENCE}),
        get("{news_index.url}", LOGGED, shows={ELUS_NEWS: ELUS_AUDIENCE}),
        get("{news.url}", LOGGED, shows={"Fête du personnel": LOGGED}),
        get("{elus_news.url}", ELUS_AUDIENCE, shows={ELUS_NEWS: ELUS_AUDIENCE}),
        get("{kb[finances_page].url}", LOGGED, shows={"Préparer le budget": LOGGED}),
        get("{kb[budget].url}", LOGGED, shows={"Préparer le budget": LOGGED}),
        get("{kb[housing_page].url}", LOGGED, shows={"Plan social confidentiel": {"superuser"}}),
        get("{kb[secret].url}", {"superuser"}, shows={"Plan social confidentiel": {"superuser"}}),
    ],
    # Files: media holds images only; documents and group images never come from it.
    "media": [
        get("/media/{document_file}", NOBODY),
        get("/media/{group_image_file}", NOBODY),
        get("/media/../{document_file}", NOBODY),
    ],
    "wagtaildocs_serve": [
        get("/documents/{document.pk}/{document.filename}", LOGGED),
        get("/documents/{group_document.pk}/{group_document.filename}", GROUP_READERS),
    ],
    # The library.
    "library:index": [get("/bibliotheque/", LOGGED, shows={"Finances": LOGGED})],
    "library:folder": [
        # « Groupes »: the folders of the groups one reads, no other.
        get(
            "/bibliotheque/dossiers/{groups_folder.pk}/",
            LOGGED,
            shows={"Référents numériques": GROUP_READERS, SECRET_GROUP: GROUP_READERS},
        ),
        get("/bibliotheque/dossiers/{finances_folder.pk}/", LOGGED, shows={LIBRARY_DOC: LOGGED}),
        get(
            "/bibliotheque/dossiers/{group.folder_id}/",
            GROUP_READERS,
            shows={f"Rapport {WORD}": GROUP_READERS},
        ),
        get(
            "/bibliotheque/dossiers/{group.folder_id}/",
            GROUP_READERS,
            htmx=True,
            shows={f"Rapport {WORD}": GROUP_READERS},
        ),
    ],
    "library:upload": [
        # Finances' folder: its service's agents only (the service editor is one); neither the
        # communication team nor another service's editors, who held « add » on every folder.
        post(
            "/bibliotheque/dossiers/{finances_folder.pk}/deposer/",
            {"agent", "service_editor", "superuser"},
        ),
        post("/bibliotheque/dossiers/{group.folder_id}/deposer/", GROUP_READERS),
    ],
    "library:document": [
        get(DOC, LOGGED, shows={LIBRARY_DOC: LOGGED}),
        get(GROUP_DOC, GROUP_READERS, shows={f"Rapport {WORD}": GROUP_READERS}),
    ],
    "library:download": [
        get(DOC + "telecharger/", LOGGED),
        get(GROUP_DOC + "telecharger/", GROUP_READERS),
    ],
    "library:preview": [get(GROUP_DOC + "apercu.png", NOBODY)],  # no preview made: 404 for all
    "library:new_version": [
        post(DOC + "nouvelle-version/", {"agent", "communication", "superuser"}),
        post(GROUP_DOC + "nouvelle-version/", GROUP_READERS),
    ],
    "library:version_download": [
        get(DOC + "versions/1/telecharger/", LOGGED),
        get(GROUP_DOC + "versions/1/telecharger/", NOBODY),  # a single version: none stored
    ],
    "library:restore_version": [
        post(DOC + "versions/1/retablir/", {"agent", "communication", "superuser"}),
    ],
    # Tidying: those who may change the document (its uploader, the communication team); its
    # service's editor sees it but may not (403); a group's document: as its new versions.
    "library:rename": [
        post(DOC + "renommer/", {"agent", "communication", "superuser"}, {"title": "Renommé"}),
        post(GROUP_DOC + "renommer/", GROUP_READERS, {"title": "Renommé"}),
    ],
    "library:move": [get(DOC + "deplacer/", {"agent", "communication", "superuser"})],
    "library:trash": [
        get(DOC + "supprimer/", {"agent", "communication", "superuser"}),
        post(DOC + "supprimer/", {"agent", "communication", "superuser"}),
        post(GROUP_DOC + "supprimer/", GROUP_READERS),
    ],
    "library:bin": [get("/bibliotheque/corbeille/", LOGGED, shows={LIBRARY_DOC: NOBODY})],
    # Only a document in the bin can come back: the world's are not (404 for all).
    "library:untrash": [post("/bibliotheque/corbeille/{document.pk}/restaurer/", NOBODY)],
    # Search.
    "knowledge:search": [
        get(
            "/recherche/?q=Zorglub",
            LOGGED,
            shows={f"Message {WORD}": GROUP_READERS, f"Rapport {WORD}": GROUP_READERS},
        ),
        get(
            "/recherche/?q=conseil",
            LOGGED,
            htmx=True,
            shows={ELUS_NEWS: ELUS_AUDIENCE},
        ),
        get(
            "/recherche/?q=confidentiel", LOGGED, shows={"Plan social confidentiel": {"superuser"}}
        ),
    ],
    # An opening of a search row counted: a hidden row is not, with the same empty answer.
    "knowledge:search_click": [post("/recherche/ouverture/", LOGGED, {"item": "0"})],
    "knowledge:search_suggestions": [
        get("/recherche/suggestions/?q=Zorg", LOGGED, htmx=True, shows={WORD: GROUP_READERS}),
    ],
    "knowledge:article_feedback": [
        post("/base/articles/{kb[budget].pk}/avis/", LOGGED, {"useful": "yes"}),
        post("/base/articles/{kb[secret].pk}/avis/", {"superuser"}, {"useful": "yes"}),
    ],
    # My account.
    "people:profile": [get("/mon-compte/", LOGGED)],
    "people:profile_edit": [get("/mon-compte/profil/", LOGGED)],
    # The directory: a field shown to nobody (the élu's mobile) or to a service (the agent's)
    # reaches only the person, their service, and those who manage people.
    "people:directory": [
        get("/annuaire/?q=elue", LOGGED, shows={"Elise Elue": LOGGED, ELU_MOBILE: ELU_SELF}),
        get("/annuaire/?q=aline", LOGGED, shows={AGENT_MOBILE: FINANCES_PEOPLE}),
        get("/annuaire/?q=aline", LOGGED, htmx=True, shows={AGENT_MOBILE: FINANCES_PEOPLE}),
        get("/annuaire/?q=denis", LOGGED, shows={"Denis Parti": NOBODY}),
    ],
    "people:person": [
        get("/annuaire/elise-elue/", LOGGED, shows={ELU_MOBILE: ELU_SELF}),
        get("/annuaire/aline-agent/", LOGGED, shows={AGENT_MOBILE: FINANCES_PEOPLE}),
        get("/annuaire/denis-parti/", NOBODY),
    ],
    "people:person_card": [
        get("/annuaire/elise-elue/carte/", LOGGED, htmx=True, shows={ELU_MOBILE: ELU_SELF}),
        get(
            "/annuaire/aline-agent/carte/", LOGGED, htmx=True, shows={AGENT_MOBILE: FINANCES_PEOPLE}
        ),
    ],
    "people:person_photo": [get("/annuaire/elise-elue/photo/", LOGGED)],
    "people:person_vcard": [
        get("/annuaire/elise-elue/vcard/", LOGGED, shows={ELU_MOBILE.replace(" ", ""): ELU_SELF}),
    ],
    "people:phone_list": [
        get("/annuaire/telephones/", LOGGED, shows={AGENT_MOBILE: FINANCES_PEOPLE}),
    ],
    "people:org_chart": [get("/organigramme/", LOGGED, shows={"Culture": LOGGED})],
    "people:service_export": [
        get(
            "/annuaire/service/finances/export.csv",
            {"superuser"},
            shows={AGENT_MOBILE: {"superuser"}},
        ),
        get("/annuaire/service/finances/export.vcf", {"superuser"}),
    ],
    # The council: a commission's private meeting reaches its members (the élu and the agent,
    # its referent here) and superusers only.
    "council:home": [get("/elus/", LOGGED, shows={COUNCIL_SECRET: {"elu", "agent", "superuser"}})],
    "council:commission": [
        get(
            "/elus/commissions/finances-com/",
            LOGGED,
            shows={COUNCIL_SECRET: {"elu", "agent", "superuser"}},
        ),
    ],
    "council:meeting": [
        get("/elus/seances/{private_meeting.pk}/", {"elu", "agent", "superuser"}),
        get("/elus/seances/{public_meeting.pk}/", LOGGED),
    ],
    "council:deliberations": [
        get("/elus/deliberations/", LOGGED, shows={"2026-099": {"elu", "agent", "superuser"}}),
        get(
            "/elus/deliberations/",
            LOGGED,
            htmx=True,
            shows={"2026-099": {"elu", "agent", "superuser"}},
        ),
    ],
    "parvis_people_import": [
        get("/admin/personnes/import/", {"superuser"}, shows={"export-rh.csv": {"superuser"}}),
        post("/admin/personnes/import/", {"superuser"}, {}),
    ],
    "parvis_service_tree": [
        get("/admin/services/arbre/", {"superuser"}, shows={"Culture": {"superuser"}}),
    ],
    "parvis_service_move": [
        get("/admin/services/{culture.pk}/deplacer/", {"superuser"}),
        post(
            "/admin/services/{culture.pk}/deplacer/",
            {"superuser"},
            {"parent": "{finances.pk}"},
            effect=lambda world, person: (
                Service.objects.get(pk=world["culture"].pk).parent_id == world["finances"].pk
            ),
        ),
    ],
    "parvis_people_import_job": [
        get(
            "/admin/personnes/import/{people_import.token}/",
            {"superuser"},
            shows={IMPORT_SECRET: {"superuser"}},
        ),
        get(
            "/admin/personnes/import/{people_import.token}/?status=1",
            {"superuser"},
            shows={IMPORT_SECRET: {"superuser"}},
        ),
        post(
            "/admin/personnes/import/{people_import.token}/",
            {"superuser"},
            {"action": "abandon"},
            effect=lambda world, person: (
                PeopleImport.objects.get(pk=world["people_import"].pk).status == "abandoned"
            ),
        ),
    ],
    "wagtailusers_users:edit": [get("/admin/users/edit/{agent_user.pk}/", {"superuser"})],
    "people:password_change": [get("/mon-compte/mot-de-passe/", LOGGED)],
    # Wagtail's login page is closed to all: it sends everyone to Parvis's.
    "admin/login/": [get("/admin/login/", NOBODY), post("/admin/login/", NOBODY)],
    # Field agents: the activation page is open to all; printing a code, to HR and managers.
    "accounts:activation": [get("/connexion/activation/", EVERYONE)],
    # Installing a shared tablet: a one-time signed link; a forged one is refused to all.
    "accounts:kiosk_install": [get("/kiosque/installer/pas-un-jeton/", NOBODY)],
    "accounts:activation_code_new": [
        get("/annuaire/{agent_user.slug}/code-d-activation/", {"superuser"}),
        post("/annuaire/{agent_user.slug}/code-d-activation/", {"superuser"}),
    ],
    # A one-time QR sign-in: shown by HR and managers; an unknown one opens nothing.
    "accounts:qr_sign_in_new": [
        get("/annuaire/{agent_user.slug}/connexion-qr/", {"superuser"}),
        post("/annuaire/{agent_user.slug}/connexion-qr/", {"superuser"}),
    ],
    "accounts:qr_sign_in": [
        get("/connexion/qr/inconnu/", NOBODY),
        post("/connexion/qr/inconnu/", NOBODY),
    ],
    # Single sign-on is not configured in this world: no button, no route.
    "accounts:sso_start": [get("/connexion/sso/", NOBODY)],
    "accounts:sso_callback": [get("/connexion/sso/retour/?code=x&state=y", NOBODY)],
    # Already verified (or owing nothing): sent on; without a session: the login page.
    "accounts:verify": [get("/connexion/verification/", LOGGED)],
    "accounts:security": [get("/mon-compte/securite/", LOGGED)],
    "accounts:app_setup": [get("/mon-compte/securite/application/", LOGGED)],
    "accounts:recovery_codes": [post("/mon-compte/securite/codes-de-secours/", LOGGED)],
    # Only one's own factors and sessions: someone else's are « no longer there ».
    "accounts:factor_delete": [post("/mon-compte/securite/facteurs/totp/0/retirer/", LOGGED)],
    "accounts:session_close": [post("/mon-compte/securite/sessions/0/fermer/", LOGGED)],
    "accounts:key_registration_begin": [
        post("/mon-compte/securite/cles/inscription/debut/", LOGGED)
    ],
    "accounts:key_registration_complete": [
        post("/mon-compte/securite/cles/inscription/fin/", LOGGED)
    ],
    "accounts:key_authentication_begin": [post("/connexion/verification/cle/debut/", LOGGED)],
    "accounts:key_authentication_complete": [post("/connexion/verification/cle/fin/", LOGGED)],
    # The agenda: a closed group's recurring event (its readers only) and the élus' event.
    "events:index": [get("/agenda/", LOGGED)],
    "events:month": [
        get(
            "/agenda/mois/{event_month}/",
            LOGGED,
            shows={GROUP_EVENT: GROUP_READERS, ELUS_EVENT: ELUS_AUDIENCE},
        ),
        get("/agenda/mois/{event_month}/", LOGGED, htmx=True, shows={GROUP_EVENT: GROUP_READERS}),
    ],
    "events:week": [
        get(
            "/agenda/semaine/{event_day}/",
            LOGGED,
            shows={GROUP_EVENT: GROUP_READERS, ELUS_EVENT: ELUS_AUDIENCE},
        )
    ],
    "events:list": [
        get(
            "/agenda/a-venir/",
            LOGGED,
            shows={GROUP_EVENT: GROUP_READERS, ELUS_EVENT: ELUS_AUDIENCE},
        ),
        get("/agenda/a-venir/?groupe={group.pk}", LOGGED, shows={GROUP_EVENT: GROUP_READERS}),
    ],
    "events:mine": [
        get(
            "/agenda/mes-evenements/",
            LOGGED,
            shows={GROUP_EVENT: GROUP_MEMBERS, ELUS_EVENT: {"communication"}},
        )
    ],
    # Publishing to an audience is the communication officers'; group members are sent to
    # their groups to propose one there.
    "events:create": [
        get("/agenda/nouveau/", {"communication", "superuser", "member", "group_admin"}),
        get("/agenda/nouveau/?groupe={group.pk}", GROUP_MEMBERS),
    ],
    "events:detail": [
        get(
            "/agenda/evenements/{group_event.pk}/",
            GROUP_READERS,
            shows={GROUP_EVENT: GROUP_READERS},
        ),
        get("/agenda/evenements/{elus_event.pk}/", ELUS_AUDIENCE),
    ],
    "events:respond": [
        post("/agenda/evenements/{group_event.pk}/repondre/", GROUP_READERS, {"response": "yes"}),
        post(
            "/agenda/evenements/{group_event.pk}/repondre/",
            GROUP_READERS,
            {"response": "maybe"},
            htmx=True,
        ),
    ],
    "events:ics": [
        get("/agenda/evenements/{group_event.pk}/evenement.ics", GROUP_READERS),
        get("/agenda/evenements/{elus_event.pk}/evenement.ics", ELUS_AUDIENCE),
    ],
    "events:image": [get("/agenda/evenements/{group_event.pk}/image/", GROUP_READERS)],
    # No visio service in this world (tests/social/events covers the room's link).
    "events:visio": [get("/agenda/evenements/{group_event.pk}/visio/", NOBODY)],
    "events:edit": [get("/agenda/evenements/{group_event.pk}/modifier/", GROUP_ADMINS)],
    "events:cancel": [
        get("/agenda/evenements/{group_event.pk}/annuler/", GROUP_ADMINS),
        get("/agenda/evenements/{elus_event.pk}/annuler/", MODERATORS),
    ],
    "events:occurrence": [
        get(
            "/agenda/evenements/{group_event.pk}/seance/?seance={group_event_session}", GROUP_ADMINS
        )
    ],
    "events:participants": [
        get(
            "/agenda/evenements/{group_event.pk}/participants/",
            GROUP_ADMINS,
            shows={"Réponses des participants": GROUP_ADMINS},
        )
    ],
    "events:participants_csv": [
        get("/agenda/evenements/{group_event.pk}/participants.csv", GROUP_ADMINS)
    ],
    "events:participants_message": [
        post(
            "/agenda/evenements/{group_event.pk}/participants/message/",
            GROUP_ADMINS,
            {"body": "Rendez-vous à 10 h"},
        )
    ],
    "events:subscriptions": [
        get("/agenda/abonnement/", LOGGED, shows={"Téléphone de Aline": {"agent"}})
    ],
    "events:subscription_new": [post("/agenda/abonnement/nouveau/", LOGGED, {"name": "Tél."})],
    "events:subscription_revoke": [
        # Only ever one's own subscription: others change nothing.
        post(
            "/agenda/abonnement/{calendar_token_row.pk}/revoquer/",
            {"agent"},
            effect=lambda world, person: (
                not CalendarToken.objects.active()
                .filter(pk=world["calendar_token_row"].pk)
                .exists()
            ),
        ),
    ],
    "events:feed": [
        # The member's subscription: their group's event, never the élus'.
        get(
            "/agenda/abonnement/{member_calendar_token}/agenda.ics",
            EVERYONE,
            shows={GROUP_EVENT: EVERYONE, ELUS_EVENT: NOBODY},
        ),
        get("/agenda/abonnement/{deactivated_calendar_token}/agenda.ics", NOBODY),
        get("/agenda/abonnement/pas-un-jeton/agenda.ics", NOBODY),
    ],
    **_snippet_rules("events/eventcategory", "{event_category.pk}", MODERATORS),
    **_snippet_rules("events/room", "{room.pk}", MODERATORS),
    # Projects: a closed group's project is its members' (and superusers') only.
    "projects:mine": [get("/mes-taches/", LOGGED, shows={GROUP_TASK: {"member"}})],
    "projects:group": [
        get("/groupes/{group.slug}/projets/", GROUP_READERS, shows={"Projet Vroum": GROUP_READERS})
    ],
    "projects:create": [
        get("/groupes/{group.slug}/projets/nouveau/", GROUP_READERS),
        post("/groupes/{group.slug}/projets/nouveau/", GROUP_READERS, {"name": "Autre projet"}),
    ],
    "projects:board": [
        get("/projets/{project.pk}/", GROUP_READERS, shows={GROUP_TASK: GROUP_READERS}),
        get("/projets/{project.pk}/", GROUP_READERS, htmx=True, shows={GROUP_TASK: GROUP_READERS}),
    ],
    "projects:list": [
        get("/projets/{project.pk}/liste/", GROUP_READERS, shows={GROUP_TASK: GROUP_READERS}),
        get("/projets/{project.pk}/liste/", GROUP_READERS, htmx=True),
    ],
    "projects:calendar": [
        get("/projets/{project.pk}/calendrier/", GROUP_READERS, shows={GROUP_TASK: GROUP_READERS})
    ],
    "projects:calendar_month": [get("/projets/{project.pk}/calendrier/2026/1/", GROUP_READERS)],
    "projects:edit": [
        get("/projets/{project.pk}/parametres/", GROUP_ADMINS),
        post("/projets/{project.pk}/parametres/", GROUP_ADMINS, {"name": "Projet renommé"}),
    ],
    "projects:columns": [
        get("/projets/{project.pk}/colonnes/", GROUP_ADMINS),
        post(
            "/projets/{project.pk}/colonnes/",
            GROUP_ADMINS,
            {"action": "column_add", "name": "Bloqué"},
        ),
    ],
    "projects:archive": [post("/projets/{project.pk}/archiver/", GROUP_ADMINS)],
    "projects:delete": [
        post("/projets/{project.pk}/supprimer/", GROUP_ADMINS, {"confirmation": "Projet Vroum"})
    ],
    "projects:task_create": [
        get("/projets/{project.pk}/taches/nouvelle/", GROUP_READERS),
        post(
            "/projets/{project.pk}/taches/nouvelle/",
            GROUP_READERS,
            {"title": "Nouvelle", "column": "{project_column.pk}"},
        ),
    ],
    "projects:task": [
        get("/taches/{task.pk}/", GROUP_READERS, shows={"Élément Vroum": GROUP_READERS})
    ],
    "projects:task_edit": [
        get("/taches/{task.pk}/modifier/", GROUP_READERS, shows={GROUP_TASK: GROUP_READERS}),
        post("/taches/{task.pk}/modifier/", GROUP_READERS, {"title": "Renommée", "version": "1"}),
    ],
    "projects:task_move": [
        get("/taches/{task.pk}/deplacer/", GROUP_READERS, shows={GROUP_TASK: GROUP_READERS}),
        get("/taches/{task.pk}/deplacer/", GROUP_READERS, htmx=True),
        post("/taches/{task.pk}/deplacer/", GROUP_READERS, {"sens": "bas"}),
        post("/taches/{task.pk}/deplacer/", GROUP_READERS, {"sens": "haut"}, htmx=True),
    ],
    "projects:task_complete": [post("/taches/{task.pk}/terminer/", GROUP_READERS, {"fait": "1"})],
    "projects:checklist": [
        post(
            "/taches/{task.pk}/liste/",
            GROUP_READERS,
            {"action": "add", "texte": "Encore"},
            htmx=True,
        ),
        post("/taches/{task.pk}/liste/", GROUP_READERS, {"element": "{checklist_item.pk}"}),
    ],
    "projects:attachments": [
        post("/taches/{task.pk}/documents/", GROUP_READERS, {"document": "{task_document.pk}"})
    ],
    "projects:attachment_remove": [
        post("/taches/{task.pk}/documents/{task_attachment.pk}/retirer/", GROUP_READERS)
    ],
    "projects:links": [post("/taches/{task.pk}/liens/", GROUP_READERS, {"adresse": "/"})],
    "projects:dependencies": [
        post("/taches/{task.pk}/dependances/", GROUP_READERS, {"tache": "{other_task.pk}"})
    ],
    "projects:follow": [post("/taches/{task.pk}/suivre/", GROUP_READERS, {"suivre": "1"})],
    "projects:task_archive": [post("/taches/{task.pk}/archiver/", GROUP_READERS)],
    "projects:task_delete": [post("/taches/{task.pk}/supprimer/", GROUP_READERS)],
    "home:feed_tokens": [get("/mon-compte/flux/", LOGGED, shows={"Agenda de Aline": {"agent"}})],
    "home:feed_token_new": [post("/mon-compte/flux/nouveau/", LOGGED, {"name": "Lecteur"})],
    "home:feed_token_delete": [
        # Revoking is only ever done on one's own tokens: others get a 404.
        post(
            "/mon-compte/flux/{agent_token_row.pk}/revoquer/",
            {"agent"},
            effect=lambda world, person: (
                not FeedToken.objects.active().filter(pk=world["agent_token_row"].pk).exists()
            ),
        ),
    ],
    "mail:preferences": [get("/mon-compte/notifications/", LOGGED)],
    "mail:preview": [get("/mon-compte/notifications/resume/", LOGGED)],
    "mail:address_works": [post("/mon-compte/notifications/adresse/", LOGGED)],
    # The link of every e-mail: the signed token is the key, no login (RFC 8058 one-click).
    "mail:unsubscribe": [
        get("/courriel/desabonnement/{unsubscribe_token}/", EVERYONE),
        post("/courriel/desabonnement/{unsubscribe_token}/", EVERYONE),
        post("/courriel/desabonnement/forged/", NOBODY),
    ],
    # Mandatory readings: the élus' item asks the élus only; its follow-up is for communication.
    "home:read_confirm": [post("/lectures-obligatoires/{elus_reading.pk}/lu/", {"elu"})],
    "home:readings": [get("/lectures-obligatoires/", MODERATORS, shows={ELUS_NEWS: MODERATORS})],
    "home:read_report": [
        get(
            "/lectures-obligatoires/{elus_reading.pk}/",
            MODERATORS,
            shows={"Qui n'a pas encore confirmé": MODERATORS},
        )
    ],
    "home:read_export": [get("/lectures-obligatoires/{elus_reading.pk}/export.csv", MODERATORS)],
    "home:read_remind": [post("/lectures-obligatoires/{elus_reading.pk}/relancer/", MODERATORS)],
    # Comments, reactions, mentions.
    "comments:mentions": [
        get(
            "/commentaires/mentions/?cible=publication-{post.pk}&q=Paul",
            GROUP_READERS,
            shows={"Paul Membre": {"group_admin", "superuser"}},
        ),
        get("/commentaires/mentions/?cible=page-{elus_news.pk}&q=Elise", ELUS_AUDIENCE),
    ],
    "comments:discussion": [
        get(
            "/commentaires/publication/{post.pk}/?commentaires=1",
            GROUP_READERS,
            htmx=True,
            shows={f"Commentaire {WORD}": GROUP_READERS},
        ),
        get("/commentaires/page/{elus_news.pk}/", ELUS_AUDIENCE, htmx=True),
    ],
    "comments:post": [
        post("/commentaires/publication/{post.pk}/publier/", GROUP_READERS, {"body": "Bonjour"}),
        post("/commentaires/page/{news.pk}/publier/", LOGGED, {"body": "Bonjour"}),
        post("/commentaires/page/{elus_news.pk}/publier/", ELUS_AUDIENCE, {"body": "Bonjour"}),
    ],
    "comments:reply": [  # the answer form (answers go to comments:post)
        get("/commentaires/{group_comment.pk}/repondre/", GROUP_READERS, htmx=True),
        get("/commentaires/{news_comment.pk}/repondre/", LOGGED),
    ],
    "comments:edit": [
        # The author alone edits (moderators hide, they do not rewrite).
        post("/commentaires/{news_comment.pk}/modifier/", {"agent"}, {"body": "Corrigé"}),
        get(
            "/commentaires/{group_comment.pk}/modifier/",
            {"member"},
            htmx=True,
            shows={f"Commentaire {WORD}": {"member"}},
        ),
    ],
    "comments:delete": [
        # The author, the site's moderators, and a group's administrators under its posts.
        post("/commentaires/{news_comment.pk}/supprimer/", {"agent"} | MODERATORS),
        # Moderators moderate what they may read: not a closed group they are not in.
        post("/commentaires/{group_comment.pk}/supprimer/", GROUP_READERS),
    ],
    "comments:report": [
        # Anyone who reads a comment may report it, except its author.
        post("/commentaires/{news_comment.pk}/signaler/", LOGGED - {"agent"}, {"reason": "spam"}),
        post(
            "/commentaires/{group_comment.pk}/signaler/",
            GROUP_READERS - {"member"},
            {"reason": "spam"},
        ),
    ],
    "reactions:set": [
        post("/reactions/publication/{post.pk}/", GROUP_READERS, {"reaction": "like:on"}),
        post("/reactions/page/{elus_news.pk}/", ELUS_AUDIENCE, {"reaction": "like:on"}),
        post("/reactions/commentaire/{news_comment.pk}/", LOGGED, {"reaction": "like:on"}),
    ],
    "reactions:who": [
        get(
            "/reactions/publication/{post.pk}/qui/",
            GROUP_READERS,
            shows={"Paul Membre": GROUP_READERS},
        ),
        get("/reactions/page/{elus_news.pk}/qui/", ELUS_AUDIENCE),
    ],
    # Polls.
    "polls:list": [
        get("/sondages/", LOGGED, shows={ELUS_POLL: ELUS_AUDIENCE, f"Sondage {WORD}": NOBODY}),
    ],
    "polls:detail": [
        get("/sondages/{poll.pk}/", LOGGED),
        get("/sondages/{elus_poll.pk}/", ELUS_AUDIENCE, shows={ELUS_POLL: ELUS_AUDIENCE}),
        get("/sondages/{post.poll_id}/", GROUP_READERS, shows={f"Sondage {WORD}": GROUP_READERS}),
    ],
    "polls:vote": [
        post("/sondages/{poll.pk}/voter/", LOGGED, {"choice": "{poll_choice.pk}"}),
        post("/sondages/{elus_poll.pk}/voter/", ELUS_AUDIENCE, {"choice": "{elus_poll_choice.pk}"}),
        post(
            "/sondages/{post.poll_id}/voter/", GROUP_READERS, {"choice": "{group_poll_choice.pk}"}
        ),
    ],
    "polls:results_csv": [
        # The poll's owner (the communication officer here) and communication officers.
        get("/sondages/{poll.pk}/resultats.csv", MODERATORS),
        get("/sondages/{post.poll_id}/resultats.csv", {"member", "superuser"}),
    ],
    # Notifications (the member's: a comment on her post).
    "notifications:list": [
        get("/notifications/", LOGGED, shows={"Bravo Wxyz": {"member"}}),
    ],
    "notifications:bell": [
        get(
            "/notifications/cloche/",
            EVERYONE,
            htmx=True,
            shows={"bell__count": {"member", "group_admin"}},
        ),
    ],
    "notifications:mark_all_read": [post("/notifications/tout-lu/", LOGGED)],
    "notifications:open": [get("/notifications/{notification.pk}/", {"member"})],
    "notifications:mark_read": [
        post("/notifications/{notification.pk}/lue/", {"member"}, htmx=True)
    ],
    # Groups.
    # Conversations: their participants only (superusers included among the refused).
    "messaging:index": [get("/messages/", LOGGED, shows={WHISPER: GROUP_MEMBERS})],
    "messaging:badge": [get("/messages/badge/", LOGGED)],
    "messaging:new": [get("/messages/nouvelle/?q=agent", LOGGED)],
    "messaging:start_direct": [post("/messages/avec/{agent_user.slug}/", LOGGED)],
    "messaging:block": [post("/messages/bloquer/{agent_user.slug}/", LOGGED, {"blocked": "1"})],
    "messaging:open_channel": [post("/messages/canal/{group.pk}/", GROUP_MEMBERS)],
    "messaging:conversation": [
        get(CONVERSATION, GROUP_MEMBERS, shows={WHISPER: GROUP_MEMBERS}),
        get(CONVERSATION + "?avant=999999999", GROUP_MEMBERS, htmx=True),
    ],
    "messaging:updates": [
        get(CONVERSATION + "suite/?apres=0&depuis=0", GROUP_MEMBERS, htmx=True),
    ],
    "messaging:send": [post(CONVERSATION + "envoyer/", GROUP_MEMBERS, {"body": "Bonjour"})],
    "messaging:members": [get(CONVERSATION + "participants/?q=agent", GROUP_MEMBERS)],
    "messaging:leave": [post(CONVERSATION + "quitter/", GROUP_MEMBERS)],
    "messaging:rename": [post(CONVERSATION + "renommer/", GROUP_MEMBERS, {"name": "Autre"})],
    "messaging:mark": [post(CONVERSATION + "sourdine/", GROUP_MEMBERS)],
    "messaging:edit": [get(MESSAGE + "modifier/", {"member"})],
    "messaging:delete": [post(MESSAGE + "supprimer/", {"member"})],
    "messaging:pin": [post(MESSAGE + "epingler/", GROUP_MEMBERS, {"pinned": "1"})],
    "messaging:report": [get(MESSAGE + "signaler/", {"group_admin"})],
    # Who handles reports: communication officers (and superusers), administrators of groups.
    "messaging:reports": [
        get("/messages/signalements/", {"group_admin", "communication", "superuser"})
    ],
    "messaging:files": [get(CONVERSATION + "fichiers/", GROUP_MEMBERS)],
    # A message's file (no file in this world: tests/social/messaging/test_attachments.py).
    "messaging:file": [get("/messages/fichiers/999999/", NOBODY)],
    "messaging:search": [
        get(
            CONVERSATION + "recherche/?q=service",
            GROUP_MEMBERS,
            shows={WHISPER: GROUP_MEMBERS},
        )
    ],
    # No visio service is configured here: the actions answer 404 to all, the join too.
    "messaging:visio": [post(CONVERSATION + "visio/", NOBODY)],
    "messaging:visio_group": [post("/messages/canal/{group.pk}/visio/", NOBODY)],
    "messaging:visio_person": [post("/messages/avec/{agent_user.slug}/visio/", NOBODY)],
    "messaging:visio_join": [get("/messages/visio/{conversation_message.pk}/", NOBODY)],
    # The live stream answers under ASGI only: 204 here (no stream), for those let in.
    "live_stream": [get("/temps-reel/", LOGGED)],
    "groups:feed": [
        get("/mon-fil/", LOGGED, shows={f"Message {WORD}": {"member", "group_admin"}}),
        get(
            "/mon-fil/?avant=2999-01-01T00:00:00%2B00:00~0~999999999",
            LOGGED,
            htmx=True,
            shows={f"Message {WORD}": {"member", "group_admin"}},
        ),
    ],
    "groups:index": [
        get(
            "/groupes/",
            LOGGED,
            shows={"Référents numériques": LOGGED, SECRET_GROUP: GROUP_READERS},
        ),
        get(
            "/groupes/?q=crise",
            LOGGED,
            htmx=True,
            shows={SECRET_GROUP: GROUP_READERS},
        ),
    ],
    "groups:create": [get("/groupes/creer/", LOGGED)],
    "groups:image": [get("/groupes/images/{group_image.pk}/", GROUP_READERS)],
    "groups:detail": [
        get(GROUP, LOGGED, shows={f"Message {WORD}": GROUP_READERS}),
        get("/groupes/{secret_group.slug}/", GROUP_READERS, shows={SECRET_GROUP: GROUP_READERS}),
    ],
    "groups:edit": [get(GROUP + "modifier/", GROUP_ADMINS)],
    "groups:delete": [post(GROUP + "supprimer/", GROUP_ADMINS)],
    "groups:logo": [get(GROUP + "image/", NOBODY)],  # no logo set: 404 for all
    "groups:documents": [get(GROUP + "documents/", GROUP_READERS)],
    "groups:members": [
        get(GROUP + "membres/", GROUP_READERS, shows={"Paul Membre": GROUP_READERS}),
    ],
    # Joining a closed group sends a request; its members are already in.
    "groups:join": [
        post(GROUP + "rejoindre/", LOGGED, effect=lambda world, person: _is_in(world, person)),
        # A secret group is joined by invitation only (its members are in already).
        post("/groupes/{secret_group.slug}/rejoindre/", GROUP_MEMBERS),
    ],
    # The member leaves; the last administrator may not; others are in nothing to leave.
    "groups:leave": [
        post(
            GROUP + "quitter/",
            {"member"},
            effect=lambda world, person: (
                Membership.objects.filter(group=world["group"]).count() < world["group_rows"]
            ),
        )
    ],
    "groups:invite": [post(GROUP + "inviter/", GROUP_ADMINS, {"user": "{agent_user.pk}"})],
    "groups:notifications": [post(GROUP + "notifications/", GROUP_MEMBERS, {"niveau": "none"})],
    "groups:decide": [post(GROUP + "demandes/{request.pk}/accepter/", GROUP_ADMINS)],
    "groups:member_action": [
        post(GROUP + "membres/{membership.pk}/role/", GROUP_ADMINS, {"role": "admin"}),
        post(GROUP + "membres/{membership.pk}/retirer/", GROUP_ADMINS),
    ],
    "groups:publish": [post(GROUP + "publier/", GROUP_MEMBERS, {"body": "Bonjour à tous"})],
    "groups:post": [get(POST, GROUP_READERS, shows={f"Message {WORD}": GROUP_READERS})],
    "groups:post_edit": [
        get(POST + "modifier/", {"member"}, shows={f"Message {WORD}": {"member"}})
    ],
    "groups:post_delete": [post(POST + "supprimer/", {"member", "group_admin", "superuser"})],
    "groups:post_moderate": [post(POST + "moderer/", GROUP_ADMINS, {"action": "hide"})],
    "groups:choose_answer": [
        post(POST + "meilleure-reponse/", NOBODY, {"comment": "{group_comment.pk}"})
    ],
    # Our admin views.
    "comments_moderation": [
        get("/admin/moderation/", MODERATORS, shows={"Commentaire signalé Qwerty": MODERATORS}),
    ],
    "comments_moderate": [post("/admin/moderation/{news_comment.pk}/hide/", MODERATORS)],
    "parvis_search_terms": [get("/admin/rapports/recherches/", MODERATORS)],
    # Personal data: one's own page and export; the retention settings and departures in the
    # admin, for those who manage people (superusers here).
    "privacy:my_data": [get("/mon-compte/mes-donnees/", LOGGED, shows={AGENT_EXPORT: {"agent"}})],
    "privacy:export_new": [post("/mon-compte/mes-donnees/export/", LOGGED)],
    "privacy:export_download": [
        get("/mon-compte/mes-donnees/export/" + AGENT_EXPORT + "/", {"agent"})
    ],
    "privacy:register": [
        get("/donnees-personnelles/", LOGGED, shows={"Journal des connexions": LOGGED})
    ],
    "parvis_retention": [get("/admin/conservation/", {"superuser"})],
    "parvis_audit_log": [get("/admin/rapports/journal-d-audit/", {"superuser"})],
    "parvis_audit_log_results": [get("/admin/rapports/journal-d-audit/resultats/", {"superuser"})],
    "parvis_person_deactivate": [
        get("/admin/personnes/{agent_user.pk}/depart/", {"superuser"}),
        post("/admin/personnes/{departing.pk}/depart/", {"superuser"}),
    ],
    "parvis_person_anonymise": [get("/admin/personnes/{agent_user.pk}/anonymiser/", {"superuser"})],
    "parvis_mail_report": [
        get("/admin/rapports/courriels/", {"superuser"}, shows={"Adresses en échec": {"superuser"}})
    ],
    "parvis_search_promote": [
        post("/admin/rapports/recherches/mettre-en-avant/", MODERATORS, {"term": "piscine"})
    ],
    # The sign-in log: read by superusers, written by nobody.
    "sign_in_log:index": [
        get(
            "/admin/journal-des-connexions/?q=tentative",
            {"superuser"},
            shows={"tentative@exemple.fr": {"superuser"}},
        )
    ],
    "sign_in_log:index_results": [get("/admin/journal-des-connexions/results/", {"superuser"})],
    "sign_in_log:inspect": [
        get("/admin/journal-des-connexions/inspect/{sign_in_event.pk}/", {"superuser"})
    ],
    "sign_in_log:add": [get("/admin/journal-des-connexions/new/", NOBODY)],
    "sign_in_log:edit": [get("/admin/journal-des-connexions/edit/{sign_in_event.pk}/", NOBODY)],
    "sign_in_log:delete": [
        post("/admin/journal-des-connexions/delete/{sign_in_event.pk}/", NOBODY)
    ],
    "sign_in_log:history": [
        get("/admin/journal-des-connexions/history/{sign_in_event.pk}/", NOBODY)
    ],
    "sign_in_log:history_results": [
        get("/admin/journal-des-connexions/history-results/{sign_in_event.pk}/", NOBODY)
    ],
    "sign_in_log:copy": [get("/admin/journal-des-connexions/copy/{sign_in_event.pk}/", NOBODY)],
    "sign_in_log:usage": [get("/admin/journal-des-connexions/usage/{sign_in_event.pk}/", NOBODY)],
    # Shared tablets: registered and installed by superusers only.
    "kiosks:index": [get("/admin/bornes/", {"superuser"}, shows={"Tablette Qwer": {"superuser"}})],
    "kiosks:index_results": [get("/admin/bornes/results/", {"superuser"})],
    "kiosks:add": [get("/admin/bornes/new/", {"superuser"})],
    "kiosks:edit": [get("/admin/bornes/edit/{kiosk.pk}/", {"superuser"})],
    "kiosks:delete": [get("/admin/bornes/delete/{kiosk.pk}/", {"superuser"})],
    "kiosks:copy": [get("/admin/bornes/copy/{kiosk.pk}/", {"superuser"})],
    "kiosks:history": [get("/admin/bornes/history/{kiosk.pk}/", {"superuser"})],
    "kiosks:history_results": [get("/admin/bornes/history-results/{kiosk.pk}/", {"superuser"})],
    "kiosks:usage": [get("/admin/bornes/usage/{kiosk.pk}/", {"superuser"})],
    "parvis_kiosk_install_link": [
        get("/admin/bornes/{kiosk.pk}/installer/", {"superuser"}),
        post("/admin/bornes/{kiosk.pk}/installer/", {"superuser"}),
    ],
    # A lost phone: a superuser removes someone else's factors.
    "parvis_second_factor_reset": [
        get("/admin/personnes/{agent_user.pk}/double-authentification/", {"superuser"}),
        post("/admin/personnes/{agent_user.pk}/double-authentification/", {"superuser"}),
    ],
    "article_feedback:index": [
        get(
            "/admin/article_feedback/",
            {"service_editor", "superuser"},
            shows={"Avis Mnbv": {"service_editor", "superuser"}},
        )
    ],
    "article_feedback:index_results": [
        get("/admin/article_feedback/results/", {"service_editor", "superuser"})
    ],
    "article_feedback:inspect": [
        get("/admin/article_feedback/inspect/{feedback.pk}/", {"service_editor", "superuser"})
    ],
    # No button leads there; Wagtail still lets a superuser, who holds every right, in.
    "article_feedback:add": [get("/admin/article_feedback/new/", {"superuser"})],
    "article_feedback:edit": [get("/admin/article_feedback/edit/{feedback.pk}/", {"superuser"})],
    "article_feedback:delete": [
        get("/admin/article_feedback/delete/{feedback.pk}/", {"superuser"})
    ],
    "article_feedback:history": [
        get("/admin/article_feedback/history/{feedback.pk}/", {"superuser"})
    ],
    "article_feedback:history_results": [
        get("/admin/article_feedback/history-results/{feedback.pk}/", {"superuser"})
    ],
    "article_feedback:usage": [get("/admin/article_feedback/usage/{feedback.pk}/", {"superuser"})],
    # Wagtail's group deletion, ours to refuse a group a service folder needs.
    "wagtailusers_groups:delete": [
        get("/admin/groups/delete/{finances.library_folder.members_group_id}/", {"superuser"}),
        post("/admin/groups/delete/{finances.library_folder.members_group_id}/", {"superuser"}),
    ],
    **_snippet_rules("people/service", "{finances.pk}", frozenset({"superuser"})),
    **_snippet_rules("knowledge/theme", "{kb[housing].pk}", frozenset({"superuser"})),
    **_snippet_rules("polls/poll", "{poll.pk}", MODERATORS, hidden=f"Sondage {WORD}"),
    **_snippet_rules("knowledge/synonym", "{synonym.pk}", MODERATORS),
    **_snippet_rules("people/site", "{site.pk}", frozenset({"superuser"})),
    **_snippet_rules("council/commission", "{commission.pk}", frozenset({"superuser"})),
    **_snippet_rules(
        "council/meeting", "{private_meeting.pk}", frozenset({"superuser"}), hidden=COUNCIL_SECRET
    ),
    **_snippet_rules("council/mandate", "{mandate.pk}", frozenset({"superuser"})),
}


def _routes(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else prefix + str(pattern.pattern)
            yield prefix + str(pattern.pattern), name, pattern.lookup_str


OUR_PACKAGES = ("cms.", "home.", "knowledge.", "social.")
OUR_ADMIN_NAMES = (
    "article_feedback:",
    "sign_in_log:",
    "kiosks:",
    "wagtailsnippets_",
    "wagtailsnippetchoosers_",
)
OUR_SNIPPETS = (
    "people_service",
    "people_site",
    "knowledge_theme",
    "polls_poll",
    "knowledge_synonym",
    "council_commission",
    "council_meeting",
    "council_mandate",
    "events_eventcategory",
    "events_room",
)


def project_routes() -> set[str]:
    """Every route but Wagtail's own admin: ours, Wagtail's front end, and the admin views of
    our code, snippets and viewsets."""
    names = set()
    for route, name, view in _routes(get_resolver().url_patterns):
        if route.startswith("admin/"):
            ours = view.startswith(OUR_PACKAGES) or (
                name.startswith(OUR_ADMIN_NAMES)
                and (
                    name.startswith(("article_feedback:", "sign_in_log:", "kiosks:"))
                    or any(s in name for s in OUR_SNIPPETS)
                )
            )
            if not ours:
                continue
        names.add(name)
    return names


def test_every_route_has_a_rule():
    routes = project_routes()
    missing = sorted(routes - RULES.keys())
    stale = sorted(RULES.keys() - routes)
    assert not missing, f"routes without an access rule in RULES: {missing}"
    assert not stale, f"rules for routes that no longer exist: {stale}"
    assert len(routes) > 120  # the walk reached the admin views too


def test_the_inventory_sees_a_new_route(settings):
    """The walk is proven: a route added to the URL configuration is reported."""
    from django.urls import path

    import cms.urls

    urlconf = type("urlconf", (), {})()
    urlconf.urlpatterns = [
        path("nouveau/", lambda request: None, name="brand_new"),
        *cms.urls.urlpatterns,
    ]
    settings.ROOT_URLCONF = urlconf
    assert "brand_new" in project_routes() - RULES.keys()


@pytest.fixture
def world(
    home,
    kb,  # noqa: F811 (the fixture imported above)
    finances,
    news_index,
    communication_officer,
    superuser,
    media_root,
    django_capture_on_commit_callbacks,
):
    culture = ServiceFactory(name="Culture", slug="culture-service")
    people = {
        "agent": UserFactory(
            email="aline.agent@exemple.fr", first_name="Aline", last_name="Agent", service=finances
        ),
        "elu": UserFactory(
            email="elise.elue@exemple.fr", first_name="Elise", last_name="Elue", role=User.Role.ELU
        ),
        "member": UserFactory(
            email="paul.membre@exemple.fr", first_name="Paul", last_name="Membre", service=culture
        ),
        "group_admin": UserFactory(
            email="claire.admin@exemple.fr", first_name="Claire", last_name="Admin", service=culture
        ),
        "service_editor": UserFactory(
            email="eddy.editeur@exemple.fr",
            first_name="Eddy",
            last_name="Editeur",
            service=finances,
        ),
        "communication": communication_officer,
        "deactivated": UserFactory(
            email="denis.parti@exemple.fr", first_name="Denis", last_name="Parti", service=finances
        ),
        "superuser": superuser,
    }
    # The service editor: in « Éditeurs — Finances », who edit and publish that service's pages.
    service_curation_ensure(service_page=kb["finances_page"])
    people["service_editor"].groups.add(AuthGroup.objects.get(name="Éditeurs — Finances"))
    requester = UserFactory(email="remi.demande@exemple.fr", first_name="Rémi", last_name="Demande")
    with django_capture_on_commit_callbacks(execute=True):
        group = make_group(
            people["group_admin"],
            Visibility.CLOSED,
            "Référents numériques",
            members=[people["member"]],
        )
        secret_group = make_group(
            people["group_admin"], Visibility.SECRET, SECRET_GROUP, members=[people["member"]]
        )
        request = Membership.objects.create(
            group=group, user=requester, state=Membership.State.REQUESTED
        )
        group_post = post_create(
            group=group,
            author=people["member"],
            body=f"Message {WORD} du groupe",
            images=[(png(), f"Image {WORD}")],
            documents=[pdf("rapport.pdf")],
            poll={"question": f"Sondage {WORD} ?", "choices": ["Oui", "Non"]},
            rate_limited=False,
        )
        group_document = group_post.attachments.get().document
        group_document.title = f"Rapport {WORD}"
        group_document.save()
        group_comment = comment_post(
            author=people["member"],
            target=group_post,
            body=f"Commentaire {WORD}",
            rate_limited=False,
        )
        comment_post(
            author=people["group_admin"], target=group_post, body="Bravo Wxyz", rate_limited=False
        )
        reaction_set(user=people["member"], target=group_post, kind="like", on=True)
        news = make_news(news_index, title="Fête du personnel", lead="Rendez-vous le 12 juin.")
        elus_news = make_news(news_index, title=ELUS_NEWS, audience="elus", read_required=True)
        news_comment = comment_post(
            author=people["agent"],
            target=news,
            body="Commentaire signalé Qwerty",
            rate_limited=False,
        )
        finances_folder = ServiceFolder.objects.get(service=finances).collection
        document = document_upload(
            user=people["agent"],
            folder=finances_folder,
            uploaded_file=SimpleUploadedFile("budget.pdf", files.pdf_with_text(["Budget"])),
            title=LIBRARY_DOC,
        )
        document_version_add(
            user=people["agent"],
            document=document,
            uploaded_file=SimpleUploadedFile("budget-v2.pdf", files.pdf_with_text(["Budget v2"])),
        )
    CommentReport.objects.create(comment=news_comment, reporter=people["elu"], reason="spam")
    poll = Poll.objects.create(question="Faut-il avancer la fête ?", owner=communication_officer)
    poll_choice = PollChoice.objects.create(poll=poll, label="Oui", sort_order=0)
    elus_poll = Poll.objects.create(
        question=ELUS_POLL, owner=communication_officer, audience="elus"
    )
    elus_poll_choice = PollChoice.objects.create(poll=elus_poll, label="Oui", sort_order=0)
    agent_token_row, agent_token = feed_token_create(user=people["agent"], name="Agenda de Aline")
    _row, deactivated_token = feed_token_create(user=people["deactivated"])
    User.objects.filter(pk=people["deactivated"].pk).update(is_active=False)
    User.objects.filter(pk=people["elu"].pk).update(
        mobile=ELU_MOBILE, visibility={"mobile": "nobody"}
    )
    User.objects.filter(pk=people["agent"].pk).update(
        mobile=AGENT_MOBILE, visibility={"mobile": "service"}
    )
    document.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):  # its search row written
        discussion = conversation_group_create(
            user=people["group_admin"], name="Discussion Chut", people=[people["member"]]
        )
        whisper = message_post(
            user=people["member"], conversation=discussion, body=f"{WHISPER} du service"
        )
    commission = Commission.objects.create(name="Commission des finances", slug="finances-com")
    CommissionMember.objects.create(commission=commission, person=people["elu"], role="president")
    CommissionMember.objects.create(commission=commission, person=people["agent"], role="referent")
    now = timezone.now()
    private_meeting = Meeting.objects.create(
        commission=commission,
        starts_at=now + timedelta(days=3),
        agenda=COUNCIL_SECRET,
        place=COUNCIL_SECRET,
    )
    public_meeting = Meeting.objects.create(
        commission=commission, starts_at=now - timedelta(days=3), published=True
    )
    Deliberation.objects.create(
        meeting=private_meeting,
        number="2026-099",
        title="Objet réservé",
        adopted_on=now.date(),
        result="adoptee",
    )
    mandate = Mandate.objects.create(person=people["elu"], kind="maire", started_on=now.date())
    room = Room.objects.create(name="Salle des mariages", capacity=40)
    event_start = timezone.localtime(now + timedelta(days=2)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    group_event = event_create(
        user=people["group_admin"],
        group=group,
        data=EventData(
            title=GROUP_EVENT,
            starts_at=event_start,
            ends_at=event_start + timedelta(hours=1),
            rrule="FREQ=WEEKLY;COUNT=3",
            registration="rsvp",
            capacity=10,
            room_id=room.pk,
        ),
        image=png(),
    )
    registration_respond(user=people["member"], event=group_event, response="yes")
    project = project_create(group=group, user=people["group_admin"], name="Projet Vroum")
    task = task_create(
        project=project,
        user=people["member"],
        title=GROUP_TASK,
        assignees=[people["member"]],
        due_date=timezone.localdate(),
        rate_limited=False,
    )
    other_task = task_create(
        project=project, user=people["group_admin"], title="Autre tâche", rate_limited=False
    )
    checklist_item = checklist_add(task=task, user=people["member"], text="Élément Vroum")
    task_attachment = attachment_upload(task=task, user=people["member"], uploaded=pdf("plan.pdf"))
    task_document = document_upload(
        user=people["member"],
        folder=group.folder,
        uploaded_file=SimpleUploadedFile("devis.pdf", files.pdf_with_text(["Devis"])),
    )
    elus_event = event_create(
        user=communication_officer,
        data=EventData(
            title=ELUS_EVENT,
            starts_at=event_start + timedelta(hours=3),
            ends_at=event_start + timedelta(hours=4),
            audience="elus",
        ),
    )
    calendar_token_row, _secret = CalendarToken.objects.create_for(
        user=people["agent"], name="Téléphone de Aline"
    )
    _row, member_calendar_token = CalendarToken.objects.create_for(user=people["member"])
    _row, deactivated_calendar_token = CalendarToken.objects.create_for(user=people["deactivated"])
    feedback = ArticleFeedback.objects.create(
        article=kb["budget"], user=people["agent"], useful=False, comment="Avis Mnbv"
    )
    return {
        "people": people,
        "home": home,
        "kb": kb,
        "finances": finances,
        "news_index": news_index,
        "news": news,
        "elus_news": elus_news,
        "elus_reading": ReadRequirement.objects.get(news=elus_news),
        "unsubscribe_token": unsubscribe_token(people["agent"].pk, "digest"),
        "group": group,
        "secret_group": secret_group,
        "request": request,
        "membership": Membership.objects.get(group=group, user=people["member"]),
        "group_rows": Membership.objects.filter(group=group).count(),
        "post": group_post,
        "group_image": group_post.images.get(),
        "group_image_file": group_post.images.get().file.name,
        "group_document": group_document,
        "group_comment": group_comment,
        "group_poll_choice": group_post.poll.choices.first(),
        "news_comment": news_comment,
        "document": document,
        "document_file": document.file.name,
        "finances_folder": finances_folder,
        "groups_folder": group.folder.get_parent(),
        "poll": poll,
        "poll_choice": poll_choice,
        "synonym": Synonym.objects.order_by("pk").first(),
        "elus_poll": elus_poll,
        "elus_poll_choice": elus_poll_choice,
        "agent_token": agent_token,
        "agent_token_row": agent_token_row,
        "deactivated_token": deactivated_token,
        "agent_user": people["agent"],
        "notification": Notification.objects.get(recipient=people["member"]),
        "feedback": feedback,
        "kiosk": KioskDevice.objects.create(name="Tablette Qwer"),
        "sign_in_event": SignInEvent.objects.create(
            identifier="tentative@exemple.fr", kind=SignInEvent.Kind.FAILED
        ),
        "commission": commission,
        "private_meeting": private_meeting,
        "public_meeting": public_meeting,
        "mandate": mandate,
        "group_event": group_event,
        "project": project,
        "project_column": project.columns.first(),
        "task": task,
        "other_task": other_task,
        "checklist_item": checklist_item,
        "task_attachment": task_attachment,
        "task_document": task_document,
        "group_event_session": quote(
            timezone.localtime(group_event.occurrences.first().original_start).isoformat()
        ),
        "elus_event": elus_event,
        "event_month": f"{event_start.year}/{event_start.month}",
        "event_day": f"{event_start.year}/{event_start.month}/{event_start.day}",
        "event_category": EventCategory.objects.first(),
        "room": room,
        "calendar_token_row": calendar_token_row,
        "member_calendar_token": member_calendar_token,
        "deactivated_calendar_token": deactivated_calendar_token,
        "site": Site.objects.create(name="Centre technique"),
        "culture": culture,
        "conversation": discussion,
        "conversation_message": whisper,
        "people_import": PeopleImport.objects.create(
            token="00000000-0000-0000-0000-0000000000aa",
            file_name="export-rh.csv",
            status=PeopleImport.Status.CHECKED,
            preview={"counts": {"created": 1}, "creations": [["Z9", IMPORT_SECRET, "", ""]]},
        ),
        "departing": UserFactory(email="val.depart@exemple.fr", first_name="Val", last_name="Part"),
        "agent_export": _agent_export(people["agent"]),
    }


def _agent_export(agent) -> DataExport:
    """The agent's « Mes données » ZIP, ready (its notification read: the bell stays quiet)."""
    export = export_build(DataExport.objects.create(user=agent, token=AGENT_EXPORT).pk)
    Notification.objects.filter(recipient=agent).update(read_at=timezone.now())
    return export


def _client(role, world):
    client = Client()
    if role == "anonymous":
        return client
    client.force_login(world["people"][role])  # the deactivated one: a session left open
    return client


def _format(value, world):
    return value.format(**world) if isinstance(value, str) else value


def _is_in(world, person) -> bool:
    return Membership.objects.filter(group=world["group"], user=person).exists()


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/connexion/?next=" in response.get("Location", "")


def _is_admin_refusal(response, url) -> bool:
    """Wagtail's admin answers a refusal by a redirect to its home page, with a message."""
    return (
        url.startswith("/admin/")
        and response.status_code == 302
        and (response.get("Location", "") == "/admin/")
    )


def _body(response) -> str:
    if response.streaming:
        return ""
    return response.content.decode(errors="replace")


def _check(role, route, case, world, response) -> list[str]:
    label = f"{role} {case.method.upper()} {route} {_format(case.url, world)}"
    allowed = role in case.allowed
    status = response.status_code
    url = _format(case.url, world)
    refused = (
        status in (403, 404) or _is_login_redirect(response) or _is_admin_refusal(response, url)
    )
    failures = []
    if allowed and refused:
        failures.append(f"{label}: allowed, got {status} {response.get('Location', '')}")
    if not allowed:
        if role in ("anonymous", "deactivated") and case.allowed != NOBODY:
            if not (_is_login_redirect(response) or status in (204, 403, 404)):
                failures.append(f"{label}: should send to the login page, got {status}")
        elif not refused and case.effect is None:
            failures.append(f"{label}: refused, got {status}")
    if status >= 500:
        failures.append(f"{label}: server error {status}")
    body = _body(response)
    for text, roles in case.shows.items():
        if role in roles and text not in body:
            failures.append(f"{label}: {text!r} missing")
        if role not in roles and text in body:
            failures.append(f"{label}: {text!r} shown")
    return failures


@pytest.mark.parametrize("role", ROLES)
def test_rules(world, role):
    failures = []
    for route, cases in RULES.items():
        for case in cases:
            client = _client(role, world)  # afresh: a logout must not end the next requests
            url = _format(case.url, world)
            data = {key: _format(value, world) for key, value in case.data.items()}
            headers = {"HTTP_HX_REQUEST": "true"} if case.htmx else {}
            with transaction.atomic():
                response = getattr(client, case.method)(url, data, **headers)
                failures += _check(role, route, case, world, response)
                if case.effect is not None:
                    person = world["people"].get(role)
                    if case.effect(world, person) != (role in case.allowed):
                        failures.append(f"{role} {route} {url}: took effect or not, wrongly")
                transaction.set_rollback(True)
            for alias in ("default", "fragments"):
                caches[alias].clear()
    assert not failures, "\n".join(failures)


# The one-click unsubscribe of e-mails (RFC 8058) is posted by the mail client itself, with no
# cookie nor token: its signed token is the key, and it can only send less mail.
CSRF_EXEMPT_BY_DESIGN = {"mail:unsubscribe"}


@pytest.mark.parametrize("role", ["anonymous", "superuser"])
def test_every_post_needs_its_csrf_token(world, role):
    """Every POST of the table, sent as htmx sends it but without the token, is refused with
    nothing done — even for the superuser, who may do them all."""
    failures = []
    for route, cases in RULES.items():
        for case in cases:
            if case.method != "post" or route in CSRF_EXEMPT_BY_DESIGN:
                continue
            client = Client(enforce_csrf_checks=True)
            if role != "anonymous":
                client.force_login(world["people"][role])
            url = _format(case.url, world)
            data = {key: _format(value, world) for key, value in case.data.items()}
            with transaction.atomic():
                before = _snapshot()
                response = client.post(url, data, HTTP_HX_REQUEST="true")
                if response.status_code != 403 or _snapshot() != before:
                    failures.append(f"{role} {route} {url}: {response.status_code}")
                transaction.set_rollback(True)
    assert not failures, "\n".join(failures)


def _snapshot():
    """Counts and states a refused POST must leave as they were."""
    from django.apps import apps

    models = (
        "comments.Comment",
        "comments.CommentReport",
        "reactions.Reaction",
        "polls.PollBallot",
    )
    counts = tuple(apps.get_model(label).objects.count() for label in models)
    return counts + (
        tuple(Membership.objects.order_by("pk").values_list("state", "role")),
        tuple(FeedToken.objects.order_by("pk").values_list("revoked_at", flat=True)),
        tuple(LibraryDocument.objects.order_by("pk").values_list("pk", "version_number")),
        tuple(Post.objects.order_by("pk").values_list("pk", "status")),
        tuple(Notification.objects.order_by("pk").values_list("pk", "read_at")),
    )
