"""Pages of the agenda being prepared (items added, edited, moved, removed until the agenda is
circulated) and of the minutes the national parts sign; mounted beside ``views``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secretariat.core import downloads
from secretariat.core.access import requires, user_of
from secretariat.core.actor import me
from secretariat.core.errors import SecretariatError
from secretariat.core.pages import announce
from secretariat.meetings import services
from secretariat.meetings.forms import AgendaItemForm, ItemMoveForm, ItemNumberForm
from secretariat.meetings.models import AgendaItem, Meeting
from secretariat.meetings.views import _act, _detail, meeting_of
from secretariat.procedure.text import LANGS


def _item(meeting: Meeting, number: int) -> AgendaItem:
    found = meeting.agenda_items.filter(number=number).first()
    if found is None:
        raise Http404(_("The agenda has no such item."))
    return found


def _fields(form: AgendaItemForm) -> services.ItemFields:
    data = form.cleaned_data
    return services.ItemFields(
        title=form.title(),
        starts_at=data["starts_at"],
        duration_minutes=data["duration_minutes"],
        speakers=data["speakers"],
        materials=data["materials"],
    )


@requires("meetings.manage")
@require_POST
def meeting_item_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Add an item at the end of the agenda being prepared."""
    meeting = meeting_of(meeting_id, user_of(request))
    user = me(request)
    form = AgendaItemForm(request.POST, meeting=meeting, user=user)

    def call(data: dict[str, Any]) -> str:
        item = services.agenda_item_add(
            meeting=meeting,
            by=user,
            fields=_fields(form),
            expected_version=data["expected_version"],
        )
        return _("Item %(number)s was added to the agenda.") % {"number": item.number}

    return _act(request, meeting, form, "item_form", call)


def _initial(item: AgendaItem, version: int) -> dict[str, Any]:
    """The edit form's values: the item as stored."""
    return {
        "expected_version": version,
        **{f"title_{lang}": getattr(item, f"title_{lang}") for lang in LANGS},
        "starts_at": timezone.localtime(item.starts_at) if item.starts_at else None,
        "duration_minutes": item.duration_minutes,
        "speakers": "\n".join(str(s) for s in item.speakers),
        "materials": list(item.materials.values_list("pk", flat=True)),
    }


@requires("meetings.manage")
def meeting_item_edit(request: HttpRequest, meeting_id: int, number: int) -> HttpResponse:
    """An item of the agenda being prepared: its titles, timetable entry, speakers and
    materials, shown in a form (GET) and replaced (POST) until the agenda is circulated."""
    meeting = meeting_of(meeting_id, user_of(request))
    user = me(request)
    item = _item(meeting, number)
    error: SecretariatError | None = None
    status = 200
    if request.method == "POST":
        form = AgendaItemForm(request.POST, meeting=meeting, user=user)
        if form.is_valid():
            try:
                services.agenda_item_update(
                    meeting=meeting,
                    item=item,
                    by=user,
                    fields=_fields(form),
                    expected_version=form.cleaned_data["expected_version"],
                )
            except SecretariatError as exc:
                announce(request, exc)
                error, status = exc, exc.status
            else:
                messages.success(request, _("Item %(number)s was changed.") % {"number": number})
                return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#agenda")
        else:
            status = 400
    else:
        form = AgendaItemForm(initial=_initial(item, meeting.version), meeting=meeting, user=user)
    context = {
        "meeting": meeting,
        "item": item,
        "form": form,
        "error": error.render() if error else None,
        "error_rules": list(getattr(error, "rules", ()) or ()),
    }
    return render(request, "meetings/agenda_item.html", context, status=status)


@requires("meetings.manage")
@require_POST
def meeting_item_move(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Move an item up or down the agenda being prepared."""
    meeting = meeting_of(meeting_id, user_of(request))
    form = ItemMoveForm(request.POST, meeting=meeting)

    def call(data: dict[str, Any]) -> str:
        item = services.agenda_item_move(
            meeting=meeting,
            item=_item(meeting, data["number"]),
            by=me(request),
            direction=data["direction"],
            expected_version=data["expected_version"],
        )
        return _("The item is now number %(number)s.") % {"number": item.number}

    return _act(request, meeting, form, "move_form", call)


@requires("meetings.manage")
@require_POST
def meeting_item_delete(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Remove an item from the agenda being prepared; the items after it move up."""
    meeting = meeting_of(meeting_id, user_of(request))
    form: forms.Form = ItemNumberForm(request.POST, meeting=meeting)

    def call(data: dict[str, Any]) -> str:
        number = services.agenda_item_delete(
            meeting=meeting,
            item=_item(meeting, data["number"]),
            by=me(request),
            expected_version=data["expected_version"],
        )
        return _("Item %(number)s was removed from the agenda.") % {"number": number}

    return _act(request, meeting, form, "delete_form", call)


@requires("meetings.view")
def meeting_minutes_to_sign_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The minutes as they stood when the meeting concluded: the text every part signs."""
    meeting = meeting_of(meeting_id, user_of(request))
    try:
        text = services.minutes_to_sign(meeting)
    except SecretariatError as exc:
        return _detail(request, meeting, status=exc.status, error=exc)
    response = HttpResponse(bytes(text.pdf), content_type="application/pdf")
    response["Content-Disposition"] = downloads.inline(f"minutes-{meeting.pk}-to-sign.pdf")
    response["X-Content-SHA256"] = text.pdf_sha256
    return response
