"""API tokens scoped to actions, expiring, and marked when made with a second factor.

Tokens made before keep what their role allowed then (they could do all of it) and expire
90 days after this migration; none counts as made with a second factor, so those of the
roles that require one stop working until their owner makes a new one."""

import datetime as dt

from django.db import migrations, models
from django.utils import timezone

import secretariat.accounts.models


def scope_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    from secretariat.core.policy import PUBLIC, policy

    rules = policy()
    expires = timezone.now() + dt.timedelta(days=90)
    tokens = apps.get_model("accounts", "ApiToken")
    for token in tokens.objects.select_related("user").filter(expires__isnull=True):
        role = token.user.role or None
        token.actions = [a for a in rules.actions if a != PUBLIC and rules.allows(role, a)]
        token.expires = expires
        token.save(update_fields=["actions", "expires"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_token_created_default"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="actions",
            field=models.JSONField(default=list),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires",
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="issued_with_second_factor",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(scope_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires",
            field=models.DateTimeField(default=secretariat.accounts.models.token_expiry_default),
        ),
    ]
