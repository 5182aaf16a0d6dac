"""Forms of the meeting pages: they parse what a user typed; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from secretariat.accounts.access import visible_q
from secretariat.accounts.models import Delegation, DelegationKind
from secretariat.core.collation import CollatedChoices
from secretariat.core.lang import current_lang
from secretariat.core.widgets import DateInput, DateTimeLocalInput
from secretariat.meetings.facts import member_kind
from secretariat.meetings.form_languages import InLanguages, in_language
from secretariat.meetings.invitees import invitable_delegations
from secretariat.meetings.models import AgendaItem, AgendaProposal, ConsentAnswer
from secretariat.procedure.conduct import conducts
from secretariat.procedure.rules import rulebook
from secretariat.procedure.text import Text
from secretariat.procedure.workflows import workflows
from secretariat.registry.models import Body, State

#: The content fields of a meeting's forms, each typed in ru, zh and en side by side.
VENUE_AND_SUBJECT = {"venue_city": _("City"), "subject": _("Subject")}
ITEM = {"title": _("Item")}

#: The dated facts a meeting's deadlines count from (events of procedures.yaml), by name.
EVENT_LABELS = {
    "sent": _("The appeal or letters were sent"),
    "received": _("The appeal or letters were received"),
    "informed": _("The national parts were informed"),
    "last_reply": _("The last reply was received"),
}


def event_label(event: str) -> str:
    return str(EVENT_LABELS.get(event, event))


def extraordinary_kinds() -> dict[str, str]:
    """Body code -> the procedure of its extraordinary meetings (bcb -> bcb-extraordinary):
    the procedures the engine's conduct data marks ``extraordinary``."""
    book = rulebook()
    return {
        book.procedures[kind].body: kind
        for kind, conduct in conducts(book).procedures.items()
        if conduct.extraordinary
    }


def initiative_body(delegation_kind: str) -> str | None:
    """The body whose extraordinary meeting a delegation of ``delegation_kind`` would
    initiate (a national part: the Board; a member state: the CMFA), or None."""
    book = rulebook()
    for body, kind in extraordinary_kinds().items():
        if conducts(book).of(kind).member_delegation == delegation_kind:
            return body
    return None


def initiative_initial(delegation: Delegation | None) -> dict[str, Any]:
    """The initiative form's defaults for ``delegation``: itself as the initiator, and the
    body whose extraordinary meetings it may initiate."""
    if delegation is None:
        return {}
    initial: dict[str, Any] = {}
    if body := initiative_body(delegation.kind):
        initial["body"] = body
    return initial


def regular_kinds() -> list[tuple[str, str]]:
    """The procedures a regular meeting can be planned under, titled in the active language."""
    book = rulebook()
    lang = current_lang()
    return [
        (kind, book.procedures[kind].title[lang])
        for kind in workflows(book).workflows
        if not conducts(book).of(kind).extraordinary
    ]


