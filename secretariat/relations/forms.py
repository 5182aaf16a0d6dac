"""Forms of the relations pages: they check types; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE, required=required)


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(label=_("Post"), max_length=200, required=False)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=50, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)


class MeetingForm(forms.Form):
    date = _date(_("Date"))
    place = forms.CharField(label=_("Place"), max_length=200)
    participants = forms.CharField(label=_("Participants"), widget=forms.Textarea)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea)


def partner_choices() -> list[tuple[Any, Any]]:
    """Partner organisations ("org:<id>") and partner states ("state:<id>") to choose from."""
    from secretariat.relations.selectors import partner_states

    organisations = [
        (f"org:{o.pk}", o.name) for o in InternationalOrganisation.objects.order_by("name_en")
    ]
    states = [(f"state:{s.pk}", s.name) for s in partner_states()]
    return [
        (_("Partner organisations"), organisations),
        (_("Partner states"), states),
    ]


class AgreementForm(forms.Form):
    partner = forms.ChoiceField(label=_("Partner"))
    kind = forms.ChoiceField(label=_("Kind"), choices=AgreementKind.choices)
    title_en = forms.CharField(label=_("Title, in English"), max_length=500)
    title_ru = forms.CharField(label=_("in Russian"), max_length=500, required=False)
    title_zh = forms.CharField(label=_("in Chinese"), max_length=500, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = partner_choices()  # type: ignore[attr-defined]


class ConsentForm(forms.Form):
    decision = forms.ChoiceField(label=_("Your state's answer"), choices=ConsentDecision.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False)


class _StateChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


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


class SignForm(forms.Form):
    signed_on = _date(_("Signed on"))
    place = forms.CharField(label=_("Place of signature"), max_length=200, required=False)
    in_force = forms.BooleanField(label=_("In force on signature"), required=False)


class InForceForm(forms.Form):
    day = _date(_("In force from"))


class ParticipationForm(forms.Form):
    state = forms.ModelChoiceField(
        label=_("Partner state"), queryset=State.objects.none(), to_field_name="code"
    )
    kind = forms.ChoiceField(label=_("Takes part as"), choices=ParticipationKind.choices)
    level = forms.ChoiceField(label=_("Kind of meeting"), choices=EventLevel.choices)
    event_name = forms.CharField(label=_("Meeting or event"), max_length=300)
    date = _date(_("Date"))
    council_meeting = forms.ModelChoiceField(
        label=_("Council meeting (registry)"),
        queryset=CouncilMeeting.objects.select_related("body").order_by("-date_start"),
        required=False,
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from secretariat.relations.selectors import partner_states

        super().__init__(*args, **kwargs)
        self.fields["state"].queryset = partner_states()  # type: ignore[attr-defined]


class NgoForm(forms.Form):
    organisation_name = forms.CharField(label=_("Organisation"), max_length=300, required=False)
    body = forms.ModelChoiceField(
        label=_("or an SCO non-governmental structure"),
        queryset=Body.objects.filter(kind=BodyKind.NON_GOVERNMENTAL),
        required=False,
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=NgoKind.choices)
    date = _date(_("Date"))
    subject = forms.CharField(label=_("Subject"), max_length=500)
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea, required=False)


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    title_en = forms.CharField(label=_("Title, in English"), max_length=500)
    title_ru = forms.CharField(label=_("in Russian"), max_length=500, required=False)
    title_zh = forms.CharField(label=_("in Chinese"), max_length=500, required=False)
    date_start = _date(_("First day"))
    date_end = _date(_("Last day"))
    place = forms.CharField(label=_("Place"), max_length=200)
    organisers = forms.CharField(label=_("Organisers"), max_length=500)
    participants_count = forms.IntegerField(label=_("Participants"), required=False)
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea, required=False)


class MissionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Vote"), choices=ElectionKind.choices)
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=State.objects.order_by("name_en"), to_field_name="code"
    )
    election_date = _date(_("Day of the vote"))
    date_start = _date(_("Mission from"))
    date_end = _date(_("Mission until"))


class MemberForm(forms.Form):
    user = forms.CharField(
        label=_("User of a member state's delegation (user name)"), max_length=150, required=False
    )
    name = forms.CharField(label=_("or name"), max_length=200, required=False)
    state = forms.ModelChoiceField(
        label=pgettext_lazy("the state a mission member comes from", "From"),
        queryset=State.objects.order_by("name_en"),
        required=False,
    )
    is_head = forms.BooleanField(label=_("Head of the mission"), required=False)


class ReportForm(forms.Form):
    report_date = _date(_("Date of the report"))
    text = forms.CharField(
        label=pgettext_lazy("a mission's report", "Report"), widget=forms.Textarea, required=False
    )
    file = forms.FileField(label=_("or its file"), required=False)


class EngagementForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME)
    counterpart = forms.CharField(label=_("With"), max_length=300)
    place = forms.CharField(label=_("Place"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=EngagementKind.choices)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)
