import calendar
import string

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from cms.core import generations
from cms.core.images import PictureRejected
from cms.core.media import local_path, protected_file_response

from . import directory as people_directory
from . import vcard
from .forms import DirectorySearchForm, LoginForm, ProfileForm
from .models import Service, User
from .orgchart import phone_book, service_choices, service_tree
from .permissions import can_edit_profile, can_manage_people, visible_profile
from .sections import profile_sections
from .services import person_photo_set, profile_update


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "people/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def dispatch(self, request, *args, **kwargs):
        # Wagtail sends a signed-in person without admin access back here with next=/admin/…;
        # redirecting them there again would loop until the browser gives up.
        if (
            request.user.is_authenticated
            and self.get_redirect_url().startswith(reverse("wagtailadmin_home"))
            and not request.user.has_perm("wagtailadmin.access_admin")
        ):
            list(messages.get_messages(request))  # Wagtail's own notice, said better below
            return render(request, "people/no_admin_access.html", status=403)
        return super().dispatch(request, *args, **kwargs)


def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "people/profile.html", {"person": request.user})


# The directory and profiles


def _person_or_404(slug: str) -> User:
    """An active person; those who left are not in the directory."""
    return get_object_or_404(
        User.objects.select_related("service", "site", "manager"), slug=slug, is_active=True
    )


@require_safe
@vary_on_headers("HX-Request")
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    query = filters.get("q", "")
    people = people_directory.directory_people(
        service=filters.get("service"),
        site_id=filters["site"].pk if filters.get("site") else None,
        role=filters.get("role", ""),
        skill=filters.get("competence", ""),
        letter=(filters.get("lettre") or "").upper(),
    ).select_related("service", "site", "manager")
    searched = bool(query.strip())
    filtered = any(
        filters.get(name) for name in ("service", "site", "role", "competence", "lettre")
    )
    page = _page_number(request)
    size = people_directory.PAGE_SIZE
    if searched:
        # Ranked anew for each page: the people a search finds are few (CANDIDATES at most).
        found = people_directory.people_search(people, query, limit=page * size + 1)
        found = found[(page - 1) * size :]
    elif filtered:
        by_name = people.order_by("last_name", "first_name")
        found = list(by_name[(page - 1) * size : page * size + 1])
    else:
        found = []
    has_next = len(found) > size
    cards = _cards(request.user, found[:size])
    context = {
        "form": form,
        "query": query,
        "searched": searched or filtered,
        "cards": cards,
        "first_number": (page - 1) * size + 1,
        "last_number": (page - 1) * size + len(cards),
        "previous_page": page - 1 if page > 1 else None,
        "next_page": page + 1 if has_next else None,
        "letters": string.ascii_uppercase,
        "letter": (filters.get("lettre") or "").upper(),
    }
    if request.htmx:
        return render(request, "people/directory.html#results", context)
    if not context["searched"]:
        context["arrivals"] = _cards(request.user, _arrivals_of_the_month())
    # The services' list, as long as the tree is, rendered once per selected service until a
    # service changes (the access generation), and read only then.
    context["service_choices"] = service_choices
    context["selected_service"] = filters["service"].slug if filters.get("service") else ""
    context["version"] = generations.value(generations.ACCESS, request.user)
    return render(request, "people/directory.html", context)


def _page_number(request: HttpRequest) -> int:
    value = request.GET.get("page", "")
    return min(int(value), 1_000) if value.isdigit() and int(value) >= 1 else 1


def _cards(viewer: User, people: list[User]) -> list:
    """The people as `viewer` may see them, skills read in one query."""
    skills: dict[int, list] = {person.pk: [] for person in people}
    if people:
        through = User.skills.through
        for item in through.objects.filter(content_object__in=people).select_related("tag"):
            skills[item.content_object_id].append(item.tag)
    return [visible_profile(viewer, person, skills=skills[person.pk]) for person in people]


def _arrivals_of_the_month() -> list[User]:
    today = timezone.localdate()
    first = today.replace(day=1)
    last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    return list(
        people_directory.directory_people()
        .filter(arrival_date__gte=first, arrival_date__lte=last)
        .select_related("service", "site", "manager")
        .order_by("-arrival_date", "last_name")[:12]
    )


@require_safe
def person(request: HttpRequest, slug: str) -> HttpResponse:
    person = _person_or_404(slug)
    profile = visible_profile(request.user, person)
    context = {
        "profile": profile,
        "person": person,
        "sections": profile_sections(request.user, person),
        "reports": _cards(
            request.user,
            list(
                person.reports.filter(is_active=True).select_related("service", "site", "manager")
            ),
        ),
        "can_edit": request.user.pk == person.pk,
        "can_manage": can_manage_people(request.user),
    }
    if context["can_manage"]:
        context["changes"] = person.profile_changes.select_related("changed_by")[:20]
    return render(request, "people/person.html", context)


