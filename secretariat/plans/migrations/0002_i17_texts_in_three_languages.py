"""Issue 17: a plan's RATS part and remarks, and an item's note on carrying it over, in the
three languages; titles may be given in any of them (at least one, the forms ask).

The single-language values are carried into the language they are written in, as their
script tells (Cyrillic: Russian, Chinese characters: Chinese, else English)."""

import re

from django.db import migrations, models

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
#: (model, field) whose value moved from ``{field}_en`` (the old column, renamed).
_MOVED = (("Plan", "rats_participation"), ("Plan", "remarks"), ("PlanItem", "carried_note"))


def _lang(text: str) -> str:
    if _CJK.search(text):
        return "zh"
    if _CYRILLIC.search(text):
        return "ru"
    return "en"


def file_by_script(apps, schema_editor):  # type: ignore[no-untyped-def]
    for model_name, field in _MOVED:
        model = apps.get_model("plans", model_name)
        for row in model.objects.exclude(**{f"{field}_en": ""}).only("pk", f"{field}_en"):
            text = getattr(row, f"{field}_en")
            lang = _lang(text)
            if lang != "en":
                model.objects.filter(pk=row.pk).update(
                    **{f"{field}_en": "", f"{field}_{lang}": text}
                )


def back_to_one(apps, schema_editor):  # type: ignore[no-untyped-def]
    for model_name, field in _MOVED:
        model = apps.get_model("plans", model_name)
        for row in model.objects.all():
            text = (
                getattr(row, f"{field}_en")
                or getattr(row, f"{field}_ru")
                or getattr(row, f"{field}_zh")
            )
            model.objects.filter(pk=row.pk).update(**{f"{field}_en": text})


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="plan", name="title_en", field=models.CharField(blank=True, max_length=500)
        ),
        migrations.AlterField(
            model_name="planitem",
            name="title_en",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.RenameField(
            model_name="plan", old_name="rats_participation", new_name="rats_participation_en"
        ),
        migrations.AddField(
            model_name="plan", name="rats_participation_ru", field=models.TextField(blank=True)
        ),
        migrations.AddField(
            model_name="plan", name="rats_participation_zh", field=models.TextField(blank=True)
        ),
        migrations.RenameField(model_name="plan", old_name="remarks", new_name="remarks_en"),
        migrations.AddField(
            model_name="plan", name="remarks_ru", field=models.TextField(blank=True)
        ),
        migrations.AddField(
            model_name="plan", name="remarks_zh", field=models.TextField(blank=True)
        ),
        migrations.RenameField(
            model_name="planitem", old_name="carried_note", new_name="carried_note_en"
        ),
        migrations.AddField(
            model_name="planitem", name="carried_note_ru", field=models.TextField(blank=True)
        ),
        migrations.AddField(
            model_name="planitem", name="carried_note_zh", field=models.TextField(blank=True)
        ),
        migrations.RunPython(file_by_script, back_to_one),
    ]
