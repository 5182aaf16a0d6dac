"""The protocol feed's token takes the shape of every secret token (``core.tokens.SecretToken``):
``created_at`` is renamed ``created`` (data kept) and gets the shared default."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("relations", "0002_consent_note"),
    ]

    operations = [
        migrations.RenameField(
            model_name="protocolfeedtoken",
            old_name="created_at",
            new_name="created",
        ),
        migrations.AlterField(
            model_name="protocolfeedtoken",
            name="created",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AlterModelOptions(
            name="protocolfeedtoken",
            options={"ordering": ["-created", "-pk"]},
        ),
    ]
