"""The message catalogue of procedural events: whole sentences, translated through gettext.

One entry per event that concerns someone (a meeting's appeal registered, the agenda
circulated, minutes awaiting a signature, a certified copy handed over...). Who receives each
event is data beside the workflow (procedure/regulations/notifications.yaml, the table "Who is
told what" in docs/meetings.md); the text is here. Placeholders as in messages.py: ``link`` is
always supplied; the others come from the notification's params, a value may be
{"en", "ru", "zh"} (names of meetings, states and delegations; days formatted per language).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from secretariat.notifications.kinds import Message

EVENT_MESSAGES: dict[str, Message] = {
    # receive_appeal: told to the initiators (joined and named).
    "appeal_registered": Message(
        kind="registered",
        subject=_("Appeal registered: %(meeting)s"),
        body=_(
            "The joint appeal for %(meeting)s was registered on %(day)s (%(rule)s).\n\n"
            "Details: %(link)s"
        ),
    ),
    # receive_letters: told to the initiators (joined and named).
    "letters_registered": Message(
        kind="registered",
        subject=_("Letters registered: %(meeting)s"),
        body=_(
            "The initiating ministers' letters for %(meeting)s were registered on %(day)s "
            "(%(rule)s).\n\nDetails: %(link)s"
        ),
    ),
    # refuse: the initiators (the initiative was known to no one else).
    "initiative_refused": Message(
        kind="refused",
        subject=_("Initiative refused: %(meeting)s"),
        body=_(
            "The initiative for %(meeting)s was refused on %(day)s. The reason given: "
            "«%(reason)s» (%(rule)s).\n\nDetails: %(link)s"
        ),
    ),
    # cancel: the initiators and every member.
    "meeting_cancelled": Message(
        kind="refused",
        subject=_("Meeting cancelled: %(meeting)s"),
        body=_(
            "%(meeting)s was cancelled on %(day)s. The reason given: «%(reason)s» "
            "(%(rule)s).\n\nDetails: %(link)s"
        ),
    ),
    # decline (the CMFA): the initiators and every member.
    "meeting_declined": Message(
        kind="refused",
        subject=_("Closed for want of consent: %(meeting)s"),
        body=_(
            "The proposal to convene %(meeting)s was closed on %(day)s for want of the consent "
            "of every member state. The reason given: «%(reason)s» (%(rule)s).\n\n"
            "Details: %(link)s"
        ),
    ),
    # inform (the Board): every national part, which must reply by the due day.
    "opinion_asked": Message(
        kind="consent",
        subject=_("Your opinion is asked: %(meeting)s"),
        body=_(
            "On %(day)s the national parts were informed of %(meeting)s and asked for their "
            "opinion. Your national part must reply by %(reply_due)s (%(rule)s).\n\n"
            "Details: %(link)s"
        ),
    ),
    # notify_secretariat (the CMFA): the member states whose consent is needed.
    "consent_asked": Message(
        kind="consent",
        subject=_("Your consent is asked: %(meeting)s"),
        body=_(
            "On %(day)s the SCO Secretariat was notified of the proposal to convene "
            "%(meeting)s. The meeting is convened only with the consent of your state "
            "(%(rule)s).\n\nDetails: %(link)s"
        ),
    ),
    "meeting_convened": Message(
        kind="registered",
        subject=_("Meeting convened: %(meeting)s"),
        body=_("%(meeting)s was convened on %(day)s (%(rule)s).\n\nDetails: %(link)s"),
    ),
    "agenda_circulated": Message(
        kind="agenda",
        subject=_("Agenda circulated: %(meeting)s"),
        body=_(
            "The agenda of %(meeting)s was circulated on %(day)s (%(rule)s).\n\nDetails: %(link)s"
        ),
    ),
    # conclude, where the minutes are signed: each signatory delegation.
    "minutes_to_sign": Message(
        kind="signature",
        subject=_("Minutes await your signature: %(meeting)s"),
        body=_(
            "The minutes of %(meeting)s were drawn up on %(day)s and await the signature of "
            "your delegation (%(rule)s).\n\nDetails: %(link)s"
        ),
    ),
    # A named delegation joined the initiative: the other initiators.
    "initiative_joined": Message(
        kind="initiative",
        subject=_("%(delegation)s joined the initiative: %(meeting)s"),
        body=_(
            "%(delegation)s joined the initiative for %(meeting)s; it sent its appeal or "
            "letter on %(day)s (%(rule)s).\n\nDetails: %(link)s"
        ),
    ),
    # A member's consent recorded: the serving Secretariat.
    "consent_recorded": Message(
        kind="consent",
        subject=_("Answer of %(delegation)s recorded: %(meeting)s"),
        body=_(
            "The answer of %(delegation)s on %(meeting)s was recorded: %(answer)s "
            "(%(rule)s).\n\nDetails: %(link)s"
        ),
    ),
    # A national part's reply recorded: the serving Secretariat.
    "reply_recorded": Message(
        kind="consent",
        subject=_("Reply of %(delegation)s recorded: %(meeting)s"),
        body=_(
            "The reply of %(delegation)s on %(meeting)s, sent on %(day)s, was recorded "
            "(%(rule)s).\n\nDetails: %(link)s"
        ),
    ),
    # A signature of the minutes recorded: the serving Secretariat.
    "signature_recorded": Message(
        kind="signature",
        subject=_("%(delegation)s signed the minutes: %(meeting)s"),
        body=_(
            "%(delegation)s signed the minutes of %(meeting)s on %(day)s (%(rule)s).\n\n"
            "Details: %(link)s"
        ),
    ),
    # A delegation's copy of the minutes sent: that delegation.
    "minutes_distributed": Message(
        kind="minutes",
        subject=_("Minutes distributed: %(meeting)s"),
        body=_(
            "The minutes of %(meeting)s were sent to your delegation on %(day)s (%(rule)s).\n\n"
            "Details: %(link)s"
        ),
    ),
    # documents.document_circulate: the member states' delegations.
    "documents_circulated": Message(
        kind="documents",
        subject=_("Document circulated: %(document)s"),
        body=_(
            "The draft %(document)s was circulated to the member states on %(day)s "
            "(%(rule)s).\n\nDetails: %(link)s"
        ),
    ),
    # documents.comment_resolve: the delegation that commented.
    "comment_resolved": Message(
        kind="comment",
        subject=_("Your comment was answered: %(document)s"),
        body=_(
            "The Secretariat answered your delegation's comment on %(document)s: "
            "%(resolution)s. %(note)s\n\nDetails: %(link)s"
        ),
    ),
    # depositary.copy_dispatch: the addressee delegation.
    "copy_dispatched": Message(
        kind="copy",
        subject=_("A certified copy was handed to you: %(document)s"),
        body=_(
            "Certified copy %(copy)s of %(document)s was handed or sent to your delegation on "
            "%(day)s (%(rule)s).\n\nDetails: %(link)s"
        ),
    ),
    # decisions.task_add: those responsible for the task.
    "task_assigned": Message(
        kind="task",
        subject=_("Task assigned: %(task)s"),
        body=_(
            "Under decision %(decision)s, a task is assigned to you: %(task)s. It is due on "
            "%(task_due)s (%(rule)s).\n\nDetails: %(link)s"
        ),
    ),
    # The reminders of an open task's deadline (the reminders' ``due`` is its due day).
    "task_due": Message(
        kind="deadline",
        subject=_("Due on %(due)s: %(task)s"),
        body=_(
            "The task %(task)s under decision %(decision)s is due on %(due)s (%(rule)s).\n\n"
            "Details: %(link)s"
        ),
    ),
}
