"""The page where the Secretariat fills the languages still empty of a meeting's content: the
city of the venue and the agenda items' titles, each in Russian, Chinese and English side by
side (``services.content_translations_add``). Linked from the minutes while their Russian or
Chinese text is incomplete; after circulation a language already given is shown, not
editable."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secretariat.core.access import requires, user_of
from secretariat.core.actor import me
from secretariat.core.errors import SecretariatError
from secretariat.core.pages import announce
from secretariat.meetings import services
from secretariat.meetings.form_languages import ORDER, InLanguages, in_language
from secretariat.meetings.models import AgendaCirculation, Meeting
from secretariat.meetings.views import meeting_of

VENUE = "venue_city"


def _item(number: int) -> str:
    return f"item{number}"


class TranslationsForm(InLanguages):
    """The venue and every item, one row of three languages each."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        circulated = AgendaCirculation.objects.filter(meeting=meeting).exists()
        groups: dict[str, Any] = {VENUE: gettext_lazy("City")}
        rows: list[tuple[str, Any, int]] = [(VENUE, meeting, 200)]
        for item in meeting.agenda_items.order_by("number"):
            groups[_item(item.number)] = _("Item %(number)s") % {"number": item.number}
            rows.append((_item(item.number), item, 300))
        for prefix, row, length in rows:
            stored = VENUE if prefix == VENUE else "title"
            for lang in ORDER:
                field = in_language(lang, length)
                field.initial = getattr(row, f"{stored}_{lang}")
                # Once circulated, a language given stays as it went out.
                field.disabled = circulated and bool(field.initial)
                self.fields[f"{prefix}_{lang}"] = field
        self.language_groups = groups


@requires("meetings.manage")
def meeting_translations(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = meeting_of(meeting_id, user_of(request))
    error: SecretariatError | None = None
    status = 200
    initial = {"expected_version": meeting.version}
    if request.method == "POST":
        form = TranslationsForm(request.POST, meeting=meeting, initial=initial)
        if form.is_valid():
            numbers = meeting.agenda_items.values_list("number", flat=True)
            try:
                services.content_translations_add(
                    meeting=meeting,
                    by=me(request),
                    venue=form.texts(VENUE),
                    items={n: form.texts(_item(n)) for n in numbers},
                    expected_version=form.cleaned_data["expected_version"],
                )
            except SecretariatError as exc:
                announce(request, exc)
                error, status = exc, exc.status
            else:
                messages.success(request, _("The texts were saved."))
                return redirect("meetings:detail", meeting_id=meeting.pk)
        else:
            status = 400
    else:
        form = TranslationsForm(meeting=meeting, initial=initial)
    context = {
        "meeting": meeting,
        "form": form,
        "error": error.render() if error else None,
    }
    return render(request, "meetings/translations.html", context, status=status)
