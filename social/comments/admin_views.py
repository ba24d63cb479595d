"""The moderation queue in Wagtail's admin, for communication officers: reported comments,
oldest report first, with hide, restore, delete or keep."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, Min, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cms.admin_views import ParvisAdminView

from .models import Comment, CommentReport
from .services import CommentError, can_moderate, comment_moderate

PAGE_SIZE = 20
STATES = {
    "": gettext_lazy("Signalés, à traiter"),
    "masques": gettext_lazy("Masqués"),
}


def moderation_queue(*, state: str = "", comment_id: int | None = None):
    """Comments waiting for a moderator, oldest report first (or the hidden ones, or the one
    asked for), each with its pending reports."""
    comments = Comment.objects.select_related("author", "author__service").prefetch_related(
        "target",  # the page of each comment, in one query per page type
        Prefetch(
            "reports",
            queryset=CommentReport.objects.filter(resolved_at__isnull=True)
            .select_related("reporter")
            .order_by("created_at"),
            to_attr="open_reports",
        ),
    )
    if comment_id is not None:
        return comments.filter(pk=comment_id)
    if state == "masques":
        return comments.filter(status=Comment.Status.HIDDEN).order_by("-moderated_at", "-pk")
    pending = CommentReport.objects.filter(comment=OuterRef("pk"), resolved_at__isnull=True)
    return (
        comments.filter(Exists(pending))
        .exclude(status=Comment.Status.DELETED)
        .annotate(
            first_report=Min("reports__created_at", filter=Q(reports__resolved_at__isnull=True))
        )
        .order_by("first_report", "pk")
    )


def pending_reports_count() -> int:
    """How many rows the « to handle » queue lists: counted from the queue itself (a filter on
    `reports__resolved_at__isnull` also matched every comment never reported)."""
    return moderation_queue().order_by().count()


class ModerationQueueView(ParvisAdminView):
    template_name = "comments/admin/moderation.html"
    page_title = gettext_lazy("Modération des commentaires")
    header_icon = "warning"
    allowed = staticmethod(can_moderate)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = self.request.GET.get("etat", "")
        state = state if state in STATES else ""
        try:
            comment_id = int(self.request.GET["commentaire"])
        except (KeyError, ValueError):
            comment_id = None
        queue = moderation_queue(state=state, comment_id=comment_id)
        # "p": the parameter of Wagtail's pagination links (wagtailadmin/shared/pagination_nav).
        page = Paginator(queue, PAGE_SIZE).get_page(self.request.GET.get("p"))
        context.update(
            items=page,
            state=state,
            states=STATES,
            single=comment_id is not None,
            pending=pending_reports_count(),
        )
        return context


@require_POST
def moderate(request, pk: int, action: str):
    if not can_moderate(request.user):
        raise PermissionDenied
    comment = get_object_or_404(Comment, pk=pk)
    try:
        comment_moderate(comment=comment, moderator=request.user, action=action)
    except CommentError as error:
        messages.error(request, error.message)
    else:
        done = {
            "hide": _("Le commentaire est masqué ; son auteur en est informé."),
            "restore": _("Le commentaire est de nouveau visible ; son auteur en est informé."),
            "delete": _("Le commentaire est supprimé ; son auteur en est informé."),
            "keep": _("Le commentaire est conservé ; les signalements sont clos."),
        }[action]
        messages.success(request, done)
    return redirect("comments_moderation")
