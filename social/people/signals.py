"""Forget cached access keys whenever what they are computed from changes, and keep each
person's directory text (social/people/directory.py) in step with their profile."""

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from cms.core.audit import audit_record

from .audience import AudienceMixin, forget_access_keys
from .directory import person_reindex
from .models import PersonSkill, Service, User
from .tasks import service_members_reindex_schedule

# A save of a person that changes none of these (a bio, a photo, a last login) changes nobody's
# rights: everyone's cached keys are kept.
ACCESS_FIELDS = frozenset(
    {"service", "service_id", "role", "is_active", "is_superuser", "is_staff", "email"}
)


@receiver(post_save, sender=User)
@receiver(post_delete, sender=User)
@receiver(post_save, sender=Service)
@receiver(post_delete, sender=Service)
@receiver(post_save, sender=Group)
@receiver(post_delete, sender=Group)
@receiver(post_save, sender=Permission)
def access_inputs_changed(sender, **kwargs) -> None:
    update_fields = kwargs.get("update_fields")
    if sender is User and update_fields is not None and not (update_fields & ACCESS_FIELDS):
        return
    forget_access_keys()


@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
@receiver(m2m_changed, sender=Group.permissions.through)
def access_relations_changed(sender, action, **kwargs) -> None:
    if action.startswith("post_"):
        forget_access_keys()


@receiver(post_save, sender=User)
def person_saved(sender, instance: User, update_fields=None, raw=False, **kwargs) -> None:
    if raw or (update_fields is not None and update_fields <= {"last_login", "directory_text"}):
        return
    person_reindex(instance)


@receiver(post_save, sender=PersonSkill)
@receiver(post_delete, sender=PersonSkill)
def person_skills_changed(sender, instance: PersonSkill, raw=False, **kwargs) -> None:
    if raw:
        return
    person = User.objects.filter(pk=instance.content_object_id).first()
    if person is not None:
        person_reindex(person)


@receiver(post_save, sender=Service)
def service_saved(sender, instance: Service, raw=False, created=False, **kwargs) -> None:
    """Its members' directory texts hold its name and acronym: a worker writes them again (a
    service of 2,000 people is not the administrator's wait)."""
    if not raw and not created and instance.names_changed:
        service_members_reindex_schedule(service_id=instance.pk)


@receiver(m2m_changed, sender=User.groups.through)
def roles_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """The audit log: who gave or took which group of rights (a role) to whom."""
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    verb = _("ajouté à") if action == "post_add" else _("retiré de")
    if not reverse:  # person.groups.add(...)
        names = ", ".join(
            sorted(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
        )
        audit_record(instance, "parvis.roles.change", person=instance, detail=f"{verb} {names}")
        return
    for person in User.objects.filter(pk__in=pk_set):  # group.user_set.add(...)
        audit_record(person, "parvis.roles.change", person=person, detail=f"{verb} {instance.name}")


@receiver(m2m_changed, sender=Group.permissions.through)
def group_rights_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear") or reverse:
        return
    if action == "post_clear":
        detail = _("%(group)s : tous les droits retirés") % {"group": instance.name}
    else:
        codenames = ", ".join(
            sorted(Permission.objects.filter(pk__in=pk_set).values_list("codename", flat=True))
        )
        verb = _("ajoutés") if action == "post_add" else _("retirés")
        detail = f"{instance.name} : {verb} {codenames}"
    audit_record(instance, "parvis.group_rights.change", detail=detail)


@receiver(pre_save)
def audience_before(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """Note the audience a news item, poll or event had, to log a change (post_save)."""
    if raw or not isinstance(instance, AudienceMixin) or instance.pk is None:
        return
    if update_fields is not None and "audience" not in update_fields:
        return
    instance._audience_before = (
        sender._base_manager.filter(pk=instance.pk).values_list("audience", flat=True).first()
    )


@receiver(post_save)
def audience_after(sender, instance, raw=False, **kwargs) -> None:
    before = getattr(instance, "_audience_before", None)
    if raw or before is None or not isinstance(instance, AudienceMixin):
        return
    del instance._audience_before
    if before != instance.audience:
        choices = dict(type(instance)._meta.get_field("audience").choices)
        audit_record(
            instance,
            "parvis.audience.change",
            detail=f"{choices.get(before, before)} → {choices.get(instance.audience)}",
        )
