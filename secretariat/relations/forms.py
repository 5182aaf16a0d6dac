"""Forms of the relations pages: they check types; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from secretariat.core.in_languages import (
    InLanguagesForm,
    NamedChoice,
    by_name,
    in_three_languages,
)
from secretariat.core.widgets import DateInput, DateTimeLocalInput
from secretariat.registry.models import (
    Body,
    BodyKind,
    CouncilMeeting,
    InternationalOrganisation,
    State,
)
from secretariat.relations.models import (
    AgreementKind,
    ConsentDecision,
    ElectionKind,
    EngagementKind,
    EventKind,
    EventLevel,
    NgoKind,
    ParticipationKind,
)

DATE = DateInput()
DATETIME = DateTimeLocalInput()


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE, required=required)


class ContactForm(InLanguagesForm):
    gathered = ("role",)
    name = forms.CharField(label=_("Name"), max_length=200)
    role_ru, role_zh, role_en = in_three_languages(
        ru=_("Post in Russian"), zh=_("Post in Chinese"), en=_("Post in English"), max_length=200
    )
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=50, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)


class MeetingForm(InLanguagesForm):
    one_language_required = gathered = ("place", "summary")
    date = _date(_("Date"))
    place_ru, place_zh, place_en = in_three_languages(
        ru=_("Place in Russian"), zh=_("Place in Chinese"), en=_("Place in English"), max_length=200
    )
    participants = forms.CharField(label=_("Participants"), widget=forms.Textarea)
    summary_ru, summary_zh, summary_en = in_three_languages(
        ru=_("Summary in Russian"),
        zh=_("Summary in Chinese"),
        en=_("Summary in English"),
        textarea=True,
    )


def partner_choices() -> list[tuple[Any, Any]]:
    """Partner organisations ("org:<id>") and partner states ("state:<id>") to choose from."""
    from secretariat.relations.selectors import partner_states

    organisations = [
        (f"org:{o.pk}", o.name) for o in by_name(InternationalOrganisation.objects.all())
    ]
    states = sorted(((f"state:{s.pk}", s.name) for s in partner_states()), key=lambda c: c[1])
    return [
        (_("Partner organisations"), organisations),
        (_("Partner states"), states),
    ]


class AgreementForm(InLanguagesForm):
    one_language_required = ("title",)
    gathered = ("title", "notes")
    partner = forms.ChoiceField(label=_("Partner"))
    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices)
    title_ru, title_zh, title_en = in_three_languages(
        ru=_("Title in Russian"), zh=_("Title in Chinese"), en=_("Title in English"), max_length=500
    )
    notes_ru, notes_zh, notes_en = in_three_languages(
        ru=_("Notes in Russian"), zh=_("Notes in Chinese"), en=_("Notes in English"), textarea=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = partner_choices()  # type: ignore[attr-defined]


class ConsentForm(forms.Form):
    decision = forms.ChoiceField(label=_("Your state's answer"), choices=ConsentDecision.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False)


_StateChoice = NamedChoice


class NoteConsentForm(forms.Form):
    """A member state's answer received by note verbale, registered by the Secretariat; the
    service requires the note's reference and date and checks the date."""

    state = _StateChoice(
        label=_("Member state"), queryset=State.objects.none(), to_field_name="code"
    )
    decision = forms.ChoiceField(label=_("Its answer"), choices=ConsentDecision.choices)
    note_reference = forms.CharField(
        label=_("Reference of the note verbale"), max_length=200, required=False
    )
    note_dated = _date(_("Date of the note verbale"), required=False)
    sent_by = forms.CharField(
        label=_("Sent by (as written in the note)"), max_length=200, required=False
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, states: QuerySet[State] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if states is not None:
            self.fields["state"].queryset = states  # type: ignore[attr-defined]


class SignForm(InLanguagesForm):
    gathered = ("place",)
    signed_on = _date(_("Signed on"))
    place_ru, place_zh, place_en = in_three_languages(
        ru=_("Place of signature in Russian"),
        zh=_("Place of signature in Chinese"),
        en=_("Place of signature in English"),
        max_length=200,
    )
    in_force = forms.BooleanField(label=_("In force on signature"), required=False)


class InForceForm(forms.Form):
    day = _date(_("In force from"))


class CouncilMeetingChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A council meeting named as a reader says it: the council, the city and the day in the
    reader's language (the registry's code and English city are for the data file)."""

    def label_from_instance(self, obj: Any) -> str:
        parts = [obj.body.name, obj.city]
        if obj.date_start is not None:
            parts.append(date_format(obj.date_start, "DATE_FORMAT"))
        return ", ".join(part for part in parts if part)


class ParticipationForm(InLanguagesForm):
    one_language_required = ("event_name",)
    gathered = ("event_name", "notes")
    state = NamedChoice(
        label=_("Partner state"), queryset=State.objects.none(), to_field_name="code"
    )
    kind = forms.ChoiceField(label=_("Takes part as"), choices=ParticipationKind.choices)
    level = forms.ChoiceField(label=_("Kind of meeting"), choices=EventLevel.choices)
    event_name_ru, event_name_zh, event_name_en = in_three_languages(
        ru=_("Meeting or event in Russian"),
        zh=_("Meeting or event in Chinese"),
        en=_("Meeting or event in English"),
        max_length=300,
    )
    date = _date(_("Date"))
    council_meeting = CouncilMeetingChoice(
        label=_("Council meeting (registry)"),
        queryset=CouncilMeeting.objects.select_related("body").order_by("-date_start"),
        required=False,
    )
    notes_ru, notes_zh, notes_en = in_three_languages(
        ru=_("Notes in Russian"), zh=_("Notes in Chinese"), en=_("Notes in English"), textarea=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from secretariat.relations.selectors import partner_states

        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = partner_states()  # type: ignore[attr-defined]


class NgoForm(InLanguagesForm):
    one_language_required = ("subject",)
    gathered = ("organisation_name", "subject", "outcome")
    organisation_name_ru, organisation_name_zh, organisation_name_en = in_three_languages(
        ru=_("Organisation in Russian"),
        zh=_("Organisation in Chinese"),
        en=_("Organisation in English"),
        max_length=300,
    )
    body = NamedChoice(
        label=_("or an SCO non-governmental structure"),
        queryset=Body.objects.filter(kind=BodyKind.NON_GOVERNMENTAL),
        required=False,
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=NgoKind.choices)
    date = _date(_("Date"))
    subject_ru, subject_zh, subject_en = in_three_languages(
        ru=_("Subject in Russian"),
        zh=_("Subject in Chinese"),
        en=_("Subject in English"),
        max_length=500,
    )
    outcome_ru, outcome_zh, outcome_en = in_three_languages(
        ru=_("Outcome in Russian"),
        zh=_("Outcome in Chinese"),
        en=_("Outcome in English"),
        textarea=True,
    )


class EventForm(InLanguagesForm):
    one_language_required = ("title", "place", "organisers")
    gathered = ("title", "place", "organisers", "outcome")
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    title_ru, title_zh, title_en = in_three_languages(
        ru=_("Title in Russian"), zh=_("Title in Chinese"), en=_("Title in English"), max_length=500
    )
    date_start = _date(_("First day"))
    date_end = _date(_("Last day"))
    place_ru, place_zh, place_en = in_three_languages(
        ru=_("Place in Russian"), zh=_("Place in Chinese"), en=_("Place in English"), max_length=200
    )
    organisers_ru, organisers_zh, organisers_en = in_three_languages(
        ru=_("Organisers in Russian"),
        zh=_("Organisers in Chinese"),
        en=_("Organisers in English"),
        max_length=500,
    )
    participants_count = forms.IntegerField(label=_("Participants"), required=False)
    outcome_ru, outcome_zh, outcome_en = in_three_languages(
        ru=_("Outcome in Russian"),
        zh=_("Outcome in Chinese"),
        en=_("Outcome in English"),
        textarea=True,
    )


class MissionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Vote"), choices=ElectionKind.choices)
    country = NamedChoice(label=_("Country"), queryset=State.objects.all(), to_field_name="code")
    election_date = _date(_("Day of the vote"))
    date_start = _date(_("Mission from"))
    date_end = _date(_("Mission until"))


class MemberForm(forms.Form):
    user = forms.CharField(
        label=_("User of a member state's delegation (user name)"), max_length=150, required=False
    )
    name = forms.CharField(label=_("or name"), max_length=200, required=False)
    state = NamedChoice(
        label=pgettext_lazy("the state a mission member comes from", "From"),
        queryset=State.objects.all(),
        required=False,
    )
    is_head = forms.BooleanField(label=_("Head of the mission"), required=False)


class ReportForm(InLanguagesForm):
    gathered = ("text",)
    report_date = _date(_("Date of the report"))
    text_ru, text_zh, text_en = in_three_languages(
        ru=_("Report in Russian"),
        zh=_("Report in Chinese"),
        en=_("Report in English"),
        textarea=True,
    )
    file = forms.FileField(label=_("or its file"), required=False)


class EngagementForm(InLanguagesForm):
    one_language_required = ("counterpart", "place")
    gathered = ("counterpart", "place", "notes")
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    counterpart_ru, counterpart_zh, counterpart_en = in_three_languages(
        ru=_("With whom in Russian"),
        zh=_("With whom in Chinese"),
        en=_("With whom in English"),
        max_length=300,
    )
    place_ru, place_zh, place_en = in_three_languages(
        ru=_("Place in Russian"), zh=_("Place in Chinese"), en=_("Place in English"), max_length=200
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=EngagementKind.choices)
    notes_ru, notes_zh, notes_en = in_three_languages(
        ru=_("Notes in Russian"), zh=_("Notes in Chinese"), en=_("Notes in English"), textarea=True
    )
