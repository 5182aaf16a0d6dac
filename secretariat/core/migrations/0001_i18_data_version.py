from django.db import migrations, models
from django.utils import timezone


def first_row(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("core", "DataVersion").objects.create(pk=1, number=0, changed_at=timezone.now())


class Migration(migrations.Migration):
    initial = True

    dependencies: list[tuple[str, str]] = []

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.BigIntegerField(default=0)),
                ("changed_at", models.DateTimeField()),
            ],
            options={"verbose_name": "data version"},
        ),
        migrations.RunPython(first_row, migrations.RunPython.noop),
    ]
