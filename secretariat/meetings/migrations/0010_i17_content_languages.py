"""A meeting's venue and an agenda proposal's title in en/ru/zh (issue 17).

The one-language values move into the language they are in: a city of the reference data
gets its three names, a Cyrillic text is Russian, a text in Chinese characters Chinese, any
other stays English. An agenda item whose "English" title was typed in Russian or Chinese
(made from such a proposal) gets it in its own language.
"""

from typing import Any

from django.conf import settings
from django.db import migrations, models

from secretariat.meetings.languages import script_lang
from secretariat.registry.cities import city_named


def _moved(row: Any, prefix: str, *, cities: bool = False) -> bool:
    value = (getattr(row, f"{prefix}_en") or "").strip()
    if not value:
        return False
    city = city_named(value) if cities else None
    if city is not None:
        for lang in ("en", "ru", "zh"):
            if not getattr(row, f"{prefix}_{lang}"):
                setattr(row, f"{prefix}_{lang}", city[lang])
        return True
    lang = script_lang(value)
    if lang is None or getattr(row, f"{prefix}_{lang}"):
        return False
    setattr(row, f"{prefix}_{lang}", value)
    setattr(row, f"{prefix}_en", "")
    return True


def into_their_languages(apps: Any, schema_editor: Any) -> None:
    for name, prefix, cities in (
        ("Meeting", "venue_city", True),
        ("AgendaProposal", "title", False),
        ("AgendaItem", "title", False),
    ):
        model = apps.get_model("meetings", name)
        for row in model.objects.exclude(**{f"{prefix}_en": ""}).iterator():
            if _moved(row, prefix, cities=cities):
                row.save(update_fields=[f"{prefix}_{lang}" for lang in ("en", "ru", "zh")])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_logins_token_scope"),
        ("meetings", "0009_agenda_items_subject_signing"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="agendaproposal",
            name="proposal_once",
        ),
        migrations.RenameField(
            model_name="meeting",
            old_name="venue_city",
            new_name="venue_city_en",
        ),
        migrations.RenameField(
            model_name="agendaproposal",
            old_name="title",
            new_name="title_en",
        ),
        migrations.AlterField(
            model_name="agendaproposal",
            name="title_en",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="agendaproposal",
            name="title_ru",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="agendaproposal",
            name="title_zh",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="meeting",
            name="venue_city_ru",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="meeting",
            name="venue_city_zh",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AlterField(
            model_name="agendaitem",
            name="title_en",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.RunPython(into_their_languages, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="agendaproposal",
            constraint=models.UniqueConstraint(
                condition=models.Q(("title_en", ""), _negated=True),
                fields=("meeting", "owner_delegation", "title_en"),
                name="proposal_once_en",
            ),
        ),
        migrations.AddConstraint(
            model_name="agendaproposal",
            constraint=models.UniqueConstraint(
                condition=models.Q(("title_ru", ""), _negated=True),
                fields=("meeting", "owner_delegation", "title_ru"),
                name="proposal_once_ru",
            ),
        ),
        migrations.AddConstraint(
            model_name="agendaproposal",
            constraint=models.UniqueConstraint(
                condition=models.Q(("title_zh", ""), _negated=True),
                fields=("meeting", "owner_delegation", "title_zh"),
                name="proposal_once_zh",
            ),
        ),
    ]
