"""Public pages of the rules: the list, one rule, and a procedure's timetable."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from secretariat.core.access import requires
from secretariat.core.lang import current_lang
from secretariat.core.policy import PUBLIC
from secretariat.core.public_cache import public_page
from secretariat.databank.selectors import passage_of
from secretariat.databank.splitting import language_of
from secretariat.procedure.schedules import compute_schedule
from secretariat.procedure.verdicts import InputError
from secretariat.registry.reference import reference
from secretariat.rules import selectors


@requires(PUBLIC)
@public_page()
def rule_list(request: HttpRequest) -> HttpResponse:
    book = selectors.rules_book()
    lang = current_lang()
    rules = [
        {
            "rule": r,
            "wording": r.wording[lang],
            "regulation": book.regulations[r.regulation].title[lang],
            "citation": r.citation(lang),
        }
        for r in selectors.rules_in_order(book)
    ]
    return render(request, "rules/list.html", {"rules": rules})


@requires(PUBLIC)
@public_page()
def rule_detail(request: HttpRequest, rule_id: str) -> HttpResponse:
    book = selectors.rules_book()
    rule = book.rules.get(rule_id)
    if rule is None:
        raise Http404(_("No rule has this id."))
    lang = current_lang()
    procedures = [p for p in book.procedures.values() if rule.id in p.rule_ids]
    # None until `secretariat databank seeds` has run: the page then leaves the section out.
    passage = passage_of(rule)
    context = {
        "rule": rule,
        "wording": rule.wording[lang],
        # Each wording is named in the reader's language and carries its own `lang`.
        "wordings": [
            (_("Russian"), "ru", rule.wording.ru),
            (_("Chinese"), "zh-Hans", rule.wording.zh),
            (_("English"), "en", rule.wording.en),
        ],
        "regulation": book.regulations[rule.regulation].title[lang],
        "citation": rule.citation(lang),
        "parameters": sorted(rule.parameters.items()),
        "action": rule.step.action[lang] if rule.step else None,
        "actor": book.actors[rule.step.actor].name[lang] if rule.step else None,
        "procedures": [(p.code, p.title[lang]) for p in procedures],
        "passage": passage,
        "source_title_lang": language_of(passage.source.title) if passage else "",
    }
    return render(request, "rules/detail.html", context)


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


#: The dates of the form, in its order.
DATE_FIELDS = ("meeting_start", "meeting_end", "sent", "received")
#: The events of a procedure the form asks for.
EVENT_FIELDS = ("sent", "received")


def _labels() -> dict[str, str]:
    """Each date field's label in the reader's language (errors name fields by them)."""
    return {
        "meeting_start": _("First day of the meeting"),
        "meeting_end": _("Last day of the meeting"),
        "sent": _("Day the appeal or letters were sent"),
        "received": _("Day the appeal or original was received"),
    }


@requires(PUBLIC)
@public_page()
def schedule(request: HttpRequest) -> HttpResponse:
    """A procedure's timetable for the dates in the query string.

    A question that cannot be asked is shown on the form, in the reader's language, naming
    the field by its label (never a command-line flag), with status 400.
    """
    book = selectors.rules_book()
    lang = current_lang()
    params = request.GET
    code = params.get("procedure") or ""
    labels = _labels()
    context: dict[str, object] = {
        "procedures": [(p.code, p.title[lang]) for p in book.procedures.values()],
        "values": {k: params.get(k, "") for k in ("procedure", *DATE_FIELDS)},
        "labels": labels,
    }
    if code and not any(name in params for name in DATE_FIELDS):
        # The link from a rule's page names the procedure only: the form asks for the dates
        # (a submitted form sends every field, empty or not, and is answered below).
        context["hint"] = _(
            "Enter the dates of the meeting or of the events to compute the timetable."
        )
    elif code:
        bad = [name for name in DATE_FIELDS if params.get(name) and _date(params.get(name)) is None]
        if bad:
            context["error"] = _("%(field)s: dates must be given as YYYY-MM-DD.") % {
                "field": labels[bad[0]]
            }
            context["error_field"] = bad[0]
        else:
            procedure = book.procedures.get(code)
            events = {
                name: value
                for name in EVENT_FIELDS
                if (value := _date(params.get(name))) is not None
                and (procedure is None or name in procedure.events)
            }
            try:
                result = compute_schedule(
                    book,
                    reference(),
                    code,
                    meeting_start=_date(params.get("meeting_start")),
                    meeting_end=_date(params.get("meeting_end")),
                    events=events,
                )
            except InputError as exc:
                context["error"] = exc.render(lang, labels)
                context["error_field"] = exc.field
            else:
                context["schedule"] = result.render(lang)
    status = 400 if "error" in context else 200
    return render(request, "rules/schedule.html", context, status=status)
