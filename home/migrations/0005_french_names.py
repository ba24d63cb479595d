"""What Wagtail creates in English on a new install, named in French: the groups « Moderators »
and « Editors », and the approval task and workflow built from their names."""

from django.db import migrations

GROUPS = {"Moderators": "Modérateurs", "Editors": "Éditeurs"}
APPROVAL = {"Moderators approval": "Validation par les modérateurs"}


def rename(model, names: dict[str, str]) -> None:
    for old, new in names.items():
        if not model.objects.filter(name=new).exists():
            model.objects.filter(name=old).update(name=new)


def to_french(apps, schema_editor):
    rename(apps.get_model("auth", "Group"), GROUPS)
    rename(apps.get_model("wagtailcore", "Task"), APPROVAL)
    rename(apps.get_model("wagtailcore", "Workflow"), APPROVAL)


def to_english(apps, schema_editor):
    rename(apps.get_model("auth", "Group"), {new: old for old, new in GROUPS.items()})
    back = {new: old for old, new in APPROVAL.items()}
    rename(apps.get_model("wagtailcore", "Task"), back)
    rename(apps.get_model("wagtailcore", "Workflow"), back)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_social_layer"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(to_french, to_english)]
