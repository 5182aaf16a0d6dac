"""JSON API of the databank, mounted at /api/databank/: search what the caller may see.

Public: without credentials it searches the public catalogue; with a session or an API
token (``Authorization: Bearer``) it searches what that user's role and delegation may see.
A token that is not valid is refused (401), never quietly read as the public.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Schema

from secretariat.accounts.models import User
from secretariat.core.access import ActionRouter, TokenAuth, user_of
from secretariat.core.errors import InvalidInputError, NotAuthenticatedError
from secretariat.core.schemas import Day, ErrorOut
from secretariat.databank.search import service
from secretariat.databank.search.shapes import Filters

router = ActionRouter(tags=["databank"])


class SearchParams(Schema):
    q: str = Field(
        min_length=1,
        max_length=500,
        pattern=r"\S",  # something to search for: not empty, not only spaces
        description='Words in ru, zh or en, mixed as you like; "…" for a phrase.',
    )
    kind: list[str] = Field(
        default_factory=list,
        description="document, decision, meeting, minutes, organisation, source, news",
    )
    lang: list[Literal["en", "ru", "zh"]] = Field(default_factory=list, description="en, ru, zh")
    body: list[str] = Field(default_factory=list, description="A body's code: cnc, cmfa, bcb...")
    type: list[str] = Field(default_factory=list, description="A document type.")
    area: list[str] = Field(default_factory=list, description="A STRAT-AREAS code.")
    date_from: Day | None = None
    date_to: Day | None = None
    page: int = Field(1, ge=1, le=500)
    page_size: int = Field(service.PAGE_SIZE, ge=1, le=100)


class AlsoOut(Schema):
    lang: str
    snippet: str
    highlights: list[list[int]]


class ResultOut(Schema):
    key: str = Field(
        description="What results are grouped by: a document and its language versions share one."
    )
    kind: str
    title: str
    url: str
    lang: str = Field(description="The language of the passage that matched best.")
    day: Day | None
    score: float
    snippet: str = Field(description="The original text around the matches.")
    highlights: list[list[int]] = Field(description="[start, end) of each match in the snippet.")
    languages: list[str] = Field(description="The language versions the caller may open.")
    also_matched: list[AlsoOut]


class RelatedOut(Schema):
    key: str
    title: str
    url: str
    lang: str
    snippet: str
    similarity: float = Field(description="Cosine similarity of the multilingual embeddings.")


class SearchOut(Schema):
    query: str
    truncated: bool
    count: int = Field(description="Results (groups) the caller may see.")
    page: int
    pages: int
    took_ms: float
    engine_ms: float
    results: list[ResultOut]
    related: list[RelatedOut] = Field(
        description="First page only: texts in other languages near the query by meaning."
    )


_LANGS = {"en", "ru", "zh"}


def _reader(request: HttpRequest) -> User | None:
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _space, token = header.partition(" ")
        user = (
            TokenAuth().authenticate(request, token.strip()) if scheme.lower() == "bearer" else None
        )
        if user is None:
            raise NotAuthenticatedError(_("The API token is not valid."), code="invalid_token")
        return user
    return user_of(request)


@router.read(
    "/search",
    action="public",
    response={200: SearchOut, 400: ErrorOut, 401: ErrorOut},
    summary="Search the databank",
)
def search(request: HttpRequest, params: Query[SearchParams]) -> dict[str, object]:
    user = _reader(request)
    if not params.q.strip():
        raise InvalidInputError(_("Say what to search for."), code="search_empty")
    if set(params.lang) - _LANGS:
        raise InvalidInputError(_("A language is en, ru or zh."), code="search_language")
    if params.date_from and params.date_to and params.date_from > params.date_to:
        raise InvalidInputError(_("The first day comes after the last."), code="search_dates")
    filters = Filters(
        kinds=params.kind,
        langs=params.lang,
        bodies=params.body,
        doc_types=params.type,
        areas=[a.upper() for a in params.area],
        day_from=params.date_from,
        day_to=params.date_to,
    )
    page = service.search(user, params.q, filters, page=params.page, page_size=params.page_size)
    return service.page_json(page)