@require_safe
@vary_on_headers("HX-Request")
def person_card(request: HttpRequest, slug: str) -> HttpResponse:
    """The hover and focus card of a person (an HTMX fragment; without it, the profile)."""
    if not request.htmx:
        return redirect("people:person", slug=slug)
    person = _person_or_404(slug)
    return render(
        request, "people/person_card.html", {"profile": visible_profile(request.user, person)}
    )


@require_safe
def person_photo(request: HttpRequest, slug: str) -> HttpResponse:
    """The photo, to signed-in people allowed to see it; otherwise initials drawn here."""
    person = _person_or_404(slug)
    profile = visible_profile(request.user, person)
    if profile.has_photo:
        return protected_file_response(
            person.photo.name,
            local_path(person.photo),
            content_type="image/jpeg",
            cache_control="private, max-age=300",
        )
    response = render(
        request,
        "people/avatar.svg",
        {"initials": person.initials, "hue": person.pk * 47 % 360},
        content_type="image/svg+xml",
    )
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_safe
def person_vcard(request: HttpRequest, slug: str) -> HttpResponse:
    person = _person_or_404(slug)
    card = vcard.person_vcard(visible_profile(request.user, person), request)
    response = HttpResponse(card, content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{person.slug}.vcf"'
    return response


def profile_edit(request: HttpRequest) -> HttpResponse:
    """A person edits their own profile (photo, bio, skills, languages, mobile, office,
    absence) and who sees each field."""
    person = request.user
    if not can_edit_profile(person, person):
        raise PermissionDenied
    form = ProfileForm(request.POST or None, request.FILES or None, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {
            name: data[name]
            for name in ("bio", "languages", "mobile", "office", "absence_note", "absence_until")
            if name not in person.synced_fields
        }
        try:
            if data["photo"]:
                person_photo_set(person=person, editor=person, uploaded=data["photo"])
            elif data["photo_remove"]:
                person_photo_set(person=person, editor=person, uploaded=None)
        except PictureRejected as rejected:
            form.add_error("photo", str(rejected))
        else:
            profile_update(
                person=person,
                editor=person,
                values=values,
                skills=None if "skills" in person.synced_fields else form.skill_names(),
                visibility=form.visibility(),
            )
            messages.success(request, _("Votre profil est enregistré."))
            return redirect("people:person", slug=person.slug)
    return render(request, "people/profile_edit.html", {"form": form, "person": person})


@require_safe
def org_chart(request: HttpRequest) -> HttpResponse:
    # The same chart for every reader (names, services, counts): rendered once until a person
    # or a service changes (the access generation), the tree read only then.
    version = generations.value(generations.ACCESS, request.user)
    return render(request, "people/org_chart.html", {"tree": service_tree, "version": version})


@require_safe
def phone_list(request: HttpRequest) -> HttpResponse:
    """The internal phone list by service, to print (print stylesheet)."""
    return render(
        request,
        "people/phone_list.html",
        {"services": phone_book(request.user), "today": timezone.localdate()},
    )


@require_safe
def service_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """A service's people (and its sub-services') as CSV or vCards, for those who manage people."""
    if not can_manage_people(request.user):
        raise PermissionDenied
    service = get_object_or_404(Service, slug=slug)
    people = list(
        people_directory.directory_people(service=service).select_related(
            "service", "site", "manager"
        )
    )
    if fmt == "vcf":
        body = "".join(
            vcard.person_vcard(visible_profile(request.user, p), request) for p in people
        )
        response = HttpResponse(body, content_type="text/vcard; charset=utf-8")
    elif fmt == "csv":
        response = HttpResponse(
            vcard.people_csv(request.user, people), content_type="text/csv; charset=utf-8"
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{service.slug}.{fmt}"'
    return response


password_reset = auth_views.PasswordResetView.as_view(
    template_name="people/password_reset_form.html",
    email_template_name="people/password_reset_email.txt",
    subject_template_name="people/password_reset_subject.txt",
    success_url=reverse_lazy("people:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="people/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="people/password_reset_confirm.html",
    success_url=reverse_lazy("people:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="people/password_reset_complete.html"
)
password_change = auth_views.PasswordChangeView.as_view(
    template_name="people/password_change.html",
    success_url=reverse_lazy("people:profile"),
)
