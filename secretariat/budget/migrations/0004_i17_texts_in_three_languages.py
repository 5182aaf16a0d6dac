"""Issue 17: an amendment's decision, a contract's research and what a spending was for, in
the three languages. The single-language values are carried into the language they are
written in, as their script tells (Cyrillic: Russian, Chinese characters: Chinese, else
English)."""

import re

from django.db import migrations, models

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_MOVED = (
    ("ArticleAmendment", "reason"),
    ("ExpertContract", "subject"),
    ("Spending", "description"),
)


def _lang(text: str) -> str:
    if _CJK.search(text):
        return "zh"
    if _CYRILLIC.search(text):
        return "ru"
    return "en"


def file_by_script(apps, schema_editor):  # type: ignore[no-untyped-def]
    for model_name, field in _MOVED:
        model = apps.get_model("budget", model_name)
        for row in model.objects.exclude(**{f"{field}_en": ""}).only("pk", f"{field}_en"):
            text = getattr(row, f"{field}_en")
            lang = _lang(text)
            if lang != "en":
                model.objects.filter(pk=row.pk).update(
                    **{f"{field}_en": "", f"{field}_{lang}": text}
                )


def back_to_one(apps, schema_editor):  # type: ignore[no-untyped-def]
    for model_name, field in _MOVED:
        model = apps.get_model("budget", model_name)
        for row in model.objects.all():
            text = (
                getattr(row, f"{field}_en")
                or getattr(row, f"{field}_ru")
                or getattr(row, f"{field}_zh")
            )
            model.objects.filter(pk=row.pk).update(**{f"{field}_en": text})


class Migration(migrations.Migration):
    dependencies = [("budget", "0003_writes_amount_checks")]

    operations = [
        migrations.RenameField(
            model_name="articleamendment", old_name="reason", new_name="reason_en"
        ),
        migrations.AlterField(
            model_name="articleamendment",
            name="reason_en",
            field=models.TextField(blank=True, verbose_name="decision in English"),
        ),
        migrations.AddField(
            model_name="articleamendment",
            name="reason_ru",
            field=models.TextField(blank=True, verbose_name="decision in Russian"),
        ),
        migrations.AddField(
            model_name="articleamendment",
            name="reason_zh",
            field=models.TextField(blank=True, verbose_name="decision in Chinese"),
        ),
        migrations.RenameField(
            model_name="expertcontract", old_name="subject", new_name="subject_en"
        ),
        migrations.AlterField(
            model_name="expertcontract",
            name="subject_en",
            field=models.CharField(blank=True, max_length=500, verbose_name="research in English"),
        ),
        migrations.AddField(
            model_name="expertcontract",
            name="subject_ru",
            field=models.CharField(blank=True, max_length=500, verbose_name="research in Russian"),
        ),
        migrations.AddField(
            model_name="expertcontract",
            name="subject_zh",
            field=models.CharField(blank=True, max_length=500, verbose_name="research in Chinese"),
        ),
        migrations.RenameField(
            model_name="spending", old_name="description", new_name="description_en"
        ),
        migrations.AlterField(
            model_name="spending",
            name="description_en",
            field=models.CharField(blank=True, max_length=500, verbose_name="what for in English"),
        ),
        migrations.AddField(
            model_name="spending",
            name="description_ru",
            field=models.CharField(blank=True, max_length=500, verbose_name="what for in Russian"),
        ),
        migrations.AddField(
            model_name="spending",
            name="description_zh",
            field=models.CharField(blank=True, max_length=500, verbose_name="what for in Chinese"),
        ),
        migrations.RunPython(file_by_script, back_to_one),
    ]
