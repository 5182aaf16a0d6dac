"""An agreement's consent takes the shape every member state's consent shares
(``core.consent.MemberConsent``): ``decided_at`` may be empty, as a contract's consent not yet
given is. Every existing row keeps its date (only the NOT NULL constraint is dropped)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("relations", "0003_protocolfeedtoken_secret_token"),
    ]

    operations = [
        migrations.AlterField(
            model_name="consent",
            name="decided_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
