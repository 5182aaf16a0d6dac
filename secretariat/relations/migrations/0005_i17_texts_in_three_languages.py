"""Issue 17: the relations' content fields that name or tell something (places, events,
subjects, organisers, notes, summaries, outcomes, the mission's report) in the three languages;
titles may be given in any of them (the services ask for at least one).

The single-language values are carried into the language they are written in, as their
script tells (Cyrillic: Russian, Chinese characters: Chinese, else English)."""

import re

from django.db import migrations, models

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
#: (model, field) whose value moved to ``{field}_en`` (the old column, renamed).
_MOVED = (
    ("Contact", "role"),
    ("PartnerMeeting", "place"),
    ("PartnerMeeting", "summary"),
    ("Agreement", "signed_place"),
    ("Agreement", "notes"),
    ("Participation", "event_name"),
    ("Participation", "notes"),
    ("NgoInteraction", "organisation_name"),
    ("NgoInteraction", "subject"),
    ("NgoInteraction", "outcome"),
    ("Event", "place"),
    ("Event", "organisers"),
    ("Event", "outcome"),
    ("Mission", "report_text"),
    ("Engagement", "counterpart"),
    ("Engagement", "place"),
    ("Engagement", "notes"),
)


def _lang(text: str) -> str:
    if _CJK.search(text):
        return "zh"
    if _CYRILLIC.search(text):
        return "ru"
    return "en"


def file_by_script(apps, schema_editor):  # type: ignore[no-untyped-def]
    for model_name, field in _MOVED:
        model = apps.get_model("relations", model_name)
        for row in model.objects.exclude(**{f"{field}_en": ""}).only("pk", f"{field}_en"):
            text = getattr(row, f"{field}_en")
            lang = _lang(text)
            if lang != "en":
                model.objects.filter(pk=row.pk).update(
                    **{f"{field}_en": "", f"{field}_{lang}": text}
                )


def back_to_one(apps, schema_editor):  # type: ignore[no-untyped-def]
    for model_name, field in _MOVED:
        model = apps.get_model("relations", model_name)
        for row in model.objects.all():
            text = (
                getattr(row, f"{field}_en")
                or getattr(row, f"{field}_ru")
                or getattr(row, f"{field}_zh")
            )
            model.objects.filter(pk=row.pk).update(**{f"{field}_en": text})


