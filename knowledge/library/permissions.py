"""Wagtail's document permissions, with the library's visibility on top.

Wagtail's admin decides from collection permissions alone: a communication officer who may
« change » documents from the root would list, edit and delete those of a folder restricted to
HR. Parvis's policy adds the folder's visibility to every answer, so that the admin's listing,
edit and delete views, bulk actions, choosers and their folder lists hide what the library
hides.
"""

from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from .selectors import can_view_document, visible_folder_ids


class LibraryPermissionPolicy(CollectionOwnershipPermissionPolicy):
    def _visible(self, user, queryset):
        queryset = queryset.filter(deleted_at__isnull=True)  # in the bin: the library's page only
        visible = visible_folder_ids(user)
        return queryset if visible is None else queryset.filter(collection_id__in=visible)

    def instances_user_has_permission_for(self, user, action):
        return self._visible(user, super().instances_user_has_permission_for(user, action))

    def instances_user_has_any_permission_for(self, user, actions):
        return self._visible(user, super().instances_user_has_any_permission_for(user, actions))

    def collections_user_has_any_permission_for(self, user, actions):
        # The folders offered by the admin's filters, upload forms and choosers: never one the
        # person may not see (its name alone can be confidential).
        collections = super().collections_user_has_any_permission_for(user, actions)
        visible = visible_folder_ids(user)
        return collections if visible is None else collections.filter(pk__in=visible)

    def user_has_permission_for_instance(self, user, action, instance):
        return can_view_document(user, instance) and super().user_has_permission_for_instance(
            user, action, instance
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return can_view_document(user, instance) and super().user_has_any_permission_for_instance(
            user, actions, instance
        )
