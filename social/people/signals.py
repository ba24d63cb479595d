"""Forget cached access keys whenever what they are computed from changes."""

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .audience import forget_access_keys
from .models import Service, User


@receiver(post_save, sender=User)
@receiver(post_delete, sender=User)
@receiver(post_save, sender=Service)
@receiver(post_delete, sender=Service)
@receiver(post_save, sender=Group)
@receiver(post_delete, sender=Group)
@receiver(post_save, sender=Permission)
def access_inputs_changed(sender, **kwargs) -> None:
    if sender is User and kwargs.get("update_fields") == frozenset({"last_login"}):
        return
    forget_access_keys()


@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
@receiver(m2m_changed, sender=Group.permissions.through)
def access_relations_changed(sender, action, **kwargs) -> None:
    if action.startswith("post_"):
        forget_access_keys()
