"""Existing installs: the communication officers' group (made by `setup_intranet`) may moderate
comments and make polls, as `cms.setup.ensure_communication_group` gives new installs."""

from django.db import migrations

GROUP = "Chargés de communication"


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations: make those needed here now.
    for label in ("comments", "polls"):
        app_config = apps.get_app_config(label)
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = previous
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is None:  # a new install: setup_intranet creates the group with these rights
        return
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="polls",
            codename__in=["add_poll", "change_poll", "delete_poll"],
        ),
        *Permission.objects.filter(content_type__app_label="comments", codename="moderate_comment"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("polls", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
