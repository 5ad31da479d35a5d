"""A public id for signing certificates (their withdraw address), filled for existing rows one by
one before it becomes unique (a callable default would give every row the same value)."""

import uuid

from django.db import migrations, models


def fill_public_ids(apps, schema_editor):
    SigningCredential = apps.get_model("accounts", "SigningCredential")
    for credential in SigningCredential.objects.filter(public_id__isnull=True).only("pk"):
        SigningCredential.objects.filter(pk=credential.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("accounts", "0011_signatures_and_nik")]

    operations = [
        migrations.AddField(
            model_name="signingcredential",
            name="public_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="signingcredential",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
