"""One member state's answer to a step that needs every member state's consent.

Agreements with partners (relations, SEC-EXTERNAL) and experts' single-term contracts
(budget, SEC-EXPERTS) store one row per member state and answer; ``MemberConsent`` is the
shape they share (the state, when and by whom it answered), and the engine's
``procedure.consent.unanimity`` is the one check that reads them. Each app keeps its answer in
its own spelling (``answer_field``: the relations app's given/withheld, the budget app's
True/False/None); ``answer`` and ``answers_in`` give it in the engine's words.

The kernel imports no app: the state is named by its model label.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from secretariat.procedure.consent import Answer, answer_of


class MemberConsent(models.Model):
    """A member state's answer: given, withheld or not yet; when and by whom."""

    state = models.ForeignKey("registry.State", on_delete=models.PROTECT, related_name="+")
    #: When the state answered (None while it has not).
    decided_at = models.DateTimeField(null=True, blank=True)
    #: The user who answered for the state, when one did (not for an answer by note).
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    #: The field that holds the answer, in the app's own spelling.
    answer_field: ClassVar[str]

    class Meta:
        abstract = True

    @property
    def answer(self) -> Answer:
        """The answer in the engine's words (given, withheld, pending)."""
        return answer_of(getattr(self, self.answer_field))

    @classmethod
    def answers_in(cls, query: models.QuerySet[Any]) -> dict[str, Answer]:
        """State code -> answer of each row of ``query`` (one query)."""
        rows = query.values_list("state__code", cls.answer_field)
        return {code: answer_of(value) for code, value in rows}