class FastSelect(forms.Select):
    """A select written in Python, escaped by ``format_html``.

    Django's renderer runs a template per option; with the delegations' lists that was most
    of the meeting page's cost (docs/bench-meetings.md). Same markup, same context.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group, options, _index in widget["optgroups"]:
            if group is not None:
                parts.append(format_html('<optgroup label="{}">', group))
            for option in options:
                parts.append(
                    format_html(
                        '<option value="{}"{}>{}</option>',
                        "" if option["value"] is None else option["value"],
                        flatatt(option["attrs"]),
                        option["label"],
                    )
                )
            if group is not None:
                parts.append(mark_safe("</optgroup>"))  # a constant
        parts.append(mark_safe("</select>"))  # a constant
        return mark_safe("".join(parts))  # noqa: S308  # every part escaped by format_html


class _Trilingual(forms.ModelChoiceField):  # type: ignore[type-arg]  # stubs want the model
    widget = FastSelect
    iterator = CollatedChoices

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class _TrilingualMany(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]  # same
    iterator = CollatedChoices

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class _Venue(InLanguages):
    venue_city_ru = in_language("ru", 200)
    venue_city_zh = in_language("zh", 200)
    venue_city_en = in_language("en", 200)
    venue_state = _Trilingual(
        queryset=State.objects.order_by("name_en"), label=_("Host state"), required=False
    )


class _Subject(InLanguages):
    """What the meeting is about, in the languages one has it in (the others are shown as
    "translation pending" until given)."""

    subject_ru = in_language("ru", 500)
    subject_zh = in_language("zh", 500)
    subject_en = in_language("en", 500)

    def subject(self) -> Text:
        return self.texts("subject")


class ExtraordinaryForm(_Subject, _Venue):
    """An extraordinary meeting proposed by the user's own delegation, which joins the
    initiative at once; the other initiators it names join it themselves.

    Only the bodies whose extraordinary meetings the user's kind of delegation initiates are
    offered (a national part: the Board; a member state: the CMFA), and as co-initiators only
    other delegations of that kind."""

    language_groups = VENUE_AND_SUBJECT
    body = forms.ChoiceField(label=_("Body"))
    proposed_start = forms.DateField(label=_("Proposed first day"), widget=DateInput)
    proposed_end = forms.DateField(label=_("Proposed last day"), widget=DateInput, required=False)
    initiators = _TrilingualMany(
        queryset=Delegation.objects.none(),
        label=_("Other initiators (each joins the initiative itself)"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sent_on = forms.DateField(
        label=_("The day your delegation sent its appeal or letter"),
        widget=DateInput,
        required=False,
        help_text=_("Today, if left empty. A day still to come cannot be given."),
    )

    def __init__(self, *args: Any, delegation: Delegation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = delegation.kind if delegation is not None else None
        mine = {initiative_body(kind)} if kind else set()
        bodies = Body.objects.filter(code__in=set(extraordinary_kinds()) & mine).order_by("code")
        self.fields["body"].choices = [(b.code, b.name) for b in bodies]  # type: ignore[attr-defined]  # a ChoiceField
        others = Delegation.objects.filter(kind=kind).order_by("code") if kind else None
        if others is not None and delegation is not None:
            others = others.exclude(pk=delegation.pk)
        self.fields["initiators"].queryset = (  # type: ignore[attr-defined]  # a ModelMultipleChoiceField
            others if others is not None else Delegation.objects.none()
        )


class PlanForm(_Subject, _Venue):
    language_groups = VENUE_AND_SUBJECT
    kind = forms.ChoiceField(label=_("Procedure"))
    body = _Trilingual(queryset=Body.objects.order_by("code"), label=_("Body"))
    start = forms.DateField(label=_("First day"), widget=DateInput)
    end = forms.DateField(label=_("Last day"), widget=DateInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = regular_kinds()  # type: ignore[attr-defined]  # a ChoiceField


class _OnVersion(forms.Form):
    #: The version the user saw: acting on an older one is refused as stale_meeting.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, meeting: Any = None, **kwargs: Any) -> None:
        """``meeting``: the meeting the form acts on, for forms whose choices depend on it."""
        super().__init__(*args, **kwargs)
        self.meeting = meeting


class TransitionForm(_OnVersion):
    event = forms.CharField(max_length=40)
    #: Asked where the step ends or stops the meeting (refuse, cancel, decline).
    reason = forms.CharField(
        label=_("Reason (kept in the history and sent to those concerned)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("I confirm this step; it cannot be undone."), required=False
    )
    #: Asked where the step needs the day of a fact not yet recorded (the appeal received).
    on = forms.DateField(label=_("On"), widget=DateInput, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") and not data.get("confirm"):
            self.add_error("confirm", _("Tick the box to confirm the step."))
        return data


class JoinForm(_OnVersion):
    sent_on = forms.DateField(
        label=_("The day your delegation sent its appeal or letter"),
        widget=DateInput,
        required=False,
        help_text=_("Today, if left empty. A day still to come cannot be given."),
    )


class WithdrawForm(_OnVersion):
    reason = forms.CharField(
        label=_("Reason (the other initiators are told it)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(label=_("I confirm that my delegation withdraws."))


class EventForm(_OnVersion):
    event = forms.ChoiceField(label=_("What happened"))
    date = forms.DateField(label=_("On"), widget=DateInput)

    def __init__(self, *args: Any, events: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [(e, event_label(e)) for e in events]  # type: ignore[attr-defined]  # a ChoiceField


class RescheduleForm(_OnVersion):
    start = forms.DateField(label=_("New first day"), widget=DateInput)
    end = forms.DateField(label=_("New last day"), widget=DateInput, required=False)


class ConsentForm(_OnVersion):
    answer = forms.ChoiceField(
        choices=[
            (ConsentAnswer.YES.value, _("Yes, we consent")),
            (ConsentAnswer.NO.value, _("No, we do not consent")),
        ],
        widget=forms.RadioSelect,
        label=_("Does your member state consent to this meeting?"),
    )


# --- the agenda, the room and the minutes ------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ProposalForm(_OnVersion, InLanguages):
    language_groups = {"title": _("Item proposed")}
    required_groups = ("title",)
    title_ru = in_language("ru", 300)
    title_zh = in_language("zh", 300)
    title_en = in_language("en", 300)
    text = forms.CharField(label=_("Explanation"), widget=forms.Textarea, required=False)
    materials = forms.CharField(
        label=_("Materials (one per line)"), widget=forms.Textarea, required=False
    )

    def clean_materials(self) -> list[str]:
        return _lines(str(self.cleaned_data.get("materials") or ""))


class ProposalReceivedForm(ProposalForm):
    """A proposal received by letter: from a member of the meeting's body only (a national
    part for the Board, a member state otherwise)."""

    delegation = _Trilingual(
        queryset=Delegation.objects.filter(
            kind__in=[DelegationKind.MEMBER_STATE, DelegationKind.NATIONAL_PART]
        ).order_by("kind", "code"),
        label=_("Proposed by"),
    )
    received_on = forms.DateField(label=_("Received on"), widget=DateInput)

    def __init__(self, *args: Any, meeting: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, meeting=meeting, **kwargs)
        if meeting is not None:
            members = Delegation.objects.filter(
                kind=conducts(rulebook()).of(meeting.kind).member_delegation
            )
            self.fields["delegation"].queryset = members.order_by("code")  # type: ignore[attr-defined]  # a ModelChoiceField


class VersionForm(_OnVersion):
    pass


def asks_cnc_consent(meeting: Any) -> bool:
    """Whether the circulation of ``meeting``'s agenda cites a consent rule
    (SEC-CIRCULATE-CNC): the engine's workflow says, per procedure (never for the Board)."""
    workflow = workflows(rulebook()).get(meeting.kind)
    return any(t.event == "circulate_agenda" and t.consent_rules for t in workflow.transitions)


