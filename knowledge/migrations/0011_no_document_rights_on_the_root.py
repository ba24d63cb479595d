"""Adding documents from the root collection reached every folder of the library (each
service's, « Services » itself): editors' and communication groups held it, and Wagtail's default
groups do. Adding is a right of a folder's own service (knowledge/folders.py)."""

from django.db import migrations


def remove_root_document_rights(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    GroupCollectionPermission.objects.filter(
        collection=root,
        permission__content_type__app_label="wagtaildocs",
        permission__codename="add_document",
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0010_social_layer"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(remove_root_document_rights, migrations.RunPython.noop)]
