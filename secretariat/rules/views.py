"""Public pages of the rules: the list, one rule, and a procedure's timetable."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from secretariat.core.access import requires
from secretariat.core.lang import current_lang
from secretariat.core.policy import PUBLIC
from secretariat.databank.selectors import passage_of
from secretariat.databank.splitting import language_of
from secretariat.procedure.schedules import compute_schedule
from secretariat.procedure.verdicts import InputError
from secretariat.registry.reference import reference
from secretariat.rules import selectors


@requires(PUBLIC)
def rule_list(request: HttpRequest) -> HttpResponse:
    book = selectors.rules_book()
    lang = current_lang()
    rules = [
        {
            "rule": r,
            "wording": r.wording[lang],
            "regulation": book.regulations[r.regulation].title[lang],
        }
        for r in selectors.rules_in_order(book)
    ]
    return render(request, "rules/list.html", {"rules": rules})


@requires(PUBLIC)
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
        "wordings": [
            ("English", rule.wording.en),
            ("Русский", rule.wording.ru),
            ("中文", rule.wording.zh),
        ],
        "regulation": book.regulations[rule.regulation].title[lang],
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


@requires(PUBLIC)
def schedule(request: HttpRequest) -> HttpResponse:
    """A procedure's timetable for the dates in the query string."""
    book = selectors.rules_book()
    lang = current_lang()
    params = request.GET
    code = params.get("procedure") or ""
    context: dict[str, object] = {
        "procedures": [(p.code, p.title[lang]) for p in book.procedures.values()],
        "values": {
            k: params.get(k, "") for k in ("procedure", "meeting_start", "meeting_end", "received")
        },
    }
    if code:
        bad = [
            name
            for name in ("meeting_start", "meeting_end", "received")
            if params.get(name) and _date(params.get(name)) is None
        ]
        if bad:
            context["error"] = _("Dates must be given as YYYY-MM-DD.")
        else:
            received = _date(params.get("received"))
            try:
                result = compute_schedule(
                    book,
                    reference(),
                    code,
                    meeting_start=_date(params.get("meeting_start")),
                    meeting_end=_date(params.get("meeting_end")),
                    events={"received": received} if received else {},
                )
            except InputError as exc:
                context["error"] = exc.render(lang)
            else:
                context["schedule"] = result.render(lang)
    status = 400 if "error" in context else 200
    return render(request, "rules/schedule.html", context, status=status)