class CirculateForm(_OnVersion):
    cnc_consent = forms.BooleanField(
        label=_("The Council of National Coordinators consented to the circulation"),
        required=False,
    )

    def __init__(self, *args: Any, meeting: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, meeting=meeting, **kwargs)
        if meeting is not None and not asks_cnc_consent(meeting):
            # No rule asks the CNC's consent for this procedure: no question.
            del self.fields["cnc_consent"]


class AgendaItemForm(_OnVersion, InLanguages):
    """An item of the agenda being prepared: titles, timetable entry, speakers, materials."""

    language_groups = ITEM
    required_groups = ("title",)
    title_ru = in_language("ru", 300)
    title_zh = in_language("zh", 300)
    title_en = in_language("en", 300)
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        required=False,
        widget=DateTimeLocalInput(),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=720, required=False
    )
    speakers = forms.CharField(
        label=_("Speakers (one per line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2600,
    )
    materials = forms.TypedMultipleChoiceField(
        label=_("Materials: documents attached"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, meeting: Any = None, user: Any = None, **kwargs: Any) -> None:
        """``user``: the documents offered as materials are those of the meeting's body they
        may see (the service checks again)."""
        super().__init__(*args, meeting=meeting, **kwargs)
        choices: list[tuple[int, str]] = []
        if meeting is not None and user is not None:
            document = AgendaItem.material_model()
            visible = document.objects.filter(visible_q(user)).values("pk")
            offered = document.objects.filter(pk__in=visible, body=meeting.body_id)
            choices = [(d.pk, str(d.title)) for d in offered.order_by("-pk")[:200]]
        self.fields["materials"].choices = choices  # type: ignore[attr-defined]  # a ChoiceField

    def clean_speakers(self) -> list[str]:
        return _lines(str(self.cleaned_data.get("speakers") or ""))

    def title(self) -> Text:
        return self.texts("title")


class ItemNumberForm(_OnVersion):
    number = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ItemMoveForm(ItemNumberForm):
    direction = forms.ChoiceField(choices=[("up", _("Move up")), ("down", _("Move down"))])


class SignForm(_OnVersion):
    #: SHA-256 of the minutes the signatory reviewed: the text every part signs.
    pdf_sha256 = forms.CharField(widget=forms.HiddenInput, min_length=64, max_length=64)


class _Proposal(forms.ModelChoiceField):  # type: ignore[type-arg]  # stubs want the model
    widget = FastSelect

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.owner_delegation.name}: {obj.title}"


class ChairItemForm(_OnVersion, InLanguages):
    language_groups = ITEM
    proposal = _Proposal(
        queryset=AgendaProposal.objects.none(),
        label=_("A member's proposal for an additional item"),
        required=False,
    )
    title_ru = in_language("ru", 300)
    title_zh = in_language("zh", 300)
    title_en = in_language("en", 300)
    proposed_by = _Trilingual(
        queryset=Delegation.objects.filter(kind=DelegationKind.NATIONAL_PART).order_by("code"),
        label=_("Proposed by"),
        required=False,
    )

    def __init__(self, *args: Any, meeting: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, meeting=meeting, **kwargs)
        if meeting is not None:
            # The additional items members proposed that are not on the agenda yet.
            self.fields["proposal"].queryset = meeting.proposals.filter(  # type: ignore[attr-defined]  # a ModelChoiceField
                additional=True, items__isnull=True
            ).select_related("owner_delegation")


def _parts() -> Any:
    return Delegation.objects.filter(kind=DelegationKind.NATIONAL_PART).order_by("code")


class AttendanceForm(_OnVersion):
    delegation = _Trilingual(queryset=_parts(), label=_("National part"))
    members_present = forms.IntegerField(label=_("Board members present"), min_value=0)
    chair_present = forms.BooleanField(label=_("Its head is present"), required=False)


#: How each position of BCB-CONSENSUS reads, in the active language (forms, page, minutes).
POSITION_LABELS = {
    "support": _("supports"),
    "object": _("objects"),
    "abstain": _("abstains"),
    "absent": _("absent"),
}
#: What a part can state: absence is recorded by attendance, not stated.
POSITION_CHOICES = [(code, POSITION_LABELS[code]) for code in ("support", "object", "abstain")]


class PositionForm(_OnVersion):
    number = forms.IntegerField(label=_("Item"), min_value=1)
    delegation = _Trilingual(queryset=_parts(), label=_("National part"))
    position = forms.ChoiceField(label=_("Position"), choices=POSITION_CHOICES)

    def __init__(self, *args: Any, meeting: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, meeting=meeting, **kwargs)
        if meeting is not None and member_kind(meeting) == DelegationKind.MEMBER_STATE:
            # The SCO's own bodies decide by the consensus of the member states.
            field = self.fields["delegation"]
            field.queryset = Delegation.objects.filter(  # type: ignore[attr-defined]  # a ModelChoiceField
                kind=DelegationKind.MEMBER_STATE
            ).order_by("code")
            field.label = _("Member state")


class OwnPositionForm(_OnVersion):
    number = forms.IntegerField(label=_("Item"), min_value=1)
    position = forms.ChoiceField(label=_("Position"), choices=POSITION_CHOICES)


class DecideForm(_OnVersion):
    number = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DistributeForm(_OnVersion):
    sent_on = forms.DateField(label=_("Handed over or sent on"), widget=DateInput)
    method = forms.ChoiceField(
        label=_("How"),
        choices=[
            ("sent", _("Sent by the Secretariat")),
            ("handed", _("Handed over at the meeting")),
        ],
    )


class InvitationForm(_OnVersion):
    def __init__(self, *args: Any, meeting: Any = None, **kwargs: Any) -> None:
        """The choices of ``delegation``: those the rules let be invited to ``meeting``."""
        super().__init__(*args, meeting=meeting, **kwargs)
        if meeting is not None:
            self.fields["delegation"].queryset = invitable_delegations(meeting)  # type: ignore[attr-defined]  # a ModelChoiceField

    name = forms.CharField(label=_("Name"), max_length=200)
    capacity = forms.CharField(
        label=_("Position and organisation (required for a guest)"), max_length=300, required=False
    )
    # Invited persons are not members: they represent the Secretariat, RATS, the Business
    # Council Secretariat or a partner state, or come as guests in a personal capacity.
    delegation = _Trilingual(
        queryset=Delegation.objects.none(),
        empty_label=_("No delegation: a guest in a personal capacity"),
        label=_("Representing"),
        required=False,
    )


class ReplyForm(_OnVersion):
    """A national part's reply to an extraordinary Board meeting (BCB-EXTRA-REPLY-10D)."""

    answer = forms.ChoiceField(
        label=_("Your national part"),
        choices=[
            ("agree", _("agrees")),
            ("object", _("objects")),
            ("comments", _("makes comments only")),
        ],
        widget=forms.RadioSelect,
    )
    # The bound (procedure.replies.TEXT_MAX) is checked by the service, which names it.
    text = forms.CharField(label=_("Text of the reply"), widget=forms.Textarea(attrs={"rows": 6}))
    language = forms.ChoiceField(
        label=_("Language of the text"),
        choices=[("ru", _("Russian")), ("zh", _("Chinese")), ("en", _("English"))],
    )