class Migration(migrations.Migration):
    dependencies = [("relations", "0004_consent_member_shape")]

    operations = [
        migrations.AlterField(
            model_name="agreement",
            name="title_en",
            field=models.CharField(blank=True, max_length=500),
        ),
        migrations.AlterField(
            model_name="event", name="title_en", field=models.CharField(blank=True, max_length=500)
        ),
        migrations.RenameField(model_name="contact", old_name="role", new_name="role_en"),
        migrations.AlterField(
            model_name="contact",
            name="role_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="post in English"),
        ),
        migrations.AddField(
            model_name="contact",
            name="role_ru",
            field=models.CharField(blank=True, max_length=200, verbose_name="post in Russian"),
        ),
        migrations.AddField(
            model_name="contact",
            name="role_zh",
            field=models.CharField(blank=True, max_length=200, verbose_name="post in Chinese"),
        ),
        migrations.RenameField(model_name="partnermeeting", old_name="place", new_name="place_en"),
        migrations.AlterField(
            model_name="partnermeeting",
            name="place_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="place in English"),
        ),
        migrations.AddField(
            model_name="partnermeeting",
            name="place_ru",
            field=models.CharField(blank=True, max_length=200, verbose_name="place in Russian"),
        ),
        migrations.AddField(
            model_name="partnermeeting",
            name="place_zh",
            field=models.CharField(blank=True, max_length=200, verbose_name="place in Chinese"),
        ),
        migrations.RenameField(
            model_name="partnermeeting", old_name="summary", new_name="summary_en"
        ),
        migrations.AlterField(
            model_name="partnermeeting",
            name="summary_en",
            field=models.TextField(blank=True, verbose_name="summary in English"),
        ),
        migrations.AddField(
            model_name="partnermeeting",
            name="summary_ru",
            field=models.TextField(blank=True, verbose_name="summary in Russian"),
        ),
        migrations.AddField(
            model_name="partnermeeting",
            name="summary_zh",
            field=models.TextField(blank=True, verbose_name="summary in Chinese"),
        ),
        migrations.RenameField(
            model_name="agreement", old_name="signed_place", new_name="signed_place_en"
        ),
        migrations.AlterField(
            model_name="agreement",
            name="signed_place_en",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="place of signature in English"
            ),
        ),
        migrations.AddField(
            model_name="agreement",
            name="signed_place_ru",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="place of signature in Russian"
            ),
        ),
        migrations.AddField(
            model_name="agreement",
            name="signed_place_zh",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="place of signature in Chinese"
            ),
        ),
        migrations.RenameField(model_name="agreement", old_name="notes", new_name="notes_en"),
        migrations.AlterField(
            model_name="agreement",
            name="notes_en",
            field=models.TextField(blank=True, verbose_name="notes in English"),
        ),
        migrations.AddField(
            model_name="agreement",
            name="notes_ru",
            field=models.TextField(blank=True, verbose_name="notes in Russian"),
        ),
        migrations.AddField(
            model_name="agreement",
            name="notes_zh",
            field=models.TextField(blank=True, verbose_name="notes in Chinese"),
        ),
        migrations.RenameField(
            model_name="participation", old_name="event_name", new_name="event_name_en"
        ),
        migrations.AlterField(
            model_name="participation",
            name="event_name_en",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="meeting or event in English"
            ),
        ),
        migrations.AddField(
            model_name="participation",
            name="event_name_ru",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="meeting or event in Russian"
            ),
        ),
        migrations.AddField(
            model_name="participation",
            name="event_name_zh",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="meeting or event in Chinese"
            ),
        ),
        migrations.RenameField(model_name="participation", old_name="notes", new_name="notes_en"),
        migrations.AlterField(
            model_name="participation",
            name="notes_en",
            field=models.TextField(blank=True, verbose_name="notes in English"),
        ),
        migrations.AddField(
            model_name="participation",
            name="notes_ru",
            field=models.TextField(blank=True, verbose_name="notes in Russian"),
        ),
        migrations.AddField(
            model_name="participation",
            name="notes_zh",
            field=models.TextField(blank=True, verbose_name="notes in Chinese"),
        ),
        migrations.RenameField(
            model_name="ngointeraction",
            old_name="organisation_name",
            new_name="organisation_name_en",
        ),
        migrations.AlterField(
            model_name="ngointeraction",
            name="organisation_name_en",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="organisation in English"
            ),
        ),
        migrations.AddField(
            model_name="ngointeraction",
            name="organisation_name_ru",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="organisation in Russian"
            ),
        ),
        migrations.AddField(
            model_name="ngointeraction",
            name="organisation_name_zh",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="organisation in Chinese"
            ),
        ),
        migrations.RenameField(
            model_name="ngointeraction", old_name="subject", new_name="subject_en"
        ),
        migrations.AlterField(
            model_name="ngointeraction",
            name="subject_en",
            field=models.CharField(blank=True, max_length=500, verbose_name="subject in English"),
        ),
        migrations.AddField(
            model_name="ngointeraction",
            name="subject_ru",
            field=models.CharField(blank=True, max_length=500, verbose_name="subject in Russian"),
        ),
        migrations.AddField(
            model_name="ngointeraction",
            name="subject_zh",
            field=models.CharField(blank=True, max_length=500, verbose_name="subject in Chinese"),
        ),
        migrations.RenameField(
            model_name="ngointeraction", old_name="outcome", new_name="outcome_en"
        ),
        migrations.AlterField(
            model_name="ngointeraction",
            name="outcome_en",
            field=models.TextField(blank=True, verbose_name="outcome in English"),
        ),
        migrations.AddField(
            model_name="ngointeraction",
            name="outcome_ru",
            field=models.TextField(blank=True, verbose_name="outcome in Russian"),
        ),
        migrations.AddField(
            model_name="ngointeraction",
            name="outcome_zh",
            field=models.TextField(blank=True, verbose_name="outcome in Chinese"),
        ),
        migrations.RenameField(model_name="event", old_name="place", new_name="place_en"),
        migrations.AlterField(
            model_name="event",
            name="place_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="place in English"),
        ),
        migrations.AddField(
            model_name="event",
            name="place_ru",
            field=models.CharField(blank=True, max_length=200, verbose_name="place in Russian"),
        ),
        migrations.AddField(
            model_name="event",
            name="place_zh",
            field=models.CharField(blank=True, max_length=200, verbose_name="place in Chinese"),
        ),
        migrations.RenameField(model_name="event", old_name="organisers", new_name="organisers_en"),
        migrations.AlterField(
            model_name="event",
            name="organisers_en",
            field=models.CharField(
                blank=True, max_length=500, verbose_name="organisers in English"
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="organisers_ru",
            field=models.CharField(
                blank=True, max_length=500, verbose_name="organisers in Russian"
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="organisers_zh",
            field=models.CharField(
                blank=True, max_length=500, verbose_name="organisers in Chinese"
            ),
        ),
        migrations.RenameField(model_name="event", old_name="outcome", new_name="outcome_en"),
        migrations.AlterField(
            model_name="event",
            name="outcome_en",
            field=models.TextField(blank=True, verbose_name="outcome in English"),
        ),
        migrations.AddField(
            model_name="event",
            name="outcome_ru",
            field=models.TextField(blank=True, verbose_name="outcome in Russian"),
        ),
        migrations.AddField(
            model_name="event",
            name="outcome_zh",
            field=models.TextField(blank=True, verbose_name="outcome in Chinese"),
        ),
        migrations.RenameField(
            model_name="mission", old_name="report_text", new_name="report_text_en"
        ),
        migrations.AlterField(
            model_name="mission",
            name="report_text_en",
            field=models.TextField(blank=True, verbose_name="report in English"),
        ),
        migrations.AddField(
            model_name="mission",
            name="report_text_ru",
            field=models.TextField(blank=True, verbose_name="report in Russian"),
        ),
        migrations.AddField(
            model_name="mission",
            name="report_text_zh",
            field=models.TextField(blank=True, verbose_name="report in Chinese"),
        ),
        migrations.RenameField(
            model_name="engagement", old_name="counterpart", new_name="counterpart_en"
        ),
        migrations.AlterField(
            model_name="engagement",
            name="counterpart_en",
            field=models.CharField(blank=True, max_length=300, verbose_name="with whom in English"),
        ),
        migrations.AddField(
            model_name="engagement",
            name="counterpart_ru",
            field=models.CharField(blank=True, max_length=300, verbose_name="with whom in Russian"),
        ),
        migrations.AddField(
            model_name="engagement",
            name="counterpart_zh",
            field=models.CharField(blank=True, max_length=300, verbose_name="with whom in Chinese"),
        ),
        migrations.RenameField(model_name="engagement", old_name="place", new_name="place_en"),
        migrations.AlterField(
            model_name="engagement",
            name="place_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="place in English"),
        ),
        migrations.AddField(
            model_name="engagement",
            name="place_ru",
            field=models.CharField(blank=True, max_length=200, verbose_name="place in Russian"),
        ),
        migrations.AddField(
            model_name="engagement",
            name="place_zh",
            field=models.CharField(blank=True, max_length=200, verbose_name="place in Chinese"),
        ),
        migrations.RenameField(model_name="engagement", old_name="notes", new_name="notes_en"),
        migrations.AlterField(
            model_name="engagement",
            name="notes_en",
            field=models.TextField(blank=True, verbose_name="notes in English"),
        ),
        migrations.AddField(
            model_name="engagement",
            name="notes_ru",
            field=models.TextField(blank=True, verbose_name="notes in Russian"),
        ),
        migrations.AddField(
            model_name="engagement",
            name="notes_zh",
            field=models.TextField(blank=True, verbose_name="notes in Chinese"),
        ),
        migrations.RunPython(file_by_script, back_to_one),
    ]
